"""The encoder's corpus-fitted biases: current with what they were fitted on, applied by default, refused
when fitted on another model, and fitted by a tuner that moves nothing but biases."""

from __future__ import annotations

import random

import numpy as np
import pytest

from embeddings.adapter import BUNDLED_ADAPTER_DIR, Adapter, load_adapter
from embeddings.encoder import Encoder
from embeddings.finetune import BiasTuner, TrainingPair, TuningSettings, batches, fit_biases
from embeddings.index import file_sha256
from eval.gold import ADAPTER_FILES


@pytest.fixture(scope="module")
def plain_encoder() -> Encoder:
    return Encoder(adapter_dir=None)


def test_bundled_adapter_was_fitted_on_the_current_model_questions_and_corpus(plain_encoder, corpus):
    manifest = load_adapter(BUNDLED_ADAPTER_DIR).manifest
    stale = "the bundled adapter is stale: run `make adapter` and commit embeddings/adapter/"
    assert manifest["base_model"] == plain_encoder.base_identity, stale
    assert manifest["training_files"] == [{"file": path.name, "sha256": file_sha256(path)} for path in ADAPTER_FILES], stale
    assert manifest["corpus_sha256"] == corpus.fingerprint, stale


def test_default_encoder_applies_the_bundled_adapter(encoder, plain_encoder):
    assert encoder.adapter is not None and plain_encoder.adapter is None
    assert encoder.identity.startswith(plain_encoder.identity + "+adapter:")
    tuned, plain = encoder.encode(["What should governments do about guns?"])[0], plain_encoder.encode(["What should governments do about guns?"])[0]
    assert 0.5 < float(tuned @ plain) < 0.9999  # the same model, moved


def test_a_model_other_than_the_bundled_one_gets_no_adapter_by_default(plain_encoder):
    other = Encoder(plain_encoder.model_dir)  # named explicitly, as a user's own model would be
    assert other.adapter is None


def test_adapter_fitted_on_another_model_is_refused(tmp_path):
    Adapter(biases={"0.auto_model.pooler.dense.bias": np.zeros(384, np.float32)}, manifest={"base_model": "other:0"}).save(tmp_path)
    with pytest.raises(ValueError, match="fitted on the model other:0"):
        Encoder(adapter_dir=tmp_path)


@pytest.mark.parametrize("damage", ["missing", "garbage"])
def test_unreadable_adapter_is_a_clear_error(tmp_path, damage):
    if damage == "garbage":
        (tmp_path / "manifest.json").write_text('{"base_model": "x"}')
        (tmp_path / "biases.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(ValueError, match="cannot read the encoder adapter"):
        load_adapter(tmp_path)


def _pair(question: str, unit: str, answering: set[str] | None = None) -> TrainingPair:
    return TrainingPair(question, unit, f"text of {unit}", ("text of z",), frozenset(answering or {unit}))


def test_batches_use_every_pair_once_and_never_hold_a_positive_that_answers_another_question():
    pairs = [_pair("q1", "a", {"a", "b"}), _pair("q1", "b", {"a", "b"}), _pair("q2", "b"), _pair("q3", "c"), _pair("q4", "d")]
    found = batches(pairs, size=3, rng=random.Random(1))
    assert sorted((p.question, p.positive_id) for batch in found for p in batch) == sorted((p.question, p.positive_id) for p in pairs)
    for batch in found:
        assert len(batch) <= 3
        for p in batch:
            assert not any(o is not p and (o.positive_id in p.answering or p.positive_id in o.answering) for o in batch)


def _four_pairs(corpus) -> list[TrainingPair]:
    questions = {
        "adopted:annex:20(d)": "Can the authorities freeze and take away ill-gotten gains?",
        "adopted:annex:21": "Which office will work with regional organizations on this?",
        "adopted:annex:5": "How will an international legal framework be developed?",
        "adopted:annex:40": "How will crime prevention be reviewed?",
    }
    ids = list(questions)
    return [
        TrainingPair(questions[i], i, corpus.get(i).text, (corpus.get(ids[n - 1]).text,), frozenset({i})) for n, i in enumerate(ids)
    ]


def test_tuner_changes_biases_only_and_pulls_questions_towards_their_units(corpus):
    pairs = _four_pairs(corpus)
    model = Encoder(adapter_dir=None).model
    before = {name: p.detach().clone() for name, p in model.named_parameters()}

    def margin() -> float:
        q = model.encode([p.question for p in pairs], normalize_embeddings=True)
        d = model.encode([p.positive for p in pairs], normalize_embeddings=True)
        similarity = q @ d.T
        return float(np.mean(np.diag(similarity) - (similarity.sum(axis=1) - np.diag(similarity)) / (len(pairs) - 1)))

    start = margin()
    biases = BiasTuner(TuningSettings(epochs=4, batch_size=4, learning_rate=2e-3)).run(model, pairs, log=lambda _: None)
    after = dict(model.named_parameters())
    assert set(biases) == {name for name in before if name.endswith(".bias")}
    assert all(torch_equal(before[n], after[n]) for n in before if not n.endswith(".bias"))
    assert any(not torch_equal(before[n], after[n]) for n in biases)
    assert not any(p.requires_grad for p in model.parameters()) and not model.training
    assert margin() > start


def test_fitted_biases_are_the_mean_of_one_fit_per_seed_each_from_the_untuned_model(corpus):
    pairs = _four_pairs(corpus)
    model = Encoder(adapter_dir=None).model
    untuned = Adapter(biases={n: p.detach().numpy().copy() for n, p in model.named_parameters() if n.endswith(".bias")}, manifest={})
    settings = TuningSettings(epochs=1, batch_size=4, learning_rate=2e-3, seeds=(0, 1))
    quiet = lambda _: None  # noqa: E731
    soup = fit_biases(model, pairs, settings, quiet)
    untuned.apply(model)
    first = BiasTuner(settings).run(model, pairs, 0, quiet)
    untuned.apply(model)
    second = BiasTuner(settings).run(model, pairs, 1, quiet)
    assert any(not np.allclose(first[n], second[n]) for n in first)
    assert all(np.allclose(soup[n], (first[n] + second[n]) / 2, atol=1e-7) for n in soup)


def torch_equal(a, b) -> bool:
    return bool((a == b).all())


def test_finetune_command_reports_a_missing_training_file_in_one_line(tmp_path, capsys):
    from embeddings.finetune import main

    assert main(["--gold", str(tmp_path / "absent.jsonl"), "--out", str(tmp_path / "adapter")]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: ") and error.count("\n") == 1
    assert not (tmp_path / "adapter").exists()
