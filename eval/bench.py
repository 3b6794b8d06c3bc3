"""`python -m eval.bench`: where the time goes, measured on this machine, against the encoding floor.

Prints markdown tables (and writes them to --out): cold start by part, index build from scratch,
per-question latency by stage over a fixed list of 100 gold questions and several runs, the floor
(encoding one question with the bundled model and nothing else), a BM25-only pipeline, batch
throughput (`Assistant.ask_many`), peak memory and memory growth over 1,000 questions, and the time
of `python -m qa --help`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from eval.gold import load_gold
from eval.report import publish
from eval.metrics import percentile

PROJECT = Path(__file__).resolve().parent.parent
_QUESTIONS = 100  # the first gold questions, the fixed list every figure is measured on
STAGES = ("encode", "dense", "bm25", "fusion", "reader", "assembly")

COLD_START = """
import time, json, sys
started = float(sys.argv[1])
t0 = time.time()
from qa.assistant import Assistant
t1 = time.time()
assistant = Assistant.load()
t2 = time.time()
assistant.retriever.encoder.model
t3 = time.time()
assistant.ask("What must States do about prison overcrowding?")
t4 = time.time()
print(json.dumps({"interpreter": t0 - started, "imports": t1 - t0, "index, corpus and parses": t2 - t1,
                  "model": t3 - t2, "first answer": t4 - t3, "total": t4 - started,
                  "index": assistant.retriever.vectors.origin}))
