"""Takes docs/screenshots/main_window.png: the main window with some data, grabbed from the X screen.

Run under Xvfb:  xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python docs/screenshots/make_main_window.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from decimal import Decimal as D
from pathlib import Path

OUT = Path(__file__).with_name("main_window.png")


def fill(db) -> None:
    from app.services import documents as docs
    from app.services.customers import CustomerInput, create_customer
    from app.services.products import ProductInput, create_product

    with db.transaction() as s:
        items = [
            ("FURO-1", "Árvíztűrő tükörfúrógép", "Szerszámok|Fúrógépek", "45990"),
            ("CSAVAR-50", "Facsavar 4×50 mm (100 db)", "Szerszámok|Kötőelemek", "1290"),
            ("KABEL-2M", "Hosszabbító kábel 2 m", "Elektronika|Kábelek", "2490"),
            ("LAMPA-LED", "LED munkalámpa", "Elektronika|Világítás", "8990"),
            ("KESZTYU-L", "Munkavédelmi kesztyű, L", "Munkavédelem", "990"),
        ]
        products = [
            create_product(
                s, ProductInput(code=c, name=n, categories=[cat], gross_price=D(p), purchase_price=D(p) / 2)
            )
            for c, n, cat, p in items
        ]
        cust = create_customer(
            s, CustomerInput(name="Kiss Éva", email="eva@example.hu", billing_city="Szeged")
        )
        docs.create_purchase_receipt(
            s,
            docs.DocumentInput(
                lines=[docs.LineInput(D(20), p.id, unit_price=p.purchase_price) for p in products]
            ),
        )
        docs.create_customer_order(
            s,
            docs.DocumentInput(
                lines=[docs.LineInput(D(3), products[0].id), docs.LineInput(D(2), products[2].id)],
                customer_id=cust.id,
                header_note="Webshop rendelés: 1000-1001",
            ),
        )
        docs.create_invoice(
            s, docs.DocumentInput(lines=[docs.LineInput(D(2), products[0].id)], customer_id=cust.id)
        )


def main() -> None:
    os.environ.setdefault("BOLTHID_HOME", tempfile.mkdtemp())
    from PySide6.QtCore import QTimer

    from app.bootstrap import open_database
    from app.gui.application import build_main_window, create_application

    app = create_application()
    db = open_database()
    fill(db)
    window = build_main_window(db)
    window.resize(1360, 820)
    window.move(0, 0)
    window.show()
    from app.gui.screens.products.product_list import ProductListScreen

    window.open_screen(ProductListScreen)

    def shoot() -> None:
        screen = app.primaryScreen()
        screen.grabWindow(0).copy(0, 0, 1360, 820).save(str(OUT))
        print(f"written {OUT}", file=sys.stderr)
        app.quit()

    QTimer.singleShot(2000, shoot)
    app.exec()
    db.dispose()


if __name__ == "__main__":
    main()
