"""What happened to each paragraph between the 2001 revised draft and the adopted plans of action.

The two annexes cover the same fifteen plans, but paragraphs were renumbered, subparagraphs merged,
split, reordered, added and deleted, and almost every text reworded. A reader who asks "what became
of draft 28 (b)?" needs the counterpart, a label for the kind of change and a word-level diff; the
draft's footnotes add where a text came from (a country's proposal, an earlier draft, a resolution).

The alignment is structure first, text second:

1. Units are compared only within the same plan (plan numerals correspond I..XV), so the
   near-identical chapeaus ("Individually and collectively, States will endeavour ...") of
   different plans never cross.
2. Within a plan every draft unit is scored against every adopted unit (`text_similarity`), with a
   bonus for the same section and the same depth; the best pairs are taken greedily one-to-one.
3. A paragraph whose subparagraphs mostly went into the subparagraphs of another paragraph is linked
   to that paragraph as well (`_link_parents`): that is how draft 10, which was both the
   introduction and the chapeau of plan III, is found split into adopted 10 and adopted 11.
4. A unit still alone is attached to a matched unit on the other side when most of its words are
   in that unit *and* some of them are not explained by that unit's existing partner
   (`_absorb_leftovers`): draft 45 (h) and (i) merged into adopted 47 (h).
5. The statuses are then read off the links (`Alignment._status`, rules in `STATUS_RULES`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import Stemmer

from corpus import Corpus, Unit

STATUSES = ("unchanged", "reworded", "moved", "merged", "split", "added", "deleted")

STATUS_RULES: Mapping[str, str] = {
    "merged": "several draft units link to one adopted unit; given to that adopted unit and to each of those draft units",
    "split": "one draft unit links to several adopted units; given to that draft unit and to each of those adopted units",
    "unchanged": "exactly one counterpart each way and the same text after normalising case, whitespace, quotes "
    "and trailing punctuation (wherever the counterpart now stands)",
    "moved": "exactly one counterpart each way, texts differ, and the counterpart is in another section, at another "
    "depth, under a paragraph that is not the counterpart of this unit's paragraph, or out of order among its "
    "siblings (not on the longest order-preserving chain of sibling pairs)",
    "reworded": "exactly one counterpart each way, same place (same section, same depth, counterpart parents, in "
    "order among siblings), texts differ",
    "added": "adopted unit with no draft counterpart",
    "deleted": "draft unit with no adopted counterpart",
}

_WORD = re.compile(r"[a-z0-9]+")
_STEMMER = Stemmer.Stemmer("english")
# Function words only: topic words such as "States" or "crime" are kept and weighted down by IDF instead.
_STOP_WORDS = frozenset(
    "a an the of to in on for by and or with at from as is are be been was were will may should shall can would "
    "could it its their they them this that these those such any all other which who whom where when so than into "
    "also both either each upon via inter alia including".split()
)
# Footnotes that only cite an instrument ("General Assembly resolution 40/34, annex.") say nothing about
# where a text came from; these cues mark the ones that do.
_PROVENANCE_CUE = re.compile(
    r"\b(proposal|proposed|submitted|based on|merged|deleted|moved|amended|added|removed|derives?|ambit|see)\b"
    r"|draft plans? of action",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Thresholds:
    """The knobs of the matcher, read off real pairs of the two annexes (see the module docstring).

    `match`: lowest similarity for a one-to-one candidate. The most rewritten pairs that are still
    recognisable by their words score 0.30-0.39 (corruption draft 6 (d) ~ adopted 6 (c), terrorism
    draft 21 (b) ~ 23 (b) and 22 (e) ~ 24 (e)); below about 0.25 the words of any two items of a plan
    start to look alike. The threshold only gates candidates: parallel national and international
    items (prisons draft 30 (b) "Encouraging ... financial institutions" and 31 (a) "Encourage ...")
    score 0.78 against each other's counterparts, and it is the one-to-one pairing and the section
    bonus that keep them apart.
    `section_bonus`/`depth_bonus`: added to the similarity when ranking candidate pairs, so that
    among comparable texts the one in the same place wins (at 0.06 draft 25 (f), the Centre's racism
    item, would be taken by the new national item 26 (h) instead of its counterpart 27 (f)).
    `gap_match`: lowest similarity for pairing the only leftovers between the same two matched neighbours
    (prisons draft 31 (b) ~ adopted 33 (b) scores 0.25, women draft 40 (a) ~ adopted 42 (a) 0.18, while a
    deleted and an added unit that happen to meet in a gap score about 0.1).
    `absorb_containment`/`absorb_residual`/`absorb_min_words`: a leftover unit joins a matched unit
    when that share of its content words is in the unit and that share is not in the unit's partner.
    `parent_share`: share of a paragraph's subparagraphs that must land under one other paragraph for
    the two paragraphs to be linked.
    """

    match: float = 0.28
    section_bonus: float = 0.12
    depth_bonus: float = 0.05
    gap_match: float = 0.15
    absorb_containment: float = 0.6
    absorb_residual: float = 0.3
    absorb_min_words: int = 3
    parent_share: float = 0.5


@dataclass(frozen=True)
class DiffPiece:
    """A run of words the draft and adopted texts share (`equal`) or only one of them has."""

    op: str
    text: str


@dataclass(frozen=True)
class Comparison:
    """What became of one annex unit, always told from the draft side to the adopted side."""

    unit_id: str
    status: str
    counterparts: tuple[str, ...]
    similarity: float
    diff: tuple[DiffPiece, ...]
    provenance: tuple[str, ...]


# --- text -----------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Text with the differences that do not count as a change removed: case, spacing, quotes, end punctuation."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"\s+", " ", text.lower()).strip()
    return re.sub(r"[\s;:.,]+$", "", text)


@lru_cache(maxsize=None)
def content_stems(text: str) -> tuple[str, ...]:
    """Stemmed content words, so that "To develop" and "Developing" count as the same action."""
    return tuple(_STEMMER.stemWord(w) for w in _WORD.findall(text.lower()) if w not in _STOP_WORDS)


def word_diff(draft_text: str, adopted_text: str) -> tuple[DiffPiece, ...]:
    """Word-level diff from draft to adopted; punctuation stays attached to its word.

    Joining the `equal` and `delete` pieces with spaces gives the draft text back, `equal` and
    `insert` the adopted text (both with single spaces).
    """
    old, new = draft_text.split(), adopted_text.split()
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    pieces: list[DiffPiece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(DiffPiece("equal", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(DiffPiece("delete", " ".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(DiffPiece("insert", " ".join(new[j1:j2])))
    return tuple(pieces)


def diff_text(pieces: Iterable[DiffPiece], side: str) -> str:
    """One side of a diff put back together: `side` is "draft" or "adopted"."""
    keep = {"draft": ("equal", "delete"), "adopted": ("equal", "insert")}[side]
    return " ".join(p.text for p in pieces if p.op in keep)


class _Weights:
    """Inverse document frequency of stems over both annexes: "States" or "Centre" say little, "racism" a lot."""

    def __init__(self, texts: Sequence[str]) -> None:
        df: dict[str, int] = {}
        for text in texts:
            for stem in set(content_stems(text)):
                df[stem] = df.get(stem, 0) + 1
        self._idf = {s: math.log((1 + len(texts)) / (1 + n)) + 1.0 for s, n in df.items()}
        self._default = math.log(1 + len(texts)) + 1.0

    def mass(self, stems: Iterable[str]) -> float:
        return sum(self._idf.get(s, self._default) for s in stems)

    def jaccard(self, a: str, b: str) -> float:
        sa, sb = set(content_stems(a)), set(content_stems(b))
        union = self.mass(sa | sb)
        return self.mass(sa & sb) / union if union else 0.0

    def containment(self, part: str, whole: Iterable[str], minus: Iterable[str] = ()) -> float:
        """Weighted share of `part`'s content words found in `whole` but in none of `minus`."""
        own = set(content_stems(part))
        found = set().union(*(content_stems(t) for t in whole)) - set().union(*(content_stems(t) for t in minus))
        total = self.mass(own)
        return self.mass(own & found) / total if total else 0.0


