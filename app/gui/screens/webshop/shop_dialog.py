"""Webáruház beállításai: connection, orders, stock, automation, mappings; Kapcsolat tesztelése."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.credentials import CredentialStore
from app.db.database import Database
from app.gui import changes
from app.gui.context import AppContext
from app.sync import shops
from app.sync.matching.services import ROLE_LABELS
from app.sync.shop_settings import (
    KIND_LABELS,
    NEW_SERVICE,
    ShopForm,
    connection_report,
    load_shop_form,
    save_mapping,
)
from app.sync.shops import ShopSettings, save_shop
from app.unas.state import MemoryStateStore

WORKSTATION_NOTE = (
    "Az API kulcs ennek a gépnek a jelszótárolójába kerül, az adatbázisba nem. Ha több munkaállomás "
    "használ közös adatbázist, a kulcsot azon a gépen is meg kell adni, amelyik szinkronizál."
)


class ShopDialog(QDialog):
    def __init__(self, ctx: AppContext, shop_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.shop_id = shop_id
        self.form: ShopForm | None = None
        # Per (URL, key) typed: a refused key is not tried again from this dialog (the shop bans
        # after 5 failed logins an hour); nothing of it is saved.
        self._test_stores: dict[tuple[str, str], MemoryStateStore] = {}
        self.setWindowTitle("Új webáruház" if shop_id is None else "Webáruház beállításai")
        self.resize(640, 560)
        self.tabs = QTabWidget()

        self.name = QLineEdit()
        self.api_key = QLineEdit()
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key.setObjectName("api_key")
        self.which_orders = QComboBox()
        self.which_orders.addItem("Minden új rendelés", False)
        self.which_orders.addItem("Csak a számlázható rendelések", True)
        self.since = QDateEdit()
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy.MM.dd.")
        self.since.setDate(QDate.currentDate())
        self.order_warehouse = QComboBox()
        self.stock_warehouses = QListWidget()
        self.stock_warehouses.setFixedHeight(80)
        self.prefix = QLineEdit()
        self.prefix.setPlaceholderText("pl. WEB (alapból a webáruház nevéből)")
        self.write_back = QCheckBox("A számlaszám visszaírása a webáruházba (Számlázva)")
        self.shipping_rate = QCheckBox(
            "A szállítási és kezelési költség a webáruház ÁFA-kulcsán marad (nem osztjuk meg a termékek "
            "kulcsai szerint – csak ha a könyvelője így kéri)"
        )
        self.auto_sync = QCheckBox("Automatikus szinkron, amíg a program fut")
        self.interval = QSpinBox()
        self.interval.setRange(1, 1440)
        self.interval.setSuffix(" perc")
        self.is_test = QCheckBox("Teszt webáruház (a számlák a TESZT sorszámtartományba kerülnek)")
        self.active = QCheckBox("Aktív")
        self.base_url = QLineEdit()
        note = QLabel(WORKSTATION_NOTE)
        note.setWordWrap(True)

        basic = QWidget()
        f = QFormLayout(basic)
        f.addRow("Név:", self.name)
        f.addRow("API kulcs:", self.api_key)
        f.addRow("", note)
        f.addRow("Letöltendő rendelések:", self.which_orders)
        f.addRow("Első importálás kezdőnapja:", self.since)
        f.addRow("Rendelések raktára:", self.order_warehouse)
        f.addRow("Készlet ezekből a raktárakból:", self.stock_warehouses)
        f.addRow("Rendelések sorszám-előtagja:", self.prefix)
        f.addRow("", self.write_back)
        f.addRow("", self.shipping_rate)
        f.addRow("", self.auto_sync)
        f.addRow("Szinkron időköze:", self.interval)
        f.addRow("", self.is_test)
        f.addRow("", self.active)
        self.tabs.addTab(basic, "Alapadatok")

        advanced = QWidget()
        fa = QFormLayout(advanced)
        fa.addRow("API cím:", self.base_url)
        hint = QLabel("Csak akkor módosítsa, ha a UNAS vagy a tesztbolt más címet ad meg.")
        hint.setWordWrap(True)
        fa.addRow("", hint)
        self.tabs.addTab(advanced, "Haladó")

        mapping_tab = QWidget()
        ml = QVBoxLayout(mapping_tab)
        self.mappings = QTableWidget(0, 4)
        self.mappings.setHorizontalHeaderLabels(["Fajta", "A webáruházban", "Nálunk", "Jelleg"])
        self.mappings.horizontalHeader().setStretchLastSection(True)
        self.mappings.setColumnWidth(0, 130)
        self.mappings.setColumnWidth(1, 200)
        self.mappings.setColumnWidth(2, 260)
        ml.addWidget(
            QLabel(
                "ÁFA-kódok, szolgáltatássorok, fizetési és szállítási módok megfeleltetése. A módosítás után "
                "az Újrapróbálás importálja a miattuk várakozó rendeléseket."
            )
        )
        ml.addWidget(self.mappings, 1)
        row = QHBoxLayout()
        self.retry_button = QPushButton("Újrapróbálás")
        self.retry_button.clicked.connect(self._retry)
        row.addStretch(1)
        row.addWidget(self.retry_button)
        ml.addLayout(row)
        self.tabs.addTab(mapping_tab, "Megfeleltetések")

        self.test_button = QPushButton("Kapcsolat tesztelése")
        self.test_button.setObjectName("test_connection")
        self.test_button.clicked.connect(self._test)
        self.test_result = QLabel("")
        self.test_result.setObjectName("test_result")
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Mentés")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Mégse")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.test_result)
        bottom = QHBoxLayout()
        bottom.addWidget(self.test_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self.setEnabled(False)
        ctx.tasks.run(self._load, self._fill, self._failed, parent=self)

    # --- loading ------------------------------------------------------------------------------
    def _load(self, db: Database) -> ShopForm:
        return load_shop_form(db, CredentialStore(), self.shop_id)

    def _fill(self, form: ShopForm) -> None:
        self.form = form
        s = form.settings
        self.name.setText(s.name)
        self.api_key.setPlaceholderText("(megadva – üresen hagyva változatlan)" if form.has_key else "")
        self.which_orders.setCurrentIndex(1 if s.billable_only else 0)
        if s.import_since:
            self.since.setDate(QDate(s.import_since.year, s.import_since.month, s.import_since.day))
        for wid, name in form.warehouses:
            self.order_warehouse.addItem(name, wid)
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, wid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if wid in s.stock_warehouse_ids else Qt.CheckState.Unchecked
            )
            self.stock_warehouses.addItem(item)
        self.order_warehouse.setCurrentIndex(max(0, self.order_warehouse.findData(s.order_warehouse_id)))
        self.prefix.setText(s.series_prefix)
        self.write_back.setChecked(s.write_back_invoices)
        self.shipping_rate.setChecked(s.shipping_at_shop_rate)
        self.auto_sync.setChecked(s.auto_sync)
        self.interval.setValue(s.sync_interval_minutes)
        self.is_test.setChecked(s.is_test)
        self.active.setChecked(s.active)
        self.base_url.setText(s.base_url)
        self.mappings.setRowCount(len(form.mappings))
        for r, m in enumerate(form.mappings):
            self.mappings.setItem(r, 0, _readonly(KIND_LABELS.get(m.kind, m.kind)))
            self.mappings.setItem(r, 1, _readonly(m.shop_value))
            combo = QComboBox()
            if not m.target:
                combo.addItem("(válasszon)")  # a code that holds orders: not mapped yet
            combo.addItems(form.targets.get(m.kind, []))
            if m.kind == "service":
                combo.addItem(NEW_SERVICE)
            combo.setCurrentText(m.target or "(válasszon)")
            combo.setProperty("mapping", (m.kind, m.shop_value))
            self.mappings.setCellWidget(r, 2, combo)
            if m.kind == "service":
                # What the line is: a gift can be a discount (lowers the tax base) or a redeemed
                # voucher (a payment); shipping and handling are shared out as costs.
                role = QComboBox()
                role.addItem("(a sor szerint)", None)
                for value, label in ROLE_LABELS.items():
                    role.addItem(label, value)
                role.setCurrentIndex(max(role.findData(m.role), 0) if m.role else 0)
                self.mappings.setCellWidget(r, 3, role)
        self.tabs.setTabEnabled(2, self.shop_id is not None)
        self.setEnabled(True)

    def settings(self) -> ShopSettings:
        checked = [
            int(self.stock_warehouses.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.stock_warehouses.count())
            if self.stock_warehouses.item(i).checkState() == Qt.CheckState.Checked
        ]
        since = self.since.date()
        from datetime import date

        return ShopSettings(
            name=self.name.text().strip(),
            base_url=self.base_url.text().strip(),
            billable_only=bool(self.which_orders.currentData()),
            import_since=date(since.year(), since.month(), since.day()),
            order_warehouse_id=self.order_warehouse.currentData(),
            stock_warehouse_ids=checked,
            series_prefix=self.prefix.text().strip(),
            write_back_invoices=self.write_back.isChecked(),
            shipping_at_shop_rate=self.shipping_rate.isChecked(),
            auto_sync=self.auto_sync.isChecked(),
            sync_interval_minutes=self.interval.value(),
            is_test=self.is_test.isChecked(),
            active=self.active.isChecked(),
        )

    def _mapping_choices(self) -> list[tuple[str, str, str, str | None]]:
        out = []
        for r in range(self.mappings.rowCount()):
            combo = self.mappings.cellWidget(r, 2)
            role = self.mappings.cellWidget(r, 3)
            if isinstance(combo, QComboBox):
                kind, value = combo.property("mapping")
                if combo.currentText() != "(válasszon)":
                    chosen = role.currentData() if isinstance(role, QComboBox) else None
                    out.append((kind, value, combo.currentText(), chosen))
        return out

    # --- actions ------------------------------------------------------------------------------
    def save(self, then_close: bool = True) -> None:
        settings = self.settings()
        key = self.api_key.text().strip() or None
        mappings = self._mapping_choices()
        shop_id = self.shop_id

        def work(db: Database) -> int:
            saved = save_shop(db, CredentialStore(), shop_id, settings, key)
            for kind, value, target, role in mappings:
                save_mapping(db, saved, kind, value, target, role)
            return saved

        def done(saved: int) -> None:
            self.shop_id = saved
            self.ctx.changes.emit(changes.SHOPS)
            if shop_id is None and not settings.is_test and self._offer_first_import(saved, then_close):
                return
            if then_close:
                self.accept()

        self.ctx.tasks.run(work, done, self._failed, parent=self)

    def _offer_first_import(self, shop_id: int, then_close: bool) -> bool:
        """A new live shop: its products with stock and its registered customers come in before
        the first order sync, if the user wants (Törzsadatok importálása)."""
        answer = QMessageBox.question(
            self,
            "Első kapcsolódás",
            "Áthozza most a webáruház termékeit (készlettel) és a regisztrált vevőit? Így az első "
            "rendelésszinkron már ezekhez kapcsolja a rendeléseket. (Később is elérhető: Beállítások › "
            "Törzsadatok importálása.)",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False

        def work(db: Database) -> str:
            from app.sync.customer_import import import_customers
            from app.sync.shop_import import import_from_shop

            client = shops.shop_client(db, CredentialStore(), shop_id)
            products = import_from_shop(db, shop_id, client)
            customers = import_customers(db, shop_id, client)
            return f"Termékek: {products.summary()}\nVevők: {customers.summary()}"

        def done(text: str) -> None:
            self.ctx.changes.emit(changes.PRODUCTS, changes.STOCK, changes.CUSTOMERS)
            QMessageBox.information(self, "Első kapcsolódás", text)
            if then_close:
                self.accept()

        self.ctx.tasks.run(work, done, self._failed, parent=self)
        return True

    def _test(self) -> None:
        """One login with what the dialog holds; nothing is saved (Mentés saves, Mégse undoes
        nothing because nothing was done)."""
        settings = self.settings()
        key = self.api_key.text().strip() or None
        shop_id = self.shop_id
        self.test_result.setText("Kapcsolódás…")
        self.test_button.setEnabled(False)

        store = self._test_stores.setdefault((settings.base_url, key or ""), MemoryStateStore())

        def work(db: Database) -> str:
            info = shops.try_connection(db, CredentialStore(), shop_id, settings.base_url, key, store)
            return connection_report(info)[0]

        def done(text: str) -> None:
            self.test_button.setEnabled(True)
            self.test_result.setText(text + "\nA beállítások a Mentés gombbal kerülnek mentésre.")

        def failed(exc: BaseException) -> None:
            from app.errors import AppError

            self.test_button.setEnabled(True)
            self.test_result.setText(exc.user_message if isinstance(exc, AppError) else "Váratlan hiba.")

        self.ctx.tasks.run(work, done, failed, parent=self)

    def _retry(self) -> None:
        if self.shop_id is None:
            return
        mappings = self._mapping_choices()
        shop_id = self.shop_id

        def work(db: Database) -> str:
            from app.sync.shop_sync import Job, retry_failed

            for kind, value, target, role in mappings:
                save_mapping(db, shop_id, kind, value, target, role)
            return retry_failed(db, CredentialStore(), shop_id, (Job.ORDERS,)).summary()

        def done(text: str) -> None:
            self.ctx.changes.emit(changes.DOCUMENTS, changes.STOCK, changes.SHOPS)
            QMessageBox.information(self, "Újrapróbálás", text)

        self.ctx.tasks.run(work, done, self._failed, parent=self)

    def _failed(self, exc: BaseException) -> None:
        from app.gui.error_dialog import show_error

        self.setEnabled(True)
        show_error(self, exc)


def _readonly(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item
