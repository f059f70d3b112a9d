"""The command line on the bundled example corpus: outputs, exit codes, idempotent store."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from storytrace.cli import EXIT_OK, EXIT_REJECTED, app
from storytrace.export import validate

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "corpus"
runner = CliRunner()


def test_analyze_writes_a_valid_export_a_report_and_signals_the_rejection(tmp_path):
    out, report, store = tmp_path / "a.json", tmp_path / "r.md", tmp_path / "s.db"
    result = runner.invoke(app, ["analyze", str(EXAMPLES), "--json", str(out), "--report", str(report),
                                 "--store", str(store), "--workers", "1", "--no-progress"])
    assert result.exit_code == EXIT_REJECTED, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    validate(document)
    assert [r["path"].rsplit("#", 1)[-1] for r in document["rejected"]] == ["4"]
    assert "broken JSONL line" in document["rejected"][0]["reason"]
    assert document["duplicates"] and document["reuse"] and document["quotes"]
    assert "## Rejected inputs" in report.read_text(encoding="utf-8")
    assert "rejected" in result.output


def test_a_second_run_adds_nothing_to_the_store(tmp_path):
    store = tmp_path / "s.db"
    args = ["analyze", str(EXAMPLES / "wire"), "--store", str(store), "--workers", "1", "--no-progress", "--no-quotes"]
    first = runner.invoke(app, args)
    second = runner.invoke(app, args)
    assert first.exit_code == second.exit_code == EXIT_OK, first.output
    assert "2 added, 0 already stored" in first.output
    assert "0 added, 2 already stored" in second.output


def test_json_to_stdout_and_no_store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["analyze", str(EXAMPLES / "wire"), "--json", "-", "--no-store", "--workers", "1",
                                 "--no-progress", "--no-quotes"])
    assert result.exit_code == EXIT_OK
    start = result.output.index("{")
    document, _ = json.JSONDecoder().raw_decode(result.output[start:])
    assert document["schema"] == "storytrace/1"
    assert not (tmp_path / "storytrace.db").exists()


def test_missing_path_is_listed_not_fatal(tmp_path):
    result = runner.invoke(app, ["analyze", str(tmp_path / "nowhere"), "--no-store", "--no-progress", "--no-quotes"])
    assert result.exit_code == EXIT_REJECTED
    assert "not found" in result.output
