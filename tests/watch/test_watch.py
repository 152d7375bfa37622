"""marsad watch against a local server: two polls, 304s, dedup, retries, pages, politeness."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.ingest.feeds import FeedsConfigError, load_feeds, parse_feeds
from marsad.ingest.fetch import HostRateLimiter, PoliteFetcher
from marsad.ingest.watch import Watcher, normalize_url
from marsad.ingest.watch_state import WatchState
from marsad.model import Extraction
from marsad.pipeline import Pipeline

from .conftest import Site

ARTICLES = {
    "/news/1.html": (
        "قصف مدفعي على بلدة كفرنبل",
        "2024-03-05",
        [
            "قصفت قوات النظام بالمدفعية الثقيلة أطراف بلدة كفرنبل في ريف إدلب الجنوبي صباحاً.",
            "وقال الدفاع المدني إن القصف أدى إلى إصابة ثلاثة مدنيين بجروح متفاوتة.",
        ],
    ),
    "/news/2.html": (
        "رتل عسكري يصل إلى الميادين",
        "2024-03-06",
        [
            "وصل رتل عسكري مؤلف من عشر سيارات إلى مدينة الميادين شرقي دير الزور مساء الأربعاء.",
            "وأفادت مصادر محلية بأن الرتل قدم من البادية وتوقف قرب الجسر.",
        ],
    ),
    "/news/3.html": (
        "اشتباكات في ريف حلب",
        "2024-03-07",
        [
            "اندلعت اشتباكات عنيفة بين فصيلين مسلحين في قرية قرب مدينة الباب شرقي حلب فجر الخميس.",
            "واستخدم الطرفان الأسلحة الرشاشة لساعات قبل أن يتدخل وجهاء المنطقة.",
        ],
    ),
}
COMMENT = "تعليق القارئ: هذا الخبر غير دقيق وأطالب بالتصحيح فوراً"
RELATED = "اقرأ أيضاً: افتتاح معرض الكتاب السنوي في العاصمة"
NAV = "الرئيسية سياسة اقتصاد رياضة اتصل بنا"


def page(title: str, day: str, paragraphs: list[str]) -> str:
    """An article page with the clutter of a real news site around the story."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title} | شبكة الأخبار</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{day}T09:30:00+03:00"></head>
