"""Demo data for the sandbox shop: Hungarian products with images, customers and varied orders."""

from __future__ import annotations

import base64
import io
import random
import time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from PIL import Image, ImageDraw

from app.sandbox.shop_state import ShopData, ShopState

CATEGORY_TREE = {
    "Szerszámok": ["Fúrógépek", "Kéziszerszámok", "Csavarok"],
    "Kert": ["Locsolás", "Kerti bútor", "Virágföld"],
    "Konyha": ["Edények", "Kések", "Kisgépek"],
    "Elektronika": ["Kábelek", "Világítás", "Elemek"],
    "Otthon": ["Textil", "Dekoráció", "Tisztítószerek"],
}
NOUNS = {
    "Fúrógépek": ["ütvefúró", "akkus fúró-csavarozó", "fúrókalapács"],
    "Kéziszerszámok": ["kalapács", "csavarhúzókészlet", "fogó", "vízmérték"],
    "Csavarok": ["facsavar 4×40", "gipszkartoncsavar", "tipli készlet"],
    "Locsolás": ["locsolótömlő 20 m", "szórófej", "öntözőkanna"],
    "Kerti bútor": ["kerti szék", "napernyő", "függőágy"],
    "Virágföld": ["virágföld 20 l", "tőzeg", "komposzt"],
    "Edények": ["lábas", "serpenyő", "fazék", "tepsi"],
    "Kések": ["szakácskés", "kenyérvágó kés", "késélező"],
    "Kisgépek": ["vízforraló", "kenyérpirító", "botmixer"],
    "Kábelek": ["hosszabbító", "USB-C kábel", "HDMI kábel"],
    "Világítás": ["LED izzó", "asztali lámpa", "fényfüzér"],
    "Elemek": ["AA elem (4 db)", "AAA elem (4 db)", "gombelem"],
    "Textil": ["törölköző", "ágyneműhuzat", "díszpárna"],
    "Dekoráció": ["képkeret", "gyertya", "váza"],
    "Tisztítószerek": ["mosogatószer", "ablaktisztító", "súrolószer"],
}
ADJECTIVES = ["prémium", "klasszikus", "erős", "könnyű", "öko", "profi", "mini", "XL"]
FIRST = [
    "Anna",
    "Bence",
    "Csilla",
    "Dániel",
    "Éva",
    "Ferenc",
    "Gréta",
    "Hunor",
    "Ildikó",
    "János",
    "Kata",
    "László",
    "Márta",
    "Nándor",
    "Orsolya",
    "Péter",
    "Réka",
    "Sándor",
    "Tünde",
    "Ödön",
]
LAST = [
    "Kiss",
    "Nagy",
    "Szabó",
    "Tóth",
    "Varga",
    "Kovács",
    "Horváth",
    "Molnár",
    "Németh",
    "Farkas",
    "Őri",
    "Üveges",
]
CITIES = [
    ("1111", "Budapest"),
    ("6720", "Szeged"),
    ("4025", "Debrecen"),
    ("7621", "Pécs"),
    ("9021", "Győr"),
    ("8000", "Székesfehérvár"),
    ("3525", "Miskolc"),
]
STREETS = ["Fő utca", "Kossuth Lajos utca", "Petőfi Sándor utca", "Árpád út", "Rákóczi út", "Széchenyi tér"]
COMPANIES = ["Fűrész és Társa Kft.", "Kerti Álom Bt.", "Őszi Levél Kft.", "Csavar-Centrum Zrt."]
STATUSES = [
    {"id": 1, "name": "Beérkezett", "type": "open_normal", "invoice_status": "billable"},
    {"id": 2, "name": "Feldolgozás alatt", "type": "open_normal", "invoice_status": "default"},
    {"id": 3, "name": "Teljesítve", "type": "close_ok", "invoice_status": "billed"},
    {"id": 4, "name": "Törölve", "type": "close_fault", "invoice_status": "not_billable"},
]
METHODS = [
    {"id": 11, "name": "Banki átutalás", "type": "payment", "subtype": "transfer", "tax": 27},
    {"id": 12, "name": "Utánvét", "type": "payment", "subtype": "cod", "tax": 27},
    {"id": 13, "name": "Bankkártyás fizetés", "type": "payment", "subtype": "bankcard", "tax": 27},
    {"id": 14, "name": "Készpénz (személyes átvétel)", "type": "payment", "subtype": "cash", "tax": 27},
    {"id": 21, "name": "GLS futárszolgálat", "type": "shipping", "tax": 27},
    {"id": 22, "name": "MPL házhoz", "type": "shipping", "tax": 27},
    {"id": 23, "name": "Személyes átvétel", "type": "shipping", "tax": 27},
]
VAT_BY_CATEGORY = {"Konyha": "27%", "Elektronika": "27%", "Otthon": "27%", "Kert": "18%", "Szerszámok": "27%"}


