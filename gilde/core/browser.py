"""Browser tests: launch Debian's Chromium through Playwright's sync API.

Playwright's own browser download does not work everywhere, so the tests use
the system Chromium at /usr/bin/chromium. Without it the browser tests are
skipped, unless GILDE_REQUIRE_BROWSER=1 (as in CI), where they fail instead.

The `browser_page` fixture is made available to every test by gilde/conftest.py.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def browser_required() -> bool:
    return os.environ.get("GILDE_REQUIRE_BROWSER", "") == "1"


def _unavailable(reason: str) -> None:
    """Skip the test, or fail it when the browser is required (CI)."""
    if browser_required():
        pytest.fail(f"GILDE_REQUIRE_BROWSER=1 but the browser test cannot run: {reason}")
    pytest.skip(reason)


def screenshot_dir() -> Path:
    """var/screenshots/ under the project, created when needed."""
    from django.conf import settings

    path = Path(settings.BASE_DIR) / "var" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def launch_chromium():
    """Yield a headless Chromium (Playwright `Browser`); skip or fail when there is none."""
    if not CHROMIUM.exists():
        _unavailable(f"Chromium not installed at {CHROMIUM}; CI installs it (see .ci/run)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is a dev dependency
        _unavailable(f"Playwright is not installed ({exc}); run `make setup`")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page():
    """A page in a fresh context (no cookies) with a Dutch locale and a desktop viewport.

    One self-contained fixture, so a test module needs to import only this name.
    """
    with launch_chromium() as browser:
        context = browser.new_context(locale="nl-NL", viewport=DESKTOP)
        context.set_default_timeout(10_000)
        try:
            yield context.new_page()
        finally:
            context.close()
            # ORM calls made while Playwright's loop ran used their own connections
            # (connections are per async context); close them so none outlives the test.
            connections.close_all()


def log_in(page, base: str, user) -> None:
    """Log `user` in through the real login form (the test factories' password)."""
    from django.urls import reverse

    from gilde.core.testing import PASSWORD

    page.goto(base + reverse("account_login"))
    form = page.locator("main form:has(input[name=password])")
    form.locator("input[name=login]").fill(user.email)
    form.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        form.locator("[type=submit]").click()
