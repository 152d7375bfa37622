"""``marsad eval events GOLD.jsonl [--json]``: event P/R/F1 and argument accuracy on gold data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from marsad.cli.apps import eval_app


@eval_app.command("events")
def eval_events(
    gold: Annotated[
        Path, typer.Argument(help="Gold JSONL: one document a line with its coded events.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object instead of a table.")
    ] = False,
    show_errors: Annotated[
        bool,
        typer.Option(
            "--show-errors",
            help="Also list, per document, gold events missed and predictions matching no gold "
            "event, with their sentences.",
        ),
    ] = False,
    stages: Annotated[
        str | None, typer.Option(help="Comma-separated pipeline stages (default: all).")
    ] = None,
) -> None:
    """Run the pipeline on each gold document and compare events: a match needs the same
    sub-event type, a location within 25 km and a date inside the gold precision window;
    P/R/F1 for new and background events, and actor1/actor2/location/date/fatalities accuracy
    on matched pairs."""
    from rich.progress import Progress

    from marsad.eval.events import (
        GoldError,
        evaluate,
        format_errors,
        format_report,
        read_gold,
    )
    from marsad.pipeline import Pipeline

    if not gold.is_file():
        typer.echo(f"marsad: error: {gold} is not a file", err=True)
        raise typer.Exit(code=2)
    try:
        docs = read_gold(gold)
    except (GoldError, UnicodeDecodeError) as exc:
        typer.echo(f"marsad: error: {exc}", err=True)
        raise typer.Exit(code=2) from None
    if not docs:
        typer.echo(f"marsad: error: {gold} holds no document", err=True)
        raise typer.Exit(code=2)
    pipeline = Pipeline.default(stages=stages.split(",") if stages else None)
    with Progress(transient=True, disable=as_json) as bar:
        task = bar.add_task("evaluating events", total=len(docs))
        report = evaluate(docs, pipeline, progress=lambda: bar.advance(task))
    if as_json:
        payload = report.to_dict()
        if show_errors:
            payload["errors"] = [
                {
                    "id": e.doc_id,
                    "misses": e.misses,
                    "false_alarms": e.false_alarms,
                    "wrong_arguments": [{"gold": g, "pred": p} for g, p in e.wrong_arguments],
                }
                for e in report.errors
            ]
        typer.echo(json.dumps(payload, ensure_ascii=False))
    else:
        if show_errors:
            typer.echo(format_errors(report))
        typer.echo(format_report(report))