def sequence_ratio(a: str, b: str) -> float:
    """difflib ratio over lower-cased words: rewards the same words in the same order."""
    return SequenceMatcher(None, _WORD.findall(a.lower()), _WORD.findall(b.lower()), autojunk=False).ratio()


# --- provenance -----------------------------------------------------------------------------------


def is_provenance_note(text: str) -> bool:
    """Whether a draft footnote says where a text came from rather than only citing an instrument."""
    return bool(_PROVENANCE_CUE.search(text))


def draft_provenance(corpus: Corpus, unit: Unit) -> tuple[str, ...]:
    """Provenance footnotes of a draft unit: its own, its parents' (which cover what follows), its plan heading's."""
    ids: list[str] = list(unit.footnotes)
    parent = unit.parent_id
    while parent is not None:
        parent_unit = corpus.get(parent)
        ids.extend(parent_unit.footnotes)
        parent = parent_unit.parent_id
    ids.extend(unit.plan_footnotes)
    texts = (corpus.get(i).text for i in dict.fromkeys(ids) if i in corpus)
    return tuple(t for t in texts if is_provenance_note(t))


# --- the alignment --------------------------------------------------------------------------------


def _position(unit: Unit) -> tuple[str | None, int]:
    return unit.section, len(unit.sub)


def _order_chain(pairs: Sequence[tuple[int, int]]) -> set[int]:
    """Indexes of `pairs` (draft rank, adopted rank) on the longest chain increasing on both sides.

    Ties go to the chain whose members moved least, so with draft a, b, c, d becoming adopted
    d, b, a, c the chain is b, d and the units called moved are a and c.
    """
    order = sorted(range(len(pairs)), key=lambda i: pairs[i])
    best: dict[int, tuple[int, int, int | None]] = {}  # index -> (length, -displacement, previous)
    for pos, i in enumerate(order):
        di, ai = pairs[i]
        length, cost, prev = 1, -abs(di - ai), None
        for j in order[:pos]:
            dj, aj = pairs[j]
            if dj < di and aj < ai:
                cand = (best[j][0] + 1, best[j][1] - abs(di - ai))
                if cand > (length, cost):
                    length, cost, prev = cand[0], cand[1], j
        best[i] = (length, cost, prev)
    if not best:
        return set()
    end: int | None = max(best, key=lambda i: (best[i][0], best[i][1], -i))
    chain = set()
    while end is not None:
        chain.add(end)
        end = best[end][2]
    return chain


