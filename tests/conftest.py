"""Shared fixtures: a private MARSAD_HOME per test session, and ../shared when present."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MARSAD_SHARED", REPO.parent / "shared"))


@pytest.fixture(autouse=True, scope="session")
def marsad_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Point MARSAD_HOME at a temporary directory so tests never touch the user's data."""
    home = tmp_path_factory.mktemp("marsad_home")
    old = os.environ.get("MARSAD_HOME")
    os.environ["MARSAD_HOME"] = str(home)
    yield home
    if old is None:
        os.environ.pop("MARSAD_HOME", None)
    else:
        os.environ["MARSAD_HOME"] = old


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared data directory; tests that need it skip cleanly when it is absent."""
    if not (SHARED / "data").is_dir():
        pytest.skip(f"../shared not present at {SHARED} (set MARSAD_SHARED to point at it)")
    return SHARED
