"""Gradio chat app: ask the UN plans of action for the Vienna Declaration on Crime and Justice.

    python app.py [--host 127.0.0.1] [--port 7860]

The assistant (corpus, model, vector index) is loaded once, before the server starts. Everything runs
offline: no share link, no analytics, nothing fetched from the network.

Importable without launching anything:
    demo = build_app(assistant)                      # gr.Blocks with the tabs "Ask" and "Browse"
    respond(message, history, document, plan, section, n_sources, assistant=assistant)  # -> HTML reply
"""

from __future__ import annotations

import os

for _name, _value in {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
}.items():
    os.environ.setdefault(_name, _value)

import argparse  # noqa: E402
import logging  # noqa: E402
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
]

CSS = """
.vqa-reply mark, .vqa-browse mark { background: #fde68a; color: inherit; padding: 0 1px; border-radius: 2px; }
.vqa-reply .vqa-answer { font-size: 1.05em; margin-bottom: .3em; }
.vqa-reply blockquote.vqa-context { margin: .3em 0; padding: .2em .8em; border-left: 3px solid #d1d5db; }
.vqa-reply .vqa-label, .vqa-reply .vqa-from, .vqa-reply .vqa-scope, .vqa-reply .vqa-note { color: #6b7280; }
.vqa-reply details.vqa-sources { margin-top: .6em; }
.vqa-reply details.vqa-sources summary { cursor: pointer; font-weight: 600; }
.vqa-reply .vqa-unit-text { margin: .2em 0 .5em 0; }
.vqa-browse .vqa-para { margin: .5em 0; }
.vqa-browse code.vqa-id, .vqa-reply code { font-size: .8em; color: #4b5563; }
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
        return render.render_answer(answer, assistant.corpus, scope)
    except Exception:
        log.exception("rendering the answer failed for question %r", shown if shown is None else shown[:200])
        return render.render_failure()


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


def build_compare_tab(assistant: Assistant) -> None:
    """EXTENSION POINT — the "Compare" tab (draft vs adopted) goes here; it is not built yet.

    `build_app` calls this inside its `gr.Tabs()`, after the "Ask" and "Browse" tabs. To add the tab,
    replace the body with e.g.

        with gr.Tab("Compare", id="compare"):
            ...  # components and events, using `assistant` (already loaded) and `qa.render`

    and keep the signature, so that nothing else in app.py needs to change.
    """
    return None


def build_app(assistant: Assistant) -> gr.Blocks:
    """The whole app for an already loaded assistant (nothing is launched)."""
    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        gr.Markdown(HEADER)
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                build_chat_tab(assistant)
            with gr.Tab("Browse", id="browse"):
                build_browse_tab(assistant)
            build_compare_tab(assistant)  # EXTENSION POINT: "Compare" tab (draft vs adopted), added later
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


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from qa import Assistant

    started = time.perf_counter()
    log.info("loading the assistant (corpus, model, index)...")
    assistant = Assistant.load()
    log.info("assistant loaded in %.1f s", time.perf_counter() - started)
    warm_up(assistant)
    demo = build_app(assistant)
    launch(demo, args.host, args.port)


if __name__ == "__main__":
    main()
