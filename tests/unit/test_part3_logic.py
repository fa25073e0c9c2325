"""Part III's logic in Python: the likelihood/confidence checker, calibration scoring, ACH
scores and the assessment checker, each on hand-made cases whose answers are worked out here,
and their seed files validated with named errors."""

from __future__ import annotations

import pytest

from casebook.ach import (
    cell_verdict,
    inconsistency,
    leaders,
    load_ach,
    nondiagnostic,
    rating_baselines,
    score_ratings,
    sensitivity,
)
from casebook.assessment import check_assessment, load_assessments, to_markdown
from casebook.data import SeedError
from casebook.estimative import (
    brier_points,
    check_sentence,
    check_text,
    forecast_baselines,
    load_estimative,
    phrase_baselines,
    phrase_verdict,
    score_forecasts,
    score_phrases,
    sentences,
    vocabulary,
)

from .conftest import ASSESSMENTS, ESTIMATIVE

VOCAB = vocabulary(["almost no chance", "remote", "very unlikely", "unlikely", "likely",
                    "very likely", "probably", "roughly even chance"],
                   ["high confidence", "moderate confidence", "low confidence"],
                   ["consistent with", "may", "could"])


# ------------------------------------------------------------------------------- the checker

@pytest.mark.parametrize(
    ("text", "likelihood", "confidence", "mixed"),
    [
        ("We assess with high confidence that North Korea is likely responsible.", ["likely"],
         ["high confidence"], True),
        ("The FBI has very high confidence in this attribution.", [], ["very high confidence"],
         False),
        ("It is very unlikely, not merely unlikely.", ["very unlikely", "unlikely"], [], False),
        ("We are confident it is probably so.", ["probably"], ["confident"], True),
        ("The outage is consistent with an attack.", [], [], False),
        ("An unlikelihood of likely-looking words.", [], [], False),
        ("Remote access is not a remote chance; it is LIKELY.", ["remote", "remote", "likely"],
         [], False),
        ("Almost   no chance.", ["almost no chance"], [], False),
    ],
)
def test_check_sentence_finds_likelihood_and_confidence(text, likelihood, confidence, mixed):
    found = check_sentence(text, VOCAB)
    assert found["likelihood"] == likelihood
    assert found["confidence"] == confidence
    assert found["mixed"] is mixed


def test_hedges_are_found_but_are_not_likelihood():
    found = check_sentence("It could be a fault, consistent with overload; it may be.", VOCAB)
    assert found["hedges"] == ["could", "consistent with", "may"]
    assert found["likelihood"] == [] and not found["mixed"]


def test_check_text_splits_sentences_and_keeps_order():
    frame = check_text("It is likely. We have low confidence! Is it 2014? yes it is.", VOCAB)
    assert frame["sentence"].tolist() == ["It is likely.", "We have low confidence!",
                                          "Is it 2014? yes it is."]
    assert frame["mixed"].tolist() == [False, False, False]
    assert sentences("A. B.  C") == ["A.", "B.", "C"]


# ------------------------------------------------------------------------------- calibration

@pytest.mark.parametrize(("value", "verdict"), [(None, "unanswered"), (54, "too-low"),
                                                (55, "in-range"), (80, "in-range"),
                                                (81, "too-high"), (0, "too-low")])
def test_phrase_verdict_includes_both_ends(value, verdict):
    assert phrase_verdict(value, 55, 80) == verdict


@pytest.mark.parametrize("bad", [-1, 101, 50.5, "60", True])
def test_phrase_and_probability_must_be_whole_percent(bad):
    with pytest.raises(ValueError):
        phrase_verdict(bad, 55, 80)
    with pytest.raises(ValueError):
        brier_points(bad, True)


def test_brier_scores_worked_by_hand():
    # 80 % on a yes: (0.8 - 1)^2 = 0.04; 30 % on a no: 0.09; 0 % on a yes: 1.
    score = score_forecasts({"a": 80, "b": 30, "c": 0}, {"a": True, "b": False, "c": True})
    assert score.per_forecast == {"a": 400, "b": 900, "c": 10000}
    assert score.brier_milli == 377  # (0.04 + 0.09 + 1) / 3 = 0.3767
    assert score.skill_percent == -50.7  # 1 - 0.3767 / 0.25
    half = score_forecasts({"a": 50, "b": 50}, {"a": True, "b": False})
    assert (half.brier_milli, half.skill_percent) == (250, 0.0)
    assert score_forecasts({}, {"a": True}).brier_milli is None
    perfect = score_forecasts({"a": 100, "b": 0}, {"a": True, "b": False})
    assert (perfect.brier_milli, perfect.skill_percent) == (0, 100.0)


