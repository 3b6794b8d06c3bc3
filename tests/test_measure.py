"""The key span of a measure: its action, without the qualifiers before or after it (texts of the plans)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.measure import key_span


def marked(text: str) -> str:
    start, end = key_span(text)
    return text[start:end]


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        # A qualifier after the action ends the measure.
        (
            "Promoting and implementing good prison practice, taking into account international standards;",
            "Promoting and implementing good prison practice",
        ),
        (
            "The development of national strategies and action plans against corruption, based on the broad "
            "participation of stakeholders from Government and civil society;",
            "The development of national strategies and action plans against corruption",
        ),
        (
            "Carry out the regular collection and analysis of data on transnational organized crime, in consultation "
            "with interested States;",
            "Carry out the regular collection and analysis of data on transnational organized crime",
        ),
        # So does a further clause or sentence of detail.
        (
            "Fostering cooperation between anti-terrorism agencies and agencies fighting crime; this may include the "
            "establishment of liaison offices",
            "Fostering cooperation between anti-terrorism agencies and agencies fighting crime",
        ),
        # A short qualifier set off by commas inside the measure leaves it whole.
        (
            "Adopting or strengthening, as necessary, effective laws and procedures for the prevention of trafficking;",
            "Adopting or strengthening, as necessary, effective laws and procedures for the prevention of trafficking",
        ),
        (
            "Encouraging international and regional institutions, including financial institutions, to incorporate in "
            "their relevant technical cooperation programmes measures to reduce prison overcrowding, in accordance "
            "with national laws;",
            "Encouraging international and regional institutions, including financial institutions, to incorporate in "
            "their relevant technical cooperation programmes measures to reduce prison overcrowding",
        ),
        # A long one after the first few words too: the verb still needs its object.
        (
            "Provide to States, on request and subject to the availability of resources, technical cooperation to "
            "facilitate the ratification;",
            "Provide to States, on request and subject to the availability of resources, technical cooperation to "
            "facilitate the ratification",
        ),
        # A qualifier that opens the measure is left out.
        (
            "Subject to the availability of resources, develop technical cooperation projects in the area of crime "
            "prevention for requesting States;",
            "develop technical cooperation projects in the area of crime prevention for requesting States",
        ),
        # A measure with no qualifier is all action.
        ("Strengthening juvenile justice systems;", "Strengthening juvenile justice systems"),
    ],
)
def test_the_key_span_of_a_measure_is_its_action(text: str, measure: str) -> None:
    assert marked(text) == measure


def test_a_long_action_opening_with_a_qualifier_word_is_kept() -> None:
    # "Taking into account" is the action itself here, with a long object.
    text = (
        "Taking into account Economic and Social Council resolution 2000/14 of 27 July 2000, entitled “Basic "
        "principles on the use of restorative justice programmes in criminal matters”, when considering ..."
    )
    assert marked(text).startswith("Taking into account Economic and Social Council resolution 2000/14")


def test_the_key_span_is_never_empty() -> None:
    for text in ("Strengthening", "Including, where appropriate, victims", "as appropriate;", ", including victims"):
        start, end = key_span(text)
        assert end > start


_MEASURE_WORDS = st.sampled_from(
    "Promoting good practice , ; . including in particular where appropriate as necessary upon request taking into "
    "account in order to States the Centre : Subject to".split()
)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=300), st.lists(_MEASURE_WORDS, max_size=30).map(" ".join)))
def test_the_key_span_lies_within_the_text(text: str) -> None:
    start, end = key_span(text)
    assert 0 <= start <= end <= len(text)
    assert end > start or not text[:end].strip()
