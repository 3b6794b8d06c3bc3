"""The targets table: each target's figure, its interval, and whether it is met."""

from __future__ import annotations

import pytest

from eval.harness import Record
from eval.targets import TargetResult, target_results, targets_table


def _record(answerable: bool, *, cited_right: bool = True, abstained: bool = False, f1: float | None = None, rank: int = 1) -> Record:
    ranked = [f"other{i}" for i in range(1, rank)] + ["gold"] + [f"after{i}" for i in range(5)]
    return Record(
        config="default", qid="q", question="?", type="factoid" if f1 is not None else ("list" if answerable else "unanswerable"),
        document="adopted", answerable=answerable, relevant=["gold"] if answerable else [], gold_answers=[],
        prediction="", abstained=abstained, ranked=ranked, scores=[], cited=["gold"] if cited_right else ["x"], shown=[],
        first_relevant_rank=rank if answerable else None, citation_correct=cited_right if answerable else None,
        em=None, f1=f1, list_f1=None, latency_ms=1.0,
    )


@pytest.fixture
def results() -> dict[str, TargetResult]:
    records = [
        _record(True, f1=1.0),
        _record(True, f1=0.5, rank=2),
        _record(True, cited_right=False, rank=6),
        _record(True, cited_right=False, abstained=True),
        _record(False, abstained=True),
        _record(False),
    ]
    return {r.name: r for r in target_results(records)}


def test_each_target_is_measured_on_its_own_questions(results: dict[str, TargetResult]) -> None:
    assert results["Hit@5"].value == 0.75 and results["Hit@5"].questions == 4
    assert results["MRR@10"].value == pytest.approx((1 + 0.5 + 1 / 6 + 1) / 4)
    assert results["factoid token F1"].value == 0.75 and results["factoid token F1"].questions == 2
    assert results["first citation relevant"].value == 0.5
    assert results["abstention recall"].value == 0.5 and results["abstention recall"].questions == 2
    assert results["false abstention"].value == 0.25


def test_a_ceiling_is_met_at_or_below_it_and_a_floor_at_or_above(results: dict[str, TargetResult]) -> None:
    assert results["false abstention"].met is False  # 0.25 > 0.10
    assert results["Hit@5"].met is False
    assert TargetResult("false abstention", 0.10, None, 0.10, True, 10).met is True
    assert TargetResult("Hit@5", 0.95, None, 0.95, False, 20).met is True
    assert TargetResult("abstention recall", None, None, 0.85, False, 0).met is None


def test_every_figure_lies_within_its_interval(results: dict[str, TargetResult]) -> None:
    for result in results.values():
        low, high = result.interval
        assert low <= result.value <= high


def test_the_table_shows_bound_value_interval_and_verdict(results: dict[str, TargetResult]) -> None:
    lines = targets_table(list(results.values())).splitlines()
    assert lines[0] == "| target | value | 95 % interval | questions | met |"
    row = next(line for line in lines if line.startswith("| false abstention"))
    assert row.startswith("| false abstention <= 0.10 | 0.250 | ")
    assert row.endswith("| 4 | no |")
