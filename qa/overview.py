"""Answers read off the texts' structure rather than out of a passage: a plan's heading, the list of plans, the
resolution's preamble or operative part, the number a unit is cited by, and what a country proposed.

Each is still cited: by the plan's opening paragraph, the paragraphs shown, or the units and footnotes read.
"""

from __future__ import annotations

from collections.abc import Sequence

from corpus import Corpus, Plan, Unit
from qa.answer import Answer, Citation
from qa.citing import abstention, cite_measure, cite_span, cite_whole, place
from qa.proposals import plans_prepared_by, proposals_by
from qa.question import asks_how_many_plans
from qa.reading import Span
from qa.references import number_of
from qa.retriever import Hit
from qa.scope import Scope

_DOCUMENT_NAMES = {"adopted": "Adopted plans of action (A/RES/56/261, annex)", "draft": "Revised draft plans of action (2001)"}
_SHORT_NAMES = {"adopted": "adopted text", "draft": "revised draft"}
PROPOSALS_IN_THE_DRAFT = "Proposals are credited in the revised draft's footnotes only: ask of the draft (2001) or of both texts."


def plan_answer(corpus: Corpus, question: str, hits: Sequence[Hit], document: str, top_k: int) -> Answer:
    """The heading of the plan of the best unit ("Plan X: Action on prison overcrowding and alternatives to
    incarceration"), citing that plan's opening paragraph, which says what it implements, then the best units."""
    top = hits[0].unit
    plan = corpus.documents[top.document].plan_numbered(top.plan)
    first = opening(corpus, top.document, plan)
    score = _scores(hits)
    cited = [first, *(h.unit for h in hits if h.unit.plan == top.plan and h.unit_id != first.unit_id)]
    citations = [cite_whole(u, score.get(u.unit_id, 0.0)) for u in cited[:top_k]]
    return Answer(question, f"Plan {plan.numeral}: {plan.title}", False, citations, "factoid", document)


def whole_plan_answer(corpus: Corpus, question: str, hits: Sequence[Hit], document: str) -> Answer:
    """The whole plan of the best unit, under its heading: every paragraph with its subparagraphs, each cited."""
    top = hits[0].unit
    plan = corpus.documents[top.document].plan_numbered(top.plan)
    units = [u for u in corpus.units if u.document == top.document and u.part == "annex" and u.plan == plan.numeral]
    score = _scores(hits)
    titles = {s.letter: f"{s.letter}. {s.title}" for s in plan.sections if s.letter and s.title}
    lines, groups = [f"Plan {plan.numeral}: {plan.title}"], []
    for paragraph in (u for u in units if not u.sub):
        inside = [u for u in units if u.sub and u.paragraph == paragraph.paragraph]
        if paragraph.section in titles:
            lines.append(titles.pop(paragraph.section))
        lines.append(f"{paragraph.paragraph}. {paragraph.text}")
        lines += [f"({u.sub[-1]}) {u.text}" for u in inside]
        groups.append((paragraph.unit_id, [u.unit_id for u in inside] or [paragraph.unit_id]))
    citations = [cite_whole(u, score.get(u.unit_id, 0.0)) for u in units]
    return Answer(question, "\n".join(lines), False, citations, "list", document, groups)


def plans_answer(corpus: Corpus, question: str, document: str) -> Answer:
    """Every plan's heading, in order, for each document in scope, citing each plan's opening paragraph; counted
    first when the question asks how many there are."""
    lines, citations = [], []
    for alias in Scope.of(document).documents:
        plans = corpus.documents[alias].plans
        if asks_how_many_plans(question):
            lines.append(f"{_DOCUMENT_NAMES[alias]}: {len(plans)} plans, {plans[0].numeral} to {plans[-1].numeral}:")
        elif document == "both":
            lines.append(f"{_DOCUMENT_NAMES[alias]}:")
        for plan in plans:
            lines.append(f"Plan {plan.numeral}: {plan.title}")
            citations.append(cite_whole(opening(corpus, alias, plan)))
    return Answer(question, "\n".join(lines), False, citations, "list", document)


def resolution_part_answer(corpus: Corpus, question: str, part: str, hits: Sequence[Hit], document: str) -> Answer:
    """The resolution's preamble ("pre") or operative part ("res"), every paragraph whole and numbered."""
    units = [u for u in corpus.units if u.document == "adopted" and u.part == part]
    score = _scores(hits)
    lines = [f"{u.paragraph}. {u.text}" for u in units]
    citations = [cite_whole(u, score.get(u.unit_id, 0.0)) for u in units]
    return Answer(question, "\n".join(lines), False, citations, "list", document, [(f"adopted:{part}", [u.unit_id for u in units])])


def unit_number(unit: Unit) -> str | None:
    return number_of(unit.part, unit.paragraph, unit.sub)


