"""Shared fixtures: everything expensive (corpus parse, models, index) is built once per test session."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from corpus import Corpus, load_corpus  # noqa: E402


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus()
