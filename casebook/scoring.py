"""Score the course's exercises: the claim sorter, its axis pick, the claim grader and quizzes.

The sorter's rule (``seeds/scale.yml`` states it to the learner; ``scoreSort`` in
``widgets/static/claim-sorter.js`` mirrors it line for line and a browser test runs both over
the same fixtures):

- **Placement**, half the score: the share of claims placed inside the key's band.
- **Order**, the other half: among the pairs of claims whose bands do not overlap (one band
  wholly above the other), the share the learner put in the key's order, the stronger claim
  strictly higher.  A tie or a reversal earns nothing for that pair.

So putting every claim in one tier earns no order credit and scores at most 50 %; placing every
claim anywhere inside its band scores 100 %.  A set with no such pairs is scored on placement
alone.  Percentages are computed in integers, halves rounded up, so JavaScript gives the same
digits.

The axis pick (which axis decides each claim) and the grader (six axes per claim) are scored
as the share of exact matches with the bank.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from .scale import AXIS_VALUES, GRADED_AXES

TIER_RANGE = (1, 2, 3, 4)


@dataclass(frozen=True)
class Key:
    """The answer key for one claim under one question: the band of defensible tiers."""

    tier_min: int
    tier_max: int

    def __post_init__(self):
        if not (1 <= self.tier_min <= self.tier_max <= 4):
            raise ValueError(f"invalid band {self.tier_min}-{self.tier_max}")


def ratio_percent(num: int, den: int) -> float:
    """``100 * num / den`` to one decimal, halves rounded up, in integer arithmetic."""
    if not den:
        return 0.0
    return ((2000 * num + den) // (2 * den)) / 10


def percent(total: int, maximum: int) -> float:
    """A count as a percentage of ``maximum`` (see ``ratio_percent``)."""
    return ratio_percent(total, maximum)


def verdict(tier: int | None, key: Key) -> str:
    """``in-band``, ``too-high``, ``too-low`` or ``unplaced`` for one placement."""
    if tier is None:
        return "unplaced"
    if tier not in TIER_RANGE:
        raise ValueError(f"tier must be 1, 2, 3 or 4, got {tier!r}")
    if tier > key.tier_max:
        return "too-high"
    if tier < key.tier_min:
        return "too-low"
    return "in-band"


def ordered_pairs(keys: Mapping[str, Key]) -> list[tuple[str, str]]:
    """The pairs ``(stronger, weaker)`` whose bands do not overlap, in the keys' order."""
    ids = list(keys)
    return [(a, b) for a in ids for b in ids if keys[a].tier_min > keys[b].tier_max]


@dataclass(frozen=True)
class SortScore:
    """The result of scoring one set of placements."""

    in_band: int
    claims: int
    pairs_agreed: int
    pairs: int
    per_claim: dict[str, str]
    misordered: tuple[tuple[str, str], ...]
    unknown: tuple[str, ...]

    @property
    def percent(self) -> float:
        if not self.pairs:
            return ratio_percent(self.in_band, self.claims)
        return ratio_percent(self.in_band * self.pairs + self.pairs_agreed * self.claims,
                             2 * self.claims * self.pairs)


def score_sort(placements: Mapping[str, int | None], keys: Mapping[str, Key]) -> SortScore:
    """Score placements against keys.

    Parameters
    ----------
    placements : mapping of claim id to tier (1-4) or None
        What the learner chose; missing ids count as unplaced.
    keys : mapping of claim id to Key
        The exercise's claims and their bands, in display order.

    Returns
    -------
    SortScore
        Claims inside their band, pairs in the key's order, ``percent``, each claim's verdict,
        the key-ordered pairs the learner tied or reversed, and ignored unknown ids (sorted).
    """
    per_claim = {cid: verdict(placements.get(cid), key) for cid, key in keys.items()}
    pairs = ordered_pairs(keys)
    agreed, misordered = 0, []
    for hi, lo in pairs:
        t_hi, t_lo = placements.get(hi), placements.get(lo)
        if t_hi is not None and t_lo is not None and t_hi > t_lo:
            agreed += 1
        elif t_hi is not None and t_lo is not None:
            misordered.append((hi, lo))
    return SortScore(
        in_band=sum(v == "in-band" for v in per_claim.values()), claims=len(keys),
        pairs_agreed=agreed, pairs=len(pairs), per_claim=per_claim,
        misordered=tuple(misordered),
        unknown=tuple(sorted(cid for cid in placements if cid not in keys)))


@dataclass(frozen=True)
class AxisScore:
    """The result of scoring the learner's pick of each claim's deciding axis."""

    right: int
    total: int
    per_claim: dict[str, str]

    @property
    def percent(self) -> float:
        return ratio_percent(self.right, self.total)


def score_axes(picks: Mapping[str, str | None], deciding: Mapping[str, str]) -> AxisScore:
    """Score axis picks: each claim is ``axis-right``, ``axis-wrong`` or ``axis-unpicked``."""
    per_claim = {}
    for cid, axis in deciding.items():
        pick = picks.get(cid)
        per_claim[cid] = ("axis-unpicked" if not pick
                          else "axis-right" if pick == axis else "axis-wrong")
    right = sum(v == "axis-right" for v in per_claim.values())
    return AxisScore(right, len(deciding), per_claim)


# --------------------------------------------------------------------------- baselines

