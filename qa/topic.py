"""Do the closest passages speak of the topic a question names? ("What do the plans say about cryptocurrencies?")

A question that names its topic after "say about", "address", "measures against" ..., or a yes/no question
that asks whether the plans require, deal with or cover something ("Are explosives covered?"), or a few words
that are their own topic ("kidnapping for ransom?"), is answered by a
passage that speaks of that topic, in its own words or in others ("guns" -> "firearms"). Each of the
topic's content-word tokens is matched, through contextual token vectors, with the tokens of the best
units retrieved; when on average they find nothing close, the plans do not cover the topic, however
close the rest of the question comes to them. Retrieval still ranks something first for "the death
penalty" or "cryptocurrencies", and the vocabulary check (qa/vocabulary.py) finds "death" as close to
the plans' words as the paraphrase "graft": only the passages actually retrieved tell them apart.

The words of a topic that the texts never use are also averaged on their own: in "wildlife trafficking"
or "installing CCTV cameras in public places" the familiar words ("trafficking", "public") match well
and lift the mean over all of them, while the topic proper ("wildlife", "CCTV cameras") finds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from embeddings.tokens import TokenVectors
from qa.question import is_topic_only
from qa.words import STOP_WORDS

_NAMED_TOPIC = re.compile(
    r"\b(?:say|says|said) (?:anything )?about (?P<a>.+)"
    r"|\b(?:address(?:es)?|mention|(?:contain |is there |are there )?(?:anything|something) (?:on|about|regarding|concerning)"
    r"|call for|cover|measures against|(?:is|are) there (?:a |any )?measures? (?:[^?]*? )?against"
    r"|(?:recommend|propose) against|protect"
    r"|regulat\w+|penalties for|what about|(?:take|position|stance) on|apply to"
    r"|^(?:does|do|is|are|will|would|should|can) .*?\b(?:require|deal with|recommend|impose|entitled to|include)) (?P<b>.+)"
    r"|^(?:are|is) (?P<c>.+?) (?:covered|addressed|included|mentioned)\b",
    re.IGNORECASE,
)
# Where the topic ends: "... in the Vienna Declaration plans of action?", "... under the trafficking plan?".
_TOPIC_END = re.compile(
    r"\s*(?:\?|$|\b(?:in|under|according to|do|does|of) the (?:[\w-]+ ){0,3}?(?:plans?|declaration)\b)",
    re.IGNORECASE,
)


def topic_span(question: str) -> tuple[int, int] | None:
    """Where the question names its topic (character offsets), or None when it names none that way."""
    match = _NAMED_TOPIC.search(question)
    if match is None:
        if is_topic_only(question):
            return (0, _TOPIC_END.search(question).start())
        return None
    group = next(g for g in "abc" if match.group(g) is not None)
    start = match.start(group)
    end = match.end(group) if group == "c" else _TOPIC_END.search(question, start).start()
    return (start, end) if end > start else None


# "What should States do ABOUT PRE-TRIAL DETENTION?": the topic of a list question that names none of the ways above.
_MEASURES_ON = re.compile(
    r"\b(?:do|done|take|undertake|measures|actions|steps) (?:about|on|against|regarding|concerning) (?P<t>.+)", re.IGNORECASE
)


# "What is the role of CIVIL SOCIETY ...?", "What role do NGOS play?": the measures that have them act.
_ROLE_OF = re.compile(
    # Its topic is whom the role is of, not where it is played ("civil society" in "... in preventing corruption").
    r"\broles? of (?P<t>.+?)(?= in |$)|^what roles? (?:do|does|will|should) (?P<t2>.+?) (?:play|have)\b"
    r"|^what (?:is|are) (?:the )?(?P<t3>[\w -]+?)['’]s? roles?\b",
    re.IGNORECASE,
)


def measures_topic_span(question: str) -> tuple[int, int] | None:
    """Where a question asking for measures names their topic, or None."""
    if (span := topic_span(question)) is not None:
        return span
    match = _ROLE_OF.search(question) or _MEASURES_ON.search(question)
    if match is None:
        return None
    group = next(name for name, value in match.groupdict().items() if value)
    start = match.start(group)
    end = min(match.end(group), _TOPIC_END.search(question, start).start())
    return (start, end) if end > start else None


@dataclass(frozen=True)
class TopicSupport:
    """How close the best units' tokens come to a topic's words, on average (each word piece's best cosine)."""

    content: float  # over the topic's content-word tokens
    unfamiliar: float | None  # over the tokens of its words the texts never use; None when it has none


def topic_support(
    question: str, span: tuple[int, int], tokens: TokenVectors, units: Sequence[TokenVectors], unfamiliar: Collection[int] = ()
) -> TopicSupport | None:
    """How well `units` support the topic at `span` (`topic_span`); `unfamiliar` are the rows of `tokens` that
    belong to words the texts never use. None when the topic has no content word or there are no units."""
    if not units:
        return None
    rows = [
        i for i, (start, end) in enumerate(tokens.offsets)
        if span[0] <= start and end <= span[1] and question[start:end].isalpha() and question[start:end].lower() not in STOP_WORDS
    ]
    per_unit = [(unit.vectors @ tokens.vectors[rows].T).max(axis=0) for unit in units if len(unit.vectors)] if rows else []
    if not per_unit:
        return None
    best = np.max(per_unit, axis=0)
    unknown = [n for n, row in enumerate(rows) if row in unfamiliar]
    return TopicSupport(float(best.mean()), float(best[unknown].mean()) if unknown else None)
