"""ONNX Runtime backend for the encoder's transformer: the same token and sentence vectors as
`embeddings.tokens.TokenEmbedder`, from a graph exported locally from the bundled model.

The bundled BERT (`encoder.model[0].auto_model`) is exported once with `torch.onnx.export` (the
TorchScript exporter, `dynamo=False`: it needs only the `onnx` package, while the default dynamo exporter
also needs `onnxscript`; torch is pinned, so its deprecation does not bite) with dynamic batch and
sequence axes, optionally quantised to int8 with `onnxruntime.quantization.quantize_dynamic` (weights
per channel: per tensor, the gold questions' pooled vectors have cosine min 0.95 / mean 0.97 with torch's,
per channel min 0.985 / mean 0.992; one-word texts go down to 0.96; `reduce_range` keeps CPUs without VNNI
from saturating, at no measurable cost), and cached under `<cache>/onnx/` beside a manifest that records what it was built from (model
identity, exporter, opset, library versions) and the file's SHA-256. A cached file that does not match,
is corrupt or that ONNX Runtime cannot load is re-exported with a warning; writes go to a temporary file
renamed into place under a lock.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import re
import tempfile
import time
import warnings
from collections.abc import Sequence
from contextlib import contextmanager
from functools import cached_property
from importlib import metadata
from pathlib import Path

import numpy as np

from embeddings.encoder import Encoder
from embeddings.index import file_sha256
from embeddings.tokens import TokenEmbedder, TokenVectors

log = logging.getLogger(__name__)

PROJECT_DIR = Path(__file__).resolve().parent.parent
FORMAT_VERSION = 1  # bump when the export or quantisation recipe changes: old caches are then rebuilt
OPSET = 17  # LayerNormalization is a single op from 17 on
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
OUTPUT_NAME = "last_hidden_state"
BACKENDS = ("torch", "onnx", "onnx-int8")
_QUANTIZATION = {"weight_type": "QInt8", "per_channel": True, "reduce_range": True}
_LOCK_FILE = ".lock"
_NO_CACHE = "no cached model"


def default_cache_dir() -> Path:
    """`<project>/.cache/onnx`, or `$VIENNA_QA_CACHE/onnx` like the vector index."""
    return Path(os.environ.get("VIENNA_QA_CACHE", PROJECT_DIR / ".cache")) / "onnx"


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def input_names(encoder: Encoder) -> tuple[str, ...]:
    """The transformer inputs the tokenizer gives (BERT: all three; RoBERTa-like: no token_type_ids)."""
    produced = set(getattr(encoder.model.tokenizer, "model_input_names", INPUT_NAMES))
    return tuple(name for name in INPUT_NAMES if name in produced)


def export_onnx(encoder: Encoder, path: str | Path, opset: int = OPSET) -> None:
    """Writes the encoder's transformer as ONNX at `path`: inputs `input_names(encoder)` (int64, axes batch
    and sequence dynamic), output `last_hidden_state` (float32, batch x sequence x dimension)."""
    import torch

    model = encoder.model
    transformer = model[0].auto_model
    names = input_names(encoder)
    # A padded batch of two, so that the traced graph is the general one (attention mask applied).
    sample = model.tokenizer(["Tracing the graph with a padded batch of two sentences.", "Two"], padding=True, return_tensors="pt")
    args = tuple(sample[name] for name in names)
    axes = {name: {0: "batch", 1: "sequence"} for name in (*names, OUTPUT_NAME)}
    was_training = transformer.training
    transformer.eval()
    try:
        with torch.no_grad(), warnings.catch_warnings():
            # The TorchScript exporter's deprecation notice and the tracer's notes on shape checks (they
            # are on static facts of BERT: no causal mask, no mask padding) are not the caller's business.
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _last_hidden_state(transformer, names), args, str(path), dynamo=False,
                input_names=list(names), output_names=[OUTPUT_NAME], dynamic_axes=axes,
                opset_version=opset, do_constant_folding=True,
            )
    finally:
        transformer.train(was_training)


def quantize_onnx(source: str | Path, target: str | Path) -> None:
    """Dynamic int8 quantisation of the weights of `source` (activations quantised at run time)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # The quantiser logs a recommendation to pre-process the model on the root logger at every call.
    root = logging.getLogger()
    level = root.level
    root.setLevel(max(level, logging.ERROR))
    try:
        quantize_dynamic(
            str(source), str(target), weight_type=getattr(QuantType, _QUANTIZATION["weight_type"]),
            per_channel=_QUANTIZATION["per_channel"], reduce_range=_QUANTIZATION["reduce_range"],
        )
    finally:
        root.setLevel(level)


def _last_hidden_state(transformer, names: Sequence[str]):
    """A module taking the inputs positionally (what the exporter traces), returning the last hidden state."""
    import torch

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, *tensors):
            return self.transformer(**dict(zip(names, tensors))).last_hidden_state

    return LastHiddenState().eval()


