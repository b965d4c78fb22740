"""Invoices e-mailed as PDF over SMTP; an invoice counts as sent only when the server accepted it."""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from sqlalchemy import select

from app.credentials import CredentialStore
from app.db.company import Company
from app.db.database import Database
from app.db.documents import Document, DocumentKind
from app.errors import AppError, ValidationError
from app.formatting import format_date, format_money
from app.invoice_data.figures import payable
from app.invoice_data.snapshot import InvoiceSnapshot
from app.money import HUF
from app.output.invoice_pdf import render_invoice_pdf
from app.timeutil import utcnow

PASSWORD_KEY = "smtp:password"
TIMEOUT_SECONDS = 30
SECURITY = ("starttls", "ssl", "none")


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    security: str = "starttls"  # starttls | ssl | none
    user: str = ""


def load_smtp_settings(db: Database) -> SmtpSettings:
    with db.reading() as session:
        company = session.scalar(select(Company)) or Company()
        return SmtpSettings(
            company.smtp_host or "",
            company.smtp_port or 587,
            company.smtp_security or "starttls",
            company.smtp_user or "",
        )


def save_smtp_settings(
    db: Database, credentials: CredentialStore, settings: SmtpSettings, password: str | None
) -> None:
    """``password`` None keeps the stored one; "" removes it."""
    if settings.security not in SECURITY:
        raise ValidationError("A titkosítás módja STARTTLS, SSL vagy nincs lehet.")
    if not 0 < settings.port < 65536:
        raise ValidationError("A port 1 és 65535 közötti szám legyen.")
    with db.transaction() as session:
        company = session.scalar(select(Company))
        if company is None:
            company = Company()
            session.add(company)
        company.smtp_host = settings.host.strip()
        company.smtp_port = settings.port
        company.smtp_security = settings.security
        company.smtp_user = settings.user.strip()
    secrets = credentials.for_database(db.identity())
    if password == "":
        secrets.delete(PASSWORD_KEY)
    elif password is not None:
        secrets.set(PASSWORD_KEY, password)


def build_message(invoice: Document, company: Company, pdf: bytes) -> EmailMessage:
    if not invoice.customer_email:
        raise ValidationError(f"A(z) {invoice.number} számla vevőjének nincs e-mail címe.")
    if not company.email:
        raise ValidationError("A küldéshez adja meg a cég e-mail címét: Törzsadatok › Saját cégadatok.")
    title = InvoiceSnapshot.from_json(invoice.snapshot).title if invoice.snapshot else "Számla"
    message = EmailMessage()
    message["Subject"] = f"{title}: {invoice.number} – {company.name}"
    message["From"] = formataddr((company.name, company.email))
    message["To"] = formataddr((invoice.customer_name, invoice.customer_email))
    message["Message-ID"] = make_msgid(domain=company.email.rpartition("@")[2] or None)
    currency = "Ft" if invoice.currency == HUF else invoice.currency
    message.set_content(
        f"Tisztelt {invoice.customer_name}!\n\n"
        f"Mellékelten küldjük a(z) {invoice.number} számú {title.lower()}t.\n"
        f"Fizetendő: {format_money(payable(invoice), invoice.currency)} {currency}, "
        f"fizetési határidő: {format_date(invoice.due_date or invoice.issue_date)}\n\n"
        "Köszönjük a vásárlást!\n\n"
        f"Üdvözlettel:\n{company.name}\n{company.email}\n"
    )
    message.add_attachment(
        pdf, maintype="application", subtype="pdf", filename=f"szamla-{invoice.number}.pdf"
    )
    return message


def send_invoice(db: Database, credentials: CredentialStore, invoice_id: int) -> None:
    """Send one invoice; its e-mail status says "sent" only after the server took the message."""
    settings = load_smtp_settings(db)
    if not settings.host:
        raise ValidationError("Nincs beállítva levelezőszerver: Törzsadatok › E-mail küldés beállításai.")
    with db.reading() as session:
        invoice = session.get(Document, invoice_id)
        if invoice is None or invoice.kind != DocumentKind.INVOICE:
            raise ValidationError("A számla nem található.")
        company = session.scalar(select(Company)) or Company()
        # The buyer gets the original as issued (a later print would be a copy).
        pdf = invoice.pdf or render_invoice_pdf(InvoiceSnapshot.from_json(invoice.snapshot))
        message = build_message(invoice, company, pdf)
    secrets = credentials.for_database(db.identity())
    try:
        _deliver(settings, secrets.get(PASSWORD_KEY), message)
    except AppError as exc:
        _mark(db, invoice_id, "failed", exc.user_message)
        raise
    secrets.adopt(PASSWORD_KEY)  # the server took it: an older version's password is ours
    _mark(db, invoice_id, "sent", "")


def _deliver(settings: SmtpSettings, password: str | None, message: EmailMessage) -> None:
    where = f"{settings.host}:{settings.port}"
    try:
        if settings.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
        with client:
            if settings.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if settings.user:
                client.login(settings.user, password or "")
            client.send_message(message)
    except smtplib.SMTPAuthenticationError as exc:
        raise AppError(
            "A levelezőszerver elutasította a felhasználónevet vagy a jelszót.", repr(exc)
        ) from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise AppError(
            f"A levelezőszerver ({where}) nem támogatja a beállított titkosítást vagy bejelentkezést.",
            repr(exc),
        ) from exc
    except smtplib.SMTPRecipientsRefused as exc:
        raise AppError("A levelezőszerver nem fogadta el a címzett e-mail címét.", repr(exc)) from exc
    except (ConnectionRefusedError, socket.gaierror, TimeoutError, OSError, smtplib.SMTPException) as exc:
        raise AppError(
            f"A levelezőszerver ({where}) nem érhető el, vagy megszakadt a kapcsolat. Ellenőrizze a "
            "beállításokat és a hálózatot; a számla nincs elküldve.",
            repr(exc),
        ) from exc


def _mark(db: Database, invoice_id: int, status: str, error: str) -> None:
    with db.transaction() as session:
        invoice = session.get(Document, invoice_id)
        if invoice is None:
            return
        invoice.email_status = status
        invoice.email_error = error
        if status == "sent":
            invoice.email_sent_at = utcnow()


@dataclass(frozen=True)
class SendResult:
    invoice_id: int
    number: str
    sent: bool
    message: str


def send_invoices(db: Database, credentials: CredentialStore, invoice_ids: list[int]) -> list[SendResult]:
    """Batch sending: every invoice is tried; each gets its own result."""
    results = []
    for invoice_id in invoice_ids:
        with db.reading() as session:
            invoice = session.get(Document, invoice_id)
            number = invoice.number if invoice else str(invoice_id)
        try:
            send_invoice(db, credentials, invoice_id)
        except AppError as exc:
            results.append(SendResult(invoice_id, number, False, exc.user_message))
            continue
        results.append(SendResult(invoice_id, number, True, "elküldve"))
    return results
