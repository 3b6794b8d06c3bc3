"""Checks on what a user sends, each failing with a message that says what is wrong and what is allowed."""

from __future__ import annotations

import re
import unicodedata

MAX_QUESTION_CHARS = 1000
MAX_TOP_K = 50

_WORD = re.compile(r"\w", re.UNICODE)


def clean_question(question: object) -> str:
    """The question with surrounding white space removed, or ValueError."""
    if not isinstance(question, str):
        raise ValueError(f"the question must be text, not {type(question).__name__}")
    text = question.strip()
    if not text:
        raise ValueError("the question is empty; type a question about the plans of action")
    if len(text) > MAX_QUESTION_CHARS:
        raise ValueError(
            f"the question is {len(text)} characters long; the limit is {MAX_QUESTION_CHARS} characters"
        )
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in text):
        raise ValueError("the question contains control characters; remove them and ask again")
    if not _WORD.search(text):
        raise ValueError("the question has no words, only punctuation or symbols; ask in words")
    return " ".join(text.split())


def check_top_k(top_k: object) -> int:
    if isinstance(top_k, bool) or not isinstance(top_k, int):
        raise ValueError(f"top_k must be a whole number from 1 to {MAX_TOP_K}, not {top_k!r}")
    if not 1 <= top_k <= MAX_TOP_K:
        raise ValueError(f"top_k must be from 1 to {MAX_TOP_K}; got {top_k}")
    return top_k
