"""The JSON Schema of the output contract (``extraction.schema.json``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).parent / "extraction.schema.json"


def extraction_schema() -> dict[str, Any]:
    """The JSON Schema every ``marsad extract`` document object validates against."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema
