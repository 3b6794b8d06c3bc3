"""`python -m eval.onnx_check`: the ONNX Runtime encoder backends against torch, speed and quality.

For each backend (torch, onnx = fp32 ONNX, onnx-int8 = int8 weights):
- speed of `embed_with_pooled` (the per-question hot path): the first 100 gold questions one at a time
  (p50/p95 ms) and in batches of 32 sorted by length as `HybridRetriever.encode_many` does (questions/s,
  median of the runs); a block per backend, backends in turn, the order rotated per run;
- retrieval quality on the dev split (hit@1, hit@5, mrr@10 over answerable questions, from
  `assistant.retrieve(..., top_k=10)`) and token F1 of `assistant.ask` on factoid questions, with the
  backend swapped into `assistant.retriever.token_embedder`, in two settings:
  A. units as cached (FAISS vectors and token table built with torch), only the questions change backend;
  B. units re-encoded with the same backend (FAISS from its pooled vectors of the contextual texts, token
     table from `TokenTable.build(unit texts, embedder)`), i.e. what an index built with it would give;
- `ask()` end to end (p50/p95 ms) in setting A.

Prints markdown tables and writes them to --out (default eval/out/onnx_check.md).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

from eval import metrics
from eval.bench import forget_questions
from eval.gold import load_gold
from eval.report import publish

BACKENDS = ("torch", "onnx", "onnx-int8")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def _f(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def load_embedders(encoder, cache_dir: Path | None) -> tuple[dict, dict[str, float]]:
    from embeddings.onnx import make_token_embedder

    embedders, load_seconds = {}, {}
    for name in BACKENDS:
        started = time.perf_counter()
        embedders[name] = make_token_embedder(encoder, name, cache_dir=cache_dir)
        load_seconds[name] = time.perf_counter() - started
    return embedders, load_seconds


def _block_order(names: list[str], run: int) -> list[str]:
    """Backends in turn, rotated per run so that changes in the machine's load fall on each alike."""
    shift = run % len(names)
    return names[shift:] + names[:shift]


def single_latency(embedders: dict, texts: list[str], runs: int) -> dict[str, list[float]]:
    """Per backend, a block of the questions one at a time, after 10 to warm it. Blocks, not alternating
    backend by backend: ONNX Runtime's threads spin after a run and would starve torch's right after."""
    names = list(embedders)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for run in range(runs):
        for name in _block_order(names, run):
            embedder = embedders[name]
            for text in texts[:10]:
                embedder.embed_with_pooled([text])
            for text in texts:
                started = time.perf_counter()
                embedder.embed_with_pooled([text])
                samples[name].append(time.perf_counter() - started)
    return samples


def batch_throughput(embedders: dict, texts: list[str], runs: int, size: int = 32) -> dict[str, float]:
    order = sorted(texts, key=len)
    chunks = [order[i:i + size] for i in range(0, len(order), size)]
    names = list(embedders)
    rates: dict[str, list[float]] = {name: [] for name in names}
    for run in range(runs):
        for name in _block_order(names, run):
            embedder = embedders[name]
            embedder.embed_with_pooled(chunks[0])
            started = time.perf_counter()
            for chunk in chunks:
                embedder.embed_with_pooled(chunk)
            rates[name].append(len(texts) / (time.perf_counter() - started))
    return {name: float(np.median(values)) for name, values in rates.items()}


def quality(assistant, dev) -> dict[str, float | None]:
    """hit@1, hit@5, mrr@10 over answerable questions; F1 over answerable factoid questions with answers
    (an abstention scores as the empty answer), as `eval.harness` counts them."""
    hit1, hit5, mrr = [], [], []
    for q in dev:
        if not q.answerable:
            continue
        ranked = [h.unit_id for h in assistant.retrieve(q.question, document=q.document, top_k=10)]
        hit1.append(metrics.hit_at_k(ranked, q.relevant, 1))
        hit5.append(metrics.hit_at_k(ranked, q.relevant, 5))
        mrr.append(metrics.reciprocal_rank(ranked, q.relevant, 10))
    f1 = []
    for q in dev:
        if q.type == "factoid" and q.answerable and q.answers:
            answer = assistant.ask(q.question, document=q.document, top_k=5)
            f1.append(metrics.token_f1("" if answer.abstained else answer.answer, q.answers))
    return {
        "hit@1": metrics.mean(hit1), "hit@5": metrics.mean(hit5), "mrr@10": metrics.mean(mrr), "f1": metrics.mean(f1),
        "answerable": len(hit1), "factoid": len(f1),
    }


