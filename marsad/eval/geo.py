"""Geoparsing evaluation on IDRISI (Suwaileh et al. 2023) Arabic tweets.

LMR (location mention recognition): span-level precision/recall/F1. Spans are compared at token
level: both gold and predicted spans are widened to whole whitespace/punctuation tokens, so that
the clitic «بالرياض» (gold) and the name «الرياض» (ours) are the same mention, as are
«#حفر_الباطن» and «حفر_الباطن».

LMD (mention disambiguation): every gold mention carries the OpenStreetMap point it refers to.
The gold spans are handed to the geo stage as NER LOC mentions (the way the NER stage feeds it),
so every gold mention gets a prediction where the gazetteer allows; accuracy within 161 km
(100 miles, the usual geoparsing threshold) and the median error in km over all gold mentions
(a mention left unresolved counts as a miss).
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.geo.build import haversine_km
from marsad.geo.component import GeoComponent
from marsad.model import Document, Extraction, Mention
from marsad.text import tokenize

ACC_KM = 161.0


class GoldFormatError(ValueError):
    """A gold file line that is not IDRISI JSON; names the file and line."""


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    yield n, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise GoldFormatError(f"{path}:{n}: invalid JSON ({exc.msg})") from None
    except UnicodeDecodeError as exc:
        raise GoldFormatError(f"{path}: not UTF-8 ({exc})") from None


def _spans(item: dict[str, Any], path: Path, n: int) -> list[tuple[int, int, dict[str, Any]]]:
    out = []
    for m in item.get("location_mentions") or []:
        start = m.get("startIdx", m.get("start_offset"))
        end = m.get("endIdx", m.get("end_offset"))
        if not isinstance(start, int) or not isinstance(end, int) or start > end:
            raise GoldFormatError(f"{path}:{n}: mention without integer start/end offsets")
        out.append((start, end, m))
    return out


def _widen(text: str, tokens: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    s, e = start, end
    for a, b in tokens:
        if a < end and start < b:
            s, e = min(s, a), max(e, b)
    return s, e


def _token_bounds(text: str) -> list[tuple[int, int]]:
    return [(t.start, t.end) for t in tokenize(text)]


def _lmr_category(
    component: GeoComponent,
    text: str,
    start: int,
    end: int,
    kind: str,
    other: set[tuple[int, int]],
) -> str:
    """Why a span is an error, roughly: a boundary disagreement, a hashtag that holds a place
    and more words, a country/admin1 name (the gold is inconsistent about these), a
    nationality adjective, a name no gazetteer source has, a common word taken for a place."""
    from marsad.text import normalize, phrase_key

    if any(a < end and start < b for a, b in other):
        return "boundary"
    span = text[start:end]
    bare = span.lstrip("#\u2066\u2067\u2068\u2069").replace("_", " ")
    key = phrase_key(bare)
    feats = component.gazetteer.by_key(key) if key else []
    if span.startswith("#") and "_" in span and not feats:
        return "hashtag+words"
    if any(f.type in ("country", "admin1") for f in feats):
        return "country/admin1"
    word = normalize(bare)
    if kind == "FN" and " " not in word and word.endswith(("ي", "يه", "يين", "يون")):
        stem = word.removeprefix("ال")
        for cut in ("يين", "يون", "يه", "ي"):
            if stem.endswith(cut):
                stem = stem[: -len(cut)]
                break
        if any(f.type == "country" for f in component.gazetteer.by_key(stem)):
            return "adjective"
    if kind == "FN":
        return "in gazetteer, not taken" if feats else "not in gazetteer"
    return "common word" if " " not in key and feats else "other"


@dataclass
class LmrScores:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def as_dict(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def _extract(
    component: GeoComponent,
    text: str,
    mentions: list[Mention] | None = None,
    text_stage: Any = None,
) -> Extraction:
    extraction = Extraction(document=Document(text=text))
    if text_stage is not None:
        text_stage(extraction)
    if mentions:
        extraction.mentions = mentions
    return component(extraction)


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    """The mention in its tweet, marked ⟦so⟧, on one line."""
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return " ".join(f"{left}⟦{text[start:end]}⟧{right}".split())


def _gold_offsets(text: str, start: int, end: int) -> tuple[int, int]:
    """Where IDRISI's gold would put a mention with our span's words: its offsets are those
    of the first occurrence of the mention string in the tweet (``str.find``; true of all
    564 train mentions whose string occurs more than once), the string without «#»."""
    name = text[start:end].lstrip("#")
    pos = text.find(name) if name else -1
    return (pos, pos + len(name)) if pos >= 0 else (start, end)


