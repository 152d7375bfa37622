"""Store commands: ``marsad ingest``, ``marsad db``, ``marsad events``, ``marsad token``,
``marsad serve``."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from marsad.cli.apps import app

if TYPE_CHECKING:
    from marsad.store import EventFilter, Store

db_app = typer.Typer(help="Create or migrate the database schema and show what it holds.")
events_app = typer.Typer(
    help="Query the stored (fused) events; `marsad events explain ID` shows why reports were fused."
)
token_app = typer.Typer(help="API tokens for writes (stored hashed; shown once).")
app.add_typer(db_app, name="db")
app.add_typer(events_app, name="events")
app.add_typer(token_app, name="token")

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="MARSAD_DB",
        help="Database: a SQLite path, sqlite:///PATH or postgresql://USER@HOST/DB "
        "(default: marsad.db under MARSAD_HOME).",
    ),
]

#: file suffixes ``marsad ingest DIR`` picks up
INGEST_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".json")
#: ACLED's event types (anything else given to --type is taken as a sub-event type)
EVENT_TYPES = {
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
}


def _open(db: str | None) -> Store:
    from marsad.store import StoreError, open_store

    try:
        return open_store(db)
    except StoreError as exc:
        typer.echo(f"marsad: error: {exc}", err=True)
        raise typer.Exit(code=2) from None


def _shown_url(store: Store, db: str | None) -> str:
    """The database URL for messages, with any password masked."""
    import re

    url = str(getattr(store, "url", db) or "")
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)


def _date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a YYYY-MM-DD date", param_hint=name) from None


def _floats(value: str | None, count: int, name: str) -> tuple[float, ...] | None:
    if value is None:
        return None
    try:
        numbers = tuple(float(v) for v in value.split(","))
    except ValueError:
        numbers = ()
    if len(numbers) != count:
        raise typer.BadParameter(f"expected {count} comma-separated numbers", param_hint=name)
    return numbers


def expand_inputs(inputs: list[str]) -> Iterator[Path]:
    """Files named, and the supported files under directories named (sorted, recursive)."""
    for name in inputs:
        path = Path(name)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                lowered = child.name.lower().removesuffix(".gz")
                if child.is_file() and lowered.endswith(INGEST_SUFFIXES):
                    yield child
        else:
            yield path


@app.command()
def ingest(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files (.txt, .html, .jsonl[.gz]), directories of them, or '-' for stdin."
        ),
    ],
    db: DbOption = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD for inputs without one.")
    ] = None,
    source: Annotated[str | None, typer.Option(help="Outlet name for inputs without one.")] = None,
    max_bytes: Annotated[int, typer.Option(help="Refuse inputs larger than this.")] = 20
    * 1024
    * 1024,
    stages: Annotated[
        str | None, typer.Option(help="Comma-separated pipeline stages (default: all).")
    ] = None,
) -> None:
    """Extract events from reports and store them, fusing reports of the same event.

    Idempotent: a document already stored is skipped (duplicate); changed text for the same
    id or URL becomes a new version. Each document is stored in one transaction, so an
    interrupted run leaves the database consistent and rerunning completes it.
    """
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from marsad.ingest import InputError, read_bytes, read_path
    from marsad.model import Document
    from marsad.pipeline import Pipeline

    pub = _date(published, "--published")
    files = list(expand_inputs(inputs))
    if not files:
        typer.echo("marsad: error: no input files found", err=True)
        raise typer.Exit(code=2)
    store = _open(db)
    console = Console(stderr=True)
    loaded: list[Pipeline] = []

    def pipeline() -> Pipeline:
        """Loaded on first need, so a rerun over stored documents loads no model."""
        if not loaded:
            try:
                loaded.append(Pipeline.default(stages=stages.split(",") if stages else None))
            except (OSError, ImportError, ValueError, RuntimeError) as exc:
                typer.echo(f"marsad: error: cannot load the pipeline: {exc}", err=True)
                raise typer.Exit(code=2) from None
        return loaded[0]

    counts: Counter[str] = Counter()
    run_id = store.start_run(command="marsad ingest " + " ".join(inputs))
    status = "interrupted"
    try:
        with Progress(
            SpinnerColumn(),
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files · {task.fields[docs]} documents · {task.fields[rate]} docs/s"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        ) as progress:
            task = progress.add_task("ingest", total=len(files), docs=0, rate="0.0")
            for path in files:
                items = (
                    read_bytes(
                        sys.stdin.buffer.read(),
                        path="<stdin>",
                        source=source,
                        published=pub,
                        max_bytes=max_bytes,
                    )
                    if str(path) == "-"
                    else read_path(path, source=source, published=pub, max_bytes=max_bytes)
                )
                for item in items:
                    if isinstance(item, InputError):
                        counts["errors"] += 1
                        progress.console.print(
                            f"marsad: error: {item}", markup=False, soft_wrap=True
                        )
                        continue
                    assert isinstance(item, Document)
                    counts["documents"] += 1
                    if store.document_exists(item.content_hash()):
                        counts["duplicate"] += 1
                    else:
                        result = store.add_extraction(pipeline()(item), run_id=run_id)
                        counts[result.status] += 1
                        counts["events"] += len(result.event_ids)
                        counts["fused"] += len(result.merged_event_ids)
                    elapsed = progress.tasks[0].elapsed or 1e-9
                    progress.update(
                        task, docs=counts["documents"], rate=f"{counts['documents'] / elapsed:.1f}"
                    )
                progress.advance(task)
        status = "finished"
    finally:
        store.finish_run(run_id, stats=dict(counts), status=status)
        stats = store.stats()
        store.close()
    console.print(
        f"ingested {counts['documents']} document(s): {counts['new']} new, "
        f"{counts['updated']} updated, {counts['duplicate']} duplicate; "
        f"{counts['events']} event(s) stored, {counts['fused']} fused into earlier reports; "
        f"{counts['errors']} input error(s). Database: {stats['documents']} documents, "
        f"{stats['events']} events.",
        markup=False,
        soft_wrap=True,
    )
    if counts["documents"] == 0:
        typer.echo("marsad: error: no document could be read", err=True)
        raise typer.Exit(code=2)


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Create the schema or migrate it to this version of marsad."""
    from marsad.store import StoreError, open_store

    try:
        store = open_store(db, upgrade=False)
        before = store.schema_version()
        after = store.upgrade()
    except StoreError as exc:
        typer.echo(f"marsad: error: {exc}", err=True)
        raise typer.Exit(code=2) from None
    url = _shown_url(store, db)
    store.close()
    if before == after:
        typer.echo(f"{url}: schema v{after}, already up to date")
    else:
        typer.echo(f"{url}: schema v{before} → v{after}")


