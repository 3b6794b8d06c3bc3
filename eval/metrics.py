"""Pure metric functions: retrieval per question, SQuAD reading scores, abstention, aggregation.

Retrieval metrics take the units of one question, best first, and the set of gold units, any one of
which answers it. A unit ranked twice (e.g. reached through two chunks) keeps only its first rank,
and later units move up, so a duplicate never fills a slot of the top k.
"""

from __future__ import annotations

import math
import random
import re
import string
from collections import Counter
from collections.abc import Collection, Iterable, Sequence

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCTUATION = frozenset(string.punctuation)


# --- Retrieval, one question -------------------------------------------------------------------


def _relevant_set(relevant: Collection[str]) -> set[str]:
    """Refuse what would silently score as a miss: no gold units, or one id passed as a bare string."""
    if isinstance(relevant, str):
        raise TypeError("relevant must be a collection of unit ids, not a single string")
    if not relevant:
        raise ValueError("retrieval metrics are undefined for a question without relevant units")
    return set(relevant)


def _top(ranked: Sequence[str], k: int) -> list[str]:
    """The first k distinct units, so that every metric agrees on what rank a unit holds."""
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    return list(dict.fromkeys(ranked))[:k]


def first_relevant_rank(ranked: Sequence[str], relevant: Collection[str]) -> int | None:
    """1-based rank of the first hit with no cut-off, for rank histograms; None when nothing is found."""
    gold = _relevant_set(relevant)
    for rank, unit_id in enumerate(dict.fromkeys(ranked), start=1):
        if unit_id in gold:
            return rank
    return None


