"""Offset-preserving tokenization: Arabic words, numbers, Latin tokens kept whole, punctuation."""

from __future__ import annotations

import re
from collections.abc import Iterator

# Arabic letters (base + supplement + extended + presentation forms), harakat and tatweel.
_AR = (
    "\u0621-\u063a\u0640-\u065f\u0670-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff"
    "\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc"
)
_LATIN = "A-Za-z\u00c0-\u024f"
_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"

TOKEN_RE = re.compile(
    rf"""
    (?P<url>(?:https?://|www\.)[^\s<>"'«»]+[^\s<>"'«».,;:!?،؛؟)\]])
  | (?P<email>[A-Za-z0-9._%+-]+@[\w-]+\.[\w.-]+\w)
  | (?P<handle>[@#][\w{_AR}]+)
  | (?P<number>[{_DIGIT}]+(?:[.,٫٬][{_DIGIT}]+)*%?)
  | (?P<latin>[{_LATIN}][{_LATIN}{_DIGIT}]*(?:[-'’.][{_LATIN}{_DIGIT}]+)*)
  | (?P<arabic>[{_AR}]+)
  | (?P<other>[^\s])
    """,
    re.VERBOSE,
)
TATWEEL = "\u0640"


def iter_tokens(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, kind)`` for every token; kinds: url, email, handle, number, latin,
    arabic, other (a punctuation mark or symbol)."""
    for m in TOKEN_RE.finditer(text):
        kind = m.lastgroup or "other"
        start, end = m.span()
        # a lone tatweel run is punctuation
        if kind == "arabic" and text[start] == "\u0640" and not text[start:end].strip("\u0640"):
            kind = "other"
        yield start, end, kind
