"""Misspelt words of a question, read as the word of the texts one edit away ("trafficing" -> "trafficking").

A misspelt topic word looks, to every abstention check, like a topic the texts never speak of: "What does the
plan say about trafficing in women?" was abstained on. A word is taken for misspelt only when neither the texts
nor an English dictionary (pyspellchecker's) know it, so that real words the texts do not use ("graft",
"emigrants", "piracy") stay as asked. It is read as the dictionary's best guess one edit away (a letter deleted,
inserted, replaced, or two swapped), and only when the texts use that word, British spellings included
("organisation" -> "organization", as the texts spell it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cached_property

from qa.words import STOP_WORDS, stem

_WORD = re.compile(r"[A-Za-z]+")
_SHORTEST = 4


class Speller:
    def __init__(self, texts: Iterable[str]) -> None:
        self.counts = Counter(w.lower() for text in texts for w in _WORD.findall(text))
        self.counts.update({word: 0 for word in STOP_WORDS if word not in self.counts})
        self.stems = {stem(word) for word in self.counts}

    @cached_property
    def _dictionary(self):
        from spellchecker import SpellChecker

        # One edit only: two cost up to half a second for a long word, and a question may be a page of them.
        return SpellChecker(language="en", distance=1)

    def correct(self, question: str) -> str:
        """`question` with each misspelt word replaced, its first letter's case kept; unchanged when none is."""
        return _WORD.sub(self._word, question)

    def _word(self, match: re.Match[str]) -> str:
        word, lower = match.group(0), match.group(0).lower()
        # Abbreviations and numerals ("NGOs", "XIII"), contractions ("didn't") and other forms of a word of the
        # texts ("analysed", "offence") are no misspellings.
        if (
            len(lower) < _SHORTEST or lower in self.counts or any(c.isupper() for c in word[1:])
            or match.string[match.end():match.end() + 1] in ("'", "’") or stem(lower) in self.stems
            or not self._dictionary.unknown([lower])
        ):
            return word
        # The dictionary's best guess over all of English, taken only when the texts use it: "deth" is read as
        # "death", which they do not, and is left as asked rather than read as "depth", which they do.
        best = self._dictionary.correction(lower)
        if best is None or best not in self.counts:
            return word
        return best.capitalize() if word[0].isupper() else best
