"""The metric functions, against values worked out by hand (formula in the comment, number as a literal)."""

from __future__ import annotations

import pytest

from eval.metrics import (
    abstention_scores,
    bootstrap_interval,
    exact_match,
    first_relevant_rank,
    hit_at_k,
    mean,
    ndcg_at_k,
    normalize_answer,
    passage_f1,
    percentile,
    recall_at_k,
    reciprocal_rank,
    token_f1,
    wilson_interval,
)

RANKED = ["u1", "u2", "u3", "u4", "u5"]
RETRIEVAL_METRICS = [
    lambda ranked, relevant: hit_at_k(ranked, relevant, 5),
    lambda ranked, relevant: recall_at_k(ranked, relevant, 5),
    lambda ranked, relevant: reciprocal_rank(ranked, relevant),
    lambda ranked, relevant: ndcg_at_k(ranked, relevant, 5),
    first_relevant_rank,
]
METRIC_NAMES = ["hit", "recall", "rr", "ndcg", "first_rank"]


# --- Retrieval: input checks ------------------------------------------------------------------


@pytest.mark.parametrize("metric", RETRIEVAL_METRICS, ids=METRIC_NAMES)
def test_empty_relevant_set_is_refused(metric) -> None:
    with pytest.raises(ValueError):
        metric(RANKED, set())


@pytest.mark.parametrize("metric", RETRIEVAL_METRICS, ids=METRIC_NAMES)
def test_a_bare_unit_id_is_not_taken_for_a_set_of_characters(metric) -> None:
    with pytest.raises(TypeError):
        metric(RANKED, "u3")


@pytest.mark.parametrize("metric", [hit_at_k, recall_at_k, reciprocal_rank, ndcg_at_k])
def test_k_below_one_is_refused(metric) -> None:
    with pytest.raises(ValueError):
        metric(RANKED, {"u1"}, 0)


def test_empty_ranking_scores_zero_everywhere() -> None:
    assert hit_at_k([], {"u1"}, 10) == 0.0
    assert recall_at_k([], {"u1", "u2"}, 10) == 0.0
    assert reciprocal_rank([], {"u1"}) == 0.0
    assert ndcg_at_k([], {"u1"}, 10) == 0.0
    assert first_relevant_rank([], {"u1"}) is None


# --- Hit@k and first relevant rank ------------------------------------------------------------


@pytest.mark.parametrize(("k", "expected"), [(1, 0.0), (2, 0.0), (3, 1.0), (5, 1.0), (100, 1.0)])
def test_hit_at_k_turns_on_at_the_rank_of_the_gold_unit(k: int, expected: float) -> None:
    assert hit_at_k(RANKED, {"u3"}, k) == expected


def test_hit_at_k_counts_several_relevant_units_once() -> None:
    assert hit_at_k(RANKED, {"u1", "u2", "u9"}, 2) == 1.0


def test_hit_at_k_ignores_relevant_units_never_retrieved() -> None:
    assert hit_at_k(RANKED, {"u9"}, 5) == 0.0


def test_first_relevant_rank_is_one_based_and_has_no_cut_off() -> None:
    assert first_relevant_rank(RANKED, {"u1"}) == 1
    assert first_relevant_rank(RANKED, {"u5", "u4"}) == 4
    assert first_relevant_rank(RANKED, {"u9"}) is None


# --- Duplicates in the ranking ------------------------------------------------------------------


def test_a_duplicate_keeps_its_first_rank_and_frees_the_slot() -> None:
    # Deduplicated: u1, u2 -> u2 is at rank 2, inside k = 2.
    ranked = ["u1", "u1", "u1", "u2"]
    assert hit_at_k(ranked, {"u2"}, 2) == 1.0
    assert reciprocal_rank(ranked, {"u2"}) == 0.5
    assert first_relevant_rank(ranked, {"u2"}) == 2


def test_a_duplicate_gold_unit_is_counted_once() -> None:
    # u2 twice is still one of two gold units: 1/2, not 2/2.
    assert recall_at_k(["u2", "u2"], {"u2", "u3"}, 2) == 0.5
    # Deduplicated: u2, u3 at ranks 1 and 2 -> the ideal ranking, not more than it.
    assert ndcg_at_k(["u2", "u2", "u3"], {"u2", "u3"}, 3) == pytest.approx(1.0)


