"""Reliability: the served app offline and on loopback only, the command line's bad input, the Python API
after errors and on unusual text, and a broken corpus file at start-up.

Child processes get the offline variables and only ever talk to 127.0.0.1; every wait is bounded and
every child is ended (terminate, then kill) at the end.
"""

from __future__ import annotations

import ipaddress
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus import CorpusParseError, load_corpus
from corpus.corpus import DATA_DIR, DOCUMENTS

pytestmark = [
    pytest.mark.filterwarnings("ignore:.*no_silent_downcasting.*"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]

PROJECT = Path(__file__).resolve().parent.parent
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
}
for _name, _value in OFFLINE_ENV.items():
    os.environ[_name] = _value  # the gradio_client used here too: no telemetry, no hub

START_TIMEOUT = 240.0  # loading the model, the index and the warm-up question
CLI_TIMEOUT = 300.0
STOP_TIMEOUT = 30.0
REQUEST_TIMEOUT = 120.0

OVERCROWDING = "What must States do about prison overcrowding?"
CORRUPTION = "By when should the convention against corruption be finalized?"
UZBEKISTAN = "Which proposal did Uzbekistan submit?"


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_", "GRADIO_"))}
    env.update(OFFLINE_ENV)
    env["PYTHONPATH"] = os.pathsep.join([str(PROJECT / "tests"), str(PROJECT)])
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_answers(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def stop(process: subprocess.Popen) -> int:
    """Terminate, then kill if it does not end in time; the exit status."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)
    return process.returncode


def client_for(port: int):
    from gradio_client import Client

    return Client(
        f"http://127.0.0.1:{port}/", verbose=False, analytics_enabled=False, download_files=False,
        httpx_kwargs={"timeout": REQUEST_TIMEOUT},
    )


# --- the app, served by a child process with the network blocked ------------------------------------------

APP_UNDER_NETGUARD = (
    "import netguard, runpy, socket, sys; "
    "print('netguard active:', socket.socket.connect is netguard._guarded_connect, flush=True); "
    "sys.argv = ['app.py', '--port', sys.argv[1]]; "
    "runpy.run_path('app.py', run_name='__main__')"
)


class ChildApp:
    def __init__(self, tmp: Path) -> None:
        self.port = free_port()
        self.out, self.err = tmp / "app.out", tmp / "app.err"
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-c", APP_UNDER_NETGUARD, str(self.port)],
                cwd=PROJECT, env=child_env(), stdout=out, stderr=err, stdin=subprocess.DEVNULL,
            )

    def wait_until_serving(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the app exited with status {self.process.returncode}:\n{self.stderr()[-3000:]}")
            if port_answers(self.port):
                return
            time.sleep(0.5)
        pytest.fail(f"the app did not answer on port {self.port} within {START_TIMEOUT:.0f} s:\n{self.stderr()[-3000:]}")

    def stop(self) -> int:
        return stop(self.process)

    def stdout(self) -> str:
        return self.out.read_text(encoding="utf-8", errors="replace")

    def stderr(self) -> str:
        return self.err.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def child_app(tmp_path_factory):
    child = ChildApp(tmp_path_factory.mktemp("app"))
    try:
        child.wait_until_serving()
        yield child
    finally:
        child.stop()


def listening_addresses(port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """Local addresses of the TCP sockets listening on `port`, from /proc/net/tcp and /proc/net/tcp6."""
    found = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            local, state = fields[1], fields[3]
            address, port_hex = local.split(":")
            if state != "0A" or int(port_hex, 16) != port or len(address) != width:  # 0A: LISTEN
                continue
            # the kernel prints each 32-bit word in host (little-endian) order
            raw = b"".join(bytes.fromhex(address[i:i + 8])[::-1] for i in range(0, width, 8))
            found.append(ipaddress.ip_address(raw))
    return found


def is_loopback(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


def local_non_loopback_ipv4() -> list[str]:
    """This machine's own IPv4 addresses other than 127/8 (the "host LOCAL" routes of the kernel)."""
    path = Path("/proc/net/fib_trie")
    if not path.exists():
        return []
    addresses, previous = set(), ""
    for line in path.read_text().splitlines():
        if "/32 host LOCAL" in line and "|--" in previous:
            addresses.add(previous.split("|--")[1].strip())
        previous = line
    return sorted(a for a in addresses if not ipaddress.ip_address(a).is_loopback)


def test_served_app_listens_on_loopback_only(child_app) -> None:
    addresses = listening_addresses(child_app.port)
    assert addresses, f"nothing listens on port {child_app.port} according to /proc/net/tcp*"
    assert all(is_loopback(a) for a in addresses), addresses


def test_served_app_is_unreachable_on_this_machines_other_addresses(child_app) -> None:
    others = local_non_loopback_ipv4()
    if not others:
        pytest.skip("this machine has no non-loopback IPv4 address")
    for address in others:  # this machine's own address: the packets never leave it
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(2.0)
            assert sock.connect_ex((address, child_app.port)) != 0, f"the app answers on {address}"


def test_served_app_answers_with_the_network_blocked(child_app, assistant) -> None:
    import app

    assert "netguard active: True" in child_app.stdout()
    client = client_for(child_app.port)
    try:
        replies = {
            (question, document): client.submit(question, document, "Any", "Any", 5, api_name="/chat").result(timeout=REQUEST_TIMEOUT)
            for question, document in [(CORRUPTION, "adopted"), (OVERCROWDING, "adopted"), (UZBEKISTAN, "draft")]
        }
    finally:
        client.close()
    assert "<b>the end of 2003</b>" in replies[(CORRUPTION, "adopted")]
    assert "<b>E/CN.15/2001/L.1</b>" in replies[(UZBEKISTAN, "draft")]
    for (question, document), reply in replies.items():  # the same reply as the app code in this process
        assert reply == app.respond(question, [], document, "Any", "Any", 5, assistant=assistant), question
    child_app.stop()
    stderr = child_app.stderr()
    assert "netguard: blocked" not in stderr, stderr[-3000:]
    assert "Traceback" not in stderr, stderr[-3000:]


# --- the command line ----------------------------------------------------------------------------------------

# `python -m qa ...`, reporting at exit which heavy modules were imported: torch means the model was loaded,
# qa.assistant that the assistant (corpus, index) was.
PROBE = """
import atexit, json, os, runpy, sys
def report():
    with open(os.environ["VQA_PROBE_OUT"], "w") as out:
        json.dump({m: m in sys.modules for m in ("torch", "sentence_transformers", "qa.assistant")}, out)
atexit.register(report)
runpy.run_module("qa", run_name="__main__", alter_sys=True)
"""

QUESTION = "What should States do?"
BAD_INPUTS = {
    "empty question": ([""], "the question is empty"),
    "whitespace only": (["   \t  "], "the question is empty"),
    "too long": (["x" * 1001], "the limit is 1000 characters"),
    "punctuation only": (["?!?... ;;"], "no words, only punctuation"),
    "control characters": (["prison\x07overcrowding\x1b"], "control characters"),
    "unknown document": ([QUESTION, "--document", "minutes"], "unknown document 'minutes'"),
    "top-k 0": ([QUESTION, "--top-k", "0"], "top_k must be from 1 to 50; got 0"),
    "top-k 51": ([QUESTION, "--top-k", "51"], "top_k must be from 1 to 50; got 51"),
    "unknown plan": ([QUESTION, "--plan", "XVI"], "unknown plan 'XVI'"),
    "unknown section": ([QUESTION, "--section", "regional"], "unknown section 'regional'"),
    "invalid UTF-8": ([b"\xff\xfe bad"], "not valid UTF-8"),
}
_RUNS: dict[str, tuple[subprocess.CompletedProcess, dict]] = {}


def run_cli(key: str, args: list, tmp: Path) -> tuple[subprocess.CompletedProcess, dict]:
    """`python -m qa *args` through the probe (once per key per session): (result, modules imported)."""
    if key not in _RUNS:
        probe = tmp / f"probe-{len(_RUNS)}.json"
        result = subprocess.run(
            [sys.executable, "-c", PROBE, *args], capture_output=True, timeout=CLI_TIMEOUT, cwd=PROJECT,
            env=child_env(VQA_PROBE_OUT=str(probe)),
        )
        _RUNS[key] = (result, json.loads(probe.read_text()))
    return _RUNS[key]


@pytest.fixture(scope="module")
def cli_tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cli")


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_cli_bad_input_exits_2_with_one_line_on_stderr(case: str, cli_tmp: Path) -> None:
    args, says = BAD_INPUTS[case]
    result, _ = run_cli(case, args, cli_tmp)
    stderr = result.stderr.decode("utf-8", errors="replace")
    assert result.returncode == 2, stderr
    assert result.stdout == b""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    assert says in lines[0]
    assert "Traceback" not in stderr


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_cli_bad_input_fails_before_the_model_loads(case: str, cli_tmp: Path) -> None:
    """Fast failure, checked without timing: neither the model (torch) nor the assistant (corpus, index:
    built from scratch when the cache is empty) is loaded."""
    _, modules = run_cli(case, BAD_INPUTS[case][0], cli_tmp)
    assert not modules["torch"] and not modules["sentence_transformers"], modules
    assert not modules["qa.assistant"], modules


def test_cli_invalid_utf8_through_python_dash_m(cli_tmp: Path) -> None:
    """The real entry point, with undecodable bytes in argv."""
    result = subprocess.run(
        [sys.executable, "-m", "qa", b"\xff\xfe bad"], capture_output=True, timeout=CLI_TIMEOUT, cwd=PROJECT, env=child_env(),
    )
    assert result.returncode == 2
    assert result.stderr.decode().strip() == "error: the question is not valid UTF-8 text"


def test_cli_good_question_as_json(cli_tmp: Path, corpus) -> None:
    result, modules = run_cli("good", [OVERCROWDING, "--json"], cli_tmp)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    assert modules["torch"] and modules["qa.assistant"]  # the probe does see a load: its "not loaded" means something
    answer = json.loads(result.stdout)
    assert answer["question"] == OVERCROWDING and not answer["abstained"]
    assert answer["citations"]
    for citation in answer["citations"]:
        assert citation["text"][citation["start"]:citation["end"]] == citation["quote"]
        assert citation["text"] == corpus.get(citation["unit_id"]).text
    assert sorted(c["unit_id"] for c in answer["citations"]) == [f"adopted:annex:32({x})" for x in "abcd"]


def test_cli_output_its_reader_stops_taking_ends_without_a_traceback() -> None:
    """`python -m qa ... | head -1`: the reader of the output closes it before the answer is printed."""
    child = subprocess.Popen(
        [sys.executable, "-m", "qa", OVERCROWDING], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=PROJECT, env=child_env(),
    )
    child.stdout.close()
    _, stderr = child.communicate(timeout=CLI_TIMEOUT)
    assert "Traceback" not in stderr.decode(errors="replace"), stderr.decode(errors="replace")[-2000:]
    assert child.returncode == 0


# --- the Python API -------------------------------------------------------------------------------------------

BAD_CALLS = [
    ("", {}),
    ("   \n\t", {}),
    ("x" * 1001, {}),
    ("?!?... ;;", {}),
    ("prison\x00overcrowding", {}),
    (None, {}),
    (42, {}),
    (b"What about prisons?", {}),
    (OVERCROWDING, {"top_k": 0}),
    (OVERCROWDING, {"top_k": 51}),
    (OVERCROWDING, {"top_k": True}),
    (OVERCROWDING, {"top_k": "5"}),
    (OVERCROWDING, {"plan": "XVI"}),
    (OVERCROWDING, {"section": "regional"}),
    (OVERCROWDING, {"document": "minutes"}),
]


def test_api_keeps_serving_after_errors(assistant) -> None:
    good = [OVERCROWDING, CORRUPTION, (UZBEKISTAN, "draft")]

    def ask_good():
        return [
            (assistant.ask(q[0], document=q[1]) if isinstance(q, tuple) else assistant.ask(q)).to_dict() for q in good
        ]

    before = ask_good()
    batch_before = [a.to_dict() for a in assistant.ask_many([OVERCROWDING, CORRUPTION])]
    for round_ in range(2):
        for question, settings in BAD_CALLS:
            with pytest.raises(ValueError):
                assistant.ask(question, **settings)
            with pytest.raises(ValueError):
                assistant.retrieve(question, **settings)
        with pytest.raises(ValueError):  # one bad question spoils the batch before any work starts
            assistant.ask_many([OVERCROWDING, "", CORRUPTION])
        assert ask_good() == before, f"round {round_}"
        assert [a.to_dict() for a in assistant.ask_many([OVERCROWDING, CORRUPTION])] == batch_before


UNUSUAL = [
    "¿Qué deben hacer los Estados sobre el hacinamiento en las cárceles?",
    "Что делать с коррупцией?",
    "中文问题",
    "'; DROP TABLE units; --",
    "<script>alert(1)</script> prison overcrowding",
]


@pytest.mark.parametrize("question", UNUSUAL)
@pytest.mark.parametrize("document", ["adopted", "both"])
def test_api_unusual_text_gets_an_answer_or_an_abstention(assistant, corpus, question: str, document: str) -> None:
    import app

    answer = assistant.ask(question, document=document)
    assert answer.kind in ("factoid", "list", "abstain", "comparison")
    assert answer.abstained == (answer.kind == "abstain")
    assert isinstance(answer.answer, str)
    for citation in answer.citations:
        assert citation.text[citation.start:citation.end] == citation.quote
        assert 0 <= citation.start <= citation.end <= len(citation.text)
        assert citation.text == corpus.get(citation.unit_id).text
        assert citation.unit_id.startswith(("adopted:", "draft:") if document == "both" else f"{document}:")
    reply = app.respond(question, [], document, "Any", "Any", 5, assistant=assistant)
    assert reply.startswith('<div class="vqa-reply') and "vqa-error" not in reply  # no refusal, no apology
    assert ("vqa-abstain" in reply) == answer.abstained
    assert "<script" not in reply.lower()


# --- a broken corpus file ---------------------------------------------------------------------------------------

BREAKS = {
    "adopted paragraph number": ("adopted", "3.\tStates will also endeavour", "4.\tStates will also endeavour",
                                 "paragraph 4. where paragraph 3. was expected"),
    "draft subparagraph letter": ("draft", "\n (c) Encouragement of governmental", "\n (d) Encouragement of governmental",
                                  "subparagraph (d) in paragraph 24 where (c) was expected"),
}


def broken_copy(tmp: Path, case: str) -> tuple[Path, int]:
    """corpus/data copied to tmp with one edit; (folder, line number of the edited line)."""
    alias, old, new, _ = BREAKS[case]
    folder = tmp / "data"
    shutil.copytree(DATA_DIR, folder)
    path = folder / DOCUMENTS[alias]
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the edit must be unambiguous: {old!r}"
    edited = text.replace(old, new)
    path.write_text(edited, encoding="utf-8")
    marker = new.strip()
    return folder, next(n for n, line in enumerate(edited.splitlines(), 1) if marker in line)


@pytest.mark.parametrize("case", list(BREAKS))
def test_broken_corpus_file_names_the_line(tmp_path: Path, case: str) -> None:
    alias, _, _, says = BREAKS[case]
    folder, line = broken_copy(tmp_path, case)
    with pytest.raises(CorpusParseError) as caught:
        load_corpus(folder)
    message = str(caught.value)
    assert f"line {line}:" in message and says in message, message
    assert DOCUMENTS[alias] in message
    assert caught.value.line == line
    assert len(load_corpus(DATA_DIR).units) > 0  # the bundled corpus is untouched


# app.py has no corpus option: the child points the assistant's corpus loader at the broken copy, then runs
# app.main() as `python app.py --port P` would.
APP_ON_BROKEN_CORPUS = (
    "import netguard, runpy, sys; "
    "import corpus, qa.assistant; "
    "folder = sys.argv[1]; "
    "qa.assistant.load_corpus = lambda: corpus.load_corpus(folder); "
    "sys.argv = ['app.py', '--port', sys.argv[2]]; "
    "runpy.run_path('app.py', run_name='__main__')"
)


def test_app_start_up_on_a_broken_corpus_fails_naming_the_line(tmp_path: Path) -> None:
    folder, line = broken_copy(tmp_path, "adopted paragraph number")
    port = free_port()
    result = subprocess.run(
        [sys.executable, "-c", APP_ON_BROKEN_CORPUS, str(folder), str(port)],
        capture_output=True, text=True, timeout=CLI_TIMEOUT, cwd=PROJECT, env=child_env(),
    )
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert "CorpusParseError" in last and f"a_res_56_261.txt, line {line}:" in last, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert "netguard: blocked" not in result.stderr
    assert not port_answers(port)  # it never served
