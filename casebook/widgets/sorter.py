"""The claim sorter: learners place claims into four strength tiers, name the deciding axis of
each, and get feedback that says why, how far off they were, and what a guess would score."""

from __future__ import annotations

import re

import pandas as pd
import traitlets as t

from ..data import date_label, exercise_claims, load_exercises, next_changes
from ..scale import AXIS_IDS, load_scale, widget_scale
from ..scoring import Key, keys_from_frame, score_axes, score_sort
from ..scoring import verdict as band_verdict
from .base import ClaimExerciseWidget, bundled_esm, fingerprint

_EXERCISE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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
        "rationale": row["rationale"],
        "fp": fingerprint(row["claim"], row["tier_min"], row["tier_max"], row["deciding_axis"]),
    }


def next_record(exercise_id: str) -> dict:
    """What changes by the next date of a series sorter, as the JavaScript module reads it:
    ``{}`` for a sorter outside a series or at its last date, else ``as_of``, ``as_of_label``,
    ``new_claims`` (how many more claims become public) and ``changes``, one entry per claim
    whose key changes (``id``, ``tier_min``, ``tier_max``, ``axis``, ``from_label``,
    ``rationale``)."""
    changes = next_changes(exercise_id)
    nxt = changes.attrs["next_as_of"]
    if nxt is None:
        return {}
    return {
        "as_of": nxt,
        "as_of_label": date_label(pd.Timestamp(nxt), "day"),
        "new_claims": len(changes.attrs["new_claims"]),
        "changes": [{"id": cid, "tier_min": int(row["tier_min"]),
                     "tier_max": int(row["tier_max"]), "axis": row["deciding_axis"],
                     "from_label": date_label(row["from_date"], "day"),
                     "rationale": row["rationale"]}
                    for cid, row in changes.iterrows()],
    }


