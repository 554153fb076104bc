"""The JSON-LD contexts and the JSON schema the credentials need, bundled in `data/`.

Canonicalization (RDFC-1.0) reads contexts through `document_loader`, which answers only from
these files: nothing is ever fetched at run time, and a credential that names any other
context is refused.
"""

import json
from functools import cache
from pathlib import Path

from pyld import jsonld

DATA = Path(__file__).resolve().parent / "data"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
# URL -> (file in data/, name under /credentials/contexts/)
BUNDLED = {
    VC_V2: ("credentials-v2.jsonld", "credentials-v2.jsonld"),
    OB_V3: ("ob-context-3.0.3.json", "ob-context-3.0.3.json"),
}
SCHEMA_FILE = "ob_v3p0_achievementcredential_schema.json"


class ContextNotBundled(Exception):
    """A credential names a JSON-LD context this system does not carry."""


@cache
def bundled(url):
    file_name, _served_as = BUNDLED[url]
    return json.loads((DATA / file_name).read_text(encoding="utf-8"))


def served_file(name):
    """The bytes of a bundled context by its served name, or None."""
    for file_name, served_as in BUNDLED.values():
        if served_as == name:
            return (DATA / file_name).read_bytes()
    return None


@cache
def achievement_credential_schema():
    return json.loads((DATA / SCHEMA_FILE).read_text(encoding="utf-8"))


def document_loader(url, options=None):
    if url not in BUNDLED:
        raise ContextNotBundled(f"The JSON-LD context {url} is not one this system carries.")
    return {"contextUrl": None, "documentUrl": url, "document": bundled(url)}


def canonize(document):
    """The RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD document, from bundled contexts."""
    return jsonld.normalize(
        document,
        {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": document_loader},
    )
