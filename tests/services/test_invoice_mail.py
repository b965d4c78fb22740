"""Invoices e-mailed to a real local SMTP server (aiosmtpd): PDF attached, Hungarian text intact."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import select

from app.credentials import CredentialStore
from app.db.company import Company
from app.db.database import Database
from app.db.documents import Document
from app.errors import AppError
from app.services import invoicing
from app.services.invoice_mail import SmtpSettings, save_smtp_settings, send_invoice, send_invoices
from tests.services.test_invoicing import make_order, set_company


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


def _authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and auth_data.password == b"titok"
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp() -> Iterator[tuple[Controller, Inbox]]:
    inbox = Inbox()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=_free_port(), authenticator=_authenticator, auth_require_tls=False
    )
    controller.start()
    yield controller, inbox
    controller.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _invoice(db: Database) -> int:
    with db.transaction() as s:
        set_company(s)
        company = s.scalar(select(Company))
        company.email = "szamla@bolthid.example"  # type: ignore[union-attr]
        order = make_order(s, [("TUKOR-1", "27%", "1", "12700")])
        order.lines[0].name = "árvíztűrő tükörfúrógép"
        return invoicing.invoice_from_order(s, order.id).id


def test_invoice_arrives_with_pdf_and_hungarian_text(db: Database, smtp, tmp_path: Path) -> None:
    controller, inbox = smtp
    creds = CredentialStore(tmp_path, use_keyring=False)
    save_smtp_settings(
        db,
        creds,
        SmtpSettings("127.0.0.1", controller.port, "none", "bolt"),
        "titok",
    )
    invoice_id = _invoice(db)
    send_invoice(db, creds, invoice_id)
    [message] = inbox.messages
    with db.reading() as s:
        invoice = s.get(Document, invoice_id)
        assert invoice is not None and invoice.email_status == "sent" and invoice.email_sent_at is not None
        number = invoice.number
    assert message["Subject"] == f"Számla: {number} – Bolthíd Teszt Kft."
    assert "Őrült Ügyfél Kft." in str(message["To"]) and "ugyfel@example.hu" in str(message["To"])
    body = message.get_body(("plain",)).get_content()
    assert "Tisztelt Őrült Ügyfél Kft.!" in body and "Fizetendő: 12\u00a0700 Ft" in body
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == f"szamla-{number}.pdf"
    pdf = attachment.get_content()
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "a.pdf"
    path.write_bytes(pdf)
    from tests.pdf_text import pdf_text

    text = pdf_text(path)
    assert "árvíztűrő tükörfúrógép" in text


def test_refused_connection_says_so_and_leaves_it_unsent(db: Database, tmp_path: Path) -> None:
    creds = CredentialStore(tmp_path, use_keyring=False)
    save_smtp_settings(db, creds, SmtpSettings("127.0.0.1", _free_port(), "none", ""), None)
    invoice_id = _invoice(db)
    with pytest.raises(AppError, match="nem érhető el") as caught:
        send_invoice(db, creds, invoice_id)
    assert "nincs elküldve" in caught.value.user_message
    with db.reading() as s:
        invoice = s.get(Document, invoice_id)
        assert invoice is not None and invoice.email_status == "failed" and invoice.email_sent_at is None


def test_wrong_password_and_batch_results(db: Database, smtp, tmp_path: Path) -> None:
    controller, inbox = smtp
    creds = CredentialStore(tmp_path, use_keyring=False)
    port = controller.port
    save_smtp_settings(db, creds, SmtpSettings("127.0.0.1", port, "none", "bolt"), "rossz")
    invoice_id = _invoice(db)
    [result] = send_invoices(db, creds, [invoice_id])
    assert not result.sent and "jelszó" in result.message and inbox.messages == []
    save_smtp_settings(db, creds, SmtpSettings("127.0.0.1", port, "none", "bolt"), "titok")
    [result] = send_invoices(db, creds, [invoice_id])
    assert result.sent and len(inbox.messages) == 1
