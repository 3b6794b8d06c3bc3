"""HTML rendering of answers and of the parsed plans, for the chat app: pure functions, no I/O.

Every piece of text that comes from the corpus or from the user is HTML-escaped *before* any markup
(<b>, <mark>, ...) is added, so text typed by a user (``<script>...``) is shown as text, never run.

The chat renders a reply as Markdown with embedded HTML. Each reply is one HTML block (it starts with
``<div`` and contains no blank line), so the Markdown renderer passes it through untouched: the
``*``, ``_`` or ``[..](..)`` in a unit's text stay literal characters.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import Protocol

from corpus.model import Document, Paragraph, Plan, Unit

NO_ANSWER = "The plans of action do not address this."
CLOSEST_LABEL = "Closest passages — not an answer"

DOCUMENT_NAMES = {
    "adopted": "adopted plans of action (A/RES/56/261)",
    "draft": "revised draft plans of action (2001)",
    "both": "adopted and draft plans of action",
}
SECTION_NAMES = {"A": "A. National actions", "B": "B. International actions"}

# Words that end with a full stop without ending a sentence ("para. 13", "No. 5", "e.g. the").
_ABBREVIATIONS = frozenset(
    "para paras no nos art arts e.g i.e etc vol cf corr add rev mr ms dr st sect chap annex fig approx".split()
)
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“(]?[A-Z])")


class UnitLookup(Protocol):
    """What the renderers need from `corpus.Corpus`."""

    def get(self, unit_id: str) -> Unit: ...

    def __contains__(self, unit_id: object) -> bool: ...


# ---------------------------------------------------------------------------------------------------
# Text helpers


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def escape(text: object) -> str:
    """HTML-escaped text on one line (white space runs collapsed, so no blank line can end the block).

    Control characters, which HTML cannot show, become U+FFFD.
    """
    return html.escape(" ".join(_CONTROL.sub("\ufffd", str(text)).split()), quote=True)


def escape_keep_space(text: str) -> str:
    """HTML-escaped text; line breaks kept as <br> (for multi-line answers), never a blank line."""
    return "<br>".join(escape(line) for line in str(text).splitlines() if line.strip())


def highlight(text: str, start: int, end: int, *, mark_whole: bool = True) -> str:
    """`text` escaped, with text[start:end] wrapped in <mark>. Offsets out of range are clipped."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    if start == end or (not mark_whole and start == 0 and end == len(text)):
        return _escape_inline(text)
    return f"{_escape_inline(text[:start])}<mark>{_escape_inline(text[start:end])}</mark>{_escape_inline(text[end:])}"


