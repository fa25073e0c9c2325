"""The ClaimSorter widget in Python: stable repr, static mount, and results as a DataFrame."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from casebook import ClaimSorter, exercise_claims, load_exercises
from casebook.scoring import keys_from_frame, score_sort

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
    assert set(state["scale"]["tiers"]) == {"1", "2", "3", "4"}
    assert state["question"] == load_exercises()[EXERCISE]["question_text"]
    assert state["scale"]["meaning"].startswith("A claim's tier is how far")


def test_static_mount_cannot_be_broken_out_of():
    claims = exercise_claims(EXERCISE).head(2).copy()
    claims.iloc[0, claims.columns.get_loc("claim")] = '</script><img src=x onerror="alert(1)">'
    html = ClaimSorter(claims, exercise_id="ex-xss").static_html()
    assert "<img" not in html and html.count("</script>") == 1
    assert "\\u003c/script>\\u003cimg" in html


def test_results_one_row_per_claim_with_feedback(sorter):
    ids = [c["id"] for c in sorter.claims]
    claims = exercise_claims(EXERCISE)
    sorter.place(ids[0], 4)
    sorter.place(ids[1], 1)
    sorter.place(ids[1], None)
    sorter.place(ids[2], 1)
    sorter.pick_axis(ids[0], claims.at[ids[0], "deciding_axis"])
    sorter.pick_axis(ids[2], "stake" if claims.at[ids[2], "deciding_axis"] != "stake"
                     else "q_layer")
    frame = sorter.results()
    assert list(frame["claim_id"]) == ids
    assert list(frame.columns) == ["claim_id", "placement", "key_band", "verdict", "axis_pick",
                                   "deciding_axis", "axis_verdict", "feedback"]
    assert frame["placement"].dtype == pd.Int64Dtype()
    assert frame["placement"].isna().sum() == len(ids) - 2
    expected = score_sort({ids[0]: 4, ids[2]: 1}, keys_from_frame(claims))
    assert list(frame["verdict"]) == [expected.per_claim[i] for i in ids]
    assert list(frame["axis_verdict"][:3]) == ["axis-right", "axis-unpicked", "axis-wrong"]
    assert frame.loc[1, "verdict"] == "unplaced"
    assert frame.loc[1, "feedback"].startswith("Not placed yet. Deciding axis: ")
    if expected.per_claim[ids[0]] == "too-high":
        assert frame.loc[0, "feedback"].startswith("Too high: the key is tier ")


def test_static_key_matches_the_widget_key_for_every_exercise():
    from casebook.scale import load_scale
    from casebook.tables import key_table

    scale = load_scale()
    for ex_id, spec in load_exercises().items():
        table = key_table(ex_id)
        claims = exercise_claims(ex_id)
        bands = [scale.band_text(lo, hi) for lo, hi in zip(claims["tier_min"], claims["tier_max"],
                                                           strict=True)]
        assert list(table["Key"]) == bands, ex_id
        if spec["kind"] == "sorter":
            state = ClaimSorter.for_exercise(ex_id).static_state()
            widget_bands = [scale.band_text(c["tier_min"], c["tier_max"]) for c in state["claims"]]
            assert widget_bands == bands, ex_id
            assert [c["rationale"] for c in state["claims"]] == list(table["Why"]), ex_id


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
    with pytest.raises(KeyError, match="ex-nope"):
        ClaimSorter.for_exercise("ex-nope")
    with pytest.raises(ValueError, match="axis must be one of"):
        sorter.pick_axis(sorter.claims[0]["id"], "vibes")
