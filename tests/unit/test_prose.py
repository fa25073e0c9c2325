"""No placeholder text reaches a reader: no TODO, no "<the thing to fill in>", in any page,
seed file or the README."""

from __future__ import annotations

import re

import pytest

from casebook.paths import repo_root

ROOT = repo_root()
FILES = sorted([*ROOT.glob("book/*.md"), *ROOT.glob("chapters/*/*.md"),
                *ROOT.glob("exercises/*.md"), *ROOT.glob("seeds/*"), ROOT / "README.md",
                ROOT / "CONTRIBUTING.md"])
MARKERS = re.compile(r"\b(?:TODO|FIXME|TBD|XXX+)\b|lorem ipsum", re.IGNORECASE)
# A MyST role keeps its own angle brackets: {ref}`the bibliography <references>`.
ROLE = re.compile(r"\{[a-z:]+\}`[^`]*`")
ANGLE = re.compile(r"<(?:[a-z]+ ){1,6}[a-z]+>")


def placeholders(text: str) -> list[str]:
    text = ROLE.sub("", text)
    return MARKERS.findall(text) + ANGLE.findall(text)


def test_the_check_catches_placeholders():
    assert placeholders("git clone <the course repository> x") == ["<the course repository>"]
    assert placeholders("TODO: write this") == ["TODO"]
    assert placeholders("see {ref}`the glossary <glossary>` and a <b>tag</b>") == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_placeholder_text(path):
    assert placeholders(path.read_text(encoding="utf-8", errors="ignore")) == []


def test_every_text_a_learner_reads_closes_its_quotes():
    # An unquoted " #" in YAML starts a comment and silently cuts an option short, which
    # leaves an opening quotation mark without its closing one.
    from casebook import load_claims, load_keys, load_quizzes

    texts = [t for quiz in load_quizzes().values() for q in quiz["questions"]
             for t in (q["prompt"], *(o[f] for o in q["options"] for f in ("text", "feedback")))]
    texts += list(load_claims()["claim"]) + list(load_keys()["rationale"])
    unbalanced = [t for t in texts if t.count('"') % 2]
    assert unbalanced == []
