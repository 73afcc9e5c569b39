"""In Chromium: an intelligence officer proposes a DBI candidate through the htmx step form.

Runs against the live server with the demo data and its designations, at desktop and phone
width, keeps screenshots in ``test-artifacts/`` and fails on any CSP violation.
"""

from __future__ import annotations

import os

import pytest

from tests.browser.test_home_browser import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, VIEWPORTS

pytestmark = pytest.mark.browser

CANDIDATE = "35.20.01.2001"  # Poncol, Kanim Madiun: a candidate in the demo


@pytest.fixture
def chromium():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium package.")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); CI runs this test.")
    return CHROMIUM


@pytest.fixture
def intel_madiun(transactional_db, tmp_path):
    from pimpasa.demo.credentials import credentials_read
    from pimpasa.demo.data import PROVINCES
    from pimpasa.demo.designations_data import load_designations
    from pimpasa.demo.services import demo_load
    from pimpasa.regions.services import region_import

    region_import(prefixes=PROVINCES)
    path = tmp_path / "demo-credentials.txt"
    demo_load(credentials_path=path)
    load_designations()
    return "intel_madiun", credentials_read(path)["intel_madiun"].password


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_intelligence_officer_proposes_a_candidate_in_place(live_server, intel_madiun, chromium, viewport):
    from playwright.sync_api import sync_playwright

    from pimpasa.villages.models import Designation

    designation = Designation.objects.get(village_id=CANDIDATE)
    username, password = intel_madiun
    ARTIFACTS.mkdir(exist_ok=True)
    violations: list[str] = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_FLAGS
        )
        try:
            context = browser.new_context(viewport=VIEWPORTS[viewport])
            page = context.new_page()
            page.on(
                "console",
                lambda message: (
                    violations.append(message.text) if "Content Security Policy" in message.text else None
                ),
            )
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", password)
            page.click("#login-form button[type=submit]")
            page.wait_for_url(f"{live_server.url}/")

            page.goto(f"{live_server.url}/villages/designations/")
            page.screenshot(path=str(ARTIFACTS / f"designations-list-{viewport}.png"), full_page=True)
            page.goto(f"{live_server.url}{designation.get_absolute_url()}")
            page.fill(
                "textarea[name=proposed-justification]", "Kantong PMI: banyak warga bekerja di Malaysia."
            )
            page.click("#step-proposed button[type=submit]")
            page.wait_for_selector("#step-meeting_held")
            status = page.locator("h1 .badge").get_attribute("data-status")
            path_after = page.url
            page.screenshot(path=str(ARTIFACTS / f"designation-detail-{viewport}.png"), full_page=True)
        finally:
            browser.close()

    assert status == "proposed"
    assert path_after.endswith(designation.get_absolute_url())  # swapped in place, no reload
    assert violations == []
    designation.refresh_from_db()
    assert (designation.status, designation.proposed_by.username) == ("proposed", "intel_madiun")
