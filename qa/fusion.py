"""Ways to merge a dense and a lexical ranking; each is a small pure function."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], k: float = 60.0) -> dict[int, float]:
    """Cormack et al. (2009): sum of 1 / (k + rank) over the rankings a candidate appears in (ranks from 1)."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, position in enumerate(ranking, start=1):
            fused[position] = fused.get(position, 0.0) + 1.0 / (k + rank)
    return fused


def min_max(values: np.ndarray, present: np.ndarray | None = None) -> np.ndarray:
    """Rescaled to [0, 1] over the `present` entries (all by default); absent entries are 0, and equal
    scores all become 1 (nothing tells them apart)."""
    values = np.asarray(values, dtype=np.float64)
    present = np.ones(len(values), dtype=bool) if present is None else np.asarray(present, dtype=bool)
    out = np.zeros(len(values), dtype=np.float64)
    if present.any():
        low, high = values[present].min(), values[present].max()
        out[present] = 1.0 if high == low else (values[present] - low) / (high - low)
    return out


def saturate(values: np.ndarray, k: float) -> np.ndarray:
    """s / (s + k): keeps BM25's absolute strength. Min-max would stretch the noise of a query whose words
    are all weak (a paraphrase) to the full [0, 1] range."""
    values = np.asarray(values, dtype=np.float64)
    return values / (values + k)


def weighted_fusion(
    dense: np.ndarray, dense_present: np.ndarray, lexical: np.ndarray, lexical_weight: float, saturation: float
) -> np.ndarray:
    """Min-max normalised dense scores (0 where the dense search did not return the candidate) plus
    `lexical_weight` times the saturated BM25 scores."""
    return min_max(dense, dense_present) + lexical_weight * saturate(lexical, saturation)


_CITATION_STEP = 1e-6


def promote_cited(
    positions: np.ndarray, scores: np.ndarray, cited: Sequence[Sequence[int]], margin: float
) -> np.ndarray:
    """Each candidate that another candidate cites (a footnote of it) scores at least the citing one's
    score plus `margin`: the answer to "which resolution ..." sits in the footnote, found through its text.
    Footnotes cited together keep the order they are cited in (a unit's own before its plan's): each one
    after the first gets `_CITATION_STEP` less."""
    row_of = {int(p): row for row, p in enumerate(positions)}
    promoted = np.array(scores, dtype=np.float64)
    for row, position in enumerate(positions):
        for order, target in enumerate(cited[int(position)]):
            if target in row_of:
                floor = scores[row] + margin - order * _CITATION_STEP
                promoted[row_of[target]] = max(promoted[row_of[target]], floor)
    return promoted
