"""Does a question speak of something the texts never mention? ("What is the best football team?")

A question word absent from the corpus vocabulary is not enough: paraphrases ("guns", "jails", "graft")
are answerable through words of similar meaning. So each unknown word is compared, through its
contextual token vectors, with every content-word token of the corpus; a word whose best match is far
below what a paraphrase reaches marks the question as off-topic. On the development split the off-topic
questions ("FIFA World Cup", "weather forecast") score below 0.25 and every answerable question above 0.27.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

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
        return self.strangeness_many([question], [tokens])[0]

    def strangeness_many(self, questions: Sequence[str], tokens: Sequence[TokenVectors]) -> list[float]:
        """`strangeness` of each question; the unknown words of all of them are compared with the corpus in
        one matrix product, which reads the corpus' token vectors once rather than once per question."""
        words = [self._unknown_words(q, t) for q, t in zip(questions, tokens)]
        wanted = [t.vectors[sorted({i for word in w for i in word})] for w, t in zip(words, tokens)]
        if not any(len(v) for v in wanted):
            return [1.0 for _ in questions]
        best = (self.token_vectors @ np.concatenate(wanted).T).max(axis=0)
        scores, offset = [], 0
        for w, v in zip(words, wanted):
            column = dict(zip(sorted({i for word in w for i in word}), best[offset:offset + len(v)]))
            scores.append(float(min(max(column[i] for i in word) for word in w)) if w else 1.0)
            offset += len(v)
        return scores

    def _unknown_words(self, question: str, tokens: TokenVectors) -> list[list[int]]:
        """Per unknown word of the question, the rows of its word pieces in `tokens`."""
        pieces = [(i, int(start), int(end)) for i, (start, end) in enumerate(tokens.offsets) if question[start:end].isalpha()]
        rows = [
            [i for i, start, end in pieces if start >= m.start() and end <= m.end()]
            for m in _WORD.finditer(question) if self._unknown(m.group(0))
        ]
        return [r for r in rows if r]

    def _unknown(self, word: str) -> bool:
        parts = [p for p in word.split("-") if p.lower() not in STOP_WORDS]
        return bool(parts) and not any(stem(p) in self.stems for p in parts)
