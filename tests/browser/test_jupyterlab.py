"""The sorter as a live widget in JupyterLab: a learner's placements reach Python.

Starts JupyterLab on 127.0.0.1 with a throw-away notebook, places two claims in headless
Chromium, then runs a cell that reads ``sorter.results()`` in the kernel.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

TOKEN = "casebook-test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell('from casebook import ClaimSorter\n'
                                  'sorter = ClaimSorter.for_exercise("ex-01-sony-dec-2014")\n'
                                  'sorter'),
        nbformat.v4.new_code_cell('print("RESULT", sorter.results()["placement"].tolist()[:3])'),
    ]
    nbformat.write(nb, root / "live.ipynb")
    port = free_port()
    jupyter = Path(sys.executable).with_name("jupyter")
    proc = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", "--allow-root", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", f"--ServerApp.token={TOKEN}",
         f"--ServerApp.root_dir={root}",
         # No news feed and no update check: the test talks to 127.0.0.1 only.
         "--LabApp.news_url=",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail("JupyterLab did not start")
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def test_placements_in_the_live_widget_reach_python(browser, lab):
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(f"{lab}/lab/tree/live.ipynb?token={TOKEN}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    cells = page.locator(".jp-Notebook .jp-Cell")
    # The kernel must be idle before the first Shift+Enter, or the keystroke can be lost.
    page.wait_for_selector(".jp-Notebook .jp-Cell .jp-InputArea-editor", timeout=60_000)
    page.wait_for_timeout(3000)
    cells.nth(0).locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    root = page.locator('[data-widget="claim-sorter"]')
    root.locator("select").first.wait_for(timeout=60_000)
    root.locator("select").nth(0).select_option("3")
    root.locator("select").nth(1).select_option("1")
    page.wait_for_timeout(1000)
    cells.nth(1).locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    output = cells.nth(1).locator(".jp-OutputArea-output")
    output.wait_for(timeout=30_000)
    assert output.inner_text().strip() == "RESULT [3, 1, <NA>]"
    assert [e for e in errors if "casebook" in e or "anywidget" in e] == []
    page.close()
