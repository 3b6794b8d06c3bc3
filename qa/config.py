"""Named configurations of the pipeline; `default` is what `Assistant.load()` uses.

The default retrieval and reader settings were chosen on the development split of the gold set
(`python -m eval --split dev`); the README reports the test-split figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from qa.retriever import RetrievalSettings

READERS = ("extractive", "whole-unit", "transformers")


@dataclass(frozen=True)
class Config:
    name: str = "default"
    retrieval: RetrievalSettings = field(default_factory=RetrievalSettings)
    reader: str = "extractive"
    reader_model: str | None = None
    read_top: int = 5  # retrieved units the reader looks into

    def __post_init__(self) -> None:
        if self.reader not in READERS:
            raise ValueError(f"unknown reader {self.reader!r}; allowed: {', '.join(READERS)}")
        if self.reader == "transformers" and not self.reader_model:
            raise ValueError("the transformers reader needs reader_model, a local *ForQuestionAnswering folder")


DEFAULT = Config()

_NO_STRUCTURE = replace(DEFAULT.retrieval, section_weight=0.0, footnote_margin=None, answer_type_weight=0.0)

CONFIGS: dict[str, Config] = {
    # Retrieval alone, each answering with the whole first unit (the reader baseline).
    "bm25": replace(DEFAULT, name="bm25", retrieval=replace(_NO_STRUCTURE, mode="bm25"), reader="whole-unit"),
    "dense": replace(DEFAULT, name="dense", retrieval=replace(_NO_STRUCTURE, mode="dense", late_weight=0.0), reader="whole-unit"),
    "hybrid-no-structure": replace(DEFAULT, name="hybrid-no-structure", retrieval=_NO_STRUCTURE, reader="whole-unit"),
    "hybrid-rrf": replace(DEFAULT, name="hybrid-rrf", retrieval=replace(DEFAULT.retrieval, fusion="rrf"), reader="whole-unit"),
    "hybrid-no-late": replace(
        DEFAULT, name="hybrid-no-late", retrieval=replace(DEFAULT.retrieval, late_weight=0.0), reader="whole-unit"
    ),
    "hybrid": replace(DEFAULT, name="hybrid", reader="whole-unit"),
    # The default pipeline with the question encoded by ONNX Runtime (fp32, or int8 weights).
    "onnx": replace(DEFAULT, name="onnx", retrieval=replace(DEFAULT.retrieval, encoder_backend="onnx")),
    "onnx-int8": replace(DEFAULT, name="onnx-int8", retrieval=replace(DEFAULT.retrieval, encoder_backend="onnx-int8")),
    # Hybrid retrieval and the extractive reader: what Assistant.load() gives.
    "default": DEFAULT,
}


def named(name: str) -> Config:
    try:
        return CONFIGS[name]
    except KeyError:
        raise ValueError(f"unknown configuration {name!r}; allowed: {', '.join(CONFIGS)}") from None
