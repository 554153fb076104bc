"""Multibase base58-btc (the "z" prefix) and Ed25519 Multikey encodings.

Base58 is a few lines of arithmetic (the Bitcoin alphabet); a dependency for it would be
larger than the code.
"""

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
INDEX = {char: value for value, char in enumerate(ALPHABET)}
ED25519_PUB_PREFIX = b"\xed\x01"  # multicodec ed25519-pub, varint-encoded


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = []
    while number:
        number, remainder = divmod(number, 58)
        out.append(ALPHABET[remainder])
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + "".join(reversed(out))


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        if char not in INDEX:
            raise ValueError(f"{char!r} is not a base58 character.")
        number = number * 58 + INDEX[char]
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * zeros + body


def encode_multibase(data: bytes) -> str:
    return "z" + b58encode(data)


def decode_multibase(text: str) -> bytes:
    if not isinstance(text, str) or not text.startswith("z"):
        raise ValueError("Only multibase base58-btc values (starting with z) are supported.")
    return b58decode(text[1:])


def encode_multikey(raw_public_key: bytes) -> str:
    return encode_multibase(ED25519_PUB_PREFIX + raw_public_key)


def decode_multikey(text: str) -> bytes:
    data = decode_multibase(text)
    if not data.startswith(ED25519_PUB_PREFIX) or len(data) != 34:
        raise ValueError("Not an Ed25519 Multikey.")
    return data[2:]
