"""Bizonylat: a new customer order, invoice or purchase receipt, or an existing one to look at.

Issued documents are shown read-only (they are corrected by storno, never edited).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.db.database import Database
from app.db.documents import DocumentKind
from app.errors import AppError, ValidationError
from app.formatting import format_date, format_money, format_price, format_quantity, parse_decimal
from app.gui import changes
from app.gui.context import AppContext
from app.gui.error_dialog import show_error
from app.gui.screens.sales.order_contact import contact_text, reservations_text
from app.services import documents as docs
from app.services import invoicing, nav_outbox
from app.services.document_forms import DocumentChoices, find_product, load_choices
from app.services.invoice_drafts import SplitPart, order_split
from app.services.records import document_records
from app.services.stock import order_reservations
from app.sync.jobs import Trigger
from app.sync.order_links import ask_to_adopt, shop_side

TITLES = {
    DocumentKind.CUSTOMER_ORDER: "Vevői rendelés",
    DocumentKind.INVOICE: "Számla",
    DocumentKind.PURCHASE_RECEIPT: "Bevételezés",
    DocumentKind.TRANSFER: "Raktárközi átadás",
}
SALES = frozenset({DocumentKind.CUSTOMER_ORDER, DocumentKind.INVOICE})
NO_DATE = QDate(2000, 1, 1)  # shown as "nincs megadva"
LINE_HEADERS = [
    "Termékkód",
    "Megnevezés",
    "Mennyiség",
    "Egység",
    "Egységár",
    "ÁFA",
    "Nettó",
    "ÁFA összeg",
    "Bruttó",
]


# Quantity, unit price, net, VAT amount, gross: right-aligned like every figure in the program.
NUMERIC_LINE_COLUMNS = frozenset({2, 4, 6, 7, 8})
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class DocumentDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        kind: DocumentKind,
        document_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.document_id = document_id
        self.read_only = document_id is not None
        self.setWindowTitle(f"Új {TITLES[kind].lower()}" if document_id is None else TITLES[kind])
        self.resize(1100, 660)  # fits a 1366×768 laptop screen with the task bar

        self.number = QLabel("(mentéskor kap sorszámot)")
        self.customer = QComboBox()
        self.customer.setEditable(True)  # type-to-search in long customer lists
        self.warehouse = QComboBox()
        self.target = QComboBox()  # a transfer's target warehouse
        self.target.setObjectName("target_warehouse")
        # A receipt: from which supplier, on which of their invoices.
        self.supplier = QComboBox()
        self.supplier.setObjectName("supplier")
        self.supplier.setEditable(True)
        self.supplier_invoice = QLineEdit()
        self.supplier_invoice.setObjectName("supplier_invoice")
        self.supplier_invoice.setPlaceholderText("a szállító számlájának sorszáma")
        self.supplier_invoice_date = QDateEdit()
        self.supplier_invoice_date.setCalendarPopup(True)
        self.supplier_invoice_date.setDisplayFormat("yyyy.MM.dd.")
        self.supplier_invoice_date.setMinimumDate(NO_DATE)
        self.supplier_invoice_date.setSpecialValueText("nincs megadva")
        self.supplier_invoice_date.setDate(NO_DATE)
        self.payment = QComboBox()
        self.shipping = QComboBox()
        self.issue_date = QDateEdit(QDate.currentDate())
        self.issue_date.setCalendarPopup(True)
        self.issue_date.setDisplayFormat("yyyy.MM.dd.")
        self.header_note = QPlainTextEdit()
        self.header_note.setFixedHeight(48)
        self.internal_note = QPlainTextEdit()
        self.internal_note.setFixedHeight(48)
        self.totals = QLabel("")

        form = QFormLayout()
        form.addRow("Sorszám:", self.number)
        if kind in SALES:
            form.addRow("Vevő:", self.customer)
        if kind == DocumentKind.PURCHASE_RECEIPT:
            form.addRow("Szállító:", self.supplier)
            form.addRow("Szállítói számla száma:", self.supplier_invoice)
            form.addRow("Szállítói számla kelte:", self.supplier_invoice_date)
        if kind == DocumentKind.TRANSFER:
            form.addRow("Honnan (raktár):", self.warehouse)
            form.addRow("Hová (raktár):", self.target)
        else:
            form.addRow("Raktár:", self.warehouse)
        if kind in SALES:
            form.addRow("Fizetési mód:", self.payment)
            form.addRow("Szállítási mód:", self.shipping)
        form.addRow("Kelt:", self.issue_date)
        # An order's delivery day (teljesítés): optional; its invoice defaults to it, else to today.
        self.delivery_date = QDateEdit()
        self.delivery_date.setCalendarPopup(True)
        self.delivery_date.setDisplayFormat("yyyy.MM.dd.")
        self.delivery_date.setMinimumDate(NO_DATE)
        self.delivery_date.setSpecialValueText("nincs megadva (a számlázás napja)")
        self.delivery_date.setDate(NO_DATE)
        if kind == DocumentKind.CUSTOMER_ORDER:
            form.addRow("Szállítás (teljesítés) napja:", self.delivery_date)
        if kind == DocumentKind.INVOICE:
            self.issue_date.setEnabled(False)  # kelt is the day the invoice is issued, never another
        form.addRow("Megjegyzés (nyomtatásban):", self.header_note)
        form.addRow("Belső megjegyzés:", self.internal_note)

        self.lines = QTableWidget(0, len(LINE_HEADERS))
        self.lines.setHorizontalHeaderLabels(LINE_HEADERS)
        # The product name takes the room left; the other columns fit their contents.
        self.lines.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.lines.verticalHeader().setVisible(False)
        self.lines.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines.itemChanged.connect(self._line_changed)
        if kind == DocumentKind.TRANSFER:
            # Goods moved at purchase price between our own warehouses: no VAT, no gross.
            for col in (5, 7, 8):
                self.lines.setColumnHidden(col, True)
        add = QPushButton("Új tétel")
        add.clicked.connect(self._add_empty_line)
        remove = QPushButton("Tétel törlése")
        remove.clicked.connect(self._remove_line)
        line_buttons = QHBoxLayout()
        line_buttons.addWidget(add)
        line_buttons.addWidget(remove)
        line_buttons.addStretch(1)
        line_buttons.addWidget(self.totals)
        self.hint = QLabel(
            "Írja be a termékkódot; az egységár üresen hagyva a termék ára"
            + (" (bruttó)." if kind in SALES else " (beszerzési, nettó).")
        )
        if kind == DocumentKind.TRANSFER:
            self.hint.setText(
                "Írja be a termékkódot és a mennyiséget: az átadás beszerzési áron történik, "
                "a forrásraktár készleténél több nem adható át."
            )

        # Discounts and costs as the invoice will carry them: one part per VAT rate of the goods.
        self.split = QLabel("")
        self.split.setObjectName("order_split")
        self.split.setWordWrap(True)
        self.split.setVisible(False)
        self.nav_state = QLabel("")
        self.nav_state.setObjectName("invoice_nav_state")
        self.nav_state.setWordWrap(True)
        self.nav_state.setVisible(False)
        # The shop's side of an imported order: key, status, related orders, a change not taken
        # over, the parcel locker.
        self.shop_info = QLabel("")
        self.shop_info.setObjectName("shop_info")
        self.shop_info.setWordWrap(True)
        self.shop_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.shop_info.setVisible(False)
        self.reserved = QLabel("")
        self.reserved.setObjectName("order_reservations")
        self.reserved.setWordWrap(True)
        self.reserved.setVisible(False)
        self.contact = QLabel("")
        self.contact.setObjectName("order_contact")
        self.contact.setWordWrap(True)
        self.contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.contact.setVisible(False)
        self.adopt_button = QPushButton("Átvétel a webáruházból")
        self.adopt_button.setObjectName("adopt_shop_change")
        self.adopt_button.setToolTip("A webáruházban történt változás átvétele ebbe a rendelésbe")
        self.adopt_button.clicked.connect(self._adopt)
        self.adopt_button.setVisible(False)
        self.nav_button = QPushButton("NAV üzenetek")
        self.nav_button.clicked.connect(self._open_nav)
        self.nav_button.setVisible(False)
        self.buttons = QDialogButtonBox()
        if self.read_only:
            if kind == DocumentKind.INVOICE:
                self.pdf_button = self.buttons.addButton(
                    "PDF megnyitása", QDialogButtonBox.ButtonRole.ActionRole
                )
                self.pdf_button.clicked.connect(self._open_pdf)
                self.print_button = self.buttons.addButton(
                    "Nyomtatás", QDialogButtonBox.ButtonRole.ActionRole
                )
                self.print_button.clicked.connect(self._print)
                self.email_button = self.buttons.addButton(
                    "E-mail küldés", QDialogButtonBox.ButtonRole.ActionRole
                )
                self.email_button.clicked.connect(self._send_email)
            if kind == DocumentKind.CUSTOMER_ORDER:
                # Shown for an open order once loaded: the invoice straight from the form.
                self.invoice_button = self.buttons.addButton(
                    "Számla készítése", QDialogButtonBox.ButtonRole.ActionRole
                )
                self.invoice_button.setObjectName("make_invoice")
                self.invoice_button.clicked.connect(self._make_invoice)
                self.invoice_button.setVisible(False)
            self.buttons.addButton("Bezárás", QDialogButtonBox.ButtonRole.RejectRole)
            for w in (
                self.customer,
                self.supplier,
                self.supplier_invoice,
                self.supplier_invoice_date,
                self.target,
                self.warehouse,
                self.payment,
                self.shipping,
                self.issue_date,
                self.delivery_date,
            ):
                w.setEnabled(False)
            self.header_note.setReadOnly(True)
            self.internal_note.setReadOnly(True)
            self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            add.setVisible(False)
            remove.setVisible(False)
            self.hint.setVisible(kind == DocumentKind.INVOICE)
            self.hint.setText(
                "Kiállított számla: nem módosítható, javítani sztornóval vagy helyesbítő számlával lehet. "
                "A NAV Online Számla adatszolgáltatást a program végzi (állapota lent)."
            )
            self.hint.setWordWrap(True)
        else:
            self.buttons.addButton("Mentés", QDialogButtonBox.ButtonRole.AcceptRole)
            self.buttons.addButton("Mégse", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.contact)
        layout.addWidget(self.hint)
        layout.addWidget(self.lines, 1)
        layout.addLayout(line_buttons)
        layout.addWidget(self.reserved)
        layout.addWidget(self.split)
        shop_row = QHBoxLayout()
        shop_row.addWidget(self.shop_info, 1)
        shop_row.addWidget(self.adopt_button)
        layout.addLayout(shop_row)
        nav_row = QHBoxLayout()
        nav_row.addWidget(self.nav_state, 1)
        nav_row.addWidget(self.nav_button)
        layout.addLayout(nav_row)
        layout.addWidget(self.buttons)
        self.setEnabled(False)
        ctx.tasks.run(self._load, self._fill, parent=self)

    # --- loading ------------------------------------------------------------------------------
    def _load(self, db: Database) -> tuple[DocumentChoices, dict[str, Any] | None]:
        with db.reading() as session:
            choices = load_choices(session)
            record = document_records(session, ids=[self.document_id])[0] if self.document_id else None
            if record is not None and self.kind == DocumentKind.CUSTOMER_ORDER:
                record["split"] = order_split(session, record["id"])
                record["shop"] = shop_side(session, record["id"])
                record["reservations"] = order_reservations(session, record["id"])
            if record is not None and self.kind == DocumentKind.INVOICE:
                record["nav"] = nav_outbox.report_of(session, record["id"])
        return choices, record

    def _make_invoice(self) -> None:
        from app.gui.operations.invoicing import invoice_orders

        if self.document_id is None:
            return
        parent = self.parentWidget()
        self.accept()  # the invoice preview takes over; this order will be invoiced
        invoice_orders(self.ctx, parent, [self.document_id])

    def _print(self) -> None:
        from app.gui.operations.invoicing import print_invoice

        if self.document_id is not None:
            print_invoice(self.ctx, self, self.document_id)

    def _open_pdf(self) -> None:
        from app.gui.operations.invoicing import open_pdf

        if self.document_id is not None:
            open_pdf(self.ctx, self, self.document_id)

    def _send_email(self) -> None:
        from app.gui.operations.invoicing import email

        if self.document_id is not None:
            email(self.ctx, self, [self.document_id])

    def _fill(self, loaded: tuple[DocumentChoices, dict[str, Any] | None]) -> None:
        choices, record = loaded
        self.customer.addItem("(nincs megadva)", None)
        for i, name in choices.customers:
            self.customer.addItem(name, i)
        for i, name in choices.warehouses:
            self.warehouse.addItem(name, i)
            self.target.addItem(name, i)
        other = next(
            (
                i
                for i in range(self.target.count())
                if self.target.itemData(i) != self.warehouse.currentData()
            ),
            0,
        )
        self.target.setCurrentIndex(other)  # never the source by default
        self.supplier.addItem("(nincs megadva)", None)
        for i, name in choices.suppliers:
            self.supplier.addItem(name, i)
        self.payment.addItem("", None)
        for i, name in choices.payment_methods:
            self.payment.addItem(name, i)
        self.shipping.addItem("", None)
        for i, name in choices.shipping_methods:
            self.shipping.addItem(name, i)
        if record is not None:
            self._show_record(record)
        else:
            self.add_line()
        self.setEnabled(True)

    def _show_record(self, r: dict[str, Any]) -> None:
        self.setWindowTitle(f"{TITLES[self.kind]} – {r['number']} ({r['status_label']})")
        self.number.setText(r["number"])
        c = r["customer"]
        self.customer.setCurrentText(c["name"] or "(nincs megadva)")
        self.warehouse.setCurrentText(r["warehouse"])
        self.target.setCurrentText(r["target_warehouse"] or "")
        self.supplier.setCurrentText(r["supplier"] or "(nincs megadva)")
        self.supplier_invoice.setText(r["supplier_invoice_number"])
        invoiced: date | None = r["supplier_invoice_date"]
        if invoiced is not None:
            self.supplier_invoice_date.setDate(QDate(invoiced.year, invoiced.month, invoiced.day))
        self.payment.setCurrentText(r["payment_method"] or "")
        self.shipping.setCurrentText(r["shipping_method"] or "")
        d: date = r["issue_date"]
        self.issue_date.setDate(QDate(d.year, d.month, d.day))
        delivery: date | None = r["fulfilment_date"]
        if self.kind == DocumentKind.CUSTOMER_ORDER and delivery is not None:
            self.delivery_date.setDate(QDate(delivery.year, delivery.month, delivery.day))
        self._show_split(r)
        if self.kind == DocumentKind.CUSTOMER_ORDER:
            self.reserved.setText(reservations_text(r.get("reservations") or []))
            self.reserved.setVisible(bool(self.reserved.text()))
            self.contact.setText(contact_text(r))
            self.contact.setVisible(bool(self.contact.text()))
            if self.read_only:
                self.invoice_button.setVisible(r["status"] == "open")
        self._show_shop(r)
        self._show_nav(r)
        self.header_note.setPlainText(r["header_note"])
        self.internal_note.setPlainText(r["internal_note"])
        self.lines.blockSignals(True)
        for line in r["lines"]:
            row = self.lines.rowCount()
            self.lines.insertRow(row)
            values = [
                line["product_code"],
                line["name"],
                format_quantity(line["quantity"]),
                line["unit"],
                format_price(line["unit_price"]) + (" (br.)" if line["price_is_gross"] else " (nt.)"),
                line["vat"],
                format_money(line["net"], r["currency"]),
                format_money(line["vat_amount"], r["currency"]),
                format_money(line["gross"], r["currency"]),
            ]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col in NUMERIC_LINE_COLUMNS:
                    item.setTextAlignment(RIGHT)
                self.lines.setItem(row, col, item)
        self.lines.blockSignals(False)
        for col in range(self.lines.columnCount()):
            if col != 1:
                self.lines.resizeColumnToContents(col)
        cur = r["currency"]
        if self.kind == DocumentKind.TRANSFER:
            self.totals.setText(f"Érték (beszerzési áron): {format_money(r['net_total'], cur)} {cur}")
            return
        self.totals.setText(
            f"Nettó: {format_money(r['net_total'], cur)}   ÁFA: {format_money(r['vat_total'], cur)}"
            f"   Bruttó: {format_money(r['gross_total'], cur)} {cur}"
        )
        due = format_date(r["due_date"])
        if self.kind == DocumentKind.INVOICE:
            self.number.setText(
                f"{r['number']}   (teljesítés: {format_date(r['fulfilment_date'])}, fizetési határidő: {due})"
            )

    def _show_nav(self, r: dict[str, Any]) -> None:
        report = r.get("nav")
        if report is None:
            return
        text = f"NAV Online Számla: {report.label}"
        if report.transaction_id:
            text += f" · tranzakció: {report.transaction_id}"
        if report.last_error and report.state != "DONE":
            text += f" · {report.last_error}"
        self.nav_state.setText(text)
        self.nav_state.setStyleSheet("color: #b00020;" if report.state == "ABORTED" else "")
        self.nav_state.setVisible(True)
        self.nav_button.setVisible(True)

    def _show_shop(self, r: dict[str, Any]) -> None:
        shop = r.get("shop")
        if not shop:
            return
        rows = [
            f"Webáruház rendelés: {shop['key']}" + (f" · állapot: {shop['status']}" if shop["status"] else "")
        ]
        if shop["delivery_point"]:
            rows.append(
                f"Csomagpont: {shop['delivery_point']}"
                + (f" ({shop['delivery_point_group']})" if shop["delivery_point_group"] else "")
                + (f", átvevő: {shop['recipient']}" if shop["recipient"] else "")
            )
        rows += [str(text)[:1].upper() + str(text)[1:] for text in shop["related"]]
        if shop["pending_change"]:
            rows.append(
                "A webáruházban módosult, itt nem változott: "
                + "; ".join(str(shop["pending_change"]).splitlines())
            )
        if shop["adopt_requested"]:
            rows.append("Átvétel kérve: a következő szinkron átveszi a webáruház változatát.")
        self.shop_info.setText("\n".join(rows))
        self.shop_info.setVisible(True)
        self.adopt_button.setVisible(bool(shop["can_adopt"]) and not shop["adopt_requested"])
        self._shop = shop

    def _adopt(self) -> None:
        shop = getattr(self, "_shop", None)
        if not shop:
            return
        link_id, shop_id = int(shop["link_id"]), int(shop["shop_id"])

        def work(db: Database) -> str:
            from app.credentials import CredentialStore
            from app.sync.jobs import Job
            from app.sync.shop_sync import sync_shop

            with db.transaction() as session:
                ask_to_adopt(session, link_id)
            return sync_shop(db, CredentialStore(), shop_id, (Job.ORDERS,), trigger=Trigger.BUTTON).summary()

        def done(text: str) -> None:
            self.ctx.changes.emit(changes.DOCUMENTS, changes.STOCK)
            QMessageBox.information(self, "Átvétel a webáruházból", text)
            self.accept()

        def failed(exc: BaseException) -> None:
            self.adopt_button.setEnabled(True)
            show_error(self, exc)

        self.adopt_button.setEnabled(False)
        self.ctx.tasks.run(work, done, failed, parent=self)

    def _open_nav(self) -> None:
        from app.gui.screens.sales.nav_report import NavReportDialog

        if self.document_id is not None:
            NavReportDialog(self.ctx, self.document_id, self).open()

    def _show_split(self, r: dict[str, Any]) -> None:
        parts: list[SplitPart] = r.get("split") or []
        if not parts:
            return
        names = {line["position"]: line["name"] for line in r["lines"]}
        by_line: dict[int, list[str]] = {}
        for part in parts:
            by_line.setdefault(part.position, []).append(
                f"{part.vat_code}: {format_money(part.gross, r['currency'])}"
            )
        rows = [
            f"{position}. {names.get(position, '')} → " + " · ".join(texts)
            for position, texts in sorted(by_line.items())
        ]
        self.split.setText(
            "A számlán ÁFA-kulcsonként megosztva (Áfa tv. 70. §, a termékek bruttó értéke arányában): "
            + "; ".join(rows)
        )
        self.split.setVisible(True)

    # --- editing ------------------------------------------------------------------------------
    def add_line(self, code: str = "", quantity: str = "1", unit_price: str = "") -> None:
        row = self.lines.rowCount()
        self.lines.blockSignals(True)
        self.lines.insertRow(row)
        for col, value in enumerate([code, "", quantity, "", unit_price, "", "", "", ""]):
            item = QTableWidgetItem(value)
            self.lines.setItem(row, col, item)
        self.lines.blockSignals(False)
        if code:
            self._lookup(row, code)

    def _add_empty_line(self) -> None:
        self.add_line()

    def _remove_line(self) -> None:
        row = self.lines.currentRow()
        if row >= 0:
            self.lines.removeRow(row)

    def _line_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0 and item.text().strip():
            self._lookup(item.row(), item.text().strip())

    def _lookup(self, row: int, code: str) -> None:
        def find(db: Database) -> Any:
            with db.reading() as session:
                return find_product(session, code)

        def found(hit: Any) -> None:
            if row >= self.lines.rowCount():
                return
            self.lines.blockSignals(True)
            if hit is None:
                self._cell(row, 1).setText("– ismeretlen termékkód –")
            else:
                self._cell(row, 1).setText(hit.name)
                self._cell(row, 3).setText(hit.unit)
                self._cell(row, 5).setText(hit.vat_code)
            self.lines.blockSignals(False)

        self.ctx.tasks.run(find, found, parent=self)

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.lines.item(row, column)
        if item is None:
            item = QTableWidgetItem("")
            self.lines.setItem(row, column, item)
        return item

    def _text(self, row: int, column: int) -> str:
        item = self.lines.item(row, column)
        return item.text() if item is not None else ""

    def collect(self) -> tuple[docs.DocumentInput, list[str]]:
        """The header and the lines; product codes are resolved to ids in the saving transaction."""
        lines: list[docs.LineInput] = []
        codes: list[str] = []
        for row in range(self.lines.rowCount()):
            code = self._text(row, 0).strip()
            if not code:
                continue
            qty_text = self._text(row, 2)
            price_text = self._text(row, 4).strip()
            try:
                quantity = parse_decimal(qty_text)
                price = parse_decimal(price_text) if price_text else None
            except Exception as exc:
                raise ValidationError(
                    f"A(z) {row + 1}. tételben hibás szám: „{qty_text}” / „{price_text}”."
                ) from exc
            lines.append(docs.LineInput(quantity=quantity, unit_price=price))
            codes.append(code)
        q = self.issue_date.date()
        sales = self.kind in SALES
        receipt = self.kind == DocumentKind.PURCHASE_RECEIPT
        invoiced = self.supplier_invoice_date.date()
        data = docs.DocumentInput(
            lines=lines,
            customer_id=self.customer.currentData() if sales else None,
            warehouse_id=self.warehouse.currentData(),
            payment_method_id=self.payment.currentData() if sales else None,
            shipping_method_id=self.shipping.currentData() if sales else None,
            supplier_id=self._supplier_id() if receipt else None,
            supplier_invoice_number=self.supplier_invoice.text() if receipt else "",
            supplier_invoice_date=date(invoiced.year(), invoiced.month(), invoiced.day())
            if receipt and invoiced != NO_DATE
            else None,
            issue_date=date(q.year(), q.month(), q.day()),
            fulfilment_date=self._delivery_day(),
            header_note=self.header_note.toPlainText(),
            internal_note=self.internal_note.toPlainText(),
        )
        return data, codes

    def _supplier_id(self) -> int | None:
        """The chosen supplier; a typed name must be one of the list (a new one is made under
        Törzsadatok › Szállítók, not by a typo here)."""
        text = self.supplier.currentText().strip()
        index = self.supplier.findText(text)
        if not text or index <= 0:
            if text and text != "(nincs megadva)":
                raise ValidationError(
                    f"Nincs ilyen szállító: „{text}”. Vegye fel a Törzsadatok › Szállítók listában."
                )
            return None
        supplier_id: int | None = self.supplier.itemData(index)
        return supplier_id

    def _delivery_day(self) -> date | None:
        if self.kind != DocumentKind.CUSTOMER_ORDER or self.delivery_date.date() == NO_DATE:
            return None
        d = self.delivery_date.date()
        return date(d.year(), d.month(), d.day())

    def save(self) -> None:
        if self.read_only:
            self.accept()
            return
        try:
            data, codes = self.collect()
        except AppError as exc:
            show_error(self, exc)
            return
        kind = self.kind
        target = self.target.currentData()

        def work(db: Database) -> str:
            # An invoice's commit waits for the disk (it may be printed at once): see Database.issuing.
            with db.issuing() if kind == DocumentKind.INVOICE else db.transaction() as session:
                for position, (line, code) in enumerate(zip(data.lines, codes, strict=True), start=1):
                    hit = find_product(session, code)
                    if hit is None:
                        raise ValidationError(f"A(z) {position}. tétel termékkódja ismeretlen: {code}")
                    line.product_id = hit.id
                create = {
                    DocumentKind.CUSTOMER_ORDER: docs.create_customer_order,
                    DocumentKind.INVOICE: invoicing.issue_invoice,
                    DocumentKind.PURCHASE_RECEIPT: docs.create_purchase_receipt,
                    DocumentKind.TRANSFER: lambda s, d: docs.create_transfer(s, target, d),
                }[kind]
                return create(session, data).number

        def saved(number: str) -> None:
            self.saved_number = number
            self.ctx.changes.emit(changes.DOCUMENTS, changes.STOCK)
            if kind == DocumentKind.INVOICE:
                from app.gui.operations.nav import report_to_nav

                report_to_nav(self.ctx)
            self.accept()

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            show_error(self, exc)

        self.buttons.setEnabled(False)
        self.ctx.tasks.run(work, saved, failed, parent=self)