class OnnxModelCache:
    """Exported (and quantised) models of an encoder in `folder`, one subfolder per model identity."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_cache_dir()
        self._scratch: tempfile.TemporaryDirectory | None = None

    @staticmethod
    def key(encoder: Encoder, quantized: bool) -> dict:
        """What a cached file was built from; any change means a new export."""
        return {
            "format": FORMAT_VERSION,
            "model": encoder.identity,
            "variant": "int8" if quantized else "fp32",
            "exporter": "torch.onnx.export(dynamo=False)",
            "opset": OPSET,
            "inputs": list(input_names(encoder)),
            "quantization": _QUANTIZATION if quantized else None,
            "libraries": {
                name: _version(name)
                for name in ("torch", "transformers", "onnx") + (("onnxruntime",) if quantized else ())
            },
        }

    def path(self, encoder: Encoder, quantized: bool) -> Path:
        """Where the model lives: `<folder>/<model name>-<hash of identity>/model-<variant>-<hash of key>.onnx`."""
        key = self.key(encoder, quantized)
        identity = encoder.identity
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", identity.split(":")[0])[:64] or "model"
        model_folder = f"{name}-{hashlib.sha256(identity.encode()).hexdigest()[:12]}"
        key_hash = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:12]
        return self._root() / model_folder / f"model-{key['variant']}-{key_hash}.onnx"

    def load_session(self, encoder: Encoder, quantized: bool, options):
        """An InferenceSession on the cached model, exporting it first when missing, stale or corrupt."""
        import onnxruntime as ort

        with self._locked(encoder, quantized):
            path = self._ensure(encoder, quantized)
            try:
                return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
            except Exception as error:  # ONNX Runtime raises its own classes for unreadable graphs
                reason = f"ONNX Runtime cannot load it ({error.__class__.__name__}: {str(error)[:200]})"
                warnings.warn(f"re-exporting the ONNX model {path}: {reason}", stacklevel=3)
                path = self._ensure(encoder, quantized, force=True)
                return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def model_path(self, encoder: Encoder, quantized: bool) -> Path:
        """The checked path of the cached model, built when needed (without loading it)."""
        with self._locked(encoder, quantized):
            return self._ensure(encoder, quantized)

    # --- internals ----------------------------------------------------------------------------

    def _root(self) -> Path:
        return Path(self._scratch.name) if self._scratch is not None else self.folder

    @contextmanager
    def _locked(self, encoder: Encoder, quantized: bool):
        """One exporter per model folder at a time, across processes; an unwritable cache falls back
        to a temporary folder with a warning (the export is then redone by every process)."""
        handle = self._lock_handle(encoder, quantized)
        if handle is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="onnx-cache-")
            handle = self._lock_handle(encoder, quantized, fallback=False)
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    def _lock_handle(self, encoder: Encoder, quantized: bool, fallback: bool = True):
        folder = self.path(encoder, quantized).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return (folder / _LOCK_FILE).open("a")
        except OSError as error:
            if not fallback or self._scratch is not None:
                raise
            warnings.warn(
                f"cannot write the ONNX cache in {self.folder} ({error.strerror or error}); exporting to a temporary folder",
                stacklevel=5,
            )
            return None

    def _ensure(self, encoder: Encoder, quantized: bool, force: bool = False) -> Path:
        path = self.path(encoder, quantized)
        key = self.key(encoder, quantized)
        reason = "forced" if force else self._stale_reason(path, key)
        if reason is None:
            return path
        if reason != _NO_CACHE and not force:
            warnings.warn(f"re-exporting the ONNX model {path}: {reason}", stacklevel=4)
        started = time.perf_counter()
        if quantized:
            source = self._ensure(encoder, False)
            self._write(path, key, lambda tmp: quantize_onnx(source, tmp))
        else:
            self._write(path, key, lambda tmp: export_onnx(encoder, tmp))
        log.info("built %s in %.1f s", path, time.perf_counter() - started)
        return path

    @staticmethod
    def _manifest_path(path: Path) -> Path:
        return path.with_suffix(".json")

    def _stale_reason(self, path: Path, key: dict) -> str | None:
        manifest_path = self._manifest_path(path)
        if not path.exists() and not manifest_path.exists():
            return _NO_CACHE
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            return f"unreadable manifest ({error.__class__.__name__})"
        if not isinstance(manifest, dict) or manifest.get("key") != key:
            return "manifest does not match the model"
        try:
            if file_sha256(path) != manifest.get("sha256"):
                return "the file is corrupt or truncated (checksum mismatch)"
        except OSError as error:
            return f"the file is unreadable ({error.__class__.__name__})"
        return None

    def _write(self, path: Path, key: dict, build) -> None:
        """`build(temporary path)` writes the model; it and its manifest are then renamed into place."""
        folder = path.parent
        model_tmp = self._temporary(folder, path.name)
        manifest_tmp = self._temporary(folder, self._manifest_path(path).name)
        try:
            build(model_tmp)
            manifest = {
                "key": key,
                "sha256": file_sha256(model_tmp),
                "bytes": model_tmp.stat().st_size,
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            }
            manifest_tmp.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
            os.replace(model_tmp, path)
            os.replace(manifest_tmp, self._manifest_path(path))
        finally:
            for leftover in (model_tmp, manifest_tmp):
                leftover.unlink(missing_ok=True)
        # Older exports of this variant (other library versions or recipe) are never read again.
        variant = path.name.split("-")[1]
        for old in folder.glob(f"model-{variant}-*"):
            if old.stem != path.stem:
                old.unlink(missing_ok=True)

    @staticmethod
    def _temporary(folder: Path, name: str) -> Path:
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
        os.close(handle)
        return Path(temporary)


class OnnxTokenEmbedder:
    """Drop-in for `TokenEmbedder` running the transformer with ONNX Runtime (fp32, or int8 weights),
    on `threads` intra-op threads.

    Same tokenizer (the sentence-transformers model's), same truncation, same special-token removal and
    normalisation; `embed_with_pooled` gives the normalised mean over the attention mask when the model
    pools by mean, else None (the caller then uses `encoder.encode`)."""

    def __init__(
        self,
        encoder: Encoder,
        quantized: bool = False,
        cache_dir: str | Path | None = None,
        max_tokens: int = 256,
        threads: int = 2,
        spin: bool = True,
    ) -> None:
        import onnxruntime as ort

        self.encoder = encoder
        self.quantized = quantized
        self.max_tokens = max_tokens
        self.cache = OnnxModelCache(cache_dir)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3  # errors only
        # ONNX Runtime's threads spin a little after each run. Measured here, in a process that runs only
        # this backend, that is worth ~1 ms a question end to end (ask() p50 9.2 vs 10.3 ms, int8); but they
        # starve a torch thread pool run right after (torch encoding a question alternately with this one:
        # p50 21 ms, not 8): pass spin=False when another multi-threaded pool works between the runs.
        options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spin else "0")
        self.session = self.cache.load_session(encoder, quantized, options)
        self.path = self.cache.path(encoder, quantized)
        self._inputs = tuple(i.name for i in self.session.get_inputs())

    @property
    def backend(self) -> str:
        return "onnx-int8" if self.quantized else "onnx"

    @property
    def identity(self) -> str:
        """Names what produced the vectors, for an index manifest: `<encoder identity>+onnx-int8`."""
        return f"{self.encoder.identity}+{self.backend}"

    @property
    def dimension(self) -> int:
        return int(self.session.get_outputs()[0].shape[-1])

    @cached_property
    def pools_by_mean(self) -> bool:
        return TokenEmbedder(self.encoder).pools_by_mean

    def embed(self, texts: Sequence[str]) -> list[TokenVectors]:
        return self.embed_with_pooled(texts)[1]

    def embed_with_pooled(self, texts: Sequence[str]) -> tuple[np.ndarray | None, list[TokenVectors]]:
        """Token vectors of each text and, when the model pools by mean, its sentence vectors (else None)."""
        texts = list(texts)
        if not texts:
            return (np.zeros((0, self.dimension), dtype=np.float32) if self.pools_by_mean else None), []
        batch = self.encoder.model.tokenizer(
            texts, padding=True, truncation=True, max_length=self.max_tokens,
            return_offsets_mapping=True, return_special_tokens_mask=True, return_tensors="np",
        )
        offsets = batch["offset_mapping"]
        special = batch["special_tokens_mask"].astype(bool)
        attention = batch["attention_mask"]
        feeds = {name: np.ascontiguousarray(batch[name], dtype=np.int64) for name in self._inputs}
        hidden = self.session.run([OUTPUT_NAME], feeds)[0]
        pooled = None
        if self.pools_by_mean:
            mask = attention[..., None].astype(np.float32)
            means = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
            pooled = (means / np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-12)).astype(np.float32)
        results = []
        for row in range(len(texts)):
            keep = (~special[row]) & (attention[row] == 1)
            vectors = hidden[row][keep]
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            results.append(TokenVectors(offsets[row][keep].astype(np.int64), (vectors / np.maximum(norms, 1e-9)).astype(np.float32)))
        return pooled, results

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Sentence vectors like `Encoder.encode` (L2-normalised float32), batched by length; only for
        mean-pooling models, where the sentence vector is the pooled token states."""
        if not self.pools_by_mean:
            raise ValueError(f"{self.encoder.model_dir.name} does not pool by mean; use Encoder.encode")
        texts = list(texts)
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            chunk = order[start:start + batch_size]
            pooled, _ = self.embed_with_pooled([texts[i] for i in chunk])
            vectors[chunk] = pooled
        return vectors


def make_token_embedder(encoder: Encoder, backend: str = "torch", cache_dir: str | Path | None = None):
    """`TokenEmbedder` for "torch", `OnnxTokenEmbedder` for "onnx" (fp32) and "onnx-int8"."""
    if backend == "torch":
        return TokenEmbedder(encoder)
    if backend in ("onnx", "onnx-int8"):
        return OnnxTokenEmbedder(encoder, quantized=backend == "onnx-int8", cache_dir=cache_dir)
    raise ValueError(f"unknown encoder backend {backend!r}; allowed: {', '.join(BACKENDS)}")
