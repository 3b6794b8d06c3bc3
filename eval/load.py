"""`python -m eval.load [--clients 20] [--questions 200] [--port 0] [--timeout 600]`: the app under load.

Loads the assistant once, computes the expected reply to every question by calling `app.respond`
directly (before anything is served), serves the real app (`app.build_app` + `app.launch`) on a free
loopback port in this process, then sends the gold questions (cycled, each with its own "document")
from C concurrent `gradio_client.Client`s, one per thread, to the chat endpoint:

    client.predict(question, document, "Any", "Any", 5, api_name="/chat")

A reply that differs from the expected one is a wrong answer; an exception or a request that does not
finish in time is an error. Prints a markdown table (clients, questions, answered, errors, wrong answers,
wall time, throughput, latency p50/p95 per request) and exits with status 1 if anything failed.

Everything is bounded: one global timeout for the whole run (default 600 s), a per-request timeout,
a bounded number of requests; the server is closed at the end. Only 127.0.0.1 is ever contacted.

Importable pieces (used by tests/test_load.py):
    jobs = gold_jobs(40)                       # [Job(question, document, plan, section, n_sources), ...]
    expected = expected_replies(assistant, jobs)
    url, close = serve(assistant)              # app on http://127.0.0.1:<free port>/
    result = run_load(url, jobs, clients=8, timeout=300, expected=expected)
    close(); print(result.table()); result.ok
"""

from __future__ import annotations

import os

# Before gradio / gradio_client / huggingface_hub are imported: nothing may leave this machine. Forced, not
# defaulted: gradio_client starts a telemetry thread unless GRADIO_ANALYTICS_ENABLED is exactly "False".
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
}
os.environ.update(OFFLINE_ENV)
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import argparse  # noqa: E402
import itertools  # noqa: E402
import logging  # noqa: E402
import queue  # noqa: E402
import socket  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Iterable, Sequence  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:  # app.py lives at the project root
    sys.path.insert(0, str(PROJECT))

import app  # noqa: E402
from eval.gold import load_gold  # noqa: E402
from eval.metrics import percentile  # noqa: E402

log = logging.getLogger("vienna_qa.load")

HOST = "127.0.0.1"  # loopback only, always
API_NAME = "/chat"
DEFAULT_CLIENTS = 20
DEFAULT_QUESTIONS = 200
DEFAULT_TIMEOUT = 600.0
REQUEST_TIMEOUT = 120.0  # one request, however long the queue in front of it
MAX_CLIENTS = 200
MAX_QUESTIONS = 100_000
MAX_SHOWN_PROBLEMS = 10


@dataclass(frozen=True)
class Job:
    """The inputs of one call to the chat endpoint (the chat history is not an API input)."""

    question: str
    document: str = app.DEFAULT_DOCUMENT  # a Radio *value*: "adopted", "draft" or "both"
    plan: str = app.ANY
    section: str = app.ANY
    n_sources: int = app.DEFAULT_SOURCES

    def inputs(self) -> tuple:
        return (self.question, self.document, self.plan, self.section, self.n_sources)


def gold_jobs(n: int, gold: Sequence | None = None) -> list[Job]:
    """`n` jobs cycling through the gold questions in file order, each with its gold "document"."""
    if n < 0:
        raise ValueError(f"the number of questions must be 0 or more, not {n}")
    questions = list(gold if gold is not None else load_gold())
    if not questions:
        raise ValueError("no gold questions to send")
    return [Job(q.question, q.document) for q in itertools.islice(itertools.cycle(questions), n)]


def expected_replies(assistant, jobs: Iterable[Job], deadline: float | None = None) -> dict[Job, str]:
    """Job -> the reply `app.respond` gives in this process (each distinct job computed once).

    Computed in one helper thread so that the wait is bounded: `deadline` is a `time.monotonic()` value
    (default: DEFAULT_TIMEOUT from now); TimeoutError if it passes first. Errors from `respond` (it
    should never raise) are re-raised here.
    """
    deadline = time.monotonic() + DEFAULT_TIMEOUT if deadline is None else deadline
    pending = list(dict.fromkeys(jobs))
    expected: dict[Job, str] = {}
    failed: list[BaseException] = []

    def work() -> None:
        try:
            for job in pending:
                if time.monotonic() > deadline:
                    return
                expected[job] = app.respond(
                    job.question, [], job.document, job.plan, job.section, job.n_sources, assistant=assistant
                )
        except BaseException as error:  # noqa: BLE001 - handed to the caller
            failed.append(error)

    thread = threading.Thread(target=work, name="load-expected", daemon=True)
    thread.start()
    thread.join(timeout=max(0.0, deadline - time.monotonic()) + 1)
    if failed:
        raise failed[0]
    if thread.is_alive() or len(expected) < len(pending):
        raise TimeoutError(f"computing the expected replies took too long ({len(expected)} of {len(pending)} done)")
    return dict(expected)


