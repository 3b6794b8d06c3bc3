"""Retrieval: scopes and filters, fusion, quality on questions checked by reading the text."""

from __future__ import annotations

import numpy as np
import pytest

from embeddings.index import TokenTable
from embeddings.tokens import similarities
from qa.fusion import min_max, promote_cited, reciprocal_rank_fusion, saturate, weighted_fusion
from qa.references import asks_own_number, footnote_asked, most_specific, number_of, numbered, own_number, references, resolutions_of, shared
from qa.question import analyse
from qa.scope import Scope


def test_reciprocal_rank_fusion_by_hand() -> None:
    fused = reciprocal_rank_fusion([[7, 3], [3, 9]], k=60)
    assert fused[3] == pytest.approx(1 / 62 + 1 / 61)
    assert fused[7] == pytest.approx(1 / 61)
    assert fused[9] == pytest.approx(1 / 62)


def test_min_max_and_saturation_by_hand() -> None:
    assert min_max(np.array([2.0, 4.0, 3.0])).tolist() == [0.0, 1.0, 0.5]
    assert min_max(np.array([5.0, 5.0])).tolist() == [1.0, 1.0]
    assert min_max(np.array([9.0, 2.0, 4.0]), present=np.array([False, True, True])).tolist() == [0.0, 0.0, 1.0]
    assert min_max(np.array([])).tolist() == []
    assert saturate(np.array([5.0, 0.0]), k=5.0).tolist() == [0.5, 0.0]


def test_weighted_fusion_by_hand() -> None:
    # dense 0.2 and 0.6 for the first two candidates, the third only found by BM25 (score 5).
    fused = weighted_fusion(
        np.array([0.2, 0.6, 0.0]), np.array([True, True, False]), np.array([0.0, 5.0, 15.0]), lexical_weight=0.1, saturation=5.0
    )
    assert fused == pytest.approx([0.0, 1.0 + 0.1 * 0.5, 0.1 * 0.75])


def test_scope_validation_messages() -> None:
    with pytest.raises(ValueError, match="unknown document 'final'; allowed: adopted, draft, both"):
        Scope.of("final")
    with pytest.raises(ValueError, match="unknown plan 'XVI'"):
        Scope.of("adopted", plan="XVI")
    with pytest.raises(ValueError, match="unknown section 'regional'"):
        Scope.of("adopted", section="regional")
    with pytest.raises(ValueError, match="unknown unit part"):
        Scope.of("adopted", part="appendix")
    assert Scope.of("both", plan="x", section="International").section == "B"


@pytest.mark.parametrize(("document", "expected"), [("adopted", {"adopted"}), ("draft", {"draft"}), ("both", {"adopted", "draft"})])
def test_document_filter_is_applied_before_ranking(assistant, document, expected) -> None:
    for question in ["prison overcrowding", "Which proposal did Canada submit?", "international fund for victims"]:
        hits = assistant.retrieve(question, document=document, top_k=20)
        assert len(hits) == 20
        assert {h.unit.document for h in hits} <= expected
    if document == "both":
        hits = assistant.retrieve("international fund for victims of crime", document="both", top_k=10)
        assert {h.unit.document for h in hits} == {"adopted", "draft"}


def test_plan_section_and_part_filters(assistant) -> None:
    hits = assistant.retrieve("training", plan="XV", section="international", top_k=5)
    assert hits and all(h.unit.plan == "XV" and h.unit.section == "B" for h in hits)
    notes = assistant.retrieve("Who proposed this?", document="draft", part="fn", top_k=8)
    assert all(h.unit.part == "fn" for h in notes)
    assert [h.rank for h in notes] == list(range(1, 9))
    assert all(a.score >= b.score for a, b in zip(notes, notes[1:]))


@pytest.mark.parametrize(
    ("question", "document", "answer_ids"),
    [
        ("By when should the convention against corruption be finalized?", "adopted", {"adopted:annex:6(c)"}),
        ("What must States do about prison overcrowding?", "adopted", {"adopted:annex:32", "adopted:annex:32(a)", "adopted:annex:32(b)"}),
        ("juvenile justice systems", "adopted", {"adopted:annex:38(c)", "adopted:annex:39(a)"}),
        # No word in common with the firearms plan.
        ("What should governments do about guns?", "adopted", {"adopted:annex:17(a)", "adopted:annex:17(b)", "adopted:annex:17(c)", "adopted:annex:17(d)", "adopted:annex:17(e)", "adopted:annex:18(a)", "adopted:annex:18(b)", "adopted:annex:16"}),
        ("Which proposal did Uzbekistan submit?", "draft", {"draft:fn:3"}),
        ("Where are the Guidelines for Action on Children in the Criminal Justice System set out?", "adopted", {"adopted:fn:10"}),
        ("international fund for providing support to victims of crime", "draft", {"draft:annex:28(b)"}),
    ],
)
def test_answering_units_are_found(assistant, question, document, answer_ids) -> None:
    hits = assistant.retrieve(question, document=document, top_k=5)
    assert answer_ids & {h.unit_id for h in hits}, [h.unit_id for h in hits]


