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
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from corpus.model import Document, Paragraph, Plan, Unit
from corpus.units import footnote_id
from qa.answer import NO_ANSWER

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


# unit id -> its `qa.compare.Comparison`, or None when the unit has no comparison (not an annex unit)
CounterpartLookup = Callable[[str], Any]


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


def render_answer(answer, corpus: UnitLookup, scope: str | None = None, counterpart: CounterpartLookup | None = None) -> str:
    """The whole chat reply for an `qa.Answer`: the answer first, then its sources (collapsed).

    `counterpart(unit_id)` gives the `Comparison` of an annex unit, or None (non-annex units); with it,
    each cited annex unit gets a folded line naming its counterpart in the other document.
    """
    if answer.abstained:
        return render_abstention(answer, corpus, scope)
    if answer.kind == "list" and answer.groups:
        body = _list_body(answer, corpus, counterpart)
    elif answer.kind == "comparison":
        body = _comparison_body(answer, corpus, counterpart)
    elif answer.kind == "list":  # a list of plans, not of measures: its lines as they are, none of them the answer
        body = f'<p class="vqa-answer">{escape_keep_space(answer.answer)}</p>'
    else:
        body = _fact_body(answer)
    parts = ['<div class="vqa-reply">', body, _scope_note(answer)]
    if answer.citations:
        # A comparison cites whole units: marking all of each text would only make it harder to read.
        whole = answer.kind != "comparison"
        parts.append(
            _sources_block(answer.citations, corpus, f"Sources ({len(answer.citations)})", mark_whole=whole, counterpart=counterpart)
        )
    parts.append(_scope_line(scope, answer.question, answer.read_as))
    parts.append("</div>")
    return "\n".join(p for p in parts if p)


def render_abstention(answer, corpus: UnitLookup, scope: str | None = None) -> str:
    parts = ['<div class="vqa-reply vqa-abstain">', f"<p><b>{escape(NO_ANSWER)}</b></p>"]
    if answer.citations and answer.reason:
        parts.append(f'<p class="vqa-reason">{escape(answer.reason)}</p>')
    parts.append(_scope_note(answer))
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
    parts.append(_scope_line(scope, answer.question, answer.read_as))
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


def _scope_note(answer) -> str:
    """The remark on what was searched, when there is one ("Only the adopted text was searched, while ...")."""
    return f'<p class="vqa-scope-note">ⓘ {escape(answer.note)}</p>' if answer.note else ""


def _scope_line(scope: str | None, question: str | None = None, read_as: str = "") -> str:
    """The question as received (escaped: a typed "<script>" shows as text), as read when a misspelt word was read
    anew, and what was searched."""
    asked = f"“{escape(question)}”" if question else ""
    if asked and read_as:
        asked += f" (read as “{escape(read_as)}”)"
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


def _comparison_body(answer, corpus: UnitLookup, counterpart: CounterpartLookup | None) -> str:
    """A "what changed" answer: the assistant's account, then the compared units side by side with their diff."""
    parts = [f'<p class="vqa-answer">{escape_keep_space(answer.answer)}</p>' if answer.answer else ""]
    first = answer.citations[0].unit_id if answer.citations else None
    comparison = counterpart(first) if counterpart is not None and first else None
    if comparison is not None:
        group = [comparison]
        for unit_id in comparison.counterparts:
            other = counterpart(unit_id)
            if other is not None:
                group.append(other)
        draft_first = sorted(group, key=lambda c: _side_of(c.unit_id, corpus) != "draft")
        row = _row_html(draft_first, corpus, None, {})
        parts.append(
            '<table class="vqa-cmp-table vqa-cmp-mini" style="width:100%;table-layout:fixed;border-collapse:collapse">'
            '<colgroup><col style="width:43%"><col style="width:14%"><col style="width:43%"></colgroup>'
            f'<thead><tr><th>{escape(DOCUMENT_SHORT["draft"])}</th><th>Change</th><th>{escape(DOCUMENT_SHORT["adopted"])}</th></tr></thead>'
            f"<tbody>{row}</tbody></table>"
        )
    return "\n".join(p for p in parts if p)