def _round(value: Decimal, places: str = "1") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _image(rng: random.Random, label: str, fmt: str) -> dict[str, Any]:
    img = Image.new("RGB", (64, 64), tuple(rng.randrange(40, 220) for _ in range(3)))
    ImageDraw.Draw(img).text((6, 24), label[:8], fill=(255, 255, 255))
    out = io.BytesIO()
    img.save(out, fmt)
    return {
        "ext": "jpg" if fmt == "JPEG" else "png",
        "data": base64.b64encode(out.getvalue()).decode(),
        "version": None,
    }


def generate(
    products: int = 200, orders: int = 60, seed: int = 1, customers: int = 40, *, live_like: bool = False
) -> ShopData:
    """A shop with history. ``live_like`` adds what live shops send beyond the four service
    lines (unas-quirks.md B41, B49, B52): a ``gift`` line, a parcel-locker order, a merged order."""
    rng = random.Random(seed)
    data = ShopData()
    state = ShopState(data)
    now = time.time()
    leaf_ids: list[tuple[int, str, str]] = []
    for main, subs in CATEGORY_TREE.items():
        main_id = state.new_id()
        data.categories.append({"id": main_id, "name": main, "parent_id": None})
        for sub in subs:
            sub_id = state.new_id()
            data.categories.append({"id": sub_id, "name": sub, "parent_id": main_id})
            leaf_ids.append((sub_id, main, sub))
    for n in range(products):
        cat_id, main, sub = leaf_ids[n % len(leaf_ids)]
        vat = "5%" if n % 23 == 0 else VAT_BY_CATEGORY[main]
        rate = Decimal(vat.rstrip("%"))
        gross = Decimal(rng.choice([490, 990, 1490, 2990, 4990, 7990, 12990, 24990]))
        name = f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS[sub])}"
        data.products.append(
            {
                "id": state.new_id(),
                "sku": f"DEMO-{n + 1:04d}",
                "name": name,
                "unit": "db",
                "net": str(_round(gross / (1 + rate / 100), "0.0001")),
                "gross": str(gross),
                "vat": vat,
                "categories": [cat_id],
                "short": None,
                "long": f"{name} – a {sub.lower()} kategóriából.",
                "image": _image(rng, name, "PNG" if n % 2 else "JPEG"),
                "image_version_sends": 0,
                "stock_active": True,
                "qty": str(rng.randrange(0, 40)),
                "state": "live",
                "created": now - 86400 * 60,
                "modified": now - 86400 * rng.randrange(1, 60),
                "status_base": 1,
            }
        )
    for n in range(customers):
        zip_code, city = rng.choice(CITIES)
        company = n % 8 == 0
        name = rng.choice(COMPANIES) if company else f"{rng.choice(LAST)} {rng.choice(FIRST)}"
        address = {
            "Name": name,
            "ZIP": zip_code,
            "City": city,
            "Street": f"{rng.choice(STREETS)} {n + 1}.",
            "Country": "Magyarország",
            "CountryCode": "hu",
            "CustomerType": "company" if company else "private",
        }
        if company:
            address["TaxNumber"] = f"{_tax_base(rng)}-2-{rng.randrange(11, 21)}"
            address["EUTaxNumber"] = "HU" + address["TaxNumber"][:8]
        data.customers.append(
            {
                "id": state.new_id(),
                "email": f"vevo{n + 1}@example.hu",
                "name": name,
                "phone": f"+3630{n:07d}",
                "invoice": address,
                "shipping": dict(address),
                "registered": n % 5 != 0,
                "modified": now - 86400 * rng.randrange(1, 90),
            }
        )
    data.order_statuses = [dict(s) for s in STATUSES]
    data.methods = [dict(m) for m in METHODS]
    for n in range(orders):
        placed = now - 86400 * 30 * (orders - n) / max(orders, 1)
        order = new_order(state, rng=rng, placed=placed)
        if n == 7:
            order["internal_key"] = order["key"]
            order["key"] = f"EMAG-{rng.randrange(100000, 999999)}"
        if n == 11:
            order["currency"] = "EUR"
            order["exchange_value"] = "0.00254453"
            for item in order["items"]:
                item["price_gross"] = str(
                    _round(Decimal(item["price_gross"]) * Decimal("0.00254453"), "0.01")
                )
                rate = Decimal(item["vat"].rstrip("%")) if item["vat"].endswith("%") else Decimal(0)
                item["price_net"] = str(_round(Decimal(item["price_gross"]) / (1 + rate / 100), "0.01"))
        for item in order["items"]:  # the shop's stock figures already exclude these (B50)
            if item["id"].isdigit():
                item["consumed"] = [["main_stock", item["quantity"]]]
        data.orders.append(order)
    if live_like:
        _live_like(state, data)
    return data


