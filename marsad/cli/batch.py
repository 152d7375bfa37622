"""``marsad batch`` (a corpus on Dask, resumable) and ``marsad watch`` (feeds and pages, live)."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from marsad.cli.apps import app


def _published(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a YYYY-MM-DD date") from None


class _RichProgress:
    """A rich progress bar with documents/s and ETA, fed by the batch runner."""

    def __init__(self, *, enabled: bool) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            Task,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        class SpeedColumn(ProgressColumn):
            def render(self, task: Task) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed:,.1f} docs/s" if speed else "… docs/s", style="cyan")

        self.progress = Progress(
            TextColumn("[bold]batch"),
            BarColumn(),
            MofNCompleteColumn(),
            SpeedColumn(),
            TextColumn("elapsed"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            disable=not enabled,
        )
        self.task: Any = None

    def start(self, total: int) -> None:
        self.task = self.progress.add_task("batch", total=total)

    def advance(self, records: int) -> None:
        self.progress.advance(self.task, records)

    def __enter__(self) -> _RichProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()


def _print_summary(summary: Any, out: Path | None) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="marsad batch", show_header=False)
    table.add_row("documents", f"{summary.documents:,}")
    table.add_row("events", f"{summary.events:,}")
    errors = ", ".join(f"{k}: {v:,}" for k, v in sorted(summary.errors.items())) or "none"
    table.add_row("errors by kind", errors)
    table.add_row(
        "partitions",
        f"{summary.partitions} ({summary.processed_partitions} processed, "
        f"{summary.resumed_partitions} resumed, {len(summary.failed_partitions)} failed)",
    )
    table.add_row("stages", ", ".join(summary.stages) or "-")
    table.add_row("workers", str(summary.workers))
    table.add_row(
        "time",
        f"{summary.seconds:,.1f} s ({summary.documents_per_second:,.1f} docs/s this run)",
    )
    if summary.peak_rss:
        peak = max(summary.peak_rss.values()) / 2**20
        table.add_row("peak memory per worker", f"{peak:,.0f} MiB")
    if out is not None:
        table.add_row("output", str(out))
        if summary.errors:
            table.add_row("errors file", str(out / "errors.jsonl"))
    Console(stderr=True).print(table)
    for pid, reason in sorted(summary.failed_partitions.items()):
        typer.echo(f"marsad: error: partition {pid} failed: {reason}", err=True)


@app.command()
def batch(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Directories of .txt/.html, .jsonl/.jsonl.gz files, CSV/TSV (see --text-column) "
            "or Parquet files.",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            help="Output directory: events/ Parquet partitioned by event date, documents/, "
            "errors.jsonl, summary.json. Rerunning into it resumes."
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(help="Also (or only) write into this store: a SQLite path or postgresql://…"),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Address of an existing Dask scheduler (tcp://HOST:PORT); "
            "default: a local cluster."
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Worker processes of the local cluster (default: CPU cores)."),
    ] = None,
    partition_size: Annotated[
        int, typer.Option(min=1, help="Documents per partition (the unit of work and of resuming).")
    ] = 200,
    text_column: Annotated[
        str, typer.Option(help="Column holding the text in CSV/Parquet inputs.")
    ] = "text",
    date_partition: Annotated[
        str, typer.Option(help="Partition events by event date 'month' or 'day'.")
    ] = "month",
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD for documents that carry none.")
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Outlet name for documents that carry none.")
    ] = None,
    stages: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated stages to run (default: all): text,ner,geo,actors,events."
        ),
    ] = None,
    max_bytes: Annotated[
        int, typer.Option(help="Refuse input files larger than this many bytes.")
    ] = 20 * 1024 * 1024,
    restart: Annotated[
        bool,
        typer.Option("--restart", help="Forget a previous (partial) run in --out and start over."),
    ] = False,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Show the progress bar on stderr.")
    ] = True,
) -> None:
    """Process a corpus on a Dask cluster, resumably.

    Documents are cut into numbered partitions in input order; each worker
    loads the pipeline once. A partition's output is written atomically and
    then recorded in a manifest, so a run killed at any point continues where
    it stopped when the same command is run again, without losing or
    duplicating a document. Bad documents go to errors.jsonl (input, line,
    reason) and never stop the run.

    Exit code: 0 done, 1 some partitions failed (rerun to retry them),
    2 bad options or nothing readable.
    """
    from marsad.batch import BatchConfig, BatchError, ReadOptions, run_batch
    from marsad.batch.runner import start_local_client, stop_client
    from marsad.home import marsad_home

    if out is None and db is None:
        raise typer.BadParameter("give --out DIR and/or --db URL")
    if date_partition not in ("month", "day"):
        raise typer.BadParameter("--date-partition must be month or day")
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        typer.echo(f"marsad: error: no such input: {', '.join(missing)}", err=True)
        raise typer.Exit(code=2)
    config = BatchConfig(
        inputs=list(inputs),
        out=out,
        state_dir=marsad_home() / "batch",
        partition_size=partition_size,
        date_partition=date_partition,
        read=ReadOptions(
            text_column=text_column,
            source=source,
            published=_published(published),
            max_bytes=max_bytes,
        ),
        stages=tuple(s.strip() for s in stages.split(",") if s.strip()) if stages else None,
        restart=restart,
        extra_options={"db": db} if db else {},
    )
    store = None
    if db is not None:
        from marsad.store import StoreError, open_store

        try:
            store = open_store(db)
        except StoreError as exc:
            typer.echo(f"marsad: error: {exc}", err=True)
            raise typer.Exit(code=2) from None
    if scheduler:
        from distributed import Client

        if workers is not None:
            typer.echo("marsad: note: --workers is ignored with --scheduler", err=True)
        client = Client(scheduler)
    else:
        client = start_local_client(workers=workers or os.cpu_count() or 1)
    run_id = store.start_run(command="batch " + " ".join(map(str, inputs))) if store else None
    summary = None
    try:
        with _RichProgress(enabled=progress and sys.stderr.isatty()) as bar:
            summary = run_batch(config, client=client, store=store, progress=bar)
    except BatchError as exc:
        typer.echo(f"marsad: error: {exc}", err=True)
        raise typer.Exit(code=2) from None
    finally:
        stop_client(client)
        if store is not None:
            if run_id is not None:
                ok = summary is not None and not summary.failed_partitions
                stats = (
                    {
                        "documents": summary.documents,
                        "events": summary.events,
                        "errors": sum(summary.errors.values()),
                    }
                    if summary is not None
                    else {}
                )
                store.finish_run(run_id, stats=stats, status="finished" if ok else "failed")
            store.close()
    _print_summary(summary, out)
    if summary.failed_partitions:
        raise typer.Exit(code=1)
    if summary.documents == 0:
        typer.echo("marsad: error: no document could be read", err=True)
        raise typer.Exit(code=2)


@app.command()
def watch(
    feeds: Annotated[
        Path,
        typer.Argument(
            help=r"FEEDS.toml: one \[\[feed]] table per feed (url, interval, kind); "
            "see docs/batch.md."
        ),
    ],
    db: Annotated[
        str | None,
        typer.Option(
            help="Store to ingest into: SQLite path or postgresql://… (default: marsad's own)."
        ),
    ] = None,
    once: Annotated[
        bool, typer.Option("--once", help="Poll every feed once and exit (for cron or a test).")
    ] = False,
    state: Annotated[
        Path | None,
        typer.Option(
            help="State file of seen URLs/texts and HTTP validators (default: under MARSAD_HOME)."
        ),
    ] = None,
    stages: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated stages to run (default: all): text,ner,geo,actors,events."
        ),
    ] = None,
) -> None:
    """Watch RSS/Atom feeds and article pages; ingest each new article once.

    Each feed is polled at its own interval with conditional GET
    (ETag/Last-Modified) and at most one request per host every few seconds.
    Articles are deduplicated by URL and by the hash of their text; one line
    is logged per new article. Stop with Ctrl-C.
    """
    import threading

    from marsad.ingest.feeds import FeedsConfigError, load_feeds
    from marsad.ingest.fetch import HostRateLimiter, PoliteFetcher
    from marsad.ingest.watch import Watcher
    from marsad.ingest.watch_state import WatchState
    from marsad.pipeline import Pipeline
    from marsad.store import StoreError, open_store

    try:
        config = load_feeds(feeds)
    except FeedsConfigError as exc:
        typer.echo(f"marsad: error: {exc}", err=True)
        raise typer.Exit(code=2) from None
    try:
        store = open_store(db)
    except StoreError as exc:
        typer.echo(f"marsad: error: {exc}", err=True)
        raise typer.Exit(code=2) from None
    try:
        pipeline = Pipeline.default(stages=stages.split(",") if stages else None)
    except Exception as exc:  # a missing model or broken data file: say which, and stop
        store.close()
        typer.echo(
            f"marsad: error: the pipeline failed to load: {type(exc).__name__}: {exc}", err=True
        )
        raise typer.Exit(code=2) from None
    watch_state = WatchState(state)
    fetcher = PoliteFetcher(
        cache=watch_state,
        limiter=HostRateLimiter(config.min_host_interval),
        user_agent=config.user_agent,
        timeout=config.timeout,
    )
    watcher = Watcher(
        config,
        fetcher=fetcher,
        state=watch_state,
        pipeline=pipeline,
        sink=store,
        log=lambda line: typer.echo(line),
    )
    typer.echo(f"marsad: watching {len(config.feeds)} feed(s); Ctrl-C to stop", err=True)
    stop = threading.Event()
    try:
        if once:
            reports = watcher.run_once()
            new = sum(len(r.new) for r in reports)
            failed = [r for r in reports if r.error]
            typer.echo(
                f"marsad: {new} new article(s); {sum(r.not_modified for r in reports)} feed(s) "
                f"unchanged; {len(failed)} feed(s) failed",
                err=True,
            )
            if failed and len(failed) == len(reports):
                raise typer.Exit(code=1)
        else:
            watcher.run_forever(stop=stop)
    except KeyboardInterrupt:
        stop.set()
        typer.echo("marsad: stopped", err=True)
    finally:
        fetcher.close()
        watch_state.close()
        store.close()
