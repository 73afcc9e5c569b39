"""In Chromium: the demo field officer of Kanim Ponorogo signs in and sees the office's work area only.

Runs against pytest-django's live server with the demo data; checks the home page
in Indonesian (the default) and in English, at desktop and phone width, and keeps
a screenshot of each in ``test-artifacts/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 812}}


@pytest.fixture
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium package.")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); CI runs this test.")
    return CHROMIUM


@pytest.fixture
def field_officer(transactional_db, tmp_path):
    """Load the demo (committed: the live server runs in another thread) and return a login."""
    from pimpasa.demo.credentials import credentials_read
    from pimpasa.demo.data import PROVINCES
    from pimpasa.demo.services import demo_load
    from pimpasa.regions.services import region_import

    region_import(prefixes=PROVINCES)
    path = tmp_path / "demo-credentials.txt"
    demo_load(credentials_path=path)
    return "field_ponorogo", credentials_read(path)["field_ponorogo"].password


def _scope_heading(language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        return translation.gettext("Your scope")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_field_officer_sees_ponorogo_trenggalek_pacitan_in_both_languages(
    live_server, field_officer, chromium_path, viewport
):
    from playwright.sync_api import sync_playwright

    username, password = field_officer
    heading_id, heading_en = _scope_heading("id"), _scope_heading("en")
    assert heading_id != heading_en  # the Indonesian catalogue is compiled
    ARTIFACTS.mkdir(exist_ok=True)
    seen: dict[str, dict[str, object]] = {}

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path), headless=True, args=CHROMIUM_FLAGS
        )
        try:
            # An English browser: pages still speak Indonesian until the user switches.
            context = browser.new_context(viewport=VIEWPORTS[viewport], locale="en-US")
            page = context.new_page()
            page.goto(f"{live_server.url}/")
            # anonymous: sent to the real login form
            assert "/accounts/login/" in page.url
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", password)
            page.click("#login-form button[type=submit]")
            page.wait_for_url(f"{live_server.url}/")

            for language in ("id", "en"):
                if language == "en":
                    if viewport == "phone":
                        page.click("label.nav-toggle-label")  # the menu holds the language buttons
                    page.click("form.langform button[value=en]")
                    page.wait_for_load_state()
                page.screenshot(
                    path=str(ARTIFACTS / f"home-field-officer-{viewport}-{language}.png"), full_page=True
                )
                seen[language] = {
                    "lang": page.locator("html").get_attribute("lang"),
                    "heading": page.locator("#scope h2").inner_text().strip(),
                    "regions": page.locator("#scope-regions li a").all_inner_texts(),
                    "body": page.locator("body").inner_text(),
                }
        finally:
            browser.close()

    expected_regions = ["Kabupaten Pacitan", "Kabupaten Ponorogo", "Kabupaten Trenggalek"]
    assert seen["id"]["lang"] == "id"
    assert seen["id"]["heading"] == heading_id
    assert seen["en"]["lang"] == "en"
    assert seen["en"]["heading"] == heading_en
    for language in ("id", "en"):
        assert seen[language]["regions"] == expected_regions
        assert "Cianjur" not in str(seen[language]["body"])
