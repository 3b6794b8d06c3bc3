"""The chat app: the reply function called directly, then the app served on loopback and driven by gradio_client.

One `Assistant` serves the whole test session (fixture `app_assistant`, also used by tests/test_browser.py).
"""

from __future__ import annotations

import html
import logging
import re
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from embeddings.offline import use_offline_environment

use_offline_environment()  # conftest does it too; this file is also imported by test_browser.py

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

import app  # noqa: E402
from qa import render  # noqa: E402

# Gradio's queue calls pandas APIs that pandas 3 deprecates; not this project's code.
GRADIO_NOISE = [
    pytest.mark.filterwarnings("ignore:.*no_silent_downcasting.*"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]
pytestmark = GRADIO_NOISE

_ASSISTANT = None

CORRUPTION = "By when should the convention against corruption be finalized?"
OVERCROWDING = "What must States do about prison overcrowding?"
UZBEKISTAN = "Which proposal did Uzbekistan submit?"
MONEY_LAUNDERING = "What penalty does the plan set for money-laundering?"
FOOTBALL = "Who won the 1998 football World Cup?"
FUND = "Was the international fund for victims kept in the adopted text?"
SOURCES = '<details class="vqa-sources">'  # the start of the sources block (counterparts fold in <details> too)
ADOPTED_PREFIX = "A/RES/56/261"
DRAFT_PREFIX = "Revised draft plans of action (2001)"


def shared_assistant():
    """An `Assistant` loaded once per process (used only when conftest.py offers none)."""
    global _ASSISTANT
    if _ASSISTANT is None:
        from qa import Assistant

        _ASSISTANT = Assistant.load()
    return _ASSISTANT


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(demo, port: int) -> str:
    """Launch `demo` on loopback in the background (the real app's launch settings) and return its URL."""
    app.launch(demo, "127.0.0.1", port, prevent_thread_lock=True, quiet=True)
    return f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="session")
def app_assistant(request):
    """The session's one `Assistant`: conftest's `assistant` fixture when there is one, else our own.

    Shared by tests/test_browser.py (which imports this fixture), so the session loads a single one.
    """
    try:
        return request.getfixturevalue("assistant")
    except pytest.FixtureLookupError:
        return shared_assistant()


def ask(assistant, question, document="adopted", plan=app.ANY, section=app.ANY, n_sources=5) -> str:
    reply = app.respond(question, [], document, plan, section, n_sources, assistant=assistant)
    assert isinstance(reply, str) and reply.strip()
    return reply


def cited(reply: str) -> list[tuple[str, str]]:
    """(label, unit id) of every source listed in the reply's collapsible sources block."""
    block = reply[reply.index(SOURCES):]
    return [
        (html.unescape(label), html.unescape(unit_id))
        for label, unit_id in re.findall(r'<li class="vqa-source"><b>(.*?)</b> <code>(.*?)</code>', block)
    ]


