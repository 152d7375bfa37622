"""Event evaluation against a gold JSONL file (one document per line, ACLED-coded events).

Matching (issue 5): a predicted event matches a gold one when the sub-event type is equal, the
location is within 25 km and the predicted date falls in the gold date's precision window
(1 → the same day, 2 → within 7 days, 3 → within 31 days); one-to-one, closest pairs first, new
and background events matched separately. On matched pairs: actor1/actor2 accuracy (same actor
KB id, or the same generic kind; both empty counts as correct), location (mean km, share within
5 km), date (same day), fatalities (equal).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from statistics import median
from typing import Any

from marsad.model import Document, Event, Extraction

MAX_KM = 25.0
WINDOW_DAYS = {1: 0, 2: 7, 3: 31}
EXACT_PLACE_KM = 5.0


class GoldError(ValueError):
    """A gold file line that cannot be read."""


@dataclass(slots=True)
class GoldDoc:
    id: str
    text: str
    published: date | None
    source: str | None
    events: list[dict[str, Any]]


def read_gold(path: Path) -> list[GoldDoc]:
    docs: list[GoldDoc] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                pub = raw.get("published")
                docs.append(
                    GoldDoc(
                        id=str(raw.get("id") or n),
                        text=raw["text"],
                        published=date.fromisoformat(pub) if pub else None,
                        source=raw.get("source"),
                        events=list(raw.get("events") or []),
                    )
                )
            except (json.JSONDecodeError, KeyError, ValueError, TypeError) as exc:
                raise GoldError(f"{path}:{n}: {exc}") from exc
    return docs


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def _km(gold: dict[str, Any], pred: Event) -> float | None:
    if gold.get("latitude") is None or gold.get("longitude") is None:
        return None
    if pred.latitude is None or pred.longitude is None:
        return None
    return haversine_km(
        float(gold["latitude"]), float(gold["longitude"]), pred.latitude, pred.longitude
    )


def _days(gold: dict[str, Any], pred: Event) -> int | None:
    if not gold.get("event_date") or not pred.event_date:
        return None
    return abs((date.fromisoformat(pred.event_date) - date.fromisoformat(gold["event_date"])).days)


def match(gold: list[dict[str, Any]], pred: list[Event]) -> list[tuple[int, int, float, int]]:
    """One-to-one matches (gold index, pred index, km, days), closest first."""
    pairs: list[tuple[float, int, int, float, int]] = []
    for gi, g in enumerate(gold):
        window = WINDOW_DAYS.get(int(g.get("time_precision") or 1), 0)
        for pi, p in enumerate(pred):
            if p.sub_event_type != g.get("sub_event_type"):
                continue
            if bool(p.background) != bool(g.get("background")):
                continue
            km, days = _km(g, p), _days(g, p)
            if km is None or days is None or km > MAX_KM or days > window:
                continue
            pairs.append((km / MAX_KM + days / 31, gi, pi, km, days))
    pairs.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    out: list[tuple[int, int, float, int]] = []
    for _, gi, pi, km, days in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi, km, days))
    return out


class ActorJudge:
    """Same KB id or same generic kind, gold names resolved with the actor KB."""

    def __init__(self) -> None:
        try:
            from marsad.actors.kb import ActorKB

            self.kb: Any = ActorKB.load()
        except (ImportError, AttributeError, OSError, ValueError):  # the actor stage not shipped
            self.kb = None

    def _ids(self, name: str | None, actor_id: str | None = None) -> set[str]:
        if actor_id:
            return {actor_id}
        if not name or self.kb is None:
            return set()
        try:
            return {e.id for e in self.kb.lookup(name)}
        except ImportError:  # the actor resolver is not installed: ids from exact aliases only
            return set()

    def _kinds(self, ids: set[str]) -> set[str]:
        if self.kb is None:
            return set()
        return {self.kb.generic_kind(i) for i in ids}

    def same(
        self, gold_name: str | None, gold_en: str | None, pred_name: str | None, pred_id: str | None
    ) -> bool:
        if not gold_name and not gold_en:
            return not pred_name
        if not pred_name:
            return False
        gold_ids = self._ids(gold_name) | self._ids(gold_en)
        pred_ids = self._ids(pred_name, pred_id) | (self._ids(pred_name) if pred_id else set())
        if gold_ids & pred_ids:
            return True
        if gold_ids and pred_ids and self._kinds(gold_ids) & self._kinds(pred_ids):
            return True
        norm = str.casefold
        return bool(gold_en and norm(gold_en) == norm(pred_name)) or bool(
            gold_name and gold_name == pred_name
        )


@dataclass(slots=True)
class Counts:
    gold: int = 0
    pred: int = 0
    matched: int = 0

    def prf(self) -> dict[str, float]:
        p = self.matched / self.pred if self.pred else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


@dataclass(slots=True)
class DocErrors:
    """One document's misses (gold events left unmatched) and false alarms (predictions left
    unmatched), each with the sentence it comes from."""

    doc_id: str
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_alarms: list[dict[str, Any]] = field(default_factory=list)
    #: matched pairs whose actor1 or location disagrees: (gold, predicted)
    wrong_arguments: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)


@dataclass(slots=True)
class Report:
    documents: int = 0
    new: Counts = field(default_factory=Counts)
    background: Counts = field(default_factory=Counts)
    actor1: list[bool] = field(default_factory=list)
    actor2: list[bool] = field(default_factory=list)
    km: list[float] = field(default_factory=list)
    date: list[bool] = field(default_factory=list)
    fatalities: list[bool] = field(default_factory=list)
    #: per-type gold/pred/matched counts (new and background together)
    by_type: dict[str, Counts] = field(default_factory=dict)
    #: per document: unmatched gold events and unmatched predictions (for --show-errors)
    errors: list[DocErrors] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        def acc(xs: list[bool]) -> float | None:
            return round(sum(xs) / len(xs), 3) if xs else None

        all_counts = Counts(
            self.new.gold + self.background.gold,
            self.new.pred + self.background.pred,
            self.new.matched + self.background.matched,
        )
        return {
            "documents": self.documents,
            "new": {
                "gold": self.new.gold,
                "pred": self.new.pred,
                "matched": self.new.matched,
                **self.new.prf(),
            },
            "background": {
                "gold": self.background.gold,
                "pred": self.background.pred,
                "matched": self.background.matched,
                **self.background.prf(),
            },
            "all": {
                "gold": all_counts.gold,
                "pred": all_counts.pred,
                "matched": all_counts.matched,
                **all_counts.prf(),
            },
            "matched_pairs": len(self.km),
            "actor1_accuracy": acc(self.actor1),
            "actor2_accuracy": acc(self.actor2),
            "location_accuracy": acc([k <= EXACT_PLACE_KM for k in self.km]),
            "location_mean_km": round(sum(self.km) / len(self.km), 2) if self.km else None,
            "location_median_km": round(median(self.km), 2) if self.km else None,
            "date_accuracy": acc(self.date),
            "fatalities_accuracy": acc(self.fatalities),
            "by_sub_event_type": {
                k: {"gold": c.gold, "pred": c.pred, "matched": c.matched, **c.prf()}
                for k, c in sorted(self.by_type.items())
            },
        }


def evaluate(
    docs: Iterable[GoldDoc],
    extract: Callable[[Document], Extraction],
    *,
    progress: Callable[[], None] | None = None,
) -> Report:
    report = Report()
    judge = ActorJudge()
    for doc in docs:
        extraction = extract(
            Document(text=doc.text, id=doc.id, published=doc.published, source=doc.source)
        )
        pred = extraction.events
        report.documents += 1
        for g in doc.events:
            (report.background if g.get("background") else report.new).gold += 1
            report.by_type.setdefault(g.get("sub_event_type", "?"), Counts()).gold += 1
        for p in pred:
            (report.background if p.background else report.new).pred += 1
            report.by_type.setdefault(p.sub_event_type, Counts()).pred += 1
        pairs = match(doc.events, pred)
        matched_g = {gi for gi, _, _, _ in pairs}
        matched_p = {pi for _, pi, _, _ in pairs}
        errors = DocErrors(doc.id)
        for gi, g in enumerate(doc.events):
            if gi not in matched_g:
                errors.misses.append(_describe_gold(g, doc.text))
        for pi, p in enumerate(pred):
            if pi not in matched_p:
                errors.false_alarms.append(_describe_pred(p, doc.text))
        for gi, pi, km, _days in pairs:
            g, p = doc.events[gi], pred[pi]
            (report.background if g.get("background") else report.new).matched += 1
            report.by_type[p.sub_event_type].matched += 1
            report.actor1.append(
                judge.same(g.get("actor1"), g.get("actor1_en"), p.actor1, p.actor1_id)
            )
            report.actor2.append(
                judge.same(g.get("actor2"), g.get("actor2_en"), p.actor2, p.actor2_id)
            )
            if not report.actor1[-1] or km > EXACT_PLACE_KM:
                errors.wrong_arguments.append(
                    (_describe_gold(g, doc.text), _describe_pred(p, doc.text))
                )
            report.km.append(km)
            report.date.append(p.event_date == g.get("event_date"))
            report.fatalities.append(int(p.fatalities or 0) == int(g.get("fatalities") or 0))
        if errors.misses or errors.false_alarms or errors.wrong_arguments:
            report.errors.append(errors)
        if progress:
            progress()
    return report


def _describe_gold(g: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "sub_event_type": g.get("sub_event_type"),
        "actor1": g.get("actor1"),
        "actor2": g.get("actor2"),
        "location": g.get("location") or g.get("location_en"),
        "event_date": g.get("event_date"),
        "time_precision": g.get("time_precision"),
        "background": bool(g.get("background")),
        # gold without evidence: the document's opening stands in for it
        "evidence": g.get("evidence") or text[:300],
    }


def _describe_pred(p: Event, text: str) -> dict[str, Any]:
    evidence = " … ".join(text[s.start : s.end] for s in p.evidence[:1]) if p.evidence else None
    trigger = text[p.trigger.start : p.trigger.end] if p.trigger else None
    return {
        "sub_event_type": p.sub_event_type,
        "trigger": trigger,
        "actor1": p.actor1,
        "actor2": p.actor2,
        "location": p.location,
        "event_date": p.event_date,
        "time_precision": p.time_precision,
        "background": bool(p.background),
        "evidence": evidence,
    }


def format_errors(report: Report) -> str:
    """Misses and false alarms per document, one line each, with the sentence behind them."""

    def line(mark: str, e: dict[str, Any]) -> str:
        trig = f" «{e['trigger']}»" if e.get("trigger") else ""
        bg = " BG" if e["background"] else ""
        return (
            f"  {mark} {e['sub_event_type']}{trig}{bg} | {e['actor1']} → {e['actor2']} | "
            f"{e['location']} | {e['event_date']}/{e['time_precision']}\n      {e['evidence']}"
        )

    out: list[str] = []
    for doc in report.errors:
        out.append(f"== {doc.doc_id}")
        out.extend(line("MISS", e) for e in doc.misses)
        out.extend(line("FALSE", e) for e in doc.false_alarms)
        for g, p in doc.wrong_arguments:
            out.append(
                f"  ARGS {g['sub_event_type']} | gold {g['actor1']} @ {g['location']} | "
                f"pred {p['actor1']} @ {p['location']}"
            )
    return "\n".join(out)


def format_report(report: Report) -> str:
    d = report.to_dict()
    lines = [f"documents: {d['documents']}   matched pairs: {d['matched_pairs']}"]
    lines.append(f"{'events':<12}{'gold':>6}{'pred':>6}{'match':>7}{'P':>8}{'R':>8}{'F1':>8}")
    for name in ("new", "background", "all"):
        c = d[name]
        lines.append(
            f"{name:<12}{c['gold']:>6}{c['pred']:>6}{c['matched']:>7}"
            f"{c['precision']:>8.3f}{c['recall']:>8.3f}{c['f1']:>8.3f}"
        )
    lines.append("on matched pairs:")
    for key in (
        "actor1_accuracy",
        "actor2_accuracy",
        "location_accuracy",
        "date_accuracy",
        "fatalities_accuracy",
    ):
        value = d[key]
        lines.append(f"  {key:<22}{'-' if value is None else f'{value:.3f}'}")
    lines.append(f"  location mean/median km: {d['location_mean_km']} / {d['location_median_km']}")
    lines.append("by sub-event type (gold/pred/matched F1):")
    for k, c in d["by_sub_event_type"].items():
        lines.append(f"  {k:<38}{c['gold']:>4}{c['pred']:>5}{c['matched']:>5}  F1 {c['f1']:.2f}")
    return "\n".join(lines)
