"""Sentence splitting over tokens, so numbers (3.5) and URLs never break a sentence."""

from __future__ import annotations

from collections.abc import Sequence

from marsad.model import Sentence, Token

_TERMINAL = frozenset(".!?؟؛…")
_CLOSERS = frozenset("\"'»”’)]}›")
# Abbreviations that end with a dot but not a sentence (normalized-insensitive enough).
_ABBREVIATIONS = frozenset(["د", "م", "ق", "ه", "ص", "ج", "أ", "ا", "Dr", "Mr", "St", "etc", "ت"])


def split_sentences(text: str, tokens: Sequence[Token]) -> list[Sentence]:
    """Sentences as spans of ``text``; boundaries after terminal punctuation and at line breaks."""
    sentences: list[Sentence] = []
    start_tok: int | None = None
    n = len(tokens)

    def close(first: int, last: int) -> None:
        sentences.append(Sentence(tokens[first].start, tokens[last].end))

    i = 0
    while i < n:
        tok = tokens[i]
        if start_tok is None:
            start_tok = i
        boundary = False
        end_tok = i
        if tok.text in _TERMINAL or (len(tok.text) > 1 and set(tok.text) <= _TERMINAL):
            is_abbrev = (
                tok.text == "."
                and i > start_tok
                and tokens[i - 1].text in _ABBREVIATIONS
                and tokens[i - 1].end == tok.start
            )
            if not is_abbrev:
                boundary = True
                # swallow further terminal marks and closing quotes/brackets
                while end_tok + 1 < n and (
                    tokens[end_tok + 1].text in _TERMINAL or tokens[end_tok + 1].text in _CLOSERS
                ):
                    end_tok += 1
        if not boundary and i + 1 < n and "\n" in text[tok.end : tokens[i + 1].start]:
            boundary = True
        if boundary:
            close(start_tok, end_tok)
            start_tok = None
            i = end_tok + 1
            continue
        i += 1
    if start_tok is not None and start_tok < n:
        close(start_tok, n - 1)
    return sentences