class Alignment:
    """Draft-to-adopted links between the annex units of both documents, built once from a corpus."""

    def __init__(self, corpus: Corpus, thresholds: Thresholds = Thresholds()) -> None:
        self.corpus = corpus
        self.thresholds = thresholds
        self._units = [u for u in corpus.units if u.part == "annex"]
        self._by_id = {u.unit_id: u for u in self._units}
        self._order = {u.unit_id: i for i, u in enumerate(self._units)}
        self._weights = _Weights([u.text for u in self._units])
        self._links: dict[str, dict[str, float]] = {u.unit_id: {} for u in self._units}
        self._plans = list(dict.fromkeys(u.plan for u in self._units if u.plan))
        for plan in self._plans:
            self._align_plan(plan)
        self._moved = self._find_moved()
        self._comparisons = {u.unit_id: self._compare(u) for u in self._units}

    # public ------------------------------------------------------------------------------------

    def compare(self, unit_id: str) -> Comparison:
        """What became of one draft or adopted annex unit (paragraph, subparagraph or item)."""
        try:
            return self._comparisons[unit_id]
        except KeyError:
            where = "is not an annex unit" if unit_id in self.corpus else "is unknown"
            raise KeyError(
                f"{unit_id!r} {where}; only annex units can be compared, e.g. 'draft:annex:28(b)' or 'adopted:annex:30(b)'"
            ) from None

    def changes(self, plan: str | None = None) -> list[Comparison]:
        """Comparisons of every unit of a plan (all plans if None): draft units, then adopted ones, in document order."""
        if plan is not None and plan not in self._plans:
            raise KeyError(f"unknown plan {plan!r}; plans are numbered {', '.join(self._plans)}")
        chosen = [u for u in self._units if plan is None or u.plan == plan]
        ordered = [u for u in chosen if u.document == "draft"] + [u for u in chosen if u.document == "adopted"]
        return [self._comparisons[u.unit_id] for u in ordered]

    def pairs(self) -> list[tuple[str, str, float]]:
        """Every linked (draft id, adopted id, similarity), in draft document order."""
        return [
            (d.unit_id, a, round(sim, 4))
            for d in self._units
            if d.document == "draft"
            for a, sim in self._ranked(d.unit_id)
        ]

    def summary(self, plan: str | None = None) -> dict[str, int]:
        """How many units of a plan (all plans if None) have each status."""
        counts = dict.fromkeys(STATUSES, 0)
        for comparison in self.changes(plan):
            counts[comparison.status] += 1
        return counts

    # similarity --------------------------------------------------------------------------------

    def similarity(self, a: str, b: str) -> float:
        """Half word-order ratio, half IDF-weighted overlap of stems: rewordings keep words, reorderings keep order."""
        return 0.5 * sequence_ratio(a, b) + 0.5 * self._weights.jaccard(a, b)

    # matching ----------------------------------------------------------------------------------

    def _align_plan(self, plan: str) -> None:
        draft = [u for u in self._units if u.plan == plan and u.document == "draft"]
        adopted = [u for u in self._units if u.plan == plan and u.document == "adopted"]
        self._match_one_to_one(draft, adopted)
        self._link_parents(draft, adopted)
        for d_group, a_group in self._sibling_groups(draft, adopted):
            self._fill_gap(d_group, a_group)
        self._absorb_leftovers(draft, adopted)

    def _link(self, d: Unit, a: Unit) -> None:
        sim = self.similarity(d.text, a.text)
        self._links[d.unit_id][a.unit_id] = sim
        self._links[a.unit_id][d.unit_id] = sim

    def _match_one_to_one(self, draft: list[Unit], adopted: list[Unit]) -> None:
        """Greedy best-first pairing on similarity plus a bonus for the same section and depth.

        Greedy rather than optimal assignment: the strongest pairs are nearly certain, and taking
        them first keeps a weak pair from stealing a unit that has an obvious counterpart.
        """
        t = self.thresholds
        scored = []
        for i, d in enumerate(draft):
            for j, a in enumerate(adopted):
                sim = self.similarity(d.text, a.text)
                if sim < t.match:
                    continue
                bonus = t.section_bonus * (d.section == a.section) + t.depth_bonus * (len(d.sub) == len(a.sub))
                scored.append((sim + bonus, -abs(i - j), d, a))
        scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
        for _, _, d, a in scored:
            if not self._links[d.unit_id] and not self._links[a.unit_id]:
                self._link(d, a)

    def _link_parents(self, draft: list[Unit], adopted: list[Unit]) -> None:
        """Link a paragraph to the paragraph that received most of its subparagraphs, if not linked already."""
        for d in draft:
            kids = self.corpus.children(d.unit_id)
            if not kids:
                continue
            landed: dict[str, int] = {}
            for kid in kids:
                for a_id in self._links[kid.unit_id]:
                    parent = self._by_id[a_id].parent_id
                    if parent is not None:
                        landed[parent] = landed.get(parent, 0) + 1
            for parent, count in landed.items():
                if count >= 2 and count >= self.thresholds.parent_share * len(kids) and parent not in self._links[d.unit_id]:
                    self._link(d, self._by_id[parent])

    def _sibling_groups(self, draft: list[Unit], adopted: list[Unit]) -> list[tuple[list[Unit], list[Unit]]]:
        """Runs of siblings that correspond: the paragraphs of one section, the subdivisions of linked paragraphs."""
        groups = []
        for section in dict.fromkeys(u.section for u in draft + adopted):
            groups.append(
                ([u for u in draft if not u.sub and u.section == section],
                 [u for u in adopted if not u.sub and u.section == section])
            )
        for d in draft:
            for a_id in self._links[d.unit_id]:
                groups.append((self.corpus.children(d.unit_id), self.corpus.children(a_id)))
        return [(d, a) for d, a in groups if d and a]

    def _fill_gap(self, draft: list[Unit], adopted: list[Unit]) -> None:
        """Pair leftovers that stand between the same matched neighbours, as a diff of the two lists would.

        A subparagraph rewritten beyond recognition by words alone (draft 39 (b) ~ adopted 41 (b)) is
        still recognisable by where it stands: after the counterpart of its predecessor and before the
        counterpart of its successor.
        """
        index = {a.unit_id: k for k, a in enumerate(adopted)}
        for i, d in enumerate(draft):
            if self._links[d.unit_id]:
                continue
            before = [index[x] for e in draft[:i] for x in self._links[e.unit_id] if x in index]
            after = [index[x] for e in draft[i + 1 :] for x in self._links[e.unit_id] if x in index]
            lo, hi = max(before, default=-1), min(after, default=len(adopted))
            gap = [a for a in adopted[lo + 1 : hi] if not self._links[a.unit_id]]
            scored = [(self.similarity(d.text, a.text), a) for a in gap]
            best = max(scored, key=lambda s: s[0], default=None)
            if best is not None and best[0] >= self.thresholds.gap_match:
                self._link(d, best[1])

    def _absorb_leftovers(self, draft: list[Unit], adopted: list[Unit]) -> None:
        """Attach each unit left alone to the matched unit that holds its words and did not get them elsewhere."""
        t = self.thresholds
        partners = {u.unit_id: [self._by_id[p].text for p in self._links[u.unit_id]] for u in draft + adopted}
        for alone, others in ((draft, adopted), (adopted, draft)):
            for u in alone:
                if self._links[u.unit_id] or len(set(content_stems(u.text))) < t.absorb_min_words:
                    continue
                best: tuple[float, Unit] | None = None
                for v in others:
                    if not partners[v.unit_id]:
                        continue
                    held = self._weights.containment(u.text, [v.text])
                    gained = self._weights.containment(u.text, [v.text], minus=partners[v.unit_id])
                    if held >= t.absorb_containment and gained >= t.absorb_residual:
                        if best is None or held * gained > best[0]:
                            best = (held * gained, v)
                if best is not None:
                    d, a = (u, best[1]) if u.document == "draft" else (best[1], u)
                    self._link(d, a)

    # statuses ----------------------------------------------------------------------------------

    def _ranked(self, unit_id: str) -> list[tuple[str, float]]:
        return sorted(self._links[unit_id].items(), key=lambda kv: (-kv[1], self._order[kv[0]]))

    def _one_to_one(self, unit_id: str) -> bool:
        links = self._links[unit_id]
        return len(links) == 1 and len(self._links[next(iter(links))]) == 1

    def _find_moved(self) -> set[str]:
        """Draft ids of one-to-one pairs whose adopted counterpart stands in another place (see STATUS_RULES)."""
        groups: dict[tuple, list[tuple[Unit, Unit]]] = {}
        moved: set[str] = set()
        for d in self._units:
            if d.document != "draft" or not self._one_to_one(d.unit_id):
                continue
            a = self._by_id[next(iter(self._links[d.unit_id]))]
            if _position(d) != _position(a):
                moved.add(d.unit_id)
                continue
            if d.parent_id is not None and a.parent_id not in self._links.get(d.parent_id, {}):
                moved.add(d.unit_id)
                continue
            key = (d.plan, d.section, d.parent_id, a.parent_id, len(d.sub))
            groups.setdefault(key, []).append((d, a))
        for members in groups.values():
            ranks = [(self._sibling_rank(d), self._sibling_rank(a)) for d, a in members]
            in_order = _order_chain(ranks)
            moved.update(d.unit_id for i, (d, _) in enumerate(members) if i not in in_order)
        return moved

    def _sibling_rank(self, unit: Unit) -> int:
        siblings = [u for u in self._units if u.document == unit.document and u.plan == unit.plan]
        siblings = [u for u in siblings if u.parent_id == unit.parent_id and _position(u) == _position(unit)]
        return siblings.index(unit)

    def _status(self, unit: Unit) -> str:
        links = self._links[unit.unit_id]
        is_draft = unit.document == "draft"
        if not links:
            return "deleted" if is_draft else "added"
        if len(links) > 1:
            return "split" if is_draft else "merged"
        partner = self._by_id[next(iter(links))]
        if len(self._links[partner.unit_id]) > 1:
            return "merged" if is_draft else "split"
        if normalise(unit.text) == normalise(partner.text):
            return "unchanged"
        draft_id = unit.unit_id if is_draft else partner.unit_id
        return "moved" if draft_id in self._moved else "reworded"

    def _compare(self, unit: Unit) -> Comparison:
        ranked = self._ranked(unit.unit_id)
        counterparts = tuple(u for u, _ in ranked)
        if unit.document == "draft":
            provenance = draft_provenance(self.corpus, unit)
        else:
            notes = (n for c in counterparts for n in draft_provenance(self.corpus, self._by_id[c]))
            provenance = tuple(dict.fromkeys(notes))
        if ranked:
            other = self._by_id[ranked[0][0]].text
            draft_text, adopted_text = (unit.text, other) if unit.document == "draft" else (other, unit.text)
            diff = word_diff(draft_text, adopted_text)
        else:
            diff = (DiffPiece("delete" if unit.document == "draft" else "insert", " ".join(unit.text.split())),)
        return Comparison(
            unit_id=unit.unit_id,
            status=self._status(unit),
            counterparts=counterparts,
            similarity=round(ranked[0][1], 4) if ranked else 0.0,
            diff=diff,
            provenance=provenance,
        )


