"""Questions that ask for a kind of fact are answered only where a unit states one."""

from __future__ import annotations

from dataclasses import replace

import pytest

from corpus import load_corpus
from qa.evidence import count_of, states_what_is_asked

_UNIT = load_corpus().get("adopted:annex:20(b)")


def _with_text(text: str):
    return replace(_UNIT, text=text)


@pytest.mark.parametrize(
    ("question", "text", "stated"),
    [
        ("What penalty does the plan set for money-laundering?", "Criminalize the laundering of proceeds of crime.", False),
        ("What penalty does the plan set for money-laundering?", "Laundering is punished by imprisonment of up to 5 years.", True),
        ("How much money will the fund hold?", "Establish a fund for victims.", False),
        ("What budget is allocated to the Centre?", "The Centre will receive US$ 2 million.", True),
        ("What minimum age of criminal responsibility is set?", "Strengthen juvenile justice systems.", False),
        ("How does the plan define trafficking in persons?", "Trafficking in persons means the recruitment of persons ...", True),
        ("What must States do about prison overcrowding?", "Reduce overcrowding.", True),
    ],
)
def test_a_kind_of_fact_must_be_stated(question, text, stated) -> None:
    assert states_what_is_asked(question, None, [_with_text(text)]) is stated


def test_a_count_must_be_of_the_thing_counted() -> None:
    meetings = _with_text("The Commission allocated six meetings of the Committee of the Whole.")
    assert states_what_is_asked("How many meetings?", "meetings", [meetings])
    assert not states_what_is_asked("How many members?", "members", [meetings])
    assert count_of("meetings").search("after 11 formal meetings")
    assert not count_of("meetings").search("11 plans and several meetings")
