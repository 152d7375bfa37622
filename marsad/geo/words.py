"""The geo stage's word lists, read once from the data files beside the code.

``data/words.toml`` holds the lists the recognizer, the span tagger, the gazetteer index and the
stage's rules use (POI heads, function words, titles, nisba endings …); ``data/heads.toml`` holds
the heads and the compass directions. Words come back as written: each caller normalizes them
the way it matches them (``normalize`` or ``phrase_key``).
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
WORDS_PATH = DATA / "words.toml"
HEADS_PATH = DATA / "heads.toml"


@lru_cache(maxsize=8)
def _table(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def word_list(name: str, *, path: Path = WORDS_PATH) -> tuple[str, ...]:
    """The words of table ``[name]`` in ``path`` as written, in file order.

    Raises ``KeyError`` naming the file when the table is missing: a typo in a list's name
    must not silently leave a rule without its words."""
    table = _table(path).get(name)
    if not isinstance(table, dict) or "words" not in table:
        raise KeyError(f"{path}: no [{name}] table with a words list")
    words = table["words"]
    if not all(isinstance(w, str) and w for w in words):
        raise ValueError(f"{path}: [{name}] words must be non-empty strings")
    return tuple(words)


def directions(*, path: Path = HEADS_PATH) -> dict[str, tuple[str, ...]]:
    """Compass directions (``north`` … ``southwest``) → the words and phrases that say them,
    as written in ``heads.toml [directions]`` («شمال», «شمالي», «الشمالية الشرقية» …).

    Shared with other stages (the events linker's compass words) so both read one list."""
    raw = _table(path)["directions"]
    return {name: tuple(words) for name, words in raw.items()}
