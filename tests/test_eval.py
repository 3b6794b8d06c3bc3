"""The gold set is sound, and the harness writes every report it promises."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from eval.__main__ import main as eval_main
from eval.bench import main as bench_main
from eval.gold import (
    FACTOID_FILE, FRESH2_FILE, FRESH2_HOLDOUT_FILE, FRESH3_FILE, FRESH3_HOLDOUT_FILE, FRESH_FILE, FRESH_HOLDOUT_FILE,
    GOLD_FILE, HOLDOUT_FILE, NEARMISS_FILE, NEARMISS_HOLDOUT_FILE, PROBE_FILE, SLICES_FILE, SLICES_HOLDOUT_FILE, TRAIN_FILE,
    VALID_FILE, check_against_corpus, export_beir, load_gold, parse_line, stratified_split,
)
from eval.harness import METRIC_KEYS


@pytest.fixture(scope="module")
def gold():
    return load_gold()


def test_gold_set_is_large_varied_and_matches_the_corpus(gold, corpus) -> None:
    assert len(gold) >= 200
    types = Counter(q.type for q in gold)
    assert types["unanswerable"] >= 30
    assert {"factoid", "list", "paraphrase", "provenance"} <= set(types)
    assert Counter(q.document for q in gold)["draft"] >= 40
    assert check_against_corpus(gold, corpus) == []
    assert all(not q.answerable and not q.relevant and not q.answers for q in gold if q.type == "unanswerable")
    assert all(q.answers for q in gold if q.type in ("factoid", "provenance"))


@pytest.mark.parametrize(
    "path",
    [
        TRAIN_FILE, VALID_FILE, HOLDOUT_FILE, PROBE_FILE, FACTOID_FILE, FRESH_FILE, FRESH_HOLDOUT_FILE, SLICES_FILE,
        SLICES_HOLDOUT_FILE, NEARMISS_FILE, NEARMISS_HOLDOUT_FILE, FRESH2_FILE, FRESH2_HOLDOUT_FILE,
        FRESH3_FILE, FRESH3_HOLDOUT_FILE,
    ],
)
def test_training_and_held_out_questions_match_the_corpus_and_ask_for_no_test_fact(path, gold, corpus) -> None:
    extra = load_gold(path)
    assert check_against_corpus(extra, corpus) == []
    assert not {q.qid for q in extra} & {q.qid for q in gold}
    for question in extra:
        for test in (q for q in gold if q.split == "test" and set(q.relevant) & set(question.relevant)):
            assert not any(a in b or b in a for a in question.answers for b in test.answers), (question.qid, test.qid)


def test_every_plan_has_a_national_and_an_international_list_question(gold, corpus) -> None:
    covered = set()
    for q in gold:
        if q.type == "list" and q.document == "adopted":
            for unit_id in q.relevant:
                unit = corpus.get(unit_id)
                covered.add((unit.plan, unit.section))
    plans = {p.numeral for p in corpus.documents["adopted"].plans}
    assert {(p, s) for p in plans for s in "AB"} <= covered


def test_split_is_fixed_and_stratified(gold) -> None:
    dev, test = load_gold(split="dev"), load_gold(split="test")
    assert len(dev) + len(test) == len(gold)
    assert not {q.qid for q in dev} & {q.qid for q in test}
    for kind in {q.type for q in gold}:
        d, t = sum(q.type == kind for q in dev), sum(q.type == kind for q in test)
        assert abs(d - t) <= 1, kind
    assert stratified_split([q for q in gold]) == gold  # re-splitting reproduces the committed split


def test_gold_lines_are_validated() -> None:
    with pytest.raises(ValueError, match="missing keys"):
        parse_line('{"qid": "x", "question": "q"}', "f:1")
    with pytest.raises(ValueError, match="type 'trivia' is not one of"):
        parse_line(json.dumps({"qid": "x", "question": "q", "document": "adopted", "relevant": [], "answers": [],
                               "answerable": False, "type": "trivia"}), "f:2")
    with pytest.raises(ValueError, match="unknown split"):
        load_gold(split="train")


def test_beir_export(tmp_path, gold) -> None:
    test = [q for q in gold if q.split == "test"]
    export_beir(test, tmp_path)
    queries = [json.loads(line) for line in (tmp_path / "queries.jsonl").read_text().splitlines()]
    qrels = (tmp_path / "qrels" / "test.tsv").read_text().splitlines()
    assert len(queries) == len(test)
    assert qrels[0] == "query-id\tcorpus-id\tscore"
    assert len(qrels) - 1 == sum(len(q.relevant) for q in test)


def test_harness_writes_table_report_chart_and_metrics(tmp_path, gold, capsys) -> None:
    sample = [q for q in gold if q.qid in {"a001", "a059", "a093", "d040", "d080", "a004"}] or gold[:6]
    small = tmp_path / "small.jsonl"
    small.write_text("".join(json.dumps(q.to_dict()) + "\n" for q in sample))
    out = tmp_path / "out"
    assert eval_main(["--gold", str(small), "--all", "--config", "bm25", "--config", "default", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "| bm25 |" in printed and "| default |" in printed and "alignment" in printed
    metrics = json.loads((out / "metrics.json").read_text())
    assert set(metrics) == {"bm25", "default"}
    assert set(metrics["default"]) == set(METRIC_KEYS)
    rows = [json.loads(line) for line in (out / "questions.jsonl").read_text().splitlines()]
    assert len(rows) == 2 * len(sample)
    assert {"question", "relevant", "prediction", "ranked", "scores", "citation_correct"} <= set(rows[0])
    assert (out / "configurations.png").read_bytes()[:4] == b"\x89PNG"
    assert "by question type" in (out / "report.md").read_text()


def test_harness_rejects_a_gold_file_that_does_not_match_the_corpus(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"qid": "z1", "question": "q?", "document": "adopted", "relevant": ["adopted:annex:99"],
                               "answers": [], "answerable": True, "type": "factoid"}) + "\n")
    assert eval_main(["--gold", str(bad), "--all", "--config", "bm25"]) == 2
    assert "unknown unit adopted:annex:99" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("arguments", "message"),
    [(["--runs", "0"], "--runs must be at least 1"), (["--memory-questions", "50"], "--memory-questions must be more than")],
)
def test_benchmark_rejects_counts_it_cannot_measure_with(arguments, message, capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        bench_main(arguments)
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


def test_committed_gold_file_is_the_default(gold) -> None:
    assert GOLD_FILE.name == "gold.jsonl" and len(gold) == len(GOLD_FILE.read_text().splitlines())
