"""The book's structure: the table of contents, citations and the bibliography."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from casebook import load_bib_keys
from casebook.paths import repo_root

ROOT = repo_root()
PAGE_DIRS = ("book", "chapters", "exercises")
CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return files


def pages() -> list[Path]:
    found = []
    for folder in PAGE_DIRS:
        found += [p for p in (ROOT / folder).rglob("*.md") if p.name != "README.md"]
    return sorted(found)


def test_every_toc_entry_exists():
    missing = [f for f in toc_files() if not (ROOT / f"{f}.md").exists()
               and not (ROOT / f).exists()]
    assert missing == []


def test_every_page_is_in_the_toc():
    listed = {str(Path(f).with_suffix("")) for f in toc_files()}
    orphans = [str(p.relative_to(ROOT)) for p in pages()
               if str(p.relative_to(ROOT).with_suffix("")) not in listed]
    assert orphans == []


def test_toc_lists_each_page_once():
    files = toc_files()
    assert len(files) == len(set(files))


def test_every_cited_key_resolves():
    keys = load_bib_keys()
    unresolved = []
    for page in pages():
        for match in CITE.finditer(page.read_text(encoding="utf-8")):
            for key in match.group(1).split(","):
                if key.strip() not in keys:
                    unresolved.append(f"{page.relative_to(ROOT)}: {key.strip()}")
    assert unresolved == []


def bib_entries():
    from pybtex.database import parse_file

    return parse_file(str(ROOT / "book" / "references.bib")).entries


NOT_FOUND = "headline was not found"


def test_every_bib_entry_has_a_title_year_and_address_or_doi():
    entries = bib_entries()
    incomplete = [key for key, entry in entries.items()
                  if not (entry.fields.get("title") or NOT_FOUND in entry.fields.get("note", ""))
                  or not entry.fields.get("year")
                  or not (entry.fields.get("url") or entry.fields.get("doi"))]
    assert incomplete == []
    urls = [e.fields.get("url") for e in entries.values() if e.fields.get("url")]
    assert len(urls) == len(set(urls)), "two keys share one address"


# A description standing in for a source's own title: "Report on ...", "Copy of the ... report".
STAND_IN = re.compile(r"^(?:report|copy|article|coverage|story|summary|transcript|reprint|"
                      r"account|item)s? (?:of|on|about|from)\b", re.IGNORECASE)


def stand_in_titles(entries) -> list[str]:
    return [key for key, e in entries.items()
            if STAND_IN.search(e.fields.get("title", ""))
            or "title describes" in e.fields.get("note", "")
            or re.search(r"\bcopy of\b", e.fields.get("howpublished", ""), re.IGNORECASE)]


def bad_addresses(entries) -> list[str]:
    from urllib.parse import urlsplit

    bad = []
    for key, e in entries.items():
        url = e.fields.get("url")
        if url is None:
            continue
        parts = urlsplit(url)
        if (parts.scheme not in ("http", "https") or not parts.hostname or "." not in parts.hostname
                or re.search(r'[\\\s<>"{}|^`]', url)):
            bad.append(f"{key}: {url}")
    return bad


def test_titles_are_the_sources_own():
    """A title is the source's own headline; where it was not found, a note says so."""
    entries = bib_entries()
    assert stand_in_titles(entries) == []
    untitled = [k for k, e in entries.items() if not e.fields.get("title")]
    assert all(NOT_FOUND in entries[k].fields["note"] for k in untitled)


def test_every_address_has_a_scheme_and_a_host_and_no_escapes():
    assert bad_addresses(bib_entries()) == []


def test_the_bibliography_checks_catch_what_they_guard():
    from pybtex.database import Entry

    entries = {"a": Entry("misc", fields={"title": "Report on the FBI statement"}),
               "b": Entry("misc", fields={"title": "FBI says North Korea hacked Sony",
                                          "howpublished": "A blog (copy of The New York Times)"}),
               "c": Entry("misc", fields={"title": "Reporting on a war", "note": "Fine."})}
    assert stand_in_titles(entries) == ["a", "b"]
    urls = {"d": Entry("misc", fields={"url": r"https://example.org/did\_north\_korea"}),
            "e": Entry("misc", fields={"url": "example.org/page"}),
            "f": Entry("misc", fields={"url": "https://example.org/a b"}),
            "g": Entry("misc", fields={"url": "https://example.org/fine_page?id=1"})}
    assert [b.split(":")[0] for b in bad_addresses(urls)] == ["d", "e", "f"]


def test_pages_start_with_a_label_and_a_title():
    for page in pages():
        lines = [ln for ln in page.read_text(encoding="utf-8").splitlines()]
        body = lines
        if lines and lines[0] == "---":
            body = lines[lines.index("---", 1) + 1:]
        body = [ln for ln in body if ln.strip()]
        assert re.match(r"^\([a-z0-9-]+\)=$", body[0]), f"{page}: first line must be a label"
        assert body[1].startswith("# "), f"{page}: the label must be followed by the title"
