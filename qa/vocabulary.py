"""Does a question speak of something the texts never mention? ("What is the best football team?")

A question word absent from the corpus vocabulary is not enough: paraphrases ("guns", "jails", "graft")
are answerable through words of similar meaning. So each unknown word is compared, through its
contextual token vectors, with every content-word token of the corpus; a word whose best match is far
below what a paraphrase reaches marks the question as off-topic. On the development split the off-topic
questions ("FIFA World Cup", "weather forecast") score below 0.25 and every answerable question above 0.27.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

from embeddings.tokens import TokenVectors
from qa.words import STOP_WORDS, stem

# Hyphenated compounds count as one word: "gun-running" is known through "gun".
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


class CorpusVocabulary:
    def __init__(self, texts: Iterable[str], token_vectors: np.ndarray) -> None:
        self.stems = {stem(w) for text in texts for w in re.findall(r"[A-Za-z]+", text)}
        self.token_vectors = token_vectors  # the corpus' content-word tokens, L2-normalised

    def strangeness(self, question: str, tokens: TokenVectors) -> float:
        """The best corpus-token similarity of the question's least familiar unknown word; 1.0 when every
        content word is in the corpus."""
        pieces = [(i, int(start), int(end)) for i, (start, end) in enumerate(tokens.offsets) if question[start:end].isalpha()]
        rows = [
            [i for i, start, end in pieces if start >= m.start() and end <= m.end()]
            for m in _WORD.finditer(question) if self._unknown(m.group(0))
        ]
        rows = [r for r in rows if r]
        if not rows:
            return 1.0
        wanted = sorted({i for r in rows for i in r})
        best = dict(zip(wanted, (self.token_vectors @ tokens.vectors[wanted].T).max(axis=0)))
        return float(min(max(best[i] for i in r) for r in rows))

    def _unknown(self, word: str) -> bool:
        parts = [p for p in word.split("-") if p.lower() not in STOP_WORDS]
        return bool(parts) and not any(stem(p) in self.stems for p in parts)
