"""Browser fixtures: the built book served on 127.0.0.1 and driven in Debian's headless Chromium.

Every page a test opens records its console errors, uncaught exceptions, failed requests and any
request to a host other than the local server (those are blocked and recorded, so a test can
assert there were none).
"""

from __future__ import annotations

import http.server
import importlib.util
import threading
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import urlparse

import pytest

from casebook.paths import repo_root
from coursetools.cli import QuietHandler, find_chromium

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]
OUTPUT = Path(__file__).resolve().parents[1] / "output"
# axe-core as the maintained PyPI package axe-playwright-python ships it (pinned in
# requirements.txt), so an update is a version bump, not a vendored file.
AXE = Path(importlib.util.find_spec("axe_playwright_python").origin).parent / "axe.min.js"


class QuietServer(http.server.ThreadingHTTPServer):
    """The test server; a browser that closes a page mid-download is not an error."""

    def handle_error(self, request, client_address):
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def site_dir() -> Path:
    html = repo_root() / "_build" / "html"
    if not (html / "index.html").exists():
        pytest.fail("No built book in _build/html: run 'make book' (make test builds it first).")
    return html


@pytest.fixture(scope="session")
def base_url(site_dir):
    handler = partial(QuietHandler, directory=str(site_dir))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    if not executable:
        pytest.fail("Chromium is missing: 'python -m coursetools.cli ensure-browser' says how to "
                    "install it.")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@dataclass
class Watch:
    """What a page did that a reader would not want: errors and requests to other hosts."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def assert_clean(self):
        assert self.foreign_requests == [], "requests to other hosts"
        assert self.console_errors == [], "console errors"
        assert self.page_errors == [], "uncaught page errors"
        assert self.failed_requests == [], "failed requests"


def watched_page(context, host: str):
    page = context.new_page()
    watch = Watch()

    def route(route_, request):
        parsed = urlparse(request.url)
        if parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname != host:
            watch.foreign_requests.append(request.url)
            return route_.abort()
        return route_.continue_()

    page.route("**/*", route)
    page.on("console", lambda msg: msg.type == "error" and watch.console_errors.append(
        f"{msg.text} @ {msg.location.get('url', '')}"))
    page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
    page.on("request", lambda req: watch.requests.append(req.url))
    # A request the page itself cancels (a reload while the favicon loads) is not a failure;
    # missing files show up as HTTP errors below.
    page.on("requestfailed", lambda req: urlparse(req.url).hostname == host
            and req.failure != "net::ERR_ABORTED"
            and watch.failed_requests.append(f"{req.url}: {req.failure}"))
    page.on("response", lambda resp: resp.status >= 400 and watch.failed_requests.append(
        f"{resp.url}: HTTP {resp.status}"))
    return page, watch


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1100, "height": 900}, accept_downloads=True)
    yield ctx
    ctx.close()


@pytest.fixture
def open_page(context, base_url):
    """Open a built page by its path; returns (page, watch)."""

    def _open(path: str, color_scheme: str = "light"):
        page, watch = watched_page(context, "127.0.0.1")
        page.emulate_media(color_scheme=color_scheme)
        page.goto(f"{base_url}/{path}", wait_until="load")
        return page, watch

    return _open


def run_axe(page) -> list[dict]:
    """Run axe-core on the page; return serious and critical violations."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        // preload: false stops axe re-fetching stylesheets itself (it resolves the theme's
        // @import against the page, not the stylesheet, and requests a file that does not exist).
        const r = await axe.run(document, {resultTypes: ['violations'], preload: false});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


def screenshot(page, name: str, locator=None) -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{name}.png"
    (locator or page).screenshot(path=str(path))
    return path
