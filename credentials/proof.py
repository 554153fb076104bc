"""Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite (W3C VC-DI-EDDSA, section 3.3).

Creating a proof: canonicalize the proof options (with the document's @context) and the
document without its proof, hash each with SHA-256, sign proof-hash || document-hash with
Ed25519, and write the signature as multibase base58-btc in `proofValue`. Verifying repeats
the hashing and checks the signature against the public key.
"""

import copy
import hashlib

from cryptography.exceptions import InvalidSignature
from django.utils.translation import gettext as _

from .contexts import canonize
from .multibase import decode_multibase, encode_multibase

CRYPTOSUITE = "eddsa-rdfc-2022"


class ProofError(Exception):
    """The proof is missing or malformed; the message says what is wrong."""


def _hash_data(unsecured, proof_options):
    options = dict(proof_options)
    options["@context"] = unsecured["@context"]
    proof_hash = hashlib.sha256(canonize(options).encode()).digest()
    document_hash = hashlib.sha256(canonize(unsecured).encode()).digest()
    return proof_hash + document_hash


def sign(document, private_key, *, verification_method, created):
    """The document with an `eddsa-rdfc-2022` proof added (the input is not changed)."""
    unsecured = copy.deepcopy(document)
    unsecured.pop("proof", None)
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = private_key.sign(_hash_data(unsecured, options))
    secured = copy.deepcopy(unsecured)
    # A list of one: the Open Badges 3.0 schema types `proof` as an array.
    secured["proof"] = [{**options, "proofValue": encode_multibase(signature)}]
    return secured


def proof_of(document):
    """The document's single DataIntegrityProof, checked for shape."""
    proof = document.get("proof") if isinstance(document, dict) else None
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if not isinstance(proof, dict):
        raise ProofError(_("The credential has no proof (no signature)."))
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError(_("The credential's proof is not an eddsa-rdfc-2022 Data Integrity proof."))
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofError(_("The credential's proof is not made for assertion."))
    for name in ("verificationMethod", "created", "proofValue"):
        if not isinstance(proof.get(name), str):
            raise ProofError(_("The credential's proof has no %(name)s.") % {"name": name})
    return proof


def signature_matches(document, public_key):
    """True if the document's proof was made by `public_key` over exactly this content."""
    proof = proof_of(document)
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    options = {name: value for name, value in proof.items() if name != "proofValue"}
    try:
        signature = decode_multibase(proof["proofValue"])
        public_key.verify(signature, _hash_data(unsecured, options))
    except (InvalidSignature, ValueError):
        return False
    return True
