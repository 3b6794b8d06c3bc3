"""From numbered source lines to the plan -> section -> paragraph -> subparagraph -> item tree.

Both documents share this once their own front matter and footnote blocks are taken out.
Every structural expectation (next paragraph number, next letter, next roman numeral, next plan,
section order, footnote order) is checked, and a violation raises `CorpusParseError` with the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from corpus.model import CorpusParseError, Footnote, Item, Paragraph, Plan, Section, Subparagraph
from corpus.text import Vocabulary, join_lines, marker_positions, strip_markers

ROMANS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv")
SECTION_TITLES = {"A": "National actions", "B": "International actions"}

_HEADING = re.compile(r"^([IVXLC]+|[A-Z])\.\s+(\S.*)$")
_PARAGRAPH = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
_ROMAN_NUMERAL = re.compile(r"^(?=[IVX])X{0,3}(IX|IV|V?I{0,3})$")
_SUBPARAGRAPH = re.compile(r"^\(([a-z]{1,4})\)\s+(\S.*)$")


@dataclass(frozen=True)
class Line:
    number: int
    text: str


@dataclass
class Block:
    """A run of lines that opens with a structural marker; `kind` is plan, section, paragraph or sub."""

    kind: str
    label: str
    line: int
    lines: list[str] = field(default_factory=list)


def split_blocks(lines: Iterable[Line], source: str) -> list[Block]:
    """Group lines into blocks; a line with no marker continues the block before it."""
    blocks: list[Block] = []
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        block = _open_block(text, line.number)
        if block is not None:
            blocks.append(block)
        elif blocks:
            blocks[-1].lines.append(text)
        else:
            raise CorpusParseError(source, line.number, f"text outside any paragraph: {text[:60]!r}")
    return blocks


def _open_block(text: str, number: int) -> Block | None:
    if match := _PARAGRAPH.match(text):
        return Block("paragraph", match.group(1), number, [match.group(2)])
    if match := _SUBPARAGRAPH.match(text):
        return Block("sub", match.group(1), number, [match.group(2)])
    if match := _HEADING.match(text):
        kind = "plan" if _ROMAN_NUMERAL.match(match.group(1)) else "section"
        return Block(kind, match.group(1), number, [match.group(2)])
    return None


def roman(number: int) -> str:
    return ROMANS[number - 1].upper()


class FootnoteReferences:
    """Footnote references of one part of a document, which must come in order 1, 2, 3 ..."""

    def __init__(self, footnotes: Sequence[Footnote], source: str) -> None:
        self.known = {f.number for f in footnotes}
        self.source = source
        self.next = 1

    def take(self, text: str, line: int) -> tuple[str, tuple[int, ...]]:
        """The text without its reference numbers, and the footnotes it references."""
        positions = marker_positions(text)
        for number, _, _ in positions:
            if number != self.next:
                raise CorpusParseError(
                    self.source, line, f"footnote reference {number} where reference {self.next} was expected"
                )
            if number not in self.known:
                raise CorpusParseError(self.source, line, f"footnote reference {number} has no footnote")
            self.next += 1
        return strip_markers(text, positions), tuple(n for n, _, _ in positions)

    def require_all(self, line: int) -> None:
        missing = sorted(n for n in self.known if n >= self.next)
        if missing:
            raise CorpusParseError(self.source, line, f"footnote {missing[0]} is never referenced in the text")


@dataclass
class _SubBuilder:
    label: str
    text: str
    line: int
    footnotes: tuple[int, ...]
    items: list[Item] = field(default_factory=list)

    def freeze(self) -> Subparagraph:
        return Subparagraph(self.label, self.text, self.line, self.footnotes, tuple(self.items))


@dataclass
class _ParagraphBuilder:
    number: int
    text: str
    line: int
    footnotes: tuple[int, ...]
    subs: list[_SubBuilder] = field(default_factory=list)

    def freeze(self) -> Paragraph:
        return Paragraph(self.number, self.text, self.line, self.footnotes, tuple(s.freeze() for s in self.subs))


def build_paragraphs(
    blocks: Sequence[Block], refs: FootnoteReferences, vocabulary: Vocabulary, source: str, first: int = 1
) -> list[Paragraph]:
    """Numbered paragraphs with no plan headings (the resolution's operative part, the draft's note)."""
    builders: list[_ParagraphBuilder] = []
    for block in blocks:
        if block.kind not in ("paragraph", "sub"):
            raise CorpusParseError(source, block.line, f"unexpected heading {block.label}. here")
        _add_paragraph_or_sub(builders, block, refs, vocabulary, source, first)
    return [b.freeze() for b in builders]


def _add_paragraph_or_sub(
    paragraphs: list[_ParagraphBuilder],
    block: Block,
    refs: FootnoteReferences,
    vocabulary: Vocabulary,
    source: str,
    first: int,
) -> None:
    text, notes = refs.take(join_lines(block.lines, vocabulary), block.line)
    if block.kind == "paragraph":
        expected = paragraphs[-1].number + 1 if paragraphs else first
        if int(block.label) != expected:
            raise CorpusParseError(source, block.line, f"paragraph {block.label}. where paragraph {expected}. was expected")
        paragraphs.append(_ParagraphBuilder(expected, text, block.line, notes))
        return
    if not paragraphs:
        raise CorpusParseError(source, block.line, f"subparagraph ({block.label}) before any paragraph")
    subs = paragraphs[-1].subs
    next_letter = chr(ord("a") + len(subs))
    current = subs[-1] if subs else None
    next_roman = ROMANS[len(current.items)] if current else None
    opens_list = current is not None and not current.items and current.text.endswith(":")
    if block.label == next_roman and (block.label != next_letter or opens_list or current.items):
        current.items.append(Item(block.label, text, block.line, notes))
    elif block.label == next_letter:
        subs.append(_SubBuilder(block.label, text, block.line, notes))
    else:
        wanted = f"({next_letter})" + (f" or ({next_roman})" if current and (current.items or opens_list) else "")
        raise CorpusParseError(
            source, block.line, f"subparagraph ({block.label}) in paragraph {paragraphs[-1].number} where {wanted} was expected"
        )


def build_plans(
    blocks: Sequence[Block], refs: FootnoteReferences, vocabulary: Vocabulary, source: str
) -> list[Plan]:
    """The fifteen plans of an annex, each with its introductory paragraph and sections A and B."""
    plans: list[dict] = []
    paragraphs: list[_ParagraphBuilder] = []
    for block in blocks:
        if block.kind == "plan":
            expected = roman(len(plans) + 1)
            if block.label != expected:
                raise CorpusParseError(source, block.line, f"plan heading {block.label}. where plan {expected}. was expected")
            title, notes = refs.take(join_lines(block.lines, vocabulary), block.line)
            plans.append({"numeral": expected, "title": title, "line": block.line, "footnotes": notes, "sections": [[None, []]]})
            continue
        if not plans:
            raise CorpusParseError(source, block.line, "text before the first plan heading")
        sections = plans[-1]["sections"]
        if block.kind == "section":
            title = join_lines(block.lines, vocabulary)
            expected_letter = "A" if sections[-1][0] is None else "B" if sections[-1][0] == "A" else None
            if block.label != expected_letter or SECTION_TITLES.get(block.label) != title:
                wanted = f"{expected_letter}. {SECTION_TITLES[expected_letter]}" if expected_letter else "a paragraph or plan heading"
                raise CorpusParseError(source, block.line, f"unknown heading {block.label}. {title!r}; expected {wanted}")
            sections.append([block.label, []])
            continue
        before = len(paragraphs)
        first = paragraphs[-1].number + 1 if paragraphs else 1
        _add_paragraph_or_sub(paragraphs, block, refs, vocabulary, source, first)
        if len(paragraphs) > before:
            sections[-1][1].append(paragraphs[-1])
    return [_freeze_plan(p) for p in plans]


def _freeze_plan(plan: dict) -> Plan:
    sections = tuple(
        Section(letter, SECTION_TITLES.get(letter) if letter else None, tuple(p.freeze() for p in paragraphs))
        for letter, paragraphs in plan["sections"]
        if letter is not None or paragraphs
    )
    return Plan(plan["numeral"], plan["title"], plan["line"], sections, plan["footnotes"])
