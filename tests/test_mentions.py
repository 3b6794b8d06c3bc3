"""Which plans mention something: every plan with the provisions that use the words asked about; and where the
texts cite a document asked about by its symbol."""

from __future__ import annotations

import pytest

from qa.mentions import definition_asked, mentioning, mentions_asked
from qa.references import symbol_asked


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Which plans of action mention non-governmental organizations?", "non-governmental organizations"),
        ("In which plans does the Centre cooperate with the Office of Legal Affairs?", None),
        ("Which draft plans refer to “civil society”?", "civil society"),
        ("Which plans deal with victims?", "victims"),
        ("How many plans mention victims?", "victims"),
        # One plan asked for is a question for its heading (qa/overview.py), not a concordance.
        ("Which plan deals with victims?", None),
        ("Which plans mention the?", None),
        # "Do the plans mention X?" asks where the words stand; "Do they address X?" what they say on it.
        ("Do the plans mention firearms?", "firearms"),
        ("Does the draft ever mention “civil society”?", "civil society"),
        ("Do the plans address prison overcrowding?", None),
    ],
)
def test_the_words_asked_about_are_what_follows_the_verb(question, topic) -> None:
    assert mentions_asked(question) == topic


def test_a_provision_mentions_the_words_in_any_form_and_order(corpus) -> None:
    found = mentioning(corpus.units, "non-governmental organization")
    # "national and international non-governmental and other organizations" (11 (d)) has every word, apart.
    assert {"adopted:annex:4(a)", "adopted:annex:11(d)", "draft:annex:10(d)"} <= {u.unit_id for u in found}
    assert all(u.part == "annex" and u.plan for u in found)


def test_which_plans_mention_something_lists_every_plan_with_its_provisions(assistant) -> None:
    answer = assistant.ask("Which plans mention civil society?", document="both")
    lines = answer.answer.splitlines()
    assert lines[0] == "6 of the adopted plans mention “civil society”:"
    assert lines[1] == "Plan II (Action against corruption): para. 7 (b)"
    assert "5 of the revised draft plans mention “civil society”:" in lines
    assert len(answer.citations) == 11 and answer.citations[0].quote == "civil society"
    assert all(c.text[c.start:c.end] == c.quote for c in answer.citations)
    single = assistant.ask("Which plans mention the Office of Legal Affairs?")
    assert single.answer.splitlines() == ["One of the adopted plans mentions “the Office of Legal Affairs”:", "Plan VII (Action against terrorism): para. 24"]
    # Words no provision uses get the usual answer: here an abstention, for a name the texts never use.
    assert assistant.ask("Which plans mention the International Criminal Court?").abstained


@pytest.mark.parametrize(
    ("question", "symbol"),
    [
        ("What is E/CN.15/2001/L.8?", "E/CN.15/2001/L.8"),
        ("Where is A/56/L.70 cited?", "A/56/L.70"),
        ("Which footnotes cite E/CN.15/2001/L.7?", "E/CN.15/2001/L.7"),
        ("What did Canada propose in E/CN.15/2001/L.8?", None),
    ],
)
def test_a_document_asked_about_by_its_symbol(question, symbol) -> None:
    assert symbol_asked(question) == symbol


def test_a_document_asked_about_is_answered_with_where_the_texts_cite_it(assistant) -> None:
    answer = assistant.ask("What is E/CN.15/2001/L.1?", document="both")
    assert answer.answer.splitlines() == [
        "E/CN.15/2001/L.1 is cited once:",
        "Revised draft plans of action (2001), annex, footnote 3 (on draft para. 22 (e)): Proposal submitted by Uzbekistan "
        "(E/CN.15/2001/L.1).",
    ]
    measure = assistant.corpus.get("draft:annex:22(e)").text
    assert [(c.unit_id, c.quote) for c in answer.citations] == [("draft:fn:3", "E/CN.15/2001/L.1"), ("draft:annex:22(e)", measure)]
    assert assistant.ask("What is E/CN.15/2001/L.8?", document="draft").answer.startswith("E/CN.15/2001/L.8 is cited 25 times:")
    # The adopted text cites none of the draft's proposals.
    missing = assistant.ask("What is E/CN.15/2001/L.8?")
    assert missing.abstained and missing.reason == "No passage of the selected text cites E/CN.15/2001/L.8."


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("What is restorative justice?", "restorative justice"),
        ("What is money-laundering?", "money-laundering"),
        ("What is the Ad Hoc Committee?", "the Ad Hoc Committee"),
        (
            "What is the Compendium of United Nations Standards and Norms in Crime Prevention and Criminal Justice?",
            "the Compendium of United Nations Standards and Norms in Crime Prevention and Criminal Justice",
        ),
        # An attribute of something, or a question with more in it than a name, asks for a fact.
        ("What is the deadline for the convention against corruption?", None),
        ("What is the role of non-governmental organizations?", None),
        ("What are the alternatives to imprisonment mentioned?", None),
        ("What is the capital of Australia?", None),
        ("What is it?", None),
    ],
)
def test_a_question_for_what_a_name_or_term_is(question, term) -> None:
    assert definition_asked(question) == term


def test_what_the_plans_do_not_define_is_answered_with_where_they_mention_it(assistant) -> None:
    answer = assistant.ask("What is restorative justice?")
    assert (answer.kind, answer.abstained) == ("list", False)
    assert answer.answer.startswith("One of the adopted plans mentions “restorative justice”:\nPlan XV (Action on restorative justice):")
    assert answer.note == "The texts do not say what “restorative justice” is; these are the provisions that mention it."
    assert all(c.text[c.start:c.end] == c.quote and c.quote.lower() == "restorative justice" for c in answer.citations)
    # Nothing the plans mention: answered, or abstained on, as any other question.
    assert assistant.ask("What is the capital of Australia?").abstained


def test_what_a_plan_is_asked_by_its_numeral_is_its_heading(assistant) -> None:
    answer = assistant.ask("What is plan IX?")
    assert answer.answer == "Plan IX: Action on witnesses and victims of crime"
    assert answer.citations[0].unit_id == "adopted:annex:28"
