"""Shared test helpers: paths to the repository, fixtures and (optional) shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def corpus_lines() -> list[str]:
    """Hand-written assistant-style lines with every phenomenon the profiles touch."""
    return (FIXTURES / "normalize_corpus.txt").read_text(encoding="utf-8").splitlines()
