"""Tables for pages: the key of an exercise, and readable views of the claim bank."""

from __future__ import annotations

import pandas as pd

from .data import AXIS_LABELS, TIER_NAMES, exercise_claims


def band_label(tier_min: int, tier_max: int) -> str:
    """``3 Moderate`` for a one-tier band, ``2-3 Weak to Moderate`` for a two-tier band."""
    if tier_min == tier_max:
        return f"{tier_min} {TIER_NAMES[tier_min]}"
    return f"{tier_min}-{tier_max} {TIER_NAMES[tier_min]} to {TIER_NAMES[tier_max]}"


def key_table(exercise_id: str) -> pd.DataFrame:
    """The key of a sorting exercise: each claim's band, deciding axis and rationale.

    Used by the folded solutions, so the static page explains the same key the widget scores.
    """
    claims = exercise_claims(exercise_id)
    return pd.DataFrame({
        "Claim": claims["speaker"] + ": " + claims["claim"],
        "Key": [band_label(lo, hi)
                for lo, hi in zip(claims["tier_min"], claims["tier_max"], strict=True)],
        "Deciding axis": claims["deciding_axis"].map(AXIS_LABELS),
        "Why": claims["rationale"],
    }).reset_index(drop=True).rename(index=lambda i: i + 1)


def later_table(claims: pd.DataFrame) -> pd.DataFrame:
    """What the later record did to each claim: status and note."""
    return pd.DataFrame({
        "Speaker": claims["speaker"],
        "Claim": claims["claim"],
        "Later": claims["later_status"],
        "What happened": claims["later_note"],
    }).reset_index(drop=True).rename(index=lambda i: i + 1)
