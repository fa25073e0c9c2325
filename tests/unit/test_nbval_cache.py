"""nbval's one run of a page is stored so the book build finds it executed (run once)."""

from __future__ import annotations

import nbformat
import pytest

from coursetools.nbval_cache import cache_page, ends_quietly

PAGE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# A page

```{code-cell} ipython3
x = 1 + 1
x
```

Some prose.

```{code-cell} ipython3
print(x)
```
"""


@pytest.mark.parametrize(("source", "quiet"), [
    ("plot(x);", True), ("plot(x);  # a comment", True), ("plot(\n    x,\n);\n\n", True),
    ("plot(x)", False), ("a = 1; b = 2\nb", False), ("", False), ("x = 'a;'", False),
])
def test_ends_quietly_follows_ipython(source, quiet):
    assert ends_quietly(source) is quiet


def test_cache_page_stores_outputs_where_myst_nb_looks(tmp_path):
    from jupyter_cache import get_cache

    page = tmp_path / "page.md"
    page.write_text(PAGE)
    cache = get_cache(tmp_path / "cache")
    outputs = [[nbformat.v4.new_output("execute_result", data={"text/plain": "2"},
                                       execution_count=1)],
               [nbformat.v4.new_output("stream", name="stdout", text="2\n")]]
    assert cache_page(cache, str(page), outputs) is True
    # The cache now answers the page as myst-nb reads it: nothing left to execute.
    assert [r.uri for r in cache.list_unexecuted()] == []
    record = cache.get_cached_project_nb(str(page))
    cached = cache.get_cache_bundle(record.pk).nb
    code = [c for c in cached.cells if c.cell_type == "code"]
    assert code[1].outputs[0]["text"] == "2\n"
    assert cache_page(cache, str(page), outputs[:1]) is False, "cells and outputs must match"
