"""Parser of the revised draft plans of 2001, a PDF extraction.

The PDF's page-bottom footnote blocks (opened by a `____` rule, or by `Notes` in the introductory note)
interrupt paragraphs and even sentences; a footnote may continue in the block of the next page before
that page's own footnotes. Inside a block a footnote opens with its number, its continuation lines
start at the margin, and the first indented line that is not a footnote resumes the main text.
"""

from __future__ import annotations

import re

from corpus.model import CorpusParseError, Document, Footnote
from corpus.structure import FootnoteReferences, Line, build_paragraphs, build_plans, split_blocks
from corpus.text import Vocabulary, join_lines, squeeze

SOURCE = "revised_draft_plans_2001.txt"

_RULE = re.compile(r"^_{5,}\s*$")
_FOOTNOTE_START = re.compile(r"^\s*(\d{1,2})\s+(\S.*)$")
_ANNEX = re.compile(r"^\s*Annex\s*$")
_NOTES = re.compile(r"^\s*Notes\s*$")
_PLAN_HEADING = re.compile(r"^\s*[IVXLC]+\.\s")
_SESSION = re.compile(r"\bits (resumed [a-z]+ session)")


class _FootnoteSeries:
    def __init__(self) -> None:
        self.footnotes: list[tuple[int, int, list[str]]] = []

    def start(self, number: int, line: Line) -> None:
        expected = len(self.footnotes) + 1
        if number != expected:
            raise CorpusParseError(SOURCE, line.number, f"footnote {number} where footnote {expected} was expected")
        self.footnotes.append((number, line.number, []))

    def continue_last(self, text: str, line: Line) -> None:
        if not self.footnotes:
            raise CorpusParseError(SOURCE, line.number, f"footnote text before any footnote: {text[:60]!r}")
        self.footnotes[-1][2].append(text)

    def freeze(self, vocabulary: Vocabulary) -> list[Footnote]:
        return [Footnote(n, join_lines(lines, vocabulary), line) for n, line, lines in self.footnotes]


def separate_footnotes(lines: list[Line]) -> tuple[list[Line], _FootnoteSeries, _FootnoteSeries]:
    """Main-text lines, and the footnotes of the note and of the annex, out of the interleaved pages."""
    main: list[Line] = []
    note_series, annex_series = _FootnoteSeries(), _FootnoteSeries()
    series = note_series
    in_block = False
    for line in lines:
        text = line.text
        if _ANNEX.match(text):
            series = annex_series
        if _RULE.match(text) or _NOTES.match(text):
            in_block = True
            continue
        if in_block and text.strip():
            start = _FOOTNOTE_START.match(text)
            if start:
                series.start(int(start.group(1)), line)
                series.continue_last(start.group(2), line)
                continue
            if not text[0].isspace():
                series.continue_last(text, line)
                continue
            in_block = False
        main.append(line)
    return main, note_series, annex_series


def parse_draft(text: str, vocabulary: Vocabulary) -> Document:
    lines = [Line(i, raw.rstrip()) for i, raw in enumerate(text.splitlines(), start=1)]
    main, note_series, annex_series = separate_footnotes(lines)
    annex_at = next((i for i, line in enumerate(main) if _ANNEX.match(line.text)), None)
    if annex_at is None:
        raise CorpusParseError(SOURCE, len(lines), "no 'Annex' heading found")
    plans_at = next((i for i in range(annex_at + 1, len(main)) if _PLAN_HEADING.match(main[i].text)), None)
    if plans_at is None:
        raise CorpusParseError(SOURCE, main[annex_at].number, "no plan heading after 'Annex'")

    note_footnotes = note_series.freeze(vocabulary)
    footnotes = annex_series.freeze(vocabulary)
    note_refs = FootnoteReferences(note_footnotes, SOURCE)
    note = build_paragraphs(split_blocks(main[:annex_at], SOURCE), note_refs, vocabulary, SOURCE)
    note_refs.require_all(main[annex_at].number)
    annex_refs = FootnoteReferences(footnotes, SOURCE)
    plans = build_plans(split_blocks(main[plans_at:], SOURCE), annex_refs, vocabulary, SOURCE)
    annex_refs.require_all(main[plans_at].number)

    annex_title = join_lines([l.text for l in main[annex_at + 1:plans_at]], vocabulary)
    session = next((m.group(1) for p in note if (m := _SESSION.search(p.text))), None)
    metadata = {"body": "Commission on Crime Prevention and Criminal Justice", "replaces": "E/CN.15/2001/5"}
    if session:
        metadata["session"] = f"{session} of the Commission on Crime Prevention and Criminal Justice"
    return Document(
        alias="draft",
        symbol="Revised draft plans of action (2001)",
        title=squeeze(annex_title),
        annex_title=squeeze(annex_title),
        plans=tuple(plans),
        footnotes=tuple(footnotes),
        note=tuple(note),
        note_footnotes=tuple(note_footnotes),
        metadata=metadata,
    )