# --- evaluation against hand-checked alignments ---------------------------------------------------


def load_fixture(path: str | Path) -> list[dict]:
    """Hand-checked alignments: a JSON list of {"unit_id", "status", "counterparts", "note"}."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _oriented(unit_id: str, other: str) -> tuple[str, str]:
    return (unit_id, other) if unit_id.startswith("draft:") else (other, unit_id)


def alignment_scores(alignment: Alignment, fixture: Sequence[Mapping] | str | Path) -> dict[str, float | int]:
    """Precision and recall of the linked pairs, and status accuracy, on the hand-checked units.

    Every fixture entry lists all counterparts of its unit, so any predicted pair that touches a
    fixture unit can be judged: precision is over those pairs, recall over the gold pairs.
    """
    entries = load_fixture(fixture) if isinstance(fixture, (str, Path)) else list(fixture)
    gold = {_oriented(e["unit_id"], c) for e in entries for c in e["counterparts"]}
    checked = {e["unit_id"] for e in entries}
    predicted = {(d, a) for d, a, _ in alignment.pairs() if d in checked or a in checked}
    hits = len(predicted & gold)
    correct = sum(alignment.compare(e["unit_id"]).status == e["status"] for e in entries)
    return {
        "precision": hits / len(predicted) if predicted else 1.0,
        "recall": hits / len(gold) if gold else 1.0,
        "status_accuracy": correct / len(entries) if entries else 1.0,
        "pairs_predicted": len(predicted),
        "pairs_gold": len(gold),
        "units": len(entries),
    }
