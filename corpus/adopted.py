"""Parser of the adopted resolution A/RES/56/261 (a word-processor export: one line per paragraph)."""

from __future__ import annotations

import re

from corpus.model import CorpusParseError, Document, Footnote, Paragraph
from corpus.structure import FootnoteReferences, Line, build_paragraphs, build_plans, split_blocks
from corpus.text import Vocabulary, squeeze

SOURCE = "a_res_56_261.txt"

_JUNK_START = re.compile(r"^\[DU1\]<<ODS")
_TITLE = re.compile(r"^(\d+/\d+)\.\s+(\S.*)$")
_OPERATIVE = re.compile(r"^\s*\d+\.\s")
_MEETING = re.compile(r"^(\d+(?:st|nd|rd|th) plenary meeting)$")
_DATE = re.compile(r"^(\d{1,2} [A-Z][a-z]+ \d{4})$")
_FOOTNOTE = re.compile(r"^(\d{1,2}) (\S.*)$")
_PLAN_HEADING = re.compile(r"^[IVXLC]+\.\s")
_FRONT_LINES = ("[DU1]", "Resolution adopted by the General Assembly")
_COMMITTEE = re.compile(r"^\[((?:without reference to|on the report of) .*)\]$")


def parse_adopted(text: str, vocabulary: Vocabulary) -> Document:
    lines = [Line(i, raw.rstrip()) for i, raw in enumerate(text.splitlines(), start=1)]
    junk_at = next((i for i, line in enumerate(lines) if _JUNK_START.match(line.text)), len(lines))
    body, junk = lines[:junk_at], lines[junk_at:]
    cursor = _Cursor(body)

    symbol, title, committee = _read_title(cursor)
    cursor.expect(lambda t: t.strip() == "The General Assembly,", "'The General Assembly,'")
    preamble_lines = cursor.take_until(lambda t: bool(_OPERATIVE.match(t)), "the first operative paragraph")
    operative_lines = cursor.take_until(lambda t: bool(_MEETING.match(t.strip())), "the plenary meeting line")
    meeting_line = cursor.expect(lambda t: bool(_MEETING.match(t.strip())), "the plenary meeting")
    meeting = _MEETING.match(meeting_line.text.strip())
    date = cursor.expect(lambda t: bool(_DATE.match(t.strip())), "the date of adoption").text.strip()
    # The heading, the number and the closing lines, in the resolution's own words and order, make one citable
    # record of its adoption.
    adoption = f"Resolution adopted by the General Assembly {committee}".rstrip()
    adoption += f": {symbol.removeprefix('A/RES/')}, {meeting.group(1)}, {date}."
    adoption_line = next((line.number for line in body if line.text.strip() == _FRONT_LINES[1]), meeting_line.number)
    annex_line = cursor.expect(lambda t: t.strip() == "Annex", "'Annex'").number
    title_lines = cursor.take_until(lambda t: bool(_PLAN_HEADING.match(t)), "the first plan heading")
    annex_lines = cursor.take_until(lambda t: bool(re.match(r"^1 \S", t)), "footnote 1 of the annex")
    footnotes = _read_footnotes(cursor.rest())

    resolution_refs = FootnoteReferences(footnotes, SOURCE)
    preamble = []
    for number, line in enumerate((l for l in preamble_lines if l.text.strip()), start=1):
        text, notes = resolution_refs.take(squeeze(line.text), line.number)
        preamble.append(Paragraph(number, text, line.number, notes))
    operative = build_paragraphs(split_blocks(operative_lines, SOURCE), resolution_refs, vocabulary, SOURCE)
    annex_refs = FootnoteReferences(footnotes, SOURCE)
    plans = build_plans(split_blocks(annex_lines, SOURCE), annex_refs, vocabulary, SOURCE)
    annex_refs.require_all(annex_line)

    return Document(
        alias="adopted",
        symbol=symbol,
        title=title,
        annex_title=squeeze(" ".join(l.text for l in title_lines)),
        plans=tuple(plans),
        footnotes=tuple(footnotes),
        preamble=tuple(preamble),
        operative=tuple(operative),
        record=(Paragraph(1, adoption, adoption_line),),
        metadata={
            "date_of_adoption": date,
            "plenary_meeting": meeting.group(1),
            "body": "General Assembly",
            **_junk_metadata(junk),
        },
    )


def _read_title(cursor: _Cursor) -> tuple[str, str, str]:
    """Symbol, title, and how the resolution reached the Assembly ("without reference to a Main Committee
    (A/56/L.70)", from the bracketed line above the title; empty if there is none)."""
    committee = ""
    while (line := cursor.peek()) is not None and (
        not line.text.strip() or line.text.strip() in _FRONT_LINES or _COMMITTEE.match(line.text.strip())
    ):
        if match := _COMMITTEE.match(line.text.strip()):
            committee = squeeze(match.group(1))
        cursor.advance()
    line = cursor.expect(lambda t: bool(_TITLE.match(t)), "the resolution number and title ('56/261. Plans of action ...')")
    match = _TITLE.match(line.text)
    return f"A/RES/{match.group(1)}", squeeze(match.group(2)), committee


def _read_footnotes(lines: list[Line]) -> list[Footnote]:
    footnotes: list[Footnote] = []
    for line in lines:
        if not line.text.strip():
            continue
        match = _FOOTNOTE.match(line.text)
        if not match or int(match.group(1)) != len(footnotes) + 1:
            raise CorpusParseError(SOURCE, line.number, f"expected footnote {len(footnotes) + 1}, found {line.text[:60]!r}")
        footnotes.append(Footnote(int(match.group(1)), squeeze(match.group(2)), line.number))
    return footnotes


def _junk_metadata(junk: list[Line]) -> dict[str, str]:
    """Distribution date and session from the document-system trailer, where present."""
    text = "\n".join(line.text for line in junk)
    found: dict[str, str] = {}
    if match := re.search(r"Distr\.: General\s*\n?(\d{1,2} [A-Z][a-z]+ \d{4})", text):
        found["distribution_date"] = match.group(1)
    if match := re.search(r"([A-Z][a-z]+-[a-z]+ session)", text):
        found["session"] = match.group(1)
    if match := re.search(r"Agenda item (\d+)", text):
        found["agenda_item"] = match.group(1)
    return found


class _Cursor:
    """Walks the lines of the front matter, failing with the line number when something unexpected comes."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.at = 0

    def peek(self) -> Line | None:
        return self.lines[self.at] if self.at < len(self.lines) else None

    def advance(self) -> None:
        self.at += 1

    def expect(self, test, what: str) -> Line:
        while (line := self.peek()) is not None and not line.text.strip():
            self.advance()
        if line is None:
            raise CorpusParseError(SOURCE, self.lines[-1].number if self.lines else 0, f"end of text where {what} was expected")
        if not test(line.text):
            raise CorpusParseError(SOURCE, line.number, f"expected {what}, found {line.text.strip()[:60]!r}")
        self.advance()
        return line

    def take_until(self, test, what: str) -> list[Line]:
        start = self.at
        while (line := self.peek()) is not None and not test(line.text):
            self.advance()
        if self.peek() is None:
            raise CorpusParseError(SOURCE, self.lines[-1].number if self.lines else 0, f"end of text where {what} was expected")
        return self.lines[start:self.at]

    def rest(self) -> list[Line]:
        return self.lines[self.at:]
