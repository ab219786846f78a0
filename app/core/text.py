"""The one text normaliser: accent-insensitive keys for search on both databases."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Fold Vietnamese text to a search key: no diacritics, đ→d, lower case, single spaces.

    ``fold("Nguyễn Văn Đức") == "nguyen van duc"``. Stored beside the original so a
    plain ``LIKE`` on the key is accent-insensitive on SQLite and PostgreSQL alike.
    """
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


def like_pattern(query: str) -> str:
    """A LIKE pattern for a folded query, with LIKE's wildcards escaped (escape char ``\\``)."""
    folded = fold(query)
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def clean_text(value: str | None) -> str:
    """Strip, NFC-normalise and drop control characters from a single-line input."""
    if value is None:
        return ""
    value = unicodedata.normalize("NFC", value)
    value = "".join(ch for ch in value if ch in "\t" or unicodedata.category(ch)[0] != "C")
    return value.strip()
