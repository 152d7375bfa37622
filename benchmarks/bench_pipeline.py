"""Whole-pipeline throughput on one core, and its ratio to the text layer alone.

Reports of the example's size (~2.5-5k characters) are taken from ../shared/data/unlabeled (news
articles) when present, else built from our own test sentences. Prints reports/s for the text
stage alone and the full pipeline (every stage that loads), per-stage seconds, and the ratio.
Run: .venv/bin/python benchmarks/bench_pipeline.py [--n 200] [--stages text,geo,actors,events]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from itertools import islice
from pathlib import Path

from unlabeled import iter_unlabeled

from marsad.model import Document, Extraction
from marsad.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MARSAD_SHARED", REPO.parent / "shared"))


def reports(n: int) -> list[Document]:
    example_sized = (t for t in iter_unlabeled(SHARED) if 2500 <= len(t) <= 5000)
    docs = [Document(text=t) for t in islice(example_sized, n)]
    if not docs:  # our own gold sentences, joined to the example's size
        gold = REPO / "tests" / "data" / "events_gold.jsonl"
        texts = [json.loads(x)["text"] for x in gold.read_text(encoding="utf-8").splitlines()]
        body = "\n".join(texts)
        docs = [Document(text=body[i % 500 : i % 500 + 3500]) for i in range(n)]
    return docs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--stages", default=None)
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    docs = reports(args.n)
    chars = sum(len(d.text) for d in docs) / len(docs)
    text_only = Pipeline.default(stages=["text"])
    full = Pipeline.default(stages=args.stages.split(",") if args.stages else None)
    for d in docs[:5]:  # warm caches (lexicons, automata)
        full(d)
    t0 = time.perf_counter()
    for d in docs:
        text_only(d)
    t_text = time.perf_counter() - t0
    per_stage = dict.fromkeys(full.names, 0.0)
    events = 0
    t0 = time.perf_counter()
    for d in docs:
        ex = Extraction(document=d)
        for component in full.components:
            s = time.perf_counter()
            ex = component(ex)
            per_stage[component.name] += time.perf_counter() - s
        events += len(ex.events)
    t_full = time.perf_counter() - t0
    print(f"reports: {len(docs)}  mean chars: {chars:.0f}  stages: {','.join(full.names)}")
    print(f"text layer only : {len(docs) / t_text:8.1f} reports/s")
    print(f"whole pipeline  : {len(docs) / t_full:8.1f} reports/s  ({events} events)")
    print(f"ratio full/text : {t_text / t_full:8.3f}")
    print("per stage (every stage by default; --stages picks some):")
    for name, secs in per_stage.items():
        print(
            f"  {name:<8} {1000 * secs / len(docs):7.2f} ms/report  ({100 * secs / t_full:4.1f}%)"
        )
    total = sum(per_stage.values())
    print(f"  {'total':<8} {1000 * total / len(docs):7.2f} ms/report")
    slowest = max(per_stage, key=lambda k: per_stage[k])
    rest = total - per_stage[slowest]
    if rest > 0 and len(per_stage) > 1:
        print(f"without {slowest:<8}: {len(docs) / rest:8.1f} reports/s (the other stages' cost)")


if __name__ == "__main__":
    main()
