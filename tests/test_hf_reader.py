"""TransformersReader end to end on a tiny randomly initialised BERT QA model built here, plus the decoding step."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch  # noqa: E402

from qa.hf_reader import TransformersReader, best_spans  # noqa: E402
from qa.reading import Span  # noqa: E402

MAX_ANSWER_TOKENS = 5

QUESTION = "which zebra quantum asks this?"

SHORT_TEXTS = [
    "States shall cooperate to prevent and combat transnational organized crime.",
    "Each party should   strengthen its legal framework, including laws on money-laundering.",
    "Victims of crime, and witnesses, need protection; the plan lists 12 measures.",
]
# 300 distinct numbered words: far longer than one 64-token window, and every word says where it is.
LONG_TEXT = "The long unit begins here. " + " ".join(f"w{i}" for i in range(300)) + " and it ends here."


@dataclass(frozen=True)
class FakeUnit:
    unit_id: str
    text: str


UNITS = [FakeUnit(f"u{i}", t) for i, t in enumerate(SHORT_TEXTS)] + [FakeUnit("long", LONG_TEXT)]


def _vocab() -> list[str]:
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    words: set[str] = set()
    for text in [*SHORT_TEXTS, LONG_TEXT, QUESTION]:
        words.update(re.findall(r"[a-z0-9]+", text.lower()))
    singles = set("abcdefghijklmnopqrstuvwxyz0123456789.,;:!?'\"()-")
    return specials + sorted(words | singles)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from transformers import BertConfig, BertForQuestionAnswering, BertTokenizerFast

    path = tmp_path_factory.mktemp("tiny_bert_qa")
    vocab = _vocab()
    (path / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = BertTokenizerFast.from_pretrained(str(path), local_files_only=True)
    assert tokenizer.tokenize("States shall cooperate w299.") == ["states", "shall", "cooperate", "w299", "."]
    tokenizer.save_pretrained(str(path))
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=512,
    )
    BertForQuestionAnswering(config).save_pretrained(str(path))
    return path


@pytest.fixture(scope="module")
def reader(model_dir: Path) -> TransformersReader:
    r = TransformersReader(model_dir, max_answer_tokens=MAX_ANSWER_TOKENS, max_seq_length=64, stride=16, batch_size=4)
    r.warm_up()
    return r


@pytest.fixture(scope="module")
def many_spans(reader: TransformersReader) -> list[Span]:
    return reader.read(QUESTION, UNITS, top_k=500)


def _at_word_boundaries(text: str, start: int, end: int) -> bool:
    def edge(i: int) -> bool:
        return i <= 0 or i >= len(text) or not (text[i - 1].isalnum() and text[i].isalnum())

    return edge(start) and edge(end)


# ---------------------------------------------------------------- decoding on hand-made logits


def test_best_spans_ranks_by_hand_computed_scores_and_ignores_question_tokens() -> None:
    # Token 0 stands for a question token with the highest logits of all: it must never be used.
    start = [9.0, 1.0, 0.0, 3.0, 0.0]
    end = [9.0, 0.0, 2.0, 0.0, 1.0]
    mask = [False, True, True, True, True]
    # By hand, spans of at most 2 tokens: (3,4)=4, (1,2)=3, (3,3)=3, (2,2)=2, (1,1)=1, (4,4)=1, (2,3)=0.
    assert best_spans(start, end, mask, max_answer_tokens=2, top_n=3) == [(3, 4, 4.0), (1, 2, 3.0), (3, 3, 3.0)]
    everything = best_spans(start, end, mask, max_answer_tokens=2)
    assert [(s, e) for s, e, _ in everything] == [(3, 4), (1, 2), (3, 3), (2, 2), (1, 1), (4, 4), (2, 3)]
    assert all(s != 0 and e != 0 for s, e, _ in everything)


def test_best_spans_never_ends_before_it_starts_and_respects_length() -> None:
    # start logit peaks at 3, end logit at 1: the pair (3, 1) would score 20 but is not a span.
    start = torch.tensor([0.0, 2.0, 0.0, 10.0])
    end = torch.tensor([0.0, 10.0, 0.0, 1.0])
    mask = torch.tensor([False, True, True, True])
    spans = best_spans(start, end, mask, max_answer_tokens=5)
    assert spans[0] == (1, 1, 12.0)
    assert spans[1] == (3, 3, 11.0)
    assert all(s <= e for s, e, _ in spans)
    assert len(spans) == 6  # (1,1) (1,2) (1,3) (2,2) (2,3) (3,3)
    single = best_spans(start, end, mask, max_answer_tokens=1)
    assert sorted((s, e) for s, e, _ in single) == [(1, 1), (2, 2), (3, 3)]


def test_best_spans_edge_cases() -> None:
    assert best_spans([1.0, 2.0], [1.0, 2.0], [False, False], max_answer_tokens=3) == []
    assert best_spans([], [], [], max_answer_tokens=3) == []
    with pytest.raises(ValueError):
        best_spans([1.0, 2.0], [1.0], [True, True], max_answer_tokens=3)


# ---------------------------------------------------------------- end to end


def test_offsets_are_valid_on_every_unit_including_overflowing_one(
    many_spans: list[Span], reader: TransformersReader
) -> None:
    texts = {u.unit_id: u.text for u in UNITS}
    assert {s.unit_id for s in many_spans} == set(texts)  # every unit, the long one included, answers
    for span in many_spans:
        text = texts[span.unit_id]
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
        assert span.text == span.text.strip() and span.text
        assert _at_word_boundaries(text, span.start, span.end), span


def test_later_windows_map_to_correct_offsets(many_spans: list[Span], reader: TransformersReader) -> None:
    long_spans = [s for s in many_spans if s.unit_id == "long"]
    # A 64-token window holds well under 64 of the numbered words; spans from deep inside the unit
    # can only come from later windows.
    late = [s for s in long_spans if any(int(w[1:]) >= 150 for w in re.findall(r"\bw\d+\b", s.text))]
    assert late, "no span from a later window"
    for span in late:
        assert LONG_TEXT[span.start : span.end] == span.text
        words = re.findall(r"\bw(\d+)\b", span.text)
        numbers = [int(n) for n in words]
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))  # contiguous, in order
        # the offset of the first numbered word is exactly where that word sits in the text
        first = f"w{numbers[0]}"
        assert LONG_TEXT.index(f" {first} ") + 1 == span.start + span.text.index(first)


def test_spans_never_include_question_text(many_spans: list[Span]) -> None:
    for span in many_spans:
        assert "zebra" not in span.text and "quantum" not in span.text
        assert "[CLS]" not in span.text and "[SEP]" not in span.text


def test_answers_are_at_most_max_answer_tokens(many_spans: list[Span], reader: TransformersReader) -> None:
    tok = reader._tokenizer
    for span in many_spans:
        assert 1 <= len(tok(span.text, add_special_tokens=False)["input_ids"]) <= MAX_ANSWER_TOKENS


def test_results_sorted_bounded_unique_and_from_given_units(reader: TransformersReader) -> None:
    spans = reader.read(QUESTION, UNITS, top_k=3)
    assert len(spans) == 3
    assert [s.score for s in spans] == sorted((s.score for s in spans), reverse=True)
    assert {s.unit_id for s in spans} <= {u.unit_id for u in UNITS}
    many = reader.read(QUESTION, UNITS, top_k=500)
    keys = [(s.unit_id, s.start, s.end) for s in many]
    assert len(keys) == len(set(keys))
    assert [s.score for s in many] == sorted((s.score for s in many), reverse=True)
    assert many[:3] == spans
    only_one = reader.read(QUESTION, UNITS[:1], top_k=10)
    assert {s.unit_id for s in only_one} == {"u0"}


def test_empty_units_give_no_spans(reader: TransformersReader, tmp_path: Path) -> None:
    assert reader.read(QUESTION, []) == []
    assert reader.read(QUESTION, [FakeUnit("blank", "   ")]) == []


def test_deterministic_and_independent_of_batch_size(reader: TransformersReader, model_dir: Path) -> None:
    first = reader.read(QUESTION, UNITS, top_k=10)
    assert reader.read(QUESTION, UNITS, top_k=10) == first
    other = TransformersReader(model_dir, max_answer_tokens=MAX_ANSWER_TOKENS, max_seq_length=64, stride=16, batch_size=1)
    again = other.read(QUESTION, UNITS, top_k=10)
    assert [(s.unit_id, s.start, s.end) for s in again] == [(s.unit_id, s.start, s.end) for s in first]
    assert [s.score for s in again] == pytest.approx([s.score for s in first], abs=1e-4)


def test_score_is_best_context_span_minus_cls_null_score(reader: TransformersReader) -> None:
    """Brute force over one single-window unit with the model's own logits."""
    unit = UNITS[0]
    tok, model = reader._tokenizer, reader._model
    enc = tok(QUESTION, unit.text, return_offsets_mapping=True, return_tensors="pt")
    with torch.inference_mode():
        out = model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"], token_type_ids=enc["token_type_ids"])
    s, e = out.start_logits[0].tolist(), out.end_logits[0].tolist()
    ctx = [i for i, sid in enumerate(enc.sequence_ids(0)) if sid == 1]
    best = max(
        (s[i] + e[j], i, j) for i in ctx for j in ctx if i <= j and j - i < MAX_ANSWER_TOKENS
    )
    offsets = enc["offset_mapping"][0].tolist()
    top = reader.read(QUESTION, [unit], top_k=1)[0]
    assert (top.start, top.end) == (offsets[best[1]][0], offsets[best[2]][1])
    assert top.score == pytest.approx(best[0] - (s[0] + e[0]), abs=1e-4)
    assert reader.no_answer(QUESTION, [unit]) == (top.score <= 0.0)
    assert reader.no_answer(QUESTION, [unit], threshold=top.score + 1.0)


