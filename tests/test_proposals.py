"""What a country proposed: the draft measures whose footnotes credit it, read from the revised draft."""

from __future__ import annotations

import pytest

from corpus import Corpus
from qa.proposals import plan_preparer, plans_prepared_by, proposals_by, proposer_asked, proposers

KNOWN = frozenset({"Canada", "Finland", "Uzbekistan"})


def test_the_draft_credits_proposals_to_three_countries(corpus: Corpus) -> None:
    assert proposers(corpus) == KNOWN


@pytest.mark.parametrize(
    ("question", "proposer"),
    [
        ("What did Finland propose?", "Finland"),
        ("what did canada propose?", "Canada"),
        ("Which measures did Canada suggest?", "Canada"),
        ("Which paragraphs were proposed by Finland?", "Finland"),
        ("Which plans of action did Finland prepare?", "Finland"),
        ("Which sections were drafted by Finland?", "Finland"),
        ("Which sections did Canada draft?", "Canada"),
        ("What was prepared by Finland?", "Finland"),
        # A country the draft does not credit is still the one asked about, so that the answer can say so.
        ("What did France propose?", "France"),
        ("What has the United Kingdom proposed?", "the United Kingdom"),
        # A yes/no question whether a country proposed anything is answered by its proposals, or by saying it made none.
        ("Did Canada propose anything?", "Canada"),
        ("Has Finland submitted any proposals?", "Finland"),
        ("Did the Commission propose anything?", None),
        # One proposal is named by its symbol, which the reader finds; who proposed is another question.
        ("Which proposal did Uzbekistan submit?", None),
        ("Who proposed the measure on repeat victimization?", None),
        # What the plans or the bodies propose is the plans' content, not a delegation's proposal.
        ("What does the plan propose for victims?", None),
        ("What did the Commission propose?", None),
        ("What does the Centre propose to do?", None),
    ],
)
def test_a_question_for_what_a_country_proposed_is_recognised(question: str, proposer: str | None) -> None:
    assert proposer_asked(question, KNOWN) == proposer


def test_proposals_are_the_measures_and_plan_headings_their_footnotes_are_on(corpus: Corpus) -> None:
    uzbekistan = proposals_by("Uzbekistan", corpus)
    assert [(p.footnote.unit_id, [m.unit_id for m in p.measures]) for p in uzbekistan] == [("draft:fn:3", ["draft:annex:22(e)"])]
    finland = proposals_by("finland", corpus)
    assert len(finland) == 12 and finland[0].footnote.unit_id == "draft:fn:13"
    # A proposal made together with another country counts for each of them.
    assert "draft:fn:21" in {p.footnote.unit_id for p in finland}
    assert "draft:fn:21" in {p.footnote.unit_id for p in proposals_by("Canada", corpus)}
    # Two of Finland's proposals are whole plans: their footnotes are on the plans' headings.
    headings = [p for p in finland if p.plan]
    assert [(p.footnote.unit_id, p.plan.numeral) for p in headings] == [("draft:fn:43", "XIII"), ("draft:fn:54", "XIV")]
    assert not any(p.measures for p in headings)
    assert proposals_by("France", corpus) == []


def test_what_a_country_proposed_is_answered_with_every_measure_and_its_footnote(assistant) -> None:
    answer = assistant.ask("What did Finland propose?", document="draft")
    assert (answer.kind, answer.abstained) == ("list", False)
    assert "\nThe revised draft's footnotes credit Finland with 12 proposals:\n" in answer.answer
    assert answer.groups[1] == ("draft:fn:13", ["draft:annex:25(a)"])
    cited = [c.unit_id for c in answer.citations]
    assert cited[4:6] == ["draft:annex:25(a)", "draft:fn:13"] and "draft:fn:54" in cited
    assert len(cited) == len(set(cited))
    # A whole plan proposed is shown by its opening paragraph, as an answer naming a plan is.
    assert ("draft:fn:43", ["draft:annex:38"]) in answer.groups and "the whole plan XIII: Action on the special" in answer.answer
    assert all(c.text[c.start:c.end] == c.quote for c in answer.citations)
    single = assistant.ask("What did Uzbekistan propose?", document="draft").answer
    assert single.startswith("The revised draft's footnotes credit Uzbekistan with one proposal:")


@pytest.mark.parametrize(
    ("question", "document", "reason"),
    [
        (
            "What did Finland propose?", "adopted",
            "Proposals are credited in the revised draft's footnotes only: ask of the draft (2001) or of both texts.",
        ),
        ("What did France propose?", "draft", "None of the draft's footnotes credits a proposal to France."),
    ],
)
def test_a_proposal_the_texts_do_not_credit_is_abstained_on_saying_why(assistant, question, document, reason) -> None:
    answer = assistant.ask(question, document=document)
    assert (answer.abstained, answer.answer, answer.reason) == (True, "", reason)


