"""From retrieved units and the reader's spans to an `Answer`: a fact, a list of measures, or an abstention."""

from __future__ import annotations

from collections.abc import Sequence

from corpus import Corpus, Unit
from embeddings import VectorIndex
from qa.answer import Answer, Citation
from qa.question import analyse
from qa.reading import Reader, Span
from qa.retriever import EncodedQuestion, Hit

# Chosen on the development split (eval/tune.py): below this coverage of the question's least-covered
# words by the best units, the corpus is taken not to answer the question.
ABSTAIN_THRESHOLD = 0.23
NO_ANSWER = "The plans of action do not address this."


class AnswerComposer:
    def __init__(
        self, corpus: Corpus, reader: Reader, vectors: VectorIndex, abstain_threshold: float = ABSTAIN_THRESHOLD
    ) -> None:
        self.corpus = corpus
        self.reader = reader
        self.vectors = vectors
        self.positions = {unit_id: i for i, unit_id in enumerate(vectors.unit_ids)}
        self.abstain_threshold = abstain_threshold

    def run(self, encoded: EncodedQuestion, hits: Sequence[Hit], document: str, top_k: int) -> Answer:
        question = encoded.text
        if not hits:
            return Answer(question, "", True, [], "abstain", document)
        readings = self._read(encoded, [h.unit for h in hits])
        coverage = max((r[1] for r in readings.values() if r[1] is not None), default=None)
        if coverage is not None and coverage < self.abstain_threshold:
            closest = [_whole(h.unit, h.score) for h in hits[:top_k]]
            return Answer(question, "", True, closest, "abstain", document)
        if analyse(question).is_list:
            return self._list_answer(encoded, hits, document)
        return self._fact_answer(question, hits, readings, document, top_k)

    def _read(self, encoded: EncodedQuestion, units: Sequence[Unit]) -> dict[str, tuple[list[Span], float | None]]:
        """Per unit id: its spans best first, and its coverage of the question when the reader measures it."""
        run = getattr(self.reader, "run", None)
        if run is not None:
            tokens = [self.vectors.tokens.of(self.positions[u.unit_id]) for u in units]
            readings = run(encoded.text, units, question_vectors=encoded.content, unit_tokens=tokens)
            return {r.unit_id: (r.spans, r.coverage) for r in readings}
        spans = self.reader.read(encoded.text, units, top_k=len(units) * 3)
        found: dict[str, tuple[list[Span], float | None]] = {u.unit_id: ([], None) for u in units}
        for span in spans:
            found[span.unit_id][0].append(span)
        return found

    def _fact_answer(
        self, question: str, hits: Sequence[Hit], readings: dict[str, tuple[list[Span], float | None]], document: str, top_k: int
    ) -> Answer:
        best = max((s for spans, _ in readings.values() for s in spans[:1]), key=lambda s: s.score, default=None)
        ordered = sorted(hits, key=lambda h: (best is None or h.unit_id != best.unit_id, h.rank))
        citations = []
        for hit in ordered[:top_k]:
            spans = readings.get(hit.unit_id, ([], None))[0]
            citations.append(_cite(hit.unit, spans[0]) if spans else _whole(hit.unit, hit.score))
        answer = best.text if best else citations[0].quote
        return Answer(question, answer, False, citations, "factoid", document)

    def _list_answer(self, encoded: EncodedQuestion, hits: Sequence[Hit], document: str) -> Answer:
        groups: dict[str, float] = {}
        for hit in hits:
            key = _paragraph_id(hit.unit)
            groups[key] = groups.get(key, 0.0) + 1.0 / hit.rank
        paragraph = self.corpus.get(max(groups, key=lambda k: (groups[k], -min(h.rank for h in hits if _paragraph_id(h.unit) == k))))
        measures = self._descendants(paragraph.unit_id) or [paragraph]
        readings = self._read(encoded, measures)
        citations = []
        for unit in measures:
            spans = readings.get(unit.unit_id, ([], None))[0]
            citations.append(_cite(unit, spans[0]) if spans else _whole(unit, 0.0))
        lines = [paragraph.text] if measures != [paragraph] else []
        lines += [f"{_marker(u)}{u.text}" for u in measures]
        return Answer(
            encoded.text, "\n".join(lines), False, citations, "list", document, [(paragraph.unit_id, [u.unit_id for u in measures])]
        )

    def _descendants(self, unit_id: str) -> list[Unit]:
        found = []
        for child in self.corpus.children(unit_id):
            found.append(child)
            found.extend(self._descendants(child.unit_id))
        return found


def _paragraph_id(unit: Unit) -> str:
    return f"{unit.document}:{unit.part}:{unit.paragraph}"


def _marker(unit: Unit) -> str:
    return "".join(f"({s}) " for s in unit.sub[-1:])


def _cite(unit: Unit, span: Span) -> Citation:
    return Citation(unit.unit_id, unit.label, unit.text, span.text, span.start, span.end, span.score, unit.footnotes)


def _whole(unit: Unit, score: float) -> Citation:
    return Citation(unit.unit_id, unit.label, unit.text, unit.text, 0, len(unit.text), float(score), unit.footnotes)