def _list_body(answer, corpus: UnitLookup, counterpart: CounterpartLookup | None = None) -> str:
    by_id = {c.unit_id: c for c in answer.citations}
    parts = []
    for paragraph_id, measure_ids in answer.groups:
        paragraph = corpus.get(paragraph_id) if paragraph_id in corpus else None
        only_itself = list(measure_ids) == [paragraph_id]
        if paragraph is not None and not only_itself:
            # A lead-in cited for one passage of it (the note's "... prepared by Finland") has that passage marked.
            lead = by_id.get(paragraph_id)
            lead_text = highlight(lead.text, lead.start, lead.end, mark_whole=False) if lead else escape(paragraph.text)
            parts.append(
                f'<p class="vqa-leadin">{lead_text}</p>'
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
                f'<br><small class="vqa-label">{escape(label)}</small>{_counterpart_html(unit_id, counterpart, corpus)}</li>'
            )
        if items:
            parts.append('<ul class="vqa-measures">' + "".join(items) + "</ul>")
    if not parts:  # groups that name nothing the corpus knows: show the answer text as it came
        return f'<p class="vqa-answer">{escape_keep_space(answer.answer)}</p>'
    return "\n".join(parts)


def _sources_block(
    citations: Sequence, corpus: UnitLookup, summary: str, *, mark_whole: bool = True, counterpart: CounterpartLookup | None = None
) -> str:
    items = []
    for citation in citations:
        text = highlight(citation.text, citation.start, citation.end, mark_whole=mark_whole)
        notes = _footnotes_html(citation.unit_id, citation.footnotes, corpus)
        other = _counterpart_html(citation.unit_id, counterpart, corpus)
        items.append(
            f'<li class="vqa-source"><b>{escape(citation.label)}</b> <code>{escape(citation.unit_id)}</code>'
            f'<div class="vqa-unit-text">{text}</div>{notes}{other}</li>'
        )
    return (
        f'<details class="vqa-sources"><summary>{escape(summary)}</summary>'
        f'<ol>{"".join(items)}</ol></details>'
    )


def _counterpart_html(unit_id: str, counterpart: CounterpartLookup | None, corpus: UnitLookup) -> str:
    """The folded counterpart line of an annex unit; nothing for other units or without a lookup."""
    if counterpart is None:
        return ""
    if unit_id in corpus and corpus.get(unit_id).part != "annex":
        return ""
    comparison = counterpart(unit_id)
    return render_counterpart(comparison, corpus) if comparison is not None else ""


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
    plan = document.plan_numbered(choice)
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
    notes: list[str] = [footnote_id(alias, n) for n in plan.footnotes]
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
        ("Adoption", "record", document.record),
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
    if unit.part in ("pre", "res", "record", "note"):
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


# ---------------------------------------------------------------------------------------------------
# Draft versus adopted (the Compare tab, and the counterpart of each cited unit in a chat reply)

STATUS_ORDER = ("unchanged", "reworded", "moved", "merged", "split", "added", "deleted")
# Colours are inline (not only in the app's CSS) so that a badge reads the same in the chat and the tab.
STATUS_COLOURS = {
    "unchanged": "#4b5563",
    "reworded": "#1d4ed8",
    "moved": "#7c3aed",
    "merged": "#0f766e",
    "split": "#b45309",
    "added": "#15803d",
    "deleted": "#b91c1c",
}
STATUS_TITLES = {
    "unchanged": "same text in both documents",
    "reworded": "kept in the same place, text reworded",
    "moved": "kept, but now in another place (and reworded)",
    "merged": "several draft units became one adopted unit",
    "split": "one draft unit became several adopted units",
    "added": "new in the adopted text, no draft counterpart",
    "deleted": "dropped, no counterpart in the adopted text",
}
DOCUMENT_SHORT = {"draft": "Revised draft (2001)", "adopted": "Adopted (A/RES/56/261)"}
_DEL_STYLE = "color:#b91c1c;background:rgba(239,68,68,.12);text-decoration:line-through"
_INS_STYLE = "color:#15803d;background:rgba(34,197,94,.16);text-decoration:none"
_FOCUS_ROW_STYLE = "background:rgba(250,204,21,.18)"
_FOCUS_UNIT_STYLE = "outline:2px solid #f59e0b;outline-offset:2px;border-radius:3px"


