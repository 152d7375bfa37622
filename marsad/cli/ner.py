"""``marsad train ner`` (deterministic CRF training) and ``marsad eval ner`` (CoNLL scoring)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from marsad.cli.apps import eval_app, train_app

#: AQMAR is scored on these (its MISC differs from ANERcorp's); always shown as a second micro row
CORE_TYPES: tuple[str, ...] = ("PERS", "LOC", "ORG")


def _fail(message: str) -> typer.Exit:
    typer.echo(f"marsad: error: {message}", err=True)
    return typer.Exit(code=2)


def _shared_root(shared: Path | None) -> Path:
    repo = Path(__file__).resolve().parents[2]
    root = shared or Path(os.environ.get("MARSAD_SHARED", repo.parent / "shared"))
    if root.name == "data" and not (root / "data").is_dir():
        root = root.parent  # accept …/shared/data as well as …/shared
    if not (root / "data" / "ner").is_dir():
        raise _fail(f"{root}: no data/ner directory (pass --shared …/shared)")
    return root


@eval_app.command("ner")
def eval_ner(
    file: Annotated[
        Path, typer.Argument(help="CoNLL file: TOKEN TAG per line, blank line between sentences.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    model: Annotated[
        Path | None,
        typer.Option(help="A CRF model file (default: the shipped marsad/ner/data/ner.crfsuite)."),
    ] = None,
    types: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated entity types for the micro average, e.g. PERS,LOC,ORG "
            "(default: every type in PERS,LOC,ORG,MISC). Per-type rows show all four."
        ),
    ] = None,
    last: Annotated[
        float,
        typer.Option(
            help="Score only the last fraction of the file's sentences (0.1 = the held-back "
            "slice of ANERcorp train used by `marsad train ner`); 0 scores the whole file.",
            min=0.0,
            max=1.0,
        ),
    ] = 0.0,
) -> None:
    """Entity-level precision, recall and F1 (CoNLL, seqeval) per type and micro-averaged.

    Tokens are tagged as given in the file (whitespace tokens with clitics attached); gold tags
    are normalized to IOB2 first, since ANERcorp mixes IOB1 and IOB2.
    """
    from marsad.eval.ner import score
    from marsad.ner.conll import LABELS, ConllError, read_conll
    from marsad.ner.stacking import load_tagger
    from marsad.ner.tagger import DEFAULT_MODEL, ModelNotFoundError
    from marsad.ner.train import split_holdout

    if not file.is_file():
        raise _fail(f"{file}: no such file")
    try:
        sentences = read_conll(file)
    except ConllError as exc:
        raise _fail(str(exc)) from None
    if last > 0:
        sentences = split_holdout(sentences, last)[1]
    if not sentences:
        raise _fail(f"{file}: no sentences")
    selected = tuple(t.strip() for t in (types or ",".join(LABELS)).split(",") if t.strip())
    unknown = [t for t in selected if t not in LABELS]
    if unknown:
        raise _fail(f"unknown entity type(s) {', '.join(unknown)}; known: {', '.join(LABELS)}")
    model_path = model or DEFAULT_MODEL
    try:
        tagger = load_tagger(model_path)
    except ModelNotFoundError as exc:
        raise _fail(str(exc)) from None
    predicted = tagger.tag_many([s.tokens for s in sentences])
    gold = [s.tags for s in sentences]
    all_types = score(gold, predicted, types=LABELS)
    chosen = score(gold, predicted, types=selected)
    core = score(gold, predicted, types=CORE_TYPES)
    report: dict[str, Any] = {
        "file": str(file),
        "model": str(model_path),
        "sentences": chosen.sentences,
        "tokens": chosen.tokens,
        "last_fraction": last or None,
        "micro": {"types": list(selected), **chosen.micro.to_dict()},
        "micro_all_types": all_types.micro.to_dict(),
        "micro_pers_loc_org": core.micro.to_dict(),
        "per_type": {k: v.to_dict() for k, v in all_types.per_type.items()},
    }
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(
        f"[bold]NER[/bold] {file} — {chosen.sentences} sentences, {chosen.tokens} tokens"
        + (f" (last {last:.0%})" if last else "")
    )
    table = Table("type", "precision", "recall", "F1", "support")
    for name, s in all_types.per_type.items():
        table.add_row(name, f"{s.precision:.2%}", f"{s.recall:.2%}", f"{s.f1:.2%}", str(s.support))
    m = chosen.micro
    table.add_row(
        f"[bold]micro ({','.join(selected)})[/bold]",
        f"{m.precision:.2%}",
        f"{m.recall:.2%}",
        f"[bold]{m.f1:.2%}[/bold]",
        str(m.support),
    )
    for title, other, types_ in (
        ("all types", all_types, LABELS),
        ("PERS,LOC,ORG", core, CORE_TYPES),
    ):
        if tuple(selected) != types_:
            a = other.micro
            table.add_row(
                f"micro ({title})",
                f"{a.precision:.2%}",
                f"{a.recall:.2%}",
                f"{a.f1:.2%}",
                str(a.support),
            )
    console.print(table)


@train_app.command("ner")
def train_ner(
    shared: Annotated[
        Path | None,
        typer.Option(
            help="The shared data directory (…/shared); default $MARSAD_SHARED or ../shared "
            "beside the repository."
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Model file to write; the cluster table, place snapshot and model card go "
            "beside it. Default: the shipped marsad/ner/data/ner.crfsuite."
        ),
    ] = None,
    holdout: Annotated[
        float,
        typer.Option(
            help="Fraction of ANERcorp (its last sentences) held back for the reported figures; "
            "the written model is then retrained on all of it (see --final-all).",
            min=0.0,
            max=0.5,
        ),
    ] = 0.1,
    final_all: Annotated[
        bool,
        typer.Option(
            "--final-all/--final-heldback",
            help="Write a model retrained on all of ANERcorp (default), or the held-back run's.",
        ),
    ] = True,
    c1: Annotated[float, typer.Option(help="L1 regularization.")] = 0.05,
    c2: Annotated[float, typer.Option(help="L2 regularization.")] = 0.05,
    iterations: Annotated[int, typer.Option(help="L-BFGS iterations.", min=1)] = 150,
    wojood: Annotated[
        bool,
        typer.Option("--wojood/--no-wojood", help="Add the Wojood sample (mapped to our types)."),
    ] = False,
    stack: Annotated[
        bool,
        typer.Option(
            "--stack/--no-stack",
            help="Also train the second, label-consistency pass (ner.stack.crfsuite; needs a "
            "4-fold jackknife, so about three times the training time).",
        ),
    ] = True,
    prior: Annotated[
        bool,
        typer.Option(
            "--prior/--no-prior",
            help="Give the second pass a corpus label prior: the first pass's tags of the "
            "unlabeled news per stem (ner.prior.tsv.gz; off by default, see docs/ner.md).",
        ),
    ] = False,
    self_train: Annotated[
        int,
        typer.Option(
            help="Self-training: retrain the first pass with this many confidently tagged "
            "unlabeled paragraphs added (0 = off; needs --prior).",
            min=0,
        ),
    ] = 0,
) -> None:
    """Train the CRF NER model deterministically from ../shared/data and write its model card.

    Learns word clusters from the unlabeled news corpus, snapshots the place-name list, trains on
    ANERcorp minus a held-back slice, prints held-back and AQMAR dev figures, then (by default)
    retrains on all of ANERcorp and writes that model.
    """
    from marsad.ner.card import write_card
    from marsad.ner.tagger import DEFAULT_MODEL
    from marsad.ner.train import TrainConfig, run_training

    root = _shared_root(shared)
    target = out or DEFAULT_MODEL
    config = TrainConfig(
        c1=c1,
        c2=c2,
        max_iterations=iterations,
        holdout=holdout,
        use_wojood=wojood,
        stack=stack,
        prior=prior,
        self_train=self_train,
    )
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("preparing", total=config.max_iterations)

        def on_stage(description: str) -> None:
            progress.update(task, description=description, completed=0)

        def on_iteration(n: int) -> None:
            progress.update(task, completed=min(n, config.max_iterations))

        result = run_training(
            root, target, config, final_all=final_all, on_stage=on_stage, on_iteration=on_iteration
        )
    write_card(result, target.parent)
    typer.echo(json.dumps(result.figures, ensure_ascii=False, indent=2))
    size = target.stat().st_size
    typer.echo(f"wrote {target} ({size / 1e6:.2f} MB) and its model card in {target.parent}")