def rebuilt_assistant(assistant, embedder, name: str):
    """The same assistant over an index whose units were encoded by `embedder` (built in memory);
    returns it and the build time in seconds."""
    import faiss

    from embeddings import VectorIndex, contextual_text
    from embeddings.index import TokenTable
    from qa import Assistant
    from qa.compose import AnswerComposer
    from qa.lexical import LexicalIndex
    from qa.readers import build_reader
    from qa.retriever import HybridRetriever

    corpus, encoder, config = assistant.corpus, assistant.retriever.encoder, assistant.config
    texts = [contextual_text(u, corpus) for u in corpus.units]
    started = time.perf_counter()
    vectors = encoder.encode(texts) if name == "torch" else embedder.encode(texts)
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    tokens = TokenTable.build([u.text for u in corpus.units], embedder)
    seconds = time.perf_counter() - started
    built = VectorIndex(tuple(u.unit_id for u in corpus.units), index, f"built with {name}", tokens)
    retriever = HybridRetriever(corpus.units, encoder, built, LexicalIndex(texts), config.retrieval)
    retriever.token_embedder = embedder
    composer = AnswerComposer(corpus, build_reader(config, encoder), built, content_tokens=retriever.late_tokens)
    return Assistant(corpus, retriever, composer, config), seconds


def ask_latency(assistant, embedders: dict, questions, runs: int) -> dict[str, list[float]]:
    """ask() end to end with each backend (setting A), in blocks like `single_latency`."""
    names = list(embedders)
    samples: dict[str, list[float]] = {name: [] for name in names}
    original = assistant.retriever.token_embedder
    try:
        for q in questions:  # spaCy parses of the units read are cached after the first pass
            assistant.ask(q.question, document=q.document)
        for run in range(runs):
            for name in _block_order(names, run):
                assistant.retriever.token_embedder = embedders[name]
                for q in questions[:10]:
                    assistant.ask(q.question, document=q.document)
                for q in questions:
                    forget_questions()  # each timed as a new question, as in eval.bench
                    started = time.perf_counter()
                    assistant.ask(q.question, document=q.document)
                    samples[name].append(time.perf_counter() - started)
    finally:
        assistant.retriever.token_embedder = original
    return samples


