"""Long-running fuzz target over every reader and the cleaner (the in-suite tests are its bounded twin).

Usage::

    python fuzz/fuzz_readers.py --minutes 30                      # hypothesis, all targets in turn
    python fuzz/fuzz_readers.py --minutes 30 --targets html,warc  # only some readers
    python fuzz/fuzz_readers.py --minutes 30 --engine atheris     # coverage-guided (pip install atheris)

The generators and the properties are those of ``tests/fuzz/fuzz_inputs.py``:
random bytes, random HTML, random Unicode (surrogates, direction marks, NULs,
huge lines), damaged gzip, JSON Lines and WARC; no crash, every input
analysed or rejected with a reason, valid offsets, a valid export.

``--engine hypothesis`` (the default; needs nothing beyond the test extra)
runs each target in batches until the time is up, records each distinct
failure (exception type and place) and goes on. ``--engine atheris`` drives
the same generators from libFuzzer's coverage-guided byte mutations
(``hypothesis.fuzz_one_input``) and stops at the first failure, leaving the
crashing input in ``--failures``. Inputs of failing runs are copied to
``--failures`` (``$STORYTRACE_FUZZ_FAILURES``) so they can be replayed with
``storytrace analyze``. With hypothesis the last line printed is a JSON
summary (minutes, runs, inputs, failures); atheris ends with libFuzzer's
statistics (executions, peak memory).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "fuzz"))

TARGETS = ("text", "encodings", "html", "jsonl", "json", "warc", "bytes", "mixed")


def strategies(fuzz_inputs: ModuleType) -> dict[str, Any]:
    """Target name -> strategy of a list of input files."""
    st = fuzz_inputs.st
    single = {
        "text": fuzz_inputs.text_file(),
        "encodings": fuzz_inputs.encoded_file(),
        "html": fuzz_inputs.html_file(),
        "jsonl": fuzz_inputs.jsonl_file(),
        "json": fuzz_inputs.json_file(),
        "warc": fuzz_inputs.warc_file(),
        "bytes": fuzz_inputs.random_bytes_file(),
    }
    chosen = {name: strategy.map(lambda item: [item]) for name, strategy in single.items()}
    chosen["mixed"] = st.lists(fuzz_inputs.any_input, min_size=2, max_size=4)
    return chosen


def failure_key(error: BaseException) -> str:
    """One line naming a failure by type and the innermost storytrace (or test) frame it came from."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/storytrace/" in f.filename or "fuzz_inputs" in f.filename] or frames
    place = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    message = str(error).splitlines()[0][:160] if str(error) else ""
    return f"{type(error).__name__} at {place}: {message}"


def run_hypothesis(fuzz_inputs: ModuleType, targets: list[str], deadline: float, batch: int) -> dict[str, str]:
    """Each target in turn, ``batch`` examples at a time, until ``deadline``; distinct failures by key."""
    from hypothesis import HealthCheck, Phase, given, settings

    chosen = strategies(fuzz_inputs)
    failures: dict[str, str] = {}
    config = settings(
        max_examples=batch,
        deadline=None,
        database=None,  # a fresh search every batch, not a replay of the last failure
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    while time.time() < deadline:
        for name in targets:
            if time.time() >= deadline:
                break

            @config
            @given(chosen[name])
            def check(items: list) -> None:
                fuzz_inputs.run_inputs(items)

            try:
                check()
            except Exception as error:  # noqa: BLE001 - a failure is recorded and the search goes on
                errors = list(getattr(error, "exceptions", [])) or [error]
                for each in errors:
                    key = f"[{name}] {failure_key(each)}"
                    if key not in failures:
                        failures[key] = "".join(traceback.format_exception(each))[-4000:]
                        print(f"# failure: {key}", flush=True)
        print(f"# {time.strftime('%H:%M:%S')} runs {fuzz_inputs.COUNTS['runs']} inputs {fuzz_inputs.COUNTS['inputs']} "
              f"failures {len(failures)}", flush=True)
    return failures


def run_atheris(targets: list[str], seconds: int, failures_dir: Path) -> None:
    """libFuzzer over the chosen targets (one strategy choosing among them); exits at the first crash."""
    import atheris

    with atheris.instrument_imports(include=["storytrace"]):
        import fuzz_inputs
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    chosen = strategies(fuzz_inputs)

    @settings(deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.one_of([chosen[name] for name in targets]))
    def check(items: list) -> None:
        fuzz_inputs.run_inputs(items)

    argv = [sys.argv[0], f"-max_total_time={seconds}", "-rss_limit_mb=6144", "-timeout=120", "-max_len=65536", "-len_control=0",
            f"-artifact_prefix={failures_dir}/", "-print_final_stats=1"]
    atheris.Setup(argv, check.hypothesis.fuzz_one_input)
    atheris.Fuzz()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--engine", choices=("hypothesis", "atheris"), default="hypothesis")
    parser.add_argument("--targets", default=",".join(TARGETS), help=f"comma-separated, of {', '.join(TARGETS)}")
    parser.add_argument("--batch", type=int, default=40, help="hypothesis examples per target per turn")
    parser.add_argument("--failures", type=Path, default=Path(os.environ.get("STORYTRACE_FUZZ_FAILURES", Path(tempfile.gettempdir()) / "storytrace-fuzz-failures")))
    args = parser.parse_args(argv)
    targets = [t for t in args.targets.split(",") if t]
    unknown = set(targets) - set(TARGETS)
    if unknown:
        parser.error(f"unknown targets: {', '.join(sorted(unknown))}")
    args.failures.mkdir(parents=True, exist_ok=True)
    os.environ["STORYTRACE_FUZZ_FAILURES"] = str(args.failures)
    if args.engine == "atheris":
        run_atheris(targets, int(args.minutes * 60), args.failures)
        return 0
    import fuzz_inputs

    started = time.time()
    failures = run_hypothesis(fuzz_inputs, targets, started + args.minutes * 60, args.batch)
    for key, trace in failures.items():
        print(f"\n## {key}\n{trace}", file=sys.stderr)
    print(json.dumps({"engine": "hypothesis", "targets": targets, "minutes": round((time.time() - started) / 60, 1),
                      **fuzz_inputs.COUNTS, "failures": sorted(failures)}), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
