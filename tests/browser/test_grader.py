"""The claim grader on the built book: keyboard use, implied tier, feedback, saving, parity."""

from __future__ import annotations

import pytest

from casebook import exercise_claims
from casebook.scale import GRADED_AXES, load_scale
from casebook.scoring import implied_tier
from coursetools.fixtures import grader_cases, python_grader_results

from .conftest import run_axe, screenshot

PAGE = "book/how-to-weigh-a-claim.html"
EXERCISE = "ex-00-grade-claims"
ROOT = f'[data-widget="claim-grader"][data-exercise-id="{EXERCISE}"]'


def grader_on(page):
    root = page.locator(ROOT)
    root.wait_for(state="visible")
    return root


def test_keyboard_learner_grades_a_claim_and_sees_feedback(open_page):
    claims = exercise_claims(EXERCISE)
    first = claims.index[0]
    bank = {axis: str(claims.at[first, axis]) for axis in GRADED_AXES}
    caps = load_scale().implied_tier.model_dump()
    page, watch = open_page(PAGE)
    root = grader_on(page)
    assert root.get_by_role("button", name="Show the key").is_disabled()
    root.locator(f'select[data-claim-id="{first}"][data-axis="source_reliability"]').focus()
    # Grade every axis by keyboard: the first option after "Not graded" on each.
    for axis in GRADED_AXES:
        assert page.evaluate("document.activeElement.dataset.axis") == axis
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
    given = {axis: root.locator(f'select[data-claim-id="{first}"][data-axis="{axis}"]'
                                ).input_value() for axis in GRADED_AXES}
    implied = root.locator(f'.cb-card[data-claim-id="{first}"] .cb-implied')
    assert implied.get_attribute("data-implied-tier") == str(implied_tier(given, caps))
    root.get_by_role("button", name="Check", exact=True).click()
    card = root.locator(f'.cb-card[data-claim-id="{first}"]')
    for axis in GRADED_AXES:
        line = card.locator(f'li[data-axis="{axis}"]')
        expected = "match" if given[axis] == bank[axis] else None
        if expected:
            assert line.get_attribute("data-grade-verdict") == "match"
        else:
            assert line.get_attribute("data-grade-verdict") in ("stronger", "weaker", "other")
    assert "Key: tier" in card.locator(".cb-key").inner_text()
    summary = root.locator(".cb-summary").inner_text()
    assert summary.startswith("Score: ")
    assert "giving every claim the same grade on each axis scores at most" in summary
    screenshot(page, "grader-after-check", root)
    page.reload(wait_until="load")
    root = grader_on(page)
    assert root.locator(f'select[data-claim-id="{first}"][data-axis="q_layer"]'
                        ).input_value() == given["q_layer"]
    watch.assert_clean()


def test_javascript_grading_matches_python(open_page, base_url):
    cases = grader_cases()
    caps = load_scale().implied_tier.model_dump()
    page, watch = open_page(PAGE)
    grader_on(page)
    js = page.evaluate("""async ([url, cases, caps]) => {
        const mod = await import(url);
        return cases.map(c => {
          const r = mod.scoreGrades(c.answers, c.claims);
          const implied = {};
          for (const [id, a] of Object.entries(c.answers)) implied[id] = mod.impliedTier(a, caps);
          return {matched: r.matched, total: r.total, percent: r.percent, perClaim: r.perClaim,
                  implied};
        });
    }""", [f"{base_url}/_static/claim-grader.js", cases, caps])
    assert js == python_grader_results(cases, caps)
    watch.assert_clean()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_grader_has_no_serious_accessibility_violations(open_page, scheme):
    page, watch = open_page(PAGE, color_scheme=scheme)
    root = grader_on(page)
    root.get_by_role("button", name="Check", exact=True).click()
    root.get_by_role("button", name="Show the key").click()
    screenshot(page, f"grader-checked-{scheme}", root)
    assert run_axe(page) == []
    watch.assert_clean()
