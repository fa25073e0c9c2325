"""The built HTML loads nothing from any other host: scripts, styles, icons, images, frames, fonts.

Ordinary links to cited sources (``<a href>``) are fine and stay; this scans only what a page
*loads*.  It reads the files, so it also covers pages and stylesheets the sweep never renders.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# (tag, attribute) pairs through which a page loads something.
LOADS = {
    ("script", "src"), ("img", "src"), ("img", "srcset"), ("iframe", "src"), ("embed", "src"),
    ("object", "data"), ("source", "src"), ("source", "srcset"), ("video", "src"),
    ("video", "poster"), ("audio", "src"), ("track", "src"), ("input", "src"),
}
LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload",
             "prefetch", "manifest", "mask-icon"}
REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.IGNORECASE)


class LoadParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.loads: list[str] = []
        self.inline_styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for attr, value in attrs.items():
            if (tag, attr) in LOADS and value:
                self.loads += [part.strip().split(" ")[0] for part in value.split(",")]
        rels = set((attrs.get("rel") or "").lower().split())
        if tag == "link" and rels & LINK_RELS and attrs.get("href"):
            self.loads.append(attrs["href"])
        if attrs.get("style"):
            self.inline_styles.append(attrs["style"])
        self._in_style = tag == "style"

    def handle_data(self, data):
        if self._in_style:
            self.inline_styles.append(data)

    def handle_endtag(self, tag):
        self._in_style = False


def remote(urls) -> list[str]:
    return [u for u in urls if REMOTE.match(u) and not u.startswith("data:")]


def test_the_scanner_catches_remote_loads():
    parser = LoadParser()
    parser.feed('<script src="https://cdn.example/x.js"></script><link rel="stylesheet" '
                'href="//fonts.example/f.css"><img src="_images/a.png"><a href="https://ok">'
                '</a><style>@import "https://x.example/y.css";</style>')
    css = [m for s in parser.inline_styles for m in CSS_URL.findall(s)]
    assert remote(parser.loads) == ["https://cdn.example/x.js", "//fonts.example/f.css"]
    assert remote(css) == ["https://x.example/y.css"]


def test_every_page_loads_only_local_files(site_dir):
    # site_dir fails the run when there is no built book, instead of collecting no pages.
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) >= 10, "the built book has too few pages"
    offending = {}
    for path in pages:
        parser = LoadParser()
        parser.feed(path.read_text(encoding="utf-8"))
        css = [m for s in parser.inline_styles for m in CSS_URL.findall(s)]
        found = remote(parser.loads) + remote(css)
        if found:
            offending[str(path.relative_to(site_dir))] = found
    assert offending == {}


def test_stylesheets_load_only_local_files(site_dir):
    offending = {}
    for path in site_dir.rglob("*.css"):
        found = remote(CSS_URL.findall(path.read_text(encoding="utf-8", errors="ignore")))
        if found:
            offending[str(path.relative_to(site_dir))] = found
    assert offending == {}
