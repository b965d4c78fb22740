"""The service's checks of a request's header and user block (specification 1.3, 3.2).

Written apart from the client on purpose: the password hash, the signature (with its index
hashes for the manage calls) and the timestamp rules are recomputed here from the request text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from app.navsandbox.state import ServiceState
from app.navsandbox.users import TechnicalUser

COMMON = "{http://schemas.nav.gov.hu/NTCA/1.0/common}"
API = "{http://schemas.nav.gov.hu/OSA/3.0/api}"
REQUEST_ID = re.compile(r"^[+a-zA-Z0-9_]{1,30}$")
DAY = 24 * 3600.0


class Refused(Exception):
    """An answer with a GeneralErrorResponse: HTTP status, errorCode, message."""

    def __init__(self, status: int, code: str, message: str, technical: list[str] | None = None) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.code = code
        self.message = message
        self.technical = technical or []


@dataclass
class Caller:
    user: TechnicalUser
    request_id: str
    timestamp: str


def _hex512(text: str, *, sha3: bool) -> str:
    digest = hashlib.sha3_512 if sha3 else hashlib.sha512
    return digest(text.encode("utf-8")).hexdigest().upper()


def _items(doc: etree._Element) -> list[tuple[str, str]]:
    """(operation word, base64 data) of each index of a manage request, in document order."""
    out = []
    for op in doc.iter(f"{API}invoiceOperation", f"{API}annulmentOperation"):
        word = op.find(f"{API}invoiceOperation")
        if word is None:
            word = op.find(f"{API}annulmentOperation")
        data = op.find(f"{API}invoiceData")
        if data is None:
            data = op.find(f"{API}invoiceAnnulment")
        if word is not None and data is not None and len(op):
            out.append(((word.text or "").strip(), (data.text or "").strip()))
    return out


def authenticate(state: ServiceState, doc: etree._Element, operation: str) -> Caller:
    header, user_block = doc.find(f"{COMMON}header"), doc.find(f"{COMMON}user")
    if header is None or user_block is None:
        raise Refused(400, "INVALID_REQUEST", "A kérés fejléce vagy felhasználói blokkja hiányzik.")
    request_id = (header.findtext(f"{COMMON}requestId") or "").strip()
    stamp = (header.findtext(f"{COMMON}timestamp") or "").strip()
    if (header.findtext(f"{COMMON}requestVersion") or "").strip() != "3.0":
        raise Refused(400, "INVALID_REQUEST_VERSION", "A requestVersion értéke csak 3.0 lehet.")
    version = header.findtext(f"{COMMON}headerVersion")
    if version is not None and version.strip() != "1.0":
        raise Refused(400, "INVALID_HEADER_VERSION", "A headerVersion értéke csak 1.0 lehet.")
    try:
        sent = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ" if "." in stamp else "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        raise Refused(400, "INVALID_TIMESTAMP", "A timestamp formátuma hibás.") from None
    sent = sent.replace(tzinfo=UTC)
    if abs(sent.timestamp() - state.clock.now()) > DAY:
        raise Refused(
            400, "INVALID_TIMESTAMP", "A kérés időbélyege a szerveridőhöz képest ±1 napon kívül esik."
        )
    login = (user_block.findtext(f"{COMMON}login") or "").strip()
    password = user_block.find(f"{COMMON}passwordHash")
    signature = user_block.find(f"{COMMON}requestSignature")
    tax_number = (user_block.findtext(f"{COMMON}taxNumber") or "").strip()
    if password is None or signature is None:
        raise Refused(400, "INVALID_REQUEST", "A jelszó hash vagy az aláírás hiányzik.")
    if password.get("cryptoType") != "SHA-512":
        raise Refused(400, "INVALID_PASSWORD_HASH_CRYPTO", "A jelszó hash algoritmusa csak SHA-512 lehet.")
    if signature.get("cryptoType") != "SHA3-512":
        raise Refused(
            400, "INVALID_REQUEST_SIGNATURE_HASH_CRYPTO", "Az aláírás algoritmusa csak SHA3-512 lehet."
        )
    user = state.users.get(login)
    if user is None or (password.text or "").strip().upper() != _hex512(user.password, sha3=False):
        raise Refused(401, "INVALID_SECURITY_USER", "Helytelen authentikációs adatok.")
    if tax_number != user.tax_number:
        raise Refused(500, "INVALID_USER_RELATION", "A felhasználó nem a megadott adózóhoz tartozik.")
    partial = request_id + re.sub(r"[^0-9]", "", stamp)[:14] + user.signature_key
    if operation in ("manageInvoice", "manageAnnulment"):
        partial += "".join(_hex512(word + data, sha3=True) for word, data in _items(doc))
    if (signature.text or "").strip() != _hex512(partial, sha3=True):
        raise Refused(400, "INVALID_REQUEST_SIGNATURE", "Helytelen kérés aláírás.")
    key = f"{user.tax_number}:{request_id}"
    if key in state.request_ids:
        raise Refused(400, "REQUEST_ID_NOT_UNIQUE", "A kérésazonosító nem egyedi.")
    return Caller(user, request_id, stamp)


def remember(state: ServiceState, caller: Caller) -> None:
    """A successfully answered request: its id may not be used again (within ±1 day)."""
    now = state.clock.now()
    state.request_ids = {k: t for k, t in state.request_ids.items() if now - t < 2 * DAY}
    state.request_ids[f"{caller.user.tax_number}:{caller.request_id}"] = now
