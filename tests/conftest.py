"""Shared fixtures: the seed and evaluation corpora (see ``testsupport`` for the paths and rules)."""

from __future__ import annotations

from pathlib import Path

import pytest
from testsupport import REPO, SHARED, load_script, require_shared

__all__ = ["REPO", "SHARED", "load_script", "require_shared"]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return require_shared("corpus", "seeds")


@pytest.fixture(scope="session")
def seed_texts(seeds_dir: Path) -> dict[str, str]:
    """The five seed articles by their two-digit prefix ("000" ... "004")."""
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    return require_shared("eval")