def _escape_inline(text: str) -> str:
    # Like `escape` but keeps a single leading/trailing space, which matters around <mark>.
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() and text.strip() else ""
    return lead + escape(text) + trail if text.strip() else (" " if text else "")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end offsets of the sentence(s) of `text` that contain text[start:end]."""
    boundaries = [0]
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start() + 1]
        word = re.search(r"(\S+)\.$", before.rstrip("\"”’)"))
        token = word.group(1).lower().lstrip("(\"“") if word else ""
        if token in _ABBREVIATIONS or len(token) == 1:
            continue
        boundaries.append(match.end())
    boundaries.append(len(text))
    s = max(b for b in boundaries if b <= start)
    e = min((b for b in boundaries if b >= end and b > s), default=len(text))
    return s, len(text[:e].rstrip())


# ---------------------------------------------------------------------------------------------------
# Chat replies


def render_answer(answer, corpus: UnitLookup, scope: str | None = None) -> str:
    """The whole chat reply for an `qa.Answer`: the answer first, then its sources (collapsed)."""
    if answer.abstained:
        return render_abstention(answer, corpus, scope)
    if answer.kind == "list" and answer.groups:
        body = _list_body(answer, corpus)
    else:
        body = _fact_body(answer)
    parts = ['<div class="vqa-reply">', body]
    if answer.citations:
        parts.append(_sources_block(answer.citations, corpus, f"Sources ({len(answer.citations)})"))
    parts.append(_scope_line(scope, answer.question))
    parts.append("</div>")
    return "\n".join(p for p in parts if p)


def render_abstention(answer, corpus: UnitLookup, scope: str | None = None) -> str:
    parts = ['<div class="vqa-reply vqa-abstain">', f"<p><b>{escape(NO_ANSWER)}</b></p>"]
    if answer.citations:
        parts.append(
            '<p class="vqa-note">The passages below are the closest the search found; '
            "they are <b>not</b> an answer to the question.</p>"
        )
        parts.append(
            _sources_block(answer.citations, corpus, f"{CLOSEST_LABEL} ({len(answer.citations)})", mark_whole=False)
        )
    else:
        parts.append('<p class="vqa-note">No passage of the selected document, plan and section came close.</p>')
    parts.append(_scope_line(scope, answer.question))
    parts.append("</div>")
    return "\n".join(p for p in parts if p)


QUESTION_HINT = "Ask in words about the plans of action, for example “What must States do about prison overcrowding?”"
SETTINGS_HINT = "Check the settings above the chat (document, plan, section, number of sources) and ask again."


def render_error(message: str, *, question: str | None = None, hint: str = QUESTION_HINT) -> str:
    """A friendly reply for a question that cannot be asked as it stands (a `ValueError` from the assistant)."""
    text = str(message).strip()
    text = text[:1].upper() + text[1:] if text else "The question could not be read"
    if not text.endswith((".", "!", "?")):
        text += "."
    parts = ['<div class="vqa-reply vqa-error">', f"<p>⚠️ <b>I could not take this question.</b> {escape(text)}</p>"]
    if question is not None and question.strip():
        shown = question.strip()
        if len(shown) > 200:
            shown = shown[:200] + "…"
        parts.append(f'<p class="vqa-note">You sent: <code style="word-break:break-all">{escape(shown)}</code></p>')
    parts.append(f'<p class="vqa-note">{escape(hint)}</p>')
    parts.append("</div>")
    return "\n".join(parts)


def render_failure() -> str:
    """The reply when answering failed unexpectedly (the error itself goes to the log, not to the user)."""
    return (
        '<div class="vqa-reply vqa-error">\n'
        "<p>⚠️ <b>Sorry, something went wrong while answering this question.</b> "
        "The problem has been logged. Please try again, or rephrase the question.</p>\n</div>"
    )


def scope_description(document: str, plan: str | None, section: str | None, top_k: int, plan_title: str | None = None) -> str:
    """One line saying what was searched, e.g. "adopted plans of action (A/RES/56/261) · plan X · all sections"."""
    parts = [DOCUMENT_NAMES.get(document, document)]
    if plan:
        parts.append(f"plan {plan}" + (f" ({plan_title})" if plan_title else ""))
    else:
        parts.append("all plans")
    key = {"national": "A", "international": "B"}.get(section or "", section)
    parts.append(SECTION_NAMES.get(key, "all sections") if key else "all sections")
    parts.append(f"up to {top_k} source{'s' if top_k != 1 else ''}")
    return " · ".join(parts)


def _scope_line(scope: str | None, question: str | None = None) -> str:
    """The question as received (escaped: a typed "<script>" shows as text) and what was searched."""
    asked = f"“{escape(question)}”" if question else ""
    if scope and asked:
        return f'<p class="vqa-scope"><small>Question: {asked} · searched: {escape(scope)}</small></p>'
    if asked:
        return f'<p class="vqa-scope"><small>Question: {asked}</small></p>'
    return f'<p class="vqa-scope"><small>Searched: {escape(scope)}</small></p>' if scope else ""


def _fact_body(answer) -> str:
    text = answer.answer or ""
    cited = next((c for c in answer.citations if c.quote == text), None)
    if cited is None:
        cited = next((c for c in answer.citations if text and text in c.text), None)
        if cited is not None:
            at = cited.text.index(text)
            start, end = at, at + len(text)
        else:
            start = end = 0
    else:
        start, end = cited.start, cited.end
    parts = [f'<p class="vqa-answer"><b>{escape_keep_space(text)}</b></p>' if text else ""]
    if cited is not None:
        s, e = sentence_bounds(cited.text, start, end)
        if (s, e) != (start, end):
            context = highlight(cited.text[s:e], start - s, end - s)
            ellipsis_before = "… " if s > 0 else ""
            ellipsis_after = " …" if e < len(cited.text.rstrip()) else ""
            parts.append(f'<blockquote class="vqa-context">{ellipsis_before}{context}{ellipsis_after}</blockquote>')
        parts.append(f'<p class="vqa-from"><small>From {escape(cited.label)} <code>{escape(cited.unit_id)}</code></small></p>')
    return "\n".join(p for p in parts if p)


def _list_body(answer, corpus: UnitLookup) -> str:
    by_id = {c.unit_id: c for c in answer.citations}
    parts = []
    for paragraph_id, measure_ids in answer.groups:
        paragraph = corpus.get(paragraph_id) if paragraph_id in corpus else None
        only_itself = list(measure_ids) == [paragraph_id]
        if paragraph is not None and not only_itself:
            parts.append(
                f'<p class="vqa-leadin">{escape(paragraph.text)}</p>'
                f'<p class="vqa-from"><small>{escape(paragraph.label)} <code>{escape(paragraph_id)}</code></small></p>'
            )
        items = []
        for unit_id in measure_ids:
            citation = by_id.get(unit_id)
            unit = corpus.get(unit_id) if unit_id in corpus else None
            if citation is not None:
                text, label = highlight(citation.text, citation.start, citation.end, mark_whole=False), citation.label
            elif unit is not None:
                text, label = escape(unit.text), unit.label
            else:
                continue
            marker = f"<b>({escape(unit.sub[-1])})</b> " if unit is not None and unit.sub and not only_itself else ""
            depth = len(unit.sub) if unit is not None else 1
            indent = ' style="margin-left:1.5em"' if depth > 1 else ""
            items.append(
                f'<li class="vqa-measure vqa-depth-{depth}"{indent}>{marker}{text}'
                f'<br><small class="vqa-label">{escape(label)}</small></li>'
            )
        if items:
            parts.append('<ul class="vqa-measures">' + "".join(items) + "</ul>")
    if not parts:  # groups that name nothing the corpus knows: show the answer text as it came
        return f'<p class="vqa-answer">{escape_keep_space(answer.answer)}</p>'
    return "\n".join(parts)


def _sources_block(citations: Sequence, corpus: UnitLookup, summary: str, *, mark_whole: bool = True) -> str:
    items = []
    for citation in citations:
        text = highlight(citation.text, citation.start, citation.end, mark_whole=mark_whole)
        notes = _footnotes_html(citation.unit_id, citation.footnotes, corpus)
        items.append(
            f'<li class="vqa-source"><b>{escape(citation.label)}</b> <code>{escape(citation.unit_id)}</code>'
            f'<div class="vqa-unit-text">{text}</div>{notes}</li>'
        )
    return (
        f'<details class="vqa-sources"><summary>{escape(summary)}</summary>'
        f'<ol>{"".join(items)}</ol></details>'
    )


def _footnotes_html(unit_id: str, footnotes: Iterable[str], corpus: UnitLookup) -> str:
    rows = []
    for fn_id in footnotes:
        rows.append(_footnote_row(fn_id, corpus, ""))
    unit = corpus.get(unit_id) if unit_id in corpus else None
    for fn_id in getattr(unit, "plan_footnotes", ()) or ():
        rows.append(_footnote_row(fn_id, corpus, " (on the plan's heading)"))
    if not rows:
        return ""
    return f'<div class="vqa-footnotes"><small>Footnotes:</small><ul>{"".join(rows)}</ul></div>'


def _footnote_row(fn_id: str, corpus: UnitLookup, where: str) -> str:
    number = fn_id.rsplit(":", 1)[-1]
    if fn_id in corpus:
        text = escape(corpus.get(fn_id).text)
    else:
        text = "<i>(footnote text not found)</i>"
    return f"<li><small><b>Footnote {escape(number)}</b>{escape(where)} <code>{escape(fn_id)}</code>: {text}</small></li>"


# ---------------------------------------------------------------------------------------------------
# Browsing the parsed documents

FRONT = "front"
FOOTNOTES = "footnotes"


def plan_choices(document: Document) -> list[tuple[str, str]]:
    """(label, value) pairs: "X — Action on prison overcrowding ..." -> "X"."""
    return [(f"{plan.numeral} — {plan.title}", plan.numeral) for plan in document.plans]


def browse_choices(document: Document) -> list[tuple[str, str]]:
    front = "Resolution (preamble and operative paragraphs)" if document.preamble or document.operative else "Note by the Secretariat"
    return [(front, FRONT), *plan_choices(document), ("All footnotes of the annex", FOOTNOTES)]


def render_browse(document: Document, choice: str, corpus: UnitLookup, highlight_id: str | None = None) -> str:
    """The part of `document` picked in the Browse tab (a plan numeral, FRONT or FOOTNOTES), as parsed."""
    if choice == FRONT:
        return render_front_matter(document, corpus, highlight_id)
    if choice == FOOTNOTES:
        return render_footnotes(document, highlight_id)
    plan = next((p for p in document.plans if p.numeral == choice), None)
    if plan is None:
        return f'<div class="vqa-browse"><p>No plan {escape(choice)} in {escape(document.symbol)}.</p></div>'
    return render_plan(document, plan, corpus, highlight_id)


def render_plan(document: Document, plan: Plan, corpus: UnitLookup, highlight_id: str | None = None) -> str:
    alias = document.alias
    out = [
        '<div class="vqa-browse">',
        f"<p><small>{escape(document.symbol)}, annex — {escape(document.annex_title)}</small></p>",
        f"<h2>{escape(plan.numeral)}. {escape(plan.title)}{_refs(alias, 'fn', plan.footnotes)}</h2>",
    ]
    notes: list[str] = [f"{alias}:fn:{n}" for n in plan.footnotes]
    for section in plan.sections:
        if section.letter:
            out.append(f"<h3>{escape(section.letter)}. {escape(section.title or '')}</h3>")
        for paragraph in section.paragraphs:
            out.append(_paragraph_html(alias, "annex", paragraph, highlight_id))
            notes += _paragraph_notes(alias, "fn", paragraph)
    out.append(_notes_html(list(dict.fromkeys(notes)), corpus, highlight_id))
    out.append("</div>")
    return "\n".join(p for p in out if p)


def render_front_matter(document: Document, corpus: UnitLookup, highlight_id: str | None = None) -> str:
    alias = document.alias
    out = ['<div class="vqa-browse">', f"<h2>{escape(document.symbol)} — {escape(document.title)}</h2>"]
    notes: list[str] = []
    for heading, part, paragraphs in (
        ("Preamble", "pre", document.preamble),
        ("Operative paragraphs", "res", document.operative),
        ("Note by the Secretariat", "note", document.note),
    ):
        if not paragraphs:
            continue
        out.append(f"<h3>{escape(heading)}</h3>")
        fn_part = "note-fn" if part == "note" else "fn"
        for paragraph in paragraphs:
            out.append(_paragraph_html(alias, part, paragraph, highlight_id))
            notes += _paragraph_notes(alias, fn_part, paragraph)
    out.append(_notes_html(list(dict.fromkeys(notes)), corpus, highlight_id))
    out.append("</div>")
    return "\n".join(p for p in out if p)


def render_footnotes(document: Document, highlight_id: str | None = None) -> str:
    out = ['<div class="vqa-browse">', f"<h2>{escape(document.symbol)} — footnotes</h2>"]
    for part, heading, footnotes in (
        ("note-fn", "Footnotes of the note by the Secretariat", document.note_footnotes),
        ("fn", "Footnotes of the annex", document.footnotes),
    ):
        if not footnotes:
            continue
        out.append(f"<h3>{escape(heading)}</h3><ul>")
        for footnote in footnotes:
            unit_id = f"{document.alias}:{part}:{footnote.number}"
            out.append(f"<li>{_hl_open(unit_id, highlight_id)}<b>{footnote.number}</b> {escape(footnote.text)} {_id(unit_id)}{_hl_close(unit_id, highlight_id)}</li>")
        out.append("</ul>")
    out.append("</div>")
    return "\n".join(out)


def unit_location(unit: Unit) -> str:
    """The Browse choice that shows `unit`: its plan numeral, FRONT or FOOTNOTES."""
    if unit.part in ("fn", "note-fn"):
        return FOOTNOTES
    if unit.part in ("pre", "res", "note"):
        return FRONT
    return unit.plan or FRONT


def _paragraph_html(alias: str, part: str, paragraph: Paragraph, highlight_id: str | None) -> str:
    fn_part = "note-fn" if part == "note" else "fn"
    pid = f"{alias}:{part}:{paragraph.number}"
    rows = [
        f'<div class="vqa-para">{_hl_open(pid, highlight_id)}<b>{paragraph.number}.</b> {escape(paragraph.text)}'
        f"{_refs(alias, fn_part, paragraph.footnotes)} {_id(pid)}{_hl_close(pid, highlight_id)}"
    ]
    for sub in paragraph.subparagraphs:
        sid = f"{pid}({sub.label})"
        rows.append(
            f'<div class="vqa-sub" style="margin-left:2em">{_hl_open(sid, highlight_id)}<b>({escape(sub.label)})</b> '
            f"{escape(sub.text)}{_refs(alias, fn_part, sub.footnotes)} {_id(sid)}{_hl_close(sid, highlight_id)}"
        )
        for item in sub.items:
            iid = f"{sid}({item.label})"
            rows.append(
                f'<div class="vqa-item" style="margin-left:2em">{_hl_open(iid, highlight_id)}<b>({escape(item.label)})</b> '
                f"{escape(item.text)}{_refs(alias, fn_part, item.footnotes)} {_id(iid)}{_hl_close(iid, highlight_id)}</div>"
            )
        rows.append("</div>")
    rows.append("</div>")
    return "".join(rows)


def _paragraph_notes(alias: str, fn_part: str, paragraph: Paragraph) -> list[str]:
    numbers = list(paragraph.footnotes)
    for sub in paragraph.subparagraphs:
        numbers += sub.footnotes
        for item in sub.items:
            numbers += item.footnotes
    return [f"{alias}:{fn_part}:{n}" for n in numbers]


def _notes_html(fn_ids: list[str], corpus: UnitLookup, highlight_id: str | None) -> str:
    if not fn_ids:
        return ""
    rows = []
    for fn_id in fn_ids:
        text = escape(corpus.get(fn_id).text) if fn_id in corpus else "<i>(footnote text not found)</i>"
        number = fn_id.rsplit(":", 1)[-1]
        rows.append(f"<li>{_hl_open(fn_id, highlight_id)}<b>{escape(number)}</b> {text} {_id(fn_id)}{_hl_close(fn_id, highlight_id)}</li>")
    return '<h3>Footnotes</h3><ul class="vqa-notes">' + "".join(rows) + "</ul>"


def _refs(alias: str, fn_part: str, numbers: Iterable[int]) -> str:
    return "".join(f"<sup title=\"{escape(f'{alias}:{fn_part}:{n}')}\">{n}</sup>" for n in numbers)


def _id(unit_id: str) -> str:
    return f'<code class="vqa-id">{escape(unit_id)}</code>'


def _hl_open(unit_id: str, highlight_id: str | None) -> str:
    return "<mark>" if unit_id == highlight_id else ""


def _hl_close(unit_id: str, highlight_id: str | None) -> str:
    return "</mark>" if unit_id == highlight_id else ""
