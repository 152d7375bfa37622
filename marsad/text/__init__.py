"""The Arabic text layer: normalization, tokens with clitic parts, sentences.

Every offset refers to the original text.
"""

from __future__ import annotations

from pathlib import Path

from marsad.model import Extraction, Sentence, Token, TokenPart
from marsad.text.clitics import CliticSplitter, default_splitter
from marsad.text.matcher import PhraseMatch, PhraseMatcher
from marsad.text.normalize import normalize, normalize_with_offsets, strip_harakat
from marsad.text.sentences import split_sentences
from marsad.text.tokenize import iter_tokens

__all__ = [
    "CliticSplitter",
    "PhraseMatch",
    "PhraseMatcher",
    "TextComponent",
    "load",
    "normalize",
    "normalize_with_offsets",
    "phrase_key",
    "split_sentences",
    "strip_harakat",
    "tokenize",
]


def tokenize(text: str, *, splitter: CliticSplitter | None = None) -> list[Token]:
    """Tokens of ``text`` with clitic parts (Arabic words) and a stem matching key (``norm``)."""
    splitter = splitter or default_splitter()
    split_spans = splitter.split_spans
    tokens: list[Token] = []
    append = tokens.append
    for start, end, kind in iter_tokens(text):
        surface = text[start:end]
        if kind == "arabic":
            spans, stem_key = split_spans(surface)
            if len(spans) == 1:
                parts = [TokenPart(start, end, surface, "stem")]
            else:
                parts = [
                    TokenPart(start + s, start + e, surface[s:e], k)  # type: ignore[arg-type]
                    for s, e, k in spans
                ]
            append(Token(start, end, surface, parts, stem_key, True))
        else:
            append(
                Token(
                    start,
                    end,
                    surface,
                    [TokenPart(start, end, surface, "stem")],
                    normalize(surface),
                    kind != "other",
                )
            )
    return tokens


def phrase_key(phrase: str, *, splitter: CliticSplitter | None = None) -> str:
    """The matching key of a phrase: its tokens' stem keys joined by spaces (see matcher.py)."""
    return " ".join(t.norm for t in tokenize(phrase, splitter=splitter) if t.norm)


class TextComponent:
    """Pipeline stage: fills ``tokens`` and ``sentences``."""

    name = "text"

    def __init__(self, *, splitter: CliticSplitter | None = None) -> None:
        self.splitter = splitter or default_splitter()

    def __call__(self, extraction: Extraction) -> Extraction:
        text = extraction.document.text
        extraction.tokens = tokenize(text, splitter=self.splitter)
        extraction.sentences = split_sentences(text, extraction.tokens)
        return extraction


def load(*, home: Path | None = None) -> TextComponent:
    """The text stage with the shipped clitic rules and stem lexicon."""
    return TextComponent()


# re-exported for type hints elsewhere
_ = (Sentence, PhraseMatch)