"""


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _cold_start(cache: Path | None) -> dict:
    env = dict(os.environ)
    if cache is not None:
        env["VIENNA_QA_CACHE"] = str(cache)
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", COLD_START, str(started)], capture_output=True, text=True, cwd=PROJECT, env=env, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def cold_start(runs: int) -> list[str]:
    _cold_start(None)  # make sure the project cache exists
    samples = [_cold_start(None) for _ in range(runs)]
    with tempfile.TemporaryDirectory() as scratch:
        built = _cold_start(Path(scratch))
    lines = ["| part | median s (cached index) | from scratch s |", "|---|---|---|"]
    for part in ("interpreter", "imports", "index, corpus and parses", "model", "first answer", "total"):
        lines.append(f"| {part} | {percentile([s[part] for s in samples], 50):.2f} | {built[part]:.2f} |")
    lines.append(f"\nIndex states: cached runs `{samples[0]['index']}`, scratch run `{built['index']}` "
                 f"(its 'index, corpus and parses' row is the index build: encoding every unit and its tokens, and parsing every unit).")
    help_times = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "qa", "--help"], capture_output=True, cwd=PROJECT, check=True)
        help_times.append(time.perf_counter() - started)
    lines.append(f"`python -m qa --help`: median {percentile(help_times, 50):.2f} s over 5 runs.")
    return lines


def forget_questions() -> None:
    """Drops what was kept about questions already asked (their analysis and parse), so that every question is
    timed as a new one; what is kept about the units read (their parses and answer boundaries) stays, as in a
    process that has answered many questions."""
    from qa.candidates import forget_question_parses
    from qa.question import analyse

    analyse.cache_clear()
    forget_question_parses()


def per_question(assistant, questions, runs: int) -> tuple[list[str], float]:
    from qa.config import named
    from qa.scope import Scope

    encoder, retriever, composer = assistant.retriever.encoder, assistant.retriever, assistant.composer
    for q in questions:  # warm: spaCy parses of the units read are cached after the first pass
        assistant.ask(q.question, document=q.document)
    floor, totals, bm25_totals = [], [], []
    stages: dict[str, list[float]] = {s: [] for s in STAGES}
    bm25 = assistant.with_config(named("bm25"))
    for _ in range(runs):
        for q in questions:
            started = time.perf_counter()
            encoder.encode([q.question])
            floor.append(time.perf_counter() - started)

            forget_questions()
            started = time.perf_counter()
            assistant.ask(q.question, document=q.document)
            totals.append(time.perf_counter() - started)

            forget_questions()
            timings: dict[str, float] = {}
            started = time.perf_counter()
            encoded = retriever.encode(q.question)
            timings["encode"] = time.perf_counter() - started
            allowed = Scope.of(q.document).positions(assistant.corpus.units)
            hits = retriever.run(encoded, allowed, 5, timings)
            composer.run(encoded, hits, q.document, 5, timings)
            for stage in STAGES:
                stages[stage].append(timings.get(stage, 0.0))
            started = time.perf_counter()
            bm25.ask(q.question, document=q.document)
            bm25_totals.append(time.perf_counter() - started)
    floor_p50 = percentile(floor, 50)
    lines = ["| stage | p50 ms | p95 ms |", "|---|---|---|"]
    lines += [f"| {s} | {_ms(percentile(v, 50))} | {_ms(percentile(v, 95))} |" for s, v in stages.items()]
    lines += [
        f"| **ask() end to end** | **{_ms(percentile(totals, 50))}** | **{_ms(percentile(totals, 95))}** |",
        f"| floor: encode one question, nothing else | {_ms(floor_p50)} | {_ms(percentile(floor, 95))} |",
        f"| BM25-only pipeline (whole-unit answers) | {_ms(percentile(bm25_totals, 50))} | {_ms(percentile(bm25_totals, 95))} |",
        "",
        f"ask() / floor: p50 {percentile(totals, 50) / floor_p50:.2f}x, p95 {percentile(totals, 95) / percentile(floor, 95):.2f}x "
        f"(targets 1.5x and 2.5x); ask() / BM25-only p50: {percentile(totals, 50) / percentile(bm25_totals, 50):.2f}x. "
        f"{len(questions)} questions x {runs} runs, each timed as a new question (its analysis and parse are not kept "
        "from before; what is kept about the units read, their candidates and answer boundaries, is, from a first pass "
        "over the questions). "
        "encode is one transformer pass giving both the sentence vector and the token vectors; "
        "fusion includes the late-interaction re-score; the stages are timed after ask(), with the answer "
        "boundaries it found kept, so they add up to a little less.",
    ]
    return lines, floor_p50


def throughput(assistant, questions, runs: int) -> list[str]:
    """Questions per second of each mode: the median of `runs` runs, the modes taking turns in each run so
    that a slow moment of the machine falls on all of them."""
    texts = [q.question for q in questions]
    retriever = assistant.retriever
    modes = {
        "one by one (`ask`)": lambda: [assistant.ask(text) for text in texts],
        "batch (`ask_many`, batches of 32)": lambda: assistant.ask_many(texts),
        "encoding alone, one by one": lambda: [retriever.encode(text) for text in texts],
        "encoding alone, batched": lambda: retriever.encode_many(texts),
    }
    rates: dict[str, list[float]] = {name: [] for name in modes}
    for _ in range(runs):
        for name, work in modes.items():
            forget_questions()
            started = time.perf_counter()
            work()
            rates[name].append(len(texts) / (time.perf_counter() - started))
    speedups = [b / o for o, b in zip(rates["one by one (`ask`)"], rates["batch (`ask_many`, batches of 32)"])]
    median = {name: percentile(values, 50) for name, values in rates.items()}
    encoding = median["encoding alone, batched"] / median["encoding alone, one by one"]
    return [
        "| mode | questions/s (median) |", "|---|---|",
        *(f"| {name} | {value:.1f} |" for name, value in median.items()),
        f"\nBatch speed-up: {percentile(speedups, 50):.2f}x for {len(texts)} questions (median of {runs} runs; "
        f"{min(speedups):.2f}x to {max(speedups):.2f}x; target 3x). Encoding alone speeds up {encoding:.2f}x when "
        "batched: with the encoder taking most of each answer, the speed-up of the whole pipeline stays close to that.",
    ]


def memory(assistant, questions, total: int) -> list[str]:
    texts = [q.question for q in questions]
    after_warm = None
    for n in range(total):
        assistant.ask(texts[n % len(texts)])
        if n + 1 == len(texts):
            after_warm = _rss_mb()
    after = _rss_mb()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return [
        f"Peak RSS of the benchmark process: {peak:.0f} MiB. RSS after {len(texts)} questions: {after_warm:.1f} MiB; "
        f"after {total}: {after:.1f} MiB (growth {after - after_warm:+.1f} MiB over {total - len(texts)} more questions)."
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help=f"runs over the {_QUESTIONS} questions (default 3)")
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--throughput-runs", type=int, default=5, help="runs of each throughput mode (median reported)")
    parser.add_argument("--memory-questions", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=Path("eval/out/bench.md"))
    args = parser.parse_args(argv)
    for name in ("runs", "cold_runs", "throughput_runs"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.memory_questions <= _QUESTIONS:
        parser.error(f"--memory-questions must be more than the {_QUESTIONS} questions asked first, to measure growth")

    from qa import Assistant

    questions = load_gold()[:_QUESTIONS]
    sections = [f"# Benchmark ({os.cpu_count()} cores)", "", "## Cold start", ""] + cold_start(args.cold_runs)
    assistant = Assistant.load()
    lines, _ = per_question(assistant, questions, args.runs)
    sections += ["", "## Per question, by stage", ""] + lines
    sections += ["", "## Throughput", ""] + throughput(assistant, questions, args.throughput_runs)
    sections += ["", "## Memory", ""] + memory(assistant, questions, args.memory_questions)
    report = "\n".join(sections)
    publish(report, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
