"""A question that names its topic is answered only by passages that speak of that topic."""

from __future__ import annotations

import numpy as np
import pytest

from embeddings.tokens import TokenVectors
from qa.question import analyse
from qa.topic import TopicSupport, measures_topic_span, topic_span, topic_support


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("What does the plan say about regulating cryptocurrencies?", "regulating cryptocurrencies"),
        ("Penalties for maritime piracy in the Vienna Declaration plans of action?", "maritime piracy"),
        ("What measures against illicit drug trafficking do the draft plans of action propose?", "illicit drug trafficking"),
        ("Does the plan call for abolishing the death penalty?", "abolishing the death penalty"),
        ("What about graft?", "graft"),
        ("What measures do the plans propose against bullying in schools?", "bullying in schools"),
        ("What position do the plans of action take on the death penalty?", "the death penalty"),
        ("Does the plan on restorative justice apply to environmental crimes such as illegal logging?",
         "environmental crimes such as illegal logging"),
        # A yes/no question's topic is what it asks the plan to require, deal with or cover.
        ("Does the plan require public officials to declare their assets?", "public officials to declare their assets"),
        ("Do the plans deal with trafficking in human organs?", "trafficking in human organs"),
        ("Are victims entitled to residence permits under the trafficking plan?", "residence permits"),
        ("Are explosives covered by the plan on firearms?", "explosives"),
        ("Is the Centre required to report yearly?", None),
        ("Is there anything on bullying in schools?", "bullying in schools"),
        ("Is there a measure in the plans of action against the smuggling of nuclear materials?", "the smuggling of nuclear materials"),
        # A few words with no question in them are their own topic.
        ("prison overcrowding?", "prison overcrowding"),
        ("kidnapping for ransom?", "kidnapping for ransom"),
        ("What must States do about prisons?", None),
        ("By when should the convention be finalized?", None),
    ],
)
def test_the_topic_is_what_the_question_names_after_about_or_against_or_asks_the_plan_to_cover(question, topic) -> None:
    span = topic_span(question)
    assert (question[span[0]:span[1]] if span else None) == topic


def test_support_is_the_mean_best_match_of_the_topic_words_over_the_units_by_hand() -> None:
    question = "What about stolen guns?"
    # Word pieces: "What" (0:4), "about" (5:10), "stolen" (11:17), "guns" (18:22), "?" (22:23).
    offsets = np.array([[0, 4], [5, 10], [11, 17], [18, 22], [22, 23]])
    vectors = np.array([[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]], dtype=np.float32)
    first = TokenVectors(np.array([[0, 5]]), np.array([[0, 0.6, 0.8]], dtype=np.float32))
    second = TokenVectors(np.array([[0, 5], [6, 9]]), np.array([[0, 0, 1], [1, 0, 0]], dtype=np.float32))
    # "stolen" matches best in the first unit (0.6), "guns" in the second (1.0); "What" and "about" are no topic.
    support = topic_support(question, topic_span(question), TokenVectors(offsets, vectors), [first, second])
    assert support.content == pytest.approx(0.8) and support.unfamiliar is None
    # When the texts never use "stolen" (row 2), its own match is averaged apart: 0.6.
    support = topic_support(question, topic_span(question), TokenVectors(offsets, vectors), [first, second], {2})
    assert support == TopicSupport(pytest.approx(0.8), pytest.approx(0.6))
    # Rows outside the topic ("What") do not count as its unfamiliar words.
    assert topic_support(question, topic_span(question), TokenVectors(offsets, vectors), [first, second], {0}).unfamiliar is None
    # A topic of stop words only has no content to match, and no units support nothing.
    assert topic_support("What about it?", (11, 13), TokenVectors(offsets, vectors), [first]) is None
    assert topic_support(question, topic_span(question), TokenVectors(offsets, vectors), []) is None


def test_a_topic_the_plans_never_cover_is_not_answered(assistant) -> None:
    answer = assistant.ask("What measures against space debris do the plans recommend?")
    assert answer.abstained and answer.reason == "None of the closest passages speaks of “space debris”."
    # ("What about graft?" is abstained on: the price of catching more topics the plans never cover; see
    # UNFAMILIAR_TOPIC_THRESHOLD.)
    for question in ["What do the plans say about prison overcrowding?", "What about juvenile delinquents?", "What about gangs?"]:
        assert not assistant.ask(question).abstained, question


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # Familiar words ("illegal", "public") match well; the topic proper finds nothing in the plans.
        ("What do the plans say about illegal logging?", "illegal logging"),
        ("Does the plan on crime prevention call for installing CCTV cameras in public places?", "installing CCTV cameras in public places"),
        ("What do the plans say about the death penalty?", "the death penalty"),
        ("Does the computer-crime plan require a judicial warrant before communications are intercepted?",
         "a judicial warrant before communications are intercepted"),
    ],
)
def test_a_topic_whose_own_words_the_plans_never_use_is_not_answered(assistant, question, topic) -> None:
    answer = assistant.ask(question)
    assert answer.abstained and answer.reason == f"None of the closest passages speaks of “{topic}”."


@pytest.mark.parametrize(
    "question",
    [
        # Paraphrases in words the texts never use: "middlemen" for brokers, "gangs" for criminal groups. ("What about
        # arms dealers who act as middlemen in weapons sales?" is abstained on since the threshold was set to use
        # the false-abstention budget: see UNFAMILIAR_TOPIC_THRESHOLD.)
        "What should governments do about middlemen who arrange cross-border gun sales?",
        "What about teenagers whom gangs are trying to lure into their ranks?",
        "What do the plans say about hate crimes?",
        "What do the plans say about human trafficking?",
    ],
)
def test_a_topic_paraphrased_in_other_words_is_answered(assistant, question) -> None:
    assert not assistant.ask(question).abstained


def test_a_list_question_names_its_topic_after_what_is_to_be_done_about_it() -> None:
    question = "What should States do about pre-trial detention?"
    start, end = measures_topic_span(question)
    assert question[start:end] == "pre-trial detention"
    question = "What measures against money-laundering does the plan contain?"
    assert measures_topic_span(question) == topic_span(question)
    assert measures_topic_span("What should States do to help victims?") is None


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("What is the role of civil society in preventing corruption?", "civil society"),
        ("What is the role of the Centre under the plan against corruption?", "the Centre"),
        ("What role do NGOs play in preventing trafficking?", "NGOs"),
        ("What is civil society's role?", "civil society"),
        ("What is civil society’s role?", "civil society"),
    ],
)
def test_a_question_for_someones_role_asks_for_the_measures_that_have_them_act(question, topic) -> None:
    assert analyse(question).is_list
    span = measures_topic_span(question)
    assert span is not None and question[span[0]:span[1]] == topic


def test_the_role_of_an_actor_is_the_measures_that_name_it(assistant) -> None:
    answer = assistant.ask("What is the role of civil society in preventing corruption?")
    assert answer.kind == "list" and [c.unit_id for c in answer.citations] == ["adopted:annex:7(b)"]
    assert answer.note == "Of the paragraph's 6 measures, only those that speak of “civil society” are shown (1)."
    assert [c.unit_id for c in assistant.ask("What is the role of non-governmental organizations?").citations] == ["adopted:annex:11(d)"]
