"""Store ingest throughput (documents/s) on SQLite and PostgreSQL.

Synthesizes news-style reports from our own templates (places, actors, dates), each with 1–3
hand-coded events, a quarter of them retelling an earlier report's event so fusion works, and
stores them with ``Store.add_extraction`` (one transaction per document, FTS indexing, fusion).
The pipeline is not run (its speed is ``bench_pipeline.py``); ``--pipeline STAGES`` adds it.
PostgreSQL runs when ``--pg-url`` or ``$MARSAD_TEST_PG_URL`` is set (a fresh schema is used and
dropped).

    .venv/bin/python benchmarks/bench_store.py [--docs 2000] [--pg-url postgresql://...]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from marsad.model import Actor, Document, Event, Extraction, Span  # noqa: E402
from marsad.store import Store, open_store  # noqa: E402

#: (Arabic name, ACLED-style name, admin1, lat, lon)
PLACES = [
    ("الميادين", "Al Mayadin", "Deir ez-Zor", 35.0176, 40.4517),
    ("البوكمال", "Al Bukamal", "Deir ez-Zor", 34.4536, 40.9367),
    ("دير الزور", "Deir ez-Zor", "Deir ez-Zor", 35.3359, 40.1408),
    ("العشارة", "Al Ashara", "Deir ez-Zor", 34.9219, 40.5594),
    ("القورية", "Al Quriyah", "Deir ez-Zor", 34.9767, 40.5142),
    ("الرقة", "Ar Raqqa", "Ar Raqqa", 35.9594, 39.0078),
    ("تدمر", "Tadmur", "Homs", 34.5606, 38.2694),
    ("السخنة", "As Sukhnah", "Homs", 34.8864, 38.8744),
    ("حلب", "Aleppo", "Aleppo", 36.2021, 37.1343),
    ("إدلب", "Idlib", "Idlib", 35.9306, 36.6339),
    ("درعا", "Dara", "Dara", 32.6189, 36.1021),
    ("القامشلي", "Al Qamishli", "Al Hasakah", 37.0522, 41.2317),
]
#: (id, Arabic name, English name, inter, kind, patrons, generic)
ACTORS = [
    ("fatemiyoun", "لواء فاطميون", "Liwa Fatemiyoun", 3, "militia", ["irgc"], False),
    ("zainebiyoun", "لواء زينبيون", "Liwa Zainebiyoun", 3, "militia", ["irgc"], False),
    ("irgc", "الحرس الثوري", "IRGC", 8, "state_force", [], False),
    ("sdf", "قسد", "SDF", 2, "armed_group", [], False),
    ("isis", "تنظيم الدولة", "Islamic State", 2, "armed_group", [], False),
    ("syrian_army", "قوات النظام", "Military Forces of Syria", 1, "state_force", [], False),
    (
        "generic:iranian_militias",
        "الميليشيات الإيرانية",
        "Iran-backed militias",
        3,
        "militia",
        ["irgc"],
        True,
    ),
]
#: (event type, sub-event type, Arabic trigger phrase)
KINDS = [
    ("Explosions/Remote violence", "Air/drone strike", "قصفت طائرة مسيرة"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "استهدف قصف مدفعي"),
    ("Battles", "Armed clash", "اندلعت اشتباكات بين"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "انفجرت عبوة ناسفة"),
    ("Strategic developments", "Other", "دخلت قافلة عسكرية"),
    ("Violence against civilians", "Attack", "هاجم مسلحون"),
]
START = date(2025, 1, 1)


def synth_event(rng: random.Random, day_span: int) -> dict[str, Any]:
    kind = rng.choice(KINDS)
    place = rng.choice(PLACES)
    actor = rng.choice(ACTORS)
    target = rng.choice([a for a in ACTORS if a[0] != actor[0]])
    day = START + timedelta(days=rng.randrange(day_span))
    return {
        "kind": kind,
        "place": place,
        "actor": actor,
        "target": target,
        "day": day,
        "dead": rng.randrange(0, 9),
    }


def render(
    spec: dict[str, Any], rng: random.Random, outlet: str
) -> tuple[str, list[tuple[int, int]]]:
    """An Arabic paragraph telling the event in one of several wordings; returns text, spans."""
    kind, place, actor, target = spec["kind"], spec["place"], spec["actor"], spec["target"]
    opener = rng.choice(
        ["أفادت مصادر محلية", "قال ناشطون", "ذكر مراسل " + outlet, "أكدت شبكة محلية"]
    )
    sentence = (
        f"{opener} بأن {kind[2]} مواقع {target[1]} في {place[0]} يوم "
        f"{spec['day'].isoformat()}، ونسب الهجوم إلى {actor[1]}، ما أسفر عن مقتل "
        f"{spec['dead']} عناصر وإصابة آخرين. "
    )
    filler = rng.choice(
        [
            "وتشهد المنطقة توتراً متصاعداً منذ أسابيع وسط تعزيزات عسكرية متبادلة. ",
            "ولم تصدر أي جهة رسمية تعليقاً على الحادثة حتى ساعة إعداد هذا التقرير. ",
            "ويأتي ذلك في ظل تحركات مكثفة على الطريق الواصل بين المدن الحدودية. ",
        ]
    )
    start = len(filler)
    return filler + sentence + filler, [(start, start + len(sentence))]


def synth_extractions(n_docs: int, *, seed: int = 7, day_span: int = 365) -> list[Extraction]:
    """``n_docs`` reports with 1–3 events each; ~25% retell an earlier event (fusable)."""
    rng = random.Random(seed)
    told: list[dict[str, Any]] = []
    out: list[Extraction] = []
    for number in range(n_docs):
        outlet = f"Outlet {rng.randrange(12)}"
        parts: list[str] = []
        events: list[Event] = []
        actors: list[Actor] = []
        for _ in range(rng.randint(1, 3)):
            spec = rng.choice(told) if told and rng.random() < 0.25 else synth_event(rng, day_span)
            told.append(spec)
            text, spans = render(spec, rng, outlet)
            offset = sum(len(p) for p in parts)
            parts.append(text)
            kind, place, actor, target = spec["kind"], spec["place"], spec["actor"], spec["target"]
            evidence = [Span(offset + a, offset + b) for a, b in spans]
            events.append(
                Event(
                    event_type=kind[0],
                    sub_event_type=kind[1],
                    event_date=spec["day"].isoformat(),
                    time_precision=1,
                    actor1=actor[2],
                    actor1_id=actor[0],
                    inter1=actor[3],
                    actor2=target[2],
                    actor2_id=target[0],
                    inter2=target[3],
                    country="Syria",
                    admin1=place[2],
                    location=place[1],
                    latitude=place[3],
                    longitude=place[4],
                    geo_precision=1,
                    fatalities=spec["dead"],
                    source=outlet,
                    notes=text.strip()[:200],
                    evidence=evidence,
                    confidence=round(rng.uniform(0.5, 0.95), 2),
                )
            )
            for a in (actor, target):
                actors.append(
                    Actor(
                        0,
                        0,
                        a[1],
                        id=a[0],
                        name=a[2],
                        name_ar=a[1],
                        inter=a[3],
                        kind=a[4],
                        patrons=list(a[5]),
                        generic=a[6],
                    )
                )
        doc = Document(
            text="".join(parts) + f" (تقرير رقم {number})",
            id=f"bench-{number}",
            source=outlet,
            published=START + timedelta(days=rng.randrange(day_span)),
        )
        out.append(Extraction(document=doc, events=events, actors=actors))
    return out


def run(store: Store, extractions: list[Extraction], label: str) -> dict[str, Any]:
    start = time.perf_counter()
    events = fused = 0
    for extraction in extractions:
        result = store.add_extraction(extraction)
        events += len(result.event_ids)
        fused += len(result.merged_event_ids)
    seconds = time.perf_counter() - start
    stats = store.stats()
    return {
        "backend": label,
        "documents": len(extractions),
        "seconds": round(seconds, 2),
        "documents_per_s": round(len(extractions) / seconds, 1),
        "events_in": events,
        "fused": fused,
        "canonical_events": stats["events"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--pg-url", default=os.environ.get("MARSAD_TEST_PG_URL"))
    parser.add_argument("--pipeline", help="also run these pipeline stages per document")
    args = parser.parse_args()
    extractions = synth_extractions(args.docs)
    if args.pipeline:
        from marsad.pipeline import Pipeline

        pipeline = Pipeline.default(stages=args.pipeline.split(","))
        extractions = [pipeline(e.document) for e in extractions]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "bench.db"))
        results.append(run(store, extractions, "sqlite"))
        store.close()
    if args.pg_url:
        import psycopg

        schema = "bench_" + uuid.uuid4().hex[:8]
        with psycopg.connect(args.pg_url, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        try:
            sep = "&" if "?" in args.pg_url else "?"
            store = open_store(f"{args.pg_url}{sep}options=-csearch_path%3D{schema},public")
            results.append(run(store, synth_extractions(args.docs), "postgresql"))
            store.close()
        finally:
            with psycopg.connect(args.pg_url, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
    else:
        print("postgresql: skipped (set --pg-url or MARSAD_TEST_PG_URL)")
    print(
        f"{'backend':<11} {'docs':>6} {'seconds':>8} {'docs/s':>8} {'events':>7} "
        f"{'fused':>6} {'canonical':>9}"
    )
    for r in results:
        print(
            f"{r['backend']:<11} {r['documents']:>6} {r['seconds']:>8} {r['documents_per_s']:>8} "
            f"{r['events_in']:>7} {r['fused']:>6} {r['canonical_events']:>9}"
        )


if __name__ == "__main__":
    main()
