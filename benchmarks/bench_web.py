"""Web UI page load with many events: time to first render on loopback (goal < 1.5 s at 10k).

Builds a SQLite store of N synthetic events (our own generated Arabic sentences, random places
in a Syria/Iraq box, ~10% with routes, ~20% approximate locations), serves ``marsad serve``'s app
on 127.0.0.1 and loads ``/ui`` in headless Debian chromium with a cold cache, every non-loopback
request aborted. "First render" = from navigation start until the page has drawn the map
markers, the timeline and the event list (``window.marsadUI.ready``).

    .venv/bin/python benchmarks/bench_web.py --events 10000 --runs 5
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import uvicorn

from marsad.model import Actor, Document, Event, Extraction
from marsad.store import Store, open_store

TYPES = [
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Strategic developments", "Change to group/activity"),
    ("Strategic developments", "Arrests"),
]
PLACES = ["الميادين", "العشارة", "البوكمال", "الرقة", "تدمر", "السخنة", "القائم", "الحسكة"]
ACTORS = [
    ("irgc", "Islamic Revolutionary Guard Corps", "الحرس الثوري", 8, []),
    ("fajr", "Kataib al-Fajr", "كتائب الفجر", 3, ["irgc"]),
    ("sdf", "Syrian Democratic Forces", "قوات سوريا الديمقراطية", 2, []),
    ("gov", "Syrian government forces", "قوات الحكومة", 1, []),
    ("tribes", "Tribal militia", "مسلحو العشائر", 4, []),
]
EVENTS_PER_DOC = 5


def build_store(path: Path, n_events: int, *, seed: int = 7) -> Store:
    """A store holding ``n_events`` synthetic events (deterministic for a seed)."""
    rng = random.Random(seed)
    store = open_store(str(path))
    start = date(2025, 12, 1)
    for d in range(0, n_events, EVENTS_PER_DOC):
        day = start + timedelta(days=rng.randrange(365))
        events, sentences = [], []
        for _ in range(min(EVENTS_PER_DOC, n_events - d)):
            etype, sub = rng.choice(TYPES)
            place = rng.choice(PLACES)
            a1, a2 = rng.sample(ACTORS, 2)
            lat, lon = rng.uniform(32.5, 37.0), rng.uniform(36.0, 43.5)
            route = []
            if sub == "Change to group/activity" and rng.random() < 0.7:
                route = [
                    {
                        "role": "origin",
                        "name": rng.choice(PLACES),
                        "lat": lat - 0.4,
                        "lon": lon - 1,
                    },
                    {"role": "destination", "name": place, "lat": lat, "lon": lon},
                ]
            sentences.append(f"أفادت مصادر بأن {a1[2]} و{a2[2]} في {place} يوم {day.isoformat()}.")
            events.append(
                Event(
                    etype,
                    sub,
                    event_date=(day + timedelta(days=len(events))).isoformat(),
                    actor1=a1[1],
                    actor1_id=a1[0],
                    inter1=a1[3],
                    actor2=a2[1],
                    actor2_id=a2[0],
                    inter2=a2[3],
                    country="Syria",
                    admin1=rng.choice(["Deir ez-Zor", "Raqqa"]),
                    location=place,
                    latitude=lat,
                    longitude=lon,
                    geo_precision=rng.choices([1, 2, 3], [8, 1, 1])[0],
                    fatalities=rng.choice([0, 0, 0, 1, 2, 5, 12]),
                    route=route,
                    background=rng.random() < 0.05,
                )
            )
        text = f"تقرير رقم {d}: " + " ".join(sentences)
        actors = [
            Actor(0, 1, "x", id=a[0], name=a[1], name_ar=a[2], inter=a[3], patrons=a[4])
            for a in ACTORS
        ]
        store.add_extraction(
            Extraction(
                document=Document(text=text, source="bench", published=day),
                actors=actors,
                events=events,
            )
        )
    return store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--db", type=Path, help="reuse (or create) this SQLite file")
    parser.add_argument("--screenshot", type=Path, help="save a PNG of the last load here")
    args = parser.parse_args()
    if not Path(args.chromium).exists():
        print(f"chromium not found at {args.chromium}: run scripts/browser.sh", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    from marsad.api import create_app

    tmp = tempfile.TemporaryDirectory()
    db = args.db or Path(tmp.name) / "bench.db"
    t0 = time.perf_counter()
    store = open_store(str(db)) if db.exists() else build_store(db, args.events)
    stats = store.stats()
    print(
        f"store: {stats['events']} events, {stats['documents']} documents "
        f"(ready in {time.perf_counter() - t0:.1f} s)"
    )

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(store=store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}/ui"

    args_chrome = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
    ]
    renders: list[float] = []
    clustered: list[float] = []
    loads: list[int] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, headless=True, args=args_chrome)
        for _ in range(args.runs):
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.route(
                "**/*",
                lambda r: (
                    r.continue_() if "127.0.0.1" in r.request.url.split("/")[2] else r.abort()
                ),
            )
            page = context.new_page()
            page.goto(url)
            page.wait_for_function("window.marsadUI && window.marsadUI.ready", timeout=60_000)
            renders.append(page.evaluate("window.marsadUI.readyAt") / 1000)
            page.wait_for_function("'map_complete' in window.marsadUI.timings", timeout=60_000)
            clustered.append(page.evaluate("window.marsadUI.timings.map_complete") / 1000)
            if args.screenshot:
                page.screenshot(path=str(args.screenshot))
            loads.append(page.evaluate("window.marsadUI.visible"))
            print(
                "  steps (ms):",
                page.evaluate(
                    "JSON.stringify([window.marsadUI.timings, window.marsadUI.mapTimings])"
                ),
            )
            context.close()
        browser.close()
    import httpx

    # after the browser runs: the first browser load met an empty server cache (cold server)
    api_times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        body = httpx.get(f"http://127.0.0.1:{port}/ui/api/events", timeout=60).json()
        api_times.append(time.perf_counter() - t)
    print(
        f"GET /ui/api/events: {len(body['events'])} events, "
        f"{len(json.dumps(body, ensure_ascii=False).encode()) / 1e6:.1f} MB, "
        f"median {statistics.median(api_times) * 1000:.0f} ms (server cache warm)"
    )
    server.should_exit = True
    thread.join(timeout=10)
    store.close()
    print(f"events drawn: {loads[0]}")
    print("time to first render (s): " + ", ".join(f"{r:.2f}" for r in renders))
    print(f"first load on a cold server (store read, no cache): {renders[0]:.2f} s")
    complete = statistics.median(clustered)
    print(f"map complete (all clusters and areas drawn), median: {complete:.2f} s")
    print(
        f"time to first render, median of {args.runs} cold loads: "
        f"{statistics.median(renders):.2f} s (goal < 1.5 s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
