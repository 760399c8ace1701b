"""Browser journeys in Debian's Chromium, driven by Playwright, against the live server.

Nothing but 127.0.0.1/localhost is reachable from the browser: every other request is
aborted. Screenshots land in test-artifacts/screenshots/ for review.
"""

import os
import shutil
import threading
import time
import weakref
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from articles.models import Category, Source
from tests.factories import make_user, with_role

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "kata-sandi-uji-123"
LOCAL = {"127.0.0.1", "localhost"}


def chromium_path() -> str:
    path = os.environ.get("NEWSROOM_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    assert Path(path).exists(), "Chromium is needed: apt-get install chromium (.ci/run does)"
    return path


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop; the test thread still talks to the ORM.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def site(live_server, base_data, settings):
    """The live site with the newsroom's people and reference data."""
    settings.ROOT_URLCONF = "tests.e2e.urls"
    Source.objects.get_or_create(
        slug="beritaindonesianet",
        defaults={"name": "beritaindonesianet", "dateline_label": "beritaindonesianet"},
    )
    Category.objects.get_or_create(
        slug="pemerintahan", defaults={"name": "Pemerintahan", "position": 1}
    )
    people = {
        "wartawan": ("Wartawan", "Sutrisno", "str"),
        "redaktur": ("Redaktur", "Dewi", "dl"),
        "redaktur2": ("Redaktur", "Rudi", "rd"),
        "pemred": ("Pemimpin Redaksi", "Ahmad", "ah"),
    }
    for username, (role, first_name, initials) in people.items():
        with_role(
            make_user(
                username=username,
                first_name=first_name,
                initials=initials,
                is_staff=True,
                password=PASSWORD,
            ),
            role,
        )
    return live_server.url


def _keep_local(route):
    if urlsplit(route.request.url).hostname in LOCAL:
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def new_page(browser):
    """Open a fresh browser session (its own cookies), as many as a test needs.

    Any Content Security Policy violation in any of them fails the test.
    """
    contexts, violations = [], []

    def watch(message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            violations.append(message.text)

    def open_page(viewport=(1280, 900), *, bypass_csp=False):
        context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]},
            locale="id-ID",
            timezone_id="Asia/Jakarta",
            bypass_csp=bypass_csp,
        )
        context.route("**/*", _keep_local)
        context.set_default_timeout(15_000)
        contexts.append(context)
        context.on("console", watch)
        return context.new_page()

    yield open_page
    for context in contexts:
        # Closing sends the editor's "leave" beacon; the database is about to be flushed,
        # so nothing may reach the server any more.
        context.unroute_all(behavior="ignoreErrors")
        context.route("**/*", lambda route: route.abort())
        context.close()
    _wait_for_requests_in_flight()
    assert violations == [], violations


def _wait_for_requests_in_flight(limit=5.0):
    """Let the live server finish a request the browser sent just before it closed: the
    test database is flushed next, and SQLite refuses that while a request still reads."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and any(
        "process_request_thread" in thread.name for thread in threading.enumerate()
    ):
        time.sleep(0.02)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def checked_page(new_page):
    """A page that may inject axe-core (a test tool the site's policy rightly refuses)."""
    return new_page(bypass_csp=True)


def login(page, site, username):
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page) -> list[dict]:
    assert AXE.exists(), "axe-core missing: run `make test` (npm ci installs it)"
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))
            }));
        }"""
    )


CLS_OBSERVER = """
window.__cls = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__cls += entry.value;
  }
}).observe({type: "layout-shift", buffered: true});
"""


_observed: weakref.WeakSet = weakref.WeakSet()


def layout_shift_while_scrolling(page, url, step=300) -> float:
    """Cumulative Layout Shift, as Chromium's Layout Instability API reports it, while
    ``url`` loads and the reader scrolls to its end."""
    if page not in _observed:  # once per page: each script runs on every navigation
        page.add_init_script(CLS_OBSERVER)
        _observed.add(page)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    height = page.evaluate("document.documentElement.scrollHeight")
    for y in range(0, height, step):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(70)
    page.wait_for_timeout(300)
    return page.evaluate("window.__cls")
