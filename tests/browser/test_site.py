"""Every built page, as a reader's browser loads it: no other hosts, no errors, no broken links.

The page list comes from the built site itself and is checked against the table of contents,
so a page cannot silently drop out of the sweep.  Each page is one test, named by its path.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
import yaml

from casebook.paths import repo_root

from .conftest import OUTPUT, run_axe

SITE = repo_root() / "_build" / "html"
# Pages Sphinx writes beside the book's own: the search page and the index of terms.
GENERATED = {"search.html", "genindex.html"}


def built_pages() -> list[str]:
    if not SITE.exists():
        return []
    pages = sorted(str(p.relative_to(SITE)) for p in SITE.rglob("*.html")
                   if not p.relative_to(SITE).parts[0].startswith("_"))
    # index.html is only a redirect to the root page.
    return [p for p in pages if p != "index.html"]


PAGES = built_pages()


def toc_pages() -> set[str]:
    toc = yaml.safe_load((repo_root() / "_toc.yml").read_text())
    found = {toc["root"] + ".html"}
    found |= {m + ".html" for m in re.findall(r"file: (\S+)", (repo_root() / "_toc.yml")
                                              .read_text())}
    return found


def test_sweep_covers_every_page_in_the_toc():
    assert PAGES, "no built pages: run 'make book'"
    assert toc_pages() <= set(PAGES)
    assert set(PAGES) - toc_pages() <= GENERATED
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "sweep-pages.txt").write_text("\n".join(PAGES) + "\n")


class LinkParser(HTMLParser):
    """Collect the page's internal links, images and element ids."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def ids_of(path: Path) -> set[str]:
    parser = LinkParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.ids


def broken_links(page: str) -> list[str]:
    parser = LinkParser()
    parser.feed((SITE / page).read_text(encoding="utf-8"))
    broken = []
    base = "http://site.invalid/" + page
    for href in parser.links:
        target = urlparse(urljoin(base, href))
        if target.netloc != "site.invalid":
            continue  # links to cited sources elsewhere are fine
        path = SITE / unquote(target.path.lstrip("/"))
        if path.is_dir():
            path = path / "index.html"
        if not path.exists():
            broken.append(href)
        elif target.fragment and path.suffix == ".html" and target.fragment not in ids_of(path):
            broken.append(href)
    return broken


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page", PAGES)
def test_page_is_clean(open_page, page, scheme):
    browser_page, watch = open_page(page, color_scheme=scheme)
    browser_page.wait_for_load_state("networkidle")
    missing_images = browser_page.evaluate("""() => [...document.images]
        .filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.src)""")
    assert missing_images == []
    assert broken_links(page) == []
    assert run_axe(browser_page) == []
    watch.assert_clean()
    assert any(url.endswith(page) for url in watch.requests)
