"""REST API behaviour: writes need a token, filters, provenance, exports and bad input."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from store.store_helpers import STRIKE_A, STRIKE_B

from api.conftest import make_client
from marsad.store import Store
from marsad.store.export import ACLED_COLUMNS


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def post(client: TestClient, token: str, **body: Any) -> Any:
    return client.post("/documents", json=body, headers=auth(token))


def test_health_and_openapi(client: TestClient) -> None:
    health = client.get("/health")
    assert health.status_code == 200
    assert health.json()["status"] == "ok"
    assert health.json()["backend"] == "sqlite"
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/docs").status_code == 404  # no CDN-backed docs UI


def test_writes_need_a_valid_token(client: TestClient, token: str) -> None:
    assert client.post("/documents", json={"text": STRIKE_A}).status_code == 401
    bad = client.post("/documents", json={"text": STRIKE_A}, headers=auth("msd_wrong"))
    assert bad.status_code == 401
    assert bad.headers["www-authenticate"] == "Bearer"
    assert post(client, token, text=STRIKE_A).status_code == 201


def test_same_report_twice_and_two_reports_fuse(client: TestClient, token: str) -> None:
    first = post(client, token, text=STRIKE_A, source="Outlet A", published="2026-11-24")
    again = post(client, token, text=STRIKE_A, source="Outlet A")
    second = post(client, token, text=STRIKE_B, source="Outlet B", id="b-1")
    assert (first.status_code, first.json()["status"]) == (201, "new")
    assert (again.status_code, again.json()["status"]) == (200, "duplicate")
    assert second.json()["merged_event_ids"] == first.json()["event_ids"]
    page = client.get("/events").json()
    assert page["total"] == 1
    event = page["items"][0]
    assert event["n_sources"] == 2
    assert {s["document_id"] for s in event["sources"]} == {first.json()["document_id"], "b-1"}

    detail = client.get(f"/events/{event['id']}").json()
    assert [s["evidence"][0]["text"] for s in detail["sources"]] == [
        "قصفت طائرةٌ مسيّرة",
        "غارة جوية استهدفت",
    ]
    assert detail["sources"][0]["field_spans"]["actor2"][0]["text"] == "فاطميون"
    explained = client.get(f"/events/{event['id']}/explain").json()
    assert [s["decision"] for s in explained["sources"]] == ["created", "merged"]

    doc = client.get("/documents/b-1").json()
    assert doc["text"] == STRIKE_B
    assert doc["source"] == "Outlet B"


def test_text_plain_body(client: TestClient, token: str) -> None:
    response = client.post(
        "/documents?source=Outlet%20T&published=2026-11-24",
        content=STRIKE_A.encode(),
        headers={**auth(token), "Content-Type": "text/plain; charset=utf-8"},
    )
    assert response.status_code == 201
    doc = client.get(f"/documents/{response.json()['document_id']}").json()
    assert (doc["source"], doc["published"]) == ("Outlet T", "2026-11-24")


@pytest.mark.parametrize(
    ("content", "content_type", "status", "field"),
    [
        (b'{"text": "x"', "application/json", 422, None),
        (b'{"source": "x"}', "application/json", 422, "text"),
        (b'{"text": "   "}', "application/json", 422, "text"),
        (b'{"text": "x", "published": "yesterday"}', "application/json", 422, "published"),
        (b'{"text": "x", "colour": "red"}', "application/json", 422, "colour"),
        (b"[1, 2]", "application/json", 422, None),
        (b"\xff\xfe\x00bad", "text/plain", 422, None),
        (b"   ", "text/plain", 422, None),
        (b"<p>x</p>", "application/xml", 415, None),
        (b"text=x", "application/x-www-form-urlencoded", 415, None),
    ],
)
def test_bad_bodies(
    client: TestClient,
    token: str,
    content: bytes,
    content_type: str,
    status: int,
    field: str | None,
) -> None:
    response = client.post(
        "/documents", content=content, headers={**auth(token), "Content-Type": content_type}
    )
    assert response.status_code == status
    if field:
        assert any(field in err["loc"] for err in response.json()["detail"])


def test_body_limit_gives_413(store: Store, token: str) -> None:
    client = make_client(store, max_body_bytes=1000)
    big = {"text": "قصف " * 400}
    assert client.post("/documents", json=big, headers=auth(token)).status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: streamed
        for _ in range(10):
            yield ("قصف " * 40).encode()

    streamed = client.post(
        "/documents", content=chunks(), headers={**auth(token), "Content-Type": "text/plain"}
    )
    assert streamed.status_code == 413
    assert store.stats()["documents"] == 0


def test_event_filters_pagination_and_errors(client: TestClient, token: str) -> None:
    post(client, token, text=STRIKE_A)
    assert client.get("/events", params={"text": "المَيادين"}).json()["total"] == 1
    assert client.get("/events", params={"text": "قافلة"}).json()["total"] == 0
    assert client.get("/events", params={"near": "35.0,40.45,5"}).json()["total"] == 1
    assert client.get("/events", params={"bbox": "36,33,37,34"}).json()["total"] == 0
    assert client.get("/events", params={"actor": "fatemiyoun"}).json()["total"] == 1
    assert client.get("/events", params={"type": "Battles"}).json()["total"] == 0
    assert client.get("/events", params={"since": "2026-11-25"}).json()["total"] == 0
    reversed_dates = {"since": "2026-11-25", "until": "2026-11-01"}
    assert client.get("/events", params=reversed_dates).json()["total"] == 0
    assert client.get("/events", params={"background": "only"}).json()["total"] == 0
    page = client.get("/events", params={"limit": 0, "offset": 0}).json()
    assert (page["total"], page["items"], page["limit"]) == (1, [], 0)
    for params, field in [
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "200,0,210,1"}, "bbox"),
        ({"near": "95,40,5"}, "near"),
        ({"limit": "-1"}, "limit"),
        ({"limit": "100000"}, "limit"),
        ({"since": "2026-13-01"}, "since"),
        ({"background": "sometimes"}, "background"),
    ]:
        response = client.get("/events", params=params)
        assert response.status_code == 422, params
        assert any(field in err["loc"] for err in response.json()["detail"]), params


def test_unknown_ids_are_404(client: TestClient) -> None:
    assert client.get("/events/ev-nope").status_code == 404
    assert client.get("/events/ev-nope/explain").status_code == 404
    assert client.get("/documents/nope").status_code == 404


def test_actors_places_and_exports(client: TestClient, token: str) -> None:
    post(client, token, text=STRIKE_A, source="Outlet A")
    actors = client.get("/actors").json()
    assert actors["items"][0]["id"] == "fatemiyoun"
    assert actors["links"] == []
    places = client.get("/places").json()["items"]
    assert places[0]["location"] == "Al Mayadin"

    exported = client.get("/events.csv")
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert list(rows[0])[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    assert rows[0]["sub_event_type"] == "Air/drone strike"
    assert rows[0]["year"] == "2026"

    collection = client.get("/events.geojson").json()
    assert collection["type"] == "FeatureCollection"
    assert collection["features"][0]["geometry"]["coordinates"] == [40.4517, 35.0176]


def test_reads_can_require_a_token(store: Store, token: str) -> None:
    client = make_client(store, require_token_for_reads=True)
    assert client.get("/events").status_code == 401
    assert client.get("/events", headers=auth(token)).status_code == 200
    assert client.get("/health").status_code == 200


def test_web_ui_is_mounted_when_provided(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import marsad.web

    calls: list[Any] = []
    monkeypatch.setattr(
        marsad.web, "mount", lambda app, *, store: calls.append(store), raising=False
    )
    make_client(store)
    assert calls == [store]


def test_document_filter_and_unloadable_pipeline(store: Store, token: str) -> None:
    client = make_client(store)
    first = post(client, token, text=STRIKE_A, id="a-1").json()
    post(client, token, text=STRIKE_B, id="b-1")
    page = client.get("/events", params={"document_id": "a-1"}).json()
    assert [e["id"] for e in page["items"]] == first["event_ids"]
    assert client.get("/events", params={"document_id": "zzz"}).json()["total"] == 0

    from marsad.api import ApiSettings, create_app
    from marsad.pipeline import Pipeline

    def missing_model() -> Any:
        raise FileNotFoundError("NER model not found")

    app = create_app(store=store, settings=ApiSettings(pipeline=None))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Pipeline, "default", classmethod(lambda cls, **kw: missing_model()))
        response = TestClient(app).post("/documents", json={"text": "نص جديد"}, headers=auth(token))
    assert response.status_code == 503
    assert "NER model not found" in response.json()["detail"]
