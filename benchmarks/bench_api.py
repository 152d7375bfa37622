"""GET /events latency under a bounded loopback load, with 10k events stored.

Synthesizes reports through the store (``bench_store.synth_extractions``) until ``--events``
canonical events are stored, starts ``marsad serve`` on 127.0.0.1 (a separate process, so the
client does not share its interpreter), then sends ``--requests`` GET /events requests with
``--concurrency`` in flight, mixing the default page, deep pages, date, actor, radius and
Arabic full-text filters. Prints p50/p90/p99 latency and throughput.

    .venv/bin/python benchmarks/bench_api.py [--events 10000] [--requests 2000] [--concurrency 8]
        [--db URL]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).parent))

from bench_store import synth_extractions  # noqa: E402

from marsad.store import open_store  # noqa: E402

QUERIES: list[dict[str, str]] = [
    {},
    {"limit": "50", "offset": "500"},
    {"since": "2025-06-01", "until": "2025-06-30"},
    {"actor": "fatemiyoun"},
    {"actor": "irgc", "include_proxies": "true", "limit": "20"},
    {"near": "35.0,40.45,25"},
    {"bbox": "40.0,34.0,41.0,35.5"},
    {"text": "الميادين"},
    {"text": "طائرة مسيرة", "limit": "10"},
    {"type": "Battles", "admin1": "Deir ez-Zor"},
    {"background": "exclude", "offset": "100"},
]


def fill(url: str, n_events: int) -> tuple[int, float]:
    store = open_store(url)
    start = time.perf_counter()
    batch = 0
    while store.stats()["events"] < n_events:
        for extraction in synth_extractions(500, seed=1000 + batch, day_span=730):
            extraction.document.id = f"b{batch}-{extraction.document.id}"
            extraction.document.text += f" [{batch}]"
            store.add_extraction(extraction)
        batch += 1
    total = store.stats()["events"]
    store.close()
    return total, time.perf_counter() - start


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def load(base: str, n: int, concurrency: int) -> tuple[list[float], int]:
    rng = random.Random(3)
    plan = [rng.choice(QUERIES) for _ in range(n)]
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[dict[str, str]] = asyncio.Queue()
    for params in plan:
        queue.put_nowait(params)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def worker() -> None:
            nonlocal errors
            while not queue.empty():
                params = queue.get_nowait()
                t0 = time.perf_counter()
                response = await client.get("/events", params=params)
                latencies.append(time.perf_counter() - t0)
                if response.status_code != 200:
                    errors += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'api-bench.db'}"
        stored, seconds = fill(url, args.events)
        print(f"stored {stored} canonical events in {seconds:.1f} s ({url.split('?')[0]})")
        port = free_port()
        cmd = [sys.executable, "-c", "from marsad.cli import main; main()", "serve"]
        cmd += ["--db", url, "--port", str(port), "--host", "127.0.0.1"]
        server = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ)
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            asyncio.run(load(base, 50, args.concurrency))  # warm-up
            start = time.perf_counter()
            latencies, errors = asyncio.run(load(base, args.requests, args.concurrency))
            wall = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(timeout=30)
    ms = sorted(x * 1000 for x in latencies)
    q = statistics.quantiles(ms, n=100)
    print(
        f"GET /events: {len(ms)} requests, {args.concurrency} concurrent, {errors} errors, "
        f"{len(ms) / wall:.0f} req/s"
    )
    print(f"latency ms: p50 {q[49]:.1f}  p90 {q[89]:.1f}  p99 {q[98]:.1f}  max {ms[-1]:.1f}")


if __name__ == "__main__":
    main()
