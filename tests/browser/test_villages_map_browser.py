"""In Chromium: Kanim Ponorogo's intelligence officer opens the risk map of the work area.

No tile server (``PIMPASA_MAP_TILE_URL`` is empty in tests): the kecamatan points, the DBI
markers and the legend must still show, the points coloured like the legend's band swatches,
with no script or CSP error. Screenshots at desktop and phone width go to ``test-artifacts/``.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from tests.browser.test_home_browser import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, VIEWPORTS
from tests.fixtures import PASSWORD, build_org
from tests.villages.test_villages_support import designate, ensure_indicators, make_run, score_villages

pytestmark = pytest.mark.browser

#: Real centroids of the three kabupaten; their kecamatan get points spread around them.
REGENCY_POINTS = {
    "35.01": (Decimal("-8.13333"), Decimal("111.16667")),
    "35.02": (Decimal("-7.93333"), Decimal("111.50000")),
    "35.03": (Decimal("-8.16667"), Decimal("111.61667")),
}
BANDS = ("low", "medium", "high", "very_high", "none")


@pytest.fixture
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium package.")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); CI runs this test.")
    return CHROMIUM


@pytest.fixture
def ponorogo_map(transactional_db):
    """The organisation, a finished run over the work area, kecamatan points and a few DBI."""
    from pimpasa.core.scoping import region_q
    from pimpasa.regions.models import Region

    org = build_org()
    ensure_indicators()
    run = make_run(version=950)
    # Scores that differ by kecamatan, so the points fall into every band.
    villages = Region.objects.filter(level=4).filter(region_q("code", list(REGENCY_POINTS)))
    scores = {
        code: float((int(code[6:8]) * 23 + int(code[3:5]) * 11) % 90 + int(code[-1]))
        for code in villages.values_list("code", flat=True)
    }
    score_villages(run, scores=scores)
    for regency, (lat, lon) in REGENCY_POINTS.items():
        Region.objects.filter(code=regency).update(latitude=lat, longitude=lon)
        districts = Region.objects.filter(parent_id=regency).order_by("code")
        for i, district in enumerate(districts):
            district.latitude = lat + Decimal("0.05") * ((i % 5) - 2)
            district.longitude = lon + Decimal("0.05") * ((i // 5) - 1)
            district.save(update_fields=["latitude", "longitude"])
    Region.objects.filter(code="35.02.01.2001").update(latitude=Decimal("-8.02"), longitude=Decimal("111.43"))
    unit = org.units["ponorogo"]
    for code, status in (
        ("35.02.01.2001", "active"),
        ("35.02.01.2002", "designated"),
        ("35.01.01.2001", "evaluated"),
        ("35.03.02.2001", "active"),
        ("35.02.03.2001", "proposed"),
    ):
        designate(code, unit, status)
    return org


def _swatch_colours(page):
    return page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('#vmap-legend li[data-band]'))
              .map(li => [li.dataset.band, getComputedStyle(li.querySelector('.swatch')).backgroundColor]))"""
    )


def _area_markers(page):
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('path.vmap-area')).map(p => ({
              band: Array.from(p.classList).find(c => c.startsWith('band-')).slice(5),
              fill: getComputedStyle(p).fill }))"""
    )


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_ponorogo_map_shows_points_coloured_by_band_without_tiles(
    live_server, ponorogo_map, chromium_path, viewport, settings
):
    from playwright.sync_api import sync_playwright

    settings.PIMPASA_MAP_TILE_URL = ""
    ARTIFACTS.mkdir(exist_ok=True)
    problems: list[str] = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path), headless=True, args=CHROMIUM_FLAGS
        )
        try:
            context = browser.new_context(viewport=VIEWPORTS[viewport], locale="en-US")
            context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
            page = context.new_page()
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.goto(f"{live_server.url}/villages/map/")
            assert "/accounts/login/" in page.url
            page.fill("input[name=username]", "intel_ponorogo")
            page.fill("input[name=password]", PASSWORD)
            page.click("#login-form button[type=submit]")
            page.wait_for_url(f"{live_server.url}/villages/map/")

            try:
                page.wait_for_selector("#village-map[data-points]", timeout=20_000)
            except Exception:  # keep what the page said for the failure message
                page.screenshot(path=str(ARTIFACTS / f"villages-map-{viewport}-failed.png"), full_page=True)
                pytest.fail(f"no map data: {problems} status={page.inner_text('#vmap-status')!r}")
            page.wait_for_selector("path.vmap-area")
            page.wait_for_timeout(400)  # let fitBounds settle before the screenshot
            page.screenshot(path=str(ARTIFACTS / f"villages-map-{viewport}.png"), full_page=True)

            points = int(page.get_attribute("#village-map", "data-points"))
            level = page.get_attribute("#village-map", "data-loaded-level")
            markers = _area_markers(page)
            swatches = _swatch_colours(page)
            legend = page.locator("#vmap-legend li[data-band]").all_inner_texts()
            dbi_icons = page.locator(".vmap-dbi, .marker-cluster").count()
            tiles = page.locator(".leaflet-tile").count()
            status = page.inner_text("#vmap-status")
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            map_box = page.locator("#village-map").bounding_box()

            page.check("input[name=agg][value=mean]")
            page.wait_for_selector('#village-map[data-query="level=district&agg=mean"]')
            mean_markers = _area_markers(page)
            page.select_option("#vmap-band", "high")
            page.wait_for_selector('#village-map[data-query="level=district&agg=mean&band=high"]')
            high_markers = _area_markers(page)
        finally:
            browser.close()

    assert problems == []
    assert level == "district"
    # the 47 kecamatan of Pacitan, Ponorogo and Trenggalek, each a point
    assert points == 47
    assert len(markers) == 47
    assert [band for band, _colour in swatches.items()] == list(BANDS)
    assert len(set(swatches.values())) == 5
    assert {m["band"] for m in markers} <= set(BANDS)
    assert len({m["band"] for m in markers}) >= 2
    for marker in markers:
        assert marker["fill"] == swatches[marker["band"]], marker
    assert legend[0].startswith("Low")
    assert legend[-1] == "No score"
    assert dbi_icons >= 1
    assert tiles == 0
    assert status.startswith("47 areas, 4 DBI villages shown.")
    assert overflow <= 0
    assert map_box is not None and map_box["width"] <= VIEWPORTS[viewport]["width"]
    # the mean colours the same points differently, each still like its legend swatch
    assert len(mean_markers) == 47
    assert mean_markers != markers
    assert all(m["fill"] == swatches[m["band"]] for m in mean_markers)
    # with the band filter only areas with high villages remain, coloured by those villages
    assert 0 < len(high_markers) < 47
    assert {m["band"] for m in high_markers} == {"high"}
