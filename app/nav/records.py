"""What goes into and comes out of NAV's interface, as plain values (no XML, no database)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# The four words the interface uses for an invoice data report.
CREATE = "CREATE"
MODIFY = "MODIFY"
STORNO = "STORNO"

# invoiceStatus of one invoice in a transaction.
RECEIVED = "RECEIVED"
PROCESSING = "PROCESSING"
SAVED = "SAVED"
DONE = "DONE"
ABORTED = "ABORTED"
FINAL = (DONE, ABORTED)


@dataclass(frozen=True)
class NavUser:
    """The technical user (NAV Online Számla › Felhasználók › technikai felhasználó)."""

    login: str
    password: str
    signature_key: str
    exchange_key: str
    tax_number: str  # the taxpayer's 8-digit base

    def __repr__(self) -> str:  # never the secrets, not even in a traceback
        return f"NavUser(login={self.login!r}, tax_number={self.tax_number!r})"


@dataclass(frozen=True)
class Software:
    """The invoicing program, as every request names it."""

    software_id: str
    name: str
    version: str
    dev_name: str
    dev_contact: str
    dev_country: str = "HU"
    operation: str = "LOCAL_SOFTWARE"


@dataclass(frozen=True)
class Sent:
    """A manage request as it was sent: what identifies it if the answer is lost."""

    request_id: str
    timestamp: datetime
    transaction_id: str


@dataclass(frozen=True)
class Message:
    """One technical or business validation message of an invoice."""

    kind: str  # "technical" | "business"
    result: str  # ERROR | WARN | INFO | CRITICAL
    code: str
    text: str
    tag: str = ""
    value: str = ""
    line: int | None = None


@dataclass(frozen=True)
class ItemResult:
    """The processing result of one index of a transaction."""

    index: int
    status: str
    messages: tuple[Message, ...] = ()
    original_request: bytes | None = None  # the invoice data as sent, when asked for

    @property
    def warnings(self) -> tuple[Message, ...]:
        return tuple(m for m in self.messages if m.result == "WARN")


@dataclass(frozen=True)
class TransactionInfo:
    """A transaction from queryTransactionList."""

    transaction_id: str
    received_at: datetime
    status: str
    item_count: int
    annulment: bool = False


@dataclass(frozen=True)
class Taxpayer:
    """The answer of queryTaxpayer: ``valid`` False when NAV knows no such valid tax number."""

    tax_number: str
    valid: bool
    name: str = ""
    address: str = ""
    vat_code: str = ""
    county_code: str = ""
    checked_at: datetime | None = None


@dataclass(frozen=True)
class Token:
    value: str
    valid_to: datetime | None = None


@dataclass
class TransactionPage:
    transactions: list[TransactionInfo] = field(default_factory=list)
    current_page: int = 1
    available_pages: int = 1
