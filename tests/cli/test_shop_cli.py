"""`bolthid shop test` and `shop list --json` say the package and the hourly budgets the program
keeps to (a VIP shop answers "vip-100000")."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import func, select

from app import cli
from app.credentials import CredentialStore
from app.db.database import Database
from app.db.shops import Shop
from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopState
from app.sync import shops


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    server = SandboxServer(ShopState(generate(products=2, orders=0, seed=3, customers=1))).start()
    yield server
    server.stop()


def test_shop_test_and_list_show_the_package_and_its_budget(
    db: Database, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOLTHID_KEYRING", "file")
    sandbox.set_shop(subscription="vip-100000")
    settings = shops.ShopSettings(name="VIP bolt", base_url=sandbox.base_url, import_since=date(2020, 1, 1))
    shops.add_shop(db, CredentialStore(), settings, "sandbox-api-key")
    assert cli.run(["--db", db.url, "shop", "test", "VIP bolt"]) == 0
    out = capsys.readouterr().out
    assert "csomag: vip-100000" in out
    assert "VIP csomag (vip-100000): getOrder, több rendelés: 90/óra" in out
    assert cli.run(["--db", db.url, "shop", "list", "--json"]) == 0
    [record] = json.loads(capsys.readouterr().out)
    assert record["package"] == "VIP" and "90/óra" in record["hourly_budget"]


def test_a_shop_address_that_is_not_https_is_refused_in_hungarian(db: Database, capsys) -> None:
    for url in ("http://api.unas.eu/shop/", "file:///etc/passwd", "ftp://api.unas.eu/shop/"):
        code = cli.run(["--db", db.url, "shop", "add", "Rossz cím", "--api-key", "K", "--url", url])
        err = capsys.readouterr().err
        assert code != 0 and "https://" in err and "Traceback" not in err
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Shop)) == 0  # nothing saved


def test_the_api_key_comes_from_a_file_or_standard_input_and_a_command_line_key_is_warned_about(
    db: Database, tmp_path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    key_file = tmp_path / "kulcs.txt"
    key_file.write_text("FAJL-KULCS-1\n", encoding="utf-8")
    assert cli.run(["--db", db.url, "shop", "add", "Fájlos", "--api-key-file", str(key_file)]) == 0
    assert "folyamatlistában" not in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("BEMENET-KULCS-2\n"))
    assert cli.run(["--db", db.url, "shop", "add", "Bemenetes", "--api-key", "-"]) == 0
    assert cli.run(["--db", db.url, "shop", "add", "Parancssoros", "--api-key", "SOR-KULCS-3"]) == 0
    assert "folyamatlistában" in capsys.readouterr().err
    creds = CredentialStore().for_database(db.identity())
    with db.reading() as s:
        ids = dict(s.execute(select(Shop.name, Shop.id)).all())
    assert creds.get(shops.api_key_name(ids["Fájlos"])) == "FAJL-KULCS-1"
    assert creds.get(shops.api_key_name(ids["Bemenetes"])) == "BEMENET-KULCS-2"
    assert creds.get(shops.api_key_name(ids["Parancssoros"])) == "SOR-KULCS-3"
    empty = tmp_path / "ures.txt"
    empty.write_text("", encoding="utf-8")
    assert cli.run(["--db", db.url, "shop", "add", "Üres", "--api-key-file", str(empty)]) != 0
    assert "Üres API kulcs" in capsys.readouterr().err
