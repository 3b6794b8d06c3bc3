"""What every reader returns: ranked answer spans with character offsets into unit texts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from corpus import Unit


@dataclass(frozen=True)
class Span:
    """An extracted answer: `unit_text[start:end] == text`; `score` is comparable across units."""

    unit_id: str
    start: int
    end: int
    text: str
    score: float


class Reader(Protocol):
    def read(self, question: str, units: Sequence[Unit], top_k: int = 5) -> list[Span]:
        """Best spans first; an empty list when no unit holds an answer."""
        ...
