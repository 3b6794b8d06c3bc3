"""A FAISS inner-product index over unit vectors, cached on disk behind a manifest.

The manifest records what the index was built from (model identity, hash of the embedded texts,
dimension, library versions, build time) and the SHA-256 of the index file. A cache that does not match,
cannot be read or is truncated is rebuilt with a warning: it never crashes and never answers from
stale vectors. Writes go to a temporary file renamed into place under a lock, so two processes never
leave a torn file; an unwritable folder falls back to an in-memory index with a warning.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import tempfile
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import faiss
import numpy as np

from embeddings.encoder import Encoder
from embeddings.tokens import TokenEmbedder, TokenVectors, similarities

log = logging.getLogger(__name__)

# FAISS's OpenMP threads spin after a batched search and stall torch's threads on a two-core machine
# (measured: a 100-question ask_many took 230 ms longer now and then); one thread searches 32 questions
# in about 1 ms.
faiss.omp_set_num_threads(1)

INDEX_FILE = "units.faiss"
TOKENS_FILE = "tokens.npz"
MANIFEST_FILE = "manifest.json"
LOCK_FILE = ".lock"
_LIBRARIES = ("faiss-cpu", "sentence-transformers", "torch", "transformers")


@dataclass(frozen=True)
class VectorIndex:
    """Vectors of `unit_ids` (same order) in a flat inner-product FAISS index."""

    unit_ids: tuple[str, ...]
    index: faiss.Index
    origin: str  # "loaded", "built" or "rebuilt: <reason>"
    tokens: TokenTable

    @property
    def vectors(self) -> np.ndarray:
        return self.index.reconstruct_n(0, self.index.ntotal)

    def search(self, queries: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[list[tuple[int, float]]]:
        """Per query row, (position, cosine score) of the `k` nearest units, only among positions in `allowed`
        when given; one FAISS call for all rows."""
        queries = np.atleast_2d(np.asarray(queries, dtype=np.float32))
        if allowed is not None and len(allowed) == 0:
            return [[] for _ in queries]
        limit = min(k, self.index.ntotal if allowed is None else len(allowed))
        params = None
        if allowed is not None:
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64)))
        scores, positions = self.index.search(queries, limit, params=params)
        return [
            [(p, s) for p, s in zip(row_positions.tolist(), row_scores.tolist()) if p >= 0]
            for row_positions, row_scores in zip(positions, scores)
        ]


@dataclass(frozen=True)
class TokenTable:
    """Contextual token vectors of every unit's own text, concatenated; unit i owns rows starts[i]:starts[i+1]."""

    vectors: np.ndarray  # float32 (tokens, dimension), L2-normalised
    offsets: np.ndarray  # int64 (tokens, 2), character offsets into the unit text
    starts: np.ndarray  # int64 (units + 1,)

    def of(self, position: int) -> TokenVectors:
        low, high = self.starts[position], self.starts[position + 1]
        return TokenVectors(self.offsets[low:high], self.vectors[low:high])

    def subset(self, positions: Sequence[int]) -> TokenTable:
        """The rows of the units at `positions`, in that order, as a contiguous table of their own."""
        positions = np.asarray(positions, dtype=np.int64)
        lengths = self.starts[positions + 1] - self.starts[positions]
        starts = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        rows = np.repeat(self.starts[positions] - starts[:-1], lengths) + np.arange(starts[-1])
        return TokenTable(self.vectors[rows], self.offsets[rows], starts)

    def max_similarity(self, queries: Sequence[np.ndarray]) -> np.ndarray:
        """Late interaction (ColBERT's MaxSim) of every unit with every query, shape (units, queries): the mean
        over a query's token vectors of their best match among the unit's. One matrix product serves all
        queries, which is what makes a batch cheaper per question; a query without tokens scores 0."""
        sizes = np.array([len(q) for q in queries], dtype=np.int64)
        scores = np.zeros((len(self.starts) - 1, len(queries)), dtype=np.float32)
        present = sizes > 0
        if not present.any() or len(self.vectors) == 0:
            return scores
        stacked = np.concatenate([q for q in queries if len(q)]).astype(np.float32, copy=False)
        best = np.maximum.reduceat(similarities(self.vectors, stacked), self.starts[:-1], axis=0)
        bounds = np.concatenate(([0], np.cumsum(sizes[present])[:-1]))
        scores[:, present] = np.add.reduceat(best, bounds, axis=1) / sizes[present]
        return scores

    @classmethod
    def build(cls, texts: Sequence[str], embedder: TokenEmbedder, batch: int = 32) -> TokenTable:
        # Batches of similar length waste little on padding (what sentence-transformers does too).
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        embedded: dict[int, TokenVectors] = {}
        for start in range(0, len(order), batch):
            chunk = order[start:start + batch]
            embedded.update(zip(chunk, embedder.embed([texts[i] for i in chunk])))
        parts = [embedded[i] for i in range(len(texts))]
        starts = np.cumsum([0] + [len(p.offsets) for p in parts]).astype(np.int64)
        return cls(np.concatenate([p.vectors for p in parts]), np.concatenate([p.offsets for p in parts]), starts)


