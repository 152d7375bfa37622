"""Sentence splitting over tokens, so numbers (3.5), URLs and e-mails never break a sentence.

A sentence ends after terminal punctuation (. ! ? ؟ ؛ …) — unless the dot ends an abbreviation
such as د. (دكتور) or a one-letter initial — and at every line break. Closing quotes and brackets
right after the mark stay with the sentence they close («…». and ”…“. both work).
"""

from __future__ import annotations

from collections.abc import Sequence

from marsad.model import Sentence, Token

_TERMINAL = frozenset(".!?؟؛…")
#: always closing when they follow a terminal mark
_CLOSERS = frozenset("»”’)]}›")
#: closing only when glued to the mark (they also open quotes: ”…“ in Arabic typesetting, "…")
_GLUED_CLOSERS = frozenset("\"'“«‘„")
# Abbreviations that end with a dot but not a sentence: Arabic one-letter initials (د. for دكتور,
# م. for ميلادي, ه. for هجري …) and a few Latin ones.
_ABBREVIATIONS = frozenset(
    ["د", "م", "ق", "ه", "هـ", "ص", "ج", "أ", "ا", "ت", "ش", "Dr", "Mr", "Mrs", "St", "etc", "No"]
)


def _is_terminal(text: str) -> bool:
    return text in _TERMINAL or (len(text) > 1 and all(ch in _TERMINAL for ch in text))


def split_sentences(text: str, tokens: Sequence[Token]) -> list[Sentence]:
    """Sentences as spans of ``text``; boundaries after terminal punctuation and at line breaks."""
    sentences: list[Sentence] = []
    n = len(tokens)
    first = 0
    i = 0
    find = text.find
    while i < n:
        tok = tokens[i]
        last = i
        boundary = False
        if _is_terminal(tok.text):
            prev = tokens[i - 1] if i > first else None
            is_abbrev = (
                tok.text == "."
                and prev is not None
                and prev.end == tok.start
                and prev.text in _ABBREVIATIONS
            )
            if not is_abbrev:
                boundary = True
                # swallow further terminal marks and closing quotes/brackets
                while last + 1 < n:
                    nxt = tokens[last + 1]
                    glued = nxt.start == tokens[last].end
                    if (
                        _is_terminal(nxt.text)
                        or nxt.text in _CLOSERS
                        or (glued and nxt.text in _GLUED_CLOSERS)
                    ):
                        last += 1
                    else:
                        break
        if not boundary and i + 1 < n and find("\n", tok.end, tokens[i + 1].start) != -1:
            boundary = True
        if boundary:
            sentences.append(Sentence(tokens[first].start, tokens[last].end))
            first = last + 1
            i = last + 1
            continue
        i += 1
    if first < n:
        sentences.append(Sentence(tokens[first].start, tokens[n - 1].end))
    return sentences
