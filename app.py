"""Gradio chat app: ask the UN plans of action for the Vienna Declaration on Crime and Justice.

    python app.py [--host 127.0.0.1] [--port 7860]

The assistant (corpus, model, vector index) is loaded once, before the server starts. Everything runs
offline: no share link, no analytics, nothing fetched from the network.

Importable without launching anything:
    demo = build_app(assistant)                      # gr.Blocks with the tabs "Ask", "Browse" and "Compare"
    respond(message, history, document, plan, section, n_sources, assistant=assistant)  # -> HTML reply
    compare_page(assistant, "IX")                    # -> HTML: plan IX, draft and adopted side by side
    compare_unit(assistant, "draft:annex:28(b)")     # -> ("IX", HTML with that unit's row highlighted)
"""

from __future__ import annotations

from embeddings.offline import use_offline_environment

use_offline_environment()  # before gradio and transformers are imported

import argparse  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from typing import TYPE_CHECKING, Any  # noqa: E402

import gradio as gr  # noqa: E402

from qa import render  # noqa: E402
from qa.validation import clean_question  # noqa: E402

if TYPE_CHECKING:
    from qa import Assistant

log = logging.getLogger("vienna_qa.app")

TITLE = "Vienna Declaration plans of action — questions and answers"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
ANY = "Any"
DEFAULT_DOCUMENT = "adopted"
DEFAULT_SOURCES = 5
MAX_SOURCES = 10

DOCUMENT_CHOICES = [("Adopted (A/RES/56/261)", "adopted"), ("Draft (2001)", "draft"), ("Both", "both")]
SECTION_CHOICES = [("Any", ANY), ("National", "national"), ("International", "international")]

EXAMPLES = [
    # [question, document, plan, section, number of sources]
    ["By when should the convention against corruption be finalized?", "adopted", ANY, ANY, DEFAULT_SOURCES],
    ["What must States do about prison overcrowding?", "adopted", ANY, ANY, DEFAULT_SOURCES],
    ["Which proposal did Uzbekistan submit?", "draft", ANY, ANY, DEFAULT_SOURCES],
    ["What penalty does the plan set for money-laundering?", "adopted", ANY, ANY, DEFAULT_SOURCES],
    ["Was the international fund for victims kept in the adopted text?", "both", ANY, ANY, DEFAULT_SOURCES],
]

CSS = """
.vqa-reply mark, .vqa-browse mark { background: #fde68a; color: inherit; padding: 0 1px; border-radius: 2px; }
.vqa-reply .vqa-answer { font-size: 1.05em; margin-bottom: .3em; }
.vqa-reply blockquote.vqa-context { margin: .3em 0; padding: .2em .8em; border-left: 3px solid #d1d5db; }
.vqa-reply .vqa-label, .vqa-reply .vqa-from, .vqa-reply .vqa-scope, .vqa-reply .vqa-note { color: #6b7280; }
.vqa-reply .vqa-scope-note { color: #92400e; }
.vqa-reply details.vqa-sources { margin-top: .6em; }
.vqa-reply details.vqa-sources summary { cursor: pointer; font-weight: 600; }
.vqa-reply .vqa-unit-text { margin: .2em 0 .5em 0; }
.vqa-browse .vqa-para { margin: .5em 0; }
.vqa-browse code.vqa-id, .vqa-reply code { font-size: .8em; color: #4b5563; }
.vqa-reply details.vqa-counterpart { margin: .1em 0 .4em 0; }
.vqa-reply details.vqa-counterpart summary { cursor: pointer; font-weight: normal; color: #6b7280; }
.vqa-compare code.vqa-id, .vqa-reply .vqa-cmp-table code.vqa-id { font-size: .8em; color: #4b5563; }
.vqa-cmp-table th { text-align: left; padding: .4em .6em; border-bottom: 2px solid #9ca3af; }
.vqa-cmp-table td { vertical-align: top; padding: .45em .6em; border-bottom: 1px solid #d1d5db; }
.vqa-cmp-table td.vqa-cmp-status { text-align: center; }
.vqa-cmp-table .vqa-cmp-unit + .vqa-cmp-unit { margin-top: .6em; }
.vqa-cmp-table .vqa-cmp-text { margin: .15em 0; line-height: 1.45; }
.vqa-compare .vqa-provenance, .vqa-cmp-table .vqa-provenance { color: #6b7280; font-size: .9em; }
.vqa-compare .vqa-provenance ul { margin: .1em 0 .2em 1.2em; padding: 0; }
.vqa-compare .vqa-note, .vqa-cmp-table .vqa-note, .vqa-compare .vqa-label { color: #6b7280; }
"""

