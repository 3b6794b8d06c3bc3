"""The readers behind one interface (`read(question, units) -> ranked spans`) and how to build one."""

from __future__ import annotations

from collections.abc import Sequence

from corpus import Unit
from embeddings import Encoder
from qa.config import Config
from qa.reading import Reader, Span


class WholeUnitReader:
    """Baseline: the whole text of each unit is the answer, in retrieval order."""

    def read(self, question: str, units: Sequence[Unit], top_k: int = 5) -> list[Span]:
        return [Span(u.unit_id, 0, len(u.text), u.text, 1.0 / rank) for rank, u in enumerate(units[:top_k], start=1)]


def build_reader(config: Config, encoder: Encoder) -> Reader:
    if config.reader == "whole-unit":
        return WholeUnitReader()
    if config.reader == "transformers":
        from qa.hf_reader import TransformersReader

        return TransformersReader(config.reader_model)
    from qa.extractive import ExtractiveReader

    return ExtractiveReader(encoder)
