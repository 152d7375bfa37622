"""api stage: the REST API (FastAPI) over a Store; ``marsad serve`` runs it."""

from marsad.api.app import ApiSettings, create_app

__all__ = ["ApiSettings", "create_app"]
