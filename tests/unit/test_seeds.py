"""The course's real data passes validation and covers what the course needs."""

from __future__ import annotations

from casebook import load_claims, load_exercises, load_keys, load_outages, load_timeline
from coursetools.textcheck import words


def test_claim_bank_counts():
    claims = load_claims()
    assert len(claims) >= 90
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
    keys = load_keys()
    wide = keys[keys["tier_max"] > keys["tier_min"]]
    assert len(wide) > 0
    for key, rationale in wide["rationale"].items():
        assert len(words(rationale)) >= 12, key


def test_every_tier_is_used():
    keys = load_keys()
    used = set(keys["tier_min"]) | set(keys["tier_max"])
    assert used == {1, 2, 3, 4}


def test_every_claim_is_used_or_listed_as_reference_only():
    from casebook.paths import seeds_dir

    used = {cid for spec in load_exercises().values() for cid in spec["claims"]}
    readme = (seeds_dir() / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Reference-only claims", 1)
    listed = section[1].split("\n## ", 1)[0] if len(section) == 2 else ""
    missing = [cid for cid in load_claims().index if cid not in used and f"`{cid}`" not in listed]
    assert missing == [], "claims in no exercise and not listed as reference-only"


def test_a_claim_under_two_questions_has_two_keys():
    keys = load_keys()
    counts = keys.groupby("claim")["question"].nunique()
    assert (counts >= 2).any(), "no claim is keyed under two questions"


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
        # A sorter of a series may hold a few more cards at its last date, where it gathers the
        # whole record; any other exercise stays at sixteen at most.
        assert 3 <= len(spec["claims"]) <= (18 if spec["series"] else 16), spec["id"]


def test_timeline_event_finds_one_row_or_names_the_id():
    import pytest

    from casebook import timeline_event

    timeline = load_timeline()
    assert str(timeline_event(timeline, "2014-12-19-fbi-names-north-korea")["date"].date()) == \
        "2014-12-19"
    with pytest.raises(KeyError, match="0 rows with id 'no-such-event'"):
        timeline_event(timeline, "no-such-event")


def test_every_loader_indexes_its_rows_by_their_stable_id():
    from casebook import load_network_counts

    for frame in (load_claims(), load_timeline(), load_outages(), load_network_counts()):
        assert list(frame.index) == list(frame["id"])
        assert frame.index.is_unique
    keys = load_keys()
    assert list(keys.index) == list(zip(keys["claim"], keys["question"], strict=True))
