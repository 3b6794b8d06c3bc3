"""The served app under concurrent load gives every client the same reply as `app.respond` in process.

A small run of `python -m eval.load` (its own functions): 8 gradio_client clients, 40 gold questions,
on a free loopback port. Correctness only; no timing is asserted.
"""

from __future__ import annotations

import pytest

from eval import load

pytestmark = [
    pytest.mark.filterwarnings("ignore:.*no_silent_downcasting.*"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]

CLIENTS = 8
QUESTIONS = 40
TIMEOUT = 300.0


@pytest.fixture(scope="module")
def jobs() -> list[load.Job]:
    return load.gold_jobs(QUESTIONS)


@pytest.fixture(scope="module")
def expected(assistant, jobs) -> dict[load.Job, str]:
    return load.expected_replies(assistant, jobs)


@pytest.fixture(scope="module")
def url(assistant):
    address, close = load.serve(assistant)
    try:
        yield address
    finally:
        close()


def test_gold_jobs_cycle_through_the_gold_questions_with_their_documents() -> None:
    gold = load.load_gold()
    jobs = load.gold_jobs(len(gold) + 3)
    assert [j.question for j in jobs[: len(gold)]] == [q.question for q in gold]
    assert [j.document for j in jobs[: len(gold)]] == [q.document for q in gold]
    assert jobs[len(gold):] == jobs[:3]  # cycled
    assert {j.document for j in jobs} <= {"adopted", "draft", "both"}  # Radio values, not labels
    assert all(j.inputs()[2:] == ("Any", "Any", 5) for j in jobs)


def test_expected_replies_are_the_app_replies(assistant, jobs, expected) -> None:
    assert set(expected) == set(jobs)
    for reply in expected.values():  # answers or abstentions; never an error or an apology
        assert isinstance(reply, str) and reply.startswith('<div class="vqa-reply')
        assert "vqa-error" not in reply
    job = jobs[0]
    assert expected[job] == load.app.respond(job.question, [], job.document, "Any", "Any", 5, assistant=assistant)


def test_concurrent_clients_get_no_errors_and_no_wrong_answers(url, jobs, expected) -> None:
    assert url.startswith("http://127.0.0.1:")
    result = load.run_load(url, jobs, clients=CLIENTS, timeout=TIMEOUT, expected=expected)
    assert not result.timed_out, result.problems()
    assert result.client_errors == []
    assert result.errors == 0, result.problems()
    assert result.wrong == 0, result.problems()
    assert result.answered == QUESTIONS and result.ok
    assert sorted(o.index for o in result.outcomes) == list(range(QUESTIONS))  # each question sent exactly once
    assert "| 8 | 40 | 40 | 0 | 0 |" in result.table()


def test_a_different_reply_counts_as_wrong(url, jobs, expected) -> None:
    """The comparison really compares: a tampered expectation is reported as a wrong answer."""
    tampered = dict(expected)
    tampered[jobs[0]] = expected[jobs[0]] + " "
    result = load.run_load(url, jobs[:3], clients=2, timeout=TIMEOUT, expected=tampered)
    assert result.errors == 0, result.problems()
    assert result.wrong == jobs[:3].count(jobs[0]) and not result.ok


def test_only_loopback_urls_are_accepted(jobs) -> None:
    with pytest.raises(ValueError, match="only 127.0.0.1"):
        load.run_load("http://example.org:7860/", jobs, clients=1, timeout=1)
