"""Answers to "what changed between the draft and the adopted text" questions, from the alignment."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from corpus import Corpus, Unit
from qa.answer import Answer
from qa.citing import cite_whole, place
from qa.compare import Alignment, Comparison
from qa.overview import opening
from qa.question import BODY, COUNTRY, PEOPLE, REASON, SYMBOL, analyse
from qa.retriever import Hit

_CHANGE = re.compile(
    r"\b(chang\w*|differ\w*|compar\w*|kept|retain\w*|surviv\w*|dropp\w*|remov\w*|delet\w*|added|"
    r"reword\w*|renumber\w*|amend\w*|modif\w*|still there|make it into|made it into|became)\b"
)
# With both texts chosen and neither named, a change must be asked about as one, in the past: "What was deleted ...?",
# "Was the fund kept?", "What changed in plan VII?", not "What kinds of differences should studies consider?", "What
# must be kept in mind ...?", "Which definitions should be amended ...?" or "the effects of technological change".
_ASKS_CHANGE = re.compile(
    r"\b(?:was|were|has been|have been|had been|got)\b(?:(?!\b(?:should|must|will|shall|can|may|would|could)\b)[^?,])*?"
    r"\b(?:kept|changed|deleted|removed|dropped|added|amended|modified|reworded|retained|renumbered|merged|moved"
    r"|taken out|left out)\b(?! in mind)"
    r"|^(?:what|which|how)\b[^?]*?\b(?:changed|differs?|differed)\b|^how (?:did|has|have) [^?]*\bchange\??$"
    r"|\bchanges?\b[^?]*\b(?:made|introduced)\b"
    r"|\bdifferences? between\b|\bcompar\w*|\bsurviv\w*|\bma(?:de|ke) it into\b|\bstill there\b"
)
# The adopted text must be named: "deleted from the original draft plans" is about an earlier document.
_VERSIONS = re.compile(r"\b(adopted|final) (text|version|plans?)\b|\bbetween the (draft|two)\b|\bresolution 56/261\b")
_EARLIER_DRAFT = re.compile(r"\b(?:earlier|original|first|previous|old) draft\b|\be/cn\.15/2001/5\b")
_PLAN_LEVEL = re.compile(r"\b(the|this|whole) (plan|section)\b")
# "Which plan changed most?", "Which plans were least amended?": every plan ranked by its share of changed provisions.
_RANKING = re.compile(
    r"\bwhich plans?\b.*\b(?:(?:most|least|more|less)\b.*\b(?:chang|reword|amend|modif|revis)\w*"
    r"|(?:chang|reword|amend|modif|revis)\w* (?:the )?(?:most|least)\b)"
)
# What was deleted is found in the draft, what was added in the adopted text.
_FROM_DRAFT = re.compile(r"\b(?:delet|remov|dropp|omitt)\w*|\b(?:taken|left) out\b")
_INTO_ADOPTED = re.compile(r"\b(?:added|insert\w*|introduc\w*)\b")
# "What was deleted from the plan on corruption?", "Which measures were added to plan VII?" ask for every provision of a
# plan with that fate; "Was the fund deleted?" and "What was deleted from paragraph 7?" for the fate of one.
_WHICH_OF_PLAN = re.compile(r"^(?:what|which)\b(?!.*\b(?:paragraph|para\.|subparagraph|footnote)s?\b)")
_STATUS_WORDS = {
    "unchanged": "kept unchanged",
    "reworded": "kept, reworded",
    "moved": "kept, moved and reworded",
    "merged": "merged with other text",
    "split": "split into several provisions",
    "added": "added in the adopted text (no counterpart in the draft)",
    "deleted": "deleted (no counterpart in the adopted text)",
}


def is_change_question(question: str, document: str = "adopted") -> bool:
    """Asks how the text changed between the two versions ("Was the fund kept in the adopted text?"). A question
    for who did something, or for a document's symbol, asks no such thing ("Which Member States sponsored the
    draft resolution that became resolution 56/261?", "What is the symbol of the draft resolution that became
    resolution 56/261?")."""
    text = question.lower()
    expected = set(analyse(question).expected)
    asks_who_or_which_document = bool({BODY, COUNTRY, PEOPLE, SYMBOL} & expected)
    # Why something was added or amended, and what became of the earlier draft's paragraphs, the draft's footnotes
    # tell; the alignment of the two texts tells neither.
    asks_elsewhere = REASON in expected or bool(_EARLIER_DRAFT.search(text))
    asks = _CHANGE.search(text) and _VERSIONS.search(text) or document == "both" and _ASKS_CHANGE.search(text)
    return bool(asks or ranks_plans(question)) and not asks_who_or_which_document and not asks_elsewhere


def ranks_plans(question: str) -> bool:
    """Asks which plan changed most or least: answered from the alignment of every plan, whatever the passages."""
    return bool(_RANKING.search(question.lower()))


