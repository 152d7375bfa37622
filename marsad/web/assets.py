"""Where the browser libraries come from: the npm packages installed by ``npm ci`` (never a CDN).

The web UI serves Leaflet, Leaflet.markercluster, d3 and Cytoscape
from a ``node_modules`` folder. It is looked up, in order, at ``$MARSAD_WEB_ASSETS``, beside the
marsad checkout (``<repo>/node_modules``, where ``npm ci`` puts it) and in the working directory.
"""

from __future__ import annotations

import os
from pathlib import Path

#: npm packages the UI may serve files from (anything else under node_modules stays private)
PACKAGES: tuple[str, ...] = (
    "leaflet",
    "leaflet.markercluster",
    "d3",
    "cytoscape",
)
#: one file per package whose presence shows the package is installed
MARKERS: dict[str, str] = {
    "leaflet": "dist/leaflet.js",
    "leaflet.markercluster": "dist/leaflet.markercluster.js",
    "d3": "dist/d3.min.js",
    "cytoscape": "dist/cytoscape.min.js",
}
SETUP_HINT = "run `npm ci` in the marsad checkout (scripts/setup.sh does it)"


class AssetsMissing(RuntimeError):
    """The npm packages the UI needs are not installed."""


def candidate_dirs() -> list[Path]:
    """Places a ``node_modules`` folder with the UI's packages may be, most specific first."""
    dirs: list[Path] = []
    env = os.environ.get("MARSAD_WEB_ASSETS")
    if env:
        dirs.append(Path(env).expanduser())
    dirs.append(Path(__file__).resolve().parents[2] / "node_modules")
    dirs.append(Path.cwd() / "node_modules")
    return dirs


def find_node_modules() -> Path:
    """The first candidate folder holding every package the UI needs; ``AssetsMissing`` if none."""
    looked = []
    for directory in candidate_dirs():
        looked.append(str(directory))
        if all((directory / pkg / marker).is_file() for pkg, marker in MARKERS.items()):
            return directory
    raise AssetsMissing(f"web UI libraries not found (looked in {', '.join(looked)}): {SETUP_HINT}")


def vendor_file(node_modules: Path, package: str, path: str) -> Path | None:
    """The file ``path`` inside an allowed npm ``package``, or None (unknown or outside it)."""
    if package not in PACKAGES:
        return None
    root = (node_modules / package).resolve()
    target = (root / path).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        return None
    return target
