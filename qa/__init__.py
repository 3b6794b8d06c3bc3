"""Question answering over the plans of action: `from qa import Assistant`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qa.answer import Answer, Citation
    from qa.assistant import Assistant

__all__ = ["Answer", "Assistant", "Citation"]


def __getattr__(name: str):
    # Imported on first use so that `python -m qa --help` does not pay for faiss, bm25s and torch.
    if name == "Assistant":
        from qa.assistant import Assistant

        return Assistant
    if name in ("Answer", "Citation"):
        from qa import answer

        return getattr(answer, name)
    raise AttributeError(f"module 'qa' has no attribute {name!r}")
