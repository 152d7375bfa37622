"""Headless chromium against the served UI, with a database of our own reports."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import LiveServer, open_ui, screenshot

pytestmark = pytest.mark.browser


def test_map_shows_markers_areas_and_route(page: Any, live_server: LiveServer) -> None:
    open_ui(page, live_server)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    counts = page.evaluate("window.marsadUI.counts")
    # point events: convoy, background takeover, drone (fused), protest; the clash is an area
    assert counts == {"markers": 4, "areas": 1, "routes": 1}
    assert page.locator("path.route-line").count() == 1
    # one arrow head per leg: origin → via → destination
    legs = page.locator("path.route-leg[marker-mid]")
    assert legs.count() == 2
    for d in legs.evaluate_all("(paths) => paths.map((p) => p.getAttribute('d'))"):
        assert d.count("L") == 2  # start, middle (the arrow's vertex), end
    assert page.locator("svg marker.route-arrow").count() == 1
    assert page.locator("path.ev-area").count() == 1
    # every point event is on the map once, as a marker or inside a cluster (after animations)
    page.wait_for_function(
        """() => {
          let n = document.querySelectorAll('.ev-marker').length;
          for (const c of document.querySelectorAll('.ev-cluster span')) n += Number(c.textContent);
          return n === 4;
        }""",
        timeout=5000,
    )
    # the tile server is unreachable: the page fell back to its plain background without hanging
    page.wait_for_function("document.getElementById('map').dataset.tiles === 'offline'")
    assert page.locator("#event-list li.event-item").count() == 5
    assert not page.errors
    screenshot(page, "map_ar")


@pytest.mark.parametrize(("lang", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_timeline_brush_filters_list_and_map(
    page: Any, live_server: LiveServer, lang: str, direction: str
) -> None:
    open_ui(page, live_server, f"?lang={lang}")
    assert page.evaluate("document.documentElement.dir") == direction
    x_old = page.evaluate("window.marsadUI.timelineX('2026-09-15')")
    x_new = page.evaluate("window.marsadUI.timelineX('2026-11-20')")
    assert (x_old < x_new) == (direction == "ltr")  # in Arabic, time runs right to left
    assert page.locator("#event-list li.event-item").count() == 5
    box = page.locator("#timeline svg").bounding_box()
    x0 = page.evaluate("window.marsadUI.timelineX('2026-11-17')")
    x1 = page.evaluate("window.marsadUI.timelineX('2026-11-21')")
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + x0 + 1, y)
    page.mouse.down()
    page.mouse.move(box["x"] + x1 - 1, y, steps=8)
    page.mouse.up()
    page.wait_for_function("window.marsadUI.visible === 2")
    dates = page.locator("#event-list li.event-item .item-meta").all_inner_texts()
    assert [d[:10] for d in dates] == ["2026-11-20", "2026-11-18"]
    assert page.evaluate("window.marsadUI.counts") == {"markers": 1, "areas": 1, "routes": 0}
    # the brushed range is in the URL and the date pickers, so the view can be shared
    assert "since=2026-11-17" in page.url and "until=2026-11-20" in page.url
    assert page.input_value("#f-since") == "2026-11-17"
    screenshot(page, f"timeline_brush_{lang}")
    # reopening the shared address restores the same view
    page.goto(page.url)
    page.wait_for_function("window.marsadUI && window.marsadUI.ready === true")
    assert page.evaluate("window.marsadUI.visible") == 2
    assert not page.errors


def test_event_page_links_fields_and_spans(
    page: Any, live_server: LiveServer, event_ids: dict[str, str]
) -> None:
    open_ui(page, live_server, f"?event={event_ids['drone']}")
    page.wait_for_selector("#event-view table.fields")
    sources = page.locator("#event-view section.source")
    assert sources.count() == 2  # the two reports of the drone strike were fused
    text = page.locator(".source-text").first
    assert text.get_attribute("dir") == "rtl"
    marks = page.locator('mark.span[data-fields~="actor2"]')
    assert marks.all_inner_texts() == ["الحرس الثوري الإيراني", "للحرس الثوري"]
    assert page.locator('mark.span[data-fields~="fatalities"]').first.inner_text() == (
        "مقتل ثلاثة عناصر"
    )
    # field → span
    page.hover('tr[data-field="actor2"]')
    assert "hl" in (marks.first.get_attribute("class") or "")
    # span → field
    page.locator('mark.span[data-fields~="location"]').first.click()
    assert "pinned" in (page.locator('tr[data-field="location"]').get_attribute("class") or "")
    assert page.locator('tr[data-field="event_date"] td').inner_text() == "2026-11-12"
    screenshot(page, "event_page_ar")
    page.locator("section.source").first.scroll_into_view_if_needed()
    screenshot(page, "event_sources_ar")
    assert not page.errors


def test_event_page_shows_route_and_quantities(
    page: Any, live_server: LiveServer, event_ids: dict[str, str]
) -> None:
    open_ui(page, live_server, f"?lang=en&event={event_ids['convoy']}")
    page.wait_for_selector("#event-view table.fields")
    route = page.locator('tr[data-field="route"] td').inner_text()
    assert "السخنة" in route and "الطيبة" in route and "العشارة" in route
    assert page.locator('mark.span[data-fields~="route"]').count() == 3
    assert page.locator('mark.span[data-fields~="trigger"]').first.inner_text() == "وصل رتل"
    assert page.inner_text('tr[data-field="event_date"] th').strip().endswith("event_date")
    assert page.locator("path.selected-ring").count() == 1  # the map rings the open event
    page.click("#event-view button.back")
    assert page.locator("path.selected-ring").count() == 0
    assert page.is_visible("#list-view") and "event=" not in page.url
    screenshot(page, "event_page_convoy_en")


def test_network_renders_and_click_filters_map(page: Any, live_server: LiveServer) -> None:
    open_ui(page, live_server, "?lang=en")
    page.click("#tab-network")
    page.wait_for_selector("#network canvas")
    page.wait_for_function("Number(document.getElementById('network').dataset.nodes) > 0")
    nodes = int(page.get_attribute("#network", "data-nodes") or 0)
    edges = int(page.get_attribute("#network", "data-edges") or 0)
    # actors: Kataib al-Fajr, IRGC, unidentified group, SDF, tribes, protesters
    assert nodes == 6
    # Fajr → IRGC (patron), SDF — tribes (clash), unidentified — IRGC (strike)
    assert edges == 3
    screenshot(page, "network_en")
    # clicking IRGC filters the map to IRGC and its proxies
    position = page.evaluate(
        """() => {
          const cy = document.getElementById('network')._cyreg.cy;
          return cy.getElementById('irgc').renderedPosition();
        }"""
    )
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])
    page.wait_for_function("window.marsadUI.state.tab === 'map' && window.marsadUI.loads === 2")
    assert "actor=irgc" in page.url
    assert page.evaluate("window.marsadUI.visible") == 3  # strike + Fajr's convoy and takeover
    assert not page.errors


def test_language_toggle_mirrors_layout(page: Any, live_server: LiveServer) -> None:
    open_ui(page, live_server)
    side = page.locator("aside.side").bounding_box()
    views = page.locator("section.views").bounding_box()
    assert side["x"] < views["x"]  # Arabic: the list is on the left, the map on the right
    assert page.inner_text("#tab-map") == "الخريطة"
    page.click("#lang-toggle")
    assert page.evaluate("document.documentElement.dir") == "ltr"
    assert page.inner_text("#tab-map") == "Map"
    assert "lang=en" in page.url
    side = page.locator("aside.side").bounding_box()
    views = page.locator("section.views").bounding_box()
    assert side["x"] > views["x"]
    screenshot(page, "map_en")


def test_filters_in_url_hide_background_and_search(page: Any, live_server: LiveServer) -> None:
    open_ui(page, live_server, "?bg=0")
    assert page.evaluate("window.marsadUI.visible") == 4
    assert not page.is_checked("#f-bg")
    page.fill("#f-since", "2026-11-15")  # the date picker filters like the brush
    page.wait_for_function("window.marsadUI.visible === 2")
    assert "since=2026-11-15" in page.url
    page.fill("#f-since", "")
    page.wait_for_function("window.marsadUI.visible === 4")
    page.fill("#f-q", "مُسَيَّرة")  # with harakat: the search ignores them
    page.wait_for_function("window.marsadUI.loads === 2")
    assert page.evaluate("window.marsadUI.visible") == 1
    assert "q=" in page.url
    screenshot(page, "search_ar")
