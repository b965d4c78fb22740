"""Who the buyer is for the tax authority (NAV customerVatStatus), and what the invoice must show.

PRIVATE_PERSON: a private person (no tax number). DOMESTIC: a Hungarian VAT subject, always with
its tax number (the base of a ``HU12345678`` EU number given alone is that tax number). OTHER: a
foreign buyer, or a Hungarian organisation that is not a VAT subject – the latter only when the
user confirmed it (or the shop says so), since a company that left the tax number field empty must
not be reported without it.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.db.documents import Document
from app.values.tax_numbers import EU_COUNTRIES, TaxNumberError, eu_problem, hungarian_base_of, problem

PRIVATE_PERSON = "PRIVATE_PERSON"
DOMESTIC = "DOMESTIC"
OTHER = "OTHER"


@dataclass(frozen=True)
class BuyerStatus:
    status: str  # PRIVATE_PERSON | DOMESTIC | OTHER, or "" when it cannot be decided yet
    problem: str = ""  # Hungarian: what the user has to do before issuing
    needs_confirmation: bool = False  # a company without tax number: "not a VAT subject?"


def buyer_status(doc: Document, *, not_vat_subject: bool = False) -> BuyerStatus:
    """The buyer's status from the document's snapshot of the buyer.

    ``not_vat_subject``: the user has just confirmed that a buyer without a tax number is not a
    VAT subject (the document's own flag says it was confirmed before).
    """
    confirmed = not_vat_subject or doc.buyer_not_vat_subject
    tax, eu = doc.customer_tax_number.strip(), doc.customer_eu_tax_number.strip()
    domestic = (doc.billing_country or "HU").upper() == "HU"
    wrong = problem(tax) if domestic else None
    wrong = wrong or eu_problem(eu)
    if wrong:
        return BuyerStatus("", wrong)
    if domestic:
        try:
            hungarian = hungarian_base_of(tax, eu)
        except TaxNumberError as exc:
            return BuyerStatus("", str(exc))
        if hungarian is not None:
            return BuyerStatus(DOMESTIC)
        if eu:
            return BuyerStatus(
                "", "Magyar vevőnél a közösségi adószám mellé a magyar adószám is kell (NAV: DOMESTIC)."
            )
        if doc.customer_is_private and not confirmed:
            return BuyerStatus(PRIVATE_PERSON)
        if confirmed:
            return BuyerStatus(OTHER)
        return BuyerStatus(
            "",
            f"A(z) {doc.customer_name or 'vevő'} nem magánszemély, de nincs adószáma. Adja meg az "
            "adószámot, vagy erősítse meg, hogy a vevő nem ÁFA-alany (pl. egyesület, alapítvány).",
            needs_confirmation=True,
        )
    # A foreign buyer: a private person stays PRIVATE_PERSON (no data reported), others are OTHER.
    if doc.customer_is_private and not (tax or eu):
        return BuyerStatus(PRIVATE_PERSON)
    if eu and eu[:2].upper() not in EU_COUNTRIES:
        return BuyerStatus("", f"A közösségi adószám országkódja nem uniós: „{eu}”.")
    return BuyerStatus(OTHER)


def address_problem(doc: Document) -> str:
    """Áfa tv. 169. § e): the buyer's name and address are on every invoice."""
    missing = [
        label
        for label, value in (
            ("név", doc.customer_name),
            ("irányítószám", doc.billing_postal_code),
            ("település", doc.billing_city),
            ("utca, házszám", doc.billing_street),
        )
        if not (value or "").strip()
    ]
    if not missing:
        return ""
    return (
        f"A vevő számlázási adatai hiányosak ({', '.join(missing)}); a számlán kötelező a vevő neve és címe."
    )
