"""A pytest plugin for nbval: each page's one run under nbval also fills the book's cache.

nbval executes every cell of a page and fails on any error, including the page's hidden
assertion cells, which check the page's numbers and bands against the data.  When a page
passes, this plugin stores its outputs in the book's jupyter-cache under the page's own source
file, exactly as myst-nb would have, so the book build that follows finds every page executed
and runs none of them again: each page runs once per ``make test``.

Enabled by ``coursetools.cli nbval`` with ``-p coursetools.nbval_cache``; it reads the cache
folder and the map from converted notebooks to their MyST sources from the environment.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

import pytest

MAP_ENV = "CASEBOOK_NBVAL_MAP"
CACHE_ENV = "CASEBOOK_NBVAL_CACHE"

_outputs: dict[str, dict[int, list]] = defaultdict(dict)
_failed: set[str] = set()
_cells: dict[str, int] = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    cell_num = getattr(item, "cell_num", None)
    if cell_num is None or report.when != "call":
        return
    page = str(item.parent.fspath)
    _cells[page] = max(_cells.get(page, 0), cell_num + 1)
    if report.passed:
        outs = list(item.test_outputs or [])
        if ends_quietly(item.cell.source):
            # nbval runs cells with store_history=False, where IPython cannot see a trailing
            # semicolon; a notebook run (myst-nb's) would show no result for such a cell.
            outs = [o for o in outs if o.get("output_type") != "execute_result"]
        _outputs[page][cell_num] = outs
    else:
        _failed.add(page)


def ends_quietly(source: str) -> bool:
    """True when the cell's last line of code ends with ``;``, which hides its result."""
    lines = [line.split("#", 1)[0].rstrip() for line in source.splitlines()]
    code = [line for line in lines if line]
    return bool(code) and code[-1].endswith(";")


def cache_page(cache, source: str, outputs: list[list]) -> bool:
    """Store one page's outputs in ``cache`` as myst-nb reads the page; False if it cannot."""
    from jupyter_cache.base import CacheBundleIn

    cache.add_nb_to_project(source, read_data={"name": "myst_nb_md", "type": "plugin"})
    nb = cache.get_project_notebook(source).nb
    code = [c for c in nb.cells if c.cell_type == "code"]
    if len(code) != len(outputs):
        return False
    for count, (cell, outs) in enumerate(zip(code, outputs, strict=True), start=1):
        cell.outputs = outs
        cell.execution_count = count
    cache.cache_notebook_bundle(CacheBundleIn(nb=nb, uri=source), check_validity=False,
                                overwrite=True)
    return True


def pytest_sessionfinish(session, exitstatus):
    map_file, cache_dir = os.environ.get(MAP_ENV), os.environ.get(CACHE_ENV)
    if not map_file or not cache_dir or not Path(map_file).exists():
        return
    from jupyter_cache import get_cache

    sources = json.loads(Path(map_file).read_text())
    cache = get_cache(cache_dir)
    stored = 0
    for page, source in sources.items():
        outs = _outputs.get(page, {})
        if page in _failed or len(outs) != _cells.get(page, 0):
            continue  # a failed page, or one whose cells did not all run: the build runs it
        if cache_page(cache, source, [outs[i] for i in range(len(outs))]):
            stored += 1  # a page with no code cells is stored too, with nothing to run
    Path(map_file).with_suffix(".stored").write_text(str(stored))
