"""Live monitoring: poll RSS/Atom feeds and article pages, ingest each new article once.

For a feed, feedparser lists the items; each item's page is fetched and its main text, title
and date are taken with the same trafilatura reader as every other HTML input
(``marsad.ingest.html.extract_article``). An article is new when neither its URL nor the hash of
its text has been seen (the same story syndicated under two URLs is ingested once). Feeds are
fetched conditionally (ETag / Last-Modified), so an unchanged feed costs one 304.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser

from marsad.ingest.feeds import FeedConfig, WatchConfig
from marsad.ingest.fetch import FetchResult, PoliteFetcher
from marsad.ingest.html import extract_article
from marsad.ingest.readers import parse_published
from marsad.ingest.watch_state import WatchState
from marsad.model import Document, Extraction

#: query parameters that only track readers; dropped so one article has one URL
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|output)$", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.IGNORECASE)


class WatchSink(Protocol):
    """Where new articles go: a marsad Store (``add_extraction``, ``document_exists``)."""

    def add_extraction(self, extraction: Extraction) -> object: ...


def normalize_url(url: str) -> str:
    """One spelling per article: no fragment, no tracking parameters, lower-case host."""
    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)])
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


def text_hash(text: str) -> str:
    """The dedup key of an article: SHA-256 of its text (as Document.content_hash)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decode_html(result: FetchResult) -> str:
    """Bytes → text by the HTTP charset, else the page's <meta charset>, else UTF-8."""
    candidates: list[str] = []
    match = re.search(r"charset=([\w-]+)", result.content_type or "", re.IGNORECASE)
    if match:
        candidates.append(match.group(1))
    meta = _META_CHARSET.search(result.content[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii"))
    for encoding in [*candidates, "utf-8"]:
        try:
            return result.content.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return result.content.decode("utf-8", errors="replace")


@dataclass(slots=True)
class ArticleOutcome:
    feed: str
    url: str
    status: str  # "new", "updated", "duplicate", "error"
    title: str | None = None
    document_id: str | None = None
    events: int = 0
    reason: str | None = None


@dataclass(slots=True)
class PollReport:
    feed: str
    not_modified: bool = False
    error: str | None = None
    articles: list[ArticleOutcome] = field(default_factory=list)

    @property
    def new(self) -> list[ArticleOutcome]:
        return [a for a in self.articles if a.status in ("new", "updated")]


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def _entry_html(entry: Any) -> str:
    contents = entry.get("content") or []
    if contents and contents[0].get("value"):
        return str(contents[0]["value"])
    return str(entry.get("summary") or "")


def _utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Watcher:
    """Polls the feeds of a WatchConfig and ingests new articles into a sink (the store)."""

    def __init__(
        self,
        config: WatchConfig,
        *,
        fetcher: PoliteFetcher,
        state: WatchState,
        pipeline: Callable[[Document], Extraction],
        sink: WatchSink,
        log: Callable[[str], None] = print,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self.fetcher = fetcher
        self.state = state
        self.pipeline = pipeline
        self.sink = sink
        self.log = log
        self.clock = clock

    # --- scheduling ---
    def due(self) -> list[FeedConfig]:
        now = self.clock()
        due = []
        for feed in self.config.feeds:
            last = self.state.last_poll(feed.name)
            if last is None or now - last >= feed.interval:
                due.append(feed)
        return due

    def seconds_until_due(self) -> float:
        now = self.clock()
        waits = []
        for feed in self.config.feeds:
            last = self.state.last_poll(feed.name)
            waits.append(0.0 if last is None else max(0.0, last + feed.interval - now))
        return min(waits) if waits else 0.0

    def run_once(self) -> list[PollReport]:
        """Poll every feed once, whatever its interval."""
        return [self.poll(feed) for feed in self.config.feeds]

    def run_forever(self, *, stop: threading.Event) -> None:
        """Poll feeds as they fall due until ``stop`` is set."""
        while not stop.is_set():
            for feed in self.due():
                if stop.is_set():
                    return
                self.poll(feed)
            stop.wait(min(max(self.seconds_until_due(), 0.5), 60.0))

    # --- polling ---
    def poll(self, feed: FeedConfig) -> PollReport:
        started = self.clock()
        report = self._poll_page(feed) if feed.kind == "page" else self._poll_feed(feed)
        self.state.mark_polled(feed.name, started)
        if report.error:
            self.log(f"{_utc_now()} error {feed.name} {feed.url}: {report.error}")
        return report

    def _poll_feed(self, feed: FeedConfig) -> PollReport:
        report = PollReport(feed.name)
        fetched = self.fetcher.get(feed.url)
        if fetched.not_modified:
            report.not_modified = True
            return report
        if not fetched.ok:
            report.error = fetched.error
            return report
        parsed = feedparser.parse(
            fetched.content,
            response_headers={"content-location": feed.url, "content-type": fetched.content_type},
        )
        if not parsed.entries:
            if parsed.get("bozo"):
                report.error = f"not a readable RSS/Atom feed: {parsed.get('bozo_exception')}"
            return report
        # oldest first, so the store sees articles in publication order
        for entry in reversed(parsed.entries):
            link = entry.get("link")
            if not link:
                continue
            url = normalize_url(urljoin(feed.url, link))
            if self.state.seen_url(url):
                continue
            report.articles.append(self._article(feed, url, entry=entry))
        if not any(a.status == "error" for a in report.articles):
            # only now: a feed with failed items is fetched in full again next time
            self.state.remember_validators(feed.url, fetched.etag, fetched.last_modified)
        return report

    def _poll_page(self, feed: FeedConfig) -> PollReport:
        report = PollReport(feed.name)
        url = normalize_url(feed.url)
        outcome = self._article(feed, url, conditional=True, request_url=feed.url)
        if outcome.status == "not_modified":
            report.not_modified = True
        elif outcome.status != "unchanged":
            report.articles.append(outcome)
        return report

    def _article(
        self,
        feed: FeedConfig,
        url: str,
        *,
        entry: Any = None,
        conditional: bool = False,
        request_url: str | None = None,
    ) -> ArticleOutcome:
        """Fetch, extract, dedup and ingest one article page; log one line if it is new."""
        html: str | None = None
        fetched: FetchResult | None = None
        if feed.fetch_articles or entry is None:
            fetched = self.fetcher.get(request_url or url, conditional=conditional)
            if fetched.not_modified:
                return ArticleOutcome(feed.name, url, "not_modified")
            if not fetched.ok:
                # not the feed's summary instead: the URL would count as seen and the full
                # text would never come; the item is retried at the next poll
                return self._error(feed, url, fetched.error or "fetch failed")
            html = decode_html(fetched)
        elif entry is not None:
            snippet = _entry_html(entry)  # fetch_articles = false: the feed's own text
            html = f"<html><body><article>{snippet}</article></body></html>" if snippet else None
        if html is None:
            return self._error(feed, url, (fetched.error if fetched else None) or "no content")
        try:
            article = extract_article(html, url=url)
        except (ValueError, TypeError) as exc:
            return self._error(feed, url, f"unreadable HTML: {exc}")
        if not article.text:
            return self._error(feed, url, "no main text found on the page")
        digest = text_hash(article.text)
        if self.state.url_hash(url) == digest:
            self._remember(fetched)
            return ArticleOutcome(feed.name, url, "unchanged")
        if self.state.seen_hash(digest) or self._in_sink(digest):
            self.state.mark_seen(url, digest, feed=feed.name)
            self._remember(fetched)
            return ArticleOutcome(feed.name, url, "duplicate")
        updated = self.state.seen_url(url)
        try:
            published = parse_published(article.published)
        except ValueError:
            published = None
        document = Document(
            text=article.text,
            source=feed.outlet,
            url=url,
            published=published or (_entry_date(entry) if entry is not None else None),
            title=article.title or (entry.get("title") if entry is not None else None),
        )
        try:
            extraction = self.pipeline(document)
            self.sink.add_extraction(extraction)
        except Exception as exc:  # one bad article must not stop the watcher; retried next poll
            return self._error(feed, url, f"ingest failed: {type(exc).__name__}: {exc}")
        self.state.mark_seen(url, digest, feed=feed.name)
        self._remember(fetched)
        outcome = ArticleOutcome(
            feed.name,
            url,
            "updated" if updated else "new",
            title=document.title,
            document_id=document.id,
            events=len(extraction.events),
        )
        self.log(
            f"{_utc_now()} {outcome.status} {feed.name} {url} "
            f"«{(document.title or '').strip()[:80]}» events={outcome.events}"
        )
        return outcome

    def _remember(self, fetched: FetchResult | None) -> None:
        if fetched is not None and fetched.ok and not fetched.not_modified:
            self.state.remember_validators(fetched.url, fetched.etag, fetched.last_modified)

    def _in_sink(self, digest: str) -> bool:
        exists = getattr(self.sink, "document_exists", None)
        return bool(exists(digest)) if callable(exists) else False

    def _error(self, feed: FeedConfig, url: str, reason: str) -> ArticleOutcome:
        self.log(f"{_utc_now()} error {feed.name} {url}: {reason}")
        return ArticleOutcome(feed.name, url, "error", reason=reason)
