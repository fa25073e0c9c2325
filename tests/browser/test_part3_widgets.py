"""Part III's widgets on the built book, as a reader meets them in headless Chromium: the
calibration widget, the ACH workbench and the assessment form, driven by keyboard, checked
against the package's own numbers, saved across a reload, and scanned with axe."""

from __future__ import annotations

import json

import pytest

from casebook import ACH, Assessment, Calibration

from .conftest import run_axe, screenshot

CAL_PAGE = "exercises/08-say-how-sure-you-are.html"
CAL_ID = "cal-08-words-and-forecasts"
ACH_PAGE = "exercises/09-compete-the-hypotheses.html"
ACH_ID = "ach-09-sony"
FORM_PAGE = "exercises/10-write-an-assessment.html"


def root_of(page, widget, exercise_id):
    root = page.locator(f'[data-widget="{widget}"][data-exercise-id="{exercise_id}"]')
    root.wait_for(state="visible")
    return root


def type_into(page, locator, text):
    """Focus a field by keyboard-equivalent focus() and type, then Tab away (fires change)."""
    locator.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.keyboard.press("Tab")


# ---------------------------------------------------------------------------------- calibration

def test_calibration_scores_what_python_scores(open_page):
    page, watch = open_page(CAL_PAGE)
    root = root_of(page, "calibration", CAL_ID)
    cal = Calibration.for_exercise(CAL_ID)
    show = root.get_by_role("button", name="Show the ranges and outcomes")
    assert show.is_disabled(), "the ranges and outcomes stay closed until a first Check"
    for i, p in enumerate(cal.phrases):
        value = (p["low"] + p["high"]) // 2 if i % 2 == 0 else min(100, p["high"] + 10)
        type_into(page, root.locator(f'input[data-item="p:{p["id"]}"]'), str(value))
        cal.say(p["id"], value)
    for i, f in enumerate(cal.forecasts):
        value = [90, 20, 50, 70][i % 4]
        type_into(page, root.locator(f'input[data-item="f:{f["id"]}"]'), str(value))
        cal.forecast(f["id"], value)
    root.get_by_role("button", name="Check", exact=True).click()
    phrases, forecasts = cal.score()
    summary = root.locator(".cb-summary").inner_text()
    assert f"Phrases: {phrases.in_range} of {phrases.total} inside ICD 203's range" in summary
    assert f"mean Brier score {forecasts.brier_milli / 1000:.3f}" in summary
    for p in cal.phrases:
        item = root.locator(f'[data-phrase-id="{p["id"]}"]')
        assert item.get_attribute("data-verdict") == phrases.per_phrase[p["id"]]
    assert not show.is_disabled()
    screenshot(page, "calibration-after-check", root)
    watch.assert_clean()


def test_calibration_refuses_a_bad_number_and_keeps_answers_on_reload(open_page):
    page, watch = open_page(CAL_PAGE)
    root = root_of(page, "calibration", CAL_ID)
    cal = Calibration.for_exercise(CAL_ID)
    first = root.locator(f'input[data-item="p:{cal.phrases[0]["id"]}"]')
    type_into(page, first, "150")
    assert "whole number from 0 to 100" in root.locator(".cb-summary").inner_text()
    assert first.input_value() == ""
    type_into(page, first, "3")
    page.reload()
    root = root_of(page, "calibration", CAL_ID)
    assert root.locator(f'input[data-item="p:{cal.phrases[0]["id"]}"]').input_value() == "3"
    watch.assert_clean()


# ----------------------------------------------------------------------------------------- ACH

def test_ach_rates_checks_and_shows_what_a_planted_item_changes(open_page):
    page, watch = open_page(ACH_PAGE)
    root = root_of(page, "ach", ACH_ID)
    ach = ACH.for_matrix(ACH_ID)
    hyps = [x["id"] for x in ach.hypotheses]
    codes = ["C", "I", "N", "II", "CC"]
    for i, e in enumerate(ach.evidence):
        for j, hyp in enumerate(hyps):
            code = e["key"][hyp] if (i + j) % 3 else codes[(i + j) % 5]
            sel = root.locator(f'select[data-claim-id="{e["id"]}"][data-hypothesis="{hyp}"]')
            sel.focus()
            sel.select_option(code)
            ach.rate(e["id"], hyp, code)
    lead = root.locator("[data-leader]").first
    assert lead.get_attribute("data-leader") == " ".join(ach.analysis()["leaders"])
    root.get_by_role("button", name="Check", exact=True).click()
    score = ach.score()
    assert f"Score: {score.percent:.1f} %." in root.locator(".cb-summary").inner_text()
    # The planted switch sets the spoofable evidence aside and names the pivots.
    root.locator('input[data-control="planted"]').check()
    planted = ach.analysis(planted=True)
    spoofable = {e["id"] for e in ach.evidence if e["spoofable"]}
    aside = root.locator('.cb-card[data-set-aside="true"]').evaluate_all(
        "els => els.map(e => e.dataset.claimId)")
    assert set(aside) == spoofable
    assert root.locator("[data-leader]").first.get_attribute("data-leader") == \
        " ".join(planted["leaders"])
    assert root.locator("[data-pivots]").first.get_attribute("data-pivots") == \
        " ".join(planted["pivots"])
    key = ach.analysis(use_key=True, planted=True)
    assert root.locator("[data-leader]").nth(1).get_attribute("data-leader") == \
        " ".join(key["leaders"])
    screenshot(page, "ach-after-check", root)
    watch.assert_clean()


# ---------------------------------------------------------------------------------- assessment

def fill(page, root, form: Assessment, values: dict) -> None:
    for item, text in values.items():
        node = root.locator(f'[data-item="{item}"]')
        if node.evaluate("n => n.tagName") == "SELECT":
            node.focus()
            node.select_option(text)
        else:
            type_into(page, node, text)
        form.write(item, text)


