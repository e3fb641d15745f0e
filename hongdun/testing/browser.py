"""Browser tests' kit (Playwright driving Debian's headless Chromium), loaded as a pytest plugin by
the root conftest: the `browser` and `browser_pages` fixtures, the traffic watch, the styling check
and screenshots.

Screenshots go to `var/screenshots/` (ignored by git), so a test run leaves the repository clean;
`HONGDUN_REFRESH_SCREENSHOTS=1` writes them to `docs/screenshots/` instead, where the README's
pictures live, when they are meant to be refreshed.
"""

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Response,
    ViewportSize,
    sync_playwright,
)

CHROMIUM = "/usr/bin/chromium"
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}
BRAND_RED = "rgb(183, 28, 28)"  # #b71c1c, the header's bottom border in css/hongdun.css
# The password the root conftest's make_user fixture gives every user.
PASSWORD = "pw-for-tests-only"  # noqa: S105
REFRESH_ENV = "HONGDUN_REFRESH_SCREENSHOTS"


def screenshot_dir() -> Path:
    """Where screenshots go: outside the tracked tree unless a refresh is asked for."""
    if os.environ.get(REFRESH_ENV, "") not in ("", "0"):
        return Path(settings.BASE_DIR) / "docs" / "screenshots"
    return Path(settings.BASE_DIR) / "var" / "screenshots"


def screenshot(page: Page, name: str) -> Path:
    directory = screenshot_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_styled(page: Page) -> None:
    """The house stylesheet and Pico loaded and apply; htmx is on the page."""
    header = page.locator("header.site-header")
    border = header.evaluate("el => getComputedStyle(el).borderBottomColor")
    assert border == BRAND_RED
    assert header.evaluate("el => getComputedStyle(el).borderBottomWidth") == "3px"
    # Pico sets the document's font stack; without it Chromium's default serif would be used.
    assert "system-ui" in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert page.evaluate("typeof window.htmx") == "object"


@dataclass
class Traffic:
    """Everything the page asked for, and everything that went wrong, for one browser context."""

    origin: str
    requests: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # no response at all
    bad_responses: list[tuple[int, str]] = field(default_factory=list)  # 4xx and 5xx
    errors: list[str] = field(default_factory=list)  # JavaScript errors and console errors

    def watch(self, page: Page) -> None:
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("requestfailed", self._on_failed)
        page.on("response", self._on_response)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", self._on_console)

    def _on_failed(self, request: Request) -> None:
        aborted = "ERR_ABORTED" in (request.failure or "")
        if not (aborted and self.may_be_aborted(urlsplit(request.url).path)):
            self.failures.append(request.url)

    def may_be_aborted(self, path: str) -> bool:
        """Requests a navigation may cancel without anything being wrong: the page's icon, which
        Chromium loads last, and the portal's unread-notification badge, which htmx loads after
        the page; both are dropped when the test moves on to the next page first."""
        return path.endswith("/static/favicon.svg") or path == "/notifications/unread/"

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.bad_responses.append((response.status, urlsplit(response.url).path))

    def _on_console(self, message: ConsoleMessage) -> None:
        # "Failed to load resource" repeats a bad response, which bad_responses already holds.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def assert_local_and_clean(self, *, expected: tuple[tuple[int, str], ...] = ()) -> None:
        """All requests went to the live server, static files loaded, nothing else failed."""
        foreign = [url for url in self.requests if not self._is_local(url)]
        assert not foreign, f"requests left the live server: {foreign}"
        assert any(url.endswith("/static/css/hongdun.css") for url in self.requests)
        assert any(url.endswith("/static/vendor/pico-2.0.6.min.css") for url in self.requests)
        assert any(url.endswith("/static/vendor/htmx-2.0.4.min.js") for url in self.requests)
        assert not self.failures, f"failed requests: {self.failures}"
        # Chromium asks for /favicon.ico on its own; the layouts declare no icon, so that 404s.
        unexpected = [
            bad
            for bad in self.bad_responses
            if bad not in expected and bad != (404, "/favicon.ico")
        ]
        assert not unexpected, f"error responses: {unexpected}"
        assert not self.errors, f"browser errors: {self.errors}"

    def _is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        return f"{parts.scheme}://{parts.netloc}" == self.origin and parts.hostname in (
            "localhost",
            "127.0.0.1",
        )


def watched_page(context: BrowserContext, origin: str) -> tuple[Page, Traffic]:
    """A new page of `context`, with its traffic watched from the start."""
    page = context.new_page()
    traffic = Traffic(origin=origin)
    traffic.watch(page)
    return page, traffic


def sign_in_by_session(context: BrowserContext, origin: str, user: Any) -> None:
    """Give the context a session of `user` made on the server side: for tests about a page, not
    about signing in (which `sign_in` does through the form)."""
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": origin}])


class SignsIn(Protocol):
    @property
    def username(self) -> str: ...


class BrowserPages:
    """Opens pages in fresh browser contexts, as a reader in China would (zh-CN, Shanghai), signed
    in through the login form when a user is given; closes every context at the end."""

    def __init__(self, browser: Browser, origin: str) -> None:
        self.browser = browser
        self.origin = origin
        self.contexts: list[BrowserContext] = []

    def open(
        self,
        path: str = "/",
        user: SignsIn | None = None,
        *,
        locale: str = "zh-CN",
        traffic: type[Traffic] = Traffic,
        timeout_ms: int = 15_000,
        accept_downloads: bool = True,
    ) -> tuple[Page, Traffic]:
        context = self.browser.new_context(
            viewport=VIEWPORT,
            locale=locale,
            timezone_id="Asia/Shanghai",
            accept_downloads=accept_downloads,
        )
        context.set_default_timeout(timeout_ms)
        self.contexts.append(context)
        page = context.new_page()
        watch = traffic(origin=self.origin)
        watch.watch(page)
        if user is None:
            page.goto(self.origin + path)
        else:
            sign_in(page, self.origin, user, path)
        return page, watch

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def sign_in(page: Page, origin: str, user: SignsIn, path: str) -> None:
    """Sign in through the login form and land on `path`."""
    page.goto(f"{origin}/accounts/login/?next={path}")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**{path}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium (Playwright's own browser download does not work here)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def browser_pages(browser: Browser, live_server: Any) -> Iterator[BrowserPages]:
    pages = BrowserPages(browser, live_server.url)
    yield pages
    pages.close()


OpenPage = Callable[..., tuple[Page, Traffic]]