def texts_fingerprint(unit_ids: Sequence[str], texts: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for unit_id, text in zip(unit_ids, texts, strict=True):
        digest.update(unit_id.encode("utf-8") + b"\0" + text.encode("utf-8") + b"\0")
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in _LIBRARIES}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class IndexCache:
    """Loads the index from `folder` when it matches the units and the model, else builds and saves it."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def load_or_build(
        self, unit_ids: Sequence[str], texts: Sequence[str], token_texts: Sequence[str], encoder: Encoder
    ) -> VectorIndex:
        """`texts` are embedded whole into the FAISS index; `token_texts` (the units' own words) token by token."""
        expected = {
            "model": encoder.identity,
            "texts_sha256": texts_fingerprint(unit_ids, texts),
            "token_texts_sha256": texts_fingerprint(unit_ids, token_texts),
            "unit_ids": list(unit_ids),
            "libraries": library_versions(),
        }
        reason = self._stale_reason(expected)
        if reason is None:
            index = faiss.read_index(str(self.folder / INDEX_FILE))
            with np.load(self.folder / TOKENS_FILE, allow_pickle=False) as stored:
                tokens = TokenTable(stored["vectors"], stored["offsets"], stored["starts"])
            return VectorIndex(tuple(unit_ids), index, "loaded", tokens)
        if reason != "no cached index":
            warnings.warn(f"rebuilding the vector index in {self.folder}: {reason}", stacklevel=2)
        index = self._build(texts, encoder)
        tokens = TokenTable.build(token_texts, TokenEmbedder(encoder))
        self._save(index, tokens, expected)
        return VectorIndex(tuple(unit_ids), index, "built" if reason == "no cached index" else f"rebuilt: {reason}", tokens)

    def _stale_reason(self, expected: dict) -> str | None:
        manifest_path, index_path = self.folder / MANIFEST_FILE, self.folder / INDEX_FILE
        if not manifest_path.exists() and not index_path.exists():
            return "no cached index"
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            return f"unreadable manifest ({error.__class__.__name__})"
        if not isinstance(manifest, dict):
            return "unreadable manifest (not an object)"
        for key in ("model", "texts_sha256", "token_texts_sha256", "unit_ids", "libraries"):
            if manifest.get(key) != expected[key]:
                return f"{key} changed"
        for name, key in ((INDEX_FILE, "index_sha256"), (TOKENS_FILE, "tokens_sha256")):
            try:
                if file_sha256(self.folder / name) != manifest.get(key):
                    return f"{name} is corrupt or truncated (checksum mismatch)"
            except OSError as error:
                return f"{name} unreadable ({error.__class__.__name__})"
        return None

    @staticmethod
    def _build(texts: Sequence[str], encoder: Encoder) -> faiss.Index:
        vectors = encoder.encode(texts)
        index = faiss.IndexFlatIP(vectors.shape[1])
        index.add(vectors)
        return index

    def _save(self, index: faiss.Index, tokens: TokenTable, expected: dict) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with (self.folder / LOCK_FILE).open("a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                index_tmp = self._temporary(INDEX_FILE)
                faiss.write_index(index, str(index_tmp))
                tokens_tmp = self._temporary(TOKENS_FILE)
                with tokens_tmp.open("wb") as handle:
                    np.savez(handle, vectors=tokens.vectors, offsets=tokens.offsets, starts=tokens.starts)
                manifest = {
                    **expected,
                    "dimension": index.d,
                    "count": index.ntotal,
                    "index_sha256": file_sha256(index_tmp),
                    "tokens_sha256": file_sha256(tokens_tmp),
                    "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                }
                manifest_tmp = self._temporary(MANIFEST_FILE)
                manifest_tmp.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
                os.replace(index_tmp, self.folder / INDEX_FILE)
                os.replace(tokens_tmp, self.folder / TOKENS_FILE)
                os.replace(manifest_tmp, self.folder / MANIFEST_FILE)
        except OSError as error:
            warnings.warn(
                f"cannot write the index cache in {self.folder} ({error.strerror or error}); using an in-memory index",
                stacklevel=3,
            )

    def _temporary(self, name: str) -> Path:
        handle, path = tempfile.mkstemp(prefix=f".{name}.", dir=self.folder)
        os.close(handle)
        return Path(path)
