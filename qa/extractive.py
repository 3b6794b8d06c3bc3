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
    type_match: float = 1.0
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
        self._prepared: dict[str, _PreparedUnit] = {}

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
            prepared = self._prepare(unit.text, tokens.offsets)
            scores = self._scores(prepared, relevance, kind, question_stems, rank)
            order = sorted(range(len(scores)), key=lambda i: (-scores[i], prepared.candidates[i].start, prepared.candidates[i].end))
            spans, seen = [], set()
            for i in order:
                c = prepared.candidates[i]
                if (c.start, c.end) in seen:
                    continue
                seen.add((c.start, c.end))
                spans.append(Span(unit.unit_id, c.start, c.end, unit.text[c.start:c.end], float(scores[i])))
                if len(spans) == per_unit:
                    break
            readings.append(UnitReading(unit.unit_id, spans, _coverage(similarity), prepared.kinds))
        return readings

    def _prepare(self, text: str, offsets: np.ndarray) -> _PreparedUnit:
        """Everything about a unit's candidates that does not depend on the question, computed once."""
        prepared = self._prepared.get(text)
        if prepared is None:
            prepared = _PreparedUnit.of(text, offsets, candidates(text, self.with_linguistics), self.weights.context_window)
            self._prepared[text] = prepared
        return prepared

    def _scores(
        self, unit: _PreparedUnit, relevance: np.ndarray, kind: QuestionType, question_stems: set[str], rank: int
    ) -> np.ndarray:
        w = self.weights
        if not unit.candidates:
            return np.zeros(0)
        # Context: the best three question matches next to the span but outside it.
        near = np.where(unit.window, relevance[None, :], -np.inf)
        top = -np.sort(-near, axis=1)[:, :3]
        finite = np.isfinite(top)
        context = np.where(finite, top, 0.0).sum(axis=1) / np.maximum(finite.sum(axis=1), 1)
        inner = (unit.inside @ relevance) / np.maximum(unit.inside.sum(axis=1), 1)
        overlap = np.array([len(s & question_stems) / len(s) if s else 1.0 for s in unit.stems])
        type_match = np.array([_type_match(c, unit.text, kind, facts) for c, facts in zip(unit.candidates, unit.head_facts)])
        # Typed answers are short; clause answers should be a clause, not the whole unit.
        length = -np.abs(np.log1p(unit.words) - np.log1p(4 if kind.expected[0] != CLAUSE else 12))
        return (
            w.type_match * type_match
            + w.context * context
            + w.inside * inner
            - w.overlap * overlap
            + w.unit_rank / rank
            + w.length * length
        )


@dataclass(frozen=True)
class _PreparedUnit:
    text: str
    candidates: list[Candidate]
    stems: list[set[str]]  # content stems of each candidate
    head_facts: list[tuple[str, str, tuple[str, ...]]]  # first and last word stem, stems of the 5 words before
    words: np.ndarray  # word count of each candidate
    inside: np.ndarray  # (candidates, tokens): the token lies in the candidate
    window: np.ndarray  # (candidates, tokens): the token is near the candidate but not in it
    kinds: frozenset[str]

    @classmethod
    def of(cls, text: str, offsets: np.ndarray, found: list[Candidate], context_window: int) -> _PreparedUnit:
        starts = np.array([c.start for c in found], dtype=np.int64)[:, None]
        ends = np.array([c.end for c in found], dtype=np.int64)[:, None]
        inside = (offsets[None, :, 0] < ends) & (offsets[None, :, 1] > starts) if found else np.zeros((0, len(offsets)), bool)
        window = np.zeros_like(inside)
        for row in range(len(found)):
            positions = np.flatnonzero(inside[row])
            if len(positions):
                window[row, max(positions[0] - context_window, 0):positions[-1] + context_window + 1] = True
        window &= ~inside
        stems, facts, words = [], [], []
        for c in found:
            span_words = [stem(x) for x in WORD.findall(text[c.start:c.end])]
            before = tuple(stem(x) for x in WORD.findall(text[max(0, c.start - 40):c.start])[-5:])
            stems.append(content_stems(text[c.start:c.end]))
            facts.append((span_words[0] if span_words else "", span_words[-1] if span_words else "", before))
            words.append(len(span_words))
        return cls(text, found, stems, facts, np.array(words, dtype=np.float64), inside.astype(np.float64), window,
                   frozenset(c.kind for c in found))


def _type_match(candidate: Candidate, text: str, kind: QuestionType, facts: tuple[str, str, tuple[str, ...]]) -> float:
    """1 for a span of the type asked for; a phrase built on the question's head noun ("time-bound targets"
    for "what kind of targets", "ministries of justice ..." for "which ministries") or listing its members
    ("sectors of society, including justice, health ...") counts as that type, and any noun phrase half
    counts for a clause answer."""
    if kind.head:
        head = stem(kind.head)
        first, last, before = facts
        if candidate.kind in (PHRASE, CLAUSE) and first and (head in (first, last) or head in before):
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
