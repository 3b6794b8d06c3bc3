"""Contextual token embeddings of the encoder's transformer, with character offsets into the text."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from embeddings.encoder import Encoder


@dataclass(frozen=True)
class TokenVectors:
    """One text's word-piece tokens (special tokens removed): `offsets[i]` is (start, end) in the text."""

    offsets: np.ndarray  # int, shape (tokens, 2)
    vectors: np.ndarray  # float32, L2-normalised, shape (tokens, dimension)


def similarities(rows: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """`rows @ queries.T` for a tall float32 table and a few query vectors. torch's CPU kernel reads the tall
    table faster than numpy's OpenBLAS on one thread (measured on the 10,126-row content-token table with
    8 query tokens: 1.1 ms against 1.7 ms); torch is loaded with the encoder anyway."""
    import torch

    with warnings.catch_warnings():
        # A read-only table (a loaded cache) is shared, not copied: torch only reads it here.
        warnings.filterwarnings("ignore", "The given NumPy array is not writable")
        table = torch.from_numpy(rows)
    return (table @ torch.from_numpy(np.ascontiguousarray(queries, dtype=np.float32)).T).numpy()


class TokenEmbedder:
    """Runs the encoder's transformer directly (not its pooled sentence output) on a batch of texts."""

    def __init__(self, encoder: Encoder, max_tokens: int = 256) -> None:
        self.encoder = encoder
        self.max_tokens = max_tokens

    def embed(self, texts: Sequence[str]) -> list[TokenVectors]:
        return self.embed_with_pooled(texts)[1]

    @cached_property
    def pools_by_mean(self) -> bool:
        """True when the sentence vector is the normalised mean of the token states (all-MiniLM-L6-v2), so one
        forward pass gives both the sentence vector and the token vectors."""
        modules = [type(m).__name__ for m in self.encoder.model]
        if modules[:2] != ["Transformer", "Pooling"] or modules[2:] not in ([], ["Normalize"]):
            return False
        return self.encoder.model[1].get_config_dict().get("pooling_mode") == "mean"

    def embed_with_pooled(self, texts: Sequence[str]) -> tuple[np.ndarray | None, list[TokenVectors]]:
        """Token vectors of each text and, when the model pools by mean, its sentence vectors (else None)."""
        import torch

        model = self.encoder.model
        tokenizer, transformer = model.tokenizer, model[0].auto_model
        batch = tokenizer(
            list(texts), padding=True, truncation=True, max_length=self.max_tokens,
            return_offsets_mapping=True, return_special_tokens_mask=True, return_tensors="pt",
        )
        offsets = batch.pop("offset_mapping").numpy()
        special = batch.pop("special_tokens_mask").numpy().astype(bool)
        inputs = {k: v for k, v in batch.items() if k in ("input_ids", "attention_mask", "token_type_ids")}
        with torch.inference_mode():
            hidden = transformer(**inputs).last_hidden_state.numpy()
        pooled = None
        if self.pools_by_mean:
            mask = batch["attention_mask"].numpy()[..., None].astype(np.float32)
            means = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
            pooled = (means / np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-12)).astype(np.float32)
        results = []
        for row in range(len(texts)):
            keep = (~special[row]) & (batch["attention_mask"][row].numpy() == 1)
            vectors = hidden[row][keep]
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            results.append(TokenVectors(offsets[row][keep].astype(np.int64), (vectors / np.maximum(norms, 1e-9)).astype(np.float32)))
        return pooled, results
