"""The ClaimSorter widget in Python: stable repr, static mount, and results as a DataFrame."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from casebook import ClaimSorter, exercise_claims, load_exercises
from casebook.scoring import keys_from_claims, score_placements

EXERCISE = "ex-01-sony-dec-2014"


@pytest.fixture
def sorter():
    return ClaimSorter.for_exercise(EXERCISE)


def test_repr_is_stable(sorter):
    n = len(load_exercises()[EXERCISE]["claims"])
    assert repr(sorter) == f"ClaimSorter(exercise_id='{EXERCISE}', claims={n})"
    assert repr(ClaimSorter.for_exercise(EXERCISE)) == repr(sorter)


def test_mimebundle_has_widget_view_and_static_mount(sorter):
    data, _ = sorter._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    html = data["text/html"]
    assert html == ClaimSorter.for_exercise(EXERCISE).static_html()  # deterministic
    assert 'data-casebook-widget="claim-sorter"' in html
    state = json.loads(re.search(r'<script type="application/json">(.*)</script>', html)[1])
    assert state["exercise_id"] == EXERCISE
    assert [c["id"] for c in state["claims"]] == load_exercises()[EXERCISE]["claims"]
    assert set(state["tier_help"]) == {"1", "2", "3", "4"}


def test_static_mount_cannot_be_broken_out_of():
    claims = exercise_claims(EXERCISE).head(2).copy()
    claims.iloc[0, claims.columns.get_loc("claim")] = '</script><img src=x onerror="alert(1)">'
    html = ClaimSorter(claims, exercise_id="ex-xss").static_html()
    assert "<img" not in html and html.count("</script>") == 1
    assert "\\u003c/script>\\u003cimg" in html


def test_results_one_row_per_claim_with_credit(sorter):
    ids = [c["id"] for c in sorter.claims]
    sorter.place(ids[0], 4)
    sorter.place(ids[1], 1)
    sorter.place(ids[1], None)
    sorter.place(ids[2], 2)
    frame = sorter.results()
    assert list(frame["claim_id"]) == ids
    assert list(frame.columns) == ["claim_id", "placement", "tier_min", "tier_max", "key_band",
                                   "credit", "verdict", "feedback"]
    assert frame["placement"].dtype == pd.Int64Dtype()
    assert frame["placement"].isna().sum() == len(ids) - 2
    expected = score_placements({ids[0]: 4, ids[2]: 2},
                                keys_from_claims(exercise_claims(EXERCISE)))
    assert frame["credit"].sum() == expected.total
    assert frame.loc[1, "verdict"] == "unplaced"
    assert frame.loc[1, "feedback"].startswith("Not placed yet: no credit. Deciding axis: ")


def test_placements_synced_from_the_browser_are_scored(sorter):
    ids = [c["id"] for c in sorter.claims]
    sorter.placements = {ids[0]: 3, "not-in-exercise": 2}
    score = sorter.score()
    assert score.unknown == ("not-in-exercise",)
    assert sorter.results()["placement"].notna().sum() == 1


def test_bad_input_is_refused(sorter):
    with pytest.raises(KeyError, match="claim 'nope' is not in exercise"):
        sorter.place("nope", 2)
    with pytest.raises(ValueError, match="tier must be 1, 2, 3, 4 or None"):
        sorter.place(sorter.claims[0]["id"], 7)
    with pytest.raises(ValueError, match="exercise_id must be a slug"):
        ClaimSorter(exercise_claims(EXERCISE), exercise_id="Bad Id")
    with pytest.raises(KeyError, match="unknown exercise 'ex-nope'"):
        ClaimSorter.for_exercise("ex-nope")
