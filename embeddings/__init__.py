"""Dense side of retrieval: the sentence encoder, the text embedded per unit, and the cached FAISS index."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from embeddings.context import contextual_text
    from embeddings.encoder import Encoder, default_model_dir
    from embeddings.index import IndexCache, VectorIndex

__all__ = ["Encoder", "IndexCache", "VectorIndex", "contextual_text", "default_model_dir"]
_HOMES = {
    "contextual_text": "embeddings.context",
    "Encoder": "embeddings.encoder",
    "default_model_dir": "embeddings.encoder",
    "IndexCache": "embeddings.index",
    "VectorIndex": "embeddings.index",
}


def __getattr__(name: str):
    # Imported on first use, so that `embeddings.offline` stays cheap for the command line.
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'embeddings' has no attribute {name!r}")
