"""The library installs like any package: ``pip install .`` (not editable) into a fresh virtual
environment, then ``from casebook import load_claims`` from another folder reads the seeds that
the wheel carries, and they are the repository's, row for row.

The fresh environment borrows the project's installed dependencies through a path file, so the
test needs no network; casebook itself comes only from the wheel just built.
"""

from __future__ import annotations

import json
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from casebook import load_claims, load_exercises, load_keys
from casebook.paths import repo_root

SCRIPT = """
import json, casebook
from casebook import load_claims, load_keys, load_exercises
from casebook.paths import repo_root
claims = load_claims()
from casebook import ClaimSorter
sorter = ClaimSorter.for_exercise("ex-01-sony-dec-2014")
assert "export function render" in sorter._esm
from casebook import load_genealogy
timed = ClaimSorter.for_exercise("ex-05-sony-record-2016-02-29")
assert timed.as_of == "2016-02-29" and timed.next_record["as_of"] == "2018-09-30"
assert len(load_genealogy()) > 5
print(json.dumps({"file": casebook.__file__, "root": str(repo_root()), "claims": len(claims),
                  "ids": list(claims.index), "keys": len(load_keys()),
                  "exercises": sorted(load_exercises())}))
"""


@pytest.fixture(scope="module")
def fresh_python(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fresh")
    env_dir = root / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; "
                              "print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # Dependencies from the project's environment; casebook is not among them (it is an
    # editable install there, whose finder a nested path file does not load).
    Path(purelib, "project-deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    # Install from a copy of what a checkout holds, so the build leaves nothing in the repository.
    source = root / "checkout"
    for name in ("pyproject.toml", "README.md", "seeds", "casebook"):
        src = repo_root() / name
        if src.is_dir():
            shutil.copytree(src, source / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy(src, source / name)
    (source / "book").mkdir()
    shutil.copy(repo_root() / "book" / "references.bib", source / "book" / "references.bib")
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-build-isolation",
                    "--disable-pip-version-check", "-q", str(source)],
                   check=True, capture_output=True, text=True, cwd=root)
    shutil.rmtree(source)
    return python


def test_plain_install_reads_its_packaged_seeds_from_any_folder(fresh_python, tmp_path):
    out = subprocess.run([str(fresh_python), "-c", SCRIPT], capture_output=True, text=True,
                         cwd=tmp_path, check=True)
    result = json.loads(out.stdout)
    assert str(repo_root()) not in result["file"], "casebook came from the checkout"
    assert result["root"].endswith("casebook/_course")
    claims = load_claims()
    assert result["claims"] == len(claims) and result["ids"] == list(claims.index)
    assert result["keys"] == len(load_keys())
    assert result["exercises"] == sorted(load_exercises())


def test_the_packaged_copy_is_the_repository_data():
    package = Path(sys.modules["casebook"].__file__).parent
    for name in ("claims.csv", "keys.csv", "key_changes.csv", "genealogy.csv", "exercises.yml",
                 "scale.yml", "quizzes.yml"):
        linked = package / "_course" / "seeds" / name
        assert linked.resolve() == (repo_root() / "seeds" / name).resolve()
    assert (package / "_course" / "book" / "references.bib").resolve() == \
        (repo_root() / "book" / "references.bib").resolve()


@pytest.mark.parametrize("page", ["exercises/01-the-sony-hack.md",
                                  "exercises/08-say-how-sure-you-are.md"])
def test_a_downloaded_notebook_runs_on_a_plain_install(fresh_python, tmp_path, page):
    """What a learner does with the download button: the page as .ipynb, run from any folder."""
    import jupytext

    notebook = tmp_path / "downloaded.ipynb"
    jupytext.write(jupytext.read(repo_root() / page), notebook)
    out = subprocess.run([str(fresh_python), "-m", "nbconvert", "--to", "notebook", "--execute",
                          "--output", "ran.ipynb", str(notebook)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    ran = json.loads((tmp_path / "ran.ipynb").read_text())
    errors = [o for c in ran["cells"] for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert errors == []
