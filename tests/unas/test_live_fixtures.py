"""Contract fixtures written from unas-quirks.md section B (what live shops send), read by our
parser: none of it comes from the sandbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D
from pathlib import Path

from app.unas import limits, xml_codec
from app.unas.client import UnasClient
from app.unas.orders import order_from_xml
from app.unas.products import product_from_xml
from app.unas.state import MemoryStateStore

LIVE = Path(__file__).parent / "fixtures" / "live"


def test_login_answer_vip_package_and_expire_time() -> None:
    root = xml_codec.parse((LIVE / "login_vip.xml").read_bytes())
    assert root.tag == "Login"
    subscription = xml_codec.text(root, "Subscription")
    assert limits.package(subscription) == "VIP" and limits.general_limit(subscription or "") == 6000
    client = UnasClient("k", MemoryStateStore(), "http://127.0.0.1:9/shop/")
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    expires = client._expiry(xml_codec.text(root, "Expire"), now, xml_codec.text(root, "ExpireTime"))
    # Expire (15:00 Budapest = 14:00 UTC) says 2 hours, ExpireTime 90 minutes: ExpireTime wins.
    assert expires == now + timedelta(minutes=90)


def test_ban_text_ending_in_an_exclamation_mark_is_a_ban() -> None:
    root = xml_codec.parse((LIVE / "ban_exclamation.xml").read_bytes())
    until = xml_codec.ban_until(root.text or "")
    assert until is not None and until.astimezone(xml_codec.BUDAPEST).strftime("%m.%d %H:%M") == "05.24 18:14"


def test_login_error_causes_are_told_apart() -> None:
    texts = [
        line for line in (LIVE / "login_errors.txt").read_text().splitlines() if not line.startswith("#")
    ]
    store = MemoryStateStore()
    client = UnasClient("k", store, "http://127.0.0.1:9/shop/")
    wrong_key, package = (client._login_error(t) for t in texts)
    assert "API kulcs hibás" in wrong_key.user_message and store.key_rejected() == texts[0]
    assert "csomag" in package.user_message and "API kulcs hibás" not in package.user_message


def test_a_live_order_with_gift_status_type_merge_consumptions_locker_and_storno() -> None:
    root = xml_codec.parse((LIVE / "getOrder_live.xml").read_bytes())
    order, returned = (order_from_xml(el) for el in root.iterfind("Order"))
    assert order.status_type == "close_ok"
    assert order.merged_from == ("1000-1000120", "1000-1000121") and order.replaces == order.merged_from
    assert order.storno_number == "SZ-2026-00013" and order.invoice_number == "SZ-2026-00012"
    goods, gift, shipping = order.lines
    assert gift.is_synthetic and gift.may_be_synthetic and not gift.is_service_line
    assert shipping.is_service_line and not goods.may_be_synthetic
    assert goods.consumed == (("main_stock", D("1.5")), ("raktar2", D("0.5")))
    assert order.consumed_by_sku() == {"BOGRE-1": D(2)}
    ship = order.customer.shipping_address
    assert (ship.delivery_point_id, ship.delivery_point_group, ship.delivery_point_subgroup) == (
        "2351-CSOMAGPONT",
        "gls_api_dropoffpoints",
        "csomagautomata",
    )
    assert ship.recipient_name == "Vevő Vera"
    assert returned.returned_from == ("1000-1000123",) and returned.lines[0].quantity == D(-1)
    assert returned.consumed_by_sku() == {}  # a return consumes nothing


def test_the_running_sale_price_is_read_apart_from_the_normal_price() -> None:
    root = xml_codec.parse((LIVE / "getProduct_sale.xml").read_bytes())
    product = product_from_xml(root.find("Product"))  # type: ignore[arg-type]
    assert (product.price_net, product.price_gross) == (D(2000), D(2540))
    assert (product.actual_price_type, product.actual_price_gross) == ("sale", D(1905))


def test_get_setting_answer_names_the_calculation_mode() -> None:
    root = xml_codec.parse((LIVE / "getSetting_vat.xml").read_bytes())
    assert next(el.text for el in root.iter("CalculateMode")) == "fromGrossToNet"
