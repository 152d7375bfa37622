"""marsad (مرصد, "observatory"): Arabic conflict reporting → structured, traceable event data."""

from marsad.model import (
    Actor,
    Document,
    Event,
    Extraction,
    Mention,
    Place,
    Sentence,
    Span,
    Token,
    TokenPart,
)

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Document",
    "Event",
    "Extraction",
    "Mention",
    "Place",
    "Sentence",
    "Span",
    "Token",
    "TokenPart",
    "__version__",
]
