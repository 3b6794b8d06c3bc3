"""What a country proposed: the draft measures whose footnotes credit a proposal to it.

The revised draft records, in a footnote on each measure or plan heading, whose proposal it rests on
("Proposal by Canada (E/CN.15/2001/L.8, para. 59)"). "What did Finland propose?" is answered by all of
them, each measure with the footnote that credits it; "Which proposal did Uzbekistan submit?" asks for
one proposal and is left to the reader, which answers with its symbol.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from corpus import Corpus, Plan, Unit

# "Proposal by Canada", "Proposal submitted by Uzbekistan", "on the basis of proposals by Finland (E/CN.15/2001/L.7,
# annex, para. 18 (a)) and Canada (E/CN.15/2001/L.8, para. 76)": each country named with its proposal's symbol.
_CREDITED = re.compile(
    r"(?:\b[Pp]roposals? (?:submitted )?by|\) and) ((?:[A-Z][a-z]+ )*[A-Z][a-z]+)(?= \(|[.;,]|$)"
)
# How any text credits a proposal: a footnote's "Proposal by Canada", the Secretariat's "... be submitted by Finland".
CREDITED_BY = r"\b(?:[Pp]roposals? (?:submitted )?by|submitted by)"
_CREDITING = re.compile(CREDITED_BY + r" [A-Z]")
_WHO = r"((?:the )?[\w-]+(?: [\w-]+){0,3}?)"
_PROPOSING = r"(?:propose|suggest|submit|put forward|table|prepare|draft)"
_PROPOSALS = (
    r"(?:measures|proposals|paragraphs|provisions|items|texts|changes|subparagraphs|amendments|sections|plans?(?: of action)?)"
)
# "What did Finland propose?", "Which measures / plans of action did Canada suggest?", "What was proposed by Canada?"; not "Which
# proposal did Uzbekistan submit?" (one proposal, named by its symbol) nor "Who proposed ...?".
_ASKS = re.compile(
    rf"^(?:in the draft, )?what (?:else )?(?:did|has|have|does) {_WHO} {_PROPOSING}\w*"
    rf"|^(?:which|what) (?:\w+ )?{_PROPOSALS} (?:did|has|have) {_WHO} {_PROPOSING}\w*"
    rf"|^(?:which|what) (?:\w+ )?(?:{_PROPOSALS} )?(?:were|was|are|is|has been|have been) "
    rf"(?:proposed|suggested|submitted|put forward|tabled|prepared|drafted) by {_WHO}[?.]?$"
    # "Did Canada propose anything?", "Has Finland submitted any proposals?".
    rf"|^(?:did|has|have) {_WHO} {_PROPOSING}\w* (?:anything|something|any {_PROPOSALS}|any proposal)[?.]?$",
    re.IGNORECASE,
)
# What the draft's bodies did is no proposal of a delegation: "What did the Commission propose?".
_BODY = re.compile(
    r"\b(?:Centre|Center|Office|Committee|Commission|Secretariat|Secretary-General|Assembly|Council|Congress|Branch"
    r"|Institute|plans?|draft|text|resolution)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Proposal:
    footnote: Unit  # the footnote crediting the proposal
    measures: tuple[Unit, ...]  # the units citing it; none when it is on a plan's heading
    plan: Plan | None  # the plan whose heading cites it: the whole plan was proposed


def proposer_asked(question: str, proposers: Collection[str]) -> str | None:
    """The country a question asks the proposals of ("Finland" of "what did finland propose?"), spelled as in
    `proposers` when it is one of them, as asked when it is another name ("France"), or None."""
    match = _ASKS.search(question.strip())
    if match is None:
        return None
    asked = next(name for name in match.groups() if name)
    known = {name.lower(): name for name in proposers}
    name = asked[4:] if asked.lower().startswith("the ") else asked
    if name.lower() in known:
        return known[name.lower()]
    return asked if name.istitle() and not _BODY.search(name) else None


def proposers(corpus: Corpus) -> frozenset[str]:
    """The countries the draft's footnotes credit a proposal to."""
    return frozenset(name for u in corpus.units if u.part == "fn" for name in _CREDITED.findall(u.text))


def proposals_by(country: str, corpus: Corpus) -> list[Proposal]:
    """The draft's proposals credited to `country` (any letter case), in the order of its footnotes."""
    plans = {plan.title: plan for plan in corpus.documents["draft"].plans}
    found = []
    for footnote in corpus.units:
        if footnote.part != "fn" or footnote.document != "draft":
            continue
        if any(name.lower() == country.lower() for name in _CREDITED.findall(footnote.text)):
            heading = corpus.plan_title_citing(footnote.unit_id)
            found.append(Proposal(footnote, tuple(corpus.citing(footnote.unit_id)), plans.get(heading) if heading else None))
    return found


# The Secretariat's note says which country prepared whole plans: "Sections XII-XIV contain three additional draft plans
# of action based on comments submitted by Finland (...); they have been prepared by Finland at the request of the
# Commission."
_PREPARED_BY = re.compile(r"\bSections? ([IVX]+)(?:\s*[-–]\s*([IVX]+))?\b(?:(?!\bSections?\b).)*?\bprepared by ([A-Z][a-z]+)", re.S)


def plan_preparer(corpus: Corpus, plan: str) -> tuple[Unit, int, int] | None:
    """The draft note's passage naming the country that prepared a plan (numeral "XII"), with the offsets of the
    country's name in it; None when the note names none (plans revised by the Committee of the Whole)."""
    return next(((note, m.start(3), m.end(3)) for note, m, plans in _preparations(corpus) if plan in plans), None)


@dataclass(frozen=True)
class PreparedPlans:
    note: Unit  # the Secretariat's note that says so
    start: int  # where it says so: "Sections XII-XIV contain ... prepared by Finland"
    end: int
    plans: tuple[Plan, ...]


def plans_prepared_by(corpus: Corpus, country: str) -> PreparedPlans | None:
    """The draft plans the Secretariat's note says `country` prepared (any letter case), or None: the footnotes on the
    plans' headings credit only some of them ("Proposal by Finland" on plans XIII and XIV, nothing on XII)."""
    draft = corpus.documents["draft"]
    return next(
        (
            PreparedPlans(note, m.start(), m.end(), tuple(draft.plan_numbered(n) for n in plans))
            for note, m, plans in _preparations(corpus) if m.group(3).lower() == country.lower()
        ),
        None,
    )


def _preparations(corpus: Corpus) -> Iterator[tuple[Unit, re.Match[str], list[str]]]:
    """Each passage of the draft's note that says a country prepared plans, with the numerals of those plans."""
    order = [p.numeral for p in corpus.documents["draft"].plans]
    for unit in corpus.units:
        if unit.document != "draft" or unit.part != "note":
            continue
        for match in _PREPARED_BY.finditer(unit.text):
            first, last = match.group(1), match.group(2) or match.group(1)
            if first in order and last in order:
                yield unit, match, order[order.index(first):order.index(last) + 1]


def credited_proposal(unit: Unit, corpus: Corpus) -> bool:
    """Whether the unit, or a footnote on it or on its plan's heading, credits a proposal to a country: what "Who
    suggested ...?" asks of it."""
    footnotes = [corpus.get(f) for f in (*unit.footnotes, *unit.plan_footnotes)]
    return any(_CREDITING.search(u.text) for u in (unit, *footnotes))