def test_phrase_score_and_baselines():
    ranges = {"unlikely": (20, 45), "likely": (55, 80)}
    score = score_phrases({"likely": 60, "unlikely": 50}, ranges)
    assert (score.in_range, score.total, score.percent) == (1, 2, 50.0)
    assert score.per_phrase == {"unlikely": "too-high", "likely": "in-range"}
    base = phrase_baselines(ranges)
    assert base["constant_percent"] == 50.0  # no number lies in both ranges
    assert base["random_percent"] == round(100 * ((26 + 26) / 101) / 2, 1)
    fb = forecast_baselines([True, False, False])
    assert fb["best_constant"] == 33 and fb["random_skill"] == -33.3


# ------------------------------------------------------------------------------------- ACH

SIDES = {"CC": "consistent", "C": "consistent", "N": "neutral", "I": "inconsistent",
         "II": "inconsistent"}
WEIGHTS = {"CC": 0, "C": 0, "N": 0, "I": 1, "II": 2}
HYPS = ["a", "b", "c"]
MATRIX = {
    "e1": {"a": "C", "b": "I", "c": "II"},   # against b and c
    "e2": {"a": "N", "b": "N", "c": "N"},    # says nothing
    "e3": {"a": "II", "b": "C", "c": "C"},   # against a, strongly
    "e4": {"a": "C", "b": "CC", "c": "C"},   # consistent with all: does not discriminate
}


def test_inconsistency_and_the_leader():
    scores = inconsistency(MATRIX, HYPS, WEIGHTS)
    assert scores == {"a": 2, "b": 1, "c": 2}
    assert leaders(scores, HYPS) == ["b"]
    assert leaders({"a": 1, "b": 1, "c": 3}, HYPS) == ["a", "b"]
    assert inconsistency(MATRIX, HYPS, WEIGHTS, exclude={"e3"}) == {"a": 0, "b": 1, "c": 2}


def test_nondiagnostic_rows_share_one_side_under_every_hypothesis():
    assert nondiagnostic(MATRIX, HYPS, SIDES) == ["e2", "e4"]
    assert nondiagnostic({"e": {"a": "C", "b": "C"}}, HYPS, SIDES) == []  # c not rated


def test_sensitivity_names_the_single_items_that_move_the_lead():
    assert sensitivity(MATRIX, HYPS, WEIGHTS, ["e1", "e2", "e3"]) == ["e1", "e3"]
    # Once e3 is set aside as planted, a leads; dropping e1 then ties a and b.
    assert sensitivity(MATRIX, HYPS, WEIGHTS, ["e1", "e2", "e3"], exclude=["e3"]) == ["e1"]


def test_ratings_score_by_side_and_its_baselines():
    answers = {"e1": {"a": "CC", "b": "II", "c": "N"}, "e3": {"a": "II"}}
    score = score_ratings(answers, MATRIX, SIDES)
    assert (score.matched, score.exact, score.total) == (3, 1, 12)
    assert score.per_cell["e1"] == {"a": "same-side", "b": "same-side", "c": "other-side"}
    assert score.per_cell["e2"]["a"] == "unrated"
    assert cell_verdict("II", "II", SIDES) == "exact"
    with pytest.raises(ValueError):
        cell_verdict("X", "C", SIDES)
    base = rating_baselines(MATRIX, SIDES)
    # Consistent covers 6 of 12 cells; a random rating lands on the key's side 2/5 of the time
    # for a consistent or inconsistent cell and 1/5 for a neutral one.
    assert (base["best_constant"], base["constant_percent"]) == ("CC", 50.0)
    assert base["random_percent"] == round(100 * (9 * 0.4 + 3 * 0.2) / 12, 1)


# ------------------------------------------------------------------------------- assessment

GOOD = {
    "judgment": "North Korea's government likely ordered the attack. The record is thin.",
    "likelihood": "likely", "confidence": "moderate",
    "confidence_basis": "Two independent technical lines agree, but the strongest evidence "
                        "was withheld.",
    "evidence": [{"text": "Symantec's shared server.", "source": "cioasia-20141204"},
                 {"text": "The FBI's grounds.", "source": "fbi-20141219-update"},
                 {"text": "", "source": ""}],
    "alternatives": [{"hypothesis": "Insiders", "why": "No insider evidence was published."},
                     {"hypothesis": "Hacktivists", "why": "The tools had a long lineage."}],
    "would_change": "Evidence that the IP addresses were relays anyone could use.",
}