def test_bm25_alone_misses_the_paraphrase_that_hybrid_finds(assistant) -> None:
    from dataclasses import replace

    from qa.config import named

    firearms = {u.unit_id for u in assistant.corpus.units if u.document == "adopted" and u.plan == "V"}
    bm25 = assistant.with_config(named("bm25")).retrieve("What should governments do about guns?", top_k=3)
    hybrid = assistant.with_config(replace(named("default"))).retrieve("What should governments do about guns?", top_k=3)
    assert not firearms & {h.unit_id for h in bm25}
    assert {h.unit_id for h in hybrid} <= firearms


def _table(*units: list[list[float]]) -> TokenTable:
    vectors = np.array([row for unit in units for row in unit], dtype=np.float32)
    starts = np.cumsum([0] + [len(unit) for unit in units]).astype(np.int64)
    return TokenTable(vectors, np.zeros((len(vectors), 2), dtype=np.int64), starts)


def test_late_interaction_by_hand() -> None:
    table = _table([[1, 0], [0, 1]], [[0.6, 0.8]])
    one = np.array([[1, 0]], dtype=np.float32)
    two = np.array([[1, 0], [0, 1]], dtype=np.float32)
    empty = np.zeros((0, 2), dtype=np.float32)
    scores = table.max_similarity([one, two, empty])
    # Unit 0 matches both query tokens exactly; unit 1 matches them at 0.6 and 0.8 (mean 0.7).
    assert np.allclose(scores, [[1.0, 1.0, 0.0], [0.6, 0.7, 0.0]])


def test_token_subset_keeps_each_units_rows_in_the_given_order() -> None:
    table = _table([[1, 0]], [[0, 1], [0.6, 0.8]], [[0.8, 0.6]])
    subset = table.subset([2, 1])
    assert subset.starts.tolist() == [0, 1, 3]
    assert np.allclose(subset.vectors, [[0.8, 0.6], [0, 1], [0.6, 0.8]])
    query = np.array([[0, 1]], dtype=np.float32)
    assert np.allclose(subset.max_similarity([query])[:, 0], table.max_similarity([query])[[2, 1], 0])


def test_similarities_match_numpys_product_for_any_query_layout() -> None:
    rng = np.random.default_rng(7)
    rows = rng.standard_normal((500, 16)).astype(np.float32)
    rows.flags.writeable = False  # the cached token table is read-only
    queries = rng.standard_normal((16, 6))
    for layout in (queries.T, queries.T.astype(np.float32), queries.T[::2]):
        assert np.allclose(similarities(rows, layout), rows @ layout.T.astype(np.float32), atol=1e-5)


def test_a_batch_ranks_and_answers_like_one_question_at_a_time(assistant) -> None:
    questions = [
        "What must States do about prison overcrowding?",
        "What should governments do about guns?",
        "By when should States eliminate or reduce significantly the illicit cultivation of coca bush?",
        "Was the international fund for victims kept in the adopted text?",
        "How do people feel about football?",
    ]
    batch = assistant.ask_many(questions, document="both", top_k=5)
    for question, answer in zip(questions, batch):
        alone = assistant.ask(question, document="both", top_k=5)
        assert (answer.answer, answer.abstained) == (alone.answer, alone.abstained), question
        assert [(c.unit_id, c.start, c.end) for c in answer.citations] == [(c.unit_id, c.start, c.end) for c in alone.citations]


def test_footnotes_are_promoted_just_above_the_candidate_citing_them_by_hand() -> None:
    # Position 7 cites footnote 9; footnote 4 is cited by a unit that is not a candidate.
    positions = np.array([7, 9, 3, 4])
    cited = {7: [9], 9: [], 3: [], 4: []}
    cited_by_position = [cited.get(p, [4]) for p in range(10)]
    promoted = promote_cited(positions, np.array([0.9, 0.2, 0.5, 0.1]), cited_by_position, 0.01)
    assert np.allclose(promoted, [0.9, 0.91, 0.5, 0.1])
    # A footnote already ahead of its citing unit keeps its own score.
    assert np.allclose(promote_cited(positions, np.array([0.3, 0.8, 0.5, 0.1]), cited_by_position, 0.01), [0.3, 0.8, 0.5, 0.1])


