"""Where the seed and evaluation corpora live, for tests and gates (import as ``testsupport``).

Corpora are read from ``../shared/`` and never copied into the repository.
Without it a test skips with a clear message; with ``CI=true`` (as CI sets
it) a missing ``../shared/`` is a failure, not a skip.

This is a plain module, not ``conftest``: several folders have a
``conftest.py``, and all of them import under that one name.
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
