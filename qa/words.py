"""Content words of questions and spans: what is left after stop words, stemmed for comparison."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import Stemmer

from corpus import Unit
from embeddings.index import TokenTable
from embeddings.tokens import TokenVectors

WORD = re.compile(r"[A-Za-z0-9]+")
_STEMMER = Stemmer.Stemmer("english")
# Function words, question words and words every question about these texts shares.
STOP_WORDS = frozenset(
    "a an the of to in on for by and or with at from as is are be was were will should must shall can could would "
    "what which who whom whose when where why how do does did about into under over than that this these those it its "
    "their they them there any all some such plan plans text say says said mention mentions anything according "
    "states state document draft adopted un united nations".split()
)


def stem(word: str) -> str:
    stemmed = _STEMMER.stemWord(word.lower())
    # Snowball keeps the noun and the verb apart ("analysi", "analys", "analyz"); the reader matches them as one.
    return _ANALYSIS.sub("ys", stemmed)


_ANALYSIS = re.compile(r"(?:ysi|yz)$")


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in WORD.findall(text) if w.lower() not in STOP_WORDS}


def content_token_mask(text: str, offsets: np.ndarray) -> np.ndarray:
    """Which word pieces of `text` (by their character offsets) belong to content words."""
    return np.array([_is_content(_word_at(text, int(start), int(end))) for start, end in offsets], dtype=bool)


def content_token_vectors(text: str, tokens: TokenVectors) -> np.ndarray:
    """Vectors of the word pieces of `text` that belong to content words."""
    return tokens.vectors[content_token_mask(text, tokens.offsets)] if len(tokens.offsets) else tokens.vectors


def _is_content(word: str) -> bool:
    return bool(word) and word.lower() not in STOP_WORDS


def _word_at(text: str, start: int, end: int) -> str:
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    word = text[start:end]
    return word if WORD.fullmatch(word) else ""


def content_token_table(units: Sequence[Unit], tokens: TokenTable) -> TokenTable:
    """The units' token table without function-word tokens: on dev the late interaction ranks the same
    with and without them (Hit@5 0.962, MRR 0.828), in half the time. A unit keeps at least one token."""
    keep = np.zeros(len(tokens.offsets), dtype=bool)
    for position, unit in enumerate(units):
        low, high = tokens.starts[position], tokens.starts[position + 1]
        mask = content_token_mask(unit.text, tokens.offsets[low:high])
        if high > low and not mask.any():
            mask[0] = True
        keep[low:high] = mask
    counts = np.add.reduceat(keep.astype(np.int64), tokens.starts[:-1]) if len(keep) else np.zeros(len(units), np.int64)
    starts = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    return TokenTable(tokens.vectors[keep], tokens.offsets[keep], starts)
