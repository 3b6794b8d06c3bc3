"""Shared fixtures: everything expensive (corpus parse, models, index) is built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from embeddings.offline import use_offline_environment

use_offline_environment()

from corpus import Corpus, load_corpus  # noqa: E402


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="session")
def encoder():
    from embeddings import Encoder

    return Encoder()


@pytest.fixture(scope="session")
def assistant(corpus, encoder):
    """The default assistant, as `Assistant.load()` gives it (index in the project's cache)."""
    from qa import Assistant

    return Assistant.load(corpus=corpus, encoder=encoder)


@pytest.fixture(scope="session")
def project_dir() -> Path:
    return Path(__file__).resolve().parent.parent
