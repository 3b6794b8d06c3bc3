"""Yes/no questions: recognised from their wording, and answered by the clause of a passage that says what they ask."""

from __future__ import annotations

import numpy as np
import pytest

from embeddings.tokens import TokenVectors
from qa.question import CLAUSE, DATE, DEADLINE, analyse
from qa.statement import clauses, stated_clause


@pytest.mark.parametrize(
    "question",
    [
        "Will the UN look at offending in big cities?",
        "Should fewer suspects be locked up before their court case?",
        # A relative clause's "who" asks for no one.
        "Is there help for people who were bought and sold like goods?",
        "Does the draft say anything about handing loot from graft back to the place it was taken from?",
    ],
)
def test_a_question_opening_with_an_auxiliary_asks_whether_the_plans_say_something(question: str) -> None:
    asked = analyse(question)
    assert asked.polar
    assert asked.expected == (CLAUSE,) and asked.head is None


@pytest.mark.parametrize(
    "question",
    [
        "Does the plan say who will fund the programme?",  # a question inside the question asks for someone
        "Is there a deadline for finalizing the convention against corruption?",  # asks for a date
        "Is there anything on cybercrime?",  # asks for the measures on it
        "Was the measure based on a proposal by Canada?",  # asks where a measure came from
        "What will the Centre do?",
    ],
)
def test_a_question_asking_for_a_fact_or_for_measures_is_no_yes_no_question(question: str) -> None:
    assert not analyse(question).polar


def test_a_yes_no_question_keeps_a_type_asked_for_by_other_words_than_a_wh_word() -> None:
    assert analyse("Is there a deadline for finalizing the convention against corruption?").expected == (DATE, DEADLINE)
    assert analyse("Does the plan set a deadline for reviewing victim services?").expected == (DATE, DEADLINE)


def test_clauses_end_at_semicolons_colons_and_sentences_without_their_joining_words() -> None:
    text = "Fostering cooperation between agencies; this may include liaison offices. States will report: and review it;"
    assert [text[s:e] for s, e in clauses(text)] == [
        "Fostering cooperation between agencies", "this may include liaison offices", "States will report", "review it",
    ]


def test_a_point_inside_a_sentence_ends_no_clause() -> None:
    text = "Measures under art. 5 of the Convention, e.g. reviews."
    assert [text[s:e] for s, e in clauses(text)] == ["Measures under art. 5 of the Convention, e.g. reviews"]


def _tokens(text: str, vectors: dict[str, list[float]]) -> TokenVectors:
    """One token per word, with the vector given for it (a unit vector along the last axis for any other word)."""
    offsets, rows = [], []
    position = 0
    for word in text.split():
        start = text.index(word, position)
        position = start + len(word)
        offsets.append((start, position))
        rows.append(vectors.get(word.strip(";."), [0.0, 0.0, 1.0]))
    return TokenVectors(np.array(offsets), np.array(rows, dtype=np.float32))


def test_the_stated_clause_is_the_one_whose_words_come_closest_to_the_questions() -> None:
    text = "Fostering cooperation between agencies; this may include liaison offices."
    tokens = _tokens(text, {"cooperation": [0.6, 0.8, 0.0], "liaison": [1.0, 0.0, 0.0], "offices": [0.8, 0.6, 0.0]})
    question = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], dtype=np.float32)  # "liaison", "offices"-like words
    (start, end), coverage = stated_clause(text, tokens, question)
    assert text[start:end] == "this may include liaison offices"
    # Each question word's closest token in that clause: "liaison" 1.0, and 0.6 for the second word ("offices").
    assert coverage == pytest.approx((1.0 + 0.6) / 2)


def test_a_yes_no_question_is_answered_by_the_measure_that_says_so(assistant) -> None:
    answer = assistant.ask("Will the UN look at offending in big cities?")
    assert not answer.abstained and answer.kind == "factoid"
    first = answer.citations[0]
    assert first.unit_id == "adopted:annex:27(e)"
    assert answer.answer == first.quote
    assert answer.answer.startswith("Continue to coordinate studies on crime in urban areas")


def test_a_yes_no_question_is_answered_by_the_clause_of_a_passage_it_asks_about(assistant) -> None:
    answer = assistant.ask("Should counter-terror units and ordinary police forces set up liaison offices to swap intelligence?")
    assert answer.citations[0].unit_id == "adopted:annex:23(d)"
    assert answer.answer.startswith("this may include the establishment of liaison offices")
    assert ";" not in answer.answer


def test_a_yes_no_question_with_a_relative_who_is_answered_by_a_measure_not_by_people(assistant) -> None:
    answer = assistant.ask("Is there help for people who were bought and sold like goods to heal from the harm done to them?")
    assert answer.citations[0].unit_id == "adopted:annex:11(c)"
    assert answer.answer.startswith("Considering implementing measures to provide for the protection")


def test_a_yes_no_question_the_plans_do_not_answer_is_still_abstained_on(assistant) -> None:
    assert assistant.ask("Does the plan call for abolishing the death penalty?").abstained
