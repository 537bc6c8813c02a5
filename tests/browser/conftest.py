import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the test's own database access is
# still synchronous, so Django's async-safety check would refuse it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        message = "Debian's chromium is not installed (make test installs it as root)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()
        # What the test opened while Playwright's event loop ran (its database connections)
        # belongs to a context of its own, which the test database's teardown never sees: it
        # would find the database still in use and leave it behind.
        from django.db import connections

        connections.close_all()


@pytest.fixture
def page(browser):
    return browser.new_page(viewport={"width": 1280, "height": 900})


@pytest.fixture
def browser_context(browser):
    """New pages, each in a context of its own: two people, or two sessions of one."""

    def new_page():
        return browser.new_context(viewport={"width": 1280, "height": 900}).new_page()

    return new_page


@pytest.fixture
def samordnare(db):
    """RCC Mellansverige's coordinator, as the demo calls them."""
    from registry.models import HealthcareRegion, Membership
    from tests.conftest import _user

    return _user(
        "samordnare-mellansverige",
        Membership.Role.COORDINATOR,
        first_name="Maria",
        last_name="Samordnare",
        healthcare_region=HealthcareRegion.objects.get(code="mellansverige"),
    )


def log_in(page, live_server, username: str, password: str = "pw"):
    page.goto(f"{live_server.url}/logga-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def axe_violations(page) -> list[str]:
    """Each axe-core violation of WCAG 2.1 A/AA on the page as it is now, one line per rule."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} – "
        + "; ".join(", ".join(node["target"]) for node in v["nodes"])
        for v in found
    ]