@db_app.command("info")
def db_info(db: DbOption = None) -> None:
    """Show the schema version and counts of documents, events, sources and actors."""
    store = _open(db)
    info: dict[str, Any] = {"url": _shown_url(store, db), "backend": store.backend}
    info["schema_version"] = store.schema_version()
    info.update(store.stats())
    store.close()
    typer.echo(json.dumps(info, ensure_ascii=False, indent=2))


def build_filter(
    *,
    since: str | None,
    until: str | None,
    bbox: str | None,
    near: str | None,
    actor: str | None,
    include_proxies: bool,
    event_type: str | None,
    admin1: str | None,
    text: str | None,
    background: str,
) -> EventFilter:
    from marsad.store import EventFilter

    kind: dict[str, str | None] = {"event_type": None, "sub_event_type": None}
    if event_type:
        kind["event_type" if event_type in EVENT_TYPES else "sub_event_type"] = event_type
    try:
        return EventFilter(
            since=_date(since, "--since"),
            until=_date(until, "--until"),
            bbox=_floats(bbox, 4, "--bbox"),  # type: ignore[arg-type]
            near=_floats(near, 3, "--near"),  # type: ignore[arg-type]
            actor=actor,
            include_proxies=include_proxies,
            admin1=admin1,
            text=text,
            background=background,  # type: ignore[arg-type]
            **kind,
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def _table(total: int, items: list[dict[str, Any]], offset: int) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"events {offset + 1}–{offset + len(items)} of {total}")
    for column in ("id", "date", "type", "actor 1", "actor 2", "location", "deaths", "src"):
        table.add_column(column, overflow="fold")
    for e in items:
        table.add_row(
            e["id"],
            (e.get("event_date") or "?") + ("*" if e.get("background") else ""),
            e.get("sub_event_type") or e.get("event_type") or "",
            e.get("actor1") or "",
            e.get("actor2") or "",
            ", ".join(x for x in (e.get("location"), e.get("admin1")) if x),
            str(e.get("fatalities") or 0),
            str(e.get("n_sources", 0)),
        )
    Console().print(table)
    if any(e.get("background") for e in items):
        Console().print("* background: an earlier event recalled in a report")


