"""``marsad extract``: run every pipeline stage on files and print the output contract."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Annotated, TextIO

import typer

from marsad.cli.apps import app
from marsad.model import Document, Extraction

#: output formats: name → writer(extractions, stream, options)
Writer = Callable[[Iterable[Extraction], TextIO, dict[str, object]], None]


def _write_json(extractions: Iterable[Extraction], out: TextIO, options: dict[str, object]) -> None:
    items = [e.to_dict() for e in extractions]
    payload: object = items[0] if len(items) == 1 else items
    json.dump(payload, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _write_jsonl(
    extractions: Iterable[Extraction], out: TextIO, options: dict[str, object]
) -> None:
    for extraction in extractions:
        out.write(json.dumps(extraction.to_dict(), ensure_ascii=False))
        out.write("\n")
        out.flush()


WRITERS: dict[str, Writer] = {"json": _write_json, "jsonl": _write_jsonl}


def _register_event_exports() -> None:
    from marsad.events.exports import WRITERS as EVENT_WRITERS  # acled-csv, geojson, plover-json

    WRITERS.update(EVENT_WRITERS)


_register_event_exports()


def _published(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a YYYY-MM-DD date") from None


def read_inputs(
    files: list[str],
    *,
    source: str | None,
    published: date | None,
    max_bytes: int,
    input_format: str | None = None,
) -> Iterable[Document | object]:
    """Documents and InputErrors from paths, ``-`` meaning standard input."""
    from marsad.ingest import read_path, read_stream

    for name in files:
        if name == "-":
            yield from read_stream(
                sys.stdin.buffer,
                path="<stdin>",
                fmt=input_format,
                source=source,
                published=published,
                max_bytes=max_bytes,
            )
        else:
            yield from read_path(
                Path(name), source=source, published=published, max_bytes=max_bytes
            )


@app.command()
def extract(
    files: Annotated[
        list[str],
        typer.Argument(
            help="Input files: .txt (UTF-8), .html, .jsonl (one document a line); '-' reads stdin."
        ),
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="Output: json (one object, or a list), jsonl, or an export format.",
        ),
    ] = "json",
    published: Annotated[
        str | None,
        typer.Option(
            help="Publication date YYYY-MM-DD for inputs without one (anchors أمس, يوم الخميس)."
        ),
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Outlet name for inputs that carry none (e.g. SY24).")
    ] = None,
    include_background: Annotated[
        bool,
        typer.Option(
            "--include-background/--no-background",
            help="Keep background (earlier) events in exports.",
        ),
    ] = True,
    input_format: Annotated[
        str | None, typer.Option(help="Format of stdin: txt, html or jsonl (sniffed by default).")
    ] = None,
    max_bytes: Annotated[int, typer.Option(help="Refuse inputs larger than this many bytes.")] = 20
    * 1024
    * 1024,
    stages: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated stages to run (default: all): text,ner,geo,actors,events."
        ),
    ] = None,
) -> None:
    """Extract sentences, tokens, mentions, places, actors and events from Arabic reports.

    Bad inputs are reported on stderr (file and line) and skipped; the exit code is non-zero
    only when nothing at all could be read.
    """
    from marsad.ingest import InputError
    from marsad.pipeline import Pipeline

    if fmt not in WRITERS:
        raise typer.BadParameter(f"unknown format {fmt!r}; choose from {', '.join(WRITERS)}")
    pub = _published(published)
    try:
        pipeline = Pipeline.default(stages=stages.split(",") if stages else None)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--stages") from None
    errors = 0
    documents = 0

    def extractions() -> Iterable[Extraction]:
        nonlocal errors, documents
        for item in read_inputs(
            files, source=source, published=pub, max_bytes=max_bytes, input_format=input_format
        ):
            if isinstance(item, InputError):
                errors += 1
                typer.echo(f"marsad: error: {item}", err=True)
                continue
            assert isinstance(item, Document)
            documents += 1
            yield pipeline(item)

    WRITERS[fmt](extractions(), sys.stdout, {"include_background": include_background})
    if documents == 0:
        typer.echo("marsad: error: no document could be read", err=True)
        raise typer.Exit(code=2)
    if errors:
        typer.echo(f"marsad: {errors} input(s) skipped, {documents} processed", err=True)
