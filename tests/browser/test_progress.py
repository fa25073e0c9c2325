"""The course-wide experience in a real browser: the progress page, the parts' pre- and
self-checks, glossary definitions on hover and focus, and code folded for readers who do not
program."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from casebook import course_exercises, load_quizzes

from .conftest import run_axe, screenshot

PROGRESS = "book/progress.html"
SORTER_PAGE = "exercises/01-the-sony-hack.html"
SORTER = '[data-widget="claim-sorter"][data-exercise-id="ex-01-sony-dec-2014"]'
PRE = "exercises/part-1-pre-check.html"
SAVED = """() => Object.fromEntries(Object.keys(localStorage)
    .filter(k => k.startsWith('casebook:')).map(k => [k, localStorage.getItem(k)]))"""
SELF = "exercises/part-1-self-check.html"


def row(page, exercise: str):
    return page.locator(f'.cb-progress tr[data-exercise-id="{exercise}"]')


def answer_quiz(page, exercise: str, right: int) -> float:
    """Answer every question, the first `right` of them correctly; Check; return the percent."""
    quiz = page.locator(f'[data-widget="quiz"][data-exercise-id="{exercise}"]')
    quiz.wait_for(state="visible")
    questions = load_quizzes()["check-part-1"]["questions"]
    for i, q in enumerate(questions):
        wrong = next(o["id"] for o in q["options"] if o["id"] != q["answer"])
        choice = q["answer"] if i < right else wrong
        quiz.locator(f'fieldset[data-question-id="{q["id"]}"] input[value="{choice}"]').check()
    quiz.get_by_role("button", name="Check", exact=True).click()
    return 100 * right / len(questions)


def test_progress_lists_every_exercise_with_a_working_link(open_page, base_url):
    page, watch = open_page(PROGRESS)
    exercises = course_exercises()
    rows = page.locator(".cb-progress tbody tr")
    expect(rows).to_have_count(len(exercises))
    ids = rows.evaluate_all("rs => rs.map(r => r.dataset.exerciseId)")
    assert ids == list(exercises["exercise"])
    assert set(rows.evaluate_all("rs => rs.map(r => r.dataset.state)")) == {"not-started"}
    expect(page.locator(".cb-overview")).to_have_text(
        f"0 of {len(exercises)} exercises checked, 0 in progress, {len(exercises)} not started.")
    link = row(page, "ex-01-sony-dec-2014").locator("a")
    link.click()
    page.wait_for_url(f"{base_url}/{SORTER_PAGE}")
    page.locator(SORTER).wait_for(state="visible")
    watch.assert_clean()


def test_progress_follows_answers_and_checks(open_page):
    page, watch = open_page(SORTER_PAGE)
    sorter = page.locator(SORTER)
    first = sorter.locator('select[data-control="tier"]').first
    first.select_option("2")
    progress, _ = open_page(PROGRESS)
    target = row(progress, "ex-01-sony-dec-2014")
    expect(target).to_have_attribute("data-state", "in-progress")
    expect(target.locator(".cb-state")).to_contain_text("1 answer saved")
    # Another tab checks the exercise: the open progress page follows at once.
    sorter.get_by_role("button", name="Check", exact=True).click()
    score = re.search(r"Score: ([\d.]+) %", sorter.locator(".cb-summary").inner_text())[1]
    expect(target).to_have_attribute("data-state", "checked")
    expect(target.locator(".cb-score-cell")).to_contain_text(f"{score} %")
    # A change after the Check asks for another.
    sorter.locator('select[data-control="tier"]').nth(1).select_option("1")
    expect(target).to_have_attribute("data-state", "changed")
    expect(progress.locator(".cb-overview")).to_contain_text("1 of ")
    assert run_axe(progress) == []
    screenshot(progress, "progress-after-check")
    watch.assert_clean()


def test_self_check_shows_what_the_part_taught(open_page):
    page, watch = open_page(PRE)
    before = answer_quiz(page, "check-part-1-pre", right=2)
    after_page, _ = open_page(SELF)
    after = answer_quiz(after_page, "check-part-1-self", right=5)
    summary = after_page.locator('[data-exercise-id="check-part-1-self"] .cb-summary')
    expect(summary).to_contain_text(f"On the pre-check you scored {before:.1f} %; "
                                    f"now {after:.1f} %: up {after - before:.1f} points.")
    progress, _ = open_page(PROGRESS)
    for exercise, percent in (("check-part-1-pre", before), ("check-part-1-self", after)):
        cell = row(progress, exercise).locator(".cb-score-cell")
        expect(cell).to_contain_text(f"{percent:.1f} %")
    watch.assert_clean()


def test_self_check_without_a_pre_check_says_so(open_page):
    page, _ = open_page(SELF)
    answer_quiz(page, "check-part-1-self", right=3)
    expect(page.locator('[data-exercise-id="check-part-1-self"] .cb-summary')).to_contain_text(
        "There is no Check of the pre-check saved in this browser")


def test_export_clear_undo_and_import_keep_everything(open_page, tmp_path):
    page, _ = open_page(PRE)
    answer_quiz(page, "check-part-1-pre", right=4)
    progress, watch = open_page(PROGRESS)
    target = row(progress, "check-part-1-pre")
    expect(target).to_have_attribute("data-state", "checked")
    saved = progress.evaluate(SAVED)
    with progress.expect_download() as download:
        progress.get_by_role("button", name="Export all progress").click()
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    data = json.loads(exported.read_text())
    assert data["format"] == "casebook-progress" and data["records"] == saved
    # Clear asks first; Cancel changes nothing.
    progress.get_by_role("button", name="Clear all progress").click()
    progress.get_by_role("button", name="Cancel").click()
    expect(target).to_have_attribute("data-state", "checked")
    progress.get_by_role("button", name="Clear all progress").click()
    progress.locator(".cb-confirm").get_by_role("button", name="Clear all progress").click()
    expect(target).to_have_attribute("data-state", "not-started")
    assert progress.evaluate(SAVED) == {}
    progress.get_by_role("button", name="Undo").click()
    expect(target).to_have_attribute("data-state", "checked")
    # Clear again, then bring everything back from the exported file.
    progress.get_by_role("button", name="Clear all progress").click()
    progress.locator(".cb-confirm").get_by_role("button", name="Clear all progress").click()
    expect(target).to_have_attribute("data-state", "not-started")
    progress.locator('input[type="file"]').set_input_files(str(exported))
    expect(progress.locator(".cb-confirm")).to_contain_text(f"add {len(saved)} saved records")
    progress.locator(".cb-confirm").get_by_role("button", name="Import progress").click()
    expect(target).to_have_attribute("data-state", "checked")
    restored = progress.evaluate(SAVED)
    assert restored == saved
    # A file that is not a progress file changes nothing and says why.
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"format": "casebook-quiz", "answers": {}}))
    progress.locator('input[type="file"]').set_input_files(str(wrong))
    expect(progress.locator(".cb-summary")).to_contain_text("is not a progress file")
    watch.assert_clean()


def test_glossary_definition_on_hover_focus_and_escape(open_page):
    page, watch = open_page("book/intro.html")
    term = page.locator("a.cb-term").first
    definition = term.get_attribute("data-cb-definition")
    assert definition and len(definition) > 40
    tip = page.locator("#cb-term-tip")
    term.hover()
    expect(tip).to_be_visible()
    expect(tip).to_have_text(definition)
    expect(tip).to_have_attribute("role", "tooltip")
    page.mouse.move(0, 0)
    expect(tip).to_be_hidden()
    term.focus()
    expect(tip).to_be_visible()
    assert term.get_attribute("aria-describedby") == "cb-term-tip"
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    assert term.evaluate("el => el === document.activeElement"), "Escape keeps the reader's place"
    watch.assert_clean()


def test_code_is_folded_and_output_wraps_on_a_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(f"{base_url}/chapters/03-the-case-for-north-korea/02-trace-the-official-case.html")
    folds = page.locator("details.hide.above-input")
    assert folds.count() > 0
    assert not any(folds.evaluate_all("ds => ds.map(d => d.open)"))
    expect(folds.first.locator("summary")).to_contain_text("Show the code")
    assert page.locator(".cell_input").first.is_hidden()
    folds.first.locator("summary").click()
    assert folds.first.evaluate("d => d.open")
    overflow = page.evaluate("""() => [...document.querySelectorAll('.cell_output pre')]
        .filter(p => p.scrollWidth > p.clientWidth + 1).length""")
    assert overflow == 0
    context.close()


def test_search_opens_from_any_page_and_finds_the_course(open_page, base_url):
    """The search index loads only on the search page; searching from a page still works."""
    page, watch = open_page("chapters/04-the-skeptics-case/index.html")
    assert not any(url.endswith("searchindex.js") for url in watch.requests)
    page.locator("button.search-button__button").first.click()
    field = page.locator("#pst-search-dialog input[name='q']")
    expect(field).to_be_visible()
    field.fill("spoofability")
    field.press("Enter")
    page.wait_for_url(re.compile(r"/search\.html\?q=spoofability"))
    results = page.locator("#search-results li")
    # Sphinx adds results one by one, then says it has finished.
    expect(page.locator("#search-results .search-summary")).to_contain_text(
        "Search finished", timeout=30_000)
    assert results.count() > 3
    assert any(url.endswith("searchindex.js") for url in watch.requests)
    watch.assert_clean()


def test_widgets_sit_on_the_dark_page_without_a_light_frame(open_page):
    page, _ = open_page(PROGRESS, color_scheme="dark")
    page.locator(".cb-progress").wait_for(state="visible")
    frame = page.evaluate("""() => getComputedStyle(
        document.querySelector('.casebook-mount').parentElement).backgroundColor""")
    assert frame in ("rgba(0, 0, 0, 0)", "transparent")
