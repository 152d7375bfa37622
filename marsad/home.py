"""Where marsad keeps its state: ``$MARSAD_HOME``, else the platform's user data directory."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def marsad_home() -> Path:
    """The directory for the gazetteer, default database and caches (created on demand)."""
    env = os.environ.get("MARSAD_HOME")
    home = Path(env).expanduser() if env else Path(platformdirs.user_data_dir("marsad"))
    home.mkdir(parents=True, exist_ok=True)
    return home