class ClaimSorter(ClaimExerciseWidget):
    """Sort claims by evidential strength, live in Jupyter and kernel-free on the built book.

    Parameters
    ----------
    claims : pandas.DataFrame
        An exercise's claims with their keys (from ``exercise_claims``), in card order.
    exercise_id : str
        A stable slug; it names the saved answers in the browser and the page's test hooks.
    title, prompt, question : str
        What the learner reads above the cards; ``question`` is the one stated question every
        tier answers, ``as_of`` the date the record is judged at.

    Examples
    --------
    >>> sorter = ClaimSorter.for_exercise("ex-01-sony-dec-2014")  # doctest: +SKIP
    >>> sorter.results()  # after sorting, a DataFrame of placements and feedback  # doctest: +SKIP
    """

    _widget_name = "claim-sorter"
    _id_trait = "exercise_id"
    _esm = bundled_esm("claim-sorter")
    _static_keys = (*ClaimExerciseWidget._exercise_keys, "next_record", "placements",
                    "axis_picks")

    placements = t.Dict().tag(sync=True)
    axis_picks = t.Dict().tag(sync=True)
    next_record = t.Dict().tag(sync=True)

    def __init__(self, claims: pd.DataFrame, *, exercise_id: str, title: str = "",
                 prompt: str = "", question: str = "", as_of: str = "",
                 next_record: dict | None = None, **kwargs):
        if not _EXERCISE_ID.match(exercise_id or ""):
            raise ValueError(f"exercise_id must be a slug like 'ex-01-sony', got {exercise_id!r}")
        if claims.empty:
            raise ValueError(f"exercise '{exercise_id}' has no claims to sort")
        if claims["id"].duplicated().any():
            dupes = ", ".join(sorted(set(claims["id"][claims["id"].duplicated()])))
            raise ValueError(f"exercise '{exercise_id}' lists a claim twice: {dupes}")
        as_of = as_of or claims.attrs.get("as_of", "")
        super().__init__(
            exercise_id=exercise_id,
            title=title or "Sort the claims by evidential strength",
            prompt=prompt,
            question=question or claims.attrs.get("question_text", ""),
            as_of=str(as_of),
            as_of_label=date_label(pd.Timestamp(as_of), "day") if as_of else "",
            bank_version=claims.attrs.get("bank_version", ""),
            claims=[card(row) for _, row in claims.iterrows()],
            placements={},
            axis_picks={},
            next_record=next_record or {},
            scale=widget_scale(),
            **kwargs,
        )
        self._keys = keys_from_frame(claims)
        self._deciding = dict(zip(claims["id"], claims["deciding_axis"], strict=True))

    @classmethod
    def for_exercise(cls, exercise_id: str) -> ClaimSorter:
        """Build the sorter for an exercise defined in ``seeds/exercises.yml``."""
        spec = load_exercises()[exercise_id]
        if spec["kind"] != "sorter":
            raise ValueError(f"exercise '{exercise_id}' is a {spec['kind']}, not a sorter")
        return cls(exercise_claims(exercise_id), exercise_id=exercise_id, title=spec["title"],
                   prompt=spec["prompt"], next_record=next_record(exercise_id))

    def __repr__(self) -> str:
        return f"ClaimSorter(exercise_id={self.exercise_id!r}, claims={len(self.claims)})"

    def place(self, claim_id: str, tier: int | None) -> None:
        """Place one claim from Python (what the learner does with the menus or the board)."""
        if claim_id not in self._keys:
            raise KeyError(f"claim '{claim_id}' is not in exercise '{self.exercise_id}'")
        if tier is not None and tier not in (1, 2, 3, 4):
            raise ValueError(f"tier must be 1, 2, 3, 4 or None, got {tier!r}")
        placements = {k: v for k, v in self.placements.items() if k != claim_id}
        if tier is not None:
            placements[claim_id] = tier
        self.placements = placements

    def pick_axis(self, claim_id: str, axis: str | None) -> None:
        """Name the axis that decides a claim's tier (the second control on each card)."""
        if claim_id not in self._keys:
            raise KeyError(f"claim '{claim_id}' is not in exercise '{self.exercise_id}'")
        if axis is not None and axis not in AXIS_IDS:
            raise ValueError(f"axis must be one of {', '.join(AXIS_IDS)} or None, got {axis!r}")
        picks = {k: v for k, v in self.axis_picks.items() if k != claim_id}
        if axis is not None:
            picks[claim_id] = axis
        self.axis_picks = picks

    def _clean_placements(self) -> dict[str, int]:
        return {k: int(v) for k, v in self.placements.items() if v in (1, 2, 3, 4)}

    def score(self):
        """Score the current placements (see ``casebook.scoring.score_sort``)."""
        return score_sort(self._clean_placements(), self._keys)

    def axis_score(self):
        """Score the current axis picks (see ``casebook.scoring.score_axes``)."""
        picks = {k: v for k, v in self.axis_picks.items() if v in AXIS_IDS}
        return score_axes(picks, self._deciding)

    def results(self) -> pd.DataFrame:
        """The learner's answers as a DataFrame: one row per claim, in card order.

        Columns: ``claim_id``, ``placement`` (nullable integer), ``key_band``, ``verdict``
        (``in-band``, ``too-high``, ``too-low``, ``unplaced``), ``axis_pick``,
        ``deciding_axis``, ``axis_verdict`` and ``feedback``.  A sorter of a series adds
        ``next_key_band`` and ``next_verdict``: the key at the series' next date where it changes
        (else empty), and where the placement would stand against it.
        """
        scale = load_scale()
        score, axes = self.score(), self.axis_score()
        placed = self._clean_placements()
        rows = []
        for c in self.claims:
            verdict = score.per_claim[c["id"]]
            said = scale.verdicts.model_dump(by_alias=True)[verdict]
            band = scale.band_text(c["tier_min"], c["tier_max"])
            if verdict in ("too-high", "too-low"):
                said = f"{said}: the key is {band}."
            rows.append({
                "claim_id": c["id"],
                "placement": placed.get(c["id"]),
                "key_band": band,
                "verdict": verdict,
                "axis_pick": self.axis_picks.get(c["id"]),
                "deciding_axis": c["axis"],
                "axis_verdict": axes.per_claim[c["id"]],
                "feedback": f"{said} Deciding axis: {scale.axis_labels[c['axis']]}. "
                            f"{c['rationale']}",
            })
        frame = pd.DataFrame(rows)
        frame["placement"] = frame["placement"].astype("Int64")
        if self.next_record:
            moved = {c["id"]: c for c in self.next_record["changes"]}
            frame["next_key_band"] = [
                scale.band_text(moved[c]["tier_min"], moved[c]["tier_max"]) if c in moved else ""
                for c in frame["claim_id"]]
            frame["next_verdict"] = [
                band_verdict(placed.get(c), Key(moved[c]["tier_min"], moved[c]["tier_max"]))
                if c in moved else "" for c in frame["claim_id"]]
        return frame
