"""Does a question speak of something the texts never mention? ("What is the best football team?")

A question word absent from the corpus vocabulary is not enough: paraphrases ("guns", "jails", "graft")
are answerable through words of similar meaning. So each unknown word is compared, through its
contextual token vectors, with every content-word token of the corpus; a word whose best match is far
below what a paraphrase reaches marks the question as off-topic. With the corpus-fitted encoder, on the
development split and the training questions, five off-topic questions ("FIFA World Cup", "the capital city of
Australia") score below 0.255 and every answerable question above 0.265; others reach 0.27-0.30 ("weather",
"boiling point"), as close as the paraphrases "serial numbers" and "chip in".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from embeddings.tokens import TokenVectors, similarities
from qa.words import STOP_WORDS, stem

# Hyphenated compounds count as one word: "gun-running" is known through "gun".
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# Capitalised words in a row, joined by the small words of titles; not the question's first word.
_NAME = re.compile(r"(?<!^)(?<![.?!] )\b[A-Z][\w'-]*(?:\s+(?:(?:of|on|for|against|the|and|in|to)\s+)*[A-Z][\w'-]*)+")

_ABBREVIATION = re.compile(r"[A-Z]{2,}s?")
# "the Ad Hoc Committee's work": the "s" is no word of the name.
_POSSESSIVE = re.compile(r"'s\b")

_ORDINAL = (
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth"
    r"|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|\d+(?:st|nd|rd|th)"
)
# "its eleventh session"; "the ninth and tenth sessions" names both.
_OCCASION = re.compile(
    rf"\b((?:{_ORDINAL})(?:(?:,| and| or| to) (?:{_ORDINAL}))*) (session|congress|meeting)s?\b", re.IGNORECASE
)
_EACH_ORDINAL = re.compile(_ORDINAL, re.IGNORECASE)


@dataclass(frozen=True)
class UnknownWord:
    word: str
    similarity: float  # its best match among the corpus' content-word tokens


class CorpusVocabulary:
    def __init__(self, texts: Iterable[str], token_vectors: np.ndarray) -> None:
        texts = list(texts)
        self.unit_stems = [frozenset(stem(w) for w in re.findall(r"[A-Za-z]+", text)) for text in texts]
        self.occasions = frozenset(occasion for text in texts for occasion in _occasions(text))
        self.stems = frozenset().union(*self.unit_stems)
        self.token_vectors = token_vectors  # the corpus' content-word tokens, L2-normalised

    def unmentioned_name(self, question: str) -> str | None:
        """A name of several capitalised words ("International Criminal Court") whose words no single unit
        uses together: the texts do not speak of it. Each word alone may be common ("international"), and a
        name the texts spell otherwise ("the Organized Crime Convention") still has its words in one unit. An
        abbreviation ("NGOs", "UN") is no word of it: the texts spell those out."""
        for match in _NAME.finditer(question):
            words = {
                stem(w) for w in re.findall(r"[A-Za-z]+", _POSSESSIVE.sub("", match.group(0)))
                if w.lower() not in STOP_WORDS and not _ABBREVIATION.fullmatch(w)
            }
            if len(words) >= 2 and not any(words <= unit for unit in self.unit_stems):
                return match.group(0)
        return None

    def unmentioned_occasion(self, question: str) -> str | None:
        """A numbered session, congress or meeting ("its eleventh session") that the texts never name: they
        speak of the tenth session and the Tenth Congress, and of nothing after them."""
        for match in _OCCASION.finditer(question):
            if not _occasions(match.group(0)) <= self.occasions:
                return match.group(0)
        return None

    def least_familiar(self, question: str, tokens: TokenVectors) -> UnknownWord | None:
        """The question's unknown word whose best match among the corpus' tokens is the weakest, with that
        similarity; None when every content word is in the corpus."""
        return self.least_familiar_many([question], [tokens])[0]

    def least_familiar_many(self, questions: Sequence[str], tokens: Sequence[TokenVectors]) -> list[UnknownWord | None]:
        """`least_familiar` of each question; the unknown words of all of them are compared with the corpus in
        one matrix product, which reads the corpus' token vectors once rather than once per question."""
        words = [self._unknown_words(q, t) for q, t in zip(questions, tokens)]
        rows = [sorted({i for _, pieces in w for i in pieces}) for w in words]
        if not any(rows):
            return [None for _ in questions]
        best = similarities(self.token_vectors, np.concatenate([t.vectors[r] for t, r in zip(tokens, rows)])).max(axis=0)
        found: list[UnknownWord | None] = []
        offset = 0
        for w, r in zip(words, rows):
            column = dict(zip(r, best[offset:offset + len(r)]))
            found.append(min((UnknownWord(word, float(max(column[i] for i in pieces))) for word, pieces in w),
                             key=lambda u: u.similarity, default=None))
            offset += len(r)
        return found

    def unfamiliar_rows(self, question: str, tokens: TokenVectors) -> set[int]:
        """The rows of `tokens` (the question's word pieces) that belong to words the texts never use."""
        return {row for _, rows in self._unknown_words(question, tokens) for row in rows}

    def _unknown_words(self, question: str, tokens: TokenVectors) -> list[tuple[str, list[int]]]:
        """Each unknown word of the question with the rows of its word pieces in `tokens`."""
        pieces = [(i, int(start), int(end)) for i, (start, end) in enumerate(tokens.offsets) if question[start:end].isalpha()]
        words = [
            (m.group(0), [i for i, start, end in pieces if start >= m.start() and end <= m.end()])
            for m in _WORD.finditer(question) if self._unknown(m.group(0))
        ]
        return [(word, rows) for word, rows in words if rows]

    def _unknown(self, word: str) -> bool:
        parts = [p for p in word.split("-") if p.lower() not in STOP_WORDS]
        return bool(parts) and not any(stem(p) in self.stems for p in parts)


def _occasions(text: str) -> set[str]:
    """Each numbered occasion a text names, one by one: "ninth and tenth sessions" -> ninth session, tenth session."""
    return {
        f"{ordinal.lower()} {match.group(2).lower()}"
        for match in _OCCASION.finditer(text) for ordinal in _EACH_ORDINAL.findall(match.group(1))
    }