def hit_at_k(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """1.0 when the top k hold any gold unit: one unit is enough for the reader to find the answer."""
    gold = _relevant_set(relevant)
    return 1.0 if any(unit_id in gold for unit_id in _top(ranked, k)) else 0.0


def recall_at_k(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """Share of gold units in the top k, for questions whose answer spans several units."""
    gold = _relevant_set(relevant)
    return len(gold.intersection(_top(ranked, k))) / len(gold)


def reciprocal_rank(ranked: Sequence[str], relevant: Collection[str], k: int = 10) -> float:
    """1/rank of the first hit within k, 0.0 beyond: a hit the reader never sees earns nothing."""
    gold = _relevant_set(relevant)
    for rank, unit_id in enumerate(_top(ranked, k), start=1):
        if unit_id in gold:
            return 1.0 / rank
    return 0.0


def _dcg(gains: Iterable[float]) -> float:
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def ndcg_at_k(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """Binary-gain nDCG; the ideal ranking holds min(|relevant|, k) hits, so a perfect top k scores 1.0."""
    gold = _relevant_set(relevant)
    dcg = _dcg(1.0 if unit_id in gold else 0.0 for unit_id in _top(ranked, k))
    ideal = _dcg([1.0] * min(len(gold), k))
    return dcg / ideal


# --- Reading, SQuAD v1.1 ----------------------------------------------------------------------


def normalize_answer(s: str) -> str:
    """The official SQuAD normalisation, so scores compare with published ones: case, punctuation,
    articles and spacing do not count against an answer."""
    lowered = s.lower()
    without_punctuation = "".join(ch for ch in lowered if ch not in _PUNCTUATION)
    without_articles = _ARTICLES.sub(" ", without_punctuation)
    return " ".join(without_articles.split())


def _require_golds(golds: Sequence[str]) -> None:
    """A maximum over no answers is undefined, and a bare string would be scored letter by letter."""
    if isinstance(golds, str):
        raise TypeError("golds must be a sequence of answers, not a single string")
    if not golds:
        raise ValueError("reading metrics need at least one gold answer")


def exact_match(prediction: str, golds: Sequence[str]) -> float:
    """1.0 when the prediction equals any gold answer after normalisation: annotators disagree on
    span boundaries, so matching one of them is enough."""
    _require_golds(golds)
    predicted = normalize_answer(prediction)
    return 1.0 if any(predicted == normalize_answer(gold) for gold in golds) else 0.0


def _f1(prediction_tokens: list[str], gold_tokens: list[str]) -> float:
    """Empty against empty is agreement (1.0), as in the SQuAD v2 script; v1.1 would score it 0."""
    if not prediction_tokens or not gold_tokens:
        return 1.0 if prediction_tokens == gold_tokens else 0.0
    common = sum((Counter(prediction_tokens) & Counter(gold_tokens)).values())
    if common == 0:
        return 0.0
    precision = common / len(prediction_tokens)
    recall = common / len(gold_tokens)
    return 2 * precision * recall / (precision + recall)


def token_f1(prediction: str, golds: Sequence[str]) -> float:
    """Best token-overlap F1 over the gold answers: partial credit for a span that is too long or
    too short, counting repeated tokens only as often as both sides hold them."""
    _require_golds(golds)
    predicted = normalize_answer(prediction).split()
    return max(_f1(predicted, normalize_answer(gold).split()) for gold in golds)


def passage_f1(shown: Collection[str], relevant: Collection[str]) -> float:
    """F1 of the passages an answer shows against the gold ones, for list questions whose answer is a paragraph's
    measures: a paragraph shown with its eight measures, where one measure answers, scores 2 * 1 / (9 + 1) = 0.2."""
    gold = _relevant_set(relevant)
    found = set(shown)
    common = len(found & gold)
    return 2 * common / (len(found) + len(gold)) if common else 0.0


# --- Abstention, over many questions ----------------------------------------------------------


def _share(part: int, whole: int) -> float | None:
    """None rather than a number when there is nothing to take a share of, so that an empty case
    is not mistaken for a perfect or a failing one."""
    return part / whole if whole else None


def abstention_scores(abstained: Sequence[bool], answerable: Sequence[bool]) -> dict[str, float | None]:
    """How well the system knows when the corpus has no answer, question by question in parallel lists.

    - abstain_precision: of the abstentions, the share on unanswerable questions;
      None when the system never abstained.
    - abstain_recall: of the unanswerable questions, the share abstained on;
      None when every question is answerable.
    - false_abstain: of the answerable questions, the share abstained on (lower is better);
      None when no question is answerable.
    """
    if len(abstained) != len(answerable):
        raise ValueError(f"{len(abstained)} abstention flags for {len(answerable)} questions")
    pairs = list(zip(abstained, answerable))
    correct = sum(1 for a, ok in pairs if a and not ok)
    wrong = sum(1 for a, ok in pairs if a and ok)
    unanswerable = sum(1 for ok in answerable if not ok)
    return {
        "abstain_precision": _share(correct, correct + wrong),
        "abstain_recall": _share(correct, unanswerable),
        "false_abstain": _share(wrong, len(answerable) - unanswerable),
    }


# --- Aggregation ------------------------------------------------------------------------------


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the defined values: undefined per-question scores (None) are left out, not counted as 0."""
    defined = [value for value in values if value is not None]
    return sum(defined) / len(defined) if defined else None


def percentile(values: Iterable[float], q: float) -> float:
    """q-th percentile (0-100) by linear interpolation between closest ranks, numpy's default, so
    latency p50/p95 match what numpy or pandas would report."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"q must be within [0, 100], got {q}")
    position = (len(ordered) - 1) * q / 100
    lower = math.floor(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


# --- Uncertainty --------------------------------------------------------------------------------
# A test split of about a hundred questions measures a share only to within several points; the intervals
# say how far, so that a target "missed by one question" is read as what it is.


def wilson_interval(successes: int, total: int, z: float = 1.96) -> tuple[float, float] | None:
    """Wilson score interval of a share (95 % for z = 1.96); it stays within [0, 1] and is sensible for
    shares near 0 or 1 and for small totals, where the normal approximation is not. None for no trials."""
    if not 0 <= successes <= total:
        raise ValueError(f"successes must be within [0, total], got {successes} of {total}")
    if total == 0:
        return None
    share = successes / total
    scale = 1 + z * z / total
    centre = (share + z * z / (2 * total)) / scale
    half = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total)) / scale
    return max(0.0, centre - half), min(1.0, centre + half)


def bootstrap_interval(
    values: Sequence[float], level: float = 0.95, resamples: int = 2000, seed: int = 0
) -> tuple[float, float] | None:
    """Percentile bootstrap interval of a mean (for token F1, whose per-question values are not 0 or 1).
    Seeded, so that a report is reproducible. None for no values."""
    if not 0 < level < 1:
        raise ValueError(f"level must be within (0, 1), got {level}")
    if not values:
        return None
    rng = random.Random(seed)
    n = len(values)
    means = [sum(rng.choices(values, k=n)) / n for _ in range(resamples)]
    tail = (1 - level) / 2 * 100
    return percentile(means, tail), percentile(means, 100 - tail)
