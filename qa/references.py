"""The exact references a text makes (resolutions, document symbols, paragraphs), so that a question naming
"paragraph 88 (h)" or "resolution 1996/16, paragraph 1" finds the units naming the same: the encoder and
BM25 (whose tokens are two characters or more) barely tell "paragraph 4" from "paragraph 5"."""

from __future__ import annotations

import re
from collections.abc import Iterable

_SYMBOL = re.compile(r"\b[AE]/(?:CN\.\d+/)?\d{2,4}/[A-Za-z0-9.]*[A-Za-z0-9]")
_RESOLUTION = re.compile(r"(?<![/.\w])\d{2,4}/\d{1,3}(?![/\w])")
# "paragraph 88 (h)", "Paragraphs 88 (g), (h) and (l)", "para. 61", "paras. 16 and 17" (the first number).
_PARAGRAPH = re.compile(r"\b(?:paragraphs?|paras?\.)\s+(\d+)((?:(?:,| and)?\s*\([a-z]{1,4}\))*)", re.IGNORECASE)
_LETTER = re.compile(r"\(([a-z]{1,4})\)")


def references(text: str) -> frozenset[str]:
    found = {f"symbol {m.group(0)}" for m in _SYMBOL.finditer(text)}
    found |= {f"resolution {m.group(0)}" for m in _RESOLUTION.finditer(_SYMBOL.sub(" ", text))}
    for number, letters in _PARAGRAPH.findall(text):
        found |= _paragraph_keys(number, letters)
    return frozenset(found)


# "What is E/CN.15/2001/L.8?", "Where is A/56/L.70 cited?": where the texts cite a document, which says what it is.
_SYMBOL_ASKED = re.compile(
    rf"^(?:what is|what's|where is|where's|which (?:passages|provisions|footnotes) (?:cite|mention)|show)"
    rf"(?: the)?(?: document)? ({_SYMBOL.pattern})(?: cited| mentioned)?\??$",
    re.IGNORECASE,
)


def symbol_asked(question: str) -> str | None:
    """The document symbol a question asks about as such, or None."""
    match = _SYMBOL_ASKED.search(question.strip())
    return match.group(1) if match else None


_RESOLUTION_SYMBOL = re.compile(r"\bA/RES/(\d{2}/\d{1,3})\b")


def resolutions_of(symbols: Iterable[str]) -> frozenset[str]:
    """The resolutions documents are by their symbols ("A/RES/56/261" is resolution 56/261; a draft is none)."""
    return frozenset(f"resolution {m.group(1)}" for symbol in symbols for m in _RESOLUTION_SYMBOL.finditer(symbol))


def _paragraph_keys(number: str, letters: str) -> set[str]:
    """"paragraph 88" and one key per lettered subparagraph: "paragraph 88 (g)", "paragraph 88 (h)"."""
    return {f"paragraph {number}", *(f"paragraph {number} ({letter})" for letter in _LETTER.findall(letters))}


# What makes "paragraph N" a paragraph of another text: the rest of the sentence names that text ("paragraph
# 29 of the Vienna Declaration", "paragraphs 1, 4 and 5 ... of GA resolution 52/86"), or the question cites
# one by symbol or resolution number ("E/CN.15/2001/L.8, para. 61", "resolution 1999/28, paragraph 6").
_ANOTHER_TEXT = re.compile(
    r"\b(?:of|in|under|from)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:Declaration|resolutions?|documents?|draft plans"
    r"|Convention|Protocol|proposals?|submissions?|comments|note|footnotes?)\b",
    re.IGNORECASE,
)


_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
_ORDINAL = rf"({'|'.join(_ORDINALS)}|\d+(?:st|nd|rd|th))"
# The resolution's own paragraphs: "operative paragraph 3", "the third preambular paragraph", "paragraph 2 of the
# preamble", and "paragraph 4 of the resolution" when the resolution is the one the texts are.
_OPERATIVE = re.compile(r"\boperative paragraph (\d+)|\b" + _ORDINAL + r" operative paragraph", re.IGNORECASE)
_PREAMBULAR = re.compile(
    r"\bpreambular paragraph (\d+)|\b" + _ORDINAL + r" preambular paragraph|\bparagraph (\d+) of the preamble",
    re.IGNORECASE,
)
_OF_THE_RESOLUTION = re.compile(
    r"^\s+of\s+(?:the\s+|this\s+)?(?:(?:General\s+)?Assembly(?:'s|’s)?\s+)?resolution\b(?:\s+(\d{2,4}/\d{1,3}))?",
    re.IGNORECASE,
)


