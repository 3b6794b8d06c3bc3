"""The ONNX Runtime backend gives the torch backend's vectors; its exported models are cached and checked."""

from __future__ import annotations

import json
import shutil
import warnings

import numpy as np
import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")

from embeddings import onnx as onnx_backend  # noqa: E402
from embeddings.index import file_sha256  # noqa: E402
from embeddings.onnx import OnnxModelCache, OnnxTokenEmbedder, make_token_embedder  # noqa: E402
from embeddings.tokens import TokenEmbedder  # noqa: E402

# Lengths differ, so batches are padded; one text holds non-ASCII and punctuation for the offsets.
TEXTS = [
    "What must States do about prison overcrowding?",
    "Which resolution adopted the plans of action?",
    "Graft",
    "States shall endeavour, as appropriate, to strengthen juvenile justice systems and to provide "
    "alternatives to imprisonment — including community service — in accordance with domestic law.",
]


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    """Each model exported once for the module (about 10 s for fp32, 3 s more for int8)."""
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="module")
def fp32(encoder, cache_dir):
    return OnnxTokenEmbedder(encoder, quantized=False, cache_dir=cache_dir)


@pytest.fixture(scope="module")
def int8(encoder, cache_dir, fp32):
    return OnnxTokenEmbedder(encoder, quantized=True, cache_dir=cache_dir)


@pytest.fixture(scope="module")
def reference(encoder):
    torch_embedder = TokenEmbedder(encoder)
    return {
        "batch": torch_embedder.embed_with_pooled(TEXTS),
        "single": torch_embedder.embed_with_pooled(TEXTS[:1]),
    }


def _refuse(*_args, **_kwargs):
    raise AssertionError("a cached ONNX model must not be exported or quantised again")


@pytest.mark.parametrize("case", ["batch", "single"])
def test_fp32_matches_torch(fp32, reference, case) -> None:
    texts = TEXTS if case == "batch" else TEXTS[:1]
    expected_pooled, expected_tokens = reference[case]
    pooled, tokens = fp32.embed_with_pooled(texts)
    assert pooled.dtype == np.float32 and pooled.shape == expected_pooled.shape
    assert np.abs(pooled - expected_pooled).max() < 1e-4
    assert len(tokens) == len(expected_tokens)
    for got, want in zip(tokens, expected_tokens):
        assert np.array_equal(got.offsets, want.offsets) and got.offsets.dtype == np.int64
        assert got.vectors.dtype == np.float32 and got.vectors.shape == want.vectors.shape
        assert np.abs(got.vectors - want.vectors).max() < 1e-3
        assert np.allclose(np.linalg.norm(got.vectors, axis=1), 1.0, atol=1e-5)


def test_padding_does_not_change_a_text_vectors(fp32) -> None:
    """A text alone and the same text padded inside a batch get the same vectors."""
    alone, alone_tokens = fp32.embed_with_pooled(TEXTS[2:3])
    batched, batched_tokens = fp32.embed_with_pooled(TEXTS)
    assert np.abs(alone[0] - batched[2]).max() < 1e-4
    assert np.abs(alone_tokens[0].vectors - batched_tokens[2].vectors).max() < 1e-3


def test_int8_is_close_to_torch(int8, reference) -> None:
    expected_pooled, expected_tokens = reference["batch"]
    pooled, tokens = int8.embed_with_pooled(TEXTS)
    cosines = (pooled * expected_pooled).sum(axis=1)
    assert cosines.min() > 0.98, cosines
    for got, want in zip(tokens, expected_tokens):
        assert np.array_equal(got.offsets, want.offsets)
        assert (got.vectors * want.vectors).sum(axis=1).mean() > 0.9


def test_embed_and_encode_agree_with_the_torch_interfaces(fp32, encoder, reference) -> None:
    tokens = fp32.embed(TEXTS)
    assert [len(t.offsets) for t in tokens] == [len(t.offsets) for t in reference["batch"][1]]
    assert np.abs(fp32.encode(TEXTS) - encoder.encode(TEXTS)).max() < 1e-4
    pooled, none = fp32.embed_with_pooled([])
    assert pooled.shape == (0, 384) and none == []
    assert fp32.pools_by_mean and fp32.dimension == 384


def test_second_construction_reuses_the_cache(encoder, cache_dir, fp32, int8, monkeypatch) -> None:
    mtimes = {path: path.stat().st_mtime_ns for path in (fp32.path, int8.path)}
    monkeypatch.setattr(onnx_backend, "export_onnx", _refuse)
    monkeypatch.setattr(onnx_backend, "quantize_onnx", _refuse)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "re-exporting" warning either
        again = OnnxTokenEmbedder(encoder, quantized=True, cache_dir=cache_dir)
        OnnxTokenEmbedder(encoder, quantized=False, cache_dir=cache_dir)
    assert again.path == int8.path
    assert {path: path.stat().st_mtime_ns for path in mtimes} == mtimes
    assert np.array_equal(again.embed_with_pooled(TEXTS[:2])[0], int8.embed_with_pooled(TEXTS[:2])[0])