def free_port(host: str = HOST) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def serve(assistant, port: int = 0, attempts: int = 5) -> tuple[str, Callable[[], None]]:
    """Launch the real app for `assistant` on 127.0.0.1 (port 0: a free one) in the background.

    Returns (url, close). A free port can be taken between choosing and binding it, so a few are tried.
    """
    demo = app.build_app(assistant)
    last: Exception | None = None
    for _ in range(attempts if port == 0 else 1):
        chosen = port or free_port()
        try:
            app.launch(demo, HOST, chosen, prevent_thread_lock=True, quiet=True)
        except OSError as error:  # gradio: "Cannot find empty port in range ..."
            last = error
            continue
        return f"http://{HOST}:{chosen}/", demo.close
    raise OSError(f"could not start the app on {HOST}: {last}")


@dataclass
class Outcome:
    index: int
    job: Job
    latency_ms: float
    reply: object = None
    error: str | None = None
    wrong: bool = False


@dataclass
class LoadResult:
    clients: int
    questions: int  # requested
    outcomes: list[Outcome] = field(default_factory=list)
    client_errors: list[str] = field(default_factory=list)  # a Client that could not connect
    wall_s: float = 0.0
    timed_out: bool = False

    @property
    def answered(self) -> int:
        return sum(1 for o in self.outcomes if o.error is None)

    @property
    def errors(self) -> int:
        """Failed requests, clients that could not connect, and questions never sent (timeout)."""
        return sum(1 for o in self.outcomes if o.error is not None) + len(self.client_errors) + self.not_sent

    @property
    def not_sent(self) -> int:
        return self.questions - len(self.outcomes)

    @property
    def wrong(self) -> int:
        return sum(1 for o in self.outcomes if o.wrong)

    @property
    def ok(self) -> bool:
        return self.errors == 0 and self.wrong == 0 and not self.timed_out

    @property
    def latencies_ms(self) -> list[float]:
        return [o.latency_ms for o in self.outcomes if o.error is None]

    @property
    def throughput(self) -> float:
        return self.answered / self.wall_s if self.wall_s > 0 else 0.0

    def latency(self, q: float) -> float | None:
        values = self.latencies_ms
        return percentile(values, q) if values else None

    def table(self) -> str:
        def ms(value: float | None) -> str:
            return "–" if value is None else f"{value:.0f}"

        lines = [
            "| clients | questions | answered | errors | wrong answers | wall time (s) | throughput (questions/s) "
            "| latency p50 (ms) | latency p95 (ms) |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {self.clients} | {self.questions} | {self.answered} | {self.errors} | {self.wrong} | {self.wall_s:.1f} "
            f"| {self.throughput:.2f} | {ms(self.latency(50))} | {ms(self.latency(95))} |",
        ]
        return "\n".join(lines)

    def problems(self, limit: int = MAX_SHOWN_PROBLEMS) -> list[str]:
        found = [f"client: {e}" for e in self.client_errors]
        found += [f"#{o.index} error ({o.job.document}) {o.job.question[:80]!r}: {o.error}" for o in self.outcomes if o.error]
        found += [f"#{o.index} wrong answer ({o.job.document}) {o.job.question[:80]!r}" for o in self.outcomes if o.wrong]
        if self.not_sent:
            found.append(f"{self.not_sent} question(s) never sent (global timeout)")
        return found[:limit]


def _client(url: str, request_timeout: float):
    from gradio_client import Client

    return Client(
        url,
        verbose=False,
        analytics_enabled=False,
        download_files=False,
        httpx_kwargs={"timeout": request_timeout},
    )


