"""What a query may search: document, plan, section and unit part, validated with clear messages."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from corpus import Unit

DOCUMENT_CHOICES = ("adopted", "draft", "both")
PLAN_CHOICES = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
SECTION_CHOICES = {"A": "A", "B": "B", "national": "A", "international": "B"}
PART_CHOICES = ("annex", "pre", "res", "record", "note", "fn", "note-fn")
# "paragraph 8 of plan II", "the draft plan of action XIII": the numeral is written in capitals, as the texts do.
_PLAN_NAMED = re.compile(
    rf"\b[Pp]lan(s?) (?:of action )?({'|'.join(sorted(PLAN_CHOICES, key=len, reverse=True))})\b"
)


# A plan numeral beyond the fifteen: "What is plan XVI about?".
_ANY_PLAN_NUMERAL = re.compile(r"\b[Pp]lans? (?:of action )?([IVXLC]+)\b")


def unknown_plan(question: str) -> str | None:
    """A plan numeral the question names that no plan bears ("XVI"), or None."""
    return next((m.group(1) for m in _ANY_PLAN_NUMERAL.finditer(question) if m.group(1) not in PLAN_CHOICES), None)


# "the draft plan on corruption", "the 2001 draft": the revised draft plans; not "the draft resolution", nor "help States
# draft legislation".
_DRAFT_NAMED = re.compile(r"\bdraft\b(?! (?:resolution|legislation|laws?|a|an)\b)", re.IGNORECASE)
DRAFT_NOT_SEARCHED = (
    "Only the adopted text was searched, while the question speaks of the draft: ask of the draft (2001) or of both texts "
    "to search the revised draft plans."
)


def draft_not_searched(question: str, document: str) -> bool:
    """The question speaks of the draft plans, and only the adopted text is searched (the default)."""
    return document == "adopted" and bool(_DRAFT_NAMED.search(question))


def plan_named(question: str) -> str | None:
    """The one plan a question names by its numeral, or None when it names none or several ("plans VII and VIII")."""
    matches = list(_PLAN_NAMED.finditer(question))
    named = {match.group(2) for match in matches}
    return named.pop() if len(named) == 1 and not any(match.group(1) for match in matches) else None


@dataclass(frozen=True)
class Scope:
    documents: tuple[str, ...]
    plan: str | None = None
    section: str | None = None
    parts: tuple[str, ...] | None = None

    @classmethod
    def of(
        cls,
        document: str = "adopted",
        plan: str | None = None,
        section: str | None = None,
        part: str | Sequence[str] | None = None,
    ) -> Scope:
        if document not in DOCUMENT_CHOICES:
            raise ValueError(f"unknown document {document!r}; allowed: {', '.join(DOCUMENT_CHOICES)}")
        if plan is not None:
            plan = str(plan).strip().upper()
            if plan not in PLAN_CHOICES:
                raise ValueError(f"unknown plan {plan!r}; allowed: roman numerals I to XV")
        if section is not None:
            key = section.strip() if section.strip() in ("A", "B") else section.strip().lower()
            if key not in SECTION_CHOICES:
                raise ValueError(f"unknown section {section!r}; allowed: national (A) or international (B)")
            section = SECTION_CHOICES[key]
        parts = None
        if part is not None:
            parts = (part,) if isinstance(part, str) else tuple(part)
            unknown = [p for p in parts if p not in PART_CHOICES]
            if unknown or not parts:
                raise ValueError(f"unknown unit part {unknown or part!r}; allowed: {', '.join(PART_CHOICES)}")
        documents = ("adopted", "draft") if document == "both" else (document,)
        return cls(documents, plan, section, parts)

    def admits(self, unit: Unit) -> bool:
        return (
            unit.document in self.documents
            and (self.plan is None or unit.plan == self.plan)
            and (self.section is None or unit.section == self.section)
            and (self.parts is None or unit.part in self.parts)
        )

    def positions(self, units: Sequence[Unit]) -> np.ndarray:
        return np.asarray([i for i, unit in enumerate(units) if self.admits(unit)], dtype=np.int64)
