"""The claim grader: grade each claim on six axes, see the tier those grades imply, then
compare each grade and the implied tier with the bank's, axis by axis."""

from __future__ import annotations

import pandas as pd
import traitlets as t

from ..data import date_label, exercise_claims, load_exercises
from ..scale import AXIS_VALUES, GRADED_AXES, load_scale, widget_scale
from ..scoring import grade_verdict, implied_tier, score_grades
from .base import ClaimExerciseWidget, bundled_esm, fingerprint


def bank_grades(row) -> dict[str, str]:
    """The bank's grade of one claim (a row of ``exercise_claims``) on each graded axis."""
    return {axis: str(row[axis]) for axis in GRADED_AXES}


def grader_card(row) -> dict:
    """The fields of one grader card, as the JavaScript module reads them."""
    return {
        "id": row["id"],
        "claim": row["claim"],
        "speaker": row["speaker"],
        "date_label": date_label(row["date"], row["date_precision"]),
        "grades": bank_grades(row),
        "tier_min": int(row["tier_min"]),
        "tier_max": int(row["tier_max"]),
        "axis": row["deciding_axis"],
        "rationale": row["rationale"],
        "fp": fingerprint(row["claim"], *bank_grades(row).values(), row["tier_min"],
                          row["tier_max"]),
    }


class ClaimGrader(ClaimExerciseWidget):
    """Grade claims on several axes, live in Jupyter and kernel-free on the built book.

    Examples
    --------
    >>> grader = ClaimGrader.for_exercise("ex-00-grade-claims")  # doctest: +SKIP
    >>> grader.results()  # one row per claim and axis  # doctest: +SKIP
    """

    _widget_name = "claim-grader"
    _id_trait = "exercise_id"
    _esm = bundled_esm("claim-grader")
    _static_keys = (*ClaimExerciseWidget._exercise_keys, "answers")

    answers = t.Dict().tag(sync=True)

    @classmethod
    def for_exercise(cls, exercise_id: str) -> ClaimGrader:
        """Build the grader for an exercise of kind ``grader`` in ``seeds/exercises.yml``."""
        spec = load_exercises()[exercise_id]
        if spec["kind"] != "grader":
            raise ValueError(f"exercise '{exercise_id}' is a {spec['kind']}, not a grader")
        claims = exercise_claims(exercise_id)
        return cls(exercise_id=exercise_id, title=spec["title"], prompt=spec["prompt"],
                   question=spec["question_text"],
                   as_of=spec["as_of"],
                   as_of_label=date_label(pd.Timestamp(spec["as_of"]), "day"),
                   bank_version=claims.attrs["bank_version"],
                   claims=[grader_card(row) for _, row in claims.iterrows()],
                   answers={}, scale=widget_scale())

    def __repr__(self) -> str:
        return f"ClaimGrader(exercise_id={self.exercise_id!r}, claims={len(self.claims)})"

    def grade(self, claim_id: str, axis: str, value: str | None) -> None:
        """Set one grade from Python (what the learner does with the menus)."""
        if claim_id not in {c["id"] for c in self.claims}:
            raise KeyError(f"claim '{claim_id}' is not in exercise '{self.exercise_id}'")
        if axis not in GRADED_AXES:
            raise ValueError(f"axis must be one of {', '.join(GRADED_AXES)}, got {axis!r}")
        if value is not None and str(value) not in AXIS_VALUES[axis]:
            raise ValueError(f"{axis} takes {', '.join(AXIS_VALUES[axis])}, got {value!r}")
        answers = {k: dict(v) for k, v in self.answers.items()}
        mine = answers.setdefault(claim_id, {})
        if value is None:
            mine.pop(axis, None)
        else:
            mine[axis] = str(value)
        self.answers = answers

    def score(self):
        """Score the grades against the bank (see ``casebook.scoring.score_grades``)."""
        bank = {c["id"]: c["grades"] for c in self.claims}
        return score_grades(self.answers, bank, GRADED_AXES)

    def results(self) -> pd.DataFrame:
        """One row per claim and axis: ``claim_id``, ``axis``, ``given``, ``bank``, ``verdict``,
        plus each claim's ``implied_tier`` (from the learner's grades) and ``key_band``."""
        scale = load_scale()
        caps = scale.implied_tier.model_dump()
        rows = []
        for c in self.claims:
            mine = self.answers.get(c["id"], {})
            implied = implied_tier(mine, caps)
            for axis in GRADED_AXES:
                rows.append({
                    "claim_id": c["id"], "axis": axis, "given": mine.get(axis),
                    "bank": c["grades"][axis],
                    "verdict": grade_verdict(axis, mine.get(axis), c["grades"][axis]),
                    "implied_tier": implied,
                    "key_band": scale.band_text(c["tier_min"], c["tier_max"]),
                })
        frame = pd.DataFrame(rows)
        frame["implied_tier"] = frame["implied_tier"].astype("Int64")
        return frame
