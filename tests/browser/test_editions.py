"""The built book as published: both editions, the notebooks and zip it offers, its meta
descriptions and its glossary links.  These read the built files; `make test` builds both
editions before it runs them."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from casebook.paths import repo_root
from coursetools.cli import page_sources
from coursetools.sphinxext import OFFLINE_ZIP, term_pattern

ROOT = repo_root()
LEARNER = ROOT / "_build" / "html"
INSTRUCTOR = ROOT / "_build" / "instructor" / "html"


def html_pages(site: Path) -> list[str]:
    if not site.exists():
        return []
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if not p.relative_to(site).parts[0].startswith("_")
                  and p.relative_to(site).as_posix() != "index.html")


PAGES = html_pages(LEARNER)
NOTEBOOKS = [p.relative_to(ROOT).with_suffix("").as_posix() for p in page_sources(ROOT)]


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def instructor_site() -> Path:
    if not (INSTRUCTOR / "index.html").exists():
        pytest.fail("No instructor edition in _build/instructor/html: run 'make instructor'.")
    return INSTRUCTOR


def test_both_editions_hold_the_same_pages(instructor_site):
    assert PAGES, "no built book: run 'make book'"
    assert html_pages(instructor_site) == PAGES


@pytest.mark.parametrize("page", NOTEBOOKS)
def test_every_page_offers_its_notebook(page):
    html = soup(LEARNER, f"{page}.html")
    hrefs = [a["href"] for a in html.select("a[href]") if a["href"].endswith(f"{page}.ipynb")]
    assert hrefs, f"{page}: no .ipynb in the download menu"
    target = (LEARNER / page).parent / hrefs[0]
    notebook = json.loads(target.resolve().read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4 and notebook["cells"]
    # The executed notebook: every code cell ran, in order, and carries its outputs.
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_a_meta_description(page):
    html = soup(LEARNER, page)
    meta = html.select('meta[name="description"]')
    assert len(meta) == 1, page
    text = meta[0]["content"]
    assert 40 <= len(text) <= 301, text
    do = next((p for p in html.select("article p") if p.strong
               and p.strong.get_text().replace("\u2019", "'").startswith("What you'll do")), None)
    if do is not None:
        first = do.get_text(" ", strip=True).split(":", 1)[1].strip()
        assert text[:30].lower() == first[:30].lower()


def instructor_free(path: Path) -> bool:
    text = path.read_text(encoding="utf-8", errors="ignore")
    return "cb-instructor" not in text and "For instructors" not in text


def test_the_learner_edition_holds_no_instructor_material():
    files = [p for p in LEARNER.rglob("*") if p.is_file() and p.suffix in
             {".html", ".js", ".md", ".ipynb", ".txt"} and p.name != "casebook.css"]
    assert len(files) > len(PAGES)
    leaks = [str(p.relative_to(LEARNER)) for p in files if not instructor_free(p)
             and p.name not in {"casebook-widgets.js"}]
    assert leaks == []


def test_the_instructor_edition_marks_its_notes_and_opens_solutions(instructor_site):
    pages = ["book/how-to-weigh-a-claim.html",
             *(f"{p.relative_to(ROOT).with_suffix('').as_posix()}.html"
               for p in sorted(ROOT.glob("chapters/*/index.md"))),
             *(f"exercises/{p.stem}.html" for p in sorted(ROOT.glob("exercises/[0-9]*.md")))]
    assert len(pages) == 21
    for page in pages:
        html = soup(instructor_site, page)
        notes = html.select("article .cb-instructor")
        assert notes and "For instructors" in notes[0].get_text(), page
    solutions = soup(instructor_site, "exercises/03-the-case-for-north-korea.html").select(
        "div.solution")
    assert solutions and not any("dropdown" in s["class"] for s in solutions)
    learner = soup(LEARNER, "exercises/03-the-case-for-north-korea.html").select("div.solution")
    assert learner and all("dropdown" in s["class"] for s in learner)


def article_without_notes(site: Path, page: str) -> str:
    html = soup(site, page).select_one("article.bd-article")
    for note in html.select(".cb-instructor"):
        note.decompose()
    for node in html.select("div.solution"):
        node["class"] = [c for c in node["class"] if c != "dropdown"]
    return re.sub(r"\s+", " ", str(html))


@pytest.mark.parametrize("page", [p for p in PAGES if p not in {"search.html", "genindex.html"}])
def test_editions_differ_only_by_instructor_material(instructor_site, page):
    assert article_without_notes(instructor_site, page) == article_without_notes(LEARNER, page)


def test_the_offline_zip_holds_the_learner_edition():
    archive = LEARNER / OFFLINE_ZIP
    with zipfile.ZipFile(archive) as z:
        names = set(z.namelist())
        assert {f"who-did-it/{p}" for p in PAGES} <= names
        assert {"who-did-it/index.html", "who-did-it/_static/casebook-widgets.js"} <= names
        assert not any(n.endswith(".zip") for n in names)
        assert all("cb-instructor" not in z.read(f"who-did-it/{p}").decode() for p in PAGES)
    how_to = soup(LEARNER, "book/how-to-use.html")
    link = how_to.select_one('a[href$="who-did-it-offline.zip"]')
    assert (LEARNER / "book" / link["href"]).resolve() == archive.resolve()


def glossary() -> tuple[dict[str, str], dict[str, str]]:
    html = soup(LEARNER, "book/glossary.html")
    terms, definitions = {}, {}
    for dt in html.select("dl.glossary dt[id]"):
        terms[dt["id"]] = dt.find(string=True, recursive=False).strip()
        dd = dt.find_next_sibling("dd")
        definitions[dt["id"]] = " ".join(dd.get_text(" ").split())
    return terms, definitions


SKIP_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "pre", "code", "script", "style", "a", "table",
             "figcaption", "summary", "button", "noscript", "dt"}
SKIP_CLASSES = {"cell_input", "cell_output", "casebook-mount", "admonition-title", "solution",
                "cb-instructor", "caption-text", "rubric", "citation"}


def unlinked_first_uses(page: str, terms: dict[str, str]) -> list[str]:
    """Glossary terms whose first use in the page's prose comes before any link to them."""
    ordered = sorted(terms, key=lambda k: len(terms[k]), reverse=True)
    pattern = term_pattern([terms[k] for k in ordered])
    article = soup(LEARNER, page).select_one("article.bd-article")
    seen, missing = set(), []
    for node in article.descendants:
        if getattr(node, "name", None) == "a" and "#term-" in node.get("href", ""):
            seen.add(node["href"].rsplit("#", 1)[-1])
            continue
        if node.name is not None:
            continue
        inside = []
        for p in node.parents:
            if p is article:
                break
            inside.append(p)
        if any(p.name in SKIP_TAGS or set(p.get("class", [])) & SKIP_CLASSES for p in inside):
            continue
        for match in pattern.finditer(str(node)):
            term_id = ordered[match.lastindex - 1]
            if term_id not in seen:
                missing.append(match.group(0))
                seen.add(term_id)
    return missing