@pytest.mark.parametrize(
    ("question", "section", "source"),
    [
        ("What will the Centre do about juvenile justice?", "B", False),
        ("What is planned at the international level against money-laundering?", "B", False),
        ("What must States do about prison overcrowding?", "A", False),
        ("How should countries measure domestic corruption?", "A", False),
        # A question naming both is about its subject's measures.
        ("What will the Centre do with Member States?", "B", False),
        ("How will the Centre help States fight terrorism?", "B", False),
        ("Which States will the Office assist?", "B", False),
        ("What should States do with the Centre's help?", "A", False),
        # The United Nations as the one who acts, or the help it gives; not the UN as the author of the plans.
        ("Will the UN help countries make their jails more livable?", "B", False),
        ("Can a country get UN help to make its jails more humane?", None, False),
        ("Is the UN's handbook on fighting bribery going to be brought up to date?", None, False),
        ("Do the UN plans say that countries should share information?", "A", False),
        ("Should the Centre or States act on juvenile justice?", None, False),
        ("Why is restorative justice mentioned?", None, False),
        ("In which General Assembly resolution is the Declaration set out?", None, True),
        ("Where was the Compendium published?", None, True),
        ("In which publication was the manual on practical measures against corruption issued?", None, True),
        ("Which publication contains the Model Strategies?", None, True),
        # A publication someone is to update or issue is asked for by its title, not its source.
        ("Which publication is the Centre supposed to update?", "B", False),
    ],
)
def test_question_analysis_reads_the_level_and_the_wish_for_a_source(question, section, source) -> None:
    kind = analyse(question)
    assert (kind.section, kind.wants_source) == (section, source)


@pytest.mark.parametrize(
    ("question", "footnote"),
    [
        ("In which resolution are the Model Strategies and Practical Measures on the Elimination of Violence against Women set out?",
         "adopted:fn:12"),
        ("Where was the Compendium of United Nations Standards and Norms published?", "adopted:fn:13"),
        # A footnote that holds the symbol or the web address asked for.
        ("Under which symbol was the Handbook on Justice for Victims issued?", "adopted:fn:7"),
        ("At what internet address can the International Victimology Website be found?", "adopted:fn:9"),
    ],
)
def test_source_questions_rank_the_footnote_first(assistant, question, footnote) -> None:
    from qa.config import named

    assert assistant.retrieve(question, top_k=1)[0].unit_id == footnote
    # Without the structure the text citing the footnote comes first: the promotion is what does it.
    assert assistant.with_config(named("hybrid-no-structure")).retrieve(question, top_k=1)[0].unit_id != footnote


def test_a_question_about_the_centre_ranks_the_international_measures_first(assistant) -> None:
    hits = assistant.retrieve("What will the Centre do about juvenile justice?", top_k=2)
    assert [h.unit.section for h in hits] == ["B", "B"] and hits[0].unit.plan == "XII"


def test_a_question_for_a_date_prefers_the_unit_that_gives_one(assistant) -> None:
    from dataclasses import replace

    from qa.config import DEFAULT

    question = "By when should States review their victim support practices?"
    typed = {h.unit_id: h.score for h in assistant.retrieve(question, top_k=10)}
    untyped_assistant = assistant.with_config(replace(DEFAULT, retrieval=replace(DEFAULT.retrieval, answer_type_weight=0.0)))
    untyped = {h.unit_id: h.score for h in untyped_assistant.retrieve(question, top_k=10)}
    assert next(iter(typed)) == "adopted:annex:28"
    # Paragraph 28 sets the year ("by 2002") and gains the bonus; subparagraph 29 (a) lists an action without one.
    assert typed["adopted:annex:28"] - untyped["adopted:annex:28"] == pytest.approx(DEFAULT.retrieval.answer_type_weight)
    assert typed["adopted:annex:29(a)"] == pytest.approx(untyped["adopted:annex:29(a)"])

def test_footnotes_cited_together_keep_the_order_they_are_cited_in_by_hand() -> None:
    # Position 0 cites its own footnote 3 first, then its plan's footnote 1: both rise above it, 3 first.
    positions = np.array([0, 1, 3])
    cited_by_position = [[3, 1], [], [], []]
    promoted = promote_cited(positions, np.array([0.9, 0.2, 0.1]), cited_by_position, 0.01)
    assert promoted[2] > promoted[1] > promoted[0]
    assert np.isclose(promoted[2], 0.91)