@events_app.callback(invoke_without_command=True)
def events(
    ctx: typer.Context,
    db: DbOption = None,
    since: Annotated[str | None, typer.Option(help="Events on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Events on or before YYYY-MM-DD.")] = None,
    bbox: Annotated[
        str | None, typer.Option(help="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT (GeoJSON order).")
    ] = None,
    near: Annotated[str | None, typer.Option(help="LAT,LON,KM: within KM of a point.")] = None,
    actor: Annotated[
        str | None, typer.Option(help="Actor KB id (e.g. irgc) or part of its name.")
    ] = None,
    include_proxies: Annotated[
        bool, typer.Option("--include-proxies", help="Also the actor's proxies (patron links).")
    ] = False,
    event_type: Annotated[
        str | None, typer.Option("--type", help="ACLED event type or sub-event type.")
    ] = None,
    admin1: Annotated[
        str | None, typer.Option(help="First-level region, e.g. Deir ez-Zor.")
    ] = None,
    text: Annotated[
        str | None, typer.Option(help="Words in the notes or source reports (Arabic ok).")
    ] = None,
    background: Annotated[
        str, typer.Option(help="Background (recalled) events: include, exclude or only.")
    ] = "include",
    limit: Annotated[int, typer.Option(min=0, help="At most this many events.")] = 50,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many events.")] = 0,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, json, acled-csv or geojson.")
    ] = "table",
) -> None:
    """List stored events, newest first, filtered (all filters combine)."""
    if ctx.invoked_subcommand is not None:
        return
    from marsad.store.export import write_acled_csv, write_geojson

    if fmt not in ("table", "json", "acled-csv", "geojson"):
        raise typer.BadParameter(f"unknown format {fmt!r}", param_hint="--format")
    if background not in ("include", "exclude", "only"):
        raise typer.BadParameter("include, exclude or only", param_hint="--background")
    flt = build_filter(
        since=since,
        until=until,
        bbox=bbox,
        near=near,
        actor=actor,
        include_proxies=include_proxies,
        event_type=event_type,
        admin1=admin1,
        text=text,
        background=background,
    )
    store = _open(db)
    try:
        total, items = store.query_events(flt, limit=limit, offset=offset)
    finally:
        store.close()
    if fmt == "table":
        _table(total, items, offset)
    elif fmt == "json":
        json.dump(
            {"total": total, "limit": limit, "offset": offset, "items": items},
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
    elif fmt == "acled-csv":
        write_acled_csv(items, sys.stdout)
    else:
        write_geojson(items, sys.stdout)


@events_app.command("show")
def events_show(
    event_id: Annotated[str, typer.Argument(help="Event id")], db: DbOption = None
) -> None:
    """One event as JSON with its sources, evidence and field spans."""
    from marsad.store import NotFound

    store = _open(db)
    try:
        event = store.get_event(event_id)
    except NotFound as exc:
        typer.echo(f"marsad: error: {exc}", err=True)
        raise typer.Exit(code=1) from None
    finally:
        store.close()
    typer.echo(json.dumps(event, ensure_ascii=False, indent=2))


@events_app.command("explain")
def events_explain(
    event_id: Annotated[str, typer.Argument(help="Event id (see `marsad events`).")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the explanation as JSON.")] = False,
) -> None:
    """Why each report was fused into this event: every check with its values."""
    from rich.console import Console

    from marsad.store import NotFound

    store = _open(db)
    try:
        explained = store.explain_event(event_id)
    except NotFound as exc:
        typer.echo(f"marsad: error: {exc}", err=True)
        raise typer.Exit(code=1) from None
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps(explained, ensure_ascii=False, indent=2))
        return
    console = Console(highlight=False)
    e = explained["event"]
    console.print(
        f"[bold]{explained['id']}[/bold]  {e.get('sub_event_type')}  {e.get('event_date')}  "
        f"{e.get('location')}  confidence {e.get('confidence')}"
    )
    for number, src in enumerate(explained["sources"], start=1):
        label = "background " if src.get("background") else ""
        console.print(
            f"\n{number}. {label}report {src['document_id']} ({src.get('source') or '?'}): "
            f"[bold]{src['decision']}[/bold]",
            markup=True,
        )
        if src["decision"] == "created":
            console.print(f"   {src.get('reason')}", markup=False)
        else:
            console.print(f"   score {src.get('score')}", markup=False)
            for check in src.get("checks", []):
                mark = "✓" if check["ok"] else "✗"
                console.print(f"   {mark} {check['name']}: {check['detail']}", markup=False)
        for other in src.get("other_candidates", []):
            failed = [c for c in other["checks"] if not c["ok"]]
            why = "; ".join(f"{c['name']}: {c['detail']}" for c in failed) or "lower score"
            console.print(f"   not fused with {other['candidate_id']}: {why}", markup=False)


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Option(help="Who or what the token is for.")] = "default",
    db: DbOption = None,
) -> None:
    """Create an API token for writes (POST /documents); it is printed once, stored hashed."""
    store = _open(db)
    token = store.create_token(name=name)
    store.close()
    typer.echo(token)
    typer.echo("store it now: only its hash is kept", err=True)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    db: DbOption = None,
    require_token_for_reads: Annotated[
        bool, typer.Option("--require-token-for-reads", help="Reads need a token too.")
    ] = False,
    max_body_bytes: Annotated[
        int, typer.Option(help="Largest request body accepted (413 above).")
    ] = 5 * 1024 * 1024,
) -> None:
    """Serve the REST API (and the web UI when installed) with uvicorn."""
    import uvicorn

    from marsad.api import ApiSettings, create_app

    store = _open(db)
    settings = ApiSettings(
        require_token_for_reads=require_token_for_reads, max_body_bytes=max_body_bytes
    )
    application = create_app(store=store, settings=settings)
    typer.echo(f"marsad: serving {_shown_url(store, db)} on http://{host}:{port}", err=True)
    try:
        uvicorn.run(application, host=host, port=port, log_level="info")
    finally:
        store.close()
