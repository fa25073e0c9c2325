"""Part III's scored widgets measure, computed from the course's own data: what a constant
answer and a random answer score on every calibration exercise and ACH matrix, and the
properties each lesson relies on (a row that does not discriminate, items that could be
planted, qualifiers that fall away)."""

from __future__ import annotations

import pytest

from casebook import ACH, Assessment, Calibration
from casebook.ach import load_ach, matrix_parts, nondiagnostic, rating_baselines
from casebook.assessment import check_assessment
from casebook.data import load_hedges
from casebook.estimative import forecast_baselines, load_estimative, phrase_baselines

ESTIMATIVE = load_estimative()
ACH_SPEC = load_ach()


@pytest.mark.parametrize("exercise_id", sorted(ESTIMATIVE["calibrations"]))
def test_guessing_scores_low_on_every_calibration(exercise_id):
    ex = ESTIMATIVE["calibrations"][exercise_id]
    terms = ESTIMATIVE["likelihood"]
    ranges = {p: (int(terms.at[p, "low"]), int(terms.at[p, "high"])) for p in ex["phrases"]}
    phrases = phrase_baselines(ranges)
    assert phrases["constant_percent"] <= 50.0, phrases
    assert phrases["random_percent"] <= 50.0, phrases
    outcomes = [f["outcome"] for f in ex["forecasts"]]
    forecasts = forecast_baselines(outcomes)
    # No single probability given to every question beats always saying 50 % by more than a
    # tenth; a random probability does worse than 50 %.
    assert forecasts["constant_skill"] <= 10.0, forecasts
    assert forecasts["random_skill"] < 0
    assert 0.3 <= sum(outcomes) / len(outcomes) <= 0.7


@pytest.mark.parametrize("matrix_id", sorted(ACH_SPEC["matrices"]))
def test_guessing_scores_at_most_half_on_every_ach_matrix(matrix_id):
    m = ACH_SPEC["matrices"][matrix_id]
    hyps, key, _, sides = matrix_parts(m, ACH_SPEC["ratings"])
    base = rating_baselines(key, sides)
    assert base["constant_percent"] <= 50.0, base
    assert base["random_percent"] <= 50.0, base
    # The lessons need a row that does not discriminate and evidence that could be planted.
    assert nondiagnostic(key, hyps, sides), f"{matrix_id}: every row discriminates"
    assert sum(row["spoofable"] for row in m["evidence"]) >= 2


@pytest.mark.parametrize("matrix_id", sorted(ACH_SPEC["matrices"]))
def test_the_workbench_analyses_the_key_like_the_package(matrix_id):
    ach = ACH.for_matrix(matrix_id)
    assert ach.as_of == ACH_SPEC["matrices"][matrix_id]["as_of"]
    analysis = ach.analysis(use_key=True)
    assert analysis["leaders"], matrix_id
    assert ach.results()["verdict"].eq("unrated").all()
    first = ach.evidence[0]
    hyp = ach.hypotheses[0]["id"]
    ach.rate(first["id"], hyp, first["key"][hyp])
    row = ach.results().iloc[0]
    assert (row["rating"], row["verdict"]) == (first["key"][hyp], "exact")
    assert ach.score().exact == 1
    with pytest.raises(ValueError):
        ach.rate(first["id"], hyp, "X")
    with pytest.raises(KeyError):
        ach.rate("sony-nowhere", hyp, "C")


def test_the_calibration_widget_scores_like_the_package():
    ex_id = sorted(ESTIMATIVE["calibrations"])[0]
    cal = Calibration.for_exercise(ex_id)
    p = cal.phrases[0]
    cal.say(p["id"], p["low"])
    f = cal.forecasts[0]
    cal.forecast(f["id"], 100 if f["outcome"] else 0)
    frame = cal.results()
    assert frame.iloc[0]["verdict"] == "in-range"
    forecast_row = frame[frame["id"] == f["id"]].iloc[0]
    assert forecast_row["brier"] == 0.0 and forecast_row["verdict"] == "scored"
    with pytest.raises(ValueError):
        cal.say(p["id"], 101)
    with pytest.raises(KeyError):
        cal.forecast("no-such-question", 50)


def test_the_hedge_chain_loses_qualifiers_along_the_way():
    hedges = load_hedges()
    for chain, rows in hedges.groupby("chain"):
        first = set(rows.iloc[0]["qualifiers"])
        assert len(first) >= 2, chain
        assert any(first - set(q) for q in rows["qualifiers"].iloc[1:]), chain


@pytest.mark.parametrize("case", ["sony", "outage"])
def test_every_case_has_a_form_and_its_example_passes_the_checker(case):
    form = Assessment.for_case(case)
    assert form.example is not None and form.example["case"] == case
    assert {f["level"] for f in check_assessment(form.example)} == {"ok"}
    assert set(form.check()["level"]) == {"missing"}  # an empty form: every part missing
    form.write("judgment", "It was likely North Korea, and we have high confidence.")
    flagged = form.check()
    judgment = flagged[flagged["field"] == "judgment"]
    assert judgment["level"].tolist() == ["problem"]
    assert form.markdown().startswith(f"# {form.title}\n")