def run_load(
    url: str,
    jobs: Sequence[Job],
    clients: int = DEFAULT_CLIENTS,
    timeout: float = DEFAULT_TIMEOUT,
    expected: dict[Job, str] | None = None,
    request_timeout: float = REQUEST_TIMEOUT,
) -> LoadResult:
    """Send `jobs` to `url` from `clients` threads, one `gradio_client.Client` each; bounded by `timeout` s.

    Clients connect first; the clock starts when all are ready. Each thread takes the next job from a
    shared queue until it is empty or the deadline passes. A reply is wrong if `expected` has a different
    reply for its job.
    """
    if not url.startswith(f"http://{HOST}:"):
        raise ValueError(f"only {HOST} may be contacted, not {url!r}")
    if not 1 <= clients <= MAX_CLIENTS:
        raise ValueError(f"clients must be from 1 to {MAX_CLIENTS}, not {clients}")
    if len(jobs) > MAX_QUESTIONS:
        raise ValueError(f"at most {MAX_QUESTIONS} questions, not {len(jobs)}")
    deadline = time.monotonic() + timeout
    result = LoadResult(clients=clients, questions=len(jobs))
    todo: queue.SimpleQueue[tuple[int, Job]] = queue.SimpleQueue()
    for item in enumerate(jobs):
        todo.put(item)
    lock = threading.Lock()
    ready = threading.Semaphore(0)
    go = threading.Event()
    stopped = threading.Event()

    def worker(number: int) -> None:
        client = None
        try:
            try:
                client = _client(url, request_timeout)
            except Exception as error:  # noqa: BLE001 - reported, not raised
                with lock:
                    result.client_errors.append(f"client {number}: {error.__class__.__name__}: {error}")
                return
            finally:
                ready.release()
            if not go.wait(timeout=max(0.0, deadline - time.monotonic())):
                return
            for _ in range(len(jobs)):  # bounded: never more iterations than jobs
                left = deadline - time.monotonic()
                if left <= 0:
                    return
                try:
                    index, job = todo.get_nowait()
                except queue.Empty:
                    return
                started = time.perf_counter()
                pending = None
                try:
                    pending = client.submit(*job.inputs(), api_name=API_NAME)
                    reply = pending.result(timeout=min(request_timeout, left))
                    outcome = Outcome(index, job, (time.perf_counter() - started) * 1000, reply)
                    if expected is not None and reply != expected.get(job):
                        outcome.wrong = True
                except Exception as error:  # noqa: BLE001 - a failed request is a result, not a crash
                    if pending is not None:
                        pending.cancel()
                    message = f"{error.__class__.__name__}: {error}".strip()
                    outcome = Outcome(index, job, (time.perf_counter() - started) * 1000, error=message[:300] or "error")
                with lock:
                    if stopped.is_set():  # reported already: a late reply changes nothing
                        return
                    result.outcomes.append(outcome)
        finally:
            if client is not None:
                client.close()

    threads = [threading.Thread(target=worker, args=(n,), name=f"load-client-{n}", daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for _ in threads:  # every client connected (or failed to)
        if not ready.acquire(timeout=max(0.0, deadline - time.monotonic())):
            break
    started = time.perf_counter()
    go.set()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + 5)
    result.wall_s = time.perf_counter() - started
    result.timed_out = any(thread.is_alive() for thread in threads) or time.monotonic() > deadline
    with lock:  # threads still stuck after the deadline must not change what is reported
        stopped.set()
        result.outcomes.sort(key=lambda o: o.index)
    return result


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m eval.load", description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=DEFAULT_CLIENTS, help=f"concurrent clients (default {DEFAULT_CLIENTS})")
    parser.add_argument("--questions", type=int, default=DEFAULT_QUESTIONS, help=f"questions to send (default {DEFAULT_QUESTIONS})")
    parser.add_argument("--port", type=int, default=0, help="loopback port for the app (default 0: a free one)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help=f"global timeout in s (default {DEFAULT_TIMEOUT:.0f})")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= MAX_CLIENTS:
        parser.error(f"--clients must be from 1 to {MAX_CLIENTS}")
    if not 1 <= args.questions <= MAX_QUESTIONS:
        parser.error(f"--questions must be from 1 to {MAX_QUESTIONS}")
    if not 0 <= args.port <= 65535:
        parser.error("--port must be from 0 to 65535")
    if not args.timeout > 0:
        parser.error("--timeout must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    deadline = time.monotonic() + args.timeout
    from qa import Assistant

    started = time.perf_counter()
    assistant = Assistant.load()
    jobs = gold_jobs(args.questions)
    try:
        expected = expected_replies(assistant, jobs, deadline)
    except TimeoutError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"assistant loaded and {len(expected)} expected replies computed in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)
    url, close = serve(assistant, args.port)
    try:
        result = run_load(url, jobs, args.clients, max(1.0, deadline - time.monotonic()), expected)
    finally:
        close()
    print(result.table())
    problems = result.problems()
    if result.timed_out:
        print(f"\nStopped by the global timeout ({args.timeout:.0f} s).")
    if problems:
        print("\nProblems (first ones):")
        print("\n".join(f"- {p}" for p in problems))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
