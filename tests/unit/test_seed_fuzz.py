"""The validator never crashes: mutated seed files end in a clean load or SeedError messages.

Hypothesis takes each real seed file and damages it the ways files get damaged: bytes and lines
deleted, duplicated or swapped, cells emptied or replaced with values of the wrong type, odd
encodings.  Every run must either load or raise ``SeedError`` whose problems each name a file;
any other exception fails the test.  ``derandomize`` keeps the examples the same on every run,
so ``make test`` is repeatable; the budget keeps it well under a minute.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.paths import bib_path, seeds_dir
from casebook.validate import validate_folder

FILES = sorted(p.name for p in seeds_dir().iterdir()
               if p.suffix in (".csv", ".yml") and p.is_file())
ODD_VALUES = ["", " ", "\u200b", "0", "-1", "12", "3.5", "true", "no", "null", "~", "[]", "{}",
              "2014-02-30", "9999-99-99", "A;B", '"', "'", ",", ":", "- x", "&a", "*a",
              "\x00", "é", "\ufeff", "\\", "{{", "</script>", "x" * 300]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pristine")
    shutil.copytree(seeds_dir(), root / "seeds")
    (root / "book").mkdir()
    shutil.copy(bib_path(), root / "book" / "references.bib")
    return root


def mutate(data: bytes, draw) -> bytes:
    """Apply one damaging edit, chosen by Hypothesis, to a file's bytes."""
    lines = data.split(b"\n")
    kind = draw(st.sampled_from(["delete-bytes", "duplicate-line", "swap-lines", "delete-line",
                                 "replace-value", "insert-bytes", "truncate", "encode"]))
    n = len(data)
    if kind == "delete-bytes" and n:
        i = draw(st.integers(0, n - 1))
        return data[:i] + data[i + draw(st.integers(1, 40)):]
    if kind == "duplicate-line":
        i = draw(st.integers(0, len(lines) - 1))
        return b"\n".join(lines[:i + 1] + [lines[i]] + lines[i + 1:])
    if kind == "swap-lines" and len(lines) > 1:
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        return b"\n".join(lines)
    if kind == "delete-line":
        i = draw(st.integers(0, len(lines) - 1))
        return b"\n".join(lines[:i] + lines[i + 1:])
    if kind == "replace-value":
        i = draw(st.integers(0, len(lines) - 1))
        for sep in (b",", b": "):
            if sep in lines[i]:
                parts = lines[i].split(sep)
                k = draw(st.integers(0, len(parts) - 1))
                parts[k] = draw(st.sampled_from(ODD_VALUES)).encode("utf-8")
                lines[i] = sep.join(parts)
                break
        return b"\n".join(lines)
    if kind == "insert-bytes":
        i = draw(st.integers(0, n))
        return data[:i] + draw(st.binary(min_size=1, max_size=12)) + data[i:]
    if kind == "truncate":
        return data[:draw(st.integers(0, n))]
    if kind == "encode":
        codec = draw(st.sampled_from(["utf-16", "latin-1", "utf-8-sig", "cp1252"]))
        return data.decode("utf-8").encode(codec, errors="replace")
    return data


@settings(max_examples=80, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_seed_files_load_or_report(pristine, tmp_path_factory, data):
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(pristine / "seeds", root / "seeds")
    (root / "book").mkdir()
    shutil.copy(pristine / "book" / "references.bib", root / "book" / "references.bib")
    name = data.draw(st.sampled_from(FILES), label="file")
    path = root / "seeds" / name
    path.write_bytes(mutate(path.read_bytes(), data.draw))
    problems = validate_folder(root / "seeds", root / "book" / "references.bib")
    for problem in problems:
        assert problem.file and problem.message, problem
    # The loaders clear their caches by path and time, so each example reads its own copy.
    shutil.rmtree(root)


def test_every_seed_file_is_fuzzed():
    assert {"claims.csv", "keys.csv", "exercises.yml", "quizzes.yml", "scale.yml",
            "timeline.csv", "outages.csv", "network_counts.csv", "key_changes.csv",
            "genealogy.csv"} <= set(FILES)