# --- Recall@k ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("k", "expected"),
    [
        (1, 0.0),  # u1: none of 3
        (2, 0.3333333333),  # u2: 1 of 3
        (4, 0.6666666667),  # u2, u4: 2 of 3
        (10, 0.6666666667),  # u9 is never retrieved
    ],
)
def test_recall_at_k_is_the_share_of_gold_units_found(k: int, expected: float) -> None:
    assert recall_at_k(RANKED, {"u2", "u4", "u9"}, k) == pytest.approx(expected)


# --- Passage F1 (list answers) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        (["p", "p(a)", "p(b)", "p(c)"], 1.0),  # the whole paragraph, as the gold has it
        (["p", "p(b)"], 2 * 2 / (2 + 4)),  # half of it: precision 1, recall 0.5
        (["p", "p(a)", "p(b)", "p(c)", "q", "q(a)"], 2 * 4 / (6 + 4)),  # and another paragraph: precision 4/6
        (["q", "q(a)"], 0.0),
        ([], 0.0),  # an abstention shows nothing
    ],
)
def test_passage_f1_weighs_the_passages_shown_against_the_gold_ones(shown: list[str], expected: float) -> None:
    assert passage_f1(shown, ["p", "p(a)", "p(b)", "p(c)"]) == pytest.approx(expected)


def test_passage_f1_of_one_gold_measure_shown_with_its_seven_neighbours() -> None:
    shown = ["p", *(f"p({x})" for x in "abcdefgh")]
    assert passage_f1(shown, ["p(h)"]) == pytest.approx(0.2)
    assert passage_f1(["p", "p(h)"], ["p(h)"]) == pytest.approx(2 / 3)


# --- Reciprocal rank --------------------------------------------------------------------------


def test_reciprocal_rank_uses_the_first_relevant_unit() -> None:
    assert reciprocal_rank(RANKED, {"u1"}) == 1.0
    assert reciprocal_rank(RANKED, {"u4", "u3"}) == pytest.approx(0.3333333333)  # 1/3
    assert reciprocal_rank(RANKED, {"u9"}) == 0.0


def test_reciprocal_rank_beyond_k_is_zero() -> None:
    assert reciprocal_rank(RANKED, {"u4"}, k=3) == 0.0
    assert reciprocal_rank(RANKED, {"u4"}, k=4) == 0.25


def test_reciprocal_rank_defaults_to_a_cut_off_of_ten() -> None:
    ranked = [f"u{i}" for i in range(1, 21)]
    assert reciprocal_rank(ranked, {"u10"}) == 0.1
    assert reciprocal_rank(ranked, {"u11"}) == 0.0


# --- nDCG@k -----------------------------------------------------------------------------------


def test_ndcg_single_relevant_unit_at_rank_one_is_perfect() -> None:
    assert ndcg_at_k(RANKED, {"u1"}, 5) == 1.0


def test_ndcg_single_relevant_unit_at_rank_three() -> None:
    # (1/log2(4)) / 1 = 0.5
    assert ndcg_at_k(RANKED, {"u3"}, 5) == pytest.approx(0.5)


def test_ndcg_two_relevant_units_at_ranks_two_and_four() -> None:
    # (1/log2(3) + 1/log2(5)) / (1 + 1/log2(3))
    # = (0.6309297536 + 0.4306765581) / 1.6309297536 = 1.0616063117 / 1.6309297536
    assert ndcg_at_k(RANKED, {"u2", "u4"}, 10) == pytest.approx(0.6509209298)


def test_ndcg_two_relevant_units_at_ranks_one_and_three() -> None:
    # (1 + 1/log2(4)) / (1 + 1/log2(3)) = 1.5 / 1.6309297536
    assert ndcg_at_k(RANKED, {"u1", "u3"}, 5) == pytest.approx(0.9197207891)


def test_ndcg_ideal_ranking_is_capped_at_k() -> None:
    # Three gold units but only two slots: both filled is the best possible, min(3, 2) = 2.
    assert ndcg_at_k(RANKED, {"u1", "u2", "u9"}, 2) == pytest.approx(1.0)


def test_ndcg_relevant_unit_beyond_k_earns_nothing() -> None:
    assert ndcg_at_k(RANKED, {"u4"}, 3) == 0.0


