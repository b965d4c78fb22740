"""Login as live shops answer it (unas-quirks.md B42–B44): the package by prefix, ExpireTime, and
each cause of a failed login with its own message – only a wrong key marks the key rejected."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.sandbox.server import SandboxServer
from app.timeutil import utcnow
from app.unas import catalog, limits, orders, xml_codec
from app.unas.client import UnasClient
from app.unas.errors import UnasApiError, UnasAuthError, UnasLoginError
from app.unas.records import OrderQuery
from app.unas.state import MemoryStateStore
from tests.unas.conftest import API_KEY, calls


@pytest.mark.parametrize(
    ("answered", "package", "multi"),
    [("vip-100000", "VIP", 90), ("VIP", "VIP", 90), ("premium", "PREMIUM", 30), ("", "PREMIUM", 30)],
)
def test_the_package_is_read_by_its_prefix(
    client: UnasClient, sandbox: SandboxServer, answered: str, package: str, multi: int
) -> None:
    sandbox.set_shop(subscription=answered)
    info = client.login()
    assert limits.package(info.subscription) == package
    assert client.budget_left(limits.bucket_for("getOrder")) == multi
    assert f"getOrder, több rendelés: {multi}/óra" in limits.budget_text(info.subscription)


def test_a_wrong_key_is_the_only_cause_that_marks_the_key_rejected(
    sandbox: SandboxServer, store: MemoryStateStore
) -> None:
    client = UnasClient("rossz-kulcs", store, sandbox.base_url)
    with pytest.raises(UnasAuthError) as err:
        client.login()
    assert not isinstance(err.value, UnasLoginError)
    assert "API kulcs hibás" in err.value.user_message
    assert store.key_rejected() == "Login Error: invalid ApiKey"


def test_a_package_without_api_is_told_as_such_and_the_key_is_kept(
    sandbox: SandboxServer, store: MemoryStateStore
) -> None:
    now = [utcnow()]
    client = UnasClient(API_KEY, store, sandbox.base_url, clock=lambda: now[0])
    sandbox.set_shop(login_refusal="package")
    with pytest.raises(UnasLoginError) as err:
        orders.get_orders(client, OrderQuery())
    assert "csomagja nem tartalmaz API-hozzáférést" in err.value.user_message
    assert "API kulcs hibás" not in err.value.user_message
    assert store.key_rejected() is None
    # The next tries within a quarter of an hour do not log in (5 failed logins an hour ban).
    before = calls(sandbox, "login")
    for _ in range(3):
        with pytest.raises(UnasLoginError) as again:
            orders.get_orders(client, OrderQuery())
        assert "próbálja újra" in again.value.user_message
    assert calls(sandbox, "login") == before
    # Once the owner upgrades the package, the same key works after the pause.
    sandbox.set_shop(login_refusal="")
    now[0] += timedelta(minutes=16)
    orders.get_orders(client, OrderQuery())
    assert calls(sandbox, "login") == before + 1


def test_any_other_login_error_is_shown_verbatim_with_the_ip_allowlist_hint(
    sandbox: SandboxServer, store: MemoryStateStore
) -> None:
    sandbox.set_shop(login_refusal="ip")
    client = UnasClient(API_KEY, store, sandbox.base_url)
    with pytest.raises(UnasLoginError) as err:
        client.login()
    text = err.value.user_message
    assert "„Login Error: access denied from this IP address”" in text
    assert "Beállítások › Külső kapcsolatok › API kapcsolat" in text
    assert store.key_rejected() is None


def test_expire_time_in_unix_seconds_is_preferred(sandbox: SandboxServer, store: MemoryStateStore) -> None:
    client = UnasClient(API_KEY, store, sandbox.base_url)
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    # Expire (Budapest local) says two hours, ExpireTime says 30 minutes: the unix one wins.
    got = client._expiry("2026.12.01 15:00:00", now, str(int((now + timedelta(minutes=30)).timestamp())))
    assert got == now + timedelta(minutes=30)
    # A garbled ExpireTime falls back to Expire, a garbled Expire to the 2-hour lifetime.
    assert client._expiry("2026.12.01 14:00:00", now, "soon") == now + timedelta(hours=1)
    assert client._expiry("holnap", now, None) == now + timedelta(hours=2)
    info = client.login()
    assert timedelta(minutes=110) < info.expires_at - utcnow() <= timedelta(hours=2)


def test_an_error_of_a_call_with_an_old_token_gets_exactly_one_new_login(
    client: UnasClient, sandbox: SandboxServer
) -> None:
    catalog.get_methods(client)
    assert calls(sandbox, "login") == 1
    sandbox.expire_tokens()  # the shop's text for an expired token is not documented
    assert catalog.get_methods(client)
    assert calls(sandbox, "login") == 2
    # An error that is not about the token: one new login, one more try, then the error stands.
    # (the token from the last call is "old" for the next one)
    before_logins = calls(sandbox, "login")
    with pytest.raises(UnasApiError):
        client.call("getOrder", _bad_order_query(), limits.bucket_for("getOrder"))
    assert calls(sandbox, "login") == before_logins + 1
    with pytest.raises(UnasApiError):  # a fresh token now: no further login
        client.call("getOrder", _bad_order_query(), limits.bucket_for("getOrder"))
    assert calls(sandbox, "login") == before_logins + 1


def _bad_order_query() -> xml_codec.Element:
    root = xml_codec.new_root("Params")
    xml_codec.add(root, "TimeStart", "not-a-number")
    return root
