"""Nothing reaches the network: model loading, index building and answering work with it blocked."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

SCRIPT = """
import netguard, json, sys
from qa import Assistant
assistant = Assistant.load(cache_dir=sys.argv[1])
answer = assistant.ask("What should governments do about guns?")
print(json.dumps({"origin": assistant.retriever.vectors.origin, "kind": answer.kind,
                  "cited": [c.unit_id for c in answer.citations], "attempts": netguard.ATTEMPTS}))
"""


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("offline") / "index"


def _clean_env(project_dir, cache) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    env["PYTHONPATH"] = f"{project_dir / 'tests'}{os.pathsep}{project_dir}"
    env["VIENNA_QA_CACHE"] = str(cache.parent)
    return env


def test_load_build_and_answer_with_the_network_blocked(cache, project_dir) -> None:
    """Even without the offline variables set by the Makefile, the library itself stays offline."""
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(cache)],
        capture_output=True, text=True, timeout=300, cwd=project_dir, env=_clean_env(project_dir, cache),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["origin"] == "built"
    assert report["attempts"] == []
    assert any(unit_id.startswith("adopted:annex:17") or unit_id.startswith("adopted:annex:18") for unit_id in report["cited"])


def test_the_command_line_answers_with_the_network_blocked(cache, project_dir) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import netguard, runpy, sys; sys.argv=['qa', 'Which proposal did Uzbekistan submit?', '--document', 'draft', '--json']; runpy.run_module('qa', run_name='__main__')"],
        capture_output=True, text=True, timeout=300, cwd=project_dir, env=_clean_env(project_dir, cache),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "netguard: blocked" not in result.stderr
    assert json.loads(result.stdout)["answer"] == "E/CN.15/2001/L.1"
