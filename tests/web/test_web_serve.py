"""The ``storytrace serve`` command."""

from __future__ import annotations

import sys

import pytest
from typer.testing import CliRunner

from storytrace.cli import app


def test_serve_lists_its_options() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--store", "--host", "--port"):
        assert option in result.output


def test_serve_without_the_web_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if the extra were not installed
    result = CliRunner().invoke(app, ["serve", "--store", ":memory:"])
    assert result.exit_code == 1
    assert "storytrace[web]" in result.output


def test_serve_reports_a_store_it_cannot_open(tmp_path) -> None:
    result = CliRunner().invoke(app, ["serve", "--store", str(tmp_path / "missing" / "store.db")])
    assert result.exit_code == 1 and "cannot open the store" in result.output


def test_serve_refuses_a_bad_port() -> None:
    assert CliRunner().invoke(app, ["serve", "--port", "70000"]).exit_code == 2
