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
from marsad.text.tokenize import TATWEEL, TOKEN_RE, iter_tokens  # noqa: F401  (re-exported)

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
    # hot path: locals, one regex pass, cached word analyses (no per-character Python loop)
    cache_get = splitter.word_cache.get
    analyse = splitter.analyse
    norm_get = _OTHER_NORMS.get
    tokens: list[Token] = []
    append = tokens.append
    for m in TOKEN_RE.finditer(text):
        start, end = m.span()
        surface = m.group()
        kind = m.lastgroup
        if kind == "arabic" and not (surface[0] == TATWEEL and not surface.strip(TATWEEL)):
            info = cache_get(surface) or analyse(surface)
            rel, key = info
            if len(rel) == 1:
                parts = [TokenPart(start, end, surface, "stem")]
            else:
                parts = [
                    TokenPart(start + s, start + e, t, k)  # type: ignore[arg-type]
                    for s, e, t, k in rel
                ]
            append(Token(start, end, surface, parts, key, True))
            continue
        norm = norm_get(surface)
        if norm is None:
            norm = normalize(surface)
            if len(_OTHER_NORMS) < 10_000:
                _OTHER_NORMS[surface] = norm
        append(
            Token(
                start,
                end,
                surface,
                [TokenPart(start, end, surface, "stem")],
                norm,
                kind not in ("other", "arabic"),
            )
        )
    return tokens


#: matching keys of non-Arabic tokens (punctuation, numbers, Latin), memoized
_OTHER_NORMS: dict[str, str] = {}


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
