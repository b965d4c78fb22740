"""The stock screens as a user works them: Szállítók, a receipt from a supplier and its reversal,
Raktárközi átadás, Leltár (typed, refused, closed), Készletkimutatás (filtered, exported) and the
orders list's Szedőlista – real widgets on a real database."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
from sqlalchemy import select

from app.db.documents import Document, DocumentKind
from app.db.stock import Warehouse
from app.gui.context import AppContext
from app.gui.screens.masterdata.suppliers import SupplierListScreen, supplier_dialog
from app.gui.screens.products.stock_counts import CountDialog, StockCountListScreen
from app.gui.screens.products.stock_report import StockReportScreen
from app.gui.screens.sales.document_dialog import DocumentDialog
from app.gui.screens.sales.document_lists import OrderListScreen, ReceiptListScreen, TransferListScreen
from app.services import documents as docs
from app.services.products import ProductInput, create_product
from app.services.stock import stock_level
from tests.gui.test_documents_and_masterdata import _open, _save
from tests.pdf_text import pdf_text


def _show(screen, qtbot, rows: int):
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.model.rowCount() == rows, timeout=10000)
    return screen


def _product(ctx: AppContext, code: str, **kw) -> int:
    with ctx.db.transaction() as s:
        return create_product(
            s,
            ProductInput(code=code, name=f"Termék {code}", gross_price=D(1270), purchase_price=D(400), **kw),
        ).id


def _warehouses(ctx: AppContext) -> tuple[int, int]:
    with ctx.db.transaction() as s:
        main = s.scalar(select(Warehouse.id).order_by(Warehouse.id))
        back = Warehouse(name="Hátsó raktár")
        s.add(back)
        s.flush()
        assert main is not None
        return main, back.id


def _cell(screen, key: str, row: int = 0) -> str:
    column = [c.key for c in screen.spec.columns].index(key)
    return screen.model.index(row, column).data()


def test_a_supplier_then_a_receipt_from_it_then_its_reversal(ctx: AppContext, qtbot, messages) -> None:
    pid = _product(ctx, "BESZ-1")
    suppliers = _show(SupplierListScreen(ctx), qtbot, 0)
    dialog = _open(supplier_dialog(ctx, None, suppliers), qtbot)
    dialog.form.widgets["name"].setText("Nagyker Kft.")
    dialog.form.widgets["tax_number"].setText("12345678-2-41")  # wrong check digit
    dialog.buttons.buttons()[0].click()
    qtbot.waitUntil(lambda: len(messages) == 1)
    assert "ellenőrző számjegye hibás" in messages[0]
    dialog.form.widgets["tax_number"].setText("12345676-2-41")
    dialog.form.widgets["bank_account"].setText("11111111-22222222")
    _save(dialog, qtbot)
    qtbot.waitUntil(lambda: suppliers.model.rowCount() == 1)
    assert _cell(suppliers, "tax_number") == "12345676-2-41"

    receipts = _show(ReceiptListScreen(ctx), qtbot, 0)
    receipt = _open(DocumentDialog(ctx, DocumentKind.PURCHASE_RECEIPT), qtbot)
    receipt.supplier.setCurrentText("Nincs Ilyen Bt.")
    receipt.lines.item(0, 0).setText("BESZ-1")
    receipt.lines.item(0, 2).setText("6")
    receipt.lines.item(0, 4).setText("350")
    receipt.buttons.buttons()[0].click()
    qtbot.waitUntil(lambda: len(messages) == 2)
    assert "Nincs ilyen szállító" in messages[1]
    receipt.supplier.setCurrentIndex(receipt.supplier.findText("Nagyker Kft."))
    receipt.supplier_invoice.setText("NK-2026/118")
    _save(receipt, qtbot)
    qtbot.waitUntil(lambda: receipts.model.rowCount() == 1)
    assert (_cell(receipts, "supplier"), _cell(receipts, "supplier_invoice")) == (
        "Nagyker Kft.",
        "NK-2026/118",
    )
    with ctx.db.reading() as s:
        assert stock_level(s, pid).on_hand == D(6)
    view = _open(
        DocumentDialog(ctx, DocumentKind.PURCHASE_RECEIPT, receipts.current_id() or receipts.model.row_id(0)),
        qtbot,
    )
    assert view.supplier.currentText() == "Nagyker Kft." and view.supplier_invoice.text() == "NK-2026/118"
    assert not view.supplier.isEnabled()

    receipts.table.selectRow(0)
    receipts.action_reverse.trigger()
    qtbot.waitUntil(lambda: receipts.model.rowCount() == 2, timeout=10000)
    assert any("negatív bevételezés" in m for m in messages)
    with ctx.db.reading() as s:
        assert stock_level(s, pid).on_hand == D(0)


def test_a_transfer_through_its_form(ctx: AppContext, qtbot, messages) -> None:
    main, back = _warehouses(ctx)
    pid = _product(ctx, "ATAD-G")
    with ctx.db.transaction() as s:
        docs.create_purchase_receipt(
            s, docs.DocumentInput(lines=[docs.LineInput(D(5), pid, unit_price=D(400))], warehouse_id=main)
        )
    transfers = _show(TransferListScreen(ctx), qtbot, 0)
    form = _open(DocumentDialog(ctx, DocumentKind.TRANSFER), qtbot)
    assert form.target.currentData() != form.warehouse.currentData()  # never the source by default
    form.warehouse.setCurrentIndex(form.warehouse.findData(main))
    form.target.setCurrentIndex(form.target.findData(main))
    form.lines.item(0, 0).setText("ATAD-G")
    form.lines.item(0, 2).setText("2")
    form.buttons.buttons()[0].click()
    qtbot.waitUntil(lambda: len(messages) == 1)
    assert "nem lehet ugyanaz" in messages[0]
    form.target.setCurrentIndex(form.target.findData(back))
    form.lines.item(0, 2).setText("9")  # more than the source has
    form.buttons.buttons()[0].click()
    qtbot.waitUntil(lambda: len(messages) == 2)
    form.lines.item(0, 2).setText("2")
    _save(form, qtbot)
    qtbot.waitUntil(lambda: transfers.model.rowCount() == 1)
    assert (_cell(transfers, "source"), _cell(transfers, "target")) == (
        form.warehouse.currentText(),
        "Hátsó raktár",
    )
    with ctx.db.reading() as s:
        assert (stock_level(s, pid, main).on_hand, stock_level(s, pid, back).on_hand) == (D(3), D(2))


def test_a_count_typed_in_refused_then_closed(ctx: AppContext, qtbot, messages, tmp_path: Path) -> None:
    main, _back = _warehouses(ctx)
    short, extra = _product(ctx, "LELT-A"), _product(ctx, "LELT-B")
    with ctx.db.transaction() as s:
        docs.create_purchase_receipt(
            s,
            docs.DocumentInput(
                lines=[
                    docs.LineInput(D(10), short, unit_price=D(400)),
                    docs.LineInput(D(4), extra, unit_price=D(400)),
                ],
                warehouse_id=main,
            ),
        )
    counts = _show(StockCountListScreen(ctx), qtbot, 0)
    counts.start(main)
    qtbot.waitUntil(
        lambda: any(isinstance(w, CountDialog) for w in counts.findChildren(CountDialog)), timeout=10000
    )
    sheet = counts.findChildren(CountDialog)[0]
    qtbot.waitUntil(lambda: sheet.isEnabled() and sheet.table.rowCount() == 2, timeout=10000)
    codes = [sheet.table.item(r, 0).text() for r in range(2)]
    row_a, row_b = codes.index("LELT-A"), codes.index("LELT-B")
    sheet.table.item(row_a, 3).setText("-1")
    sheet.save_button.click()
    qtbot.waitUntil(lambda: len(messages) == 1, timeout=10000)
    assert "negatív" in messages[0]
    # Imported: an unknown code is reported by its row, the good row is taken.
    path = tmp_path / "leltar.csv"
    path.write_text("Termékkód;Leltározott\nLELT-B;6\nNINCS-9;1\n", encoding="utf-8")
    sheet.import_file(path)
    qtbot.waitUntil(lambda: len(messages) == 2, timeout=10000)
    assert "1 sor rögzítve" in messages[1] and "3. sor" in messages[1] and "NINCS-9" in messages[1]
    qtbot.waitUntil(lambda: sheet.isEnabled() and sheet.table.item(row_b, 3).text() == "6", timeout=10000)
    sheet.table.item(row_a, 3).setText("7")
    sheet.close_button.click()  # saves what was typed, then closes (the question answers yes)
    qtbot.waitUntil(lambda: sheet.close_button.isHidden() and sheet.isEnabled(), timeout=10000)
    assert "lezárva (LH-" in sheet.header.text() and "LTB-" in sheet.header.text()
    assert "Hiány értéke: 1\u00a0200" in sheet.values.text() and "többlet értéke: 800" in sheet.values.text()
    assert sheet.table.item(row_a, 4).text() == "-3"
    qtbot.waitUntil(
        lambda: counts.model.rowCount() == 1 and _cell(counts, "status") == "Lezárva", timeout=10000
    )
    with ctx.db.reading() as s:
        assert (stock_level(s, short).on_hand, stock_level(s, extra).on_hand) == (D(7), D(6))


def test_the_stock_report_filters_and_exports(ctx: AppContext, qtbot, messages, tmp_path: Path) -> None:
    main, back = _warehouses(ctx)
    pid = _product(ctx, "KESZ-1", location="A-1")
    _product(ctx, "KESZ-2")
    with ctx.db.transaction() as s:
        docs.create_purchase_receipt(
            s, docs.DocumentInput(lines=[docs.LineInput(D(10), pid, unit_price=D(400))], warehouse_id=main)
        )
        docs.create_customer_order(
            s, docs.DocumentInput(lines=[docs.LineInput(D(3), pid)], warehouse_id=main)
        )
        docs.create_customer_order(
            s, docs.DocumentInput(lines=[docs.LineInput(D(1), pid)], warehouse_id=back)
        )
    report = _show(StockReportScreen(ctx), qtbot, 4)  # 2 products × 2 warehouses
    bar = report.filter_bar
    assert bar is not None
    choice = bar.choices["warehouse"]
    choice.setCurrentIndex(choice.findData("Hátsó raktár"))
    assert report.model.rowCount() == 2
    choice.setCurrentIndex(0)
    bar.negatives["free"].setChecked(True)
    assert report.model.rowCount() == 1 and _cell(report, "free") == "-1"
    bar.negatives["free"].setChecked(False)
    report.search.setText("KESZ-1")
    qtbot.waitUntil(lambda: report.model.rowCount() == 2)
    target = tmp_path / "keszlet.xlsx"
    report.export(target)
    qtbot.waitUntil(lambda: any("2 sor mentve" in m for m in messages), timeout=10000)
    sheet = openpyxl.load_workbook(target).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    header = next(r for r in rows if "Termékkód" in r)
    data = [dict(zip(header, r, strict=True)) for r in rows[rows.index(header) + 1 :] if r[0] == "KESZ-1"]
    main_row = next(r for r in data if r["Raktár"] != "Hátsó raktár")
    assert (main_row["Készlet"], main_row["Foglalt"], main_row["Szabad"]) == (10, 3, 7)
    assert main_row["Készletérték (beszerzési áron)"] == 4000 and main_row["Tárolóhely"] == "A-1"


def test_the_orders_list_prints_a_picking_list(ctx: AppContext, qtbot, monkeypatch, tmp_path: Path) -> None:
    pid = _product(ctx, "SZED-G")
    with ctx.db.transaction() as s:
        for qty in ("2", "3"):
            docs.create_customer_order(s, docs.DocumentInput(lines=[docs.LineInput(D(qty), pid)]))
    shown: list[Path] = []
    monkeypatch.setattr(
        "app.gui.operations.picking.show_pdf", lambda _parent, path, _what: shown.append(path)
    )
    orders = _show(OrderListScreen(ctx), qtbot, 2)
    orders.table.selectAll()
    orders.action_picking.trigger()
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=10000)
    text = pdf_text(shown[0], layout=True)
    line = next(ln for ln in text.splitlines() if "SZED-G" in ln)
    assert "5 db" in line
    orders.table.selectRow(0)
    orders.action_delivery.trigger()
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=10000)
    with ctx.db.reading() as s:
        numbered = s.scalars(
            select(Document.delivery_note_number).where(Document.delivery_note_number != "")
        ).all()
    assert len(numbered) == 1 and numbered[0] in shown[1].name
