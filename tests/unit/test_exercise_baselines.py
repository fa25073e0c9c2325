"""Every scored exercise measures the skill: a guess cannot reach half marks.

Computed from the real data for each exercise in seeds/exercises.yml, so adding or re-keying a
set that a constant or random answer could pass fails here.
"""

from __future__ import annotations

import pytest

from casebook import exercise_claims, load_exercises
from casebook.scale import AXIS_IDS, AXIS_VALUES, GRADED_AXES, load_scale
from casebook.scoring import (
    grade_baselines,
    implied_tier,
    keys_from_frame,
    score_sort,
    sort_baselines,
)

EXERCISES = load_exercises()
SORTERS = [ex_id for ex_id, spec in EXERCISES.items() if spec["kind"] == "sorter"]
GRADERS = [ex_id for ex_id, spec in EXERCISES.items() if spec["kind"] == "grader"]


def test_there_are_sorters_and_a_grader():
    assert len(SORTERS) >= 3
    assert GRADERS


@pytest.mark.parametrize("exercise_id", SORTERS)
def test_a_constant_or_random_sort_scores_at_most_half(exercise_id):
    claims = exercise_claims(exercise_id)
    base = sort_baselines(keys_from_frame(claims), dict(claims["deciding_axis"]),
                          n_axes=len(AXIS_IDS))
    for tier, score in base.constant.items():
        assert score <= 50.0, f"{exercise_id}: every claim in tier {tier} scores {score} %"
    assert base.random <= 50.0, f"{exercise_id}: random placement scores {base.random} %"
    assert base.axis_constant <= 50.0, (
        f"{exercise_id}: naming one axis for every claim scores {base.axis_constant} %")
    assert base.axis_random <= 50.0


@pytest.mark.parametrize("exercise_id", SORTERS)
def test_placing_inside_every_band_scores_100(exercise_id):
    claims = exercise_claims(exercise_id)
    keys = keys_from_frame(claims)
    assert score_sort({cid: k.tier_min for cid, k in keys.items()}, keys).percent == 100.0
    assert score_sort({cid: k.tier_max for cid, k in keys.items()}, keys).percent == 100.0


@pytest.mark.parametrize("exercise_id", SORTERS)
def test_each_set_spans_the_scale(exercise_id):
    claims = exercise_claims(exercise_id)
    assert (claims["tier_max"] == 4).any(), f"{exercise_id}: no claim's band reaches 4"
    assert ((claims["tier_min"] == 1) & (claims["tier_max"] == 1)).any(), (
        f"{exercise_id}: no claim's band is exactly 1")


@pytest.mark.parametrize("exercise_id", GRADERS)
def test_a_constant_or_random_grading_scores_at_most_half(exercise_id):
    claims = exercise_claims(exercise_id)
    bank = {cid: {axis: str(row[axis]) for axis in GRADED_AXES} for cid, row in claims.iterrows()}
    constant, rand = grade_baselines(bank, GRADED_AXES, AXIS_VALUES)
    assert constant <= 50.0, f"{exercise_id}: the best constant grading scores {constant} %"
    assert rand <= 50.0


@pytest.mark.parametrize("exercise_id", GRADERS)
def test_the_banks_grades_imply_a_tier_near_the_key(exercise_id):
    # The grader shows the tier a learner's grades imply beside the key; on the bank's own
    # grades that tier must not contradict the key by more than one tier, or the rule of thumb
    # would teach the wrong lesson.
    caps = load_scale().implied_tier.model_dump()
    for cid, row in exercise_claims(exercise_id).iterrows():
        tier = implied_tier({axis: str(row[axis]) for axis in GRADED_AXES}, caps)
        assert row["tier_min"] - 1 <= tier <= row["tier_max"] + 1, (
            f"{exercise_id}: {cid} implies tier {tier}, key {row['tier_min']}-{row['tier_max']}")
