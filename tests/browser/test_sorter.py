"""The claim sorter on the built book, as a reader meets it in headless Chromium."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from casebook import load_exercises
from casebook.fixtures import python_results, scoring_cases

from .conftest import run_axe, screenshot

PAGE = "exercises/01-the-sony-hack.html"
EXERCISE = "ex-01-sony-dec-2014"
SORTER = f'[data-widget="claim-sorter"][data-exercise-id="{EXERCISE}"]'


@pytest.fixture(scope="module")
def exercise():
    return load_exercises()[EXERCISE]


def sorter_on(page):
    root = page.locator(SORTER)
    root.wait_for(state="visible")
    return root


def test_sorter_renders_every_claim_with_test_hooks(open_page, exercise):
    page, watch = open_page(PAGE)
    root = sorter_on(page)
    ids = root.locator("[data-claim-id].cb-card").evaluate_all(
        "els => els.map(e => e.dataset.claimId)")
    assert ids == exercise["claims"]
    assert root.get_by_role("button", name="Check", exact=True).count() == 1
    first = root.locator(".cb-card").first
    assert first.locator(".cb-claim").inner_text().strip()
    assert "2014" in first.locator(".cb-meta").inner_text()
    watch.assert_clean()


def focus_by_tab(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the element matching ``selector`` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)",
                         selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_learner_sorts_and_checks(open_page, exercise):
    page, watch = open_page(PAGE)
    root = sorter_on(page)
    screenshot(page, "sorter-before-check", root)
    cards = exercise["claims"]
    focus_by_tab(page, f"{SORTER} select")
    for i, claim_id in enumerate(cards):
        focused = page.evaluate("document.activeElement.dataset.claimId")
        assert focused == claim_id
        # ArrowDown moves from "Not placed" through 4, 3, 2, 1: vary the tier per card.
        for _ in range(1 + i % 4):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Check"
    page.keyboard.press("Enter")
    summary = root.locator(".cb-summary")
    assert summary.get_attribute("aria-live") == "polite"
    assert summary.inner_text().startswith("Score: ")
    for claim_id in cards:
        card = root.locator(f'.cb-card[data-claim-id="{claim_id}"]')
        assert card.get_attribute("data-verdict") in ("in-band", "near-miss", "outside")
        feedback = card.locator(".cb-feedback")
        assert feedback.is_visible()
        assert "Deciding axis: " in feedback.inner_text()
    placed = root.locator("select").evaluate_all("els => els.map(e => e.value)")
    assert all(v in ("1", "2", "3", "4") for v in placed)
    screenshot(page, "sorter-after-check", root)
    watch.assert_clean()


def test_score_in_the_page_matches_python(open_page, exercise):
    from casebook import exercise_claims
    from casebook.scoring import keys_from_claims, score_placements

    page, watch = open_page(PAGE)
    root = sorter_on(page)
    choices = {}
    for i, claim_id in enumerate(exercise["claims"]):
        tier = 4 - (i % 4)
        choices[claim_id] = tier
        root.locator(f'select[data-claim-id="{claim_id}"]').select_option(str(tier))
    root.get_by_role("button", name="Check", exact=True).click()
    expected = score_placements(choices, keys_from_claims(exercise_claims(EXERCISE)))
    text = root.locator(".cb-summary").inner_text()
    assert text.startswith(f"Score: {expected.total:g} of {expected.maximum} "
                           f"({expected.percent:.1f} %)")
    watch.assert_clean()


def test_reload_keeps_placements(open_page, exercise):
    page, watch = open_page(PAGE)
    root = sorter_on(page)
    first, second = exercise["claims"][:2]
    root.locator(f'select[data-claim-id="{first}"]').select_option("3")
    root.locator(f'select[data-claim-id="{second}"]').select_option("1")
    page.reload(wait_until="load")
    root = sorter_on(page)
    assert root.locator(f'select[data-claim-id="{first}"]').input_value() == "3"
    assert root.locator(f'select[data-claim-id="{second}"]').input_value() == "1"
    assert "Restored your saved placements for 2 of" in root.locator(".cb-notice").inner_text()
    watch.assert_clean()


def test_corrupted_save_resets_with_notice_and_keeps_a_copy(open_page):
    page, watch = open_page(PAGE)
    sorter_on(page)
    bank = page.locator(SORTER).get_attribute("data-bank-version")
    key = f"casebook:claim-sorter:{EXERCISE}:{bank}"
    page.evaluate("k => localStorage.setItem(k, '{not json')", key)
    page.reload(wait_until="load")
    root = sorter_on(page)
    notice = root.locator(".cb-notice")
    assert notice.is_visible()
    assert "could not be read (it is not valid JSON)" in notice.inner_text()
    assert page.evaluate("k => localStorage.getItem(k + ':unreadable')", key) == "{not json"
    assert all(v == "" for v in root.locator("select").evaluate_all(
        "els => els.map(e => e.value)"))
    watch.assert_clean()


def test_changed_bank_sets_old_answers_aside(open_page, exercise):
    page, watch = open_page(PAGE)
    sorter_on(page)
    stale = json.dumps({"format": "casebook-claim-sorter", "version": 1,
                        "exercise_id": EXERCISE, "bank_version": "000000000000",
                        "placements": {exercise["claims"][0]: 4}})
    page.evaluate("([k, v]) => localStorage.setItem(k, v)",
                  [f"casebook:claim-sorter:{EXERCISE}:000000000000", stale])
    page.reload(wait_until="load")
    root = sorter_on(page)
    assert "earlier version of the course data were set aside" in root.locator(
        ".cb-notice").inner_text()
    assert root.locator("select").first.input_value() == ""
    watch.assert_clean()


def test_export_then_import_restores_answers(open_page, exercise, tmp_path):
    page, watch = open_page(PAGE)
    root = sorter_on(page)
    first = exercise["claims"][0]
    root.locator(f'select[data-claim-id="{first}"]').select_option("2")
    with page.expect_download() as info:
        root.get_by_role("button", name="Export answers").click()
    saved = tmp_path / "answers.json"
    info.value.save_as(saved)
    data = json.loads(saved.read_text())
    assert data["exercise_id"] == EXERCISE and data["placements"] == {first: 2}
    root.get_by_role("button", name="Reset").click()
    assert root.locator(f'select[data-claim-id="{first}"]').input_value() == ""
    root.locator('input[type="file"]').set_input_files(str(saved))
    expect(root.locator(".cb-summary")).to_contain_text("Imported 1 placements")
    assert root.locator(f'select[data-claim-id="{first}"]').input_value() == "2"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**data, "exercise_id": "ex-other"}))
    root.locator('input[type="file"]').set_input_files(str(bad))
    expect(root.locator(".cb-summary")).to_contain_text('holds answers for exercise "ex-other"')
    assert root.locator(f'select[data-claim-id="{first}"]').input_value() == "2"
    watch.assert_clean()


def test_show_the_key_marks_disagreement(open_page):
    from casebook import exercise_claims

    claims = exercise_claims(EXERCISE)
    page, watch = open_page(PAGE)
    root = sorter_on(page)
    root.get_by_role("button", name="Show the key").click()
    for claim_id, row in claims.iterrows():
        text = root.locator(f'.cb-card[data-claim-id="{claim_id}"] .cb-key').inner_text()
        if row["tier_min"] == row["tier_max"]:
            assert text.startswith(f"Key: tier {row['tier_min']},")
        else:
            assert f"tier {row['tier_min']} or {row['tier_max']}" in text
            assert "analysts differ" in text
    assert root.get_by_role("button", name="Hide the key").get_attribute("aria-pressed") == "true"
    watch.assert_clean()


def test_claim_text_is_inert(open_page, base_url):
    page, watch = open_page(PAGE)
    sorter_on(page)
    result = page.evaluate("""async (url) => {
        const mod = await import(url);
        window.__pwned = false;
        const state = {exercise_id: 'ex-xss', title: '<b>t</b>', prompt: 'p', bank_version: 'x',
          tier_help: {}, placements: {}, claims: [{id: 'x1', tier_min: 1, tier_max: 1,
          claim: '<img src=x onerror="window.__pwned=true">', speaker: '<script>s</script>',
          date_label: '1 May 2014', axis: 'stake', axis_label: 'Stake',
          rationale: '<img src=y onerror="window.__pwned=true">'}]};
        const model = {get: k => state[k], set: (k, v) => { state[k] = v; }, on() {}, off() {},
          save_changes() {}};
        const el = document.createElement('div');
        document.body.append(el);
        mod.render({model, el});
        el.querySelector('button').click();
        await new Promise(r => setTimeout(r, 200));
        return {imgs: el.querySelectorAll('img, script, b').length, pwned: window.__pwned,
          text: el.querySelector('.cb-claim').textContent};
    }""", f"{base_url}/_static/claim-sorter.js")
    assert result == {"imgs": 0, "pwned": False,
                      "text": '<img src=x onerror="window.__pwned=true">'}
    assert watch.foreign_requests == []


def test_javascript_scoring_matches_python(open_page, base_url):
    cases = scoring_cases()
    page, watch = open_page(PAGE)
    sorter_on(page)
    js = page.evaluate("""async ([url, cases]) => {
        const mod = await import(url);
        return cases.map(c => mod.scorePlacements(c.placements, c.claims));
    }""", [f"{base_url}/_static/claim-sorter.js", cases])
    assert js == python_results(cases)
    watch.assert_clean()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(open_page, scheme):
    page, watch = open_page(PAGE, color_scheme=scheme)
    root = sorter_on(page)
    root.get_by_role("button", name="Check", exact=True).click()
    root.get_by_role("button", name="Show the key").click()
    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    screenshot(page, f"sorter-checked-{scheme}", root)
    assert run_axe(page) == []
    watch.assert_clean()


def test_book_opened_from_disk_still_runs_the_exercises(context, site_dir):
    # A reader who downloads the built book opens it from file://, where browsers refuse ES
    # module scripts; the page loads the classic bundle, so the widgets still render.
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((site_dir / PAGE).as_uri(), wait_until="load")
    root = page.locator(SORTER)
    root.wait_for(state="visible")
    root.locator("select").first.select_option("2")
    root.get_by_role("button", name="Check", exact=True).click()
    assert root.locator(".cb-summary").inner_text().startswith("Score: ")
    assert page.locator('[data-widget="quiz"]').count() == 1
    assert errors == []
