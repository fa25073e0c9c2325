"""No sentence of the seed news report is copied into the course (paraphrase, don't copy)."""

from __future__ import annotations

from pathlib import Path

from casebook.paths import repo_root
from coursetools.textcheck import copied_runs, fingerprints

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "seed-report.shingles"
TEXT_SUFFIXES = {".md", ".py", ".csv", ".yml", ".yaml", ".bib", ".js", ".txt", ".json"}
SKIP_DIRS = {".git", ".venv", "_build", "node_modules", "output", "__pycache__", "vendor"}


def test_fingerprint_file_is_present_and_full():
    prints = FIXTURE.read_text().split()
    assert len(prints) > 400  # the report has about 500 words


def test_the_check_finds_a_copied_run():
    text = "one two three four five six seven eight nine ten eleven"
    assert copied_runs("x " + text + " y", fingerprints(text)) == 2


def test_no_file_copies_the_seed_report():
    prints = set(FIXTURE.read_text().split())
    root = repo_root()
    hits = []
    for path in root.rglob("*"):
        if (path.is_file() and path.suffix in TEXT_SUFFIXES
                and not SKIP_DIRS.intersection(path.relative_to(root).parts)
                and path.name != FIXTURE.name):
            n = copied_runs(path.read_text(encoding="utf-8", errors="ignore"), prints)
            if n:
                hits.append(f"{path.relative_to(root)} ({n} runs)")
    assert hits == []
