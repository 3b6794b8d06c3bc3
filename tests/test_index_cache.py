"""The vector index is cached behind a manifest; stale or damaged caches are rebuilt, never trusted."""

from __future__ import annotations

import json
import os
import stat

import numpy as np
import pytest

from embeddings import IndexCache, contextual_text
from embeddings.index import INDEX_FILE, MANIFEST_FILE, TOKENS_FILE


@pytest.fixture(scope="module")
def sample(corpus):
    units = [u for u in corpus.units if u.plan == "X"]
    return [u.unit_id for u in units], [contextual_text(u, corpus) for u in units], [u.text for u in units]


def _build(folder, sample, encoder):
    ids, texts, token_texts = sample
    return IndexCache(folder).load_or_build(ids, texts, token_texts, encoder)


def test_build_then_reuse_skips_encoding(tmp_path, sample, encoder, monkeypatch) -> None:
    built = _build(tmp_path, sample, encoder)
    assert built.origin == "built"
    manifest = json.loads((tmp_path / MANIFEST_FILE).read_text())
    assert manifest["dimension"] == 384 and manifest["count"] == len(sample[0])
    assert set(manifest) >= {"model", "texts_sha256", "libraries", "built_at", "index_sha256", "tokens_sha256"}

    def refuse(*_args, **_kwargs):
        raise AssertionError("a cached index must not be encoded again")

    monkeypatch.setattr(encoder, "encode", refuse)
    loaded = _build(tmp_path, sample, encoder)
    assert loaded.origin == "loaded"
    assert np.allclose(loaded.vectors, built.vectors)
    assert np.array_equal(loaded.tokens.starts, built.tokens.starts)


def test_changed_texts_rebuild(tmp_path, sample, encoder) -> None:
    _build(tmp_path, sample, encoder)
    ids, texts, token_texts = sample
    with pytest.warns(UserWarning, match="texts_sha256 changed"):
        rebuilt = IndexCache(tmp_path).load_or_build(ids, [t + " amended" for t in texts], token_texts, encoder)
    assert rebuilt.origin.startswith("rebuilt")


def test_manifest_from_another_model_rebuilds(tmp_path, sample, encoder) -> None:
    _build(tmp_path, sample, encoder)
    manifest = json.loads((tmp_path / MANIFEST_FILE).read_text())
    manifest["model"] = "some-other-model:0000"
    (tmp_path / MANIFEST_FILE).write_text(json.dumps(manifest))
    with pytest.warns(UserWarning, match="model changed"):
        assert _build(tmp_path, sample, encoder).origin == "rebuilt: model changed"


@pytest.mark.parametrize("damaged", [INDEX_FILE, TOKENS_FILE])
def test_truncated_or_corrupt_files_rebuild_with_a_warning(tmp_path, sample, encoder, damaged) -> None:
    built = _build(tmp_path, sample, encoder)
    path = tmp_path / damaged
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.warns(UserWarning, match="corrupt or truncated"):
        rebuilt = _build(tmp_path, sample, encoder)
    assert np.allclose(rebuilt.vectors, built.vectors)
    assert _build(tmp_path, sample, encoder).origin == "loaded"


def test_unreadable_manifest_rebuilds(tmp_path, sample, encoder) -> None:
    _build(tmp_path, sample, encoder)
    (tmp_path / MANIFEST_FILE).write_text("{not json")
    with pytest.warns(UserWarning, match="unreadable manifest"):
        assert _build(tmp_path, sample, encoder).origin.startswith("rebuilt")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a read-only folder")
def test_read_only_folder_falls_back_to_memory(tmp_path, sample, encoder) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    with pytest.warns(UserWarning, match="in-memory index"):
        index = _build(folder, sample, encoder)
    assert index.index.ntotal == len(sample[0])


def test_unwritable_cache_path_falls_back_to_memory(tmp_path, sample, encoder) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    with pytest.warns(UserWarning, match="in-memory index"):
        index = _build(blocker / "cache", sample, encoder)
    assert index.index.ntotal == len(sample[0])


def test_no_temporary_files_are_left_behind(tmp_path, sample, encoder) -> None:
    _build(tmp_path, sample, encoder)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".lock")) == sorted(
        [INDEX_FILE, MANIFEST_FILE, TOKENS_FILE]
    )


WRITER = """
import sys
from corpus import load_corpus
from embeddings import Encoder, IndexCache, contextual_text
corpus = load_corpus()
units = [u for u in corpus.units if u.plan == "X"]
index = IndexCache(sys.argv[1]).load_or_build(
    [u.unit_id for u in units], [contextual_text(u, corpus) for u in units], [u.text for u in units], Encoder()
)
print(index.origin)
"""


def test_two_processes_writing_the_same_cache_leave_a_valid_one(tmp_path, sample, encoder, project_dir) -> None:
    import subprocess
    import sys

    folder = tmp_path / "shared"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(folder)], cwd=project_dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [w.communicate(timeout=300) for w in writers]
    assert all(w.returncode == 0 for w in writers), [o[1][-500:] for o in outputs]
    assert {o[0].strip() for o in outputs} <= {"built", "loaded"}
    assert _build(folder, sample, encoder).origin == "loaded"
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".") and p.name != ".lock"]
