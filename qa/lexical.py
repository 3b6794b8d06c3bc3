"""BM25 over the units (bm25s), with English stemming and stop words."""

from __future__ import annotations

from collections.abc import Sequence

import bm25s
import numpy as np
import Stemmer


class LexicalIndex:
    """Scores every unit for a query; a mask keeps units outside the filter at zero."""

    def __init__(self, texts: Sequence[str], k1: float = 1.2, b: float = 0.75) -> None:
        self._stemmer = Stemmer.Stemmer("english")
        self._bm25 = bm25s.BM25(k1=k1, b=b)
        self._bm25.index(self._tokenize(texts), show_progress=False)
        self.size = len(texts)

    def _tokenize(self, texts: Sequence[str]) -> bm25s.tokenization.Tokenized:
        return bm25s.tokenize(list(texts), stopwords="en", stemmer=self._stemmer, show_progress=False)

    def scores_many(self, queries: Sequence[str]) -> list[np.ndarray]:
        """Every unit's score for each query; the queries are tokenized in one call."""
        tokenized = bm25s.tokenize(list(queries), stopwords="en", stemmer=self._stemmer, return_ids=False, show_progress=False)
        scores = []
        for tokens in tokenized:
            known = [t for t in tokens if t in self._bm25.vocab_dict]
            scores.append(np.asarray(self._bm25.get_scores(known), dtype=np.float32) if known else np.zeros(self.size, dtype=np.float32))
        return scores