HEADER = (
    f"# {TITLE}\n"
    "Answers are extracted word for word from the **United Nations plans of action** for the Vienna "
    "Declaration on Crime and Justice: the adopted text (General Assembly resolution 56/261, annex) and "
    "the revised draft of 2001. Every answer cites the plan, section, paragraph and subparagraph it comes "
    "from; open **Sources** under a reply to read them, or check a unit in context in the **Browse** tab."
)


# ---------------------------------------------------------------------------------------------------
# The reply


def _plan_value(plan: Any) -> str | None:
    """"Any"/None/"" -> None; "X" or a dropdown label "X — Action on ..." -> "X"."""
    if plan is None:
        return None
    text = str(plan).strip()
    if not text or text.lower() == ANY.lower():
        return None
    return text.split("—")[0].strip()


def _section_value(section: Any) -> str | None:
    if section is None:
        return None
    text = str(section).strip()
    if not text or text.lower() == ANY.lower():
        return None
    return text.lower() if text.lower() in ("national", "international") else text


def _document_value(document: Any) -> str:
    if document is None or not str(document).strip():
        return DEFAULT_DOCUMENT
    return str(document).strip().lower()


def _sources_value(n_sources: Any) -> int:
    if n_sources is None or n_sources == "":
        return DEFAULT_SOURCES
    try:
        number = float(n_sources)
    except (TypeError, ValueError):
        raise ValueError(f"the number of sources must be a whole number from 1 to {MAX_SOURCES}, not {n_sources!r}") from None
    if number != int(number) or not 1 <= number <= MAX_SOURCES:
        raise ValueError(f"the number of sources must be a whole number from 1 to {MAX_SOURCES}; got {n_sources!r}")
    return int(number)


def _message_text(message: Any) -> Any:
    if isinstance(message, dict):  # a multimodal message {"text": ..., "files": [...]}
        return message.get("text", "")
    return "" if message is None else message


def respond(
    message: Any,
    history: list | None = None,
    document: Any = DEFAULT_DOCUMENT,
    plan: Any = ANY,
    section: Any = ANY,
    n_sources: Any = DEFAULT_SOURCES,
    *,
    assistant: Assistant,
) -> str:
    """The chat reply (HTML inside Markdown) to one question; never raises.

    Bad input (`ValueError`) becomes a friendly explanation; any other failure is logged and becomes a
    short apology, so the app keeps serving. `history` is not used: every question stands alone.
    """
    question = _message_text(message)
    shown = question if isinstance(question, str) else None
    try:
        top_k = _sources_value(n_sources)
        doc, plan_id, section_id = _document_value(document), _plan_value(plan), _section_value(section)
        answer = assistant.ask(question, document=doc, top_k=top_k, plan=plan_id, section=section_id)
    except ValueError as error:
        log.info("question refused: %s", error)
        return render.render_error(str(error), question=shown, hint=_hint_for(question))
    except Exception:
        log.exception("answering failed for question %r", shown if shown is None else shown[:200])
        return render.render_failure()
    try:
        scope = render.scope_description(doc, plan_id and plan_id.upper(), section_id, top_k, _plan_title(assistant, plan_id, doc))
        return render.render_answer(answer, assistant.corpus, scope, counterpart=_counterpart_lookup(assistant))
    except Exception:
        log.exception("rendering the answer failed for question %r", shown if shown is None else shown[:200])
        return render.render_failure()


