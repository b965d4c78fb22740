"""The hashes and the token decoding NAV's interface asks for (specification 1.3.2, 1.5, 1.8.10).

passwordHash: SHA-512 of the password, upper-case hex. requestSignature: SHA3-512, upper-case hex,
of requestId + the timestamp as YYYYMMDDhhmmss + the signature key; for manageInvoice and
manageAnnulment the upper-case SHA3-512 of every operation (its operation word + its base64
data) is appended, in index order, before hashing. The exchange token comes AES-128-ECB
encrypted with the technical user's exchange key (PKCS#7 padded).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from app.nav.errors import NavCredentialError


def password_hash(password: str) -> str:
    return hashlib.sha512(password.encode("utf-8")).hexdigest().upper()


def sha3_512(text: str) -> str:
    return hashlib.sha3_512(text.encode("utf-8")).hexdigest().upper()


def signature_time(timestamp: datetime) -> str:
    """The timestamp as the signature takes it: UTC, YYYYMMDDhhmmss (separators and zone removed)."""
    return timestamp.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def request_signature(
    request_id: str,
    timestamp: datetime,
    signature_key: str,
    operations: Sequence[tuple[str, str]] = (),
) -> str:
    """``operations``: (operation word, base64 content) in index order – only for the two manage calls."""
    partial = f"{request_id}{signature_time(timestamp)}{signature_key}"
    return sha3_512(partial + "".join(sha3_512(op + data) for op, data in operations))


def decode_exchange_token(encoded: str, exchange_key: str) -> str:
    """The usable token from the base64 ``encodedExchangeToken``; wrong keys give a clear error."""
    key = exchange_key.encode("utf-8")
    if len(key) != 16:
        raise NavCredentialError(
            "A cserekulcs hibás: a NAV-tól kapott cserekulcs 16 karakter hosszú "
            f"(a megadott {len(key)} karakteres).",
            "exchange key length",
        )
    try:
        data = base64.b64decode(encoded, validate=True)
        decryptor = Cipher(algorithms.AES(key), modes.ECB()).decryptor()
        padded = decryptor.update(data) + decryptor.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        plain = unpadder.update(padded) + unpadder.finalize()
        return plain.decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise NavCredentialError(
            "A NAV által küldött adatszolgáltatási tokent nem sikerült visszafejteni: a cserekulcs "
            "valószínűleg hibás (a NAV Online Számla felületén a technikai felhasználónál látható).",
            str(exc),
        ) from exc
