"""The progress page: every exercise of the course and its state in this browser.

The widget holds the course's map (parts, exercises, links); the state of each exercise is read
in the browser from what the exercises saved there: their answers, and the outcome of their
last Check.  Nothing about a learner leaves the browser.
"""

from __future__ import annotations

import pandas as pd
import traitlets as t

from ..course import course_exercises, page_link
from .base import CourseWidget, bundled_esm


class Progress(CourseWidget):
    """Every exercise with its state (not started, in progress, checked, score) and a link.

    Examples
    --------
    >>> progress = Progress.for_course()  # doctest: +SKIP
    >>> progress.table()  # the exercises it lists, in reading order  # doctest: +SKIP
    """

    _widget_name = "progress"
    _id_trait = "title"
    _esm = bundled_esm("progress")
    _static_keys = ("title", "parts")
    _fallback_text = ("The progress list needs JavaScript, because your answers are saved in "
                      "this browser; each exercise's page still works on its own.")

    title = t.Unicode().tag(sync=True)
    parts = t.List(t.Dict()).tag(sync=True)

    @classmethod
    def for_course(cls, page: str = "book/progress") -> Progress:
        """Build the list as seen from ``page`` (its docname), so its links are relative."""
        exercises = course_exercises()
        parts: list[dict] = []
        for row in exercises.itertuples():
            if not parts or parts[-1]["caption"] != row.part:
                parts.append({"caption": row.part, "exercises": []})
            parts[-1]["exercises"].append({
                "widget": row.widget, "exercise": row.exercise, "title": row.title,
                "page_title": row.page_title, "href": page_link(page, row.page),
                "source": page_link(page, row.page).removesuffix(".html") + ".md"})
        return cls(title="Your progress through the course, in this browser", parts=parts)

    def __repr__(self) -> str:
        n = sum(len(p["exercises"]) for p in self.parts)
        return f"Progress(parts={len(self.parts)}, exercises={n})"

    def table(self) -> pd.DataFrame:
        """The exercises listed, one row each: ``part``, ``exercise``, ``title``, ``page``."""
        return pd.DataFrame([{"part": p["caption"], "exercise": e["exercise"], "title": e["title"],
                              "page": e["page_title"]}
                             for p in self.parts for e in p["exercises"]])
