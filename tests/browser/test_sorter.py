"""The claim sorter on the built book, as a reader meets it in headless Chromium."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from casebook import load_exercises
from coursetools.fixtures import python_results, scoring_cases

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


def focus_by_tab(page, selector: str, limit: int = 400, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until ``selector`` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)",
                         selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_learner_sorts_names_axes_and_checks(open_page, exercise):
    page, watch = open_page(PAGE)
    root = sorter_on(page)
    screenshot(page, "sorter-before-check", root)
    cards = exercise["claims"]
    show = root.get_by_role("button", name="Show the key")
    assert show.is_disabled(), "the key must stay closed until a first Check"
    focus_by_tab(page, f'{SORTER} select[data-control="tier"]')
    for i, claim_id in enumerate(cards):
        focused = page.evaluate("[document.activeElement.dataset.claimId, "
                                "document.activeElement.dataset.control]")
        assert focused == [claim_id, "tier"]
        # ArrowDown moves from "Not placed" through 4, 3, 2, 1: vary the tier per card.
        for _ in range(1 + i % 4):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.dataset.control") == "axis"
        for _ in range(1 + i % 3):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Check"
    page.keyboard.press("Enter")
    summary = root.locator(".cb-summary")
    assert summary.get_attribute("aria-live") == "polite"
    assert summary.inner_text().startswith("Score: ")
    assert "putting every claim in one tier scores at most" in summary.inner_text()
    for claim_id in cards:
        card = root.locator(f'.cb-card[data-claim-id="{claim_id}"]')
        verdict = card.get_attribute("data-verdict")
        assert verdict in ("in-band", "too-high", "too-low")
        feedback = card.locator(".cb-feedback").inner_text()
        assert "Deciding axis: " in feedback
        if verdict != "in-band":
            assert ("Too high: you placed it at" in feedback) == (verdict == "too-high")
            assert ("Too low: you placed it at" in feedback) == (verdict == "too-low")
            assert "the key is tier" in feedback
        assert card.locator(".cb-axis-verdict").get_attribute("data-axis-verdict") in (
            "axis-right", "axis-wrong")
    assert show.is_enabled()
    screenshot(page, "sorter-after-check", root)
    watch.assert_clean()


def test_board_view_by_keyboard_shows_the_same_state(open_page, exercise):
    page, watch = open_page(PAGE)
    root = sorter_on(page)
    first, second = exercise["claims"][:2]
    root.locator(f'select[data-claim-id="{first}"][data-control="tier"]').select_option("2")
    focus_by_tab(page, f'{SORTER} [data-view-button="board"]')
    page.keyboard.press("Enter")
    assert root.get_attribute("data-view") == "board"
    column = root.locator('[data-drop-tier="2"]')
    assert column.locator(f'[data-claim-id="{first}"].cb-bcard').count() == 1
    focus_by_tab(page, f'{SORTER} button.cb-move[data-claim-id="{second}"]')
    page.keyboard.press("ArrowUp")  # not placed -> 1
    assert root.locator(f'[data-drop-tier="1"] .cb-bcard[data-claim-id="{second}"]').count() == 1
    page.keyboard.press("ArrowUp")  # 1 -> 2
    page.keyboard.press("ArrowUp")  # 2 -> 3
    assert root.locator(f'[data-drop-tier="3"] .cb-bcard[data-claim-id="{second}"]').count() == 1
    assert page.evaluate("document.activeElement.dataset.claimId") == second
    page.keyboard.press("4")
    page.keyboard.press("ArrowDown")  # 4 -> 3
    assert root.locator(f'[data-drop-tier="3"] .cb-bcard[data-claim-id="{second}"]').count() == 1
    page.keyboard.press("0")
    assert root.locator(f'[data-drop-tier=""] .cb-bcard[data-claim-id="{second}"]').count() == 1
    page.keyboard.press("1")
    # The deciding axis can be picked on the board too, and the list shows the same pick.
    root.locator(f'select[data-control="board-axis"][data-claim-id="{second}"]').select_option(
        "stake")
    screenshot(page, "sorter-board", root)
    focus_by_tab(page, f'{SORTER} [data-view-button="list"]', key="Shift+Tab")
    page.keyboard.press("Enter")
    assert root.locator(f'select[data-claim-id="{second}"][data-control="tier"]'
                        ).input_value() == "1"
    assert root.locator(f'select[data-claim-id="{first}"][data-control="tier"]'
                        ).input_value() == "2"
    assert root.locator(f'select[data-claim-id="{second}"][data-control="axis"]'
                        ).input_value() == "stake"
    watch.assert_clean()


def test_board_view_by_pointer_drag(open_page, exercise):
    page, watch = open_page(PAGE)
    page.set_viewport_size({"width": 1100, "height": 2600})  # tray and columns both in view
    root = sorter_on(page)
    root.get_by_role("button", name="Board view").click()
    claim = exercise["claims"][-1]  # the last card of the tray, just above the columns
    handle = root.locator(f'button.cb-move[data-claim-id="{claim}"]')
    target = root.locator('[data-drop-tier="4"]')
    root.locator('[data-drop-tier="1"]').scroll_into_view_if_needed()
    hb, tb = handle.bounding_box(), target.bounding_box()
    assert hb["y"] >= 0 and tb["y"] + tb["height"] <= 2600, "both must be on screen"
    page.mouse.move(hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2)
    page.mouse.down()
    page.mouse.move(tb["x"] + tb["width"] / 2, tb["y"] + 30, steps=8)
    page.mouse.up()
    assert target.locator(f'.cb-bcard[data-claim-id="{claim}"]').count() == 1
    root.get_by_role("button", name="List view").click()
    assert root.locator(f'select[data-claim-id="{claim}"][data-control="tier"]'
                        ).input_value() == "4"
    watch.assert_clean()


@pytest.mark.parametrize("width", [375])
def test_board_columns_stack_on_a_phone(browser, base_url, width):
    ctx = browser.new_context(viewport={"width": width, "height": 800})
    page = ctx.new_page()
    page.goto(f"{base_url}/{PAGE}", wait_until="load")
    root = sorter_on(page)
    root.get_by_role("button", name="Board view").click()
    boxes = [root.locator(f'[data-drop-tier="{t}"]').bounding_box() for t in (4, 3, 2, 1)]
    assert all(b["x"] == boxes[0]["x"] for b in boxes), "columns should stack"
    assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"] < boxes[3]["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, "sorter-board-phone", root)
    ctx.close()


def test_score_in_the_page_matches_python(open_page, exercise):
    from casebook import exercise_claims
    from casebook.scoring import keys_from_frame, score_sort

    page, watch = open_page(PAGE)
    root = sorter_on(page)
    choices = {}
    for i, claim_id in enumerate(exercise["claims"]):
        tier = 4 - (i % 4)
        choices[claim_id] = tier
        root.locator(f'select[data-claim-id="{claim_id}"][data-control="tier"]'
                     ).select_option(str(tier))
    root.get_by_role("button", name="Check", exact=True).click()
    expected = score_sort(choices, keys_from_frame(exercise_claims(EXERCISE)))
    text = root.locator(".cb-summary").inner_text()
    assert text.startswith(f"Score: {expected.percent:.1f} %.")
    assert f"Order: {expected.pairs_agreed} of {expected.pairs} pairs" in text
    watch.assert_clean()


def test_summary_states_the_constant_guess_baseline(open_page, exercise):
    from casebook.scoring import exercise_baselines

    page, watch = open_page(PAGE)
    root = sorter_on(page)
    for claim_id in exercise["claims"]:
        root.locator(f'select[data-claim-id="{claim_id}"][data-control="tier"]').select_option("2")
    root.get_by_role("button", name="Check", exact=True).click()
    base = exercise_baselines(EXERCISE)
    text = root.locator(".cb-summary").inner_text()
    assert f"Score: {base.constant[2]:.1f} %." in text
    assert base.constant[2] <= 50.0
    assert f"scores at most {base.best_constant:.1f} % on this set" in text
    watch.assert_clean()


def test_reload_keeps_placements(open_page, exercise):
    page, watch = open_page(PAGE)
    root = sorter_on(page)
    first, second = exercise["claims"][:2]
    root.locator(f'select[data-claim-id="{first}"][data-control="tier"]').select_option("3")
    root.locator(f'select[data-claim-id="{second}"][data-control="tier"]').select_option("1")
    root.locator(f'select[data-claim-id="{second}"][data-control="axis"]').select_option("stake")
    page.reload(wait_until="load")
    root = sorter_on(page)
    assert root.locator(f'select[data-claim-id="{first}"][data-control="tier"]'
                        ).input_value() == "3"
    assert root.locator(f'select[data-claim-id="{second}"][data-control="tier"]'
                        ).input_value() == "1"
    assert root.locator(f'select[data-claim-id="{second}"][data-control="axis"]'
                        ).input_value() == "stake"
    assert "Restored 3 answers saved in this browser." in root.locator(".cb-notice").inner_text()
    watch.assert_clean()


def test_corrupted_save_resets_with_notice_and_keeps_a_copy(open_page):
    page, watch = open_page(PAGE)
    sorter_on(page)
    key = f"casebook:claim-sorter:{EXERCISE}"
    page.evaluate("k => { localStorage.setItem(k + ':unreadable', 'older'); "
                  "localStorage.setItem(k, '{not json'); }", key)
    page.reload(wait_until="load")
    root = sorter_on(page)
    notice = root.locator(".cb-notice")
    assert notice.is_visible()
    assert "could not be read (it is not valid JSON)" in notice.inner_text()
    assert f"{key}:unreadable-2" in notice.inner_text()
    # The earlier unreadable copy is never overwritten.
    assert page.evaluate("k => localStorage.getItem(k + ':unreadable')", key) == "older"
    assert page.evaluate("k => localStorage.getItem(k + ':unreadable-2')", key) == "{not json"
    assert all(v == "" for v in root.locator("select").evaluate_all(
        "els => els.map(e => e.value)"))
    watch.assert_clean()


def test_older_saved_answers_are_set_aside_not_lost(open_page, exercise):
    page, watch = open_page(PAGE)
    sorter_on(page)
    first = exercise["claims"][0]
    stale = json.dumps({"format": "casebook-claim-sorter", "version": 1,
                        "exercise_id": EXERCISE, "bank_version": "000000000000",
                        "placements": {first: 4}})
    page.evaluate("([k, v]) => localStorage.setItem(k, v)",
                  [f"casebook:claim-sorter:{EXERCISE}:000000000000", stale])
    page.reload(wait_until="load")
    root = sorter_on(page)
    notice = root.locator(".cb-notice")
    assert "1 answer saved earlier was given when a claim or question here read differently" \
        in notice.inner_text()
    tier = root.locator(f'select[data-claim-id="{first}"][data-control="tier"]')
    assert tier.input_value() == ""
    notice.get_by_role("button", name="Apply them anyway").click()
    assert tier.input_value() == "4"
    page.reload(wait_until="load")
    root = sorter_on(page)
    assert root.locator(f'select[data-claim-id="{first}"][data-control="tier"]'
                        ).input_value() == "4"
    watch.assert_clean()


def test_export_then_import_restores_answers_after_confirmation(open_page, exercise, tmp_path):
    page, watch = open_page(PAGE)
    root = sorter_on(page)
    first = exercise["claims"][0]
    tier = root.locator(f'select[data-claim-id="{first}"][data-control="tier"]')
    tier.select_option("2")
    with page.expect_download() as info:
        root.get_by_role("button", name="Export answers").click()
    saved = tmp_path / "answers.json"
    info.value.save_as(saved)
    data = json.loads(saved.read_text())
    assert data["exercise_id"] == EXERCISE and data["answers"] == {f"p:{first}": 2}
    root.get_by_role("button", name="Reset").click()
    root.get_by_role("button", name="Cancel").click()
    assert tier.input_value() == "2"
    root.get_by_role("button", name="Reset").click()
    root.get_by_role("button", name="Clear 1 answer").click()
    assert tier.input_value() == ""
    root.locator('input[type="file"]').set_input_files(str(saved))
    expect(root.locator(".cb-confirm")).to_contain_text("It would replace 0, add 1 and clear 0")
    assert tier.input_value() == "", "nothing changes before the learner confirms"
    root.get_by_role("button", name="Replace my answers").click()
    expect(root.locator(".cb-summary")).to_contain_text("Imported 1 answer")
    assert tier.input_value() == "2"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**data, "exercise_id": "ex-other" * 20}))
    root.locator('input[type="file"]').set_input_files(str(bad))
    # Reading the file is asynchronous: wait for the message rather than read it at once.
    expect(root.locator(".cb-summary")).to_contain_text(
        'holds answers for exercise "ex-otherex-otherex-otherex-otherex-othe…"')
    assert tier.input_value() == "2"
    watch.assert_clean()


def test_reset_can_be_undone_until_the_next_change(open_page, exercise):
    page, watch = open_page(PAGE)
    root = sorter_on(page)
    first, second = exercise["claims"][:2]
    root.locator(f'select[data-claim-id="{first}"][data-control="tier"]').select_option("3")
    root.locator(f'select[data-claim-id="{second}"][data-control="axis"]').select_option("stake")
    root.get_by_role("button", name="Reset").click()
    root.get_by_role("button", name="Clear 2 answers").click()
    root.get_by_role("button", name="Undo").click()
    assert root.locator(f'select[data-claim-id="{first}"][data-control="tier"]'
                        ).input_value() == "3"
    assert root.locator(f'select[data-claim-id="{second}"][data-control="axis"]'
                        ).input_value() == "stake"
    root.get_by_role("button", name="Reset").click()
    root.get_by_role("button", name="Clear 2 answers").click()
    root.locator(f'select[data-claim-id="{first}"][data-control="tier"]').select_option("1")
    assert root.get_by_role("button", name="Undo").count() == 0
    watch.assert_clean()


def test_import_after_check_clears_the_old_verdicts(open_page, exercise, tmp_path):
    page, watch = open_page(PAGE)
    root = sorter_on(page)
    first = exercise["claims"][0]
    root.locator(f'select[data-claim-id="{first}"][data-control="tier"]').select_option("4")
    root.get_by_role("button", name="Check", exact=True).click()
    card = root.locator(f'.cb-card[data-claim-id="{first}"]')
    assert card.get_attribute("data-verdict") is not None
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"format": "casebook-claim-sorter", "version": 2,
                                "exercise_id": EXERCISE, "answers": {f"p:{first}": 1}}))
    root.locator('input[type="file"]').set_input_files(str(path))
    root.get_by_role("button", name="Replace my answers").click()
    assert card.get_attribute("data-verdict") is None
    assert card.locator(".cb-verdict").count() == 0
    watch.assert_clean()


def test_show_the_key_marks_disagreement(open_page):
    from casebook import exercise_claims

    claims = exercise_claims(EXERCISE)
    page, watch = open_page(PAGE)
    root = sorter_on(page)
    root.get_by_role("button", name="Check", exact=True).click()
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
    from casebook.scale import widget_scale

    result = page.evaluate("""async ([url, scale]) => {
        const mod = await import(url);
        window.__pwned = false;
        const state = {exercise_id: 'ex-xss', title: '<b>t</b>', prompt: 'p', bank_version: 'x',
          question: '<b>q</b>', as_of_label: '', scale, placements: {}, axis_picks: {},
          claims: [{id: 'x1', tier_min: 1, tier_max: 1,
          claim: '<img src=x onerror="window.__pwned=true">', speaker: '<script>s</script>',
          date_label: '1 May 2014', axis: 'stake',
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
    }""", [f"{base_url}/_static/claim-sorter.js", widget_scale()])
    assert result == {"imgs": 0, "pwned": False,
                      "text": '<img src=x onerror="window.__pwned=true">'}
    assert watch.foreign_requests == []


def test_javascript_scoring_matches_python(open_page, base_url):
    cases = scoring_cases()
    page, watch = open_page(PAGE)
    sorter_on(page)
    js = page.evaluate("""async ([url, cases]) => {
        const mod = await import(url);
        return cases.map(c => {
          const r = mod.scoreSort(c.placements, c.claims);
          return {inBand: r.inBand, claims: r.claims, pairsAgreed: r.pairsAgreed, pairs: r.pairs,
            percent: r.percent, perClaim: r.perClaim, misordered: r.misordered,
            unknown: r.unknown};
        });
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
    root.get_by_role("button", name="Board view").click()
    screenshot(page, f"sorter-board-{scheme}", root)
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
    root.locator('select[data-control="tier"]').first.select_option("2")
    root.get_by_role("button", name="Check", exact=True).click()
    assert root.locator(".cb-summary").inner_text().startswith("Score: ")
    assert page.locator('[data-widget="quiz"]').count() == 1
    assert errors == []