# --- SQuAD normalisation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("The  Cat!", "cat"),
        ("  An apple, a day ", "apple day"),
        ("Theatre and anathema", "theatre and anathema"),  # articles only as whole words
        ("U.S.A.", "usa"),
        ("the-end", "theend"),  # punctuation goes first, so no article is left to remove
        ("States'  obligations;\n(b) reporting", "states obligations b reporting"),
        ("café — the best", "café — best"),  # only ASCII punctuation is removed, as in the script
        ("", ""),
    ],
)
def test_normalize_answer_follows_the_official_squad_script(raw: str, normalized: str) -> None:
    assert normalize_answer(raw) == normalized


# --- Exact match ------------------------------------------------------------------------------


def test_exact_match_ignores_case_punctuation_and_articles() -> None:
    assert exact_match("The Cat!", ["cat"]) == 1.0


def test_exact_match_takes_the_best_gold_answer() -> None:
    assert exact_match("prison overcrowding", ["overcrowding", "Prison overcrowding."]) == 1.0
    assert exact_match("cats", ["cat", "the cat"]) == 0.0


def test_exact_match_refuses_missing_golds() -> None:
    with pytest.raises(ValueError):
        exact_match("cat", [])
    with pytest.raises(TypeError):
        exact_match("cat", "cat")


# --- Token F1 ---------------------------------------------------------------------------------


def test_f1_partial_overlap() -> None:
    # pred "cat sat on mat" (4 tokens), gold "cat on hat" (3 tokens), common {cat, on} = 2
    # P = 2/4, R = 2/3, F1 = 2 * (1/2) * (2/3) / (1/2 + 2/3) = (2/3) / (7/6) = 4/7
    assert token_f1("the cat sat on the mat", ["a cat on a hat"]) == pytest.approx(0.5714285714)


def test_f1_takes_the_best_gold_answer() -> None:
    # vs gold 1 (7 tokens, all 4 predicted in it): P = 1, R = 4/7, F1 = (8/7) / (11/7) = 8/11
    # vs gold 2 (1 token): P = 1/4, R = 1, F1 = (1/2) / (5/4) = 2/5
    golds = ["the Commission on Crime Prevention and Criminal Justice", "Commission"]
    assert token_f1("Commission on Crime Prevention", golds) == pytest.approx(0.7272727273)


def test_f1_counts_a_repeated_token_only_as_often_as_the_gold_has_it() -> None:
    # Counter intersection: crime x min(3, 1) = 1; P = 1/3, R = 1/2, F1 = (1/3) / (5/6) = 2/5
    assert token_f1("crime crime crime", ["crime prevention"]) == pytest.approx(0.4)


def test_f1_exact_answer_and_no_overlap() -> None:
    assert token_f1("The Cat!", ["cat"]) == 1.0
    assert token_f1("dog", ["cat"]) == 0.0


def test_f1_empty_answers() -> None:
    assert token_f1("", [""]) == 1.0
    assert token_f1("the", ["a"]) == 1.0  # both normalise to nothing
    assert token_f1("", ["cat"]) == 0.0
    assert token_f1("cat", ["the"]) == 0.0


def test_f1_refuses_missing_golds() -> None:
    with pytest.raises(ValueError):
        token_f1("cat", [])
    with pytest.raises(TypeError):
        token_f1("cat", "cat")


# --- Abstention -------------------------------------------------------------------------------


def test_abstention_scores_on_a_mixed_set() -> None:
    # question:     0      1      2      3      4      5      6      7      8
    abstained = [True, True, False, False, True, False, False, False, False]
    answerable = [False, True, False, True, False, True, True, True, False]
    # abstentions on 0, 1, 4 -> 0 and 4 unanswerable: precision 2/3
    # unanswerable 0, 2, 4, 8 -> abstained on 0, 4: recall 2/4
    # answerable 1, 3, 5, 6, 7 -> abstained on 1: false abstain 1/5
    assert abstention_scores(abstained, answerable) == pytest.approx(
        {"abstain_precision": 0.6666666667, "abstain_recall": 0.5, "false_abstain": 0.2}
    )


