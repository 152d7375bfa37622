"""store stage: documents, extractions and fused canonical events in SQLite or PostgreSQL."""

from marsad.store.base import (
    AddResult,
    EventFilter,
    NotFound,
    Store,
    StoreError,
    default_url,
    open_store,
)

__all__ = [
    "AddResult",
    "EventFilter",
    "NotFound",
    "Store",
    "StoreError",
    "default_url",
    "open_store",
]