def _counterpart_lookup(assistant: Assistant):
    """unit id -> its draft/adopted `Comparison`, or None (non-annex unit, or no comparison available).

    A failing comparison must never cost the reply: the counterpart lines are an extra.
    """
    compare = getattr(assistant, "compare", None)
    if compare is None:
        return None

    def lookup(unit_id: str):
        try:
            return compare(unit_id)
        except KeyError:  # footnotes, resolution paragraphs, the note: no counterpart by design
            return None
        except Exception:
            log.exception("comparing %r failed", unit_id)
            return None

    return lookup


def _hint_for(question: Any) -> str:
    """What to change: the question itself, or (when the question is fine) the settings."""
    try:
        clean_question(question)
    except ValueError:
        return render.QUESTION_HINT
    return render.SETTINGS_HINT


def _plan_title(assistant: Assistant, plan_id: str | None, document: str = DEFAULT_DOCUMENT) -> str | None:
    if not plan_id:
        return None
    source = assistant.corpus.documents.get(document) or assistant.corpus.documents["adopted"]
    plan = next((p for p in source.plans if p.numeral == plan_id.upper()), None)
    return plan.title if plan else None


# ---------------------------------------------------------------------------------------------------
# The interface


def plan_dropdown_choices(assistant: Assistant) -> list[tuple[str, str]]:
    """"Any" and the fifteen adopted plans, labelled "X — Action on prison overcrowding ..."."""
    return [(ANY, ANY), *render.plan_choices(assistant.corpus.documents["adopted"])]


def build_chat_tab(assistant: Assistant) -> gr.ChatInterface:
    with gr.Row(equal_height=True):
        document = gr.Radio(DOCUMENT_CHOICES, value=DEFAULT_DOCUMENT, label="Document", scale=2)
        plan = gr.Dropdown(
            plan_dropdown_choices(assistant), value=ANY, label="Plan of action", scale=3, filterable=True
        )
        section = gr.Radio(SECTION_CHOICES, value=ANY, label="Section", scale=2)
        n_sources = gr.Slider(1, MAX_SOURCES, value=DEFAULT_SOURCES, step=1, precision=0, label="Number of sources", scale=2)
    gr.Markdown("<small>These settings apply to the next question you send.</small>")

    def chat(message, history, document, plan, section, n_sources):
        return respond(message, history, document, plan, section, n_sources, assistant=assistant)

    chatbot = gr.Chatbot(
        label="Answers",
        height=560,
        latex_delimiters=[],  # "$" in a unit's text is text, not mathematics
        placeholder=(
            "<b>Ask a question about the plans of action.</b><br>"
            "Pick an example below, or type your own. Answers quote the text and cite their source."
        ),
        buttons=["copy"],
    )
    return gr.ChatInterface(
        chat,
        chatbot=chatbot,
        textbox=gr.Textbox(
            placeholder="Ask about the plans of action, e.g. What must States do about prison overcrowding?",
            show_label=False,
            max_lines=6,
            submit_btn=True,
        ),
        additional_inputs=[document, plan, section, n_sources],
        examples=EXAMPLES,
        examples_label="Example questions (click one, then press Enter or the send button)",
        api_name="chat",
        api_description="Answer a question about the Vienna Declaration plans of action; returns the reply as HTML.",
        fill_height=False,
        flagging_mode="never",
        analytics_enabled=False,
    )


