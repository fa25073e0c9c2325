"""The book is never stale: a change to the seeds, the bibliography, the library or a page is
noticed, by the Makefile's build and by a plain ``jupyter-book build`` (the Sphinx extension)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from coursetools import cli, sphinxext


@pytest.fixture
def root(tmp_path) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "claims.csv").write_text("id\nsony-x\n")
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "references.bib").write_text("@misc{a, title={A}}\n")
    (tmp_path / "book" / "lesson.md").write_text("---\nkernelspec:\n  name: python3\n---\n# L\n")
    (tmp_path / "book" / "plain.md").write_text("# Plain\n")
    (tmp_path / "chapters" / "01-x").mkdir(parents=True)
    (tmp_path / "chapters" / "01-x" / "01-a.md").write_text("# A\n")
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "01-x.md").write_text("# E\n")
    return tmp_path


def test_fingerprint_follows_seeds_and_bibliography_not_pages(root):
    first = cli.inputs_fingerprint(root)
    assert cli.inputs_fingerprint(root) == first
    (root / "chapters" / "01-x" / "01-a.md").write_text("# A edited\n")
    assert cli.inputs_fingerprint(root) == first, "a page edit is the page's own business"
    (root / "seeds" / "claims.csv").write_text("id\nsony-y\n")
    second = cli.inputs_fingerprint(root)
    assert second != first
    (root / "book" / "references.bib").write_text("@misc{b, title={B}}\n")
    assert cli.inputs_fingerprint(root) != second


def test_page_sources_take_notebook_pages_of_book_only(root):
    names = [str(p.relative_to(root)) for p in cli.page_sources(root)]
    assert names == ["book/lesson.md", "chapters/01-x/01-a.md", "exercises/01-x.md"]


def test_prepare_build_clears_only_what_the_inputs_made_stale(root):
    build = root / "_build"
    (build / ".jupyter_cache").mkdir(parents=True)
    (build / "html").mkdir()
    assert cli.prepare_build(root) is True  # no stamps yet: everything goes
    assert not (build / ".jupyter_cache").exists() and not (build / "html").exists()
    cli.write_inputs_stamp(root, cli.BOOK_STAMP)
    cli.write_inputs_stamp(root, cli.CACHE_STAMP)
    (build / ".jupyter_cache").mkdir()
    (build / "html").mkdir()
    assert cli.prepare_build(root) is False
    assert (build / ".jupyter_cache").exists() and (build / "html").exists()
    # The seeds change, and nbval refills the cache from them before the build: the book must
    # still be read again in full, but the fresh cache is kept.
    (root / "seeds" / "claims.csv").write_text("id\nsony-z\n")
    cli.write_inputs_stamp(root, cli.CACHE_STAMP)
    assert cli.prepare_build(root) is True
    assert (build / ".jupyter_cache").exists() and not (build / "html").exists()
    # Without nbval's refill, the stale cache goes too.
    (root / "seeds" / "claims.csv").write_text("id\nsony-q\n")
    assert cli.prepare_build(root) is True
    assert not (build / ".jupyter_cache").exists()
    assert cli.prepare_build(root, clean=True) is True


def test_changed_pages_lists_pages_edited_since_the_last_build(root):
    pages = cli.page_sources(root)
    assert cli.changed_pages(root, pages) == pages  # never built
    cli.write_stamp(root)
    assert cli.changed_pages(root, pages) == []
    edited = root / "exercises" / "01-x.md"
    edited.write_text("# E edited\n")
    assert cli.changed_pages(root, pages) == [edited]


def fake_app(root: Path):
    env = SimpleNamespace(found_docs={"book/lesson", "chapters/01-x/01-a", "exercises/01-x"})
    return SimpleNamespace(srcdir=str(root), env=env,
                           config=SimpleNamespace(nb_execution_cache_path="_build/.jupyter_cache"))


def test_sphinx_extension_clears_a_stale_cache_and_rereads_every_page(root):
    cache = root / "_build" / ".jupyter_cache"
    cache.mkdir(parents=True)
    app = fake_app(root)
    assert sphinxext.check_inputs(app) is True
    assert not cache.exists()
    assert sphinxext._all_outdated(app, app.env, {"book/lesson"}, set(), set()) == [
        "chapters/01-x/01-a", "exercises/01-x"]
    sphinxext._stamp_book(app, None)  # the build succeeded: the book matches the inputs
    cache.mkdir()
    assert sphinxext.check_inputs(app) is False, "both stamps now match"
    assert cache.exists()
    assert sphinxext._all_outdated(app, app.env, set(), set(), set()) == []
    (root / "seeds" / "claims.csv").write_text("id\nsony-w\n")
    assert sphinxext.check_inputs(app) is True
    assert not cache.exists()
    sphinxext._stamp_book(app, RuntimeError("the build failed"))
    assert sphinxext.check_inputs(app) is True, "a failed build leaves the book stale"
