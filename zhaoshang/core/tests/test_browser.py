"""The demo county in a real browser: Debian's chromium driven by Playwright against
pytest-django's live server. A township reporter logs in through the form, opens
the unit tree from the navigation (on a desktop and on a phone, where the navbar is
collapsed) and sees their own township only; the page loads its static CSS and
JavaScript and breaks no Content Security Policy rule.

Never downloads a browser: `make browser` installs Debian's chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, expect, sync_playwright

from zhaoshang import demo
from zhaoshang import demo_snapshot

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
# Bootstrap 5.3's $primary: proof that bootstrap.min.css was served and applied.
BOOTSTRAP_PRIMARY = "rgb(13, 110, 253)"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("未找到 /usr/bin/chromium：请先运行 make browser")
    # Playwright's sync API keeps an event loop in this thread, which makes Django
    # refuse ORM calls from the test (fixtures, teardown flush) as async-unsafe.
    # Only this module needs the escape hatch, and only while the browser runs.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def demo_county(transactional_db) -> None:
    # The live server runs in another thread, so the data must be committed.
    demo_snapshot.load()


class Watched:
    """A page with what went wrong on it: console CSP violations, failed static files."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.csp_violations: list[str] = []
        self.failed_static: list[str] = []
        self.static_loaded: list[str] = []
        page.on("console", self._console)
        page.on("response", self._response)

    def _console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def _response(self, response: Response) -> None:
        if "/static/" in response.url:
            (self.failed_static if response.status >= 400 else self.static_loaded).append(response.url)


def log_in(watched: Watched, base_url: str, username: str) -> None:
    page = watched.page
    page.goto(f"{base_url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="您好")).to_be_visible()


def assert_sees_own_township_only(watched: Watched) -> None:
    page = watched.page
    expect(page.get_by_role("heading", name="单位架构")).to_be_visible()
    tree = page.locator(".tree")
    expect(tree.get_by_role("link", name="城关镇", exact=True)).to_be_visible()
    expect(tree).not_to_contain_text("河口镇")


def assert_page_healthy(watched: Watched) -> None:
    navbar_colour = watched.page.locator("nav.navbar").evaluate("el => getComputedStyle(el).backgroundColor")
    assert navbar_colour == BOOTSTRAP_PRIMARY
    assert any("bootstrap.bundle.min.js" in url for url in watched.static_loaded)
    assert any("htmx.min.js" in url for url in watched.static_loaded)
    assert watched.failed_static == []
    assert watched.csp_violations == []


def test_township_reporter_finds_own_township_in_the_unit_tree(browser, live_server, demo_county):
    context = browser.new_context(locale="zh-CN")
    watched = Watched(context.new_page())

    log_in(watched, live_server.url, "chengguan")
    watched.page.get_by_role("button", name="系统").click()
    watched.page.get_by_role("link", name="单位", exact=True).click()

    assert_sees_own_township_only(watched)
    assert_page_healthy(watched)
    context.close()


def test_on_a_phone_the_unit_tree_is_behind_the_collapsed_menu(browser, live_server, demo_county):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    watched = Watched(context.new_page())
    page = watched.page

    log_in(watched, live_server.url, "chengguan")
    menu = page.get_by_role("button", name="系统")
    expect(menu).to_be_hidden()
    page.get_by_role("button", name="展开菜单").click()
    menu.click()
    page.get_by_role("link", name="单位", exact=True).click()

    assert_sees_own_township_only(watched)
    assert_page_healthy(watched)
    context.close()