def test_who_suggested_a_measure_is_answered_by_the_footnote_on_it(assistant) -> None:
    answer = assistant.ask(
        "Who suggested that the Terrorism Prevention Branch introduce measures to strengthen its infrastructure?", document="draft"
    )
    assert answer.answer == "Uzbekistan" and answer.citations[0].unit_id == "draft:fn:3"
    # Paragraph 25 (d) carries no footnote; Finland's proposal beside it, on (e), is not its source.
    unsourced = assistant.ask("Who suggested that the Centre should monitor the rapid evolution and globalization of crime?", document="draft")
    assert unsourced.abstained and unsourced.reason == "No footnote credits the closest passage to a country's proposal."
    assert unsourced.citations[0].unit_id == "draft:annex:25(d)"
    adopted = assistant.ask("Who suggested that the Terrorism Prevention Branch introduce measures to strengthen its infrastructure?")
    assert adopted.abstained and adopted.reason.startswith("Proposals are credited in the revised draft's footnotes only")


def test_the_secretariats_note_names_the_country_that_prepared_a_whole_plan(corpus: Corpus) -> None:
    # "Sections XII-XIV ... have been prepared by Finland ...; Section XV ... prepared by Canada"; the Committee of the
    # Whole revised sections I-VI, which no country prepared.
    named = {plan: plan_preparer(corpus, plan) for plan in ("II", "VII", "XII", "XIV", "XV")}
    assert named["II"] is None and named["VII"] is None
    for plan, country in (("XII", "Finland"), ("XIV", "Finland"), ("XV", "Canada")):
        note, start, end = named[plan]
        assert note.unit_id == "draft:note:4" and note.text[start:end] == country


def test_the_plans_a_country_prepared_are_read_off_the_note(corpus: Corpus) -> None:
    finland = plans_prepared_by(corpus, "finland")
    assert [p.numeral for p in finland.plans] == ["XII", "XIII", "XIV"]
    assert finland.note.text[finland.start:finland.end].startswith("Sections XII-XIV contain three additional draft plans")
    assert finland.note.text[finland.start:finland.end].endswith("prepared by Finland")
    assert [p.numeral for p in plans_prepared_by(corpus, "Canada").plans] == ["XV"]
    assert plans_prepared_by(corpus, "Uzbekistan") is None


def test_which_plans_a_country_prepared_comes_first_in_what_it_proposed(assistant) -> None:
    # The footnotes on the plans' headings credit Finland with plans XIII and XIV only; the note names XII as well.
    answer = assistant.ask("Which plans of action did Finland propose?", document="draft")
    assert answer.answer.startswith(
        "The Secretariat's note says Finland prepared 3 plans (XII, XIII, XIV):\n  Plan XII: Action on juvenile justice\n"
    )
    assert answer.groups[0] == ("draft:note:4", ["draft:annex:35", "draft:annex:38", "draft:annex:41"])
    note = answer.citations[0]
    assert note.unit_id == "draft:note:4" and note.quote.endswith("prepared by Finland")
    assert note.text[note.start:note.end] == note.quote
    assert assistant.ask("Which plans did Canada prepare?", document="draft").answer.startswith(
        "The Secretariat's note says Canada prepared one plan (XV):\n  Plan XV: Action on restorative justice"
    )
    # Uzbekistan prepared no plan: its one proposal is all there is.
    assert assistant.ask("What did Uzbekistan propose?", document="draft").answer.startswith("The revised draft's footnotes")


def test_who_proposed_a_plan_is_answered_from_the_note_when_no_footnote_on_its_opening_credits_one(assistant) -> None:
    # Plan XII's opening rests on an ECOSOC resolution; the footnote on its measure 36 (b) credits Canada, the note Finland.
    for question in ("Who proposed the plan on juvenile justice?", "Who prepared the plan on juvenile justice?"):
        juvenile = assistant.ask(question, document="draft")
        assert juvenile.answer == "Finland" and juvenile.citations[0].unit_id == "draft:note:4"
        assert juvenile.citations[1].unit_id == "draft:annex:35"
    # Plan XIII's opening carries a footnote crediting Finland: it stays the citation.
    women = assistant.ask("Who proposed the draft plan on the special needs of women in the criminal justice system?", document="draft")
    assert women.answer == "Finland" and women.citations[0].unit_id == "draft:fn:43"
    # Asked of the adopted text alone, the usual advice to ask of the draft.
    assert assistant.ask("Who proposed the plan on juvenile justice?").abstained