def test_model_loaded_lazily(model_dir: Path) -> None:
    r = TransformersReader(model_dir)
    assert r._model is None and r._tokenizer is None
    assert r.read(QUESTION, []) == []  # nothing to read: nothing loaded
    assert r._model is None
    r.warm_up()
    assert r._model is not None and r._tokenizer is not None


def test_missing_model_folder_raises_value_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "no_such_model"
    reader = TransformersReader(missing)
    with pytest.raises(ValueError, match=re.escape(str(missing))):
        reader.warm_up()
    with pytest.raises(ValueError, match=re.escape(str(missing))):
        reader.read(QUESTION, UNITS)


def test_folder_that_is_not_a_qa_checkpoint_raises_value_error(tmp_path: Path, model_dir: Path) -> None:
    from transformers import BertConfig, BertModel

    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ValueError, match=re.escape(str(empty))):
        TransformersReader(empty).warm_up()

    base = tmp_path / "base"
    config = BertConfig(vocab_size=len(_vocab()), hidden_size=32, num_hidden_layers=1, num_attention_heads=2, intermediate_size=64)
    BertModel(config).save_pretrained(str(base))
    with pytest.raises(ValueError, match="question-answering"):
        TransformersReader(base).warm_up()


@pytest.mark.parametrize(
    "kwargs",
    [{"max_answer_tokens": 0}, {"stride": 384}, {"stride": -1}, {"batch_size": 0}, {"max_seq_length": 4}],
)
def test_invalid_configuration_rejected(kwargs: dict[str, int], tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        TransformersReader(tmp_path, **kwargs)