def eval_lmr(
    component: GeoComponent,
    files: Iterable[Path],
    *,
    errors: list[dict[str, Any]] | None = None,
    first: bool = True,
) -> dict[str, Any]:
    """Span P/R/F1 over IDRISI LMR JSONL files (overall and per file); with ``errors`` given,
    every false positive and false negative is appended to it (kind, gold type, context)."""
    from marsad.text import load as load_text

    text_stage = load_text()
    total = LmrScores()
    per_file: dict[str, Any] = {}
    for path in files:
        scores = LmrScores()
        for n, item in read_jsonl(path):
            text = item.get("text")
            if not isinstance(text, str):
                raise GoldFormatError(f"{path}:{n}: no text field")
            bounds = _token_bounds(text)
            gold_types = {
                _widen(text, bounds, s, e): str(m.get("type", "?"))
                for s, e, m in _spans(item, path, n)
            }
            gold = set(gold_types)
            extraction = _extract(component, text, text_stage=text_stage)
            pred = {
                _widen(
                    text,
                    bounds,
                    *_gold_offsets(text, p.start, p.end) if first else (p.start, p.end),
                )
                for p in extraction.places
            }
            if errors is not None:
                for kind, spans in (("FP", pred - gold), ("FN", gold - pred)):
                    other = gold if kind == "FP" else pred
                    for s, e in sorted(spans):
                        errors.append(
                            {
                                "kind": kind,
                                "file": path.name,
                                "line": n,
                                "text": text[s:e],
                                "type": gold_types.get((s, e), "-"),
                                "category": _lmr_category(component, text, s, e, kind, other),
                                "context": _context(text, s, e),
                            }
                        )
            scores.tp += len(gold & pred)
            scores.fp += len(pred - gold)
            scores.fn += len(gold - pred)
        per_file[path.name] = scores.as_dict()
        total.tp += scores.tp
        total.fp += scores.fp
        total.fn += scores.fn
    return {"task": "lmr", **total.as_dict(), "files": per_file}


def _learn_collection_focus(component: GeoComponent, path: Path, text_stage: Any) -> None:
    """Each IDRISI file is one event: its tweets' own foci (never the gold) give the focus
    of the tweets that name no place of their own."""
    extractions = []
    for _, item in read_jsonl(path):
        if isinstance(item.get("text"), str):
            extraction = Extraction(document=Document(text=item["text"]))
            text_stage(extraction)
            extractions.append(extraction)
    component.learn_focus(extractions)


def eval_lmd(
    component: GeoComponent,
    files: Iterable[Path],
    *,
    errors: list[dict[str, Any]] | None = None,
    collection_focus: bool = True,
) -> dict[str, Any]:
    """acc@161 km and median error over IDRISI LMD JSONL files (gold spans given); with
    ``errors`` given, every mention placed over 161 km off or not at all is appended to it.
    With ``collection_focus`` each file is taken as one event's collection (``learn_focus``)."""
    from marsad.text import load as load_text

    text_stage = load_text()
    distances: list[float] = []
    unresolved = 0
    for path in files:
        component.collection_focus = None
        if collection_focus:
            _learn_collection_focus(component, path, text_stage)
        for n, item in read_jsonl(path):
            text = item.get("text")
            if not isinstance(text, str):
                raise GoldFormatError(f"{path}:{n}: no text field")
            gold = _spans(item, path, n)
            mentions = [Mention(s, e, text[s:e], "LOC", source="gold") for s, e, _ in gold]
            extraction = _extract(component, text, mentions, text_stage=text_stage)
            for s, e, m in gold:
                osm = m.get("osm_json") or {}
                try:
                    lat, lon = float(osm["lat"]), float(osm["lon"])
                except (KeyError, TypeError, ValueError):
                    raise GoldFormatError(f"{path}:{n}: mention without osm_json lat/lon") from None
                hits = [
                    p
                    for p in extraction.places
                    if p.start < e and s < p.end and p.latitude is not None
                ]
                best = max(hits, key=lambda p: min(p.end, e) - max(p.start, s)) if hits else None
                if best is None:
                    unresolved += 1
                    km = float("inf")
                else:
                    km = haversine_km(lat, lon, best.latitude or 0.0, best.longitude or 0.0)
                distances.append(km)
                if errors is not None and km > ACC_KM:
                    category = "unplaced"
                    if best is not None:
                        from_gazetteer = (best.source or "").startswith("gazetteer")
                        category = "namesake/point" if from_gazetteer else "stand-in"
                    errors.append(
                        {
                            "kind": "UNPLACED" if best is None else "FAR",
                            "category": category,
                            "file": path.name,
                            "line": n,
                            "text": text[s:e],
                            "type": str(m.get("type", "?")),
                            "km": None if best is None else round(km),
                            "ours": None if best is None else f"{best.name} ({best.source})",
                            "gold": str(osm.get("display_name", ""))[:80],
                            "context": _context(text, s, e),
                        }
                    )
    n_all = len(distances)
    acc = sum(1 for d in distances if d <= ACC_KM) / n_all if n_all else 0.0
    finite = [d for d in distances if d != float("inf")]
    return {
        "task": "lmd",
        "mentions": n_all,
        "acc@161km": round(acc, 4),
        "median_km": round(statistics.median(distances), 2) if distances else None,
        "median_km_resolved": round(statistics.median(finite), 2) if finite else None,
        "resolved": n_all - unresolved,
        "collection_focus": collection_focus,
    }


