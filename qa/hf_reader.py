"""Extractive reader over any local SQuAD-style ``*ForQuestionAnswering`` checkpoint.

`TransformersReader` follows the Haystack-2 component style: ``__init__`` only stores the
configuration, the tokenizer and model are loaded once, lazily (first `read`, or an explicit
`warm_up`), always with ``local_files_only=True``.

Decoding (transformers 5 has no question-answering pipeline, so it is done here):

* the question and each unit text go through the fast tokenizer as a pair, truncating only the
  context, with overflow and ``stride``: a long unit becomes several overlapping windows;
* windows are run through the model in batches of ``batch_size`` under ``torch.inference_mode``;
* in each window, a span is a pair of CONTEXT tokens (sequence ids pick them out; question,
  special and padding tokens are never part of an answer) with ``start <= end`` and at most
  ``max_answer_tokens`` tokens (`best_spans`);
* character offsets come from the tokenizer's offset mapping, with surrounding whitespace
  stripped, so ``unit.text[span.start:span.end] == span.text`` always holds.

Scores: ``Span.score = (start_logit + end_logit) - (cls_start_logit + cls_end_logit)``, the raw
span score minus the no-answer score of the same window (the logits at the [CLS] token,
index 0 for BERT-like models). Subtracting each window's own null score puts every window on the
same scale, so scores are comparable across windows and units, and the sign carries meaning:
``score > 0`` means the model prefers this span over "no answer" in its window. `read` returns the
best spans whatever their sign; a caller decides that there is no answer by thresholding, e.g.
``not spans or spans[0].score <= 0.0`` (this is what `no_answer` does, with an adjustable
threshold).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from corpus import Unit
from qa.reading import Span

__all__ = ["TransformersReader", "best_spans"]


def _ranked_candidates(
    start_logits: Any,
    end_logits: Any,
    context_mask: Any,
    max_answer_tokens: int,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """All valid (start, end) token pairs of one window, best first, as three 1-D tensors.

    Ties are broken deterministically: lower start first, then lower end.
    """
    start = torch.as_tensor(start_logits, dtype=torch.float32).flatten()
    end = torch.as_tensor(end_logits, dtype=torch.float32).flatten()
    mask = torch.as_tensor(context_mask, dtype=torch.bool).flatten()
    n = start.shape[0]
    if end.shape[0] != n or mask.shape[0] != n:
        raise ValueError(
            f"start_logits, end_logits and context_mask differ in length: {n}, {end.shape[0]}, {mask.shape[0]}"
        )
    empty = torch.empty(0, dtype=torch.long)
    if n == 0 or max_answer_tokens < 1 or not bool(mask.any()):
        return empty, empty, torch.empty(0)
    scores = start[:, None] + end[None, :]
    idx = torch.arange(n)
    length = idx[None, :] - idx[:, None]  # end - start
    valid = (length >= 0) & (length < max_answer_tokens) & mask[:, None] & mask[None, :]
    flat_valid = valid.flatten().nonzero().squeeze(1)  # ascending (start-major) order
    flat_scores = scores.flatten()[flat_valid]
    order = torch.sort(flat_scores, descending=True, stable=True).indices
    chosen = flat_valid[order]
    return chosen // n, chosen % n, flat_scores[order]


def best_spans(
    start_logits: Any,
    end_logits: Any,
    context_mask: Any,
    max_answer_tokens: int,
    top_n: int | None = None,
) -> list[tuple[int, int, float]]:
    """The `top_n` best answer spans of one window as ``(start_token, end_token, score)``, best first.

    ``score = start_logits[start] + end_logits[end]``. Only spans whose start and end tokens are
    both marked in ``context_mask`` are considered, with ``start <= end`` and
    ``end - start + 1 <= max_answer_tokens`` (``end`` is inclusive). Inputs are 1-D sequences of
    equal length (lists or tensors); ``top_n=None`` returns every valid span.
    """
    starts, ends, scores = _ranked_candidates(start_logits, end_logits, context_mask, max_answer_tokens)
    if top_n is not None:
        starts, ends, scores = starts[:top_n], ends[:top_n], scores[:top_n]
    return list(zip(starts.tolist(), ends.tolist(), scores.tolist()))


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class TransformersReader:
    """Reads answer spans with a local extractive-QA checkpoint (see the module docstring for scores)."""

    def __init__(
        self,
        model_dir: str | Path,
        max_answer_tokens: int = 30,
        max_seq_length: int = 384,
        stride: int = 128,
        batch_size: int = 16,
        device: str = "cpu",
    ) -> None:
        if max_answer_tokens < 1:
            raise ValueError(f"max_answer_tokens must be >= 1, got {max_answer_tokens}")
        if max_seq_length < 8:
            raise ValueError(f"max_seq_length must be >= 8, got {max_seq_length}")
        if not 0 <= stride < max_seq_length:
            raise ValueError(f"stride must be in [0, max_seq_length), got {stride}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        self.model_dir = Path(model_dir)
        self.max_answer_tokens = max_answer_tokens
        self.max_seq_length = max_seq_length
        self.stride = stride
        self.batch_size = batch_size
        self.device = device
        self._tokenizer: Any = None
        self._model: Any = None

    # ------------------------------------------------------------------ loading

    def warm_up(self) -> None:
        """Load tokenizer and model once; ValueError if the folder is missing or not a QA checkpoint."""
        if self._model is not None:
            return
        from transformers import AutoConfig, AutoModelForQuestionAnswering, AutoTokenizer

        path = self.model_dir
        if not path.is_dir():
            raise ValueError(f"QA model folder {str(path)!r} does not exist or is not a directory")
        try:
            config = AutoConfig.from_pretrained(path, local_files_only=True)
        except Exception as exc:  # noqa: BLE001 - any failure means "not a checkpoint"
            raise ValueError(f"{str(path)!r} is not a transformers checkpoint (no usable config.json): {exc}") from exc
        architectures = getattr(config, "architectures", None) or []
        if not any(a.endswith("ForQuestionAnswering") for a in architectures):
            raise ValueError(
                f"{str(path)!r} is not a question-answering checkpoint: config.architectures is "
                f"{architectures!r}, expected a *ForQuestionAnswering model"
            )
        try:
            tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        except Exception as exc:  # noqa: BLE001
            raise ValueError(f"cannot load the tokenizer from {str(path)!r}: {exc}") from exc
        if not getattr(tokenizer, "is_fast", False):
            raise ValueError(f"the tokenizer in {str(path)!r} is not a fast tokenizer; offset mappings are required")
        try:
            model, info = AutoModelForQuestionAnswering.from_pretrained(
                path, local_files_only=True, output_loading_info=True
            )
        except Exception as exc:  # noqa: BLE001
            raise ValueError(f"cannot load a question-answering model from {str(path)!r}: {exc}") from exc
        missing = list(info.get("missing_keys", []) or [])
        if missing:
            raise ValueError(
                f"{str(path)!r} lacks trained weights for the question-answering model "
                f"(missing: {', '.join(sorted(missing)[:5])})"
            )
        model.to(self.device)
        model.eval()
        self._tokenizer = tokenizer
        self._model = model

    # ------------------------------------------------------------------ reading

    def read(self, question: str, units: Sequence[Unit], top_k: int = 5) -> list[Span]:
        """The `top_k` best spans over all `units`, best first; scores may be negative (see module doc)."""
        if top_k < 1:
            return []
        units = [u for u in units if u.text and not u.text.isspace()]
        if not units:
            return []
        self.warm_up()
        tok = self._tokenizer
        pad_on_right = getattr(tok, "padding_side", "right") == "right"
        context_seq = 1 if pad_on_right else 0

        max_len = self.max_seq_length
        model_max = getattr(tok, "model_max_length", None)
        if isinstance(model_max, int) and 0 < model_max < 100_000:
            max_len = min(max_len, model_max)
        question = self._truncate_question(question.lstrip(), max_len)
        n_question = len(tok(question, add_special_tokens=False)["input_ids"])
        room = max_len - tok.num_special_tokens_to_add(pair=True) - n_question
        stride = max(0, min(self.stride, room - 1))

        texts = [u.text for u in units]
        questions = [question] * len(texts)
        enc = tok(
            questions if pad_on_right else texts,
            texts if pad_on_right else questions,
            truncation="only_second" if pad_on_right else "only_first",
            max_length=max_len,
            stride=stride,
            return_overflowing_tokens=True,
            return_offsets_mapping=True,
            padding=False,
        )
        sample_of = enc["overflow_to_sample_mapping"]
        input_names = [n for n in tok.model_input_names if n in enc]

        best: dict[tuple[int, int, int], float] = {}
        for batch_start in range(0, len(sample_of), self.batch_size):
            rows = range(batch_start, min(batch_start + self.batch_size, len(sample_of)))
            start_logits, end_logits = self._forward(enc, input_names, rows)
            for b, w in enumerate(rows):
                u = sample_of[w]
                text = texts[u]
                n_tokens = len(enc["input_ids"][w])
                seq_ids = enc.sequence_ids(w)
                offsets = enc["offset_mapping"][w]
                mask = [seq_ids[i] == context_seq and offsets[i][1] > offsets[i][0] for i in range(n_tokens)]
                s_log = start_logits[b, :n_tokens]
                e_log = end_logits[b, :n_tokens]
                cls = self._cls_index(enc["input_ids"][w])
                null = float(s_log[cls] + e_log[cls])
                self._collect(text, u, offsets, s_log, e_log, mask, null, top_k, best)

        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:top_k]
        return [
            Span(unit_id=units[u].unit_id, start=s, end=e, text=units[u].text[s:e], score=score)
            for (u, s, e), score in ranked
        ]

    def no_answer(self, question: str, units: Sequence[Unit], threshold: float = 0.0) -> bool:
        """True when no span beats the no-answer score by more than `threshold` (runs `read`)."""
        spans = self.read(question, units, top_k=1)
        return not spans or spans[0].score <= threshold

    # ------------------------------------------------------------------ helpers

    def _truncate_question(self, question: str, max_len: int) -> str:
        """Cut an over-long question so at least half of each window is left for the context."""
        tok = self._tokenizer
        limit = max(1, (max_len - tok.num_special_tokens_to_add(pair=True)) // 2)
        q = tok(question, add_special_tokens=False, return_offsets_mapping=True)
        if len(q["input_ids"]) <= limit:
            return question
        return question[: q["offset_mapping"][limit - 1][1]]

    def _cls_index(self, input_ids: Sequence[int]) -> int:
        cls_id = getattr(self._tokenizer, "cls_token_id", None)
        if cls_id is not None:
            for i, t in enumerate(input_ids):
                if t == cls_id:
                    return i
        return 0

    def _forward(self, enc: Any, input_names: list[str], rows: range) -> tuple[torch.Tensor, torch.Tensor]:
        """Right-pad the windows in `rows` and run them through the model; float32 logits on CPU."""
        tok = self._tokenizer
        width = max(len(enc["input_ids"][w]) for w in rows)
        pad_id = tok.pad_token_id if tok.pad_token_id is not None else 0
        batch: dict[str, torch.Tensor] = {}
        for name in input_names:
            fill = pad_id if name == "input_ids" else 0
            batch[name] = torch.tensor(
                [list(enc[name][w]) + [fill] * (width - len(enc[name][w])) for w in rows],
                dtype=torch.long,
                device=self.device,
            )
        if "attention_mask" not in batch:
            batch["attention_mask"] = torch.tensor(
                [[1] * len(enc["input_ids"][w]) + [0] * (width - len(enc["input_ids"][w])) for w in rows],
                dtype=torch.long,
                device=self.device,
            )
        with torch.inference_mode():
            out = self._model(**batch)
        return out.start_logits.float().cpu(), out.end_logits.float().cpu()

    def _collect(
        self,
        text: str,
        unit_index: int,
        offsets: Sequence[tuple[int, int]],
        start_logits: torch.Tensor,
        end_logits: torch.Tensor,
        mask: list[bool],
        null_score: float,
        top_k: int,
        best: dict[tuple[int, int, int], float],
    ) -> None:
        """Add this window's `top_k` best distinct character spans to `best` (keeping the max score)."""
        starts, ends, scores = _ranked_candidates(start_logits, end_logits, mask, self.max_answer_tokens)
        seen: set[tuple[int, int]] = set()
        chunk = max(64, 4 * top_k)
        for lo in range(0, len(scores), chunk):
            for s, e, sc in zip(
                starts[lo : lo + chunk].tolist(), ends[lo : lo + chunk].tolist(), scores[lo : lo + chunk].tolist()
            ):
                c_start, c_end = _strip(text, offsets[s][0], offsets[e][1])
                if c_end <= c_start or (c_start, c_end) in seen or not math.isfinite(sc):
                    continue
                seen.add((c_start, c_end))
                key = (unit_index, c_start, c_end)
                margin = sc - null_score
                if margin > best.get(key, -math.inf):
                    best[key] = margin
                if len(seen) >= top_k:
                    return