def test_abstention_scores_undefined_cases_are_none() -> None:
    # Never abstains, everything answerable: no abstention to judge, no unanswerable question.
    assert abstention_scores([False, False], [True, True]) == {
        "abstain_precision": None,
        "abstain_recall": None,
        "false_abstain": 0.0,
    }
    # Always abstains, nothing answerable: perfect, and no answerable question to wrong.
    assert abstention_scores([True, True], [False, False]) == {
        "abstain_precision": 1.0,
        "abstain_recall": 1.0,
        "false_abstain": None,
    }
    assert abstention_scores([], []) == {
        "abstain_precision": None,
        "abstain_recall": None,
        "false_abstain": None,
    }


def test_abstention_scores_refuse_lists_of_different_lengths() -> None:
    with pytest.raises(ValueError):
        abstention_scores([True], [True, False])


# --- Aggregation ------------------------------------------------------------------------------


def test_mean_ignores_undefined_values() -> None:
    assert mean([1.0, None, 0.0, 0.5]) == 0.5  # (1 + 0 + 0.5) / 3
    assert mean(value for value in [0.25, None]) == 0.25


def test_mean_of_nothing_defined_is_none() -> None:
    assert mean([]) is None
    assert mean([None, None]) is None


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([1, 2, 3, 4], 50, 2.5),  # position 3 * 0.50 = 1.5 -> 2 + 0.5 * (3 - 2)
        ([1, 2, 3, 4], 95, 3.85),  # position 3 * 0.95 = 2.85 -> 3 + 0.85 * (4 - 3)
        ([1, 2, 3, 4], 0, 1.0),
        ([1, 2, 3, 4], 100, 4.0),
        ([4, 1, 3, 2], 50, 2.5),  # order of the input does not matter
        ([10, 20, 30, 40, 50], 90, 46.0),  # position 4 * 0.9 = 3.6 -> 40 + 0.6 * 10
        ([120, 80, 200, 95, 110], 50, 110.0),  # sorted 80 95 110 120 200, position 2
        ([120, 80, 200, 95, 110], 95, 184.0),  # position 3.8 -> 120 + 0.8 * (200 - 120)
        ([7], 95, 7.0),
    ],
)
def test_percentile_interpolates_linearly_like_numpy(values: list[float], q: float, expected: float) -> None:
    assert percentile(values, q) == pytest.approx(expected)


def test_percentile_refuses_no_values_and_q_out_of_range() -> None:
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1, 2], 101)
    with pytest.raises(ValueError):
        percentile([1, 2], -1)


def test_wilson_interval_of_eleven_in_seventeen() -> None:
    # share 0.6471; scale 1 + 1.96^2/17 = 1.2260; centre (0.6471 + 0.1130) / 1.2260 = 0.6200;
    # half 1.96 * sqrt(0.6471 * 0.3529 / 17 + 1.96^2 / (4 * 17^2)) / 1.2260 = 0.2070
    low, high = wilson_interval(11, 17)
    assert low == pytest.approx(0.4130, abs=1e-3)
    assert high == pytest.approx(0.8270, abs=1e-3)


def test_wilson_interval_of_no_success_starts_at_zero_and_is_not_empty() -> None:
    # centre = half = (1.96^2 / 20) / (1 + 1.96^2 / 10) = 0.1388
    low, high = wilson_interval(0, 10)
    assert low == 0.0
    assert high == pytest.approx(0.2775, abs=1e-3)


def test_wilson_interval_undefined_without_trials_and_refuses_impossible_counts() -> None:
    assert wilson_interval(0, 0) is None
    with pytest.raises(ValueError):
        wilson_interval(5, 4)


def test_bootstrap_interval_of_equal_values_is_that_value() -> None:
    assert bootstrap_interval([0.5] * 10) == (0.5, 0.5)


def test_bootstrap_interval_holds_the_mean_narrows_with_more_values_and_is_reproducible() -> None:
    few = [0.0, 1.0, 0.5, 1.0]
    many = few * 25
    low_few, high_few = bootstrap_interval(few)
    low_many, high_many = bootstrap_interval(many)
    assert low_few <= 0.625 <= high_few
    assert low_many <= 0.625 <= high_many
    assert high_many - low_many < high_few - low_few
    assert bootstrap_interval(many) == bootstrap_interval(many)


def test_bootstrap_interval_undefined_without_values_and_refuses_a_bad_level() -> None:
    assert bootstrap_interval([]) is None
    with pytest.raises(ValueError):
        bootstrap_interval([1.0], level=1.0)
