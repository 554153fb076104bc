"""The app's eddsa-rdfc-2022 proofs reproduce the W3C test vector byte for byte."""

import json
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from credentials import contexts, proof
from credentials.multibase import decode_multibase, decode_multikey

VECTORS = Path(__file__).resolve().parent / "vectors"
EXAMPLES = "https://www.w3.org/ns/credentials/examples/v2"


def load(name):
    return json.loads((VECTORS / name).read_text())


def with_examples_context(monkeypatch):
    bundled_loader = contexts.document_loader

    def loader(url, options=None):
        if url == EXAMPLES:
            return {
                "contextUrl": None,
                "documentUrl": url,
                "document": load("credentials-examples-v2.jsonld"),
            }
        return bundled_loader(url, options)

    monkeypatch.setattr(contexts, "document_loader", loader)


def test_signing_the_w3c_vector_gives_its_proof_value(monkeypatch):
    with_examples_context(monkeypatch)
    pair = load("keyPair.json")
    secret = decode_multibase(pair["privateKeyMultibase"])
    assert secret[:2] == b"\x80\x26"  # multicodec ed25519-priv
    expected = load("signedDataInt.json")["proof"]
    signed = proof.sign(
        load("unsigned.json"),
        Ed25519PrivateKey.from_private_bytes(secret[2:]),
        verification_method=expected["verificationMethod"],
        created=expected["created"],
    )
    assert signed["proof"][0] == expected


def test_the_w3c_signed_vector_verifies(monkeypatch):
    with_examples_context(monkeypatch)
    public = Ed25519PublicKey.from_public_bytes(decode_multikey(load("keyPair.json")["publicKeyMultibase"]))
    signed = load("signedDataInt.json")
    assert proof.signature_matches(signed, public)
    signed["credentialSubject"]["alumniOf"] = "The School of Counterexamples"
    assert not proof.signature_matches(signed, public)
