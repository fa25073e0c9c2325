"""The course as a reader and an instructor meet it before any page is built: where it is
published and how (the workflow, Binder), code folded for readers who do not program, the
instructor material kept apart, glossary terms, the course map behind the progress page, and
the parts' pre- and self-checks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from casebook.paths import repo_root
from coursetools.cli import instructor_config, page_sources
from coursetools.sphinxext import (
    page_description,
    strip_instructor_markdown,
    strip_instructor_notebook,
    term_pattern,
)

ROOT = repo_root()
WORKFLOW = ROOT / ".github" / "workflows" / "course.yml"


def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key "on" as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def runs(job: dict) -> list[str]:
    return [step["run"].strip() for step in job["steps"] if "run" in step]


def uses(job: dict) -> list[str]:
    return [step["uses"] for step in job["steps"] if "uses" in step]


def test_workflow_tests_pull_requests_with_the_readme_command():
    flow = workflow()
    assert set(flow["on"]) >= {"push", "pull_request"}
    assert flow["on"]["push"]["branches"] == ["main"]
    test = flow["jobs"]["test"]
    assert "pull_request" in test["if"]
    assert runs(test)[-1] == "make test"
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("make test")


def test_workflow_builds_and_deploys_main_to_pages():
    flow = workflow()
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert "make book" in runs(build) and "make instructor" in runs(build)
    pages = next(s for s in build["steps"]
                 if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert pages["with"]["path"] == "_build/html"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(u.startswith("actions/deploy-pages@") for u in uses(deploy))
    # Every action is pinned to a release, never a moving branch.
    for job in flow["jobs"].values():
        for action in uses(job):
            assert re.fullmatch(r"[\w-]+/[\w-]+@v\d+(\.\d+)*", action), action


def test_workflow_caches_the_venv_on_the_lock_and_chromiums_packages():
    test = workflow()["jobs"]["test"]
    caches = {s["with"]["path"]: s["with"]["key"] for s in test["steps"]
              if s.get("uses", "").startswith("actions/cache@")}
    assert "hashFiles('requirements.txt', 'pyproject.toml')" in caches[".venv"]
    assert any("apt/archives" in path for path in caches)
    assert "chromium" in workflow()["env"]["BROWSER_PACKAGES"]


def test_config_names_the_repository_the_site_and_binder():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    repo = config["repository"]["url"]
    assert re.fullmatch(r"https://github\.com/[\w-]+/[\w-]+", repo)
    owner, name = repo.rsplit("/", 2)[-2:]
    assert config["html"]["baseurl"] == f"https://{owner}.github.io/{name}/"
    assert all(config["html"][f"use_{b}_button"] for b in ("repository", "issues", "edit_page"))
    assert config["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    how_to = (ROOT / "book" / "how-to-use.md").read_text()
    assert repo in how_to and f"{repo}.git" in how_to


def test_binder_installs_the_package_and_opens_pages_as_notebooks():
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    post = (ROOT / "postBuild").read_text()
    assert "pip install --no-deps ." in post and "jupytext-config set-default-viewer" in post
    assert (ROOT / "postBuild").stat().st_mode & 0o111, "postBuild must be executable"


CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(?P<opts>(?::[^\n]*\n)*)"
                       r"(?:---\n(?P<yaml>.*?)---\n)?", re.MULTILINE | re.DOTALL)
SOLUTION = re.compile(r"^`{3,}\{solution-start\}.*?^`{3,}\{solution-end\}",
                      re.MULTILINE | re.DOTALL)


def cell_tags(match) -> list[str]:
    found = re.search(r"tags:\s*\[([^\]]*)\]", (match["opts"] or "") + (match["yaml"] or ""))
    return [t.strip() for t in found[1].split(",")] if found else []


@pytest.mark.parametrize("page", page_sources(ROOT), ids=lambda p: str(p.relative_to(ROOT)))
def test_code_is_folded_for_readers_who_do_not_program(page):
    """Every code cell outside a solution is folded (hide-input) or hidden (remove-*)."""
    text = page.read_text(encoding="utf-8")
    solutions = [m.span() for m in SOLUTION.finditer(text)]
    for match in CODE_CELL.finditer(text):
        if any(a <= match.start() < b for a, b in solutions):
            continue
        tags = cell_tags(match)
        line = text[:match.start()].count("\n") + 1
        assert "hide-input" in tags or any(t.startswith("remove-") for t in tags), \
            f"{page.name}: the code cell at line {line} is not folded"


INSTRUCTOR_PAGES = sorted([ROOT / "book" / "how-to-weigh-a-claim.md",
                           *ROOT.glob("chapters/*/index.md"), *ROOT.glob("exercises/[0-9]*.md")])


@pytest.mark.parametrize("page", INSTRUCTOR_PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_chapter_and_problem_set_has_instructor_notes(page):
    text = page.read_text(encoding="utf-8")
    assert ":class: cb-instructor" in text
    stripped = strip_instructor_markdown(text)
    assert "cb-instructor" not in stripped and "For instructors" not in stripped
    # Only the instructor block goes: the page's own text is untouched.
    assert stripped.strip() == text[:text.index(":::{admonition} For instructors")].strip()


def test_stripping_keeps_everything_that_is_not_instructor_material():
    page = ("# Title\n\n:::{admonition} For instructors\n:class: cb-instructor\n\nKeys.\n:::\n\n"
            "::::{admonition} Note\n:class: tip\n\nKept.\n::::\n\nText after.\n")
    assert strip_instructor_markdown(page) == ("# Title\n\n\n::::{admonition} Note\n:class: tip\n\n"
                                               "Kept.\n::::\n\nText after.\n")
    notebook = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": page},
        {"cell_type": "code", "metadata": {"tags": ["instructor"]}, "source": "key_table()",
         "outputs": [], "execution_count": None},
        {"cell_type": "markdown", "metadata": {},
         "source": ":::{admonition} For instructors\n:class: cb-instructor\n\nOnly this.\n:::\n"},
        {"cell_type": "code", "metadata": {"tags": ["hide-input"]}, "source": "x = 1",
         "outputs": [], "execution_count": None}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    out = json.loads(strip_instructor_notebook(json.dumps(notebook)))
    assert [c["source"] for c in out["cells"]] == [strip_instructor_markdown(page), "x = 1"]


def test_the_instructor_build_is_the_book_with_one_switch():
    config = instructor_config(ROOT)
    plain = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["sphinx"]["config"]["casebook_edition"] == "instructor"
    assert "casebook_edition" not in plain["sphinx"]["config"]
    assert Path(config["execute"]["cache"]).is_absolute()
    assert config["parse"] == plain["parse"]
    assert config["exclude_patterns"] == plain["exclude_patterns"]


def test_terms_match_longest_first_and_in_plural():
    pattern = term_pattern(["Denial", "Non-denial", "Non-denial denial", "Band"])
    found = [(m.group(0), m.lastindex) for m in pattern.finditer(
        "A non-denial denial, a non-denial and two denials; bands, not a bandwidth.")]
    # Groups follow length order: 1 non-denial denial, 2 non-denial, 3 denial, 4 band.
    assert found == [("non-denial denial", 1), ("non-denial", 2), ("denials", 3), ("bands", 4)]
    families = term_pattern(["Indicator family"]).findall("two indicator families, one family")
    assert families == ["indicator families"]


def test_page_description_prefers_what_youll_do():
    from docutils import nodes

    doc = nodes.document(None, None)
    doc += nodes.paragraph(text="Intro text that is long enough to be a description here.")
    line = nodes.paragraph()
    line += nodes.strong(text="What you\u2019ll do:")
    line += nodes.Text(" sort twelve claims by strength.")
    doc += line
    assert page_description(doc) == "Sort twelve claims by strength."
    assert page_description(nodes.document(None, None)) == ""


def test_the_course_map_lists_every_exercise_once_with_a_page_that_exists():
    from casebook.course import CALL, course_exercises, course_pages, page_link

    exercises = course_exercises()
    assert exercises["exercise"].is_unique
    pages = set(course_pages()["page"])
    assert set(exercises["page"]) <= pages
    called = {(m[2], m[3]) for p in pages if (ROOT / f"{p}.md").is_file()
              for m in CALL.findall((ROOT / f"{p}.md").read_text())}
    stored = {e.split("-pre")[0].split("-self")[0] if e.startswith("check-part") else e
              for e in exercises["exercise"]}
    assert {ident for ident, _ in called} - {"sony", "outage"} <= stored
    assert {f"assessment-{case}" for case in ("sony", "outage")} <= set(exercises["exercise"])
    assert page_link("book/progress", "exercises/01-the-sony-hack") == \
        "../exercises/01-the-sony-hack.html"
    assert page_link("book/progress", "book/intro") == "intro.html"


def test_each_part_opens_with_a_pre_check_and_ends_with_a_self_check():
    from casebook.course import course_exercises

    exercises = course_exercises()
    for n, part in enumerate(["Part I.", "Part II.", "Part III."], start=1):
        mine = exercises[exercises["part"].str.startswith(part)]
        assert mine["exercise"].iloc[0] == f"check-part-{n}-pre"
        assert mine["exercise"].iloc[-1] == f"check-part-{n}-self"


def test_quiz_stages_keep_answers_apart_and_compare():
    from casebook import Quiz

    pre = Quiz.for_quiz("check-part-1", stage="pre")
    after = Quiz.for_quiz("check-part-1", stage="self")
    assert (pre.quiz_id, after.quiz_id) == ("check-part-1-pre", "check-part-1-self")
    assert pre.compare_with == "" and after.compare_with == "check-part-1-pre"
    assert pre.questions == after.questions
    assert pre.option_order("seed") != after.option_order("seed")
    with pytest.raises(ValueError, match="stage must be one of"):
        Quiz.for_quiz("check-part-1", stage="later")