@dataclass(frozen=True)
class Baselines:
    """What guessing scores on one sorter set, computed from its keys."""

    constant: dict[int, float]
    random: float
    axis_constant: float
    axis_random: float

    @property
    def best_constant(self) -> float:
        return max(self.constant.values())


def sort_baselines(keys: Mapping[str, Key], deciding: Mapping[str, str] | None = None,
                   n_axes: int = 8) -> Baselines:
    """Constant and random baselines for a sorter set.

    ``constant[t]`` is the score of putting every claim in tier ``t``.  ``random`` is the
    expected score of placing each claim uniformly at random (exact, not sampled): each claim
    lands in its band with probability width / 4, and each key-ordered pair comes out strictly
    in order with probability 6 / 16.  ``axis_constant`` is the best score of naming one axis
    for every claim; ``axis_random`` the expected score of a uniform pick among ``n_axes``.
    """
    constant = {t: score_sort({cid: t for cid in keys}, keys).percent for t in TIER_RANGE}
    n = len(keys)
    band = sum(Fraction(k.tier_max - k.tier_min + 1, 4) for k in keys.values()) / n
    if ordered_pairs(keys):
        expected = (band + Fraction(6, 16)) / 2
    else:
        expected = band
    axis_constant = axis_random = 0.0
    if deciding:
        counts: dict[str, int] = {}
        for axis in deciding.values():
            counts[axis] = counts.get(axis, 0) + 1
        axis_constant = ratio_percent(max(counts.values()), len(deciding))
        axis_random = ratio_percent(1, n_axes)
    return Baselines(constant, float(round(100 * expected, 1)), axis_constant, axis_random)


def exercise_baselines(exercise_id: str) -> Baselines:
    """``sort_baselines`` for an exercise of ``seeds/exercises.yml``."""
    from .data import exercise_claims

    claims = exercise_claims(exercise_id)
    return sort_baselines(keys_from_frame(claims), dict(claims["deciding_axis"]))


def keys_from_frame(claims) -> dict[str, Key]:
    """The keys of an exercise's claims (as returned by ``exercise_claims``), in row order."""
    rows = zip(claims["id"], claims["tier_min"], claims["tier_max"], strict=True)
    return {cid: Key(int(lo), int(hi)) for cid, lo, hi in rows}


# --------------------------------------------------------------------------- the grader

def implied_tier(grades: Mapping[str, str], caps: Mapping[str, Mapping[str, int]]) -> int | None:
    """The tier a set of axis grades implies: the lowest cap among the graded axes.

    ``caps`` is ``implied_tier`` from ``seeds/scale.yml``.  Axes not set are skipped; with no
    capped axis set, the answer is None.
    """
    found = [caps[axis][str(value)] for axis, value in grades.items()
             if axis in caps and value not in (None, "") and str(value) in caps[axis]]
    return min(found) if found else None


# The graded axes whose grades run from most to least credit, in the scale's order; the layer
# has no such order.
ORDINAL = {axis: AXIS_VALUES[axis] for axis in GRADED_AXES if axis != "q_layer"}


def grade_verdict(axis: str, given: str | None, bank: str) -> str:
    """``match``, ``unset``, ``other``, or for an ordered axis ``stronger``/``weaker``.

    ``stronger`` means the learner's grade credits the claim more than the bank does (for
    example B where the bank says D, or low spoofability where it says high).
    """
    if given in (None, ""):
        return "unset"
    if str(given) == str(bank):
        return "match"
    order = ORDINAL.get(axis)
    if order is None:
        return "other"
    return "stronger" if list(order).index(str(given)) < list(order).index(str(bank)) \
        else "weaker"


@dataclass(frozen=True)
class GradeScore:
    """The result of scoring a learner's axis grades against the bank."""

    matched: int
    total: int
    per_claim: dict[str, dict[str, str]]

    @property
    def percent(self) -> float:
        return ratio_percent(self.matched, self.total)


def score_grades(answers: Mapping[str, Mapping[str, str]],
                 bank: Mapping[str, Mapping[str, str]],
                 axes: Sequence[str]) -> GradeScore:
    """Score each claim's grades on ``axes`` against the bank's; one point per exact match."""
    per_claim = {cid: {axis: grade_verdict(axis, (answers.get(cid) or {}).get(axis), grades[axis])
                       for axis in axes} for cid, grades in bank.items()}
    matched = sum(v == "match" for verdicts in per_claim.values() for v in verdicts.values())
    return GradeScore(matched, len(bank) * len(axes), per_claim)


def grade_baselines(bank: Mapping[str, Mapping[str, str]], axes: Sequence[str],
                    values: Mapping[str, Sequence[str]]) -> tuple[float, float]:
    """(best constant, expected random) scores of the grader on one set of claims.

    The constant strategy gives every claim the same grade on each axis, choosing per axis the
    grade that matches most claims (the strongest constant there is); random picks uniformly.
    """
    n = len(bank)
    best = 0
    for axis in axes:
        counts: dict[str, int] = {}
        for grades in bank.values():
            counts[str(grades[axis])] = counts.get(str(grades[axis]), 0) + 1
        best += max(counts.values())
    expected = sum(Fraction(1, len(values[axis])) for axis in axes) / len(axes)
    return ratio_percent(best, n * len(axes)), float(round(100 * expected, 1))


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
