"""Typed tree of a parsed document and the flat citable units derived from it."""

from __future__ import annotations

from dataclasses import dataclass, field


class CorpusParseError(ValueError):
    """The source text breaks the expected structure; names the line and what was expected."""

    def __init__(self, source: str, line: int, message: str) -> None:
        super().__init__(f"{source}, line {line}: {message}")
        self.source = source
        self.line = line


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str
    line: int


@dataclass(frozen=True)
class Item:
    """A roman sub-subparagraph, e.g. the (ii) of 35 (d)."""

    label: str
    text: str
    line: int
    footnotes: tuple[int, ...] = ()


@dataclass(frozen=True)
class Subparagraph:
    label: str
    text: str
    line: int
    footnotes: tuple[int, ...] = ()
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    number: int
    text: str
    line: int
    footnotes: tuple[int, ...] = ()
    subparagraphs: tuple[Subparagraph, ...] = ()


@dataclass(frozen=True)
class Section:
    """`A` national or `B` international actions; `None` holds a plan's introductory paragraph."""

    letter: str | None
    title: str | None
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Plan:
    numeral: str
    title: str
    line: int
    sections: tuple[Section, ...]
    footnotes: tuple[int, ...] = ()

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(p for s in self.sections for p in s.paragraphs)


@dataclass(frozen=True)
class Document:
    alias: str
    symbol: str
    title: str
    annex_title: str
    plans: tuple[Plan, ...]
    footnotes: tuple[Footnote, ...]
    preamble: tuple[Paragraph, ...] = ()
    operative: tuple[Paragraph, ...] = ()
    note: tuple[Paragraph, ...] = ()
    note_footnotes: tuple[Footnote, ...] = ()
    record: tuple[Paragraph, ...] = ()  # how, where and when the resolution was adopted (adopted only)
    metadata: dict[str, str] = field(default_factory=dict)

    def plan_numbered(self, numeral: str | None) -> Plan | None:
        """The plan with that roman numeral ("VII"), or None when there is none."""
        return next((p for p in self.plans if p.numeral == numeral), None)


@dataclass(frozen=True)
class Unit:
    """A citable piece of text with the id fixed by the contract, e.g. `adopted:annex:35(d)(ii)`."""

    unit_id: str
    document: str
    symbol: str
    part: str
    text: str
    label: str
    line: int
    paragraph: int
    sub: tuple[str, ...] = ()
    plan: str | None = None
    plan_title: str | None = None
    section: str | None = None
    footnotes: list[str] = field(default_factory=list)  # a list, as the contract shows it
    plan_footnotes: list[str] = field(default_factory=list)
    chapeau: str | None = None

    @property
    def parent_id(self) -> str | None:
        """The id of the unit this one is a subdivision of (paragraph for a subparagraph, and so on)."""
        if not self.sub:
            return None
        return f"{self.document}:{self.part}:{self.paragraph}" + "".join(f"({s})" for s in self.sub[:-1])

    def to_dict(self) -> dict[str, object]:
        return {
            "unit_id": self.unit_id,
            "document": self.document,
            "symbol": self.symbol,
            "part": self.part,
            "plan": self.plan,
            "plan_title": self.plan_title,
            "section": self.section,
            "paragraph": self.paragraph,
            "sub": list(self.sub),
            "text": self.text,
            "label": self.label,
            "footnotes": list(self.footnotes),
            "plan_footnotes": list(self.plan_footnotes),
            "line": self.line,
        }