<body><header><nav><ul>{"".join(f"<li><a href='/'>{w}</a></li>" for w in NAV.split())}</ul></nav>
</header>
<main><article><h1>{title}</h1><time datetime="{day}">{day}</time>
<div class="article-body" dir="rtl">{body}</div></article>
<aside class="related"><h3>أخبار ذات صلة</h3><ul><li><a href="/x">{RELATED}</a></li>
<li><a href="/y">ارتفاع أسعار الخبز في الأسواق المحلية</a></li></ul></aside>
<section id="comments" class="comments"><h3>التعليقات</h3>
<div class="comment"><p>{COMMENT}</p></div></section></main>
<footer><p>جميع الحقوق محفوظة © شبكة الأخبار</p></footer></body></html>"""


def rss(site: Site, paths: list[str]) -> str:
    items = "".join(
        f"<item><title>{ARTICLES[p][0]}</title><link>{site.base}{p}?utm_source=rss</link>"
        f"<pubDate>Tue, 05 Mar 2024 09:30:00 +0000</pubDate>"
        f"<description>{ARTICLES[p][2][0]}</description></item>"
        for p in paths
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>شبكة الأخبار</title><link>{site.base}/</link><language>ar</language>"
        f"{items}</channel></rss>"
    )


class RecordingSink:
    """Keeps what the watcher ingests (the store's role), with its document_exists check."""

    def __init__(self) -> None:
        self.extractions: list[Extraction] = []

    def add_extraction(self, extraction: Extraction) -> None:
        self.extractions.append(extraction)

    def document_exists(self, content_hash: str) -> bool:
        return any(e.document.content_hash() == content_hash for e in self.extractions)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.default(stages=["text"])


def make_watcher(
    site: Site, tmp_path: Path, pipeline: Pipeline, *, feeds: list[dict[str, object]]
) -> tuple[Watcher, RecordingSink, list[str]]:
    config = parse_feeds({"watch": {"min_host_interval": 0}, "feed": feeds})
    state = WatchState(tmp_path / "state.sqlite3")
    fetcher = PoliteFetcher(
        cache=state, limiter=HostRateLimiter(0), user_agent="marsad-test", timeout=5
    )
    sink = RecordingSink()
    lines: list[str] = []
    watcher = Watcher(
        config, fetcher=fetcher, state=state, pipeline=pipeline, sink=sink, log=lines.append
    )
    return watcher, sink, lines


def serve_articles(site: Site, paths: list[str]) -> None:
    for path in paths:
        title, day, paragraphs = ARTICLES[path]
        site.put(path, page(title, day, paragraphs))


def test_two_polls_the_second_ingests_only_the_new_item(
    site: Site, tmp_path: Path, pipeline: Pipeline
) -> None:
    serve_articles(site, list(ARTICLES))
    feed_url = site.put(
        "/rss.xml", rss(site, ["/news/2.html", "/news/1.html"]), "application/rss+xml"
    )
    watcher, sink, lines = make_watcher(
        site, tmp_path, pipeline, feeds=[{"name": "akhbar", "url": feed_url, "source": "أخبار"}]
    )

    first = watcher.run_once()
    assert [a.status for a in first[0].articles] == ["new", "new"]
    assert len(lines) == 2 and all(" new akhbar " in line for line in lines)
    by_url = {e.document.url: e.document for e in sink.extractions}
    doc = by_url[f"{site.base}/news/1.html"]  # tracking parameter dropped
    assert ARTICLES["/news/1.html"][2][0] in doc.text
    assert ARTICLES["/news/1.html"][2][1] in doc.text
    for clutter in (COMMENT, RELATED, "اتصل بنا", "جميع الحقوق محفوظة"):
        assert clutter not in doc.text
    assert doc.title is not None and "كفرنبل" in doc.title
    assert doc.published == date(2024, 3, 5)
    assert doc.source == "أخبار"

    site.put(
        "/rss.xml",
        rss(site, ["/news/3.html", "/news/2.html", "/news/1.html"]),
        "application/rss+xml",
    )
    second = watcher.run_once()
    assert [(a.url, a.status) for a in second[0].articles] == [(f"{site.base}/news/3.html", "new")]
    assert len(sink.extractions) == 3
    assert len(lines) == 3 and "/news/3.html" in lines[-1]
    # the pages of the first two articles were fetched once only
    assert site.served("/news/1.html") == [200]
    assert site.served("/news/2.html") == [200]


def test_an_unchanged_feed_costs_one_304_and_nothing_else(
    site: Site, tmp_path: Path, pipeline: Pipeline
) -> None:
    serve_articles(site, ["/news/1.html"])
    feed_url = site.put("/rss.xml", rss(site, ["/news/1.html"]), "application/rss+xml")
    watcher, sink, _ = make_watcher(
        site, tmp_path, pipeline, feeds=[{"name": "a", "url": feed_url}]
    )
    watcher.run_once()
    report = watcher.run_once()[0]
    assert report.not_modified and report.articles == []
    assert site.served("/rss.xml") == [200, 304]
    assert site.served("/news/1.html") == [200]
    assert len(sink.extractions) == 1


def test_the_same_text_under_two_urls_is_ingested_once(
    site: Site, tmp_path: Path, pipeline: Pipeline
) -> None:
    title, day, paragraphs = ARTICLES["/news/1.html"]
    site.put("/news/1.html", page(title, day, paragraphs))
    site.put("/mirror/1.html", page(title, day, paragraphs))
    items = (
        f"<item><title>{title}</title><link>{site.base}/mirror/1.html</link></item>"
        f"<item><title>{title}</title><link>{site.base}/news/1.html</link></item>"
    )
    feed_url = site.put(
        "/atom.xml",
        f'<rss version="2.0"><channel><title>x</title>{items}</channel></rss>',
        "application/rss+xml",
    )
    watcher, sink, lines = make_watcher(site, tmp_path, pipeline, feeds=[{"url": feed_url}])
    statuses = sorted(a.status for a in watcher.run_once()[0].articles)
    assert statuses == ["duplicate", "new"]
    assert len(sink.extractions) == 1 and len(lines) == 1


def test_a_page_that_failed_is_retried_at_the_next_poll(
    site: Site, tmp_path: Path, pipeline: Pipeline
) -> None:
    serve_articles(site, ["/news/1.html"])  # /news/2.html is missing: 404
    feed_url = site.put(
        "/rss.xml", rss(site, ["/news/2.html", "/news/1.html"]), "application/rss+xml"
    )
    watcher, sink, lines = make_watcher(
        site, tmp_path, pipeline, feeds=[{"name": "a", "url": feed_url, "fetch_articles": True}]
    )
    first = watcher.run_once()[0]
    assert sorted(a.status for a in first.articles) == ["error", "new"]
    assert any("error" in line and "/news/2.html" in line for line in lines)
    serve_articles(site, ["/news/2.html"])
    second = watcher.run_once()[0]
    assert [a.status for a in second.articles] == ["new"]
    assert site.served("/rss.xml") == [200, 200]  # no 304: the failed item had to be retried
    assert len(sink.extractions) == 2


def test_a_watched_page_is_ingested_again_only_when_its_text_changes(
    site: Site, tmp_path: Path, pipeline: Pipeline
) -> None:
    title, day, paragraphs = ARTICLES["/news/3.html"]
    url = site.put("/statement.html", page(title, day, paragraphs))
    watcher, sink, _ = make_watcher(
        site, tmp_path, pipeline, feeds=[{"name": "s", "url": url, "kind": "page"}]
    )
    assert [a.status for a in watcher.run_once()[0].articles] == ["new"]
    assert watcher.run_once()[0].not_modified
    site.put(
        "/statement.html", page(title, day, [*paragraphs, "وتجددت الاشتباكات مساء اليوم نفسه."])
    )
    assert [a.status for a in watcher.run_once()[0].articles] == ["updated"]
    assert site.served("/statement.html") == [200, 304, 200]
    assert len(sink.extractions) == 2


def test_feed_scheduling_follows_each_interval(
    site: Site, tmp_path: Path, pipeline: Pipeline
) -> None:
    feed_url = site.put("/rss.xml", rss(site, []), "application/rss+xml")
    now = [1000.0]
    watcher, _, _ = make_watcher(
        site,
        tmp_path,
        pipeline,
        feeds=[
            {"name": "fast", "url": feed_url, "interval": 60},
            {"name": "slow", "url": feed_url, "interval": 600},
        ],
    )
    watcher.clock = lambda: now[0]
    assert [f.name for f in watcher.due()] == ["fast", "slow"]
    for feed in watcher.due():
        watcher.poll(feed)
    assert watcher.due() == [] and watcher.seconds_until_due() == 60
    now[0] += 61
    assert [f.name for f in watcher.due()] == ["fast"]


def test_requests_to_one_host_are_spaced() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = HostRateLimiter(2.0, clock=lambda: now[0], sleep=sleep)
    limiter.wait("a.example")
    limiter.wait("b.example")  # another host: no wait
    limiter.wait("a.example")
    now[0] += 0.5
    limiter.wait("a.example")
    assert slept == [2.0, 1.5]
    limiter.back_off("b.example", 30)
    assert limiter.wait("b.example") == pytest.approx(30.0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[feed]]\nname = 'x'\n", "'url' is required"),
        ("[[feed]]\nurl = 'ftp://x/feed'\n", "must be http"),
        ("[[feed]]\nurl = 'http://x/f'\ninterval = 'often'\n", "interval must be a number"),
        ("[[feed]]\nurl = 'http://x/f'\nkind = 'podcast'\n", "kind must be one of"),
        ("[[feed]]\nurl = 'http://x/f'\n[[feed]]\nurl = 'http://x/f'\n", "duplicate name"),
        ("[[feed]]\nurl = 'http://x/f'\nintervall = 5\n", "unknown keys intervall"),
        ("[watch]\n", "no [[feed]] entries"),
        ("[[feed]\n", "invalid TOML"),
    ],
)
def test_bad_watch_lists_are_refused_with_the_reason(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FeedsConfigError, match=message.replace("[", r"\[")):
        load_feeds(path)


