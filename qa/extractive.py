"""The default reader: picks the span of a unit that answers the question, with the bundled encoder only.

Why it works without a QA checkpoint: the answer to a question usually sits next to the words that
match the question, is of the type the question asks for (a date for "by when", a body for "who"),
and is *not* made of the question's own words (the clause most similar to the question is the one that
restates it). Each candidate span (qa/candidates.py) is scored on those features, using the contextual
token embeddings of the transformer for "next to the words that match the question". The weights are
fitted on the development split of the gold set (eval/tune.py) and stored in `DEFAULT_WEIGHTS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from corpus import Unit
from embeddings import Encoder
from embeddings.tokens import TokenEmbedder, TokenVectors
from qa.candidates import Candidate, candidates
from qa.question import CLAUSE, PHRASE, QuestionType, analyse
from qa.reading import Span
from qa.words import WORD, content_stems, content_token_vectors, stem

@dataclass(frozen=True)
class ReaderWeights:
    type_match: float = 2.0
    context: float = 0.5
    inside: float = 0.0
    overlap: float = 0.5
    unit_rank: float = 1.0
    length: float = 0.2
    context_window: int = 12


DEFAULT_WEIGHTS = ReaderWeights()


@dataclass(frozen=True)
class UnitReading:
    """What the reader saw in one unit: its best spans and how well it covers the question's words."""

    unit_id: str
    spans: list[Span]
    coverage: float
    kinds: frozenset[str]  # answer types found among the unit's candidate spans


class ExtractiveReader:
    def __init__(self, encoder: Encoder, weights: ReaderWeights = DEFAULT_WEIGHTS, with_linguistics: bool = True) -> None:
        self.tokens = TokenEmbedder(encoder)
        self.weights = weights
        self.with_linguistics = with_linguistics

    def read(self, question: str, units: Sequence[Unit], top_k: int = 5) -> list[Span]:
        readings = self.run(question, units)
        spans = [s for r in readings for s in r.spans]
        return sorted(spans, key=lambda s: -s.score)[:top_k]

    def run(
        self,
        question: str,
        units: Sequence[Unit],
        per_unit: int = 3,
        question_vectors: np.ndarray | None = None,
        unit_tokens: Sequence[TokenVectors] | None = None,
    ) -> list[UnitReading]:
        """Per unit, in the given (retrieval) order: its best spans and its coverage of the question.
        Token vectors already computed (question content tokens, cached unit tokens) are reused."""
        if not units:
            return []
        kind = analyse(question)
        if question_vectors is None:
            question_vectors = content_token_vectors(question, self.tokens.embed([question])[0])
        if unit_tokens is None:
            unit_tokens = self.tokens.embed([u.text for u in units])
        question_stems = content_stems(question) - ({stem(kind.head)} if kind.head else set())
        readings = []
        for rank, (unit, tokens) in enumerate(zip(units, unit_tokens), start=1):
            similarity = tokens.vectors @ question_vectors.T if len(question_vectors) else np.zeros((len(tokens.offsets), 1))
            relevance = similarity.max(axis=1) if similarity.size else np.zeros(len(tokens.offsets))
            coverage = _coverage(similarity)
            found = candidates(unit.text, self.with_linguistics)
            scored = [(self._score(unit.text, c, tokens.offsets, relevance, kind, question_stems, rank), c) for c in found]
            scored.sort(key=lambda item: (-item[0], item[1].start, item[1].end))
            spans, seen = [], set()
            for score, c in scored:
                if (c.start, c.end) in seen:
                    continue
                seen.add((c.start, c.end))
                spans.append(Span(unit.unit_id, c.start, c.end, unit.text[c.start:c.end], float(score)))
                if len(spans) == per_unit:
                    break
            readings.append(UnitReading(unit.unit_id, spans, coverage, frozenset(c.kind for c in found)))
        return readings

    def _score(
        self,
        text: str,
        candidate: Candidate,
        offsets: np.ndarray,
        relevance: np.ndarray,
        kind: QuestionType,
        question_stems: set[str],
        rank: int,
    ) -> float:
        w = self.weights
        inside = (offsets[:, 0] < candidate.end) & (offsets[:, 1] > candidate.start)
        positions = np.flatnonzero(inside)
        if len(positions):
            low, high = positions[0] - w.context_window, positions[-1] + w.context_window
            window = np.arange(max(low, 0), min(high + 1, len(offsets)))
            near = relevance[window[~inside[window]]]
            context = float(np.sort(near)[-3:].mean()) if len(near) else 0.0
            inner = float(relevance[positions].mean())
        else:
            context = inner = 0.0
        span_stems = content_stems(text[candidate.start:candidate.end])
        overlap = len(span_stems & question_stems) / len(span_stems) if span_stems else 1.0
        type_match = _type_match(candidate, text, kind)
        words = len(WORD.findall(text[candidate.start:candidate.end]))
        # Typed answers are short; clause answers should be a clause, not the whole unit.
        length = -abs(np.log1p(words) - np.log1p(4 if kind.expected[0] != CLAUSE else 12))
        return (
            w.type_match * type_match
            + w.context * context
            + w.inside * inner
            - w.overlap * overlap
            + w.unit_rank / rank
            + w.length * length
        )


def _type_match(candidate: Candidate, text: str, kind: QuestionType) -> float:
    """1 for a span of the type asked for; a phrase built on the question's head noun ("time-bound targets"
    for "what kind of targets", "ministries of justice ..." for "which ministries") or listing its members
    ("sectors of society, including justice, health ...") counts as that type, and any noun phrase half
    counts for a clause answer."""
    if kind.head:
        head = stem(kind.head)
        words = [stem(w) for w in WORD.findall(text[candidate.start:candidate.end])]
        before = [stem(w) for w in WORD.findall(text[max(0, candidate.start - 40):candidate.start])][-5:]
        if candidate.kind in (PHRASE, CLAUSE) and words and (head in (words[0], words[-1]) or head in before):
            return 1.0
        return 0.3 if candidate.kind == PHRASE else 0.0
    if candidate.kind in kind.expected:
        return 1.0
    if kind.expected == (CLAUSE,) and candidate.kind == PHRASE:
        return 0.5
    return 0.0


def _coverage(similarity: np.ndarray) -> float:
    """How well the unit covers the question's worst-covered content words (mean of the two lowest)."""
    if similarity.size == 0:
        return 0.0
    per_question_token = np.sort(similarity.max(axis=0))
    return float(per_question_token[:2].mean())
