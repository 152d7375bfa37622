"""The ``marsad`` command line: a thin layer over the stage packages."""

from __future__ import annotations

from marsad.cli import batch, events_eval, extract, geo, ner, segment, store  # noqa: F401  (modules register their commands)
from marsad.cli.apps import app


def main() -> None:
    app()


__all__ = ["app", "main"]
