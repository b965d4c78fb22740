"""Termék adatlap: every product field, the image picker and the Webáruházas checkbox."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.db.catalog import ProductKind
from app.db.database import Database
from app.errors import AppError, ValidationError
from app.formatting import format_date, format_quantity
from app.gui import changes
from app.gui.context import AppContext
from app.gui.error_dialog import show_error
from app.gui.widgets.decimal_edit import DecimalEdit
from app.output.product_images import CheckedImage, check_image, thumbnail_png
from app.services.product_forms import ProductFormData, load_product_form
from app.services.products import ProductInput, create_product, update_product

KINDS = [(ProductKind.GOODS, "Termék (készletes)"), (ProductKind.SERVICE, "Szolgáltatás")]


CENT = Decimal("0.01")


class ProductDialog(QDialog):
    def __init__(self, ctx: AppContext, product_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.product_id = product_id
        self.image: bytes | None = None  # what will be saved; None = unchanged
        self.image_removed = False
        self.setWindowTitle("Új termék" if product_id is None else "Termék adatlap")
        self.resize(900, 620)

        self.code = QLineEdit()
        self.name = QLineEdit()
        self.kind = QComboBox()
        for value, label in KINDS:
            self.kind.addItem(label, value)
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.vat = QComboBox()
        self.net_price = DecimalEdit("Nettó eladási ár")
        self.gross_price = DecimalEdit("Bruttó eladási ár")
        self.purchase_price = DecimalEdit("Beszerzési ár")
        self.location = QLineEdit()
        self.location.setObjectName("location")
        self.location.setPlaceholderText("pl. A-03-2 (polc, rekesz): a szedőlista ebben a sorrendben halad")
        self.categories = QPlainTextEdit()
        self.categories.setPlaceholderText(
            "Soronként egy kategória, pl. Szerszámok|Fúrógépek. Az első a fő kategória."
        )
        self.categories.setFixedHeight(64)
        # The picker: the category tree already in use (typing finds any part of a path).
        self.category_picker = QComboBox()
        self.category_picker.setObjectName("category_picker")
        self.category_picker.setEditable(True)
        self.category_picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        picker_edit = self.category_picker.lineEdit()
        if picker_edit is not None:
            picker_edit.setPlaceholderText("Meglévő kategória kiválasztása…")
        self.add_category = QPushButton("Hozzáadás")
        self.add_category.setObjectName("add_category")
        self.add_category.clicked.connect(self._add_category)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Leírás (a webáruházban a termék hosszú leírása)")
        self.webshop = QCheckBox("Webáruházas (a termék szinkronizálódik a webáruházba)")
        self.webshop.setObjectName("webshop")
        self.webshop.setVisible(False)
        # The price typed last is the one kept; the other is derived from the VAT rate.
        self.price_basis = "gross"
        self.vat_percents: dict[str, Decimal] = {}
        self.vat.currentTextChanged.connect(self._follow)
        self.net_price.textEdited.connect(self._net_typed)
        self.gross_price.textEdited.connect(self._gross_typed)

        self.thumbnail = QLabel("Nincs kép")
        self.thumbnail.setFixedSize(170, 170)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setStyleSheet("border: 1px solid #bbb; background: #fafafa;")
        pick = QPushButton("Kép kiválasztása…")
        pick.clicked.connect(self._pick_image)
        remove = QPushButton("Kép törlése")
        remove.clicked.connect(self._remove_image)
        self.stock_label = QLabel("")
        self.stock_label.setWordWrap(True)
        self.shop_label = QLabel("")
        self.shop_label.setObjectName("shop_status")
        self.shop_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Termékkód *:", self.code)  # * required, as in every form
        form.addRow("Megnevezés *:", self.name)
        form.addRow("Típus:", self.kind)
        form.addRow("Mennyiségi egység:", self.unit)
        form.addRow("ÁFA-kulcs:", self.vat)
        form.addRow("Nettó eladási ár (Ft):", self.net_price)
        form.addRow("Bruttó eladási ár (Ft):", self.gross_price)
        form.addRow("Beszerzési ár (nettó, Ft):", self.purchase_price)
        form.addRow("Tárolóhely:", self.location)
        form.addRow("Kategóriák:", self.categories)
        picker_row = QHBoxLayout()
        picker_row.addWidget(self.category_picker, 1)
        picker_row.addWidget(self.add_category)
        form.addRow("", picker_row)
        form.addRow("Megjegyzés / leírás:", self.note)
        form.addRow("", self.webshop)

        image_box = QGroupBox("Kép (JPG vagy PNG)")
        image_layout = QVBoxLayout(image_box)
        image_layout.addWidget(self.thumbnail)
        image_layout.addWidget(pick)
        image_layout.addWidget(remove)
        stock_box = QGroupBox("Készlet")
        QVBoxLayout(stock_box).addWidget(self.stock_label)
        self.shop_box = QGroupBox("Webáruház")
        QVBoxLayout(self.shop_box).addWidget(self.shop_label)
        self.shop_box.setVisible(False)
        image_box.setFixedWidth(240)
        stock_box.setFixedWidth(240)
        self.shop_box.setFixedWidth(240)
        side = QVBoxLayout()
        side.addWidget(image_box)
        side.addWidget(stock_box)
        side.addWidget(self.shop_box)
        side.addStretch(1)

        body = QHBoxLayout()
        body.addLayout(form, 1)
        body.addLayout(side)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Mentés")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Mégse")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(self.buttons)
        self.setEnabled(False)
        ctx.tasks.run(lambda db: self._load(db), self._fill, parent=self)

    def _load(self, db: Database) -> ProductFormData:
        with db.reading() as session:
            return load_product_form(session, self.product_id)

    def _fill(self, form: ProductFormData) -> None:
        d = form.data
        self.vat.addItems(form.vat_codes)
        self.vat_percents = form.vat_percents
        self.unit.addItems(form.units or ["db"])
        self.code.setText(d.code)
        self.name.setText(d.name)
        self.kind.setCurrentIndex(0 if d.kind == ProductKind.GOODS else 1)
        self.unit.setCurrentText(d.unit)
        self.vat.setCurrentText(d.vat_code)
        self.net_price.set_value(d.net_price if self.product_id else None)
        self.gross_price.set_value(d.gross_price if self.product_id else None)
        self.purchase_price.set_value(d.purchase_price if self.product_id else None)
        self.categories.setPlainText("\n".join(d.categories))
        self.category_picker.addItems(form.known_categories)
        self.category_picker.setCurrentIndex(-1)
        completer = self.category_picker.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.note.setPlainText(d.note)
        self.location.setText(d.location)
        self.webshop.setChecked(d.webshop)
        self.webshop.setVisible(form.shop_configured)
        if form.image:
            self._show_thumbnail(form.image)
        if form.stock:
            self.stock_label.setText(
                "\n".join(
                    f"{name}: készlet {format_quantity(lvl.on_hand)}, "
                    f"foglalt {format_quantity(lvl.reserved)}, szabad {format_quantity(lvl.free)}"
                    for name, lvl in form.stock
                )
            )
        else:
            self.stock_label.setText("Nincs készletmozgás.")
        self._show_shop_status(form)
        self.setEnabled(True)
        self.code.setFocus()

    def _show_shop_status(self, form: ProductFormData) -> None:
        lines = []
        for status in form.shop_status:
            when = format_date(status.pushed_at) if status.pushed_at else "még nem küldtük el"
            lines.append(
                f"{status.shop}: utoljára elküldve {when}" if status.pushed_at else f"{status.shop}: {when}"
            )
            if status.error:
                lines.append(f"Hiba: {status.error}")
        self.shop_label.setText("\n".join(lines))
        self.shop_box.setVisible(form.shop_configured and bool(lines))

    def _add_category(self) -> None:
        """The picked (or typed) path as one more line; the first line stays the main category."""
        path = "|".join(
            part.strip() for part in self.category_picker.currentText().split("|") if part.strip()
        )
        if not path:
            return
        lines = [line for line in self.categories.toPlainText().splitlines() if line.strip()]
        if path not in lines:
            lines.append(path)
        self.categories.setPlainText("\n".join(lines))
        self.category_picker.setCurrentIndex(-1)
        self.category_picker.clearEditText()

    def _net_typed(self, _text: str) -> None:
        self.price_basis = "net"
        self._follow()

    def _gross_typed(self, _text: str) -> None:
        self.price_basis = "gross"
        self._follow()

    def _follow(self, *_args: object) -> None:
        """The other price follows the one being typed (and a change of the VAT rate)."""
        percent = self.vat_percents.get(self.vat.currentText())
        if percent is None:
            return
        typed, other = (
            (self.net_price, self.gross_price)
            if self.price_basis == "net"
            else (self.gross_price, self.net_price)
        )
        if not typed.text().strip():
            return
        try:
            value = typed.value()
        except ValidationError:
            return  # half-typed ("2.49"): the other field waits for a number
        if value is None:
            return
        factor = 1 + percent / 100
        result = value * factor if self.price_basis == "net" else value / factor
        other.set_value(result.quantize(CENT))

    def _pick_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Termékkép kiválasztása", "", "Képek (*.jpg *.jpeg *.png);;Minden fájl (*)"
        )
        if path:
            self.set_image_file(Path(path))

    def set_image_file(self, path: Path) -> None:
        """Check the file with Pillow off the UI thread; a non-JPG/PNG leaves the old image in place."""

        def check(_db: Database) -> CheckedImage:
            return check_image(path.read_bytes(), label=path.name)

        def accepted(image: CheckedImage) -> None:
            self.image = image.data
            self.image_removed = False
            self._show_thumbnail(image.data)

        self.ctx.tasks.run(check, accepted, parent=self)

    def _remove_image(self) -> None:
        self.image = None
        self.image_removed = True
        self.thumbnail.setPixmap(QPixmap())
        self.thumbnail.setText("Nincs kép")

    def _show_thumbnail(self, data: bytes) -> None:
        pixmap = QPixmap()
        pixmap.loadFromData(thumbnail_png(data))
        self.thumbnail.setPixmap(pixmap)

    def collect(self) -> ProductInput:
        net = self.net_price.value()
        gross = self.gross_price.value()
        return ProductInput(
            code=self.code.text(),
            name=self.name.text(),
            vat_code=self.vat.currentText(),
            unit=self.unit.currentText(),
            kind=self.kind.currentData(),
            gross_price=gross if self.price_basis == "gross" else None,
            net_price=net if self.price_basis == "net" else None,
            purchase_price=self.purchase_price.value() or Decimal(0),
            note=self.note.toPlainText(),
            location=self.location.text(),
            categories=self.categories.toPlainText().splitlines(),
            webshop=self.webshop.isChecked(),
            image=b"" if self.image_removed else self.image,
        )

    def save(self) -> None:
        try:
            data = self.collect()
        except AppError as exc:
            show_error(self, exc)
            return
        product_id = self.product_id

        def work(db: Database) -> int:
            with db.transaction() as session:
                if product_id is None:
                    return create_product(session, data).id
                return update_product(session, product_id, data).id

        def saved(new_id: int) -> None:
            self.product_id = new_id
            self.ctx.changes.emit(changes.PRODUCTS)
            self.accept()

        self.buttons.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            show_error(self, exc)

        self.ctx.tasks.run(work, saved, failed, parent=self)
