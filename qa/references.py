"""The exact references a text makes (resolutions, document symbols, paragraphs), so that a question naming
"paragraph 88 (h)" or "resolution 1996/16, paragraph 1" finds the units naming the same: the encoder and
BM25 (whose tokens are two characters or more) barely tell "paragraph 4" from "paragraph 5"."""

from __future__ import annotations

import re

_SYMBOL = re.compile(r"\b[AE]/(?:CN\.\d+/)?\d{2,4}/[A-Za-z0-9.]*[A-Za-z0-9]")
_RESOLUTION = re.compile(r"(?<![/.\w])\d{2,4}/\d{1,3}(?![/\w])")
# "paragraph 88 (h)", "Paragraphs 88 (g), (h) and (l)", "para. 61", "paras. 16 and 17" (the first number).
_PARAGRAPH = re.compile(r"\b(?:paragraphs?|paras?\.)\s+(\d+)((?:(?:,| and)?\s*\([a-z]{1,4}\))*)", re.IGNORECASE)
_LETTER = re.compile(r"\(([a-z]{1,4})\)")


def references(text: str) -> frozenset[str]:
    found = {f"symbol {m.group(0)}" for m in _SYMBOL.finditer(text)}
    found |= {f"resolution {m.group(0)}" for m in _RESOLUTION.finditer(_SYMBOL.sub(" ", text))}
    for number, letters in _PARAGRAPH.findall(text):
        found.add(f"paragraph {number}")
        found |= {f"paragraph {number} ({letter})" for letter in _LETTER.findall(letters)}
    return frozenset(found)


def shared(asked: frozenset[str], named: frozenset[str]) -> float:
    """Share of the question's references the unit names too (0 for a question naming none)."""
    return len(asked & named) / len(asked) if asked else 0.0
