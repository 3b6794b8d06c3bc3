"""Specification of the draft-to-adopted comparison (`qa.compare`).

The hand-checked alignments in `eval/gold/alignments.json` were written by reading the two annexes
side by side; each entry lists *all* counterparts of its unit, so the alignment must reproduce the
status and the counterparts exactly (in any order where the entry says `any_order`).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from corpus import Corpus
from qa.compare import (
    STATUS_RULES,
    STATUSES,
    Alignment,
    Comparison,
    DiffPiece,
    alignment_scores,
    diff_text,
    normalise,
    word_diff,
)

FIXTURE = Path(__file__).resolve().parent.parent / "eval" / "gold" / "alignments.json"
GOLD: list[dict] = json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def alignment(corpus: Corpus) -> Alignment:
    return Alignment(corpus)


def annex_units(corpus: Corpus, document: str) -> list[str]:
    return [u.unit_id for u in corpus.units if u.part == "annex" and u.document == document]


def other(document: str) -> str:
    return {"draft": "adopted", "adopted": "draft"}[document]


# --- the hand-checked fixture ---------------------------------------------------------------------


def test_fixture_covers_every_status_at_least_twice() -> None:
    counts = Counter(e["status"] for e in GOLD)
    assert len(GOLD) >= 30
    assert {s: counts[s] for s in STATUSES if counts[s] < 2} == {}


def test_fixture_names_real_units(corpus: Corpus) -> None:
    for entry in GOLD:
        assert entry["unit_id"] in corpus, entry
        assert all(c in corpus for c in entry["counterparts"]), entry
        assert entry["note"].strip(), entry


@pytest.mark.parametrize("entry", GOLD, ids=[e["unit_id"] for e in GOLD])
def test_hand_checked_alignment(alignment: Alignment, entry: dict) -> None:
    got = alignment.compare(entry["unit_id"])
    assert got.status == entry["status"], entry["note"]
    if entry.get("any_order"):
        assert sorted(got.counterparts) == sorted(entry["counterparts"]), entry["note"]
    else:
        assert list(got.counterparts) == entry["counterparts"], entry["note"]


def test_precision_and_recall_against_the_fixture(alignment: Alignment) -> None:
    scores = alignment_scores(alignment, FIXTURE)
    print(f"\nalignment vs fixture: {scores}")
    assert scores["precision"] >= 0.8
    assert scores["recall"] >= 0.8
    assert scores["units"] == len(GOLD)
    assert alignment_scores(alignment, GOLD) == scores


# --- every unit gets one well-formed comparison ---------------------------------------------------


def test_every_annex_unit_of_both_documents_has_exactly_one_comparison(corpus: Corpus, alignment: Alignment) -> None:
    ids = [c.unit_id for c in alignment.changes()]
    assert Counter(ids) == Counter(annex_units(corpus, "draft") + annex_units(corpus, "adopted"))
    assert ids == annex_units(corpus, "draft") + annex_units(corpus, "adopted")


def test_statuses_are_valid_and_counterparts_are_in_the_other_document(corpus: Corpus, alignment: Alignment) -> None:
    assert set(STATUS_RULES) == set(STATUSES)
    for c in alignment.changes():
        unit = corpus.get(c.unit_id)
        assert isinstance(c, Comparison)
        assert c.status in STATUSES
        assert all(corpus.get(x).document == other(unit.document) for x in c.counterparts), c
        assert all(corpus.get(x).plan == unit.plan for x in c.counterparts), c
        assert len(set(c.counterparts)) == len(c.counterparts)
        if c.status in ("added", "deleted"):
            assert c.counterparts == () and c.similarity == 0.0
            assert c.status == ("deleted" if unit.document == "draft" else "added")
        else:
            assert c.counterparts and 0.0 < c.similarity <= 1.0


def test_links_are_symmetric_and_statuses_agree_on_both_sides(alignment: Alignment) -> None:
    for c in alignment.changes():
        for x in c.counterparts:
            assert c.unit_id in alignment.compare(x).counterparts
        if c.status in ("unchanged", "reworded", "moved"):
            (x,) = c.counterparts
            assert alignment.compare(x).status == c.status


def test_merged_and_split_follow_the_number_of_links(alignment: Alignment) -> None:
    for c in alignment.changes():
        many = len(c.counterparts) > 1
        if c.status == "merged":
            assert many if c.unit_id.startswith("adopted:") else len(alignment.compare(c.counterparts[0]).counterparts) > 1
        if c.status == "split":
            assert many if c.unit_id.startswith("draft:") else len(alignment.compare(c.counterparts[0]).counterparts) > 1


def test_unchanged_means_same_text(corpus: Corpus, alignment: Alignment) -> None:
    unchanged = [c for c in alignment.changes() if c.status == "unchanged"]
    assert unchanged
    for c in unchanged:
        assert normalise(corpus.get(c.unit_id).text) == normalise(corpus.get(c.counterparts[0]).text)
        assert c.similarity == 1.0
    reworded = [c for c in alignment.changes() if c.status in ("reworded", "moved")]
    assert all(normalise(corpus.get(c.unit_id).text) != normalise(corpus.get(c.counterparts[0]).text) for c in reworded)


def test_counterparts_are_best_first(alignment: Alignment) -> None:
    merged = alignment.compare("adopted:annex:47(h)")
    sims = {d: s for d, a, s in alignment.pairs() if a == merged.unit_id}
    assert [sims[x] for x in merged.counterparts] == sorted(sims.values(), reverse=True)
    assert merged.similarity == max(sims.values())


def test_pairs_are_the_links_seen_from_the_draft(alignment: Alignment) -> None:
    pairs = alignment.pairs()
    assert len(pairs) == len({(d, a) for d, a, _ in pairs})
    for d, a, sim in pairs:
        assert d.startswith("draft:annex:") and a.startswith("adopted:annex:")
        assert a in alignment.compare(d).counterparts and 0.0 < sim <= 1.0


def test_summary_counts_every_unit_of_the_plan(alignment: Alignment) -> None:
    summary = alignment.summary("XV")
    assert set(summary) == set(STATUSES)
    assert sum(summary.values()) == len(alignment.changes("XV"))
    assert summary["merged"] == 3 and summary["deleted"] >= 2
    assert sum(alignment.summary().values()) == len(alignment.changes())


# --- diffs ----------------------------------------------------------------------------------------


def test_diff_gives_back_the_draft_and_the_adopted_text(corpus: Corpus, alignment: Alignment) -> None:
    for c in alignment.changes():
        unit = corpus.get(c.unit_id)
        best = corpus.get(c.counterparts[0]).text if c.counterparts else ""
        draft_text, adopted_text = (unit.text, best) if unit.document == "draft" else (best, unit.text)
        assert diff_text(c.diff, "draft") == " ".join(draft_text.split()), c.unit_id
        assert diff_text(c.diff, "adopted") == " ".join(adopted_text.split()), c.unit_id
        assert all(p.op in ("equal", "delete", "insert") and p.text for p in c.diff)


def test_diff_reads_from_draft_to_adopted_on_either_side(alignment: Alignment) -> None:
    from_draft = alignment.compare("draft:annex:28(b)").diff
    from_adopted = alignment.compare("adopted:annex:30(b)").diff
    assert from_draft == from_adopted
    assert DiffPiece("delete", "an international fund") in from_draft
    assert DiffPiece("insert", "funds") in from_draft


def test_word_diff_of_small_texts() -> None:
    assert word_diff("Update the Compendium;", "Update the Compendium;") == (DiffPiece("equal", "Update the Compendium;"),)
    assert word_diff("on request and subject to resources;", "on request;") == (
        DiffPiece("equal", "on"),
        DiffPiece("delete", "request and subject to resources;"),
        DiffPiece("insert", "request;"),
    )
    assert diff_text(word_diff("a  b\nc", "a c d"), "draft") == "a b c"


def test_added_and_deleted_units_show_their_whole_text(alignment: Alignment) -> None:
    assert [p.op for p in alignment.compare("adopted:annex:3(c)").diff] == ["insert"]
    assert [p.op for p in alignment.compare("draft:annex:6(a)").diff] == ["delete"]


# --- provenance -----------------------------------------------------------------------------------


def test_provenance_of_draft_units_comes_from_their_footnotes(alignment: Alignment) -> None:
    assert any("Uzbekistan" in p for p in alignment.compare("draft:annex:22(e)").provenance)
    assert any("Canada" in p for p in alignment.compare("draft:annex:24(a)").provenance)
    assert any("merged" in p for p in alignment.compare("draft:annex:24(g)").provenance)


def test_provenance_includes_the_plan_heading_footnotes(alignment: Alignment) -> None:
    provenance = alignment.compare("draft:annex:28(b)").provenance
    assert any("Finland" in p for p in provenance)
    assert any("restorative justice should be submitted by Canada" in p for p in provenance)


def test_provenance_leaves_out_mere_citations(alignment: Alignment) -> None:
    provenance = alignment.compare("draft:annex:27(b)").provenance
    assert "General Assembly resolution 40/34, annex." not in provenance


def test_adopted_units_inherit_the_provenance_of_their_draft_counterparts(alignment: Alignment) -> None:
    assert alignment.compare("adopted:annex:24(e)").provenance == alignment.compare("draft:annex:22(e)").provenance
    merged = alignment.compare("adopted:annex:47(h)").provenance
    assert merged and all("Canada" in p for p in merged)
    assert alignment.compare("adopted:annex:3(c)").provenance == ()


# --- lookups --------------------------------------------------------------------------------------


@pytest.mark.parametrize("unit_id", ["draft:annex:99", "adopted:annex:23(z)", "nonsense", "adopted:fn:1", "draft:note:4"])
def test_ids_outside_the_annexes_raise_key_error(alignment: Alignment, unit_id: str) -> None:
    with pytest.raises(KeyError, match="annex"):
        alignment.compare(unit_id)


def test_changes_of_the_terrorism_plan_cover_both_documents(corpus: Corpus, alignment: Alignment) -> None:
    ids = [c.unit_id for c in alignment.changes("VII")]
    assert ids[0] == "draft:annex:20" and ids[-1] == "adopted:annex:24(e)"
    assert {"draft:annex:21(a)", "draft:annex:22", "adopted:annex:23(d)", "adopted:annex:24"} <= set(ids)
    documents = [i.split(":")[0] for i in ids]
    assert documents == sorted(documents, key=["draft", "adopted"].index)
    assert all(corpus.get(i).plan == "VII" for i in ids)
    assert len(ids) == len([u for u in corpus.units if u.part == "annex" and u.plan == "VII"])


def test_changes_of_an_unknown_plan_raise_key_error(alignment: Alignment) -> None:
    with pytest.raises(KeyError, match="XVI"):
        alignment.changes("XVI")


def test_chapeaus_are_only_matched_within_their_plan(corpus: Corpus, alignment: Alignment) -> None:
    chapeau = "Individually and collectively, States will endeavour, as appropriate, to support the following actions:"
    for unit in corpus.units:
        if unit.part == "annex" and unit.text == chapeau:
            for x in alignment.compare(unit.unit_id).counterparts:
                assert corpus.get(x).plan == unit.plan