class ComparisonLike(Protocol):
    """What the renderers need from `qa.compare.Comparison`."""

    unit_id: str
    status: str
    counterparts: tuple[str, ...]
    similarity: float
    diff: tuple
    provenance: tuple[str, ...]


def status_badge(status: str) -> str:
    """A coloured pill naming the status ("reworded"), with its meaning as a tooltip."""
    colour = STATUS_COLOURS.get(status, "#6b7280")
    title = STATUS_TITLES.get(status, "")
    return (
        f'<span class="vqa-badge vqa-badge-{escape(status)}" title="{escape(title)}" '
        f'style="display:inline-block;background:{colour};color:#fff;border-radius:999px;'
        f'padding:0 .55em;font-size:.8em;font-weight:600;line-height:1.6;white-space:nowrap">{escape(status)}</span>'
    )


def render_diff(pieces: Iterable, side: str) -> str:
    """One side of a word diff: the draft side with its deleted words in <del>, the adopted side with <ins>.

    `pieces` are `qa.compare.DiffPiece`s (op "equal", "delete" or "insert"), told from draft to adopted.
    """
    own = {"draft": "delete", "adopted": "insert"}[side]
    out = []
    for piece in pieces:
        if piece.op == "equal":
            out.append(escape(piece.text))
        elif piece.op == own and own == "delete":
            out.append(f'<del class="vqa-del" style="{_DEL_STYLE}">{escape(piece.text)}</del>')
        elif piece.op == own:
            out.append(f'<ins class="vqa-ins" style="{_INS_STYLE}">{escape(piece.text)}</ins>')
    return " ".join(p for p in out if p)


def short_label(unit: Unit) -> str:
    """ "para. 28 (b)", "para. 35 (d) (ii)": where the unit stands within its document."""
    return f"para. {unit.paragraph}" + "".join(f" ({s})" for s in unit.sub)


def _side_of(unit_id: str, corpus: UnitLookup) -> str:
    if unit_id in corpus:
        return corpus.get(unit_id).document
    return unit_id.split(":", 1)[0]


def _groups(comparisons: Sequence[ComparisonLike], corpus: UnitLookup) -> list[list[ComparisonLike]]:
    """Rows of the side-by-side table: the linked units (connected through their counterparts) together.

    Rows follow the draft's order; a row without a draft unit (an added unit) is put right after the
    row that holds the adopted unit before it, so each side reads roughly in its own order.
    """
    by_id = {c.unit_id: c for c in comparisons}
    order = {c.unit_id: i for i, c in enumerate(comparisons)}
    row_of: dict[str, int] = {}
    rows: list[list[str]] = []
    for comparison in comparisons:
        if comparison.unit_id in row_of:
            continue
        members, todo = [], [comparison.unit_id]
        row_of[comparison.unit_id] = len(rows)
        while todo:
            current = todo.pop()
            members.append(current)
            for other in by_id[current].counterparts:
                if other in by_id and other not in row_of:
                    row_of[other] = len(rows)
                    todo.append(other)
        rows.append(sorted(members, key=order.__getitem__))
    with_draft = [r for r in rows if any(_side_of(u, corpus) == "draft" for u in r)]
    alone = [r for r in rows if not any(_side_of(u, corpus) == "draft" for u in r)]
    adopted = [c.unit_id for c in comparisons if _side_of(c.unit_id, corpus) != "draft"]
    placed = list(with_draft)
    for row in alone:
        first = adopted.index(row[0])
        before = adopted[first - 1] if first > 0 else None
        at = next((i + 1 for i, r in enumerate(placed) if before in r), 0)
        placed.insert(at, row)
    return [[by_id[u] for u in r] for r in placed]


