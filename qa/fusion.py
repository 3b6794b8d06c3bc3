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


def weighted_fusion(dense: Mapping[int, float], lexical: Mapping[int, float], dense_weight: float) -> dict[int, float]:
    """Convex combination of min-max normalised scores; a candidate missing from one side scores 0 there."""
    dense_norm, lexical_norm = min_max(dense), min_max(lexical)
    return {
        p: dense_weight * dense_norm.get(p, 0.0) + (1.0 - dense_weight) * lexical_norm.get(p, 0.0)
        for p in set(dense_norm) | set(lexical_norm)
    }