def levels(findings):
    return [(f["field"], f["level"]) for f in findings]


def test_a_good_assessment_passes_every_part(seeds):
    folder, _ = seeds
    found = check_assessment(GOOD, folder=folder)
    assert levels(found) == [(f, "ok") for f in ("judgment", "likelihood", "confidence",
                                                 "confidence_basis", "evidence", "alternatives",
                                                 "would_change")]


@pytest.mark.parametrize(
    ("change", "field", "level", "words"),
    [
        ({"judgment": ""}, "judgment", "missing", "Write your judgment"),
        ({"judgment": "North Korea likely did it with high confidence."}, "judgment", "problem",
         "puts a likelihood (likely) and a confidence (high confidence) in one sentence"),
        ({"judgment": "North Korea did it."}, "judgment", "problem", "in ICD 203's words"),
        ({"judgment": "It was roughly even chance."}, "judgment", "problem",
         "but the likelihood you chose is likely"),
        ({"likelihood": ""}, "likelihood", "missing", "Choose the likelihood"),
        ({"likelihood": "maybe"}, "likelihood", "problem", "'maybe' is not one of"),
        ({"confidence": "very"}, "confidence", "problem", "not 'very'"),
        ({"confidence_basis": "Good sources."}, "confidence_basis", "problem", "Say more"),
        ({"evidence": [{"text": "A claim", "source": " "}, {"text": "B", "source": "x"}]},
         "evidence", "problem", "Evidence item 1 has no source"),
        ({"evidence": [{"text": "A claim", "source": "x"}]}, "evidence", "problem",
         "more than one line"),
        ({"evidence": []}, "evidence", "missing", "List the key evidence"),
        ({"alternatives": [{"hypothesis": "Insiders", "why": ""},
                           {"hypothesis": "Hacktivists", "why": "No."}]},
         "alternatives", "problem", "(Insiders) is named but not addressed"),
        ({"alternatives": [{"hypothesis": "Insiders", "why": "No."}]}, "alternatives",
         "problem", "at least two"),
        ({"would_change": "  "}, "would_change", "missing", "what new evidence"),
    ],
)
def test_each_flaw_is_named_in_its_part(seeds, change, field, level, words):
    folder, _ = seeds
    found = check_assessment({**GOOD, **change}, folder=folder)
    flagged = [f for f in found if f["level"] != "ok"]
    assert [(f["field"], f["level"]) for f in flagged] == [(field, level)], flagged
    assert words in flagged[0]["message"]


def test_markdown_export_has_every_part_in_order(seeds):
    labels = {f: f.replace("_", " ").title() for f in ("judgment", "likelihood", "confidence",
                                                        "confidence_basis", "evidence",
                                                        "alternatives", "would_change")}
    text = to_markdown({**GOOD, "would_change": ""}, labels, {"likely": "likely"}, "Mine")
    assert text.startswith("# Mine\n\n## Judgment\n\nNorth Korea's government likely ordered")
    assert "- Symantec's shared server. (source: cioasia-20141204)" in text
    assert "## Would Change\n\n(not written)\n" in text
    assert text.index("## Evidence") < text.index("## Alternatives")


# ------------------------------------------------------------------------------ the seed files