GOOD = {
    "judgment": "As of 31 January 2015, North Korea's government likely ordered the attack.",
    "likelihood": "likely", "confidence": "moderate",
    "confidence_basis": "Two technical lines and an official finding agree, but the strongest "
                        "evidence was withheld.",
    "evidence-1-text": "A shared command server",
    "evidence-1-source": "cioasia-20141204-wiper-similar",
    "evidence-2-text": "The FBI's three grounds",
    "evidence-2-source": "reuters-20141219-fbi-statement-text",
    "alternative-1-hypothesis": "Insiders",
    "alternative-1-why": "No insider evidence was published.",
    "alternative-2-hypothesis": "Hacktivists",
    "alternative-2-why": "The tools had a long lineage.",
    "would_change": "Evidence that the addresses were relays anyone could use.",
}


def test_assessment_flags_mixing_then_passes_and_downloads_markdown(open_page):
    page, watch = open_page(FORM_PAGE)
    root = root_of(page, "assessment", "assessment-sony")
    form = Assessment.for_case("sony")
    fill(page, root, form, {**GOOD, "judgment": "North Korea likely did it, with high confidence."})
    root.get_by_role("button", name="Check", exact=True).click()
    box = root.locator('[data-field="judgment"] .cb-findings')
    assert "puts a likelihood (likely) and a confidence (high confidence)" in box.inner_text()
    assert box.locator('[data-level="problem"]').count() == 1
    fill(page, root, form, {"judgment": GOOD["judgment"]})
    root.get_by_role("button", name="Check", exact=True).click()
    assert set(form.check()["level"]) == {"ok"}
    assert root.locator('.cb-findings [data-level="problem"], .cb-findings [data-level="missing"]'
                        ).count() == 0
    with page.expect_download() as info:
        root.get_by_role("button", name="Download as Markdown").click()
    text = open(info.value.path(), encoding="utf-8").read()
    assert text == form.markdown()
    with page.expect_download() as info:
        root.get_by_role("button", name="Download as JSON").click()
    data = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert data["assessment"]["judgment"] == GOOD["judgment"]
    assert data["assessment"]["evidence"][1]["source"] == GOOD["evidence-2-source"]
    root.get_by_role("button", name="Show the course's example").click()
    assert "The course's example" in root.locator(".cb-example").inner_text()
    screenshot(page, "assessment-after-check", root)
    watch.assert_clean()


@pytest.mark.parametrize(("path", "selector"), [
    (CAL_PAGE, '[data-widget="calibration"]'),
    (ACH_PAGE, '[data-widget="ach"]'),
    (FORM_PAGE, '[data-widget="assessment"]'),
])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_part3_widgets_have_no_serious_accessibility_violations(open_page, path, selector, scheme):
    page, watch = open_page(path, color_scheme=scheme)
    root = page.locator(selector).first
    root.wait_for(state="visible")
    root.get_by_role("button", name="Check", exact=True).click()
    violations = run_axe(page)
    assert violations == [], violations
    watch.assert_clean()


@pytest.mark.parametrize(("path", "widget", "exercise_id"), [
    (CAL_PAGE, "calibration", CAL_ID), (ACH_PAGE, "ach", ACH_ID),
    (FORM_PAGE, "assessment", "assessment-sony")])
def test_a_corrupt_save_resets_with_a_notice_and_keeps_a_copy(open_page, path, widget,
                                                               exercise_id):
    page, watch = open_page(path)
    root_of(page, widget, exercise_id)
    key = f"casebook:{widget}:{exercise_id}"
    page.evaluate("k => localStorage.setItem(k, '{not json')", key)
    page.reload(wait_until="load")
    root = root_of(page, widget, exercise_id)
    notice = root.locator(".cb-notice")
    assert notice.is_visible()
    assert "could not be read (it is not valid JSON)" in notice.inner_text()
    assert page.evaluate("k => localStorage.getItem(k + ':unreadable')", key) == "{not json"
    watch.assert_clean()


def test_ach_by_keyboard_alone_then_export_reset_and_import(open_page, tmp_path):
    from playwright.sync_api import expect

    page, watch = open_page(ACH_PAGE)
    root = root_of(page, "ach", ACH_ID)
    ach = ACH.for_matrix(ACH_ID)
    first = ach.evidence[0]["id"]
    hyp = ach.hypotheses[0]["id"]
    target = f'select[data-claim-id="{first}"][data-hypothesis="{hyp}"]'
    # Tab from the top of the page to the first rating, then choose with the arrow keys.
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)",
                         target):
            break
    else:
        raise AssertionError("Tab never reached the first rating")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    chosen = root.locator(target).input_value()
    assert chosen in ("CC", "C", "N", "I", "II")
    with page.expect_download() as info:
        root.get_by_role("button", name="Export answers").click()
    saved = tmp_path / "ach.json"
    info.value.save_as(saved)
    assert json.loads(saved.read_text())["answers"] == {f"r:{first}:{hyp}": chosen}
    root.get_by_role("button", name="Reset").click()
    root.get_by_role("button", name="Clear 1 rating").click()
    assert root.locator(target).input_value() == ""
    root.locator('input[type="file"]').set_input_files(str(saved))
    expect(root.locator(".cb-confirm")).to_contain_text("It would replace 0, add 1 and clear 0")
    root.get_by_role("button", name="Replace my answers").click()
    expect(root.locator(".cb-summary")).to_contain_text("Imported 1 rating")
    assert root.locator(target).input_value() == chosen
    page.reload()
    root = root_of(page, "ach", ACH_ID)
    assert root.locator(target).input_value() == chosen
    watch.assert_clean()