def number_answer(question: str, hits: Sequence[Hit], document: str, top_k: int) -> Answer:
    """Which paragraph of the texts says what the question asks about: the number of the best unit that has one
    ("paragraph 32 (a) of plan X", "operative paragraph 4"), citing that unit and the next best. `hits` all have one."""
    top = hits[0].unit
    answer = f"{unit_number(top)}" + (f" of plan {top.plan}" if top.plan else "")
    return Answer(question, answer, False, [cite_whole(h.unit, h.score) for h in hits[:top_k]], "factoid", document)


def proposals_answer(corpus: Corpus, question: str, proposer: str, hits: Sequence[Hit], document: str, top_k: int) -> Answer:
    """Every draft measure (or plan heading) whose footnote credits a proposal to `proposer`, each measure cited
    with its key span and then the footnote, grouped under that footnote."""
    if document == "adopted":
        return abstention(question, hits, document, top_k, PROPOSALS_IN_THE_DRAFT)
    found = proposals_by(proposer, corpus)
    prepared = plans_prepared_by(corpus, proposer)
    if not found and prepared is None:
        return abstention(question, hits, document, top_k, f"None of the draft's footnotes credits a proposal to {proposer}.")
    score = _scores(hits)
    lines, citations, groups = [], [], []
    if prepared is not None:
        # The note names every plan a country prepared, where the footnotes on the plans' headings may not.
        numerals = ", ".join(p.numeral for p in prepared.plans)
        lines.append(f"The Secretariat's note says {proposer} prepared {_counted(len(prepared.plans), 'plan')} ({numerals}):")
        lines += [f"  Plan {p.numeral}: {p.title}" for p in prepared.plans]
        note = prepared.note
        span = Span(note.unit_id, prepared.start, prepared.end, note.text[prepared.start:prepared.end], 1.0)
        openings = [opening(corpus, "draft", p) for p in prepared.plans]
        citations += [cite_span(note, span), *(cite_whole(u, score.get(u.unit_id, 0.0)) for u in openings)]
        groups.append((note.unit_id, [u.unit_id for u in openings]))
    if found:
        lines.append(f"The revised draft's footnotes credit {proposer} with {_counted(len(found), 'proposal')}:")
    for proposal in found:
        lines.append(proposal.footnote.text)
        if proposal.plan is not None:
            # A whole plan was proposed: its opening paragraph stands for it, as in an answer naming a plan.
            first = opening(corpus, "draft", proposal.plan)
            lines.append(f"  the whole plan {proposal.plan.numeral}: {proposal.plan.title}")
            citations.append(cite_whole(first, score.get(first.unit_id, 0.0)))
            measures = [first.unit_id]
        else:
            lines += [f"  {place(m)}: {m.text}" for m in proposal.measures]
            citations += [cite_measure(m, score.get(m.unit_id, 0.0)) for m in proposal.measures]
            measures = [m.unit_id for m in proposal.measures]
        citations.append(cite_whole(proposal.footnote, score.get(proposal.footnote.unit_id, 0.0)))
        groups.append((proposal.footnote.unit_id, measures))
    # A plan the note names and a footnote on its heading credits is cited once.
    first: dict[str, Citation] = {}
    for citation in citations:
        first.setdefault(citation.unit_id, citation)
    return Answer(question, "\n".join(lines), False, list(first.values()), "list", document, groups)


def _counted(count: int, noun: str) -> str:
    return f"one {noun}" if count == 1 else f"{count} {noun}s"


def footnote_answer(corpus: Corpus, question: str, number: int, hits: Sequence[Hit], document: str, top_k: int) -> Answer:
    """The footnote of that number in each text in scope, whole, with the passages that cite it."""
    lines, citations, groups = [], [], []
    for alias in Scope.of(document).documents:
        footnote = corpus.footnote(alias, number)
        if footnote is None:
            continue
        citing = corpus.citing(footnote.unit_id)
        lines.append(f"{footnote.label}: {footnote.text}")
        lines += [f"  cited by {place(u)}: {u.text}" for u in citing]
        citations += [cite_whole(footnote), *(cite_whole(u) for u in citing)]
        groups.append((footnote.unit_id, [u.unit_id for u in citing]))
    if not lines:
        counts = "; ".join(
            f"the {_SHORT_NAMES[alias]} has footnotes 1 to {sum(u.document == alias and u.part == 'fn' for u in corpus.units)}"
            for alias in Scope.of(document).documents
        )
        return abstention(question, hits, document, top_k, f"There is no footnote {number}: {counts}.")
    return Answer(question, "\n".join(lines), False, citations, "list", document, groups)


def opening(corpus: Corpus, document: str, plan: Plan) -> Unit:
    """A plan's opening paragraph, which says what commitments of the Declaration it implements."""
    return corpus.get(f"{document}:annex:{plan.sections[0].paragraphs[0].number}")


def _scores(hits: Sequence[Hit]) -> dict[str, float]:
    return {h.unit_id: h.score for h in hits}
