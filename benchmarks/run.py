"""Run every benchmark in this folder and print one JSON line per benchmark.

Usage: ``python benchmarks/run.py [name ...] [--quick]`` (``make bench``).
Each ``bench_*.py`` prints JSON lines on stdout; results are also appended
to ``benchmarks/results/<name>.jsonl`` so figures in the README can be traced
to a run. Benchmarks that compare against peers (datasketch, text-dedup) run
in the benchmark virtualenv ``.venv-bench`` when it exists.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BENCH_PYTHON = REPO / ".venv-bench" / "bin" / "python"
NEEDS_SPACY = {"bench_quotes", "bench_spacy"}


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    names = [a for a in argv if not a.startswith("--")]
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in names]
    (HERE / "results").mkdir(exist_ok=True)
    failed = 0
    for script in scripts:
        # These need spaCy, which the peers' virtualenv does not hold.
        python = str(BENCH_PYTHON) if BENCH_PYTHON.exists() and script.stem not in NEEDS_SPACY else sys.executable
        command = [python, str(script)] + (["--quick"] if quick else [])
        print(f"# {script.name}: {' '.join(command)}", flush=True)
        started = time.time()
        proc = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
        sys.stdout.write(proc.stdout)
        if proc.returncode != 0:
            failed += 1
            sys.stderr.write(proc.stderr[-4000:])
            print(f"# {script.name} FAILED (exit {proc.returncode})", flush=True)
            continue
        with open(HERE / "results" / f"{script.stem}.jsonl", "a", encoding="utf-8") as log:
            for line in proc.stdout.splitlines():
                if line.startswith("{"):
                    record = json.loads(line)
                    record["_run_at"] = started
                    log.write(json.dumps(record) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
