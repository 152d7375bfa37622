"""The Typer apps every command module registers on (one module per area under marsad/cli/)."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="marsad",
    help=(
        "marsad (مرصد): read Arabic conflict reporting and turn it into structured, traceable "
        "event data — who did what to whom, where, when, how many, according to whom."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
eval_app = typer.Typer(help="Measure accuracy on gold data (segmentation, NER, geo, events).")
train_app = typer.Typer(help="Train the shipped models and lexicons deterministically.")
app.add_typer(eval_app, name="eval")
app.add_typer(train_app, name="train")
