"""Polite HTTP for monitoring: per-host spacing of requests and conditional GET.

httpx does the HTTP; what it lacks for crawling politely is hand-written here and kept small:
a per-host minimum interval (plus Retry-After on 429/503) and ETag/Last-Modified revalidation
against validators remembered in the watch state.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Protocol
from urllib.parse import urlsplit

import httpx

MAX_BACKOFF_SECONDS = 3600.0


class ValidatorCache(Protocol):
    """Remembers the ETag / Last-Modified of URLs (the watch state implements it)."""

    def validators(self, url: str) -> tuple[str | None, str | None]: ...

    def remember_validators(
        self, url: str, etag: str | None, last_modified: str | None
    ) -> None: ...


class HostRateLimiter:
    """At most one request per ``min_interval`` seconds to each host; longer after Retry-After."""

    def __init__(
        self,
        min_interval: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.min_interval = min_interval
        self.clock = clock
        self.sleep = sleep
        self._next_allowed: dict[str, float] = {}

    def wait(self, host: str) -> float:
        """Block until ``host`` may be asked again; returns the seconds waited."""
        now = self.clock()
        ready = self._next_allowed.get(host, now)
        waited = max(0.0, ready - now)
        if waited:
            self.sleep(waited)
        self._next_allowed[host] = max(ready, now) + self.min_interval
        return waited

    def back_off(self, host: str, seconds: float) -> None:
        """The host asked us to slow down (429/503 with Retry-After)."""
        seconds = min(max(seconds, self.min_interval), MAX_BACKOFF_SECONDS)
        self._next_allowed[host] = max(self._next_allowed.get(host, 0.0), self.clock() + seconds)


@dataclass(slots=True)
class FetchResult:
    url: str
    status: int
    content: bytes = b""
    content_type: str = ""
    #: True when the server answered 304: nothing changed since the last fetch
    not_modified: bool = False
    error: str | None = None
    #: validators to remember once the content has been fully handled (see ValidatorCache)
    etag: str | None = None
    last_modified: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and (self.not_modified or 200 <= self.status < 300)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class PoliteFetcher:
    """GET with a user agent, timeouts, per-host spacing and conditional requests.

    The caller stores a response's validators (``remember_validators``) only after it has
    handled the content, so a poll that fails half-way is not hidden by a 304 next time.
    """

    def __init__(
        self,
        *,
        cache: ValidatorCache,
        limiter: HostRateLimiter,
        user_agent: str,
        timeout: float,
        client: httpx.Client | None = None,
        max_bytes: int = 10 * 1024 * 1024,
    ) -> None:
        self.cache = cache
        self.limiter = limiter
        self.max_bytes = max_bytes
        self.client = client or httpx.Client(
            headers={"User-Agent": user_agent, "Accept-Language": "ar,en;q=0.5"},
            timeout=timeout,
            follow_redirects=True,
        )

    def get(self, url: str, *, conditional: bool = True) -> FetchResult:
        host = urlsplit(url).netloc
        headers: dict[str, str] = {}
        if conditional:
            etag, last_modified = self.cache.validators(url)
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
        self.limiter.wait(host)
        try:
            response = self.client.get(url, headers=headers)
        except httpx.HTTPError as exc:
            return FetchResult(url, 0, error=f"{type(exc).__name__}: {exc}")
        if response.status_code == 304:
            return FetchResult(url, 304, not_modified=True)
        if response.status_code in (429, 503):
            self.limiter.back_off(host, _retry_after(response.headers.get("Retry-After")) or 60.0)
        if not 200 <= response.status_code < 300:
            return FetchResult(url, response.status_code, error=f"HTTP {response.status_code}")
        if len(response.content) > self.max_bytes:
            return FetchResult(url, response.status_code, error="response too large")
        return FetchResult(
            url,
            response.status_code,
            content=response.content,
            content_type=response.headers.get("Content-Type", ""),
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
        )

    def close(self) -> None:
        self.client.close()
