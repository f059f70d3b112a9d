"""Shared fixtures: where the seed and evaluation corpora live.

Corpora are read from ``../shared/`` and never copied into the repository.
Without it a test skips with a clear message; with ``CI=true`` (as CI sets
it) a missing ``../shared/`` is a failure, not a skip.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYTRACE_SHARED", REPO.parent / "shared"))


def require_shared(*parts: str) -> Path:
    """The path ``../shared/<parts>``; skip (or fail under CI) when it is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is missing: the corpora in ../shared/ are needed for this test"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


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


def load_script(path: Path) -> ModuleType:
    """Import a script that is not part of the package (``evaluation/*.py``, ``examples/*.py``)."""
    name = path.stem
    if name in sys.modules and getattr(sys.modules[name], "__file__", None) == str(path):
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pickling look the module up by name
    spec.loader.exec_module(module)
    return module
