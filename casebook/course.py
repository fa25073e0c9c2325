"""The course's map: its parts, its pages in reading order, and the exercises on each page.

The progress page lists every exercise of the course with a link to its page.  Rather than keep
a second list by hand, the map is read from the book itself: ``_toc.yml`` gives the parts and
the reading order, and each page's code names the widgets it builds (``ClaimSorter.for_exercise
("ex-01-sony-dec-2014")`` and the like).  Each widget is then built once, through the same
constructor the page calls, so its title and its saved-answer key are the widget's own.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pandas as pd

from .paths import repo_root

TOC = "_toc.yml"
# The constructors pages call, with an optional stage for the parts' pre- and self-checks.
CALL = re.compile(r'\b(ClaimSorter|ClaimGrader|Quiz|Calibration|ACH|Assessment)\.'
                  r'(for_exercise|for_quiz|for_matrix|for_case)\(\s*"([^"]+)"'
                  r'(?:\s*,\s*stage\s*=\s*"([a-z]+)")?\s*\)')
TITLE = re.compile(r"^# (.+)$", re.MULTILINE)


class CourseMapError(RuntimeError):
    """The course's pages cannot be read (an installed package without the book)."""


def _toc_path(root: Path) -> Path:
    path = root / TOC
    if not path.is_file():
        raise CourseMapError(
            f"{path}: the course map needs the book's table of contents and pages, which a "
            "plain install of the package does not carry; run it from the course's folder")
    return path


def course_pages(root: Path | None = None) -> pd.DataFrame:
    """Every page in reading order: ``page`` (docname), ``part`` (its caption) and ``title``."""
    import yaml

    root = root or repo_root()
    toc = yaml.safe_load(_toc_path(root).read_text(encoding="utf-8"))
    rows = []

    def visit(entry, part):
        if "file" in entry:
            rows.append((entry["file"], part))
        for child in entry.get("sections", []):
            visit(child, part)

    rows.append((toc["root"], ""))
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            visit(chapter, part.get("caption", ""))
    pages = []
    for docname, part in rows:
        source = root / f"{docname}.md"
        text = source.read_text(encoding="utf-8") if source.is_file() else ""
        title = TITLE.search(text)
        pages.append({"page": docname, "part": part,
                      "title": title.group(1).strip() if title else docname})
    return pd.DataFrame(pages)


def _widget(kind: str, method: str, ident: str, stage: str | None):
    from . import widgets

    cls = getattr(widgets, kind)
    return getattr(cls, method)(ident, stage=stage) if stage else getattr(cls, method)(ident)


def course_exercises(root: Path | None = None) -> pd.DataFrame:
    """Every exercise of the course, once, on the first page that builds it.

    Columns: ``part``, ``page``, ``page_title``, ``widget`` (the widget's name), ``exercise``
    (the id its saved answers are kept under) and ``title``.
    """
    root = root or repo_root()
    rows, seen = [], set()
    for page in course_pages(root).itertuples():
        text = (root / f"{page.page}.md").read_text(encoding="utf-8")
        for kind, method, ident, stage in CALL.findall(text):
            widget = _widget(kind, method, ident, stage or None)
            key = (widget._widget_name, widget.storage_id)
            if key in seen:
                continue
            seen.add(key)
            rows.append({"part": page.part, "page": page.page, "page_title": page.title,
                         "widget": widget._widget_name, "exercise": widget.storage_id,
                         "title": widget.title})
    return pd.DataFrame(rows, columns=["part", "page", "page_title", "widget", "exercise", "title"])


def page_link(from_page: str, to_page: str) -> str:
    """The relative address of ``to_page``'s HTML file, as seen from ``from_page``'s."""
    return posixpath.relpath(f"{to_page}.html", posixpath.dirname(from_page) or ".")