def answer_change(question: str, hits: Sequence[Hit], corpus: Corpus, alignment: Alignment, document: str, top_k: int) -> Answer:
    """The fate of the best-matching annex unit, with its counterparts cited, and the plan's tally of changes; or,
    asked which plan changed most or least, every plan ranked."""
    if ranks_plans(question):
        return _plans_ranked(question, corpus, alignment, document)
    annex = [h for h in hits if h.unit.part == "annex"]
    # Retrieval ranks both versions of a provision alike; a question about a deletion is about the draft's.
    if _FROM_DRAFT.search(question.lower()):
        annex.sort(key=lambda h: h.unit.document != "draft")
    elif _INTO_ADOPTED.search(question.lower()):
        annex.sort(key=lambda h: h.unit.document != "adopted")
    if not annex:
        return Answer(question, "", True, [cite_whole(h.unit) for h in hits[:top_k]], "abstain", document)
    unit = annex[0].unit
    if unit.plan and (fate := _fate_asked(question)) is not None:
        return _provisions_with_fate(question, unit.plan, fate, corpus, alignment, document)
    comparison = alignment.compare(unit.unit_id)
    sentences = [_describe(unit, comparison, corpus)]
    if unit.plan:
        summary = f"Across plan {unit.plan} ({unit.plan_title}), draft to adopted: {_counts(_tally(alignment, unit.plan))}."
        # A question about a whole plan gets the plan's tally first, then its best-matching provision.
        sentences.insert(0 if _PLAN_LEVEL.search(question.lower()) else 1, summary)
    cited = [unit] + [corpus.get(c) for c in comparison.counterparts]
    cited += [h.unit for h in annex[1:] if h.unit not in cited][: max(0, top_k - len(cited))]
    return Answer(question, " ".join(sentences), False, [cite_whole(u) for u in cited], "comparison", document)


def _fate_asked(question: str) -> str | None:
    """"deleted" or "added" when the question asks which provisions of a plan had that fate, else None."""
    text = question.lower()
    if not _WHICH_OF_PLAN.search(text):
        return None
    return "deleted" if _FROM_DRAFT.search(text) else "added" if _INTO_ADOPTED.search(text) else None


def _provisions_with_fate(question: str, plan: str, fate: str, corpus: Corpus, alignment: Alignment, document: str) -> Answer:
    """Every provision of the plan deleted from the draft (or added in the adopted text), in the plan's order, each
    cited; when there is none, the plan's tally, citing its opening paragraph in both texts."""
    plans = {side: corpus.documents[side].plan_numbered(plan) for side in ("draft", "adopted")}
    title = f"Plan {plan} ({plans['adopted'].title})"
    what = "draft provision" if fate == "deleted" else "provision"
    changed = [corpus.get(c.unit_id) for c in alignment.changes(plan) if c.status == fate]
    if not changed:
        none = "no draft provision was deleted" if fate == "deleted" else "no provision was added in the adopted text"
        account = f"{title}: {none}. Draft to adopted: {_counts(_tally(alignment, plan))}."
        openings = [opening(corpus, side, p) for side, p in plans.items()]
        return Answer(question, account, False, [cite_whole(u) for u in openings], "list", document)
    count = f"{len(changed)} {what}s were" if len(changed) > 1 else f"1 {what} was"
    lines = [f"{title}: {count} {_STATUS_WORDS[fate]}:", *(f"{place(u).capitalize()}: “{u.text}”" for u in changed)]
    return Answer(question, "\n".join(lines), False, [cite_whole(u) for u in changed], "list", document)


def _tally(alignment: Alignment, plan: str) -> Counter[str]:
    """What became of each draft provision of a plan, and how many the adopted text added."""
    return Counter(c.status for c in alignment.changes(plan) if c.unit_id.startswith("draft:") or c.status == "added")


def _counts(tally: Counter[str]) -> str:
    return ", ".join(f"{n} {status}" for status, n in sorted(tally.items(), key=lambda item: -item[1]))


def _plans_ranked(question: str, corpus: Corpus, alignment: Alignment, document: str) -> Answer:
    """Every plan ranked by the share of its provisions deleted, added, moved, split or merged, then by the share
    reworded as well (most changed first, or least when asked), each cited by its adopted opening paragraph. A
    rewording may be one word; the other changes alter what a plan contains."""
    plans = corpus.documents["adopted"].plans
    tallies = {p.numeral: _tally(alignment, p.numeral) for p in plans}
    totals = {numeral: sum(t.values()) for numeral, t in tallies.items()}
    share = {
        numeral: ((totals[numeral] - t["unchanged"] - t["reworded"]) / totals[numeral], 1 - t["unchanged"] / totals[numeral])
        for numeral, t in tallies.items()
    }
    least = bool(re.search(r"\b(least|less)\b", question.lower()))
    ranked = sorted(plans, key=lambda p: share[p.numeral], reverse=not least)
    lines = [
        f"Plan {p.numeral} ({p.title}): {totals[p.numeral] - tallies[p.numeral]['unchanged']} of {totals[p.numeral]} provisions"
        f" changed ({_counts(tallies[p.numeral])})"
        for p in ranked
    ]
    openings = [opening(corpus, "adopted", p) for p in ranked]
    heading = (
        f"Draft to adopted, plans by share of provisions deleted, added, moved, split or merged, then reworded, "
        f"{'least' if least else 'most'} changed first:"
    )
    # A list, not a comparison: no one provision's comparison stands for the ranking.
    return Answer(question, "\n".join([heading, *lines]), False, [cite_whole(u) for u in openings], "list", document)


def _describe(unit: Unit, comparison: Comparison, corpus: Corpus) -> str:
    status = _STATUS_WORDS[comparison.status]
    if not comparison.counterparts:
        return f"{place(unit).capitalize()} was {status}: “{unit.text}”"
    others = [corpus.get(c) for c in comparison.counterparts]
    if unit.document == "draft":
        targets = "; ".join(f"{place(o)}: “{o.text}”" for o in others)
        return f"Draft para. {place(unit)[len('draft para. '):]} (“{unit.text}”) was {status}: {targets}"
    sources = "; ".join(f"{place(o)}: “{o.text}”" for o in others)
    return f"Adopted para. {place(unit)[len('adopted para. '):]} (“{unit.text}”) was {status} from {sources}"
