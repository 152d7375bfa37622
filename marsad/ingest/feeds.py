"""The watch list: which feeds and pages ``marsad watch`` polls, how often, how politely.

A FEEDS.toml looks like::

    [watch]
    min_host_interval = 2.0     # seconds between two requests to the same host
    timeout = 20                # seconds per request
    user_agent = "marsad/0.1 (news monitoring)"

    [[feed]]
    name = "outlet-rss"         # used in logs and state
    url = "https://example.org/rss.xml"
    interval = 600              # seconds between polls of this feed (default 900)
    source = "Example Outlet"   # Document.source (default: name)

    [[feed]]
    name = "statement-page"
    url = "https://example.org/statement.html"
    kind = "page"               # one article page, re-ingested when its text changes
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

DEFAULT_INTERVAL = 900.0
DEFAULT_MIN_HOST_INTERVAL = 2.0
DEFAULT_TIMEOUT = 20.0
DEFAULT_USER_AGENT = "marsad/0.1 (+https://github.com/marsad; Arabic news monitoring)"
FEED_KINDS = ("feed", "page")


class FeedsConfigError(ValueError):
    """The watch list is unreadable or names something wrongly."""


@dataclass(slots=True, frozen=True)
class FeedConfig:
    name: str
    url: str
    kind: str = "feed"
    interval: float = DEFAULT_INTERVAL
    source: str | None = None
    #: fetch each item's page for the full text (else use the feed's own content/summary)
    fetch_articles: bool = True

    @property
    def outlet(self) -> str:
        return self.source or self.name


@dataclass(slots=True, frozen=True)
class WatchConfig:
    feeds: tuple[FeedConfig, ...]
    min_host_interval: float = DEFAULT_MIN_HOST_INTERVAL
    timeout: float = DEFAULT_TIMEOUT
    user_agent: str = DEFAULT_USER_AGENT
    extra: dict[str, Any] = field(default_factory=dict)


def _number(value: object, *, where: str, minimum: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FeedsConfigError(f"{where} must be a number, got {value!r}")
    if value < minimum:
        raise FeedsConfigError(f"{where} must be at least {minimum}, got {value}")
    return float(value)


def _check_url(url: object, *, where: str) -> str:
    if not isinstance(url, str) or not url.strip():
        raise FeedsConfigError(f"{where}: 'url' is required")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FeedsConfigError(f"{where}: url {url!r} must be http:// or https://")
    return url.strip()


def parse_feeds(data: dict[str, Any], *, origin: str = "FEEDS.toml") -> WatchConfig:
    """Validate a parsed TOML watch list; every problem names the feed it is in."""
    watch = data.get("watch", {})
    if not isinstance(watch, dict):
        raise FeedsConfigError(f"{origin}: [watch] must be a table")
    entries = data.get("feed", [])
    if not isinstance(entries, list) or not entries:
        raise FeedsConfigError(f"{origin}: no [[feed]] entries")
    feeds: list[FeedConfig] = []
    names: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise FeedsConfigError(f"{origin}: [[feed]] #{number} must be a table")
        where = f"{origin}: feed #{number}"
        url = _check_url(entry.get("url"), where=where)
        name = str(entry.get("name") or urlsplit(url).netloc)
        where = f"{origin}: feed {name!r}"
        if name in names:
            raise FeedsConfigError(f"{where}: duplicate name")
        names.add(name)
        kind = entry.get("kind", "feed")
        if kind not in FEED_KINDS:
            raise FeedsConfigError(f"{where}: kind must be one of {', '.join(FEED_KINDS)}")
        unknown = set(entry) - {"name", "url", "kind", "interval", "source", "fetch_articles"}
        if unknown:
            raise FeedsConfigError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
        interval = _number(
            entry.get("interval", DEFAULT_INTERVAL), where=f"{where}: interval", minimum=1
        )
        source = entry.get("source")
        feeds.append(
            FeedConfig(
                name=name,
                url=url,
                kind=kind,
                interval=interval,
                source=str(source) if source else None,
                fetch_articles=bool(entry.get("fetch_articles", True)),
            )
        )
    return WatchConfig(
        feeds=tuple(feeds),
        min_host_interval=_number(
            watch.get("min_host_interval", DEFAULT_MIN_HOST_INTERVAL),
            where=f"{origin}: min_host_interval",
            minimum=0,
        ),
        timeout=_number(
            watch.get("timeout", DEFAULT_TIMEOUT), where=f"{origin}: timeout", minimum=0.1
        ),
        user_agent=str(watch.get("user_agent", DEFAULT_USER_AGENT)),
    )


def load_feeds(path: Path) -> WatchConfig:
    """Read and validate FEEDS.toml."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FeedsConfigError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise FeedsConfigError(f"{path}: not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise FeedsConfigError(f"{path}: invalid TOML: {exc}") from None
    return parse_feeds(data, origin=str(path))
