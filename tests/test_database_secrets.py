"""Secrets are named by the database's own identity: two databases on one OS account (a second
company, a test copy) never share a key, even with shops of the same id."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app import cli
from app.bootstrap import open_database
from app.credentials import CredentialStore, shop_api_key_name
from app.db.database import Database
from app.errors import ValidationError
from app.sandbox.demo_data import generate
from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopState
from app.sync import shops
from app.sync.shops import ShopSettings
from app.unas import catalog
from app.unas.errors import UnasAuthError
from tests.conftest import MemoryKeyring

KEY_A = "ELSO-CEG-KULCSA"
KEY_B = "MASODIK-CEG-KULCSA"


def _sandbox(key: str) -> SandboxServer:
    state = ShopState(generate(products=3, orders=1, seed=4, customers=1))
    state.data.api_keys[:] = [key]
    return SandboxServer(state).start()


@pytest.fixture
def sandboxes() -> Iterator[tuple[SandboxServer, SandboxServer]]:
    a, b = _sandbox(KEY_A), _sandbox(KEY_B)
    yield a, b
    a.stop()
    b.stop()


@pytest.fixture
def second_db(tmp_path: Path) -> Iterator[Database]:
    other = open_database(f"sqlite:///{(tmp_path / 'masik-ceg.sqlite').as_posix()}")
    yield other
    other.dispose()


def _shop(db: Database, sandbox: SandboxServer, key: str | None) -> int:
    return shops.add_shop(db, CredentialStore(), ShopSettings(name="Bolt", base_url=sandbox.base_url), key)


def test_two_databases_with_the_same_shop_id_keep_their_own_keys(
    db: Database, second_db: Database, sandboxes: tuple[SandboxServer, SandboxServer]
) -> None:
    a, b = sandboxes
    first, second = _shop(db, a, KEY_A), _shop(second_db, b, KEY_B)
    assert first == second == 1  # the collision of before: both stored under "shop:1:api_key"
    assert db.identity() != second_db.identity()
    catalog.get_methods(shops.shop_client(db, CredentialStore(), first))
    catalog.get_methods(shops.shop_client(second_db, CredentialStore(), second))
    assert shops.stored_api_key(db, CredentialStore(), first) == KEY_A
    assert shops.stored_api_key(second_db, CredentialStore(), second) == KEY_B
    assert [c["endpoint"] for c in a.state.calls].count("login") == 1
    assert [c["endpoint"] for c in b.state.calls].count("login") == 1


def test_an_older_versions_key_moves_to_the_database_it_works_for(
    db: Database,
    second_db: Database,
    sandboxes: tuple[SandboxServer, SandboxServer],
    memory_keyring: MemoryKeyring,
) -> None:
    a, b = sandboxes
    shop_a, shop_b = _shop(db, a, KEY_A), _shop(second_db, b, KEY_B)
    store = CredentialStore()
    # As an older version left it: one bare name, written last by the first company.
    for database, shop_id in ((db, shop_a), (second_db, shop_b)):
        store.for_database(database.identity()).delete(shop_api_key_name(shop_id))
    store.set(shop_api_key_name(shop_a), KEY_A)
    # The second company starts first: the bare key is not its own, its shop refuses it once.
    with pytest.raises(UnasAuthError):
        shops.test_connection(second_db, store, shop_b)
    assert store.get(shop_api_key_name(shop_a)) == KEY_A, "kept: it did not work here"
    assert store.for_database(second_db.identity()).is_legacy(shop_api_key_name(shop_b))
    # The first company's run logs in with it: from now on it is that database's key only.
    catalog.get_methods(shops.shop_client(db, store, shop_a))
    assert store.get(shop_api_key_name(shop_a)) is None
    assert store.for_database(db.identity()).get(shop_api_key_name(shop_a)) == KEY_A
    # The second company is asked for its own key, in Hungarian, without calling its shop.
    calls = len(b.state.calls)
    with pytest.raises(ValidationError, match="ehhez az adatbázishoz ezen a gépen nincs megadva"):
        shops.shop_client(second_db, store, shop_b)
    assert len(b.state.calls) == calls
    assert all(not name.startswith("shop:") for _service, name in memory_keyring.store)


def test_the_session_token_is_kept_with_the_secrets_and_not_in_the_database(
    db: Database, sandboxes: tuple[SandboxServer, SandboxServer], memory_keyring: MemoryKeyring
) -> None:
    a, _ = sandboxes
    shop_id = _shop(db, a, KEY_A)
    catalog.get_methods(shops.shop_client(db, CredentialStore(), shop_id))
    token = next(iter(a.state.tokens))
    stored = [name for (_service, name), value in memory_keyring.store.items() if token in value]
    assert stored == [f"db:{db.identity()}:shop:{shop_id}:token"]
    # The next client (another run on this machine) reuses it: no second login.
    catalog.get_methods(shops.shop_client(db, CredentialStore(), shop_id))
    assert [c["endpoint"] for c in a.state.calls].count("login") == 1
    if db.engine.dialect.name == "sqlite":
        assert token.encode() not in Path(str(db.engine.url.database)).read_bytes()


def test_a_test_copy_gets_its_own_identity_and_a_restore_keeps_it(
    tmp_path: Path, sandboxes: tuple[SandboxServer, SandboxServer], capsys: pytest.CaptureFixture[str]
) -> None:
    a, _ = sandboxes
    url = f"sqlite:///{(tmp_path / 'ceg.sqlite').as_posix()}"
    original = open_database(url)
    shop_id = _shop(original, a, KEY_A)
    identity = original.identity()
    original.dispose()
    copy_file, backup_file = tmp_path / "tesztpeldany.sqlite", tmp_path / "mentes.sqlite"
    assert cli.run(["--db", url, "backup", str(copy_file), "--test-copy"]) == 0
    assert "újra meg kell adni" in capsys.readouterr().out
    assert cli.run(["--db", url, "backup", str(backup_file)]) == 0
    copy = open_database(f"sqlite:///{copy_file.as_posix()}")
    assert copy.identity() != identity
    assert shops.stored_api_key(copy, CredentialStore(), shop_id) is None
    copy.dispose()
    assert cli.run(["--db", url, "restore", str(backup_file)]) == 0
    restored = open_database(url)
    assert restored.identity() == identity
    assert shops.stored_api_key(restored, CredentialStore(), shop_id) == KEY_A
    restored.dispose()


def test_forget_secrets_removes_the_keys_of_every_database_on_the_account(
    db: Database,
    second_db: Database,
    sandboxes: tuple[SandboxServer, SandboxServer],
    memory_keyring: MemoryKeyring,
) -> None:
    a, b = sandboxes
    _shop(db, a, KEY_A)
    _shop(second_db, b, KEY_B)
    # An older version's bare name, written before the store kept an index of its names.
    memory_keyring.store[("Bolthid", shop_api_key_name(1))] = "EGY-REGI-VERZIO-KULCSA"
    # Uninstall "with data" runs it against one database only.
    assert cli.run(["--db", db.url, "forget-secrets"]) == 0
    assert memory_keyring.store == {}