def _copy_cache(source, target):
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".lock"))
    return target


def _counting(monkeypatch, name):
    calls = []
    real = getattr(onnx_backend, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(onnx_backend, name, counted)
    return calls


def test_corrupt_cached_model_is_rebuilt_with_a_warning(encoder, cache_dir, int8, tmp_path, monkeypatch) -> None:
    copy = _copy_cache(cache_dir, tmp_path / "cache")
    damaged = copy / int8.path.relative_to(cache_dir)
    damaged.write_bytes(damaged.read_bytes()[: damaged.stat().st_size // 3])  # truncated
    monkeypatch.setattr(onnx_backend, "export_onnx", _refuse)  # the fp32 export is intact: only re-quantise
    quantized = _counting(monkeypatch, "quantize_onnx")
    with pytest.warns(UserWarning, match="re-exporting the ONNX model .*checksum mismatch"):
        rebuilt = OnnxTokenEmbedder(encoder, quantized=True, cache_dir=copy)
    assert len(quantized) == 1
    assert np.allclose(rebuilt.embed_with_pooled(TEXTS)[0], int8.embed_with_pooled(TEXTS)[0], atol=1e-5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        OnnxTokenEmbedder(encoder, quantized=True, cache_dir=copy)  # repaired: loads silently
    assert len(quantized) == 1


def test_unloadable_model_with_a_matching_checksum_is_rebuilt(encoder, cache_dir, int8, tmp_path, monkeypatch) -> None:
    """Garbage that passes the checksum (manifest rewritten) is caught when ONNX Runtime loads it."""
    copy = _copy_cache(cache_dir, tmp_path / "cache")
    damaged = copy / int8.path.relative_to(cache_dir)
    damaged.write_bytes(b"not an onnx model")
    manifest_path = damaged.with_suffix(".json")
    manifest = json.loads(manifest_path.read_text())
    manifest["sha256"] = file_sha256(damaged)
    manifest_path.write_text(json.dumps(manifest))
    monkeypatch.setattr(onnx_backend, "export_onnx", _refuse)
    quantized = _counting(monkeypatch, "quantize_onnx")
    with pytest.warns(UserWarning, match="ONNX Runtime cannot load it"):
        rebuilt = OnnxTokenEmbedder(encoder, quantized=True, cache_dir=copy)
    assert len(quantized) == 1
    assert rebuilt.embed_with_pooled(TEXTS[:1])[0].shape == (1, 384)


def test_missing_manifest_is_rebuilt(encoder, cache_dir, int8, tmp_path, monkeypatch) -> None:
    copy = _copy_cache(cache_dir, tmp_path / "cache")
    (copy / int8.path.relative_to(cache_dir)).with_suffix(".json").unlink()
    monkeypatch.setattr(onnx_backend, "export_onnx", _refuse)
    quantized = _counting(monkeypatch, "quantize_onnx")
    with pytest.warns(UserWarning, match="unreadable manifest"):
        OnnxTokenEmbedder(encoder, quantized=True, cache_dir=copy)
    assert len(quantized) == 1


def test_another_model_never_reuses_an_export(encoder, cache_dir) -> None:
    class Other:
        identity = "other-model:0123456789abcdef"
        model = encoder.model

    cache = OnnxModelCache(cache_dir)
    assert cache.path(Other(), False).parent != cache.path(encoder, False).parent
    assert cache.key(Other(), True)["model"] == Other.identity
    assert cache.path(encoder, True) != cache.path(encoder, False)


def test_backend_factory(encoder, fp32) -> None:
    assert isinstance(make_token_embedder(encoder, "torch"), TokenEmbedder)
    with pytest.raises(ValueError, match="unknown encoder backend"):
        make_token_embedder(encoder, "tensorrt")


def test_unwritable_cache_falls_back_to_a_temporary_folder(encoder, cache_dir, fp32, tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    exported = []

    def copy_export(_encoder, path):  # the real export, already made: copied to save its 10 s
        exported.append(path)
        shutil.copyfile(fp32.path, path)

    monkeypatch.setattr(onnx_backend, "export_onnx", copy_export)
    with pytest.warns(UserWarning, match="cannot write the ONNX cache"):
        fallback = OnnxTokenEmbedder(encoder, quantized=False, cache_dir=blocker / "onnx")
    assert len(exported) == 1 and not fallback.path.is_relative_to(blocker)
    assert np.array_equal(fallback.embed_with_pooled(TEXTS)[0], fp32.embed_with_pooled(TEXTS)[0])
