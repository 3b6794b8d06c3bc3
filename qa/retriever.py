"""Hybrid retrieval: dense search over the FAISS index, BM25, and their fusion, inside a scope."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from corpus import Unit
from embeddings import Encoder, VectorIndex
from qa.fusion import reciprocal_rank_fusion, weighted_fusion
from qa.lexical import LexicalIndex

MODES = ("hybrid", "dense", "bm25")
FUSIONS = ("rrf", "weighted")


@dataclass(frozen=True)
class Hit:
    unit_id: str
    score: float
    rank: int
    unit: Unit
    dense_score: float | None = None
    lexical_score: float | None = None


@dataclass(frozen=True)
class RetrievalSettings:
    mode: str = "hybrid"
    fusion: str = "rrf"
    rrf_k: float = 60.0
    dense_weight: float = 0.5
    candidates: int = 50

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown retrieval mode {self.mode!r}; allowed: {', '.join(MODES)}")
        if self.fusion not in FUSIONS:
            raise ValueError(f"unknown fusion {self.fusion!r}; allowed: {', '.join(FUSIONS)}")


class HybridRetriever:
    """Ranks the units admitted by a scope; filtering happens before ranking, so every hit is in scope."""

    def __init__(
        self,
        units: Sequence[Unit],
        encoder: Encoder,
        vectors: VectorIndex,
        lexical: LexicalIndex,
        settings: RetrievalSettings = RetrievalSettings(),
    ) -> None:
        self.units = list(units)
        self.encoder = encoder
        self.vectors = vectors
        self.lexical = lexical
        self.settings = settings

    def run(self, question: str, allowed: np.ndarray, top_k: int, query_vector: np.ndarray | None = None) -> list[Hit]:
        settings = self.settings
        pool = max(settings.candidates, top_k)
        dense: dict[int, float] = {}
        lexical: dict[int, float] = {}
        if settings.mode in ("hybrid", "dense"):
            vector = query_vector if query_vector is not None else self.encoder.encode([question])[0]
            dense = dict(self.vectors.search(vector, pool, allowed))
        if settings.mode in ("hybrid", "bm25"):
            lexical = self._lexical_top(question, allowed, pool)
        if settings.mode == "dense":
            fused = dense
        elif settings.mode == "bm25":
            fused = lexical
        elif settings.fusion == "rrf":
            fused = reciprocal_rank_fusion([_ranking(dense), _ranking(lexical)], k=settings.rrf_k)
        else:
            fused = weighted_fusion(dense, lexical, settings.dense_weight)
        ranked = sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:top_k]
        return [
            Hit(self.units[p].unit_id, float(score), rank, self.units[p], dense.get(p), lexical.get(p))
            for rank, (p, score) in enumerate(ranked, start=1)
        ]

    def _lexical_top(self, question: str, allowed: np.ndarray, pool: int) -> dict[int, float]:
        scores = self.lexical.scores(question)[allowed]
        order = np.argsort(-scores, kind="stable")[:pool]
        return {int(allowed[i]): float(scores[i]) for i in order if scores[i] > 0}


def _ranking(scores: dict[int, float]) -> list[int]:
    return [p for p, _ in sorted(scores.items(), key=lambda item: (-item[1], item[0]))]
