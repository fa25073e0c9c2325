"""A fresh look at every built page, the way a new reader meets it, for a person to review.

``python -m coursetools.freshlook [PAGE ...]`` serves ``_build/html`` on 127.0.0.1, opens each
page in Debian's headless Chromium and writes into ``tests/output/fresh/``:

- screenshots of the top of the page in four ways: light and dark at desktop width, a
  375-pixel phone, and 200 % zoom (a 1280-pixel window at device scale 2, so CSS sees 640
  pixels, as a browser zoomed to 200 % does);
- ``<page>.aria.txt``: the accessibility tree a screen reader reads (Playwright's ARIA
  snapshot of the article);
- ``report.md``: per page, what a machine can flag for the person reviewing: content wider than
  the phone's screen, keyboard stops without a visible focus indicator, images without alt
  text, and how many Tab presses reach the first exercise control.

It judges nothing itself: the screenshots are for a person to look at.  ``make freshlook``
runs it after ``make book``.
"""

from __future__ import annotations

import argparse
import http.server
import re
import sys
import threading
from functools import partial
from pathlib import Path

from casebook.paths import repo_root

from .bench import CHROMIUM_FLAGS
from .cli import QuietHandler, find_chromium

VIEWS = {"light": ({"width": 1280, "height": 900}, 1, "light"),
         "dark": ({"width": 1280, "height": 900}, 1, "dark"),
         "phone": ({"width": 375, "height": 740}, 2, "light"),
         "zoom200": ({"width": 640, "height": 450}, 2, "light")}

# When the page itself scrolls sideways, the elements of the article that reach past the right
# edge of the screen (content inside a box that scrolls on its own, like a wide table, is fine).
WIDER_THAN_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width + 1) return [];
  const scrolls = (e) => { for (let p = e.parentElement; p; p = p.parentElement) {
    if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true; } return false; };
  return [...document.querySelectorAll('article *')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && !scrolls(e)
      && getComputedStyle(e).position !== 'fixed')
    .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'));
}"""

# The element a Tab press reached, and whether the reader can see that it has focus.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {tag: el.tagName.toLowerCase(),
    text: (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 40),
    visible: r.width > 0 && r.height > 0,
    indicated: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
      || (s.boxShadow && s.boxShadow !== 'none'),
    widget: Boolean(el.closest('.cb-widget'))};
}"""


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if not p.relative_to(site).parts[0].startswith("_")
                  and p.relative_to(site).as_posix() not in {"index.html", "genindex.html"})


def slug(page: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", page.removesuffix(".html").lower()).strip("-")


def look(browser, base: str, page: str, out: Path) -> list[str]:
    notes = []
    for view, (viewport, scale, scheme) in VIEWS.items():
        context = browser.new_context(viewport=viewport, device_scale_factor=scale,
                                      color_scheme=scheme)
        tab = context.new_page()
        tab.goto(f"{base}/{page}", wait_until="networkidle")
        tab.screenshot(path=str(out / f"{slug(page)}--{view}.png"))
        if view in ("phone", "zoom200"):
            wide = tab.evaluate(WIDER_THAN_SCREEN)
            if wide:
                notes.append(f"{view}: wider than the screen: {', '.join(wide)}")
        if view == "light":
            try:
                tree = tab.locator("article").first.aria_snapshot(timeout=120_000)
            except Exception as err:  # a very long page: say so rather than stop the look
                tree = f"(no snapshot: {err})"
                notes.append("the accessibility tree took too long to read")
            (out / f"{slug(page)}.aria.txt").write_text(tree, encoding="utf-8")
            missing_alt = tab.evaluate("""() => [...document.querySelectorAll('article img')]
                .filter(i => !i.hasAttribute('alt')).length""")
            if missing_alt:
                notes.append(f"{missing_alt} images without alt text")
            tab.keyboard.press("Tab")
            stops = []
            for _ in range(150):
                stops.append(tab.evaluate(FOCUSED))
                tab.keyboard.press("Tab")
            stops = [s for s in stops if s]
            bare = sorted({f"{s['tag']} '{s['text']}'" for s in stops
                           if s["visible"] and not s["indicated"]})
            if bare:
                notes.append("keyboard stops with no visible focus indicator: "
                             + "; ".join(bare[:6]))
            first = next((i for i, s in enumerate(stops) if s["widget"]), None)
            if first is not None:
                notes.append(f"the first exercise control is Tab stop {first + 1}")
        context.close()
    return notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursetools.freshlook", description=__doc__)
    parser.add_argument("pages", nargs="*", help="built pages (default: every page)")
    args = parser.parse_args(argv)
    site = repo_root() / "_build" / "html"
    if not (site / "index.html").exists():
        print("No built book: run 'make book' first.", file=sys.stderr)
        return 1
    out = repo_root() / "tests" / "output" / "fresh"
    out.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    from playwright.sync_api import sync_playwright

    report = ["# A fresh look at every page", ""]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_FLAGS)
        for page in args.pages or pages(site):
            notes = look(browser, base, page, out)
            report.append(f"- `{page}`: " + ("; ".join(notes) if notes else "nothing flagged"))
            print(report[-1], flush=True)
        browser.close()
    server.shutdown()
    (out / "report.md").write_text("\n".join(report) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