def test_url_normalization_drops_tracking_and_fragment() -> None:
    assert normalize_url("HTTP://Example.ORG/a/b?id=3&utm_source=rss&fbclid=x#top") == (
        "http://example.org/a/b?id=3"
    )


def test_watch_cli_once_ingests_into_the_store_then_nothing_new(site: Site, tmp_path: Path) -> None:
    from marsad.store import open_store

    serve_articles(site, ["/news/1.html", "/news/2.html"])
    feed_url = site.put(
        "/rss.xml", rss(site, ["/news/2.html", "/news/1.html"]), "application/rss+xml"
    )
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(
        f'[watch]\nmin_host_interval = 0\n[[feed]]\nname = "akhbar"\nurl = "{feed_url}"\n',
        encoding="utf-8",
    )
    db = tmp_path / "watch.db"
    args = ["watch", str(feeds), "--once", "--db", str(db), "--state", str(tmp_path / "s.sqlite3")]
    runner = CliRunner()
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert first.stdout.count(" new akhbar ") == 2
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert " new " not in second.stdout
    with open_store(str(db)) as store:
        assert store.stats()["documents"] == 2


def test_watch_cli_reports_a_bad_watch_list(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text("[[feed]]\nname = 'x'\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["watch", str(feeds), "--once"])
    assert result.exit_code == 2
    assert "'url' is required" in result.output


class _FailingPipeline:
    def __init__(self, inner: Pipeline) -> None:
        self.inner = inner
        self.fail = True

    def __call__(self, document: object) -> Extraction:
        if self.fail:
            raise RuntimeError("model exploded")
        return self.inner(document)  # type: ignore[arg-type]


def test_an_article_that_breaks_the_pipeline_is_logged_and_retried(
    site: Site, tmp_path: Path, pipeline: Pipeline
) -> None:
    serve_articles(site, ["/news/1.html"])
    feed_url = site.put("/rss.xml", rss(site, ["/news/1.html"]), "application/rss+xml")
    watcher, sink, lines = make_watcher(site, tmp_path, pipeline, feeds=[{"url": feed_url}])
    failing = _FailingPipeline(pipeline)
    watcher.pipeline = failing
    assert [a.status for a in watcher.run_once()[0].articles] == ["error"]
    assert "model exploded" in lines[-1] and sink.extractions == []
    failing.fail = False
    assert [a.status for a in watcher.run_once()[0].articles] == ["new"]
    assert len(sink.extractions) == 1


def test_an_atom_feed_and_a_windows_1256_page(
    site: Site, tmp_path: Path, pipeline: Pipeline
) -> None:
    title, day, paragraphs = ARTICLES["/news/2.html"]
    html = page(title, day, paragraphs).replace(
        '<meta charset="utf-8">', '<meta charset="windows-1256">'
    )
    site.put_bytes("/legacy/2.html", html.encode("cp1256"), "text/html")  # no charset header
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>أخبار</title><id>urn:x</id><updated>2024-03-06T10:00:00Z</updated>"
        f'<entry><title>{title}</title><id>urn:2</id><link href="/legacy/2.html"/>'
        "<updated>2024-03-06T10:00:00Z</updated></entry></feed>"
    )
    feed_url = site.put("/atom.xml", atom, "application/atom+xml")
    watcher, sink, _ = make_watcher(site, tmp_path, pipeline, feeds=[{"url": feed_url}])
    assert [a.status for a in watcher.run_once()[0].articles] == ["new"]
    document = sink.extractions[0].document
    assert document.url == f"{site.base}/legacy/2.html"  # relative link resolved
    assert paragraphs[0] in document.text
