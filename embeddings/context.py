"""The text embedded for a unit: its own words in the context a reader of the plan would have."""

from __future__ import annotations

from corpus import Corpus, Unit

_SECTIONS = {"A": "National actions", "B": "International actions"}
_PARTS = {
    "pre": "Preamble of General Assembly resolution 56/261",
    "res": "Operative paragraph of General Assembly resolution 56/261",
    "record": (
        "Adoption of General Assembly resolution 56/261 on the plans of action for the implementation of the Vienna "
        "Declaration"
    ),
    "note": "Note by the Secretariat on the revised draft plans of action",
}


def contextual_text(unit: Unit, corpus: Corpus) -> str:
    """Plan title, section and chapeau before the unit's text, so that a terse subparagraph
    ("(c) Strengthening juvenile justice systems;") is found by the topic of its plan; a footnote
    ("Resolution 40/34, annex.") is preceded by the text that refers to it."""
    if unit.part in ("fn", "note-fn"):
        parts = [corpus.plan_title_citing(unit.unit_id) or ""]
        parts += [u.text for u in corpus.citing(unit.unit_id)[:2]]
        parts.append(unit.text)
        return ". ".join(p.rstrip(".:; ") for p in parts if p)
    parts = [unit.plan_title or _PARTS.get(unit.part, "")]
    if unit.section:
        parts.append(_SECTIONS[unit.section])
    if unit.chapeau:
        parts.append(unit.chapeau)
    parts.append(unit.text)
    return ". ".join(p.rstrip(".:; ") for p in parts if p)
