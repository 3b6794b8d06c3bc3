"""The targets the project set itself (issues #4 and #5), each measured with its 95 % interval.

A target counts as met on the figure itself; the interval says how firmly. With 17 unanswerable test
questions, abstention recall is known only to within about twenty points either way, and one question
more or less moves first-citation accuracy by a point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from eval import metrics
from eval.harness import Record


@dataclass(frozen=True)
class TargetResult:
    name: str
    value: float | None
    interval: tuple[float, float] | None
    target: float
    at_most: bool  # the target is a ceiling (false abstention), not a floor
    questions: int

    @property
    def met(self) -> bool | None:
        if self.value is None:
            return None
        return self.value <= self.target if self.at_most else self.value >= self.target


def _share(name: str, outcomes: Sequence[bool], target: float, at_most: bool = False) -> TargetResult:
    successes, total = sum(outcomes), len(outcomes)
    value = successes / total if total else None
    return TargetResult(name, value, metrics.wilson_interval(successes, total), target, at_most, total)


def _mean(name: str, values: Sequence[float], target: float) -> TargetResult:
    return TargetResult(name, metrics.mean(values), metrics.bootstrap_interval(values), target, False, len(values))


def target_results(records: Sequence[Record]) -> list[TargetResult]:
    """One configuration's records against every target, in the order the issues state them."""
    answerable = [r for r in records if r.answerable]
    unanswerable = [r for r in records if not r.answerable]
    factoid_f1 = [r.f1 for r in records if r.type == "factoid" and r.f1 is not None]
    return [
        _share("Hit@5", [bool(metrics.hit_at_k(r.ranked, r.relevant, 5)) for r in answerable], 0.95),
        _mean("MRR@10", [metrics.reciprocal_rank(r.ranked, r.relevant, 10) for r in answerable], 0.85),
        _mean("factoid token F1", factoid_f1, 0.70),
        _share("first citation relevant", [bool(r.citation_correct) for r in answerable], 0.85),
        _share("abstention recall", [r.abstained for r in unanswerable], 0.85),
        _share("false abstention", [r.abstained for r in answerable], 0.10, at_most=True),
    ]


def targets_table(results: Sequence[TargetResult]) -> str:
    lines = ["| target | value | 95 % interval | questions | met |", "|---|---|---|---|---|"]
    for result in results:
        bound = f"{'<=' if result.at_most else '>='} {result.target:.2f}"
        value = "–" if result.value is None else f"{result.value:.3f}"
        interval = "–" if result.interval is None else f"{result.interval[0]:.2f}–{result.interval[1]:.2f}"
        met = {True: "yes", False: "no", None: "–"}[result.met]
        lines.append(f"| {result.name} {bound} | {value} | {interval} | {result.questions} | {met} |")
    return "\n".join(lines)
