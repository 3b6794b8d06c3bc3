"""What a question sets aside ("BESIDES travel, which expenses are to be covered?") is no part of its answer.

The reader widens a span to the whole coordination it belongs to, which for such a question often opens or
closes with the member set aside ("travel and local expenses"): those members are cut off its ends. Scoring
the spans as well (a bonus for the words the parser coordinates with the member set aside, a penalty for
holding it) raised the read files' F1 but lowered the never-read slices', and was left out.
"""

from __future__ import annotations

import re
from functools import lru_cache

from qa.question import SETTING_ASIDE
from qa.words import content_stems

_SET_ASIDE = re.compile(rf"\b(?:{SETTING_ASIDE})\s+([^,?]+)", re.IGNORECASE)
# Where one member of a coordination ends and the next begins.
_MEMBER_BREAK = re.compile(r",\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+")


def set_aside(question: str) -> frozenset[str]:
    """The content stems of what the question sets aside; empty when it sets nothing aside."""
    match = _SET_ASIDE.search(question)
    return frozenset(content_stems(match.group(1))) if match else frozenset()


def _is_set_aside(text: str, stems: frozenset[str]) -> bool:
    """Most of the text's content words are set aside ("prosecution of crime" is not, for "besides preventing crime")."""
    words = content_stems(text)
    return 2 * len(words & stems) > len(words)


@lru_cache(maxsize=4096)
def without_set_aside(text: str, start: int, end: int, stems: frozenset[str]) -> tuple[int, int]:
    """The span without the members set aside that open or close it: "travel and local expenses" -> "local
    expenses" for "besides travel". Unchanged when nothing would be left."""
    breaks = list(_MEMBER_BREAK.finditer(text, start, end))
    members = list(zip([start, *(b.end() for b in breaks)], [*(b.start() for b in breaks), end]))
    kept = [(low, high) for low, high in members if not _is_set_aside(text[low:high], stems)]
    if not kept or len(kept) == len(members):
        return start, end
    return kept[0][0], kept[-1][1]
