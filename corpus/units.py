"""Flattening a parsed document into citable units with contract ids and human labels."""

from __future__ import annotations

from collections.abc import Iterator

from corpus.model import Document, Footnote, Paragraph, Plan, Section, Unit


def footnote_id(document: str, number: int) -> str:
    """The unit id of a footnote of a text's annex: 'adopted:fn:10'."""
    return f"{document}:fn:{number}"

_SECTION_LABELS = {"A": "A. National actions", "B": "B. International actions"}


def document_units(doc: Document) -> list[Unit]:
    """All units of a document in document order: resolution (and the record of its adoption) or note, its
    footnotes, annex, annex footnotes."""
    units: list[Unit] = []
    for part, paragraphs, heading in (
        ("pre", doc.preamble, "preamble, para."),
        ("res", doc.operative, "operative para."),
        ("note", doc.note, "note by the Secretariat, para."),
    ):
        for paragraph in paragraphs:
            label = f"{doc.symbol}, {heading} {paragraph.number}"
            units.append(_unit(doc, part, paragraph.number, (), paragraph.text, paragraph.footnotes, paragraph.line, label, None, None, None))
            units.extend(_sub_units(doc, part, paragraph, None, None, label))
    units += [
        _unit(doc, "record", p.number, (), p.text, (), p.line, f"{doc.symbol}, record of adoption", None, None, None)
        for p in doc.record
    ]
    units += [
        _footnote_unit(doc, "note-fn", f, f"{doc.symbol}, note by the Secretariat, footnote {f.number}")
        for f in doc.note_footnotes
    ]
    for plan in doc.plans:
        for section in plan.sections:
            for paragraph in section.paragraphs:
                units.extend(_annex_units(doc, plan, section, paragraph))
    units += [_footnote_unit(doc, "fn", f, f"{doc.symbol}, annex, footnote {f.number}") for f in doc.footnotes]
    return units


def _annex_units(doc: Document, plan: Plan, section: Section, paragraph: Paragraph) -> Iterator[Unit]:
    parts = [doc.symbol, "annex", f"plan {plan.numeral} ({plan.title})"]
    if section.letter:
        parts.append(_SECTION_LABELS[section.letter])
    base_label = ", ".join(parts) + f", para. {paragraph.number}"
    yield _unit(doc, "annex", paragraph.number, (), paragraph.text, paragraph.footnotes, paragraph.line, base_label, plan, section.letter, None)
    yield from _sub_units(doc, "annex", paragraph, plan, section.letter, base_label)


def _sub_units(
    doc: Document, part: str, paragraph: Paragraph, plan: Plan | None, section: str | None, base_label: str
) -> Iterator[Unit]:
    for sub in paragraph.subparagraphs:
        label = f"{base_label} ({sub.label})"
        yield _unit(doc, part, paragraph.number, (sub.label,), sub.text, sub.footnotes, sub.line, label, plan, section, paragraph.text)
        for item in sub.items:
            yield _unit(
                doc, part, paragraph.number, (sub.label, item.label), item.text, item.footnotes, item.line,
                f"{label} ({item.label})", plan, section, f"{paragraph.text} {sub.text}",
            )


def _unit(
    doc: Document,
    part: str,
    number: int,
    sub: tuple[str, ...],
    text: str,
    footnotes: tuple[int, ...],
    line: int,
    label: str,
    plan: Plan | None,
    section: str | None,
    chapeau: str | None,
) -> Unit:
    return Unit(
        unit_id=f"{doc.alias}:{part}:{number}" + "".join(f"({s})" for s in sub),
        document=doc.alias,
        symbol=doc.symbol,
        part=part,
        text=text,
        label=label,
        line=line,
        paragraph=number,
        sub=sub,
        plan=plan.numeral if plan else None,
        plan_title=plan.title if plan else None,
        section=section,
        footnotes=[f"{doc.alias}:{'note-fn' if part == 'note' else 'fn'}:{n}" for n in footnotes],
        plan_footnotes=[footnote_id(doc.alias, n) for n in plan.footnotes] if plan else [],
        chapeau=chapeau,
    )


def _footnote_unit(doc: Document, part: str, footnote: Footnote, label: str) -> Unit:
    return Unit(
        unit_id=f"{doc.alias}:{part}:{footnote.number}",
        document=doc.alias,
        symbol=doc.symbol,
        part=part,
        text=footnote.text,
        label=label,
        line=footnote.line,
        paragraph=footnote.number,
    )
