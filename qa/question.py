"""What kind of answer a question asks for, read from its wording."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Answer types a span can have (see qa/candidates.py) and the question wordings that expect them.
DATE, BODY, COUNTRY, INSTRUMENT, ARTICLE, NUMBER, URL, SYMBOL, CLAUSE = (
    "date", "body", "country", "instrument", "article", "number", "url", "symbol", "clause",
)

_EXPECTATIONS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"\b(by when|when|what (deadline|date|year|time ?frame)|by what (date|year|time)|how soon|until when|what year)\b"), (DATE,)),
    (re.compile(r"\b(which|what) (article|provision)\b"), (ARTICLE,)),
    (re.compile(r"\b(document symbol|symbol|which document|what document|(which|what) proposal|what reference)\b"), (SYMBOL, INSTRUMENT)),
    (re.compile(r"\b(web ?site|url|internet|online)\b"), (URL,)),
    (re.compile(r"\b(which|what) (country|countries|state|government|member state|delegation)\b|\bwhose government\b|\bwho (proposed|submitted|suggested|prepared)\b"), (COUNTRY, BODY)),
    (re.compile(r"\bhow (many|much)\b|\bwhat (number|percentage)\b"), (NUMBER,)),
    (re.compile(r"\b(which|what) (resolution|instrument|convention|protocol|declaration|treaty|guide|handbook|manual|publication|standards?|principles|compendium|guidelines|strategies|legal instrument)\b|\bwhat is the name of\b|\btitled?\b|\bentitled\b"), (INSTRUMENT,)),
    (re.compile(r"\b(who|whom|which (body|office|organ|organization|organisation|entity|institute|institution|committee|commission|branch|centre|center|agency|unit|department|secretariat|programme|network))\b"), (BODY,)),
]

_LIST = re.compile(
    r"^(what|which)\b.*\b(should|must|will|shall|are|do|does|can|could)\b.*\b("
    r"do|undertake|take|measures?|actions?|steps?|recommend\w*|commit\w*|support|expected)\b"
    r"|^(list|name|summari[sz]e|outline)\b"
    r"|\bwhat (measures|actions|steps)\b"
    r"|\bwhat does the (plan|text|draft|annex|resolution) (say|recommend|call for|propose)\b"
    r"|\bwhat (is|are) (states|governments|the centre|member states) (asked|expected|supposed|invited|urged)\b"
)
_NARROW = re.compile(r"\b(by when|when|which|who|whose|how many|how much|what (date|year|article|document|body|kind))\b")


@dataclass(frozen=True)
class QuestionType:
    expected: tuple[str, ...]  # answer types a span should have, most wanted first
    is_list: bool  # asks for the measures of a plan rather than one fact


def analyse(question: str) -> QuestionType:
    text = question.lower().strip()
    expected: tuple[str, ...] = ()
    for pattern, types in _EXPECTATIONS:
        if pattern.search(text):
            expected = types
            break
    is_list = bool(_LIST.search(text)) and not expected and not _NARROW.search(text)
    return QuestionType(expected or (CLAUSE,), is_list)
