"""The per-shop mapping tables: compared without case and extra spaces; a wrong target is refused."""

from __future__ import annotations

import pytest

from app.db.database import Database
from app.errors import ValidationError
from app.sync.matching.mappings import lookup, map_to_name, normalize
from tests.sync.matching.records import add_test_shop


def test_values_are_compared_without_case_and_extra_spaces() -> None:
    assert normalize("  Házhoz   Szállítás ") == "házhoz szállítás"


def test_a_mapping_is_found_by_any_spelling_of_its_value(db: Database) -> None:
    shop_id = add_test_shop(db)
    with db.transaction() as s:
        map_to_name(s, shop_id, "vat", "0 %", "AAM")
    with db.reading() as s:
        assert lookup(s, shop_id, "vat", "0  %") is not None
        assert lookup(s, shop_id, "payment", "0 %") is None


@pytest.mark.parametrize(
    ("kind", "target"), [("vat", "99%"), ("payment", "Nincs ilyen"), ("service", "NINCS")]
)
def test_mapping_to_something_we_do_not_have_is_refused_in_hungarian(
    db: Database, kind: str, target: str
) -> None:
    shop_id = add_test_shop(db)
    with db.transaction() as s, pytest.raises(ValidationError) as refused:
        map_to_name(s, shop_id, kind, "valami", target)
    assert refused.value.user_message.startswith("Nincs ilyen")
