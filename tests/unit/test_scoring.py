"""The scoring rules: placement in the band, order of claims the key ranks apart, axis picks,
the grader, and the rule that a guess cannot pass."""

from __future__ import annotations

import itertools
import random

import pytest

from casebook.scoring import (
    Key,
    grade_baselines,
    grade_verdict,
    implied_tier,
    ordered_pairs,
    percent,
    ratio_percent,
    score_axes,
    score_grades,
    score_sort,
    sort_baselines,
    verdict,
)
from coursetools.fixtures import python_results, scoring_cases

KEYS = {"a": Key(3, 3), "b": Key(2, 3), "c": Key(1, 1), "d": Key(4, 4)}


@pytest.mark.parametrize(
    ("tier", "key", "expected"),
    [
        (3, Key(3, 3), "in-band"),
        (2, Key(2, 3), "in-band"),
        (3, Key(2, 3), "in-band"),
        (4, Key(2, 3), "too-high"),
        (1, Key(2, 3), "too-low"),
        (1, Key(3, 3), "too-low"),
        (4, Key(1, 2), "too-high"),
        (None, Key(1, 1), "unplaced"),
    ],
)
def test_verdict_says_in_band_too_high_or_too_low(tier, key, expected):
    assert verdict(tier, key) == expected


def test_invalid_tier_and_band_are_refused():
    with pytest.raises(ValueError, match="tier must be 1, 2, 3 or 4, got 5"):
        verdict(5, Key(1, 1))
    with pytest.raises(ValueError, match="invalid band 3-2"):
        Key(3, 2)


def test_ordered_pairs_are_those_whose_bands_do_not_overlap():
    # a(3) > c(1); b(2-3) > c(1); d(4) > a, b, c; a and b overlap, so they are not a pair.
    assert sorted(ordered_pairs(KEYS)) == sorted(
        [("a", "c"), ("b", "c"), ("d", "a"), ("d", "b"), ("d", "c")])


def test_score_combines_placement_and_order():
    score = score_sort({"a": 4, "b": 2, "c": 3, "zz": 1, "aa": 2}, KEYS)
    assert score.per_claim == {"a": "too-high", "b": "in-band", "c": "too-high",
                               "d": "unplaced"}
    assert (score.in_band, score.claims) == (1, 4)
    # a(4) > c(3): agreed; b(2) > c(3): reversed; pairs with d: d unplaced, no credit.
    assert (score.pairs_agreed, score.pairs) == (1, 5)
    assert score.misordered == (("b", "c"),)
    # 50 * 1/4 + 50 * 1/5 = 12.5 + 10 = 22.5
    assert score.percent == 22.5
    assert score.unknown == ("aa", "zz")


def test_every_claim_in_one_tier_earns_no_order_credit():
    for tier in (1, 2, 3, 4):
        score = score_sort(dict.fromkeys(KEYS, tier), KEYS)
        assert score.pairs_agreed == 0
        assert score.percent <= 50.0
        assert len(score.misordered) == score.pairs


def test_any_placement_inside_every_band_scores_100():
    bands = [range(k.tier_min, k.tier_max + 1) for k in KEYS.values()]
    for tiers in itertools.product(*bands):
        assert score_sort(dict(zip(KEYS, tiers, strict=True)), KEYS).percent == 100.0


def test_a_set_without_pairs_is_scored_on_placement_alone():
    keys = {"x": Key(2, 3), "y": Key(3, 3)}
    assert ordered_pairs(keys) == []
    assert score_sort({"x": 3, "y": 1}, keys).percent == 50.0


def test_percent_rounds_halves_up():
    assert ratio_percent(1, 16) == 6.3  # 6.25: Python's round() would give 6.2
    assert percent(1, 6) == 16.7
    assert percent(0, 0) == 0.0
    assert percent(12, 12) == 100.0


def test_baselines_are_computed_from_the_keys():
    base = sort_baselines(KEYS, {"a": "stake", "b": "stake", "c": "spoofability",
                                 "d": "public_evidence"})
    # Tier 3 puts a and b inside their bands: 50 * 2/4 = 25, no order credit.
    assert base.constant == {1: 12.5, 2: 12.5, 3: 25.0, 4: 12.5}
    # E[placement] = (1 + 2 + 1 + 1) / 4 / 4 = 5/16; E[order] = 6/16; half of each.
    assert base.random == round(100 * (5 / 16 + 6 / 16) / 2, 1)
    assert base.axis_constant == 50.0
    assert base.axis_random == 12.5


