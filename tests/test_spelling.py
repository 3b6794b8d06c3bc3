"""Misspelt words are read as the word of the texts one edit away; real words and names are left as asked."""

from __future__ import annotations

import pytest

from qa.spelling import Speller

TEXTS = [
    "Developing and sharing information on the nature and extent of trafficking in persons and organizations;",
    "The development of specific actions to address prison overcrowding, taking into account juvenile justice.",
    # Words one edit from real words the texts do not use: "draft" (graft), "privacy" (piracy), "depth" (deth).
    "The draft on the protection of privacy analyses the depth of the problem.",
]


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller(TEXTS)


@pytest.mark.parametrize(
    ("question", "read"),
    [
        ("What does the plan say about trafficing in women?", "What does the plan say about trafficking in women?"),
        ("What shuold States do about prisn overcrowding?", "What should States do about prison overcrowding?"),
        ("Overcrowdng in prisons", "Overcrowding in prisons"),
        # British spelling, read as the texts spell it.
        ("Which organisations?", "Which organizations?"),
    ],
)
def test_a_misspelt_word_is_read_as_the_word_of_the_texts(speller: Speller, question: str, read: str) -> None:
    assert speller.correct(question) == read


@pytest.mark.parametrize(
    "question",
    [
        # Real English words the texts do not use: "graft" is one edit from "draft", "piracy" from "privacy".
        "What about graft?",
        "What about maritime piracy?",
        "Will would-be emigrants be warned?",
        # Abbreviations, numerals, contractions and other forms of the texts' words.
        "Do NGOs take part under plan XIII?",
        "Why didn't the Commission act?",
        "Which activities should be analysed?",
        # A misspelling of a word the texts do not use stays as asked rather than becoming another word.
        "What about the deth penalty?",
    ],
)
def test_real_words_names_and_forms_of_the_texts_words_are_left_as_asked(speller: Speller, question: str) -> None:
    assert speller.correct(question) == question


def test_a_misspelt_question_is_answered_as_read_and_says_how_it_was_read(assistant) -> None:
    answer = assistant.ask("What does the plan say about trafficing in women?")
    assert not answer.abstained
    assert answer.question == "What does the plan say about trafficing in women?"
    assert answer.read_as == "What does the plan say about trafficking in women?"
    assert assistant.ask("What does the plan say about trafficking in women?").read_as == ""
