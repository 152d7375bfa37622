"""Fixtures of the API tests: a fresh SQLite store, a token and a client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.api_helpers import known_events_pipeline
from marsad.api import ApiSettings, create_app
from marsad.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(str(tmp_path / "api.db"))
    yield s
    s.close()


@pytest.fixture
def token(store: Store) -> str:
    return store.create_token(name="tests")


def make_client(store: Store, **settings: Any) -> TestClient:
    app = create_app(store=store, settings=ApiSettings(pipeline=known_events_pipeline, **settings))
    return TestClient(app)


@pytest.fixture
def client(store: Store) -> TestClient:
    return make_client(store)
