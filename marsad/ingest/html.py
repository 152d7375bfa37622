"""Main text and metadata of an HTML article page via trafilatura (boilerplate removed)."""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura


@dataclass(slots=True)
class HtmlArticle:
    text: str
    title: str | None
    published: str | None
    url: str | None


def extract_article(html: str, *, url: str | None = None) -> HtmlArticle:
    """The article's main text (comments and navigation dropped), title and date if found."""
    text = trafilatura.extract(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=False,
    )
    if not text:
        # short pages can fall under precision mode's thresholds; try recall mode
        text = trafilatura.extract(html, url=url, include_comments=False, favor_recall=True)
    meta = trafilatura.extract_metadata(html, default_url=url)
    return HtmlArticle(
        text=(text or "").strip(),
        title=getattr(meta, "title", None) if meta else None,
        published=getattr(meta, "date", None) if meta else None,
        url=(getattr(meta, "url", None) if meta else None) or url,
    )
