"""Browser-test helpers shared by every app's Playwright tests (the `browser` fixture itself is in
the root conftest.py): what a page requested and what failed, the house style check, screenshots.
"""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from playwright.sync_api import ConsoleMessage, Page, Request, Response, ViewportSize

SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}
BRAND_RED = "rgb(183, 28, 28)"  # #b71c1c, the header's bottom border in css/hongdun.css


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


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def assert_styled(page: Page) -> None:
    """The house stylesheet and Pico loaded and apply; htmx is on the page."""
    header = page.locator("header.site-header")
    border = header.evaluate("el => getComputedStyle(el).borderBottomColor")
    assert border == BRAND_RED
    assert header.evaluate("el => getComputedStyle(el).borderBottomWidth") == "3px"
    # Pico sets the document's font stack; without it Chromium's default serif would be used.
    assert "system-ui" in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert page.evaluate("typeof window.htmx") == "object"
