"""Sentence splitting over tokens, so numbers (3.5), URLs and e-mails never break a sentence.

A sentence ends after terminal punctuation (. ! ? ؟ ؛ …) — unless the dot ends an abbreviation
such as د. (دكتور) or a one-letter initial — and at every line break. Closing quotes and brackets
right after the mark stay with the sentence they close («…». and ”…“. both work).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from marsad.model import Sentence, Token

_NEWLINE_RE = re.compile(r"\n+")
_TERMINAL_RE = re.compile(r"[.!?؟؛…]")
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
    """Sentences as spans of ``text``; boundaries after terminal punctuation and at line breaks.

    Only punctuation tokens and line breaks are visited (words are skipped in bulk), so the cost
    grows with the number of marks, not of words.
    """
    n = len(tokens)
    if n == 0:
        return []
    # candidate boundary tokens: terminal marks (never words), and the last token before a break
    starts = [t.start for t in tokens]
    candidates: set[int] = set()
    for match in _TERMINAL_RE.finditer(text):
        i = bisect_left(starts, match.start())
        # the mark is a token of its own (not the dot inside 3.5, a URL or an e-mail)
        if i < n and starts[i] == match.start() and not tokens[i].is_word:
            candidates.add(i)
    if "\n" in text:
        for match in _NEWLINE_RE.finditer(text):
            after = bisect_left(starts, match.end())  # first token after the break
            if 0 < after < n and tokens[after - 1].end <= match.start():
                candidates.add(-after)  # break between after-1 and after
    sentences: list[Sentence] = []
    first = 0
    for cand in sorted(candidates, key=lambda c: -c - 0.5 if c < 0 else c):
        if cand >= 0:
            i = cand
            if i < first:
                continue  # swallowed as a closer of the previous sentence
            tok = tokens[i]
            if tok.text == "." and i > first:
                prev = tokens[i - 1]
                if prev.end == tok.start and prev.text in _ABBREVIATIONS:
                    continue
            last = i
            while last + 1 < n:
                nxt = tokens[last + 1]
                if (
                    _is_terminal(nxt.text)
                    or nxt.text in _CLOSERS
                    or (nxt.start == tokens[last].end and nxt.text in _GLUED_CLOSERS)
                ):
                    last += 1
                else:
                    break
        else:
            last = -cand - 1
            if last < first:
                continue
        sentences.append(Sentence(tokens[first].start, tokens[last].end))
        first = last + 1
    if first < n:
        sentences.append(Sentence(tokens[first].start, tokens[n - 1].end))
    return sentences