def build_browse_tab(assistant: Assistant) -> None:
    corpus = assistant.corpus
    documents = corpus.documents

    def show(document: str, choice: str, highlight_id: str | None = None) -> str:
        try:
            return render.render_browse(documents[document], choice, corpus, highlight_id)
        except Exception:
            log.exception("browse failed for %r %r", document, choice)
            return '<div class="vqa-browse"><p>⚠️ This part could not be shown; the problem has been logged.</p></div>'

    def change_document(document: str, choice: str):
        choices = render.browse_choices(documents[document])
        if choice not in [value for _, value in choices]:
            choice = choices[1][1]
        return gr.Dropdown(choices=choices, value=choice), show(document, choice)

    def go_to(unit_id: str):
        unit_id = (unit_id or "").strip()
        if unit_id not in corpus:
            message = f"⚠️ Unknown unit id {unit_id!r}; ids look like adopted:annex:32(a), draft:note:4 or adopted:fn:10."
            return gr.skip(), gr.skip(), f'<div class="vqa-browse"><p>{render.escape(message)}</p></div>'
        unit = corpus.get(unit_id)
        choice = render.unit_location(unit)
        return (
            unit.document,
            gr.Dropdown(choices=render.browse_choices(documents[unit.document]), value=choice),
            show(unit.document, choice, unit_id),
        )

    gr.Markdown("Read a whole plan as parsed, with the id of every unit, to check a cited passage in context.")
    with gr.Row():
        document = gr.Radio([(label, value) for label, value in DOCUMENT_CHOICES if value != "both"], value="adopted", label="Document", scale=2)
        choice = gr.Dropdown(render.browse_choices(documents["adopted"]), value="I", label="Plan", scale=3)
        with gr.Column(scale=2):
            unit_box = gr.Textbox(label="Go to unit id", placeholder="adopted:annex:32(a)")
            go = gr.Button("Show unit", size="sm")
    page = gr.HTML(show("adopted", "I"), elem_id="browse-page")

    # `.input`, not `.change`: "Show unit" sets the document itself and must not trigger a re-render.
    document.input(change_document, [document, choice], [choice, page], api_visibility="private", queue=False)
    choice.input(show, [document, choice], page, api_visibility="private", queue=False)
    gr.on([go.click, unit_box.submit], go_to, [unit_box], [document, choice, page], api_visibility="private", queue=False)


DEFAULT_COMPARE_PLAN = "I"
UNIT_ID_EXAMPLES = "ids look like draft:annex:28(b) or adopted:annex:30(b)"
_PART_NAMES = {
    "fn": "a footnote",
    "note-fn": "a footnote of the note by the Secretariat",
    "pre": "a preambular paragraph of the resolution",
    "res": "an operative paragraph of the resolution",
    "record": "the record of the resolution's adoption",
    "note": "a paragraph of the note by the Secretariat",
}


def compare_page(assistant: Assistant, plan: Any = DEFAULT_COMPARE_PLAN, focus: str | None = None) -> str:
    """The Compare tab's page: a plan's draft and adopted units side by side (`focus` highlighted); never raises."""
    numeral = (_plan_value(plan) or DEFAULT_COMPARE_PLAN).upper()
    try:
        comparisons = assistant.changes(numeral)
    except (KeyError, ValueError):
        return render.render_compare_message(f"There is no plan {numeral!r}; the plans are numbered I to XV.")
    except Exception:
        log.exception("comparing plan %r failed", numeral)
        return render.render_compare_message("This plan could not be compared; the problem has been logged.")
    try:
        return render.render_comparison_table(comparisons, assistant.corpus, focus)
    except Exception:
        log.exception("rendering the comparison of plan %r failed", numeral)
        return render.render_compare_message("This plan could not be shown; the problem has been logged.")


def normalise_unit_id(unit_id: Any) -> str:
    """"Draft:annex:28 (b)" -> "draft:annex:28(b)": ids are lower case and have no spaces."""
    return "".join(str(unit_id or "").split()).lower()


def compare_unit(assistant: Assistant, unit_id: Any, current_plan: Any = None) -> tuple[str | None, str]:
    """(plan numeral, page) for the Compare tab opened on one unit; (None, message + current plan) if it cannot be."""
    wanted = normalise_unit_id(unit_id)
    corpus = assistant.corpus
    if not wanted:
        problem = f"Type the id of a paragraph of the plans of action; {UNIT_ID_EXAMPLES}."
    elif wanted not in corpus:
        problem = f"Unknown unit id {str(unit_id).strip()!r}; {UNIT_ID_EXAMPLES}."
    elif corpus.get(wanted).part != "annex":
        what = _PART_NAMES.get(corpus.get(wanted).part, "not part of the plans of action")
        problem = (
            f"{wanted} is {what}: only the paragraphs of the plans of action (the annex) have a counterpart "
            "in the other document. Read it in the Browse tab."
        )
    else:
        try:
            assistant.compare(wanted)
        except KeyError as error:
            problem = str(error.args[0]) if error.args else f"{wanted} cannot be compared."
        except Exception:
            log.exception("comparing %r failed", wanted)
            problem = "This unit could not be compared; the problem has been logged."
        else:
            plan = corpus.get(wanted).plan
            return plan, compare_page(assistant, plan, focus=wanted)
    page = compare_page(assistant, current_plan) if current_plan else ""
    return None, render.render_compare_message(problem) + page


