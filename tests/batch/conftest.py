"""A small Dask cluster shared by the batch tests, and corpora of reports we write."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from marsad.pipeline import Pipeline

PLACES = ["كفرنبل", "الميادين", "البوكمال", "سراقب", "معرة النعمان", "الباب", "تدمر", "درعا"]
ACTORS = ["قوات النظام", "فصائل المعارضة", "قوات سوريا الديمقراطية", "تنظيم داعش"]
VERBS = ["قصفت", "استهدفت", "هاجمت"]


def report(i: int) -> str:
    """A short news-style report of ours, different for every i."""
    place = PLACES[i % len(PLACES)]
    actor = ACTORS[(i // len(PLACES)) % len(ACTORS)]
    verb = VERBS[i % len(VERBS)]
    return (
        f"{verb} {actor} بلدة {place} صباح يوم الثلاثاء، ما أدى إلى مقتل {i % 7 + 1} مدنيين "
        f"وإصابة {i % 5 + 2} آخرين، بحسب مصادر محلية. وأفاد مراسلنا رقم {i} بأن القصف تجدد "
        "مساءً على الأطراف الشرقية."
    )


def write_jsonl(path: Path, n: int, *, bad_lines: dict[int, str] | None = None) -> Path:
    """``n`` reports as JSONL; ``bad_lines`` puts broken lines at given 1-based positions."""
    bad_lines = bad_lines or {}
    lines: list[str] = []
    i = 0
    while len(lines) < n + len(bad_lines):
        number = len(lines) + 1
        if number in bad_lines:
            lines.append(bad_lines[number])
            continue
        record: dict[str, Any] = {
            "id": f"r{i:05d}",
            "text": report(i),
            "published": f"2024-{i % 12 + 1:02d}-{i % 27 + 1:02d}",
            "source": "مرصدنا",
        }
        lines.append(json.dumps(record, ensure_ascii=False))
        i += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def usable_stages() -> list[str]:
    """text+events when those load (events give rows to compare), else text alone."""
    try:
        Pipeline.default(stages=["text", "events"])
    except Exception:  # another stage may be mid-development; batch must work regardless
        return ["text"]
    return ["text", "events"]


@pytest.fixture(scope="session")
def stages() -> list[str]:
    return usable_stages()


@pytest.fixture(scope="session")
def dask_client() -> Iterator[Any]:
    from marsad.batch import start_local_client, stop_client

    client = start_local_client(workers=1)
    yield client
    stop_client(client)
