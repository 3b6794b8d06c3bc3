"""Ways to merge a dense and a lexical ranking; each is a small pure function over position -> score."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], k: float = 60.0) -> dict[int, float]:
    """Cormack et al. (2009): sum of 1 / (k + rank) over the rankings a candidate appears in (ranks from 1)."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, position in enumerate(ranking, start=1):
            fused[position] = fused.get(position, 0.0) + 1.0 / (k + rank)
    return fused


def min_max(scores: Mapping[int, float]) -> dict[int, float]:
    """Scores rescaled to [0, 1]; all equal scores become 1 (nothing to tell them apart)."""
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    if high == low:
        return {p: 1.0 for p in scores}
    return {p: (s - low) / (high - low) for p, s in scores.items()}


def saturate(scores: Mapping[int, float], k: float) -> dict[int, float]:
    """s / (s + k): keeps BM25's absolute strength. Min-max would stretch the noise of a query whose words
    are all weak (a paraphrase) to the full [0, 1] range."""
    return {p: s / (s + k) for p, s in scores.items()}


def weighted_fusion(dense: Mapping[int, float], lexical: Mapping[int, float], lexical_weight: float) -> dict[int, float]:
    """Min-max normalised dense scores plus `lexical_weight` times the (already normalised) lexical scores;
    a candidate missing from one side scores 0 there."""
    dense_norm = min_max(dense)
    return {p: dense_norm.get(p, 0.0) + lexical_weight * lexical.get(p, 0.0) for p in set(dense_norm) | set(lexical)}