_SCROLL_TO_FOCUS = """() => {
  setTimeout(() => {
    const row = document.querySelector('#compare-page .vqa-focus');
    if (row) row.scrollIntoView({block: 'center', behavior: 'smooth'});
  }, 50);
}"""


def build_compare_tab(assistant: Assistant) -> None:
    """The "Compare" tab: a plan of the draft (2001) and of the adopted text side by side, unit by unit.

    Each row is an aligned group (a pair, a merge or a split; a lone unit when it was deleted or added)
    with its status badge, similarity and word diff. "Unit id" opens the tab on one unit's row.
    """
    with gr.Tab("Compare", id="compare"):
        gr.Markdown(
            "Compare the **revised draft (2001)** with the **adopted plans of action (A/RES/56/261)**: each row "
            "pairs a draft unit with what became of it. Pick a plan, or type a unit id to highlight its row."
        )
        with gr.Row():
            plan = gr.Dropdown(
                render.plan_choices(assistant.corpus.documents["adopted"]),
                value=DEFAULT_COMPARE_PLAN,
                label="Plan of action",
                scale=3,
                filterable=True,
                elem_id="compare-plan",
            )
            with gr.Column(scale=2):
                unit_box = gr.Textbox(label="Unit id", placeholder="draft:annex:28(b)", elem_id="compare-unit")
                go = gr.Button("Compare unit", size="sm")
        page = gr.HTML(compare_page(assistant, DEFAULT_COMPARE_PLAN), elem_id="compare-page")

        def show(plan_choice: str) -> str:
            return compare_page(assistant, plan_choice)

        def go_to(unit_id: str, current: str):
            numeral, html = compare_unit(assistant, unit_id, current)
            return (gr.skip() if numeral is None else numeral), html

        # `.input`, not `.change`: "Compare unit" sets the plan itself and must not trigger a re-render.
        plan.input(show, [plan], page, api_visibility="private", queue=False)
        gr.on(
            [go.click, unit_box.submit], go_to, [unit_box, plan], [plan, page], api_visibility="private", queue=False
        ).then(None, None, None, js=_SCROLL_TO_FOCUS, api_visibility="private", queue=False)


def build_app(assistant: Assistant) -> gr.Blocks:
    """The whole app for an already loaded assistant (nothing is launched)."""
    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        gr.Markdown(HEADER)
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                build_chat_tab(assistant)
            with gr.Tab("Browse", id="browse"):
                build_browse_tab(assistant)
            build_compare_tab(assistant)  # "Compare": draft vs adopted, side by side
    return demo


def launch(demo: gr.Blocks, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, **kwargs: Any):
    """Serve `demo` on host:port, locally only: no share link, nothing fetched from the network."""
    return demo.launch(server_name=host, server_port=port, share=False, css=CSS, footer_links=["api", "settings"], **kwargs)


def warm_up(assistant: Assistant) -> None:
    """Ask one question before serving: the first `ask` pays for lazily loaded parts (a few seconds)."""
    started = time.perf_counter()
    try:
        assistant.ask(EXAMPLES[0][0])
    except Exception:  # a failed warm-up must not stop the app; the error shows again on a real question
        log.exception("warm-up question failed")
    log.info("warm-up question answered in %.1f s", time.perf_counter() - started)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=TITLE)
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"interface to bind (default {DEFAULT_HOST}, this machine only)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from corpus import CorpusParseError
    from qa import Assistant

    started = time.perf_counter()
    log.info("loading the assistant (corpus, model, index)...")
    try:
        assistant = Assistant.load()
    except CorpusParseError as error:
        print(f"error: the bundled corpus does not parse: CorpusParseError: {error}", file=sys.stderr)
        return 2
    log.info("assistant loaded in %.1f s", time.perf_counter() - started)
    warm_up(assistant)
    demo = build_app(assistant)
    launch(demo, args.host, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
