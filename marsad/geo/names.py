"""Place names learnt from recognition gold (IDRISI LMR *train*): names annotators tag
whenever they are written, that no gazetteer source has (Kuwaiti areas, Cairo districts,
Saudi villages named in an event's tweets).

A name is kept when, written as these words (stems), it was annotated as a mention at least
``MIN_TAGGED`` times and in at least ``MIN_RATE`` of the places it occurs. Heads in front are
left to the recognizer's rules («مدينة صباح الأحمد» → «صباح احمد»).
The recognizer matches these keys like gazetteer names; resolution places them with the
remembered points (``points.py``) or the document's focus. Learnt deterministically with
``marsad train geo-names``; the file is ``data/learned_names.txt``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from marsad.geo.lmr import bio_labels, occurrences
from marsad.geo.recognize import HeadRules, geo_tokens
from marsad.text import tokenize

NAMES_PATH = Path(__file__).parent / "data" / "learned_names.txt"
MIN_TAGGED = 2
MIN_RATE = 0.5
#: longest name learnt (words)
MAX_WORDS = 4


def learn_names(
    documents: Iterable[tuple[str, list[tuple[int, int]]]], *, rules: HeadRules | None = None
) -> list[tuple[str, int, int]]:
    """``(key, tagged, written)`` for names annotated often enough, sorted by key."""
    rules = rules or HeadRules.load()
    skip = set(rules.heads)
    poi = set(rules.poi)
    docs = []
    tagged: dict[str, int] = {}
    for text, spans in documents:
        toks = geo_tokens(tokenize(text))
        labels = bio_labels(toks, occurrences(text, spans))
        # only words count: punctuation and numbers end nothing and start nothing
        norms = [t.norm if t.is_word and t.norm.isalpha() else "" for t in toks]
        docs.append(norms)
        k = 0
        while k < len(labels):
            if labels[k] == "O":
                k += 1
                continue
            end = k
            while end + 1 < len(labels) and labels[end + 1] == "I":
                end += 1
            first = k
            while first <= end and norms[first] in skip:
                first += 1
            words = norms[first : end + 1]
            # a point of interest («جامعة القاهرة») is the POI rule's: as a name it would
            # hide the town inside it from the document's focus
            if words and all(words) and len(words) <= MAX_WORDS and words[0] not in poi:
                key = " ".join(words)
                if len(key.replace(" ", "")) > 2:
                    tagged[key] = tagged.get(key, 0) + 1
            k = end + 1
    candidates = {key: tuple(key.split(" ")) for key, n in tagged.items() if n >= MIN_TAGGED}
    written = dict.fromkeys(candidates, 0)
    by_first: dict[str, list[str]] = {}
    for key, seq in candidates.items():
        by_first.setdefault(seq[0], []).append(key)
    for norms in docs:
        for i, w in enumerate(norms):
            for key in by_first.get(w, ()):
                seq = candidates[key]
                if tuple(norms[i : i + len(seq)]) == seq:
                    written[key] += 1
    out = [
        (key, tagged[key], written[key])
        for key in sorted(candidates)
        if written[key] and tagged[key] / max(written[key], tagged[key]) >= MIN_RATE
    ]
    return out


def write_names(rows: Iterable[tuple[str, int, int]], path: Path, *, header: str) -> int:
    lines = [f"# {line}" for line in header.splitlines()]
    n = 0
    for key, t, w in rows:
        lines.append(f"{key}  # {t}/{w}")
        n += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return n


def load_names(path: Path = NAMES_PATH) -> list[str]:
    """The learnt name keys (empty when the file is missing)."""
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        key = line.split("#", 1)[0].strip() if not line.startswith("# ") else ""
        if key:
            out.append(key)
    return out