def _side_diff(comparison: ComparisonLike, corpus: UnitLookup, side: str) -> tuple:
    """The diff to show for one unit: against its single counterpart, or against all of them read together."""
    from qa.compare import DiffPiece, word_diff  # light; kept local so this module needs only `corpus`

    present = [c for c in comparison.counterparts if c in corpus]
    if len(comparison.counterparts) <= 1 or len(present) != len(comparison.counterparts) or comparison.unit_id not in corpus:
        return tuple(comparison.diff)
    others = " ".join(corpus.get(c).text for c in sorted(present, key=lambda c: corpus.get(c).line))
    own = corpus.get(comparison.unit_id).text
    pieces = word_diff(own, others) if side == "draft" else word_diff(others, own)
    return tuple(DiffPiece(p.op, p.text) for p in pieces)


def _unit_cell(
    comparison: ComparisonLike, corpus: UnitLookup, side: str, focus: str | None, shown_notes: Iterable[str] = ()
) -> str:
    unit = corpus.get(comparison.unit_id) if comparison.unit_id in corpus else None
    heading = short_label(unit) if unit is not None else ""
    section = SECTION_NAMES.get(unit.section or "", "Introduction") if unit is not None else ""
    depth = len(unit.sub) if unit is not None else 0
    is_focus = comparison.unit_id == focus
    style = f"margin-left:{1.2 * depth:g}em" + (f";{_FOCUS_UNIT_STYLE}" if is_focus else "")
    classes = "vqa-cmp-unit" + (" vqa-focus-unit" if is_focus else "")
    head = (
        f'<div class="vqa-cmp-head"><b>{escape(heading)}</b> <small class="vqa-label">{escape(section)}</small> '
        f"{_id(comparison.unit_id)}</div>"
    )
    text = render_diff(_side_diff(comparison, corpus, side), side)
    notes = ""
    if side == "draft":
        skip = set(shown_notes)
        own = [n for n in comparison.provenance if n not in skip]
        if own:
            items = "".join(f"<li>{escape(n)}</li>" for n in own)
            notes = f'<div class="vqa-provenance"><small>Draft footnote{"s" if len(own) > 1 else ""}:</small><ul>{items}</ul></div>'
    return f'<div class="{classes}" style="{style}">{head}<div class="vqa-cmp-text">{text}</div>{notes}</div>'


def _row_html(
    group: Sequence[ComparisonLike], corpus: UnitLookup, focus: str | None, inherited: dict[str, tuple[str, ...]]
) -> str:
    draft = [c for c in group if _side_of(c.unit_id, corpus) == "draft"]
    adopted = [c for c in group if _side_of(c.unit_id, corpus) != "draft"]
    statuses = list(dict.fromkeys(c.status for c in group))
    statuses.sort(key=lambda s: STATUS_ORDER.index(s) if s in STATUS_ORDER else len(STATUS_ORDER))
    badges = "<br>".join(status_badge(s) for s in statuses)
    similarity = max((c.similarity for c in group if c.counterparts), default=None)
    if similarity is not None:
        badges += f'<br><small class="vqa-similarity" title="0 = nothing in common, 1 = the same words">similarity {_two_places(similarity)}</small>'
    left = "".join(_unit_cell(c, corpus, "draft", focus, inherited.get(c.unit_id, ())) for c in draft)
    right = "".join(_unit_cell(c, corpus, "adopted", focus) for c in adopted)
    left = left or '<div class="vqa-note"><i>No counterpart in the draft.</i></div>'
    right = right or '<div class="vqa-note"><i>No counterpart in the adopted text.</i></div>'
    is_focus = focus is not None and any(c.unit_id == focus for c in group)
    classes = "vqa-cmp-row" + "".join(f" vqa-status-{escape(s)}" for s in statuses) + (" vqa-focus" if is_focus else "")
    style = f' style="{_FOCUS_ROW_STYLE}"' if is_focus else ""
    return (
        f'<tr class="{classes}"{style}><td class="vqa-cmp-draft">{left}</td>'
        f'<td class="vqa-cmp-status">{badges}</td><td class="vqa-cmp-adopted">{right}</td></tr>'
    )


