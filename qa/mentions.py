"""Which plans mention something ("Which plans mention non-governmental organizations?"): every plan with the
provisions that use the words asked about; and where the texts cite a document ("What is E/CN.15/2001/L.8?").
Read off the texts rather than retrieved, so that none is missed."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from corpus import Corpus, Unit
from qa.answer import Answer, Citation
from qa.citing import cite_whole, place
from qa.scope import Scope
from qa.words import WORD, content_stems, stem

_WHICH_PLANS_MENTION = re.compile(
    r"^(?:in )?(?:which|how many) (?:draft |revised )?plans(?: of action)? (?:mention|mentions|refer to|deal with|address|speak of"
    r"|talk about|cover|include|name|cite|call for|contain|use the (?:words?|term|phrase)) (?P<topic>.+?)\??$"
    # "Do the plans mention firearms?" asks where the words are used, as "Which plans mention ...?" does; "Do they
    # address X?" asks what they say on it (qa/statement.py).
    r"|^(?:do|does) (?:the )?(?:draft |revised |adopted )?(?:plans?|text|draft|annex)(?: of action)? (?:ever )?"
    r"(?:mention|refer to|name|cite|use the (?:words?|term|phrase)) (?P<mentioned>.+?)\??$",
    re.IGNORECASE,
)
_DOCUMENT_NAMES = {"adopted": "the adopted plans", "draft": "the revised draft plans"}


def mentions_asked(question: str) -> str | None:
    """What a question asks which plans mention, or whether they do ("non-governmental organizations"), or None."""
    match = _WHICH_PLANS_MENTION.search(question.strip())
    topic = (match.group("topic") or match.group("mentioned")).strip(" “”\"'") if match else ""
    return topic if content_stems(topic) else None


# "What is restorative justice?", "What is the Compendium of United Nations Standards and Norms ...?": the plans define
# neither, they only mention them. Not an attribute of something ("What is the deadline for ...?", "the role of"), nor
# a question with more in it than a name ("What are the alternatives to imprisonment mentioned?").
_DEFINITION = re.compile(r"^what (?:is|are) (?P<term>[^?,;]+?)\??$", re.IGNORECASE)
_MORE_THAN_A_NAME = re.compile(
    r"\b(?:to|that|which|who|whom|whose|when|where|why|how|mentioned|proposed|planned|said|meant|supposed|expected"
    r"|required|listed|named|called|recommended|given|here|there|it|they|this|these|those)\b",
    re.IGNORECASE,
)
# Longer than any name asked about (the Compendium's title has 13 words).
_NAME_WORDS = 16


def definition_asked(question: str) -> str | None:
    """The name or term a question asks the meaning of ("restorative justice"), or None."""
    match = _DEFINITION.search(question.strip())
    if match is None:
        return None
    term = match.group("term").strip(" “”\"'")
    # After "the" comes a name ("the Ad Hoc Committee"), not a common noun ("the deadline for ...", "the role of ...").
    if term.lower().startswith("the ") and not term[4:5].isupper():
        return None
    if len(term.split()) > _NAME_WORDS or _MORE_THAN_A_NAME.search(term) or not content_stems(term):
        return None
    return term


def mentioning(units: Sequence[Unit], topic: str) -> list[Unit]:
    """The plan provisions whose words include every content word of `topic`, stemmed, in document order."""
    wanted = content_stems(topic)
    return [u for u in units if u.plan and u.part == "annex" and wanted <= {stem(w) for w in WORD.findall(u.text)}]


def mentions_answer(corpus: Corpus, question: str, topic: str, document: str) -> Answer | None:
    """For each text in scope, every plan with the provisions that mention `topic`, each cited with the words
    marked where they stand together; None when no provision mentions it (the question is then answered as any
    other)."""
    lines: list[str] = []
    citations: list[Citation] = []
    for alias in Scope.of(document).documents:
        found = mentioning([u for u in corpus.units if u.document == alias], topic)
        if not found:
            continue
        plans = [p for p in corpus.documents[alias].plans if any(u.plan == p.numeral for u in found)]
        counted = f"One of {_DOCUMENT_NAMES[alias]} mentions" if len(plans) == 1 else f"{len(plans)} of {_DOCUMENT_NAMES[alias]} mention"
        lines.append(f"{counted} “{topic}”:")
        for plan in plans:
            places = ", ".join(place(u).split(" ", 1)[1] for u in found if u.plan == plan.numeral)
            lines.append(f"Plan {plan.numeral} ({plan.title}): {places}")
        citations += [_cite_mention(u, topic) for u in found]
    if not lines:
        return None
    return Answer(question, "\n".join(lines), False, citations, "list", document)


def _cite_mention(unit: Unit, topic: str) -> Citation:
    """The unit with the topic's words marked where they occur as asked, or whole when they are scattered."""
    # Each word as its stem begins it, so that "organizations" finds "organization" and "agencies" "agency".
    words = [
        re.escape(os.path.commonprefix([w.lower(), stem(w)])) + r"\w*" for w in WORD.findall(topic) if w.lower() not in ("the", "a", "an")
    ]
    match = re.search(r"\W+".join(words), unit.text, re.IGNORECASE) if words else None
    if match is None:
        return cite_whole(unit)
    return Citation(unit.unit_id, unit.label, unit.text, match.group(0), match.start(), match.end(), 0.0, unit.footnotes)


def citing_answer(corpus: Corpus, question: str, symbol: str, document: str) -> Answer | None:
    """Every passage of the texts in scope that cites the document `symbol`, with the passages a citing footnote is
    attached to: the texts never say what a document is, only what they take from it. None when none cites it."""
    lines: list[str] = []
    citations: list[Citation] = []
    for alias in Scope.of(document).documents:
        citing = [u for u in corpus.units if u.document == alias and symbol in u.text]
        for unit in citing:
            attached = corpus.citing(unit.unit_id)
            where = f" (on {', '.join(place(u) for u in attached)})" if attached else ""
            lines.append(f"{unit.label}{where}: {unit.text}")
            start = unit.text.index(symbol)
            citations.append(Citation(unit.unit_id, unit.label, unit.text, symbol, start, start + len(symbol), 0.0, unit.footnotes))
            citations += [cite_whole(u) for u in attached]
    if not lines:
        return None
    return Answer(question, "\n".join([f"{symbol} is cited {_times(len(lines))}:", *lines]), False, citations, "list", document)


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"