def numbered(question: str, own_resolutions: frozenset[str] = frozenset()) -> frozenset[str]:
    """The paragraphs of the texts a question looks up by number ("What does paragraph 33 (c) say?", "operative
    paragraph 4"), matched with `own_number`; none when the paragraph is another text's. `own_resolutions` are the
    resolutions the texts are ("resolution 56/261"): naming one cites no other text."""
    resolution_paragraphs = _resolution_paragraphs(question, own_resolutions)
    if resolution_paragraphs:
        return resolution_paragraphs
    if _SYMBOL.search(question) or _other_resolutions(question, own_resolutions):
        return frozenset()
    found = set()
    for match in _PARAGRAPH.finditer(question):
        if _ANOTHER_TEXT.search(re.split(r"[?;.](?:\s|$)", question[match.end():])[0]):
            continue
        found |= _paragraph_keys(*match.groups())
    return frozenset(found)


_FOOTNOTE = re.compile(r"\bfoot-?\s?notes? (\d+)\b", re.IGNORECASE)


def footnote_asked(question: str) -> int | None:
    """The footnote a question looks up by number ("What does footnote 12 say?"), or None."""
    match = _FOOTNOTE.search(question)
    return int(match.group(1)) if match else None


_BARE_PARAGRAPH = re.compile(r"(?<!operative )(?<!preambular )\bparagraph (\d+)\b", re.IGNORECASE)


def _other_resolutions(question: str, own_resolutions: frozenset[str]) -> frozenset[str]:
    """The resolutions a question names other than the texts' own ("resolution 52/86", not "resolution 56/261")."""
    return frozenset(f"resolution {m}" for m in _RESOLUTION.findall(_SYMBOL.sub(" ", question))) - own_resolutions


def _resolution_paragraphs(question: str, own_resolutions: frozenset[str]) -> frozenset[str]:
    found = {f"operative paragraph {_number(*m.groups())}" for m in _OPERATIVE.finditer(question)}
    found |= {f"preambular paragraph {_number(*m.groups())}" for m in _PREAMBULAR.finditer(question)}
    for match in _BARE_PARAGRAPH.finditer(question):
        of = _OF_THE_RESOLUTION.match(question[match.end():])
        if of and (of.group(1) is None or f"resolution {of.group(1)}" in own_resolutions):
            found.add(f"operative paragraph {match.group(1)}")
    return frozenset(found)


def _number(*groups: str | None) -> int:
    """The number a match gives in digits ("4") or as an ordinal ("fourth", "4th")."""
    word = next(g for g in groups if g).lower()
    return _ORDINALS.index(word) + 1 if word in _ORDINALS else int(re.match(r"\d+", word).group(0))


# "Which paragraph of the plan ... calls for time-bound targets?", "In which subparagraph ...?": the number asked for
# is the texts' own, unless the question names another text (the Declaration, a document, a proposal, an earlier draft).
_ASKS_NUMBER = re.compile(r"\b(?:which|what) (?:sub)?paragraphs?\b", re.IGNORECASE)
_OTHER_TEXT = re.compile(
    r"\b(?:Declaration|documents?|proposals?|submissions?|comments|footnotes?|original|earlier|Convention|Protocol"
    r"|Guidelines|Rules|Principles|Strategies|annex to)\b|[’']s\b",
    re.IGNORECASE,
)


def asks_own_number(question: str, own_resolutions: frozenset[str] = frozenset()) -> bool:
    """The question asks which paragraph of the plans or of the resolution says something ("Which paragraph of
    the plan on prison overcrowding calls for time-bound targets?"), not which paragraph of another text."""
    if not _ASKS_NUMBER.search(question) or _SYMBOL.search(question) or _OTHER_TEXT.search(question):
        return False
    return not _other_resolutions(question, own_resolutions)


# The resolution's preamble or operative part asked for whole: "Show me the preamble", "What does the resolution say?".
_WHOLE_PREAMBLE = re.compile(r"\b(?:the|its) preamble\b(?! paragraph)|\bpreambular (?:part|paragraphs)\b", re.IGNORECASE)
_WHOLE_OPERATIVE = re.compile(
    r"\boperative (?:part|paragraphs|section)\b"
    r"|^what (?:does|did) (?:the |this )?(?:general assembly )?resolution(?: \d{2,4}/\d{1,3})? "
    r"(?:say|decide|do|provide|contain|state)\??$",
    re.IGNORECASE,
)