@pytest.mark.parametrize("page", [p for p in PAGES if p not in
                                  {"book/glossary.html", "search.html", "genindex.html"}])
def test_glossary_terms_are_linked_at_first_use(page):
    terms, _ = glossary()
    assert len(terms) > 40
    assert unlinked_first_uses(page, terms) == []


def test_term_links_carry_their_definition():
    _, definitions = glossary()
    checked = 0
    for page in PAGES:
        for link in soup(LEARNER, page).select("a.cb-term"):
            term_id = link["href"].rsplit("#", 1)[-1]
            assert link["data-cb-definition"] == definitions[term_id], (page, term_id)
            checked += 1
    assert checked > 200


@pytest.mark.parametrize("site", [LEARNER, INSTRUCTOR], ids=["learner", "instructor"])
def test_the_cut_down_fonts_hold_every_icon_the_pages_use(site):
    """Every fa-NAME a page or script names, and every glyph the theme's CSS draws, has its
    glyph in the icon fonts the build cut down."""
    from fontTools.ttLib import TTFont

    from coursetools.sphinxext import FONTS, icon_codepoints, used_icons

    css = next(ROOT.joinpath(".venv").glob(
        "lib/python3*/site-packages/pydata_sphinx_theme/theme/pydata_sphinx_theme/static/"
        "styles/pydata-sphinx-theme.css"))
    names, direct = icon_codepoints(css.read_text(encoding="utf-8"))
    wanted = {names[n] for n in used_icons(site) if n in names} | direct
    held = set()
    for name in ("fa-solid-900.woff2", "fa-brands-400.woff2", "fa-regular-400.woff2"):
        font = site / FONTS / name
        assert font.stat().st_size < 20_000, f"{name} was not cut down"
        held |= set(TTFont(str(font)).getBestCmap())
    assert len(wanted) > 15 and wanted - held == set()


def test_search_loads_its_index_only_on_the_search_page():
    assert "searchindex.js" in (LEARNER / "search.html").read_text(encoding="utf-8")
    for page in PAGES:
        if page != "search.html":
            assert "searchindex.js" not in (LEARNER / page).read_text(encoding="utf-8"), page
