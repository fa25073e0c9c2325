"""Chapter 5's time-sliced sorters on the built book, with no kernel: one sorter per date, each
showing only the claims public by its date, scored against that date's keys, and after Check
listing the placements the next date's record would move."""

from __future__ import annotations

import pytest

from casebook import Key, load_exercises, next_changes, score_sort
from casebook.scoring import verdict

from .conftest import run_axe, screenshot

PAGE = "exercises/05-re-sort-as-the-record-grows.html"


def series_sorters() -> list[dict]:
    return [spec for spec in load_exercises().values() if spec["series"]]


def test_every_date_of_every_series_has_its_sorter(open_page):
    page, watch = open_page(PAGE)
    sorters = series_sorters()
    assert len({s["as_of"] for s in sorters if s["series"] == "ex-05-sony-record"}) >= 4
    for spec in sorters:
        root = page.locator(f'[data-widget="claim-sorter"][data-exercise-id="{spec["id"]}"]')
        root.wait_for(state="visible")
        assert root.get_attribute("data-as-of") == spec["as_of"]
        ids = root.locator(".cb-card[data-claim-id]").evaluate_all(
            "els => els.map(e => e.dataset.claimId)")
        assert ids == spec["claims"], spec["id"]
    watch.assert_clean()


def tiers_for(spec, keys) -> dict[str, int]:
    """A placement with some claims in band and some out, so the next date has both kinds."""
    placed = {}
    for i, cid in enumerate(spec["claims"]):
        lo, hi = keys[cid]
        placed[cid] = lo if i % 2 == 0 else (hi % 4) + 1
    return placed


@pytest.mark.parametrize("series", ["ex-05-sony-record", "ex-05-outage-record"])
def test_check_lists_what_the_next_date_moves(open_page, series):
    from casebook import exercise_claims

    page, watch = open_page(PAGE)
    # The date whose next date moves the most keys (the Sony series must have one that moves
    # some; the outage record never re-weighed a claim after 28 December).
    spec = max((s for s in series_sorters() if s["series"] == series and s["next_as_of"]),
               key=lambda s: len(next_changes(s["id"])))
    if series == "ex-05-sony-record":
        assert len(next_changes(spec["id"])) >= 2
    claims = exercise_claims(spec["id"])
    keys = {cid: (int(r["tier_min"]), int(r["tier_max"])) for cid, r in claims.iterrows()}
    placed = tiers_for(spec, keys)
    root = page.locator(f'[data-widget="claim-sorter"][data-exercise-id="{spec["id"]}"]')
    root.wait_for(state="visible")
    for cid, tier in placed.items():
        root.locator(f'select[data-control="tier"][data-claim-id="{cid}"]').select_option(
            str(tier))
    root.get_by_role("button", name="Check", exact=True).click()
    score = score_sort(placed, {c: Key(*k) for c, k in keys.items()})
    assert f"Score: {score.percent:.1f} %." in root.locator(".cb-score").inner_text()
    box = root.locator(f'.cb-next[data-next-as-of="{spec["next_as_of"]}"]')
    box.wait_for(state="visible")
    moved = next_changes(spec["id"])
    shown = box.locator("li[data-claim-id]").evaluate_all(
        "els => els.map(e => [e.dataset.claimId, e.dataset.nextVerdict])")
    expected = [[cid, verdict(placed[cid], Key(int(r["tier_min"]), int(r["tier_max"])))]
                for cid, r in moved.iterrows()]
    assert shown == expected
    new = len(moved.attrs["new_claims"])
    text = box.inner_text()
    if moved.empty:
        assert "no key of these claims changes" in text
    if new:
        assert f"{new} more claim" in text
    for cid, row in moved.iterrows():
        item = box.locator(f'li[data-claim-id="{cid}"]')
        assert row["rationale"][:60] in item.inner_text()
    screenshot(page, f"record-sorter-{series}", root)
    watch.assert_clean()


def test_the_last_date_has_nothing_after_it(open_page):
    page, watch = open_page(PAGE)
    last = next(s for s in series_sorters() if s["series"] == "ex-05-sony-record"
                and s["next_as_of"] is None)
    root = page.locator(f'[data-widget="claim-sorter"][data-exercise-id="{last["id"]}"]')
    root.wait_for(state="visible")
    root.locator('select[data-control="tier"]').first.select_option("2")
    root.get_by_role("button", name="Check", exact=True).click()
    root.locator(".cb-score").wait_for(state="visible")
    assert root.locator(".cb-next").count() == 0
    watch.assert_clean()


def test_record_sorters_have_no_serious_accessibility_violations(open_page):
    page, watch = open_page(PAGE)
    spec = next(s for s in series_sorters() if s["next_as_of"])
    root = page.locator(f'[data-widget="claim-sorter"][data-exercise-id="{spec["id"]}"]')
    root.wait_for(state="visible")
    root.locator('select[data-control="tier"]').first.select_option("1")
    root.get_by_role("button", name="Check", exact=True).click()
    root.locator(".cb-next").wait_for(state="visible")
    violations = run_axe(page)
    assert violations == [], violations
    watch.assert_clean()
