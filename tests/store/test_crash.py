"""A real crash: SIGKILL `marsad ingest` mid-run; the database stays consistent and a rerun
completes it without losing or duplicating any document."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from marsad.store import open_store

N = 400


def count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # schema not there yet
        return 0


def test_sigkill_mid_ingest_then_rerun_completes(tmp_path: Path) -> None:
    feed = tmp_path / "reports.jsonl"
    with feed.open("w", encoding="utf-8") as out:
        for i in range(N):
            text = (
                f"قصفت طائرة مسيرة موقعاً في الميادين صباح اليوم رقم {i} وأفادت مصادر بمقتل {i % 7}."
            )
            out.write(json.dumps({"id": f"r-{i}", "text": text}, ensure_ascii=False) + "\n")
    db = tmp_path / "crash.db"
    cmd = [
        sys.executable,
        "-c",
        "from marsad.cli import main; main()",
        "ingest",
        str(feed),
        "--db",
        str(db),
    ]
    cmd += ["--stages", "text"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while count(db) < 20 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored = count(db)
    assert 0 < stored < N, "the kill should land mid-run"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        orphans = conn.execute(
            "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM documents_fts f WHERE f.rowid = d.doc_key)"
        ).fetchone()[0]
        assert orphans == 0

    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{N - stored} new, 0 updated, {stored} duplicate" in rerun.stderr
    store = open_store(str(db))
    try:
        assert store.stats()["documents"] == N
        assert store.stats()["document_versions"] == N
    finally:
        store.close()