def test_the_fixture_seed_files_load(seeds):
    folder, bib = seeds
    spec = load_estimative(folder, bib)
    assert list(spec["likelihood"].index) == ["unlikely", "roughly-even-chance", "likely"]
    assert spec["calibrations"]["cal-test"]["forecasts"][1]["outcome"] is False
    ach = load_ach(folder, bib)
    row = ach["matrices"]["ach-test"]["evidence"][0]
    assert row["speaker"] == "FBI" and row["key"] == {"state": "C", "insider": "II"}
    assert load_assessments(folder, bib)["examples"]["example-test"]["confidence"] == "moderate"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("low: 55, high: 80", "low: 80, high: 55", "low (80) must be below high (55)"),
        ("low: 55, high: 80", "low: 40, high: 80", "ranges run from least to most likely"),
        ("synonyms: [probable, probably]", "synonyms: [probable, unlikely]",
         "'unlikely' is already a word of 'unlikely'"),
        ("phrases: [unlikely, likely]", "phrases: [unlikely, maybe]",
         "'maybe' is not a likelihood id"),
        ("settled_on: 2018-09-06", "settled_on: 2014-12-01", "must come after asked_on"),
        ("outcome: true", "outcome: maybe", "outcome"),
        ("sources: [dyn-20141222-who]", "sources: [nowhere-2015]",
         "source key 'nowhere-2015' is not in book/references.bib"),
    ],
)
def test_a_bad_estimative_file_is_named(seeds, old, new, expected):
    folder, bib = seeds
    assert old in ESTIMATIVE
    (folder / "estimative.yml").write_text(ESTIMATIVE.replace(old, new))
    with pytest.raises(SeedError) as info:
        load_estimative(folder, bib)
    messages = [str(p) for p in info.value.problems]
    assert any(m.startswith("seeds/estimative.yml") and expected in m for m in messages), messages


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("key: {state: C, insider: II}", "key: {state: C}", "rate each hypothesis once"),
        ("key: {state: C, insider: II}", "key: {state: C, insider: X}", "Input should be"),
        ("claim: sony-fbi-2014-12-19", "claim: sony-ghost-2014-12-19",
         "claim id 'sony-ghost-2014-12-19' is not in seeds/claims.csv"),
        ("as_of: 2015-01-31", "as_of: 2014-12-01", "became public on 2014-12-19, after"),
        ("case: sony", "case: outage", "belongs to case 'sony', not 'outage'"),
        ("  II: {label: very inconsistent, side: inconsistent, inconsistency: 2}\n", "",
         "every rating needs a definition; missing II"),
    ],
)
def test_a_bad_ach_file_is_named(seeds, old, new, expected):
    from .conftest import ACH

    folder, bib = seeds
    assert old in ACH
    (folder / "ach.yml").write_text(ACH.replace(old, new))
    with pytest.raises(SeedError) as info:
        load_ach(folder, bib)
    messages = [str(p) for p in info.value.problems]
    assert any(m.startswith("seeds/ach.yml") and expected in m for m in messages), messages


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("likelihood: likely\n", "likelihood: maybe\n", "'maybe' is not a likelihood id"),
        ("source: dyn-20141222-who", "source: nowhere-2015", "'nowhere-2015' is not in"),
        ("judgment: North Korea's government likely ordered the attack.",
         "judgment: North Korea's government likely ordered it with high confidence.",
         "the course's example must pass its own checker"),
        ("      would_change: Testable.\n", "", "needs a comment on would_change"),
        ("  - {id: judgment, label: Judgment, help: One sentence.}\n", "",
         "List should have at least 7 items"),
    ],
)
def test_a_bad_assessments_file_is_named(seeds, old, new, expected):
    folder, bib = seeds
    assert old in ASSESSMENTS
    (folder / "assessments.yml").write_text(ASSESSMENTS.replace(old, new))
    with pytest.raises(SeedError) as info:
        load_assessments(folder, bib)
    messages = [str(p) for p in info.value.problems]
    assert any(m.startswith("seeds/assessments.yml") and expected in m for m in messages), \
        messages


def test_hedges_load_and_the_table_shows_what_fell_away(seeds):
    from casebook.data import load_hedges

    folder, bib = seeds
    hedges = load_hedges(folder, bib)
    assert hedges["step"].tolist() == [1, 2]
    assert hedges.at[0, "qualifiers"] == ["cause unknown", "could be a fault"]
    assert hedges.at[1, "qualifiers"] == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("dyn-test,2,", "dyn-test,3,", "steps must run 1, 2, 3... in file order; got 1, 3"),
        ("dyn-test,2,2014-12-23", "dyn-test,2,2014-12-21", "a chain's steps run in date order"),
        (",fbi-20141219-update\n", ",nowhere-2015\n", "'nowhere-2015' is not in"),
        ("dyn-test,1,", "dyn-test,one,", "expected a whole number from 1"),
        ("cause unknown;could be a fault", "cause unknown;;could be", "expected qualifier labels"),
    ],
)
def test_a_bad_hedges_file_is_named(seeds, old, new, expected):
    from casebook.data import load_hedges

    from .conftest import HEDGES

    folder, bib = seeds
    assert old in HEDGES
    (folder / "hedges.csv").write_text(HEDGES.replace(old, new))
    with pytest.raises(SeedError) as info:
        load_hedges(folder, bib)
    messages = [str(p) for p in info.value.problems]
    assert any(m.startswith("seeds/hedges.csv, line ") and expected in m for m in messages), \
        messages
