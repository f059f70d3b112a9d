"""The ``storytrace`` command line: a thin layer over :func:`storytrace.analyze`.

Exit codes of ``storytrace analyze``:
    0  every input was analysed
    3  the run finished but some inputs were rejected (listed in the summary and the export)
    1  the run could not be done (e.g. the store cannot be opened)
    2  wrong usage (unknown option, missing path)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from storytrace import __version__
from storytrace._api import Analysis, analyze
from storytrace._exceptions import StorytraceError
from storytrace.settings import Options, StoryOptions

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_REJECTED = 3

app = typer.Typer(help="Follow one news story across every outlet that ran it.", no_args_is_help=True,
                  add_completion=False)
err = Console(stderr=True)


@app.callback()
def main() -> None:
    """storytrace: copies, reuse, quotes and stories across news outlets."""


@app.command("analyze")
def analyze_command(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (recursively): .txt, .html, .jsonl, .warc(.gz).")],
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Write the JSON export here ('-' for stdout).")] = None,
    store: Annotated[Optional[str], typer.Option("--store", help="Store path or URL.")] = "storytrace.db",
    no_store: Annotated[bool, typer.Option("--no-store", help="Keep results in memory only.")] = False,
    report: Annotated[Optional[Path], typer.Option("--report", help="Write a Markdown report here.")] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", help="Worker processes (0: one per core).")] = 0,
    executor: Annotated[str, typer.Option("--executor", help="Where reading, cleaning and quotes run: serial, process (local pool) or dask.")] = "process",
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address (tcp://HOST:PORT); without it --executor dask starts a local cluster of --workers processes.")] = None,
    quotes: Annotated[bool, typer.Option("--quotes/--no-quotes", help="Find quotations, speakers and cited sources (spaCy).")] = True,
    stories: Annotated[bool, typer.Option("--stories/--no-stories", help="Cluster articles into stories with coverage, framing and summaries.")] = True,
    embeddings: Annotated[bool, typer.Option("--embeddings/--no-embeddings", help="Use sentence embeddings in story clustering (slower, better).")] = True,
    ratings: Annotated[Optional[Path], typer.Option("--ratings", help="CSV of outlet ratings (column 'outlet' plus e.g. bias, factuality, ownership).")] = None,
    progress: Annotated[Optional[bool], typer.Option("--progress/--no-progress", help="Progress bar (default: when on a terminal).")] = None,
) -> None:
    """Read, clean and compare articles; store them and write the reports."""
    try:
        options = Options(workers=workers, quotes=quotes, executor=executor, scheduler=scheduler,
                          stories=StoryOptions(enabled=stories, embeddings=embeddings,
                                               ratings_path=None if ratings is None else str(ratings)))
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error
    show_progress = err.is_terminal if progress is None else progress
    try:
        analysis = _run(paths, options, None if no_store else store, show_progress)
    except StorytraceError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}")
        raise typer.Exit(EXIT_FAILED) from error
    document = analysis.to_json()
    if json_out is not None:
        text = json.dumps(document, ensure_ascii=False, indent=2)
        if str(json_out) == "-":
            sys.stdout.write(text + "\n")
        else:
            json_out.write_text(text + "\n", encoding="utf-8")
    if report is not None:
        from storytrace.report import render

        report.write_text(render(document), encoding="utf-8")
    _summary(analysis)
    raise typer.Exit(EXIT_REJECTED if analysis.rejected else EXIT_OK)


@app.command("version")
def version_command() -> None:
    """Print the version."""
    typer.echo(__version__)


@app.command("serve")
def serve_command(
    store: Annotated[str, typer.Option("--store", help="Store path or URL to browse.")] = "storytrace.db",
    host: Annotated[str, typer.Option("--host", help="Address to listen on (keep 127.0.0.1 unless you mean to share it).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Browse stories, copies, quotes and framing in a web browser (needs storytrace[web])."""
    try:  # the web extra is optional: the rest of the CLI works without it
        import uvicorn

        from storytrace.web import create_app
    except ImportError as error:
        hint = escape(f"the web app needs the web extra: pip install 'storytrace[web]' ({error})")
        err.print(f"[red]error:[/red] {hint}")
        raise typer.Exit(EXIT_FAILED) from error
    try:
        web_app = create_app(store)
    except StorytraceError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}")
        raise typer.Exit(EXIT_FAILED) from error
    err.print(f"storytrace: serving {escape(store)} on http://{escape(host)}:{port}/")
    uvicorn.run(web_app, host=host, port=port, log_level="info")


def _run(paths: list[Path], options: Options, store: str | None, show_progress: bool) -> Analysis:
    if not show_progress:
        return analyze(paths, options=options, store=store)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        tasks: dict[str, int] = {}

        def on_progress(step: str, done: int, total: int | None) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)

        return analyze(paths, options=options, store=store, progress=on_progress)


def _summary(analysis: Analysis) -> None:
    stats = analysis.stats
    err.print(
        f"[bold]{len(analysis.articles)}[/bold] articles analysed from {stats.get('inputs', '?')} inputs, "
        f"[bold]{len(analysis.rejected)}[/bold] rejected, {len(analysis.duplicates)} duplicate pairs, "
        f"{len(analysis.reuse)} reuse links, {len(analysis.quotes)} quotes, {len(analysis.stories)} stories "
        f"in {stats.get('seconds', '?')} s"
    )
    if "store" in stats:
        err.print(f"store: {stats['store']['added']} added, {stats['store']['already_stored']} already stored")
    if analysis.rejected:
        table = Table("rejected input", "reason", title="Rejected", title_justify="left")
        for item in analysis.rejected[:50]:
            table.add_row(escape(item.path), escape(item.reason))
        err.print(table)
        if len(analysis.rejected) > 50:
            err.print(f"... and {len(analysis.rejected) - 50} more (see the JSON export)")


if __name__ == "__main__":  # pragma: no cover
    app()
