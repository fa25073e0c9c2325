"""Score a learner's placement of claims into strength tiers.

The rules (documented in ``seeds/README.md``, and mirrored line for line by ``scorePlacements``
in ``widgets/static/claim-sorter.js``; a test runs both over the same fixtures):

- full credit (1) when the placed tier lies inside the key's band ``tier_min``..``tier_max``;
- half credit (0.5) for a near miss, one tier outside the band;
- no credit when two or more tiers outside the band, or when the claim is left unplaced.

The total is the sum of credits; the maximum is the number of claims in the exercise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

FULL, NEAR, NONE = 1.0, 0.5, 0.0
VERDICTS = {
    "in-band": "Inside the key's band: full credit.",
    "near-miss": "A near miss, one tier outside the key's band: half credit.",
    "outside": "Two or more tiers outside the key's band: no credit.",
    "unplaced": "Not placed yet: no credit.",
}


@dataclass(frozen=True)
class Key:
    """The answer key for one claim: the band of defensible tiers."""

    tier_min: int
    tier_max: int

    def __post_init__(self):
        if not (1 <= self.tier_min <= self.tier_max <= 4):
            raise ValueError(f"invalid band {self.tier_min}-{self.tier_max}")


def credit(tier: int | None, key: Key) -> tuple[float, str]:
    """Return the credit and the verdict code for one placement.

    Parameters
    ----------
    tier : int or None
        The learner's tier (1-4), or None when the claim is not placed.
    key : Key
        The claim's band.
    """
    if tier is None:
        return NONE, "unplaced"
    if tier not in (1, 2, 3, 4):
        raise ValueError(f"tier must be 1, 2, 3 or 4, got {tier!r}")
    distance = max(key.tier_min - tier, tier - key.tier_max, 0)
    if distance == 0:
        return FULL, "in-band"
    if distance == 1:
        return NEAR, "near-miss"
    return NONE, "outside"


def percent(total: float, maximum: int) -> float:
    """``100 * total / maximum`` to one decimal, halves rounded up, in integer arithmetic."""
    if not maximum:
        return 0.0
    num = 1000 * round(2 * total)
    den = 2 * maximum
    return ((2 * num + den) // (2 * den)) / 10


@dataclass(frozen=True)
class Score:
    """The result of scoring one set of placements."""

    total: float
    maximum: int
    per_claim: dict[str, tuple[float, str]]
    unknown: tuple[str, ...]

    @property
    def percent(self) -> float:
        """The total as a percentage of the maximum, to one decimal, halves rounded up.

        Computed in integers (totals are multiples of 0.5) so JavaScript gives the same digits;
        Python's own ``round`` rounds halves to even and would differ on 6.25.
        """
        return percent(self.total, self.maximum)


def score_placements(placements: Mapping[str, int | None], keys: Mapping[str, Key]) -> Score:
    """Score placements against keys.

    Parameters
    ----------
    placements : mapping of claim id to tier (1-4) or None
        What the learner chose; missing ids count as unplaced.
    keys : mapping of claim id to Key
        The exercise's claims and their bands, in display order.

    Returns
    -------
    Score
        ``total``, ``maximum``, ``percent``, per-claim ``(credit, verdict)`` and the ids in
        ``placements`` that are not in the exercise (ignored, sorted).
    """
    per_claim = {cid: credit(placements.get(cid), key) for cid, key in keys.items()}
    total = sum(c for c, _ in per_claim.values())
    unknown = tuple(sorted(cid for cid in placements if cid not in keys))
    return Score(total=total, maximum=len(keys), per_claim=per_claim, unknown=unknown)


def keys_from_claims(claims) -> dict[str, Key]:
    """Build the keys of a claims DataFrame (as returned by ``load_claims``), in row order."""
    rows = zip(claims["id"], claims["tier_min"], claims["tier_max"], strict=True)
    return {cid: Key(int(lo), int(hi)) for cid, lo, hi in rows}


@dataclass(frozen=True)
class QuizScore:
    """The result of scoring one set of quiz answers."""

    correct: int
    total: int
    per_question: dict[str, str]
    unknown: tuple[str, ...]

    @property
    def percent(self) -> float:
        return percent(self.correct, self.total)


def score_quiz(answers: Mapping[str, str], questions: list[dict]) -> QuizScore:
    """Score single-choice answers: each question is ``correct``, ``wrong`` or ``unanswered``.

    Mirrors ``scoreQuiz`` in ``widgets/static/quiz.js``.
    """
    per_question = {}
    for q in questions:
        chosen = answers.get(q["id"])
        per_question[q["id"]] = ("unanswered" if chosen is None
                                 else "correct" if chosen == q["answer"] else "wrong")
    correct = sum(v == "correct" for v in per_question.values())
    unknown = tuple(sorted(a for a in answers if a not in per_question))
    return QuizScore(correct, len(questions), per_question, unknown)
