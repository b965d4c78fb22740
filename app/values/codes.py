"""Product codes as people mean them: Unicode-normalised, invisible characters removed.

A code pasted from a web page or a spreadsheet may carry a zero-width space, a soft hyphen or a
byte-order mark; "ABC-1" and "ABC\\u200b-1" look the same and must be the same product. Dependency-
free, so the UNAS side may use it too.
"""

from __future__ import annotations

import unicodedata

# Characters that show nothing: zero-width space/joiners, word joiner, BOM, soft hyphen, LRM/RLM.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"))


def clean_code(code: str) -> str:
    return unicodedata.normalize("NFC", code).translate(INVISIBLE).strip()
