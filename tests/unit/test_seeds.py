"""The course's real data passes validation and covers what the course needs."""

from __future__ import annotations

from casebook import load_claims, load_exercises, load_outages, load_timeline
from casebook.textcheck import words


def test_claim_bank_counts():
    claims = load_claims()
    assert len(claims) >= 60
    counts = claims["case"].value_counts()
    assert counts["sony"] >= 30 and counts["outage"] >= 20 and counts["context"] >= 5


def test_claims_from_the_seed_report_are_marked():
    claims = load_claims()
    seed = claims[claims["in_seed_report"]]
    # The seed report makes about 25 distinct statements; each is a row (seeds/README.md).
    assert len(seed) >= 24
    assert set(seed["case"]) == {"sony", "outage", "context"}
    assert all("softpedia-20141227-nk-blames-us" in s for s in seed["sources"])


def test_wide_bands_explain_the_disagreement():
    claims = load_claims()
    wide = claims[claims["tier_max"] > claims["tier_min"]]
    assert len(wide) > 0
    for claim_id, rationale in wide["rationale"].items():
        assert len(words(rationale)) >= 12, claim_id


def test_every_tier_is_used():
    claims = load_claims()
    used = set(claims["tier_min"]) | set(claims["tier_max"])
    assert used == {1, 2, 3, 4}


def test_timeline_covers_2013_to_2021():
    timeline = load_timeline()
    assert len(timeline) >= 60
    assert timeline["date"].min().year == 2013
    assert timeline["date"].max().year == 2021
    assert {"sony", "outage", "context"} <= set(timeline["case"])


def test_blackout_measured_by_dyn():
    outages = load_outages()
    dyn = outages[(outages["outage"] == "2014-12-22-blackout") & (outages["basis"] == "measured")]
    assert len(dyn) == 1
    row = dyn.iloc[0]
    assert str(row["start_utc"]) == "2014-12-22 16:15:00+00:00"
    assert row["duration_minutes"] == 571


def test_exercises_resolve():
    exercises = load_exercises()
    assert exercises
    for spec in exercises.values():
        assert 3 <= len(spec["claims"]) <= 16


def test_timeline_event_finds_one_row_or_names_the_id():
    import pytest

    from casebook import timeline_event

    timeline = load_timeline()
    assert str(timeline_event(timeline, "2014-12-19-fbi-names-north-korea")["date"].date()) == \
        "2014-12-19"
    with pytest.raises(KeyError, match="0 rows with id 'no-such-event'"):
        timeline_event(timeline, "no-such-event")
