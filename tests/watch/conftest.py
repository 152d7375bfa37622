"""A local HTTP server on 127.0.0.1 (random free port) serving feeds and pages we write."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Site:
    """Routes (path → content type, body) and a log of (method, path, status) served."""

    routes: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    requests: list[tuple[str, int]] = field(default_factory=list)
    base: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def put(self, path: str, body: str, content_type: str = "text/html; charset=utf-8") -> str:
        with self.lock:
            self.routes[path] = (content_type, body.encode("utf-8"))
        return self.base + path

    def put_bytes(self, path: str, body: bytes, content_type: str) -> str:
        with self.lock:
            self.routes[path] = (content_type, body)
        return self.base + path

    def served(self, path: str) -> list[int]:
        with self.lock:
            return [status for p, status in self.requests if p == path]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            with site.lock:
                route = site.routes.get(path)
            if route is None:
                self._reply(path, 404, b"not found", "text/plain")
                return
            content_type, body = route
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self._reply(path, 304, b"", content_type, etag=etag)
                return
            self._reply(path, 200, body, content_type, etag=etag)

        def _reply(
            self, path: str, status: int, body: bytes, content_type: str, etag: str | None = None
        ) -> None:
            with site.lock:
                site.requests.append((path, status))
            self.send_response(status)
            if etag:
                self.send_header("ETag", etag)
            if status != 304:
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
