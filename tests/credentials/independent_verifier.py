"""An independent verifier of eddsa-rdfc-2022 credentials, written from the specifications.

It imports nothing from the app: `cryptography` for Ed25519, `pyld` for RDFC-1.0 with the
JSON-LD context files bundled in credentials/data/ (read as data), and an HTTP getter the test
passes in (the Django test client) to dereference the did:web document and the status list.
"""

import base64
import copy
import datetime
import gzip
import hashlib
import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pyld import jsonld

DATA = Path(__file__).resolve().parents[2] / "credentials" / "data"
CONTEXTS = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-context-3.0.3.json",
}
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class Invalid(Exception):
    pass


def loader(url, options=None):
    if url not in CONTEXTS:
        raise Invalid(f"context {url} not available offline")
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads((DATA / CONTEXTS[url]).read_text()),
    }


def b58decode(text):
    number = 0
    for char in text:
        number = number * 58 + B58.index(char)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def canonical(document):
    return jsonld.normalize(
        document, {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader}
    )


def did_web_url(did):
    """did:web:host%3Aport:a:b -> http(s)://host:port/a/b/did.json (http for a local test host)."""
    parts = did.split(":")[2:]
    host = unquote(parts[0])
    path = "/".join(parts[1:])
    return f"/{path}/did.json" if path else "/.well-known/did.json", host


def check_proof(document, get):
    proof = document["proof"]
    if isinstance(proof, list):
        (proof,) = proof
    if proof["type"] != "DataIntegrityProof" or proof["cryptosuite"] != "eddsa-rdfc-2022":
        raise Invalid("unsupported proof")
    did = proof["verificationMethod"].split("#")[0]
    issuer = document["issuer"]["id"] if isinstance(document["issuer"], dict) else document["issuer"]
    if did != issuer:
        raise Invalid("key is not the issuer's")
    path, _host = did_web_url(did)
    did_document = json.loads(get(path))
    if proof["verificationMethod"] not in did_document["assertionMethod"]:
        raise Invalid("key not authorised for assertions")
    method = next(m for m in did_document["verificationMethod"] if m["id"] == proof["verificationMethod"])
    multikey = b58decode(method["publicKeyMultibase"][1:])
    assert multikey[:2] == b"\xed\x01"
    public_key = Ed25519PublicKey.from_public_bytes(multikey[2:])
    unsecured = copy.deepcopy(document)
    del unsecured["proof"]
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    options["@context"] = document["@context"]
    data = (
        hashlib.sha256(canonical(options).encode()).digest()
        + hashlib.sha256(canonical(unsecured).encode()).digest()
    )
    try:
        public_key.verify(b58decode(proof["proofValue"][1:]), data)
    except InvalidSignature:
        raise Invalid("signature does not match") from None


def moment(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def verify(document, get, now=None):
    """'valid', or raise Invalid with the reason."""
    now = now or datetime.datetime.now(datetime.UTC)
    check_proof(document, get)
    if now < moment(document["validFrom"]):
        raise Invalid("not yet valid")
    if "validUntil" in document and now >= moment(document["validUntil"]):
        raise Invalid("expired")
    entry = document["credentialStatus"]
    status_list = json.loads(get(urlsplit(entry["statusListCredential"]).path))
    check_proof(status_list, get)
    encoded = status_list["credentialSubject"]["encodedList"]
    assert encoded[0] == "u"
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    index = int(entry["statusListIndex"])
    if bits[index // 8] & (0x80 >> (index % 8)):
        raise Invalid("revoked")
    return "valid"