def test_references_are_read_exactly_by_hand() -> None:
    text = "Paragraphs 88 (g), (h) and (l) and 90 (b) of E/CN.15/2001/5; see resolution 1999/28, paragraph 6."
    assert references(text) == {
        "paragraph 88", "paragraph 88 (g)", "paragraph 88 (h)", "paragraph 88 (l)", "symbol E/CN.15/2001/5",
        "resolution 1999/28", "paragraph 6",
    }
    # A symbol's parts are no resolution number.
    assert references("E/CN.15/2001/L.7, annex, para. 13") == {"symbol E/CN.15/2001/L.7", "paragraph 13"}
    asked = references("paragraph 88 (h) of the draft plans")
    assert shared(asked, references(text)) == 1.0
    assert shared(asked, references("Based on paragraph 88 (c) of the draft plans")) == 0.5
    assert shared(frozenset(), references(text)) == 0.0
    # What a question names most narrowly: "paragraph 88 (d)" is asked, "paragraph 88" is not asked besides.
    assert most_specific(references("paragraph 88 (d) and resolution 1998/23")) == {"paragraph 88 (d)", "resolution 1998/23"}


@pytest.mark.parametrize(
    ("question", "footnote"),
    [
        ("Paragraph 5 of which General Assembly resolution serves as a basis in the draft plans?", "draft:fn:52"),
        ("Which resolution is referenced for the text based on paragraph 88 (h) of the original draft plans?", "draft:fn:63"),
        ("Which paragraph of ECOSOC resolution 1998/23 is cited alongside paragraph 88 (d) of the original draft?", "draft:fn:61"),
        ("Which ECOSOC resolution is cross-referenced for the text based on paragraph 88 (c) of the original draft?", "draft:fn:60"),
    ],
)
def test_a_unit_naming_the_references_the_question_names_ranks_first(assistant, question, footnote) -> None:
    assert assistant.retrieve(question, document="draft", top_k=1)[0].unit_id == footnote


def test_why_a_plans_heading_changed_is_read_in_the_footnote_on_the_plan(assistant) -> None:
    # Footnote 35 is on plan XI's heading: "The title was amended to make it conform more with ...".
    question = "Why was the heading of the draft plan against computer-related crime reworded?"
    assert assistant.retrieve(question, document="draft", top_k=1)[0].unit_id == "draft:fn:35"
    answer = assistant.ask(question, document="draft")
    assert answer.answer == "to make it conform more with the language of paragraph 18 of the Vienna Declaration"


def test_a_why_question_ranks_the_footnote_giving_the_reason_above_the_unit_citing_it(assistant) -> None:
    question = "Why does the draft make the Centre's work on computer-related crime subject to the availability of resources?"
    ranked = [h.unit_id for h in assistant.retrieve(question, document="draft", top_k=3)]
    assert ranked.index("draft:fn:36") < ranked.index("draft:annex:34")


def test_footnotes_rank_lower_for_questions_they_do_not_answer(assistant) -> None:
    from dataclasses import replace

    from qa.config import DEFAULT

    # Footnotes 31 and 33 discuss race and colour as the draft's editors' notes; the measure is paragraph 25 (f).
    question = "Do the plans talk about offences driven by hatred of foreigners or of people of another race?"
    penalised = {h.unit_id: h.score for h in assistant.retrieve(question, document="draft", top_k=10)}
    plain_assistant = assistant.with_config(replace(DEFAULT, retrieval=replace(DEFAULT.retrieval, footnote_penalty=0.0)))
    plain = {h.unit_id: h.score for h in plain_assistant.retrieve(question, document="draft", top_k=10)}
    assert next(iter(penalised)) == "draft:annex:25(f)"
    assert plain["draft:fn:33"] - penalised["draft:fn:33"] == pytest.approx(DEFAULT.retrieval.footnote_penalty)
    assert plain["draft:annex:25(f)"] == pytest.approx(penalised["draft:annex:25(f)"])
    # A question footnotes answer keeps them where they were: who proposed, why, which document.
    why = "Why does the draft make the Centre's work on computer-related crime subject to the availability of resources?"
    assert [h.score for h in assistant.retrieve(why, document="draft", top_k=5)] == pytest.approx(
        [h.score for h in plain_assistant.retrieve(why, document="draft", top_k=5)]
    )


