"""What a passage states on a yes/no question: the clause of it that speaks to the question.

"Will the UN look at crime in big cities?" is not answered by a fragment the question does not contain ("on the
possible cultural and institutional differences ..."), the reader's usual answer, but by the clause that says
so: "Continue to coordinate studies on crime in urban areas and measures for its effective prevention, including
on the possible cultural ...". That clause is the one whose tokens come closest to the question's content words,
the clause the reader avoids on other questions because it restates them.
"""

from __future__ import annotations

import re

import numpy as np

from embeddings.tokens import TokenVectors

# Where one clause of a passage ends and another begins: "...; actions may include ...", a new sentence, a colon.
_CLAUSE_END = re.compile(r"\s*(?:;|:|\.(?=\s+[A-Z(]))\s*")
# What joins a clause to the one before it, no part of what it states: "; and conducting ...".
_JOINING = re.compile(r"(?:and|or|but)\s+")
_TRAILING = " ,;:."


def clauses(text: str) -> list[tuple[int, int]]:
    """Character offsets of each clause of `text`, without the punctuation and the conjunction around it."""
    found = []
    start = 0
    for boundary in [*_CLAUSE_END.finditer(text), None]:
        end = boundary.start() if boundary else len(text)
        joined = _JOINING.match(text, start, end)
        begin = joined.end() if joined else start
        while end > begin and text[end - 1] in _TRAILING:
            end -= 1
        if end > begin:
            found.append((begin, end))
        if boundary:
            start = boundary.end()
    return found


def stated_clause(text: str, tokens: TokenVectors, question_vectors: np.ndarray) -> tuple[tuple[int, int], float]:
    """The clause of `text` that covers the question's content words best (the mean, over those words, of their
    closest token in the clause), and that coverage. `tokens` are the text's contextual token vectors,
    `question_vectors` the question's content-word token vectors (both L2-normalised)."""
    found = clauses(text) or [(0, len(text))]
    if not len(question_vectors) or not len(tokens.offsets):
        return found[0], 0.0
    similarity = tokens.vectors @ question_vectors.T
    best, best_coverage = found[0], -np.inf
    for start, end in found:
        inside = (tokens.offsets[:, 0] < end) & (tokens.offsets[:, 1] > start)
        if not inside.any():
            continue
        coverage = float(similarity[inside].max(axis=0).mean())
        if coverage > best_coverage:
            best, best_coverage = (start, end), coverage
    return best, best_coverage if np.isfinite(best_coverage) else 0.0