def vector_agreement(embedders: dict, texts: list[str]) -> dict[str, tuple[float, float]]:
    """Per backend, min and mean cosine of its pooled question vectors with torch's."""
    reference = np.concatenate([embedders["torch"].embed_with_pooled(texts[i:i + 32])[0] for i in range(0, len(texts), 32)])
    agreement = {}
    for name, embedder in embedders.items():
        pooled = np.concatenate([embedder.embed_with_pooled(texts[i:i + 32])[0] for i in range(0, len(texts), 32)])
        cosines = (pooled * reference).sum(axis=1)
        agreement[name] = (float(cosines.min()), float(cosines.mean()))
    return agreement


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.onnx_check", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="timing runs over the 100 questions (default 3)")
    parser.add_argument("--ask-runs", type=int, default=2, help="runs of ask() end to end (default 2; 0 skips)")
    parser.add_argument("--no-rebuild", action="store_true", help="skip setting B (units re-encoded per backend)")
    parser.add_argument("--cache-dir", type=Path, default=None, help="ONNX cache (default <project>/.cache/onnx)")
    parser.add_argument("--out", type=Path, default=Path("eval/out/onnx_check.md"))
    args = parser.parse_args(argv)

    from corpus import load_corpus
    from embeddings import Encoder
    from qa import Assistant

    corpus = load_corpus()
    encoder = Encoder()
    assistant = Assistant.load(corpus=corpus, encoder=encoder)
    encoder.model  # loaded here, so that the construction times below are the backends' own
    embedders, load_seconds = load_embedders(encoder, args.cache_dir)
    questions = load_gold()[:100]
    texts = [q.question for q in questions]
    dev = load_gold(split="dev")
    print(f"loaded; timing {len(texts)} questions x {args.runs} runs ...", file=sys.stderr, flush=True)

    single = single_latency(embedders, texts, args.runs)
    batched = batch_throughput(embedders, texts, args.runs)
    agreement = vector_agreement(embedders, [q.question for q in load_gold()])

    print("quality, setting A (torch-built units) ...", file=sys.stderr, flush=True)
    original = assistant.retriever.token_embedder
    scores_a = {}
    for name, embedder in embedders.items():
        assistant.retriever.token_embedder = embedder
        scores_a[name] = quality(assistant, dev)
    assistant.retriever.token_embedder = original

    scores_b, build_seconds = {}, {}
    if not args.no_rebuild:
        print("quality, setting B (units re-encoded per backend) ...", file=sys.stderr, flush=True)
        for name, embedder in embedders.items():
            rebuilt, build_seconds[name] = rebuilt_assistant(assistant, embedder, name)
            scores_b[name] = quality(rebuilt, dev)

    asks = {}
    if args.ask_runs:
        print("ask() end to end ...", file=sys.stderr, flush=True)
        asks = ask_latency(assistant, embedders, questions, args.ask_runs)

    a = scores_a["torch"]
    lines = [
        f"# ONNX encoder backends ({os.cpu_count()} cores)",
        "",
        f"`embed_with_pooled`: first {len(texts)} gold questions one at a time x {args.runs} runs (a block of them per "
        "backend, in turn), "
        f"and in batches of 32 (median of {args.runs} runs). Quality on the dev split: {a['answerable']} answerable "
        f"questions (hit, mrr), {a['factoid']} factoid ones (F1); question vectors from the backend, unit vectors "
        "from the cached torch-built index (setting A).",
        "",
        "| backend | p50 ms | p95 ms | batch q/s | hit@1 | hit@5 | mrr@10 | F1 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in embedders:
        s = scores_a[name]
        lines.append(
            f"| {name} | {_ms(metrics.percentile(single[name], 50))} | {_ms(metrics.percentile(single[name], 95))} "
            f"| {batched[name]:.0f} | {_f(s['hit@1'])} | {_f(s['hit@5'])} | {_f(s['mrr@10'])} | {_f(s['f1'])} |"
        )
    if scores_b:
        lines += [
            "",
            "Setting B: units re-encoded with the same backend (FAISS over its pooled vectors of the contextual "
            "texts, token table from `TokenTable.build`), index built in memory; build = both, for all units.",
            "",
            "| backend | index build s | hit@1 | hit@5 | mrr@10 | F1 |",
            "|---|---|---|---|---|---|",
        ]
        for name in embedders:
            s = scores_b[name]
            lines.append(
                f"| {name} | {build_seconds[name]:.1f} | {_f(s['hit@1'])} | {_f(s['hit@5'])} | {_f(s['mrr@10'])} | {_f(s['f1'])} |"
            )
    lines += [
        "",
        "| backend | construct s (cached model) | pooled cosine with torch, min / mean (all gold questions) "
        + ("| ask() p50 ms | ask() p95 ms |" if asks else "|"),
        "|---|---|---|" + ("---|---|" if asks else ""),
    ]
    for name in embedders:
        row = f"| {name} | {load_seconds[name]:.2f} | {agreement[name][0]:.4f} / {agreement[name][1]:.4f} |"
        if asks:
            row += f" {_ms(metrics.percentile(asks[name], 50))} | {_ms(metrics.percentile(asks[name], 95))} |"
        lines.append(row)
    report = "\n".join(lines)
    publish(report, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
