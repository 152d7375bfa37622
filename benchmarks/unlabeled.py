"""The unlabeled news corpus in ../shared, read the same way by every benchmark."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: ../shared beside the checkout, or $MARSAD_SHARED
DEFAULT_SHARED = Path(os.environ.get("MARSAD_SHARED", REPO.parent / "shared"))


def corpus_path(shared: Path = DEFAULT_SHARED) -> Path:
    return shared / "data" / "unlabeled" / "ant_arabic_news.jsonl"


def iter_unlabeled(shared: Path = DEFAULT_SHARED) -> Iterator[str]:
    """Article texts in corpus order (none when ../shared is absent); empty ones skipped."""
    path = corpus_path(shared)
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text")
            if isinstance(text, str) and text.strip():
                yield text