def learn_stoplist(
    component: GeoComponent,
    files: Iterable[Path],
    *,
    min_false: int = 3,
    max_precision: float = 0.25,
) -> list[tuple[str, int, int]]:
    """Single-word gazetteer keys that, matched bare, are mostly NOT place mentions in the
    given (train) gold: ``(key, true, false)`` for keys with ≥ ``min_false`` false matches and
    precision ≤ ``max_precision``. Countries and admin1 units are never stoplisted."""
    from marsad.text import load as load_text

    text_stage = load_text()
    counts: dict[str, list[int]] = {}
    for path in files:
        for n, item in read_jsonl(path):
            text = item.get("text")
            if not isinstance(text, str):
                raise GoldFormatError(f"{path}:{n}: no text field")
            bounds = _token_bounds(text)
            gold = {_widen(text, bounds, s, e) for s, e, _ in _spans(item, path, n)}
            extraction = Extraction(document=Document(text=text))
            text_stage(extraction)
            tokens = extraction.tokens
            from marsad.geo.recognize import geo_tokens

            toks = geo_tokens(tokens)
            for m in component.recognizer.find(toks):
                if m.kind != "gazetteer" or m.head is not None or m.first != m.last:
                    continue
                feats = component.gazetteer.by_key(m.key)
                if any(f.type in ("country", "admin1") for f in feats):
                    continue
                c = counts.setdefault(m.key, [0, 0])
                c[0 if _widen(text, bounds, m.start, m.end) in gold else 1] += 1
    out = [
        (k, t, f) for k, (t, f) in counts.items() if f >= min_false and t / (t + f) <= max_precision
    ]
    return sorted(out)


def eval_lmr_leave_one_event_out(
    gazetteer_path: Path, files: Sequence[Path], *, word_stats: bool = True, names: bool = True
) -> dict[str, Any]:
    """The figure for unseen events: for each (train) file, the stoplist, the span CRF and
    the learnt names are learnt from the other files only, then LMR is measured on it. Per
    file and pooled."""
    import tempfile

    from marsad.geo.component import _not_adjectives
    from marsad.geo.gazetteer import Gazetteer
    from marsad.geo.lmr import SpanTagger, key_lexicon, stats_path
    from marsad.geo.lmr import train as train_crf
    from marsad.geo.names import learn_names
    from marsad.geo.recognize import HeadRules, Recognizer

    gaz = Gazetteer.open(gazetteer_path)
    total = LmrScores()
    per_file: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for held in files:
            others = [p for p in files if p != held]
            bare = GeoComponent(
                gaz,
                recognizer=Recognizer(
                    list(gaz.keys), rules=HeadRules.load(stoplist=Path(tmp) / "none.txt")
                ),
            )
            stop = Path(tmp) / "stoplist.txt"
            rows = learn_stoplist(bare, others)
            stop.write_text("".join(f"{k}\n" for k, _, _ in rows), encoding="utf-8")
            rules = HeadRules.load(stoplist=stop)
            plain = GeoComponent(gaz, recognizer=Recognizer(list(gaz.keys), rules=rules))
            docs = [
                (item["text"], [(s, e) for s, e, _ in _spans(item, p, n)])
                for p in others
                for n, item in read_jsonl(p)
            ]
            model = Path(tmp) / "lmr.crfsuite"
            train_crf(
                plain.recognizer,
                docs,
                model,
                lexicon=key_lexicon(gaz),
                stats_path=stats_path(model) if word_stats else None,
            )
            learnt = [k for k, _, _ in learn_names(docs)] if names else []
            learnt = _not_adjectives(gaz, learnt)
            component = GeoComponent(
                gaz,
                recognizer=Recognizer([*gaz.keys, *learnt], rules=rules),
                tagger=SpanTagger(model),
            )
            result = eval_lmr(component, [held])
            scores = result["files"][held.name]
            per_file[held.name] = scores
            total.tp += int(scores["tp"])
            total.fp += int(scores["fp"])
            total.fn += int(scores["fn"])
    return {"task": "lmr-leave-one-event-out", **total.as_dict(), "files": per_file}


def eval_lmd_leave_one_event_out(component: GeoComponent, files: Sequence[Path]) -> dict[str, Any]:
    """The disambiguation figure for unseen events: for each (train) file, the remembered
    points (``marsad.geo.points``) are learnt from the other files only, then LMD is measured
    on it. Per file and pooled (mention-weighted)."""
    from marsad.geo.points import learn_points

    saved = component.points
    per_file: dict[str, Any] = {}
    hits = total = 0
    try:
        for held in files:
            items = [item for p in files if p != held for _, item in read_jsonl(p)]
            component.points = {p.key: p for p in learn_points(items)}
            result = eval_lmd(component, [held])
            per_file[held.name] = result
            total += int(result["mentions"])
            hits += round(float(result["acc@161km"]) * int(result["mentions"]))
    finally:
        component.points = saved
    return {
        "task": "lmd-leave-one-event-out",
        "mentions": total,
        "acc@161km": round(hits / total, 4) if total else 0.0,
        "files": per_file,
    }
