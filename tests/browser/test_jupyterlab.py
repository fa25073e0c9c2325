"""The sorter and the grader as live widgets in JupyterLab: a learner's answers reach Python.

Starts JupyterLab on 127.0.0.1 with a throw-away notebook; in headless Chromium places claims
in the list view and, by keyboard, on the board, names a deciding axis and sets grades, then
runs cells that read ``results()`` in the kernel.
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
        nbformat.v4.new_code_cell('r = sorter.results()\n'
                                  'print("RESULT", r["placement"].tolist()[:3], '
                                  'r["axis_pick"].tolist()[0])'),
        nbformat.v4.new_code_cell('from casebook import ClaimGrader\n'
                                  'grader = ClaimGrader.for_exercise("ex-00-grade-claims")\n'
                                  'grader'),
        nbformat.v4.new_code_cell('g = grader.results()\n'
                                  'print("GRADES", g[g["given"].notna()][["axis", "given"]]'
                                  '.values.tolist())'),
        nbformat.v4.new_code_cell('slice_ = ClaimSorter.for_exercise('
                                  '"ex-05-sony-record-2015-01-31")\nslice_'),
        nbformat.v4.new_code_cell('s = slice_.results()\n'
                                  'print("SLICE", s["placement"].tolist()[0], len(s), '
                                  's["next_verdict"].tolist()[0] != "")'),
    ]
    nbformat.write(nb, root / "live.ipynb")
    part3 = nbformat.v4.new_notebook()
    part3.metadata["kernelspec"] = nb.metadata["kernelspec"]
    part3.cells = [
        nbformat.v4.new_code_cell('from casebook import Calibration\n'
                                  'cal = Calibration.for_exercise("cal-08-words-and-forecasts")\n'
                                  'cal'),
        nbformat.v4.new_code_cell('from casebook import ACH\n'
                                  'ach = ACH.for_matrix("ach-09-sony")\nach'),
        nbformat.v4.new_code_cell('from casebook import Assessment\n'
                                  'form = Assessment.for_case("outage")\nform'),
        nbformat.v4.new_code_cell('c = cal.results(); a = ach.results()\n'
                                  'print("PART3", c["answer"].dropna().tolist(), '
                                  'a["rating"].dropna().tolist(), form.answers.get("judgment"))'),
    ]
    nbformat.write(part3, root / "part3.ipynb")
    port = free_port()
    jupyter = Path(sys.executable).with_name("jupyter")
    proc = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", "--allow-root", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", f"--ServerApp.token={TOKEN}",
         f"--ServerApp.root_dir={root}",
         # Its own workspace, so a lab started by another test worker restores nothing here.
         f"--LabApp.workspaces_dir={root / '.workspaces'}",
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


def test_answers_in_the_live_widgets_reach_python(browser, lab):
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(f"{lab}/lab/tree/live.ipynb?reset&token={TOKEN}")
    shown = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell"
    page.wait_for_selector(shown, timeout=60_000)
    cells = page.locator(shown)
    # The kernel must be idle before the first Shift+Enter, or the keystroke can be lost.
    page.wait_for_selector(f"{shown} .jp-InputArea-editor", timeout=60_000)
    page.wait_for_timeout(3000)
    cells.nth(0).locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    root = page.locator('[data-widget="claim-sorter"]')
    tiers = root.locator('select[data-control="tier"]')
    tiers.first.wait_for(timeout=60_000)
    tiers.nth(0).select_option("3")
    root.locator('select[data-control="axis"]').nth(0).select_option("stake")
    # The third claim is placed on the board, by keyboard on its Move button.
    third = tiers.nth(2).get_attribute("data-claim-id")
    root.get_by_role("button", name="Board view").click()
    root.locator(f'button.cb-move[data-claim-id="{third}"]').focus()
    page.keyboard.press("2")
    page.keyboard.press("ArrowDown")  # 2 -> 1
    root.get_by_role("button", name="List view").click()
    tiers.nth(1).select_option("1")
    tiers.nth(1).select_option("")
    page.wait_for_timeout(1000)
    cells.nth(1).locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    output = cells.nth(1).locator(".jp-OutputArea-output")
    output.wait_for(timeout=30_000)
    assert output.inner_text().strip() == "RESULT [3, <NA>, 1] stake"
    cells.nth(2).locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    grader = page.locator('[data-widget="claim-grader"]')
    grader.locator("select").first.wait_for(timeout=60_000)
    grader.locator('select[data-axis="source_reliability"]').first.select_option("C")
    grader.locator('select[data-axis="q_layer"]').first.select_option("strategic")
    page.wait_for_timeout(1000)
    cells.nth(3).locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    output = cells.nth(3).locator(".jp-OutputArea-output")
    output.wait_for(timeout=30_000)
    assert output.inner_text().strip() == (
        "GRADES [['source_reliability', 'C'], ['q_layer', 'strategic']]")
    # A time-sliced sorter: its date on the root, only the claims public by then, and the
    # placement reaches Python with its standing at the next date.
    from casebook import load_exercises, next_changes

    spec = load_exercises()["ex-05-sony-record-2015-01-31"]
    moved = next_changes(spec["id"])
    cells.nth(4).locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    timed = page.locator('[data-widget="claim-sorter"][data-as-of="2015-01-31"]')
    timed.locator('select[data-control="tier"]').first.wait_for(timeout=60_000)
    assert timed.locator(".cb-card").count() == len(spec["claims"])
    timed.locator('select[data-control="tier"]').nth(0).select_option("2")
    timed.get_by_role("button", name="Check", exact=True).click()
    expect_next = timed.locator(f'.cb-next[data-next-as-of="{spec["next_as_of"]}"]')
    expect_next.wait_for(timeout=10_000)
    page.wait_for_timeout(1000)
    cells.nth(5).locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    output = cells.nth(5).locator(".jp-OutputArea-output")
    output.wait_for(timeout=30_000)
    first_moves = spec["claims"][0] in moved.index
    assert output.inner_text().strip() == f"SLICE 2 {len(spec['claims'])} {first_moves}"
    assert [e for e in errors if "casebook" in e or "anywidget" in e] == []
    page.close()


def run_cell(page, cells, i):
    cells.nth(i).locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")


def test_part3_widgets_live_answers_reach_python(browser, lab):
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(f"{lab}/lab/tree/part3.ipynb?reset&token={TOKEN}")
    # Only the notebook on show: JupyterLab may keep another one open behind it.
    shown = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell"
    page.wait_for_selector(f"{shown} .jp-InputArea-editor", timeout=60_000)
    page.wait_for_timeout(3000)
    cells = page.locator(shown)
    run_cell(page, cells, 0)
    cal = page.locator('[data-widget="calibration"]')
    number = cal.locator('input[data-item^="p:"]').first
    number.wait_for(timeout=60_000)
    number.fill("70")
    number.press("Tab")
    run_cell(page, cells, 1)
    ach = page.locator('[data-widget="ach"]')
    ach.locator("select[data-hypothesis]").first.wait_for(timeout=60_000)
    ach.locator("select[data-hypothesis]").first.select_option("II")
    run_cell(page, cells, 2)
    form = page.locator('[data-widget="assessment"]')
    judgment = form.locator('[data-item="judgment"]')
    judgment.wait_for(timeout=60_000)
    judgment.fill("A technical failure is unlikely.")
    judgment.press("Tab")
    page.wait_for_timeout(1000)
    run_cell(page, cells, 3)
    output = cells.nth(3).locator(".jp-OutputArea-output")
    output.wait_for(timeout=30_000)
    assert output.inner_text().strip() == "PART3 [70] ['II'] A technical failure is unlikely."
    assert [e for e in errors if "casebook" in e or "anywidget" in e] == []
    page.close()