def _two_places(value: float) -> str:
    """0.4674 -> "0.47", but 0.996 -> "0.99": "1.00" only for texts the similarity finds the same."""
    shown = round(value, 2)
    if shown >= 1.0 and value < 1.0:
        shown = 0.99
    return f"{shown:.2f}"


def _inherited_notes(comparisons: Sequence[ComparisonLike], corpus: UnitLookup, plan_notes: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Provenance notes already shown elsewhere, per draft unit: on the plan (once, above the table) or on its parent."""
    by_id = {c.unit_id: c for c in comparisons}
    above = tuple(plan_notes)
    shown: dict[str, tuple[str, ...]] = {}
    for comparison in comparisons:
        unit = corpus.get(comparison.unit_id) if comparison.unit_id in corpus else None
        parent = by_id.get(unit.parent_id) if unit is not None and unit.parent_id else None
        shown[comparison.unit_id] = above + (tuple(parent.provenance) if parent is not None else ())
    return shown


def _plan_notes(comparisons: Sequence[ComparisonLike], corpus: UnitLookup) -> list[str]:
    """Provenance notes carried by the draft plan's heading (they concern every unit of the plan)."""
    notes: list[str] = []
    for comparison in comparisons:
        if comparison.unit_id not in corpus:
            continue
        unit = corpus.get(comparison.unit_id)
        for fn_id in unit.plan_footnotes if unit.document == "draft" else ():
            text = corpus.get(fn_id).text if fn_id in corpus else None
            if text and text not in notes and text in comparison.provenance:
                notes.append(text)
    return notes


def comparison_tally(comparisons: Sequence[ComparisonLike], corpus: UnitLookup) -> dict[str, int]:
    """What became of each draft unit, plus the adopted units that were added (the statuses present, in order)."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for c in comparisons:
        if _side_of(c.unit_id, corpus) == "draft" or c.status == "added":
            counts[c.status] = counts.get(c.status, 0) + 1
    return {s: n for s, n in counts.items() if n}


def render_comparison_table(
    comparisons: Sequence[ComparisonLike], corpus: UnitLookup, focus: str | None = None
) -> str:
    """The draft and adopted units of a plan side by side: one row per aligned group, with badges and word diffs.

    `comparisons` are those of one plan (`Assistant.changes(plan)`): draft units, then adopted units.
    Every unit id is shown once. `focus` (a unit id) marks that unit and its row.
    """
    if not comparisons:
        return '<div class="vqa-compare"><p>Nothing to compare here.</p></div>'
    units = [corpus.get(c.unit_id) for c in comparisons if c.unit_id in corpus]
    n_draft = sum(1 for c in comparisons if _side_of(c.unit_id, corpus) == "draft")
    n_adopted = len(comparisons) - n_draft
    out = ['<div class="vqa-compare">']
    plan = next((u.plan for u in units if u.plan), None)
    titles = list(dict.fromkeys(u.plan_title for u in sorted(units, key=lambda u: u.document != "adopted") if u.plan_title))
    if plan:
        heading = f"Plan {escape(plan)}. {escape(titles[0])}" if titles else f"Plan {escape(plan)}"
        if len(titles) > 1:
            heading += f' <small class="vqa-label">(draft: {escape(titles[1])})</small>'
        out.append(f"<h2>{heading}</h2>")
    tally = comparison_tally(comparisons, corpus)
    of_draft = ", ".join(f"{status_badge(s)} {n}" for s, n in tally.items() if s != "added")
    summary = f"{n_draft} draft unit{'s' if n_draft != 1 else ''}, {n_adopted} adopted unit{'s' if n_adopted != 1 else ''}."
    summary += f" What became of the draft units: {of_draft}." if of_draft else ""
    if tally.get("added"):
        summary += f" New in the adopted text: {status_badge('added')} {tally['added']}."
    out.append(f'<p class="vqa-cmp-summary">{summary}</p>')
    out.append(
        '<p class="vqa-note"><small>Words only in the draft are '
        f'<del style="{_DEL_STYLE}">struck through in red</del>; words only in the adopted text are '
        f'<ins style="{_INS_STYLE}">green</ins>. Similarity runs from 0 (nothing in common) to 1 (the same words).</small></p>'
    )
    if focus is not None:
        target = next((c for c in comparisons if c.unit_id == focus), None)
        if target is not None and target.unit_id in corpus:
            unit = corpus.get(target.unit_id)
            out.append(
                f'<p class="vqa-focus-note">The {escape(unit.document)} {escape(short_label(unit))} you asked for is '
                f"highlighted below ({status_badge(target.status)}).</p>"
            )
    plan_notes = _plan_notes(comparisons, corpus)
    if plan_notes:
        items = "".join(f"<li>{escape(n)}</li>" for n in plan_notes)
        out.append(f'<div class="vqa-provenance vqa-plan-notes"><small>Footnotes on the draft plan\'s heading:</small><ul>{items}</ul></div>')
    inherited = _inherited_notes(comparisons, corpus, plan_notes)
    rows = "".join(_row_html(group, corpus, focus, inherited) for group in _groups(comparisons, corpus))
    out.append(
        '<table class="vqa-cmp-table" style="width:100%;table-layout:fixed;border-collapse:collapse">'
        '<colgroup><col style="width:44%"><col style="width:12%"><col style="width:44%"></colgroup>'
        f'<thead><tr><th>{escape(DOCUMENT_SHORT["draft"])}</th><th>Change</th><th>{escape(DOCUMENT_SHORT["adopted"])}</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )
    out.append("</div>")
    return "".join(out)


def render_compare_message(message: str) -> str:
    """A friendly note above (or instead of) the comparison table, e.g. for an unknown unit id."""
    return f'<div class="vqa-compare vqa-error"><p>⚠️ {escape(message)}</p></div>'


def counterpart_line(comparison: ComparisonLike, corpus: UnitLookup) -> str:
    """One line saying what became of a unit in the other document (HTML, escaped)."""
    side = _side_of(comparison.unit_id, corpus)
    other = "adopted" if side == "draft" else "draft"
    if not comparison.counterparts:
        if side == "draft":
            return f"Not in the adopted text ({escape(comparison.status)})."
        return "Added in the adopted text; no draft counterpart."
    arrow = "→" if side == "draft" else "←"
    targets = []
    for unit_id in comparison.counterparts:
        unit = corpus.get(unit_id) if unit_id in corpus else None
        if unit is None:
            targets.append(_code(unit_id))
        else:
            targets.append(f"{escape(short_label(unit))} {_code(unit_id)}: “{escape(unit.text)}”")
    return f"In the {other} text: {escape(comparison.status)} {arrow} " + "; ".join(targets)


def render_counterpart(comparison: ComparisonLike, corpus: UnitLookup) -> str:
    """The counterpart line folded in a small <details>, to sit under a cited unit."""
    side = _side_of(comparison.unit_id, corpus)
    other = "adopted" if side == "draft" else "draft"
    return (
        f'<details class="vqa-counterpart"><summary><small>Counterpart in the {other} text: '
        f"{status_badge(comparison.status)}</small></summary>"
        f'<div class="vqa-counterpart-line"><small>{counterpart_line(comparison, corpus)}</small></div></details>'
    )


def _code(unit_id: str) -> str:
    return f"<code>{escape(unit_id)}</code>"
