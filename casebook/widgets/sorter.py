"""The claim sorter: learners place claims into four strength tiers and get explained feedback."""

from __future__ import annotations

import re

import pandas as pd
import traitlets as t

from ..data import AXIS_LABELS, TIER_HELP, TIER_NAMES, exercise_claims, load_exercises
from ..scoring import VERDICTS, keys_from_claims, score_placements
from .base import CourseWidget, bundled_esm

_EXERCISE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def date_label(when: pd.Timestamp, precision: str) -> str:
    """Format a claim's date as a reader sees it, honest about its precision."""
    if precision == "month":
        return f"{_MONTHS[when.month - 1]} {when.year}"
    text = f"{when.day} {_MONTHS[when.month - 1]} {when.year}"
    return f"about {text}" if precision == "approx" else text


def card(row) -> dict:
    """The fields of one claim card, as the JavaScript module reads them."""
    return {
        "id": row["id"],
        "claim": row["claim"],
        "speaker": row["speaker"],
        "date_label": date_label(row["date"], row["date_precision"]),
        "tier_min": int(row["tier_min"]),
        "tier_max": int(row["tier_max"]),
        "axis": row["deciding_axis"],
        "axis_label": AXIS_LABELS[row["deciding_axis"]],
        "rationale": row["rationale"],
    }


class ClaimSorter(CourseWidget):
    """Sort claims by evidential strength, live in Jupyter and kernel-free on the built book.

    Parameters
    ----------
    claims : pandas.DataFrame
        Rows of the claim bank (from ``load_claims``), in the order the cards appear.
    exercise_id : str
        A stable slug; it names the saved answers in the browser and the page's test hooks.
    title, prompt : str
        What the learner reads above the cards.

    Examples
    --------
    >>> sorter = ClaimSorter.for_exercise("ex-01-sony-dec-2014")  # doctest: +SKIP
    >>> sorter.results()  # after sorting, a DataFrame of placements and credit  # doctest: +SKIP
    """

    _widget_name = "claim-sorter"
    _esm = bundled_esm("claim-sorter")
    _static_keys = ("exercise_id", "title", "prompt", "bank_version", "claims", "placements",
                    "tier_help")

    exercise_id = t.Unicode().tag(sync=True)
    title = t.Unicode().tag(sync=True)
    prompt = t.Unicode().tag(sync=True)
    bank_version = t.Unicode().tag(sync=True)
    claims = t.List(t.Dict()).tag(sync=True)
    placements = t.Dict().tag(sync=True)
    tier_help = t.Dict().tag(sync=True)

    def __init__(self, claims: pd.DataFrame, *, exercise_id: str, title: str = "",
                 prompt: str = "", **kwargs):
        if not _EXERCISE_ID.match(exercise_id or ""):
            raise ValueError(f"exercise_id must be a slug like 'ex-01-sony', got {exercise_id!r}")
        if claims.empty:
            raise ValueError(f"exercise '{exercise_id}' has no claims to sort")
        if claims["id"].duplicated().any():
            dupes = ", ".join(sorted(set(claims["id"][claims["id"].duplicated()])))
            raise ValueError(f"exercise '{exercise_id}' lists a claim twice: {dupes}")
        super().__init__(
            exercise_id=exercise_id,
            title=title or "Sort the claims by evidential strength",
            prompt=prompt,
            bank_version=claims.attrs.get("bank_version", ""),
            claims=[card(row) for _, row in claims.iterrows()],
            placements={},
            tier_help={str(k): v for k, v in TIER_HELP.items()},
            **kwargs,
        )
        self._keys = keys_from_claims(claims)

    @classmethod
    def for_exercise(cls, exercise_id: str) -> ClaimSorter:
        """Build the sorter for an exercise defined in ``seeds/exercises.yml``."""
        claims = exercise_claims(exercise_id)
        spec = load_exercises()[exercise_id]
        return cls(claims, exercise_id=exercise_id, title=spec["title"], prompt=spec["prompt"])

    def __repr__(self) -> str:
        return f"ClaimSorter(exercise_id={self.exercise_id!r}, claims={len(self.claims)})"

    def place(self, claim_id: str, tier: int | None) -> None:
        """Place one claim from Python (what the learner does with the menus)."""
        if claim_id not in self._keys:
            raise KeyError(f"claim '{claim_id}' is not in exercise '{self.exercise_id}'")
        if tier is not None and tier not in TIER_NAMES:
            raise ValueError(f"tier must be 1, 2, 3, 4 or None, got {tier!r}")
        placements = {k: v for k, v in self.placements.items() if k != claim_id}
        if tier is not None:
            placements[claim_id] = tier
        self.placements = placements

    def score(self):
        """Score the current placements (see ``casebook.scoring.score_placements``)."""
        return score_placements(self._clean_placements(), self._keys)

    def _clean_placements(self) -> dict[str, int]:
        return {k: int(v) for k, v in self.placements.items() if v in (1, 2, 3, 4)}

    def results(self) -> pd.DataFrame:
        """The learner's answers as a DataFrame: one row per claim, in card order.

        Columns: ``claim_id``, ``placement`` (nullable integer), ``tier_min``, ``tier_max``,
        ``key_band``, ``credit``, ``verdict`` and ``feedback``.
        """
        score = self.score()
        placed = self._clean_placements()
        rows = []
        for c in self.claims:
            credit, verdict = score.per_claim[c["id"]]
            band = (str(c["tier_min"]) if c["tier_min"] == c["tier_max"]
                    else f"{c['tier_min']}-{c['tier_max']}")
            rows.append({
                "claim_id": c["id"],
                "placement": placed.get(c["id"]),
                "tier_min": c["tier_min"],
                "tier_max": c["tier_max"],
                "key_band": band,
                "credit": credit,
                "verdict": verdict,
                "feedback": f"{VERDICTS[verdict]} Deciding axis: {c['axis_label']}. "
                            f"{c['rationale']}",
            })
        frame = pd.DataFrame(rows)
        frame["placement"] = frame["placement"].astype("Int64")
        return frame