def test_random_baseline_matches_a_simulation():
    rng = random.Random(7)
    keys = {f"k{i}": Key(lo, min(4, lo + rng.randint(0, 1)))
            for i, lo in enumerate(rng.choices([1, 2, 3, 4], k=10))}
    trials = [score_sort({k: rng.randint(1, 4) for k in keys}, keys).percent
              for _ in range(4000)]
    assert abs(sum(trials) / len(trials) - sort_baselines(keys).random) < 1.0


def test_axis_picks_are_scored_against_the_deciding_axis():
    score = score_axes({"a": "stake", "b": "q_layer", "zz": "stake"},
                       {"a": "stake", "b": "spoofability", "c": "stake"})
    assert score.per_claim == {"a": "axis-right", "b": "axis-wrong", "c": "axis-unpicked"}
    assert (score.right, score.total, score.percent) == (1, 3, 33.3)


CAPS = {"public_evidence": {"yes": 4, "partly": 3, "no": 2},
        "spoofability": {"low": 4, "medium": 3, "high": 2},
        "diagnosticity": {"high": 4, "medium": 3, "low": 2, "none": 1}}


def test_implied_tier_is_the_lowest_cap():
    assert implied_tier({"public_evidence": "yes", "spoofability": "high"}, CAPS) == 2
    assert implied_tier({"public_evidence": "partly", "q_layer": "tactical"}, CAPS) == 3
    assert implied_tier({"diagnosticity": "none", "public_evidence": "yes"}, CAPS) == 1
    assert implied_tier({"q_layer": "strategic", "public_evidence": ""}, CAPS) is None


@pytest.mark.parametrize(("axis", "given", "bank", "expected"), [
    ("source_reliability", "B", "B", "match"),
    ("source_reliability", "B", "D", "stronger"),
    ("source_reliability", "E", "C", "weaker"),
    ("spoofability", "low", "high", "stronger"),
    ("public_evidence", "no", "yes", "weaker"),
    ("q_layer", "tactical", "strategic", "other"),
    ("diagnosticity", None, "low", "unset"),
])
def test_grade_verdicts(axis, given, bank, expected):
    assert grade_verdict(axis, given, bank) == expected


def test_grades_score_exact_matches_and_baselines():
    bank = {"x": {"source_reliability": "B", "q_layer": "strategic"},
            "y": {"source_reliability": "D", "q_layer": "strategic"}}
    axes = ["source_reliability", "q_layer"]
    score = score_grades({"x": {"source_reliability": "B", "q_layer": "tactical"}}, bank, axes)
    assert (score.matched, score.total, score.percent) == (1, 4, 25.0)
    assert score.per_claim["y"] == {"source_reliability": "unset", "q_layer": "unset"}
    constant, rand = grade_baselines(bank, axes, {"source_reliability": "ABCDEF",
                                                  "q_layer": ("t", "o", "s", "c")})
    assert constant == 75.0  # B or D matches one of two; "strategic" matches both
    assert rand == round(100 * (1 / 6 + 1 / 4) / 2, 1)


def test_fixture_results_have_the_expected_shape():
    cases = scoring_cases(n_random=5)
    results = python_results(cases)
    assert len(results) == len(cases)
    assert results[1]["percent"] == 100.0
    assert results[5]["unknown"] == ["aa", "zz"]


def test_quiz_scoring():
    from casebook.scoring import score_quiz

    questions = [{"id": "a", "answer": "b"}, {"id": "b", "answer": "a"}, {"id": "c", "answer": "c"}]
    score = score_quiz({"a": "b", "b": "c", "x": "a"}, questions)
    assert score.per_question == {"a": "correct", "b": "wrong", "c": "unanswered"}
    assert (score.correct, score.total, score.percent, score.unknown) == (1, 3, 33.3, ("x",))


def test_bands_above_tier_four_are_refused():
    with pytest.raises(ValueError, match="invalid band 4-5"):
        Key(4, 5)
    with pytest.raises(ValueError, match="invalid band 0-1"):
        Key(0, 1)


def test_baselines_without_axis_picks_report_zero_for_the_axis():
    base = sort_baselines(KEYS)
    assert (base.axis_constant, base.axis_random) == (0.0, 0.0)


def test_an_empty_grade_is_unset_and_ordered_axes_say_which_way():
    assert grade_verdict("spoofability", "", "low") == "unset"
    bank = {"x": {"source_reliability": "D", "spoofability": "low"}}
    score = score_grades({"x": {"source_reliability": "B", "spoofability": "high"}}, bank,
                         ["source_reliability", "spoofability"])
    assert score.per_claim["x"] == {"source_reliability": "stronger", "spoofability": "weaker"}