def test_a_paragraph_looked_up_by_number_is_read_apart_from_other_texts_paragraphs_by_hand() -> None:
    assert numbered("What does paragraph 33 (c) say?") == {"paragraph 33", "paragraph 33 (c)"}
    assert numbered("What does para. 6 of the plan against corruption recommend?") == {"paragraph 6"}
    assert numbered("What does paragraph 29 of the Vienna Declaration say?") == frozenset()
    assert numbered("Besides paragraphs 1, 4 and 5, which paragraph of GA resolution 52/86 is cited?") == frozenset()
    assert numbered("Which proposal is E/CN.15/2001/L.8, para. 61?") == frozenset()
    assert own_number("annex", 33, ("b", "iii")) == {"paragraph 33", "paragraph 33 (b)"}
    assert own_number("fn", 3, ()) == frozenset()


@pytest.mark.parametrize(
    ("question", "own"),
    [
        ("Which paragraph of the plan on prison overcrowding calls for time-bound targets?", True),
        ("In which subparagraph is the international fund for victims mentioned?", True),
        ("Which paragraph of resolution 56/261 invites Governments to use the plans?", True),
        # Another text's paragraph: the Declaration's, another resolution's, a document's, a proposal's.
        ("Which paragraph of the Vienna Declaration is followed up by the plan on firearms?", False),
        ("Which paragraph of resolution 52/86 is cited?", False),
        ("Which paragraph of document E/CN.15/2001/L.8 contains the Canadian proposals?", False),
        ("Which paragraph of Finland's annex underlies the item on pilot projects?", False),
        ("On which paragraph of the original draft plans is the item based?", False),
    ],
)
def test_a_question_for_a_paragraph_of_the_texts_themselves_is_told_apart_by_hand(question: str, own: bool) -> None:
    assert asks_own_number(question, frozenset({"resolution 56/261"})) is own


def test_a_unit_is_cited_by_its_number_by_hand() -> None:
    assert number_of("annex", 35, ("d", "ii")) == "paragraph 35 (d) (ii)"
    assert number_of("res", 4, ()) == "operative paragraph 4" and number_of("pre", 3, ()) == "preambular paragraph 3"
    assert number_of("fn", 3, ()) is None and number_of("record", 1, ()) is None


def test_the_resolutions_own_paragraphs_are_looked_up_by_number_by_hand() -> None:
    own = resolutions_of(["A/RES/56/261", "Revised draft plans of action (2001)"])
    assert own == {"resolution 56/261"}
    assert numbered("What does paragraph 4 of resolution 56/261 say?", own) == {"operative paragraph 4"}
    assert numbered("What does operative paragraph 3 of the resolution say?", own) == {"operative paragraph 3"}
    assert numbered("What does the 4th operative paragraph say?", own) == {"operative paragraph 4"}
    assert numbered("What does the third preambular paragraph say?", own) == {"preambular paragraph 3"}
    assert numbered("What does preambular paragraph 2 of resolution 56/261 say?", own) == {"preambular paragraph 2"}
    assert numbered("What does paragraph 2 of the preamble say?", own) == {"preambular paragraph 2"}
    # Another resolution's paragraph is no look-up; without knowing 56/261 is the texts' own, neither is that.
    assert numbered("What does paragraph 5 of resolution 52/86 say?", own) == frozenset()
    assert numbered("What does paragraph 4 of resolution 56/261 say?") == frozenset()
    assert own_number("res", 4, ()) == {"operative paragraph 4"} and own_number("pre", 3, ()) == {"preambular paragraph 3"}


@pytest.mark.parametrize(
    ("question", "document", "unit_id"),
    [
        ("What does paragraph 6 (c) say?", "adopted", "adopted:annex:6(c)"),
        ("Show me para. 24 (b)", "draft", "draft:annex:24(b)"),
        ("What does paragraph 4 of resolution 56/261 say?", "adopted", "adopted:res:4"),
        ("What does the third preambular paragraph say?", "adopted", "adopted:pre:3"),
    ],
)
def test_a_paragraph_looked_up_by_number_ranks_first(assistant, question, document, unit_id) -> None:
    assert assistant.retrieve(question, document=document, top_k=1)[0].unit_id == unit_id


@pytest.mark.parametrize(
    ("question", "number"),
    [("What does footnote 12 say?", 12), ("Show foot-note 3 of the draft", 3), ("footnotes 7", 7), ("What does note 12 say?", None)],
)
def test_a_footnote_is_looked_up_by_its_number(question, number) -> None:
    assert footnote_asked(question) == number
