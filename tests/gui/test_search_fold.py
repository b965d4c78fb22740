"""The lists' search text: case and accents folded, a whole list at once, exactly as text by text."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from app.gui.models.row_table_model import fold, fold_all


def _reference(text: str) -> str:
    """The definition: NFKD of the case-folded text without its combining marks."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


SAMPLES = [
    "Árvíztűrő tükörfúrógép",
    "ÕÔÛŰ – 5 € × 2",  # an en dash, the euro sign: not accents, kept
    "Straße ﬁlm ½",  # casefold and the compatibility forms
    "\u0301\u0308leading marks",  # a text that starts with marks
    "Ёлка й",  # Cyrillic letters whose marks decompose too
    "a\x1fb",  # the separator fold_all joins with, inside a text
    "",
    "ascii only 123",
]


def test_hungarian_search_words_match_with_or_without_accents() -> None:
    assert fold("Árvíztűrő TÜKÖRFÚRÓGÉP") == "arvizturo tukorfurogep"
    assert fold("Kovács Éva – 5 €") == "kovacs eva – 5 €"


def test_each_sample_folds_as_its_definition_alone_and_in_a_list() -> None:
    assert [fold(text) for text in SAMPLES] == [_reference(text) for text in SAMPLES]
    assert fold_all(SAMPLES) == [_reference(text) for text in SAMPLES]
    assert fold_all(SAMPLES[:-3] + SAMPLES[-2:]) == [_reference(t) for t in SAMPLES[:-3] + SAMPLES[-2:]]
    assert fold_all([]) == []
    assert fold_all([""]) == [""]


@given(st.lists(st.text(), max_size=20))
def test_any_list_folds_as_its_texts_one_by_one(texts: list[str]) -> None:
    assert fold_all(texts) == [_reference(text) for text in texts]
