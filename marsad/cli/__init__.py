"""The ``marsad`` command line: a thin layer over the stage packages."""

from __future__ import annotations

from marsad.cli import batch, events_eval, extract, geo, ner, segment, store  # noqa: F401  (modules register their commands)
from marsad.cli.apps import app
from marsad.pipeline import tune_collector


def main() -> None:
    tune_collector()  # the CLI process runs the pipeline over many reports
    app()


__all__ = ["app", "main"]
