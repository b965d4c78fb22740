"""VAT by the shop's short name: exact codes, the shop's aliases, and never a guess."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.db.catalog import VatRate
from app.db.database import Database
from app.sync.matching import cache
from app.sync.matching.mappings import set_mapping
from app.sync.matching.vat import UnknownVatCode, match_vat
from tests.sync.matching.records import add_test_shop


def test_a_known_code_is_its_rate(db: Database) -> None:
    shop_id = add_test_shop(db)
    with db.reading() as s:
        assert match_vat(s, shop_id, " 27% ", "1000-1").percent == 27
        assert match_vat(s, shop_id, "AAM", "1000-1").code == "AAM"


@pytest.mark.parametrize("code", ["0%", "", None, "27 %", "huszonhét"])
def test_an_unknown_code_holds_the_order_with_its_key(db: Database, code: str | None) -> None:
    shop_id = add_test_shop(db)
    with db.reading() as s, pytest.raises(UnknownVatCode) as held:
        match_vat(s, shop_id, code, "1000-7")
    assert "1000-7" in held.value.user_message and "Újrapróbálás" in held.value.user_message


def test_the_shops_alias_maps_a_code_it_writes_differently(db: Database) -> None:
    shop_id = add_test_shop(db)
    with db.transaction() as s:
        aam = s.scalar(select(VatRate).where(VatRate.code == "AAM"))
        assert aam is not None
        set_mapping(s, shop_id, "vat", "0%", aam.id)
    with db.reading() as s:
        assert match_vat(s, shop_id, "0%", "1000-1").code == "AAM"
    other = add_test_shop(db, "Másik bolt")
    with db.reading() as s, pytest.raises(UnknownVatCode):
        match_vat(s, other, "0%", "1000-1")  # the alias is per shop


def test_an_inactive_rate_is_not_matched(db: Database) -> None:
    shop_id = add_test_shop(db)
    with db.transaction() as s:
        rate = s.scalar(select(VatRate).where(VatRate.code == "18%"))
        assert rate is not None
        rate.active = False
    with db.reading() as s, pytest.raises(UnknownVatCode):
        match_vat(s, shop_id, "18%", "1000-1")


def test_answers_are_cached_on_the_session_and_dropped_on_rollback(db: Database) -> None:
    shop_id = add_test_shop(db)
    with db.sessions() as s:
        cache.enable(s)
        s.begin()
        match_vat(s, shop_id, "5%", "1000-1")
        known = cache.get(s)
        assert known is not None and "5%" in known.vat
        s.rollback()  # an id remembered from a rolled-back transaction could point at nothing
        known = cache.get(s)
        assert known is not None and known.vat == {}
