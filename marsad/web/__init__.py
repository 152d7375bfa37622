"""web stage: the analyst's single-page UI (map, timeline, filters, provenance, actor network).

``mount(app, store=...)`` adds it to the marsad API app (``marsad serve``) under ``/ui``; the
browser libraries come from npm packages installed by ``npm ci`` (see ``marsad.web.assets``).
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from marsad.store import Store
from marsad.web.router import WebSettings, build_router


def mount(app: FastAPI, *, store: Store, settings: WebSettings | None = None) -> None:
    """Serve the UI at ``/ui`` (and ``/`` when the app has no page there).

    Follows the API's read policy: when ``app.state.settings.require_token_for_reads`` is set
    (``marsad serve --require-token-for-reads``) the UI's data endpoints need a token too.
    """
    api_settings = getattr(app.state, "settings", None)
    private = bool(getattr(api_settings, "require_token_for_reads", False))
    app.include_router(
        build_router(store=store, settings=settings, require_token_for_reads=private)
    )
    if not any(getattr(route, "path", None) == "/" for route in app.routes):

        @app.get("/", include_in_schema=False)
        def root() -> RedirectResponse:
            return RedirectResponse("/ui")


def create_ui_app(*, store: Store, settings: WebSettings | None = None) -> FastAPI:
    """A FastAPI app serving only the UI (for tests and benchmarks without the REST API)."""
    app = FastAPI(title="marsad UI", docs_url=None, redoc_url=None, openapi_url=None)
    mount(app, store=store, settings=settings)
    return app


__all__ = ["WebSettings", "create_ui_app", "mount"]
