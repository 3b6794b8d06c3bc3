"""How a unit is cited: a span of it, its key span as a measure, or whole; where it is, short; and an abstention
citing the closest."""

from __future__ import annotations

from collections.abc import Sequence

from corpus import Unit
from qa.answer import Answer, Citation
from qa.measure import key_span
from qa.reading import Span
from qa.retriever import Hit


def cite_span(unit: Unit, span: Span) -> Citation:
    return Citation(unit.unit_id, unit.label, unit.text, span.text, span.start, span.end, span.score, unit.footnotes)


def cite_measure(unit: Unit, score: float) -> Citation:
    """The measure cited with its key span marked (qa/measure.py), scored as the reader scored the unit."""
    start, end = key_span(unit.text)
    return Citation(unit.unit_id, unit.label, unit.text, unit.text[start:end], start, end, float(score), unit.footnotes)


def cite_whole(unit: Unit, score: float = 0.0) -> Citation:
    return Citation(unit.unit_id, unit.label, unit.text, unit.text, 0, len(unit.text), float(score), unit.footnotes)


def place(unit: Unit) -> str:
    """Where a unit is, short: "draft para. 24 (a)"."""
    return f"{unit.document} para. {unit.paragraph}" + "".join(f" ({s})" for s in unit.sub)


def abstention(question: str, hits: Sequence[Hit], document: str, top_k: int, reason: str) -> Answer:
    """No answer; the closest passages are still cited, whole."""
    return Answer(question, "", True, [cite_whole(h.unit, h.score) for h in hits[:top_k]], "abstain", document, reason=reason)
