"""The scoring rules: bands, near misses, ties, unplaced claims and unknown ids."""

from __future__ import annotations

import pytest

from casebook.fixtures import python_results, scoring_cases
from casebook.scoring import Key, credit, percent, score_placements

KEYS = {"a": Key(3, 3), "b": Key(2, 3), "c": Key(1, 1), "d": Key(4, 4)}


@pytest.mark.parametrize(
    ("tier", "key", "expected"),
    [
        (3, Key(3, 3), (1.0, "in-band")),
        (2, Key(2, 3), (1.0, "in-band")),
        (3, Key(2, 3), (1.0, "in-band")),
        (4, Key(2, 3), (0.5, "near-miss")),
        (1, Key(2, 3), (0.5, "near-miss")),
        (1, Key(3, 3), (0.0, "outside")),
        (4, Key(1, 2), (0.0, "outside")),
        (None, Key(1, 1), (0.0, "unplaced")),
    ],
)
def test_credit(tier, key, expected):
    assert credit(tier, key) == expected


def test_invalid_tier_and_band_are_refused():
    with pytest.raises(ValueError, match="tier must be 1, 2, 3 or 4, got 5"):
        credit(5, Key(1, 1))
    with pytest.raises(ValueError, match="invalid band 3-2"):
        Key(3, 2)


def test_score_totals_and_unknown_ids():
    score = score_placements({"a": 4, "b": 2, "c": 3, "zz": 1, "aa": 2}, KEYS)
    assert score.per_claim == {"a": (0.5, "near-miss"), "b": (1.0, "in-band"),
                               "c": (0.0, "outside"), "d": (0.0, "unplaced")}
    assert score.total == 1.5
    assert score.maximum == 4
    assert score.percent == 37.5
    assert score.unknown == ("aa", "zz")


def test_ties_are_allowed():
    # Every claim in one tier is a legal answer; each is scored on its own band.
    score = score_placements(dict.fromkeys(KEYS, 2), KEYS)
    assert score.total == 0.5 + 1.0 + 0.5 + 0.0


def test_percent_rounds_halves_up():
    assert percent(0.5, 8) == 6.3  # 6.25: Python's round() would give 6.2
    assert percent(1, 6) == 16.7
    assert percent(0, 0) == 0.0
    assert percent(12, 12) == 100.0


def test_fixture_results_have_the_expected_shape():
    cases = scoring_cases(n_random=5)
    results = python_results(cases)
    assert len(results) == len(cases)
    assert results[1]["total"] == 4.0 and results[1]["percent"] == 100.0
    assert results[5]["unknown"] == ["aa", "zz"]


def test_quiz_scoring():
    from casebook.scoring import score_quiz

    questions = [{"id": "a", "answer": "b"}, {"id": "b", "answer": "a"}, {"id": "c", "answer": "c"}]
    score = score_quiz({"a": "b", "b": "c", "x": "a"}, questions)
    assert score.per_question == {"a": "correct", "b": "wrong", "c": "unanswered"}
    assert (score.correct, score.total, score.percent, score.unknown) == (1, 3, 33.3, ("x",))
