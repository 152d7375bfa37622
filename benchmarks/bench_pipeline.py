"""Whole-pipeline throughput on one core, and its ratio to the text layer alone.

Reports of the example's size (~2.5-5k characters) are taken from ../shared/data/unlabeled (news
articles) when present, else built from our own test sentences. Prints reports/s for the text
stage alone and the full pipeline (every stage that loads), per-stage seconds, and the ratio.
Run: .venv/bin/python benchmarks/bench_pipeline.py [--n 200] [--stages text,geo,actors,events]
[--warmup 800]

Every pipeline figure is given on both clocks, measured over the same run: wall-clock and the
process's CPU time (``--cpu`` makes CPU time the headline; steadier on a shared machine).

Two figures: ``cold``, a fresh process meeting these reports' words for the first time (only
the text stage has seen them, in the text-only line), and with ``--warmup N`` the ``steady
state`` of a long-running process (batch, API, watch): a second fresh process first runs N
other reports, then times the same ones (their common words are cached, their rarer ones new).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

from unlabeled import iter_unlabeled

from marsad.model import Document, Extraction
from marsad.pipeline import Pipeline, tune_collector

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MARSAD_SHARED", REPO.parent / "shared"))


def reports(n: int, *, skip: int = 0) -> list[Document]:
    """``n`` example-sized reports, after the first ``skip`` ones."""
    example_sized = (t for t in iter_unlabeled(SHARED) if 2500 <= len(t) <= 5000)
    docs = [Document(text=t) for t in islice(example_sized, skip, skip + n)]
    if not docs:  # our own gold sentences, joined to the example's size
        gold = REPO / "tests" / "data" / "events_gold.jsonl"
        texts = [json.loads(x)["text"] for x in gold.read_text(encoding="utf-8").splitlines()]
        body = "\n".join(texts)
        docs = [Document(text=body[i % 500 : i % 500 + 3500]) for i in range(skip, skip + n)]
    return docs


def warmup_reports(n: int, *, skip: int) -> list[Document]:
    """``n`` reports none of the timed ones: the example-sized ones after them, then articles
    of any size (a long-running process has seen other news before)."""
    docs = reports(n, skip=skip)
    if len(docs) < n:
        texts = (t for t in iter_unlabeled(SHARED) if not 2500 <= len(t) <= 5000)
        docs.extend(Document(text=t) for t in islice(texts, n - len(docs)))
    return docs


def timed_both(
    full: Pipeline, docs: list[Document], *, primary: Callable[[], float] = time.perf_counter
) -> tuple[tuple[float, dict[str, float]], tuple[float, dict[str, float]], int]:
    """``(seconds, seconds per stage)`` on the ``primary`` clock and on the other one
    (wall-clock and CPU time of the process, measured over the same run), and events found."""
    other = time.process_time if primary is time.perf_counter else time.perf_counter
    per_stage = dict.fromkeys(full.names, 0.0)
    per_stage_other = dict.fromkeys(full.names, 0.0)
    events = 0
    t0, o0 = primary(), other()
    for d in docs:
        ex = Extraction(document=d)
        for component in full.components:
            s, o = primary(), other()
            ex = component(ex)
            per_stage[component.name] += primary() - s
            per_stage_other[component.name] += other() - o
        events += len(ex.events)
    return (primary() - t0, per_stage), (other() - o0, per_stage_other), events


def show(
    label: str,
    docs: list[Document],
    t_full: float,
    per_stage: dict[str, float],
    other: tuple[str, float, dict[str, float]] | None = None,
) -> None:
    """Reports/s and ms per report by stage; ``other``: the same run on the other clock
    (its name, seconds, seconds per stage), shown beside."""
    extra = f"   ({len(docs) / other[1]:.1f} {other[0]})" if other else ""
    print(f"{label}: {len(docs) / t_full:8.1f} reports/s{extra}")
    for name, secs in per_stage.items():
        beside = f"   {1000 * other[2][name] / len(docs):7.2f} {other[0]}" if other else ""
        print(
            f"  {name:<8} {1000 * secs / len(docs):7.2f} ms/report  ({100 * secs / t_full:4.1f}%)"
            + beside
        )
    total = sum(per_stage.values())
    beside = f"   {1000 * sum(other[2].values()) / len(docs):7.2f} {other[0]}" if other else ""
    print(f"  {'total':<8} {1000 * total / len(docs):7.2f} ms/report" + beside)
    slowest = max(per_stage, key=lambda k: per_stage[k])
    rest = total - per_stage[slowest]
    if rest > 0 and len(per_stage) > 1:
        print(f"  without {slowest}: {len(docs) / rest:8.1f} reports/s (the other stages' cost)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--stages", default=None)
    parser.add_argument(
        "--warmup",
        type=int,
        default=0,
        help="also time the same reports in steady state, in a fresh process that has first "
        "run this many OTHER reports (a long-running batch/API/watch process: its word caches "
        "are warm, but the timed reports' rarer words are still new to it)",
    )
    parser.add_argument(
        "--python-gc",
        action="store_true",
        help="keep Python's default collector thresholds instead of the ones the marsad CLI, "
        "batch workers and API set (marsad.pipeline.tune_collector)",
    )
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="time the pipeline in CPU time of the process (time.process_time) instead of "
        "wall-clock: steadier on a shared machine (the text-only line stays wall-clock)",
    )
    parser.add_argument("--steady-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    stages = args.stages.split(",") if args.stages else None
    clock = time.process_time if args.cpu else time.perf_counter
    unit = ", CPU time" if args.cpu else ""
    #: the per-stage figures on the other clock, printed beside (the same run)
    other_name = "wall" if args.cpu else "CPU"
    if not args.python_gc:
        tune_collector()
    docs = reports(args.n)
    if args.steady_only:
        steady = Pipeline.default(stages=stages)
        warm = warmup_reports(args.warmup, skip=args.n)
        failed: list[str] = []
        for d in warm:
            try:
                steady(d)
            except Exception as exc:  # a crash in some stage must not stop the benchmark: shown
                failed.append(f"{d.id}: {type(exc).__name__}: {exc}")
        if failed:
            print(f"warm-up: {len(failed)} of {len(warm)} reports raised (shown, not timed):")
            print("\n".join(f"  {f}" for f in failed))
        (t_steady, per_stage), (t_other, other_stage), _ = timed_both(steady, docs, primary=clock)
        show(
            f"steady state (after {len(warm)} other reports){unit}",
            docs,
            t_steady,
            per_stage,
            (other_name, t_other, other_stage),
        )
        return
    chars = sum(len(d.text) for d in docs) / len(docs)
    text_only = Pipeline.default(stages=["text"])
    full = Pipeline.default(stages=stages)
    for d in docs[:5]:  # warm caches (lexicons, automata)
        full(d)
    t0 = time.perf_counter()
    for d in docs:
        text_only(d)
    t_text = time.perf_counter() - t0
    (t_full, per_stage), (t_other, other_stage), events = timed_both(full, docs, primary=clock)
    print(f"reports: {len(docs)}  mean chars: {chars:.0f}  stages: {','.join(full.names)}")
    print(f"collector thresholds: {gc.get_threshold()}")
    print(f"text layer only : {len(docs) / t_text:8.1f} reports/s")
    print(
        f"whole pipeline  : {len(docs) / t_full:8.1f} reports/s  ({events} events){unit}"
        f"  ({len(docs) / t_other:.1f} {other_name})"
    )
    t_wall = t_other if args.cpu else t_full  # the text-only line is wall-clock
    print(f"ratio full/text : {t_text / t_wall:8.3f}  (wall)")
    print("per stage (every stage by default; --stages picks some):")
    # "cold": a fresh process; only the text stage has seen these reports (the line above)
    show(
        f"cold (a fresh process: words new to the caches){unit}",
        docs,
        t_full,
        per_stage,
        (other_name, t_other, other_stage),
    )
    if args.warmup:
        sys.stdout.flush()
        subprocess.run([sys.executable, __file__, *sys.argv[1:], "--steady-only"], check=True)


if __name__ == "__main__":
    main()