GIFT_LINE = {
    "id": "gift",
    "sku": "gift",
    "name": "Ajándékutalvány beváltása",
    "unit": "db",
    "quantity": "1",
    "price_net": "-787.4",
    "price_gross": "-1000",
    "vat": "27%",
}


def _live_like(state: ShopState, data: ShopData) -> None:
    from app.sandbox import order_events

    open_orders = [o for o in data.orders if not o.get("internal_key") and o.get("currency") == "HUF"]
    if len(open_orders) < 4:
        return
    open_orders[0]["items"].append(dict(GIFT_LINE))
    point = open_orders[1]["customer"]["shipping"] = dict(open_orders[1]["customer"]["shipping"])
    point.update(
        {
            "DeliveryPointID": "2351-CSOMAGPONT",
            "DeliveryPointGroup": "gls_api_dropoffpoints",
            "DeliveryPointSubGroup": "csomagautomata",
            "RecipientName": open_orders[1]["customer"]["name"],
        }
    )
    merged = order_events.merge(state, [open_orders[2]["key"], open_orders[3]["key"]])
    merged["date"] = merged["date_mod"] = max(open_orders[2]["date"], open_orders[3]["date"]) + 600


def _tax_base(rng: random.Random) -> str:
    """A tax number base (törzsszám) whose 8th digit is its check digit, as real ones have."""
    first = f"{rng.randrange(1000000, 9999999)}"
    weights = (9, 7, 3, 1, 9, 7, 3)
    check = (10 - sum(int(d) * w for d, w in zip(first, weights, strict=True)) % 10) % 10
    return f"{first}{check}"