# "What does the resolution invite Member States to do?": asked of the resolution's own paragraphs, not its annex.
_OF_THE_RESOLUTION_ITSELF = re.compile(
    r"\b(?:does|did|do|will) (?:the|this) (?:present |general assembly )?resolution (?:\w+ly )?"
    r"(?:invite|request|ask|urge|call|decide|note|recall|recogni[sz]e|welcome|encourage|express|take note)\b"
    r"|\bthe resolution (?:invites|requests|asks|urges|calls|decides|notes|recalls|recogni[sz]es|welcomes|encourages)\b",
    re.IGNORECASE,
)
RESOLUTION_PARTS = ("pre", "res", "record")


def asked_of_the_resolution(question: str) -> bool:
    """The question asks what the resolution itself invites, requests, decides ...: its preamble and operative
    paragraphs answer, not the plans annexed to it."""
    return bool(_OF_THE_RESOLUTION_ITSELF.search(question))


def resolution_part_asked(question: str, own_resolutions: frozenset[str] = frozenset()) -> str | None:
    """"pre" when the question asks for the resolution's whole preamble, "res" for its operative part, else None;
    never for another resolution's ("What does resolution 55/60 say?")."""
    if _other_resolutions(question, own_resolutions) or numbered(question, own_resolutions):
        return None
    if _WHOLE_PREAMBLE.search(question):
        return "pre"
    return "res" if _WHOLE_OPERATIVE.search(question.strip()) else None


# "When were the plans of action adopted?", "At which meeting did the Assembly adopt the resolution?": the record of
# the resolution's adoption answers, not a passage that asks for something to be adopted by a date.
_ADOPTION_ASKED = re.compile(
    r"^(?:when|on (?:what|which) (?:date|day)|in (?:what|which) (?:year|month)|at (?:what|which) (?:plenary )?meeting) "
    r"(?:(?:was|were) (?:the |these |this )?(?:plans?(?: of action)?|(?:general assembly )?resolution(?: \d{2,4}/\d{1,3})?)\b"
    r"[^?]*? (?:adopted|approved|passed)"
    r"|did (?:the )?(?:general )?assembly (?:adopt|approve|pass|take note of) (?:the |these |this )?(?:plans?|resolution))\b",
    re.IGNORECASE,
)


def adoption_asked(question: str, own_resolutions: frozenset[str] = frozenset()) -> bool:
    """The question asks when or at which meeting the plans, or the resolution they are annexed to, were adopted."""
    return bool(_ADOPTION_ASKED.search(question.strip())) and not _other_resolutions(question, own_resolutions)


_RESOLUTION_PARTS = {"res": "operative", "pre": "preambular"}


def number_of(part: str, paragraph: str | int | None, sub: tuple[str, ...]) -> str | None:
    """How a unit is cited by number: "paragraph 32 (a)", "operative paragraph 4"; None for other parts."""
    if paragraph is None or (part != "annex" and part not in _RESOLUTION_PARTS):
        return None
    prefix = f"{_RESOLUTION_PARTS[part]} " if part in _RESOLUTION_PARTS else ""
    return f"{prefix}paragraph {paragraph}" + "".join(f" ({s})" for s in sub)


def own_number(part: str, paragraph: str | int | None, sub: tuple[str, ...]) -> frozenset[str]:
    """The numbers a unit is cited by: "paragraph 33" and "paragraph 33 (c)" for 33 (c) of a plan, "operative
    paragraph 4" and "preambular paragraph 3" for the resolution's own."""
    if number_of(part, paragraph, ()) is None:
        return frozenset()
    return frozenset(number_of(part, paragraph, sub[:depth]) for depth in (0, 1))


def most_specific(keys: frozenset[str]) -> frozenset[str]:
    """The keys no other key narrows: "paragraph 88 (d)" without "paragraph 88", which every footnote based on
    another subparagraph of paragraph 88 names too."""
    return frozenset(k for k in keys if not any(other.startswith(f"{k} (") for other in keys))


def shared(asked: frozenset[str], named: frozenset[str]) -> float:
    """Share of the question's references the unit names too (0 for a question naming none)."""
    return len(asked & named) / len(asked) if asked else 0.0
