"""NAV's business validation of an InvoiceData document, as the interface specification describes it.

The program runs these checks on every invoice before it is issued (an ERROR stops the issue, a
WARN is shown), so what NAV would refuse or question is found while it can still be corrected.
Written from the specification (3.3.2 blocking errors, Annex I warnings) and NAV's official
messages; the amounts, line numbers, modification chains and buyer status are covered. The
built-in NAV test service has its own, separate implementation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.nav.rules import amounts, parties, structure
from app.nav.rules.messages import text
from app.nav.rules.model import parse
from app.nav.rules.structure import ChainState

__all__ = ["ChainState", "Finding", "check", "errors", "warnings"]

ERROR = "ERROR"
WARN = "WARN"


@dataclass(frozen=True)
class Finding:
    severity: str  # ERROR | WARN
    code: str  # NAV's validationErrorCode
    message: str  # NAV's Hungarian text
    pointer: str = ""  # where: "3. tétel", "összesítő" …

    def __str__(self) -> str:
        where = f" ({self.pointer})" if self.pointer else ""
        return f"{self.message}{where} [{self.code}]"


def check(
    xml: bytes,
    operation: str = "CREATE",
    *,
    chain: ChainState | None = None,
    supplier_tax_number: str | None = None,
    used_numbers: frozenset[str] = frozenset(),
    today: date | None = None,
) -> list[Finding]:
    """Every ERROR and WARN NAV's rules give this InvoiceData (``operation``: CREATE|MODIFY|STORNO)."""
    invoice = parse(xml)
    found: list[Finding] = []

    def report(code: str, pointer: str) -> None:
        found.append(Finding(ERROR, code, text(code), pointer))

    def warn(code: str, pointer: str) -> None:
        found.append(Finding(WARN, code, text(code), pointer))

    if invoice.number in used_numbers:
        report("INVOICE_NUMBER_NOT_UNIQUE", "")
    structure.check_head(invoice, operation, today or date.today(), report, warn)
    structure.check_lines(invoice, operation, report, warn)
    structure.check_reference(invoice, operation, chain, report, warn)
    parties.check_supplier(invoice, supplier_tax_number, report, warn)
    parties.check_customer(invoice, operation, report, warn)
    amounts.check_lines(invoice, warn)
    amounts.check_summary(invoice, warn, operation=operation)
    return found


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]


def warnings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == WARN]