def text_of(reply: str) -> str:
    """The reply as a reader sees it: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", reply))


# --- answers ----------------------------------------------------------------------------------------


def test_factoid_gives_the_span_in_bold_then_its_sentence_and_sources(app_assistant) -> None:
    reply = ask(app_assistant, CORRUPTION)
    assert reply.startswith('<div class="vqa-reply">')
    assert "<b>the end of 2003</b>" in reply
    # The answer comes first, then the sentence it was taken from with the span marked, then the sources.
    answer_at = reply.index("<b>the end of 2003</b>")
    context_at = reply.index('<blockquote class="vqa-context">')
    sources_at = reply.index('<details class="vqa-sources">')
    assert answer_at < context_at < sources_at
    assert "convention against corruption by <mark>the end of 2003</mark>" in reply
    sources = cited(reply)
    assert sources[0] == (
        "A/RES/56/261, annex, plan II (Action against corruption), A. National actions, para. 6 (c)",
        "adopted:annex:6(c)",
    )
    assert "<summary>Sources (5)</summary>" in reply


def test_list_answer_gives_the_lead_in_and_every_measure_with_its_label(app_assistant) -> None:
    reply = ask(app_assistant, OVERCROWDING)
    corpus = app_assistant.corpus
    lead_in = corpus.get("adopted:annex:32").text
    assert html.escape(lead_in) in reply
    measures_block = reply[: reply.index(SOURCES)]
    positions = []
    for letter in "abcd":
        unit = corpus.get(f"adopted:annex:32({letter})")
        assert f"<b>({letter})</b>" in measures_block
        assert html.escape(unit.label) in measures_block
        # the measure's whole text is there (the key span wrapped in <mark>)
        assert text_of(measures_block).count(unit.text) == 1, letter
        positions.append(measures_block.index(f"<b>({letter})</b>"))
    assert positions == sorted(positions)
    assert reply.index(html.escape(lead_in)) < positions[0]
    assert measures_block.count("<mark>") >= 4
    # The sources come best first (contract: citations best first); the measures above keep the plan's order.
    assert sorted(u for _, u in cited(reply)) == [f"adopted:annex:32({x})" for x in "abcd"]


def test_out_of_domain_question_is_declined_with_the_closest_passages(app_assistant) -> None:
    answer = app_assistant.ask(FOOTBALL)
    assert answer.abstained  # what the assistant does; the app must say so plainly
    reply = ask(app_assistant, FOOTBALL)
    assert "The plans of action do not address this." in reply
    assert "Closest passages — not an answer" in reply
    assert "<b>not</b> an answer" in reply
    assert "Sources (" not in reply
    assert len(cited(reply)) == len(answer.citations) > 0
    # a closest passage is shown whole, and not marked as if it were an answer
    assert "<mark>" not in reply


def test_money_laundering_penalty_reply_matches_what_the_assistant_decided(app_assistant) -> None:
    # The plans set no penalty; whether the assistant abstains here is its own business (at the time of
    # writing it answers with plan VI's text). The app must render either outcome faithfully.
    answer = app_assistant.ask(MONEY_LAUNDERING)
    reply = ask(app_assistant, MONEY_LAUNDERING)
    if answer.abstained:
        assert "The plans of action do not address this." in reply
        assert "Closest passages" in reply
    else:
        assert "The plans of action do not address this." not in reply
        assert "<summary>Sources (" in reply
        assert [u for _, u in cited(reply)] == [c.unit_id for c in answer.citations]


def test_draft_answer_cites_the_draft_and_lists_footnotes(app_assistant) -> None:
    reply = ask(app_assistant, UZBEKISTAN, document="draft")
    assert "<b>E/CN.15/2001/L.1</b>" in reply
    assert "Proposal submitted by Uzbekistan" in reply
    reply = ask(app_assistant, OVERCROWDING, document="draft")
    sources = cited(reply)
    assert sources and all(label.startswith(DRAFT_PREFIX) and unit_id.startswith("draft:") for label, unit_id in sources)
    # draft units carry footnotes on their provenance: listed with their texts
    footnote = app_assistant.corpus.get("draft:fn:29")
    assert "draft:fn:29" in reply and html.escape(footnote.text) in reply
    assert "Footnote 29" in reply


# --- filters ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("question", [CORRUPTION, OVERCROWDING, "What should be done to help victims of crime?"])
def test_document_filter_draft_gives_only_draft_labels(app_assistant, question: str) -> None:
    sources = cited(ask(app_assistant, question, document="draft"))
    assert sources
    assert all(label.startswith(DRAFT_PREFIX) for label, _ in sources), sources
    assert all(unit_id.startswith("draft:") for _, unit_id in sources), sources


def test_document_filter_adopted_gives_only_adopted_labels(app_assistant) -> None:
    sources = cited(ask(app_assistant, "What should be done to help victims of crime?", document="adopted"))
    assert sources and all(label.startswith(ADOPTED_PREFIX) for label, _ in sources), sources


@pytest.mark.parametrize("plan", ["X", "IX", "X — Action on prison overcrowding and alternatives to incarceration"])
def test_plan_filter_restricts_labels_to_that_plan(app_assistant, plan: str) -> None:
    numeral = plan.split()[0]
    reply = ask(app_assistant, "What should States do?", plan=plan, n_sources=8)
    sources = cited(reply)
    assert sources
    for label, unit_id in sources:
        assert f", plan {numeral} (" in label, label
        assert app_assistant.corpus.get(unit_id).plan == numeral
    assert f"plan {numeral} (" in text_of(reply.split('<p class="vqa-scope">')[1])


def test_section_filter_and_number_of_sources(app_assistant) -> None:
    reply = ask(app_assistant, "What should the Centre for International Crime Prevention do about corruption?", section="International", n_sources=3)
    sources = cited(reply)
    assert sources
    assert all("B. International actions" in label for label, _ in sources), sources
    reply = ask(app_assistant, CORRUPTION, n_sources=2)
    assert len(cited(reply)) == 2
    reply = ask(app_assistant, CORRUPTION, n_sources=10.0)  # sliders may send floats
    assert len(cited(reply)) == 10


# --- bad input and failures ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("", "The question is empty"),
        ("   \n\t ", "The question is empty"),
        (None, "The question is empty"),
        ("x" * 1001, "the limit is 1000 characters"),
        ("?!?... ;;", "no words, only punctuation"),
        ("prison\x00overcrowding", "control characters"),
    ],
)
def test_bad_questions_get_a_friendly_message(app_assistant, question, says: str) -> None:
    reply = ask(app_assistant, question)
    assert "I could not take this question." in reply
    assert says in reply
    assert render.QUESTION_HINT.split(",")[0] in html.unescape(reply)
    assert "Traceback" not in reply and "ValueError" not in reply


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        ({"plan": "XVI"}, "unknown plan"),
        ({"document": "minutes"}, "unknown document"),
        ({"section": "regional"}, "unknown section"),
        ({"n_sources": 0}, "from 1 to 10"),
        ({"n_sources": 11}, "from 1 to 10"),
        ({"n_sources": "many"}, "from 1 to 10"),
    ],
)
def test_bad_settings_get_a_friendly_message(app_assistant, settings: dict, says: str) -> None:
    reply = ask(app_assistant, OVERCROWDING, **settings)
    assert "I could not take this question." in reply
    assert says.lower() in reply.lower()
    assert html.escape(render.SETTINGS_HINT) in reply


def test_none_settings_fall_back_to_defaults(app_assistant) -> None:
    reply = ask(app_assistant, CORRUPTION, document=None, plan=None, section=None, n_sources=None)
    assert "<b>the end of 2003</b>" in reply


class _Broken:
    def __init__(self, corpus, error: Exception) -> None:
        self.corpus = corpus
        self.error = error

    def ask(self, *args, **kwargs):
        raise self.error


def test_unexpected_failure_is_logged_and_becomes_an_apology(app_assistant, caplog) -> None:
    broken = _Broken(app_assistant.corpus, RuntimeError("index file vanished"))
    with caplog.at_level(logging.ERROR, logger="vienna_qa.app"):
        reply = app.respond(CORRUPTION, [], assistant=broken)
    assert "Sorry, something went wrong" in reply
    assert "index file vanished" not in reply and "Traceback" not in reply
    assert any("answering failed" in r.getMessage() and r.exc_info for r in caplog.records)


def test_script_typed_by_the_user_is_escaped(app_assistant) -> None:
    for question in ["<script>alert(1)</script>", "What about <img src=x onerror=alert(1)> prisons?"]:
        reply = ask(app_assistant, question)
        assert "<script" not in reply.lower() and "<img" not in reply.lower()
        assert html.escape(" ".join(question.split())) in reply  # shown back as text
    reply = ask(app_assistant, "<script>alert(1)</script>" + "!" * 1000)  # too long: echoed, still escaped
    assert "<script" not in reply.lower() and "&lt;script&gt;alert(1)&lt;/script&gt;" in reply


def test_reply_is_a_single_html_block(app_assistant) -> None:
    # No blank line: the chat's Markdown renderer must pass the whole reply through as HTML.
    for question, document in [(CORRUPTION, "adopted"), (OVERCROWDING, "both"), (FOOTBALL, "adopted"), ("", "adopted")]:
        reply = ask(app_assistant, question, document=document)
        assert "\n\n" not in reply and not re.search(r"\n\s*\n", reply)
        assert reply.startswith("<div") and reply.endswith("</div>")


# --- the interface --------------------------------------------------------------------------------------


def test_examples_cover_each_kind_of_question() -> None:
    by_question = {row[0]: row for row in app.EXAMPLES}
    assert set(by_question) >= {CORRUPTION, OVERCROWDING, UZBEKISTAN, MONEY_LAUNDERING}
    assert by_question[UZBEKISTAN][1] == "draft"
    assert all(len(row) == 5 for row in app.EXAMPLES)


def test_build_app_has_the_tabs_controls_and_chat_endpoint(app_assistant) -> None:
    import gradio as gr

    demo = app.build_app(app_assistant)
    blocks = list(demo.blocks.values())
    tabs = [b.label for b in blocks if isinstance(b, gr.Tab)]
    assert tabs == ["Ask", "Browse", "Compare"]
    assert any(isinstance(b, gr.HTML) and b.elem_id == "browse-page" for b in blocks)
    compare = next(b for b in blocks if isinstance(b, gr.HTML) and b.elem_id == "compare-page")
    assert "draft:annex:1" in compare.value and "vqa-cmp-table" in compare.value  # plan I, shown at once
    api_names = [fn.api_name for fn in demo.fns.values() if fn.api_name]
    assert "chat" in api_names

    with gr.Blocks():
        chat = app.build_chat_tab(app_assistant)
    assert isinstance(chat, gr.ChatInterface) and chat.api_name == "chat"
    assert [type(c).__name__ for c in chat.additional_inputs] == ["Radio", "Dropdown", "Radio", "Slider"]
    document, plan, section, n_sources = chat.additional_inputs
    assert document.value == "adopted" and [v for _, v in document.choices] == ["adopted", "draft", "both"]
    assert plan.value == app.ANY and len(plan.choices) == 16
    assert ("X — Action on prison overcrowding and alternatives to incarceration", "X") in plan.choices
    assert section.value == app.ANY and [label for label, _ in section.choices] == ["Any", "National", "International"]
    assert (n_sources.minimum, n_sources.maximum, n_sources.value) == (1, 10, 5)


def test_command_line_defaults_bind_loopback() -> None:
    args = app.parse_args([])
    assert (args.host, args.port) == ("127.0.0.1", 7860)
    args = app.parse_args(["--host", "0.0.0.0", "--port", "9000"])
    assert (args.host, args.port) == ("0.0.0.0", 9000)


def test_compare_tab_components(app_assistant) -> None:
    import gradio as gr

    with gr.Blocks() as demo:
        with gr.Tabs():
            assert app.build_compare_tab(app_assistant) is None
    blocks = list(demo.blocks.values())
    plan = next(b for b in blocks if isinstance(b, gr.Dropdown))
    assert plan.value == "I" and len(plan.choices) == 15
    assert ("IX — Action on witnesses and victims of crime", "IX") in plan.choices
    assert any(isinstance(b, gr.Textbox) and b.label == "Unit id" for b in blocks)
    assert any(isinstance(b, gr.Button) and b.value == "Compare unit" for b in blocks)
    assert not [fn.api_name for fn in demo.fns.values() if fn.api_name and fn.api_visibility != "private"]


# --- the Compare tab and change questions ------------------------------------------------------------------


def compare_ids(page: str) -> list[str]:
    return [html.unescape(s) for s in re.findall(r'<code class="vqa-id">(.*?)</code>', page)]


def test_fund_question_compares_both_documents(app_assistant) -> None:
    assert [FUND, "both", app.ANY, app.ANY, 5] in app.EXAMPLES
    answer = app_assistant.ask(FUND, document="both")
    assert answer.kind == "comparison"
    reply = ask(app_assistant, FUND, document="both")
    assert f'<p class="vqa-answer">{html.escape(answer.answer)}</p>' in reply
    prefixes = {label.split(",")[0] for label, _ in cited(reply)}
    assert prefixes == {ADOPTED_PREFIX, DRAFT_PREFIX}
    assert ("A/RES/56/261, annex, plan IX (Action on witnesses and victims of crime), B. International actions, "
            "para. 30 (b)", "adopted:annex:30(b)") in cited(reply)
    # the compared pair side by side, above the sources, with the words that changed
    mini = reply[reply.index("vqa-cmp-mini"): reply.index("</table>")]
    assert compare_ids(mini) == ["draft:annex:28(b)", "adopted:annex:30(b)"]
    assert re.search(r"<del[^>]*>an international fund</del>", mini) and re.search(r"<ins[^>]*>funds</ins>", mini)
    # every cited annex unit names its counterpart
    sources = reply.split('<li class="vqa-source">')[1:]
    assert all('<details class="vqa-counterpart">' in s for s in sources)
    assert "In the adopted text: reworded → para. 30 (b)" in text_of(sources[0])
    assert "\n\n" not in reply and reply.endswith("</div>")


def test_counterparts_only_for_annex_units_and_never_fatal(app_assistant) -> None:
    reply = ask(app_assistant, UZBEKISTAN, document="draft")
    for item in reply.split('<li class="vqa-source">')[1:]:
        unit_id = html.unescape(re.match(r"<b>.*?</b> <code>(.*?)</code>", item).group(1))
        annex = app_assistant.corpus.get(unit_id).part == "annex"
        assert ('<details class="vqa-counterpart">' in item) == annex, unit_id

    class NoComparisons:
        corpus = app_assistant.corpus

        def ask(self, *args, **kwargs):
            return app_assistant.ask(*args, **kwargs)

        def compare(self, unit_id):
            raise RuntimeError("alignment broke")

    reply = app.respond(CORRUPTION, [], assistant=NoComparisons())
    assert "<b>the end of 2003</b>" in reply and "vqa-counterpart" not in reply and "Sorry" not in reply


def test_compare_page_for_a_plan(app_assistant) -> None:
    corpus = app_assistant.corpus
    for choice in ["IX", "IX — Action on witnesses and victims of crime", "ix"]:
        page = app.compare_page(app_assistant, choice)
        expected = [u.unit_id for u in corpus.units if u.part == "annex" and u.plan == "IX"]
        assert sorted(compare_ids(page)) == sorted(expected)
        assert "vqa-badge-reworded" in page and "vqa-focus" not in page
    assert "draft:annex:1" in app.compare_page(app_assistant, None)  # no choice: plan I
    assert "There is no plan 'XVI'" in html.unescape(app.compare_page(app_assistant, "XVI"))


@pytest.mark.parametrize("typed", ["draft:annex:28(b)", "  Draft:annex:28 (b) "])
def test_compare_unit_selects_the_plan_and_highlights_the_row(app_assistant, typed: str) -> None:
    plan, page = app.compare_unit(app_assistant, typed)
    assert plan == "IX"
    focus = re.search(r'<tr class="vqa-cmp-row[^"]*vqa-focus".*?</tr>', page).group(0)
    assert compare_ids(focus) == ["draft:annex:28(b)", "adopted:annex:30(b)"]
    assert page.count("vqa-focus-unit") == 1
    plan, page = app.compare_unit(app_assistant, "adopted:annex:3(c)")
    assert plan == "I" and "No counterpart in the draft." in re.search(r'<tr[^>]*vqa-focus".*?</tr>', page).group(0)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "Type the id of a paragraph of the plans of action"),
        (None, "Type the id of a paragraph of the plans of action"),
        ("paragraph 28", "Unknown unit id 'paragraph 28'"),
        ("<script>alert(1)</script>", "Unknown unit id"),
        ("adopted:fn:10", "adopted:fn:10 is a footnote"),
        ("draft:note:4", "is a paragraph of the note by the Secretariat"),
        ("adopted:res:1", "is an operative paragraph of the resolution"),
    ],
)
def test_compare_unit_with_a_bad_id_gives_a_friendly_message(app_assistant, typed, says: str) -> None:
    plan, page = app.compare_unit(app_assistant, typed, "VII")
    assert plan is None
    assert page.startswith('<div class="vqa-compare vqa-error"><p>⚠️ ')
    assert says in html.unescape(page)
    assert "<script" not in page and "Traceback" not in page and "KeyError" not in page
    assert "draft:annex:20" in page  # the plan on show stays below the message


# --- served: gradio_client on a loopback port ----------------------------------------------------------


@pytest.fixture(scope="module")
def served(app_assistant) -> Iterator[tuple[object, str]]:
    demo = app.build_app(app_assistant)
    url = serve(demo, free_port())
    try:
        yield demo, url
    finally:
        demo.close()


@pytest.fixture(scope="module")
def client(served):
    from gradio_client import Client

    _, url = served
    return Client(url, verbose=False, analytics_enabled=False, download_files=False, httpx_kwargs={"timeout": 60})


def test_served_app_binds_loopback_without_share(served) -> None:
    demo, url = served
    assert url.startswith("http://127.0.0.1:")
    assert demo.share is False
    assert demo.server_name == "127.0.0.1"


def test_client_chat_with_only_the_question(client) -> None:
    reply = client.predict(CORRUPTION, api_name="/chat")
    assert isinstance(reply, str)
    assert "<b>the end of 2003</b>" in reply
    assert "A/RES/56/261, annex, plan II" in reply


def test_client_chat_with_every_control(client) -> None:
    reply = client.predict(OVERCROWDING, "draft", "X", "national", 3, api_name="/chat")
    sources = cited(reply)
    assert sources and all(label.startswith(DRAFT_PREFIX) and ", plan X (" in label for label, _ in sources)
    assert "A. National actions" in reply


def test_client_bad_input_then_the_app_keeps_serving(client) -> None:
    for bad in ["", "!!!", "x" * 1500]:
        reply = client.predict(bad, api_name="/chat")
        assert "I could not take this question." in reply
    reply = client.predict(FOOTBALL, api_name="/chat")
    assert "The plans of action do not address this." in reply
    reply = client.predict(CORRUPTION, api_name="/chat")
    assert "<b>the end of 2003</b>" in reply


def test_client_failure_inside_the_assistant_keeps_the_app_serving(app_assistant) -> None:
    from gradio_client import Client

    class Flaky:
        corpus = app_assistant.corpus
        calls = 0

        def ask(self, *args, **kwargs):
            Flaky.calls += 1
            if Flaky.calls == 1:
                raise MemoryError("out of memory")
            return app_assistant.ask(*args, **kwargs)

    demo = app.build_app(Flaky())
    url = serve(demo, free_port())
    try:
        chat = Client(url, verbose=False, analytics_enabled=False, download_files=False, httpx_kwargs={"timeout": 60})
        assert "Sorry, something went wrong" in chat.predict(CORRUPTION, api_name="/chat")
        assert "<b>the end of 2003</b>" in chat.predict(CORRUPTION, api_name="/chat")
    finally:
        demo.close()
