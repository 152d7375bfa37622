"""Store behaviour, run on every backend (SQLite always, PostgreSQL with MARSAD_TEST_PG_URL)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from marsad.model import Extraction
from marsad.store import EventFilter, NotFound, Store, open_store
from marsad.store.sql import SqlStore
from store.store_helpers import (
    BUKAMAL,
    CONVOY,
    FATEMIYOUN,
    IRANIAN_MILITIAS,
    IRGC,
    STRIKE_A,
    STRIKE_B,
    make_extraction,
    strike,
)


def convoy(**kw: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "event_type": "Strategic developments",
        "sub_event_type": "Other",
        "event_date": "2026-11-23",
        "time_precision": 1,
        "actor1": "IRGC",
        "actor1_id": "irgc",
        "country": "Syria",
        "admin1": "Deir ez-Zor",
        "location": "Al Bukamal",
        "latitude": BUKAMAL[0],
        "longitude": BUKAMAL[1],
        "geo_precision": 1,
        "notes": "قافلة من أربع شاحنات للحرس الثوري دخلت البوكمال",
        "evidence": "دخلت قافلة من أربع شاحنات",
        "confidence": 0.8,
    }
    spec.update(kw)
    return spec


def report_a(**kw: Any) -> Extraction:
    return make_extraction(
        STRIKE_A,
        [strike(evidence="قصفت طائرةٌ مسيّرة", field_text={"actor2": "فاطميون"})],
        source="Outlet A",
        actors=[FATEMIYOUN],
        **kw,
    )


def report_b(**kw: Any) -> Extraction:
    return make_extraction(
        STRIKE_B,
        [strike(evidence="غارة جوية استهدفت", fatalities=2, field_text={"actor2": "فاطميون"})],
        source="Outlet B",
        actors=[FATEMIYOUN],
        **kw,
    )


def test_upgrade_is_idempotent(store: Store) -> None:
    version = store.schema_version()
    assert version >= 1
    assert store.upgrade() == version
    assert store.schema_version() == version


def test_same_report_twice_is_one_document_without_duplicate_events(store: Store) -> None:
    first = store.add_extraction(report_a())
    second = store.add_extraction(report_a())
    assert first.status == "new"
    assert second.status == "duplicate"
    assert second.document_id == first.document_id
    assert second.event_ids == first.event_ids
    assert store.stats()["documents"] == 1
    assert store.stats()["events"] == 1
    assert store.stats()["event_sources"] == 1
    assert store.document_exists(report_a().document.content_hash())


def test_same_event_in_two_reports_fuses_with_two_sources(store: Store) -> None:
    a = store.add_extraction(report_a())
    b = store.add_extraction(report_b())
    assert b.event_ids == a.event_ids
    assert b.merged_event_ids == a.event_ids
    total, items = store.query_events()
    assert total == 1
    event = items[0]
    assert event["n_sources"] == 2
    assert {s["document_id"] for s in event["sources"]} == {a.document_id, b.document_id}
    assert event["fatalities"] == 3
    assert event["confidence"] == pytest.approx(0.91)
    assert event["source"] == "Outlet A; Outlet B"

    full = store.get_event(event["id"])
    evidence = [s["evidence"][0]["text"] for s in full["sources"]]
    assert evidence == ["قصفت طائرةٌ مسيّرة", "غارة جوية استهدفت"]
    assert full["sources"][1]["field_spans"]["actor2"][0]["text"] == "فاطميون"
    explained = store.explain_event(event["id"])
    decisions = [s["decision"] for s in explained["sources"]]
    assert decisions == ["created", "merged"]
    checks = {c["name"]: c["ok"] for c in explained["sources"][1]["checks"]}
    assert checks == {
        "sub_event_type": True,
        "date": True,
        "place": True,
        "actor1": True,
        "actor2": True,
    }


def test_different_events_do_not_fuse(store: Store) -> None:
    store.add_extraction(report_a())
    far = make_extraction(
        STRIKE_B, [strike(latitude=35.0176 + 0.27, evidence="غارة جوية")], source="Outlet B"
    )
    other_day = make_extraction(
        STRIKE_B + " ", [strike(event_date="2026-11-25", evidence="غارة جوية")], source="C"
    )
    assert store.add_extraction(far).merged_event_ids == []
    assert store.add_extraction(other_day).merged_event_ids == []
    assert store.query_events()[0] == 3


def test_two_events_of_one_report_never_fuse_together(store: Store) -> None:
    both = make_extraction(STRIKE_A, [strike(evidence="قصفت"), strike(evidence="مقراً")])
    result = store.add_extraction(both)
    assert len(set(result.event_ids)) == 2
    assert store.stats()["events"] == 2


def test_changed_text_same_id_is_a_new_version(store: Store) -> None:
    v1 = store.add_extraction(report_a(doc_id="sy24-1001"))
    store.add_extraction(report_b())
    changed = make_extraction(
        STRIKE_A + " وتحدثت مصادر عن قتيل رابع. " + CONVOY,
        [convoy()],
        doc_id="sy24-1001",
        source="Outlet A",
    )
    v2 = store.add_extraction(changed)
    assert (v1.status, v1.version) == ("new", 1)
    assert (v2.status, v2.version, v2.document_id) == ("updated", 2, "sy24-1001")
    doc = store.get_document("sy24-1001")
    assert doc["version"] == 2
    assert doc["versions"] == [1, 2]
    assert "قتيل رابع." in doc["text"]
    assert store.get_document("sy24-1001", version=1)["current"] is False
    assert store.stats()["documents"] == 2
    # the strike keeps report B as its only source; the new version brought the convoy
    total, items = store.query_events()
    assert total == 2
    by_type = {i["sub_event_type"]: i for i in items}
    assert by_type["Air/drone strike"]["n_sources"] == 1
    assert by_type["Air/drone strike"]["fatalities"] == 2
    # the same new text again is a duplicate, not a third version
    assert store.add_extraction(changed).status == "duplicate"


def test_changed_text_same_url_is_a_new_version(store: Store) -> None:
    url = "https://example.org/news/1"
    store.add_extraction(make_extraction(STRIKE_A, [strike()], url=url))
    result = store.add_extraction(make_extraction(STRIKE_A + " تحديث", [strike()], url=url))
    assert result.status == "updated"
    assert result.version == 2
    assert store.stats()["events"] == 1


def ingest_mix(store: Store) -> None:
    store.add_extraction(report_a())
    store.add_extraction(make_extraction(CONVOY, [convoy()], source="Outlet C", actors=[IRGC]))
    store.add_extraction(
        make_extraction(
            "وكانت الميليشيات الإيرانية قد تعرضت لقصف مماثل في الميادين مطلع الشهر الماضي.",
            [
                strike(
                    event_date="2026-10-02",
                    actor2_id="generic:iranian_militias",
                    actor2="الميليشيات الإيرانية",
                    background=True,
                    notes="قصف سابق على الميليشيات الإيرانية في الميادين",
                )
            ],
            source="Outlet D",
            actors=[IRANIAN_MILITIAS],
        )
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (EventFilter(), 3),
        (EventFilter(since=date(2026, 11, 1)), 2),
        (EventFilter(until=date(2026, 11, 23)), 2),
        (EventFilter(since=date(2026, 11, 24), until=date(2026, 11, 24)), 1),
        (EventFilter(bbox=(40.8, 34.3, 41.1, 34.6)), 1),
        (EventFilter(near=(35.0, 40.45, 5)), 2),
        (EventFilter(near=(34.45, 40.94, 1)), 1),
        (EventFilter(near=(33.5, 36.3, 50)), 0),
        (EventFilter(actor="irgc"), 1),
        (EventFilter(actor="irgc", include_proxies=True), 3),
        (EventFilter(actor="فاطميون"), 1),
        (EventFilter(actor="Fatemiyoun"), 1),
        (EventFilter(event_type="Strategic developments"), 1),
        (EventFilter(sub_event_type="Air/drone strike"), 2),
        (EventFilter(admin1="deir ez-zor"), 3),
        (EventFilter(admin1="Homs"), 0),
        (EventFilter(background="exclude"), 2),
        (EventFilter(background="only"), 1),
        # full text: harakat in the query or the text do not matter, nor clitics
        (EventFilter(text="الميادين"), 2),
        (EventFilter(text="المَيادين"), 2),
        (EventFilter(text="قافلة"), 1),
        (EventFilter(text="طائرة مسيرة"), 1),  # the document says طائرةٌ مسيّرة
        (EventFilter(text="الحرس"), 1),  # the report says للحرس
        (EventFilter(text="قافلة الميادين"), 0),  # every word must occur
        (EventFilter(text="...؟"), 0),
    ],
)
def test_query_filters(store: Store, query: EventFilter, expected: int) -> None:
    ingest_mix(store)
    total, items = store.query_events(query)
    assert total == expected
    assert len(items) == expected


def test_pagination_is_stable_and_ordered(store: Store) -> None:
    for day in range(1, 8):
        text = f"قصفت طائرة مسيرة موقعاً في الميادين في اليوم {day} من الشهر."
        store.add_extraction(
            make_extraction(text, [strike(event_date=f"2026-11-{day:02d}")], source=f"S{day}")
        )
    store.add_extraction(make_extraction("انفجار بلا تاريخ", [strike(event_date=None)]))
    total, first = store.query_events(limit=3, offset=0)
    _, second = store.query_events(limit=3, offset=3)
    _, rest = store.query_events(limit=10, offset=6)
    assert total == 8
    dates = [e["event_date"] for e in first + second + rest]
    assert dates == [f"2026-11-{d:02d}" for d in range(7, 0, -1)] + [None]
    assert len({e["id"] for e in first + second + rest}) == 8
    with pytest.raises(ValueError):
        store.query_events(limit=-1)


def test_document_filter_and_document_view(store: Store) -> None:
    a = store.add_extraction(report_a())
    store.add_extraction(make_extraction(CONVOY, [convoy()]))
    total, _ = store.query_events(EventFilter(document_id=a.document_id))
    assert total == 1
    doc = store.get_document(a.document_id)
    assert doc["text"] == STRIKE_A
    assert doc["event_ids"] == a.event_ids
    assert doc["source"] == "Outlet A"
    assert doc["published"] == "2026-11-24"


def test_unknown_ids_raise_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.get_event("ev-nope")
    with pytest.raises(NotFound):
        store.get_document("nope")
    with pytest.raises(NotFound):
        store.explain_event("ev-nope")


def test_actors_and_places(store: Store) -> None:
    ingest_mix(store)
    actors = {a["id"]: a for a in store.list_actors()}
    assert actors["fatemiyoun"]["patrons"] == ["irgc"]
    assert actors["fatemiyoun"]["n_events"] == 1
    assert actors["generic:iranian_militias"]["generic"] is True
    assert actors["irgc"]["n_events"] == 1
    places = {p["location"]: p for p in store.list_places()}
    assert places["Al Mayadin"]["n_events"] == 2
    assert places["Al Bukamal"]["latitude"] == pytest.approx(BUKAMAL[0])


def test_tokens_are_stored_hashed(store: Store) -> None:
    token = store.create_token(name="ci")
    assert token.startswith("msd_")
    assert store.verify_token(token)
    assert not store.verify_token(token + "x")
    assert not store.verify_token("")
    assert isinstance(store, SqlStore)
    rows = store._all("SELECT token_hash FROM api_tokens")
    assert rows and all(token not in r["token_hash"] for r in rows)


def test_runs_are_recorded(store: Store) -> None:
    run = store.start_run(command="marsad ingest x")
    store.add_extraction(report_a(), run_id=run)
    store.finish_run(run, stats={"new": 1})
    assert isinstance(store, SqlStore)
    row = store._one("SELECT status, stats FROM ingest_runs WHERE id = ?", (run,))
    assert row is not None and row["status"] == "finished"


def test_crash_mid_document_leaves_store_consistent(
    store: Store, monkeypatch: pytest.MonkeyPatch, store_url: str
) -> None:
    store.add_extraction(report_a())
    two = make_extraction(
        CONVOY, [convoy(), convoy(sub_event_type="Headquarters or base established")]
    )
    assert isinstance(store, SqlStore)
    real = SqlStore._fuse_one
    calls = {"n": 0}

    def crash_on_second(self: SqlStore, *args: Any, **kw: Any) -> tuple[str, bool]:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("simulated crash")
        return real(self, *args, **kw)

    monkeypatch.setattr(SqlStore, "_fuse_one", crash_on_second)
    with pytest.raises(RuntimeError):
        store.add_extraction(two)
    monkeypatch.setattr(SqlStore, "_fuse_one", real)
    assert store.stats() == {
        "documents": 1,
        "document_versions": 1,
        "events": 1,
        "event_sources": 1,
        "actors": 1,
    }
    assert not store.document_exists(two.document.content_hash())
    # a rerun (in a new connection, as after a restart) completes the document
    again = open_store(store_url)
    try:
        assert again.add_extraction(two).status == "new"
        assert again.stats()["events"] == 3
    finally:
        again.close()


def test_open_store_urls(tmp_path: Any) -> None:
    from marsad.store import StoreError
    from marsad.store.sqlite import SQLiteStore

    s = open_store(str(tmp_path / "plain.db"))
    assert isinstance(s, SQLiteStore)
    s.close()
    s = open_store(None)
    assert isinstance(s, SQLiteStore) and s.path.name == "marsad.db"
    s.close()
    for bad in ("mysql://x/y", "sqlite://relative.db"):
        with pytest.raises(StoreError):
            open_store(bad)


@pytest.mark.postgres
def test_postgres_reconnects_after_the_connection_drops(pg_url: str) -> None:
    import psycopg

    from store.conftest import fresh_pg_url

    for url in fresh_pg_url(pg_url):
        store = open_store(url)
        try:
            store.add_extraction(report_a())
            pid = store._one("SELECT pg_backend_pid() AS pid")["pid"]  # type: ignore[attr-defined,index]
            with psycopg.connect(pg_url, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            assert store.stats()["documents"] == 1
            assert store.add_extraction(report_b()).status == "new"
        finally:
            store.close()


def test_generic_and_named_actor_reports_fuse_but_background_stays_strict(store: Store) -> None:
    named = store.add_extraction(report_a())
    generic = make_extraction(
        "قصفت طائرة مسيرة مقراً للميليشيات الإيرانية في الميادين فجر الثلاثاء.",
        [
            strike(
                actor2_id="generic:iranian_militias",
                actor2="الميليشيات الإيرانية",
                evidence="قصفت طائرة مسيرة",
            )
        ],
        source="Outlet G",
        actors=[IRANIAN_MILITIAS],
    )
    assert store.add_extraction(generic).merged_event_ids == named.event_ids
    # the same generic wording recalled as background is not fused with the named event
    recalled = make_extraction(
        "وكانت طائرة مسيرة قد قصفت مقراً للميليشيات الإيرانية في الميادين يوم الثلاثاء.",
        [
            strike(
                actor2_id="generic:iranian_militias",
                actor2="الميليشيات الإيرانية",
                background=True,
                evidence="قصفت مقراً",
            )
        ],
        source="Outlet H",
        actors=[IRANIAN_MILITIAS],
    )
    result = store.add_extraction(recalled)
    assert result.merged_event_ids == []
    explained = store.explain_event(result.event_ids[0])
    rejected = explained["sources"][0]["other_candidates"][0]
    assert any(c["name"] == "background" for c in rejected["checks"])
    event = store.get_event(named.event_ids[0])
    assert event["n_sources"] == 2
    assert event["actor2_id"] == "fatemiyoun"  # the named actor wins over the generic one


def test_concurrent_writers_store_each_document_once(store_url: str) -> None:
    import threading

    extractions = [
        make_extraction(f"{STRIKE_A} ({i})", [strike(evidence="قصفت")], doc_id=f"c-{i}")
        for i in range(15)
    ]
    errors: list[BaseException] = []

    def writer() -> None:
        # opening counts too: each writer migrates the fresh database on open
        try:
            own = open_store(store_url)
        except BaseException as exc:
            errors.append(exc)
            return
        try:
            for extraction in extractions:
                own.add_extraction(extraction)
        except BaseException as exc:
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=writer) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    check = open_store(store_url)
    try:
        stats = check.stats()
        assert stats["documents"] == 15
        assert stats["event_sources"] == 15
        # 15 reports of one strike (same day, place, actors) fuse into one event
        assert stats["events"] == 1
    finally:
        check.close()
