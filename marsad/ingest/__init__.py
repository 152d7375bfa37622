"""Readers that turn files (txt, HTML, JSONL) into Documents, with clear errors for bad input."""

from marsad.ingest.readers import (
    DEFAULT_MAX_BYTES,
    InputError,
    parse_published,
    read_bytes,
    read_path,
    read_paths,
    read_stream,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "InputError",
    "parse_published",
    "read_bytes",
    "read_path",
    "read_paths",
    "read_stream",
]