def new_order(
    state: ShopState, rng: random.Random | None = None, placed: float | None = None, **overrides: Any
) -> dict[str, Any]:
    rng = rng or random.Random()
    data = state.data
    placed = placed if placed is not None else state.clock.now()
    if data.readings.reuse_deleted_keys and data.deleted_order_keys:
        key = data.deleted_order_keys.pop(0)
    else:
        data.next_order_number += 1
        key = f"{data.shop_id[-4:]}-{data.next_order_number:07d}"
    customer = (
        rng.choice(data.customers)
        if data.customers
        else {"name": "Vendég Vevő", "email": "vendeg@example.hu", "invoice": {}, "shipping": {}}
    )
    live = [p for p in data.products if p["state"] == "live"] or []
    items = []
    for product in rng.sample(live, k=min(len(live), rng.randrange(1, 4))):
        items.append(
            {
                "id": str(product["id"]),
                "sku": product["sku"],
                "name": product["name"],
                "unit": "db",
                "quantity": str(rng.randrange(1, 4)),
                "price_net": product["net"],
                "price_gross": product["gross"],
                "vat": product["vat"],
            }
        )
    if rng.random() < 0.15:
        items.append(
            {
                "id": "x1",
                "sku": "BELYEG-KESZLET",
                "name": "Postai bélyegkészlet (tárgyi adómentes)",
                "unit": "db",
                "quantity": "1",
                "price_net": "1500",
                "price_gross": "1500",
                "vat": "TAM",
            }
        )
    goods_gross = sum(Decimal(i["price_gross"]) * Decimal(i["quantity"]) for i in items)
    items.append(
        {
            "id": "shipping-cost",
            "sku": "shipping-cost",
            "name": "Szállítási költség",
            "unit": "db",
            "quantity": "1",
            "price_net": "1000",
            "price_gross": "1270",
            "vat": "27%",
        }
    )
    roll = rng.random()
    if roll < 0.25:
        gross = _round(goods_gross * Decimal("0.1"))
        items.append(
            {
                "id": "discount-percent",
                "sku": "discount-percent",
                "name": "Kedvezmény (10%)",
                "unit": "db",
                "quantity": "1",
                "price_net": str(-_round(gross / Decimal("1.27"))),
                "price_gross": str(-gross),
                "vat": "27%",
                "percent": "10",
            }
        )
    elif roll < 0.4:
        items.append(
            {
                "id": "discount-amount",
                "sku": "discount-amount",
                "name": "Kedvezmény (összegszerű)",
                "unit": "db",
                "quantity": "1",
                "price_net": "-100",
                "price_gross": "-127",
                "vat": "27%",
            }
        )
    payment = rng.choice([m for m in data.methods if m["type"] == "payment"] or [{"id": 0, "name": "?"}])
    if payment.get("subtype") == "cod":
        items.append(
            {
                "id": "handel-cost",
                "sku": "handel-cost",
                "name": "Fizetéssel kapcsolatos kezelési költség",
                "unit": "db",
                "quantity": "1",
                "price_net": "100",
                "price_gross": "127",
                "vat": "27%",
            }
        )
    card = payment.get("subtype") == "bankcard"
    order_total = sum((Decimal(i["price_gross"]) * Decimal(i["quantity"]) for i in items), Decimal(0))
    shipping = rng.choice([m for m in data.methods if m["type"] == "shipping"] or [{"id": 0, "name": "?"}])
    status = rng.choice(data.order_statuses) if data.order_statuses else {"id": 1}
    registered = customer.get("registered", False)
    order = {
        "key": key,
        "id": str(state.new_id()),
        "date": placed,
        "date_mod": placed + 60,
        "status_id": status["id"],
        "invoice_status": rng.choice([0, 1, 1, 1, 2]),
        "currency": "HUF",
        "payment": {
            "id": payment["id"],
            "name": payment["name"],
            "type": payment.get("subtype"),
            # A card payment is taken online when the order is placed; the rest is paid later.
            "status": "paid" if card else "unpaid",
            **({"paid": str(order_total)} if card else {}),
        },
        "shipping": {"id": shipping["id"], "name": shipping["name"]},
        "customer": {
            "id": customer.get("id") if registered else None,
            "email": customer["email"],
            "name": customer["name"],
            "phone": customer.get("phone"),
            "invoice": customer.get("invoice", {}),
            "shipping": customer.get("shipping", {}),
        },
        "customer_comment": "Kérem, délután hozzák." if rng.random() < 0.3 else None,
        "comments": [("customer", "Kérem, délután hozzák.")] if rng.random() < 0.3 else [],
        "items": items,
    }
    order.update(overrides)
    return order
