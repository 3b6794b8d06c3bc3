"""Runs the assistant through its public API over gold questions and scores every answer."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from eval import metrics
from eval.gold import GoldQuestion
from qa import Assistant

RETRIEVAL_KEYS = ("hit@1", "hit@3", "hit@5", "hit@10", "recall@10", "mrr@10", "ndcg@10")
METRIC_KEYS = RETRIEVAL_KEYS + (
    "em", "f1", "list_f1", "abstain_precision", "abstain_recall", "false_abstain", "citation_acc", "latency_p50_ms", "latency_p95_ms",
)
READING_TYPES = ("factoid", "provenance")


@dataclass(frozen=True)
class Record:
    """One question's outcome, kept whole in the per-question JSONL for error analysis."""

    config: str
    qid: str
    question: str
    type: str
    document: str
    answerable: bool
    relevant: list[str]
    gold_answers: list[str]
    prediction: str
    abstained: bool
    ranked: list[str]
    scores: list[float]
    cited: list[str]
    shown: list[str]  # the passages the answer presents: a list answer's paragraphs and measures, else what it cites
    first_relevant_rank: int | None
    citation_correct: bool | None
    em: float | None
    f1: float | None
    list_f1: float | None  # answerable list questions: passage F1 of what the answer shows against the gold passages
    latency_ms: float


def evaluate(
    assistant: Assistant, questions: Sequence[GoldQuestion], config: str, progress: Callable[[int], None] | None = None
) -> list[Record]:
    records = []
    for n, q in enumerate(questions, start=1):
        hits = assistant.retrieve(q.question, document=q.document, top_k=10)
        started = time.perf_counter()
        answer = assistant.ask(q.question, document=q.document, top_k=5)
        latency = (time.perf_counter() - started) * 1000
        ranked = [h.unit_id for h in hits]
        cited = [c.unit_id for c in answer.citations]
        prediction = "" if answer.abstained else answer.answer
        reading = q.answerable and q.answers and q.type in READING_TYPES
        shown = [] if answer.abstained else [i for paragraph, measures in answer.groups for i in (paragraph, *measures)] or cited
        records.append(
            Record(
                config=config, qid=q.qid, question=q.question, type=q.type, document=q.document,
                answerable=q.answerable, relevant=list(q.relevant), gold_answers=list(q.answers),
                prediction=prediction, abstained=answer.abstained, ranked=ranked, scores=[round(h.score, 5) for h in hits],
                cited=cited, shown=shown,
                first_relevant_rank=metrics.first_relevant_rank(ranked, q.relevant) if q.answerable else None,
                citation_correct=(not answer.abstained and bool(cited) and cited[0] in q.relevant) if q.answerable else None,
                em=metrics.exact_match(prediction, q.answers) if reading else None,
                f1=metrics.token_f1(prediction, q.answers) if reading else None,
                list_f1=metrics.passage_f1(shown, q.relevant) if q.answerable and q.type == "list" else None,
                latency_ms=latency,
            )
        )
        if progress:
            progress(n)
    return records


def summarize(records: Sequence[Record], reading_types: Sequence[str] = ("factoid",)) -> dict[str, float | None]:
    """The metric table row of a set of records; EM/F1 over `reading_types` (factoid by default)."""
    answerable = [r for r in records if r.answerable]
    row: dict[str, float | None] = {}
    for key in RETRIEVAL_KEYS:
        name, k = key.split("@")
        function = {"hit": metrics.hit_at_k, "recall": metrics.recall_at_k, "ndcg": metrics.ndcg_at_k}.get(name)
        values = [
            function(r.ranked, r.relevant, int(k)) if function else metrics.reciprocal_rank(r.ranked, r.relevant, int(k))
            for r in answerable
        ]
        row[key] = metrics.mean(values)
    reading = [r for r in records if r.f1 is not None and r.type in reading_types]
    row["em"] = metrics.mean(r.em for r in reading)
    row["f1"] = metrics.mean(r.f1 for r in reading)
    row["list_f1"] = metrics.mean(r.list_f1 for r in records)
    row.update(metrics.abstention_scores([r.abstained for r in records], [r.answerable for r in records]))
    row["citation_acc"] = metrics.mean(float(r.citation_correct) for r in answerable)
    latencies = [r.latency_ms for r in records]
    row["latency_p50_ms"] = metrics.percentile(latencies, 50) if latencies else None
    row["latency_p95_ms"] = metrics.percentile(latencies, 95) if latencies else None
    return row


def breakdown(records: Sequence[Record], field: str) -> dict[str, dict[str, float | None]]:
    """Every metric per question type (or per document): EM/F1 of each type on its own answers."""
    values = sorted({getattr(r, field) for r in records})
    return {
        v: summarize([r for r in records if getattr(r, field) == v], reading_types=READING_TYPES if field == "type" else ("factoid",))
        for v in values
    }


def as_dict(record: Record) -> dict[str, object]:
    return asdict(record)
