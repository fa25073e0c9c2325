"""Say how sure you are: ICD 203's words of likelihood and confidence, a checker that finds them
in a sentence, and the scoring of the calibration widget (a number for each phrase, a
probability for each forecast, Brier scores).

The words, their ranges and the forecast questions live in ``seeds/estimative.yml``; the
calibration widget receives them in its state and scores with the same rules in JavaScript
(``widgets/static/calibration.js``), tested to agree on shared fixtures.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import pandas as pd
from pydantic import Field, StrictBool, StrictInt, model_validator

from .paths import seeds_dir
from .scoring import ratio_percent
from .yamlseeds import BibKey, IsoDate, Slug, Text, _Strict

# ------------------------------------------------------------------------------------ model

Percent = Annotated[StrictInt, Field(ge=0, le=100)]


class LikelihoodTerm(_Strict):
    id: Slug
    label: Text
    synonyms: list[Text] = []
    low: Percent
    high: Percent

    @model_validator(mode="after")
    def _range(self):
        if self.low >= self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        return self


class ConfidenceTerm(_Strict):
    id: Literal["high", "moderate", "low"]
    label: Text


class Forecast(_Strict):
    id: Slug
    asked_on: IsoDate
    question: Text
    outcome: StrictBool
    settled_on: IsoDate
    explanation: Text
    sources: list[BibKey] = Field(min_length=1)


class CalibrationExercise(_Strict):
    id: Slug
    title: Text
    prompt: Text = ("Give a number for each phrase, then a probability for each question, "
                    "and press Check.")
    phrases: list[Slug] = Field(min_length=1)
    forecasts: list[Forecast] = Field(min_length=1)


class EstimativeFile(_Strict):
    sources: list[BibKey] = Field(min_length=1)
    likelihood: list[LikelihoodTerm] = Field(min_length=2)
    confidence: list[ConfidenceTerm] = Field(min_length=1)
    hedges: list[Text] = []
    calibrations: list[CalibrationExercise] = []


# ------------------------------------------------------------------------------------ loading

def _validate(folder: Path | None, bib: Path | None) -> EstimativeFile:
    from .data import Problem, SeedError, load_bib_keys, read_yaml_mapping
    from .yamlseeds import validate

    name, raw = read_yaml_mapping((Path(folder) if folder else seeds_dir()) / "estimative.yml")
    spec = validate(EstimativeFile, raw, name)
    problems: list[Problem] = []
    bib_keys = load_bib_keys(bib)

    def line_of(section, i):
        try:
            return getattr(raw[section][i], "line", None)
        except (KeyError, IndexError, TypeError):
            return None

    for key in spec.sources:
        if key not in bib_keys:
            problems.append(Problem(name, None, None, "sources",
                                    f"source key '{key}' is not in book/references.bib"))
    seen: dict[str, int] = {}
    previous = None
    words: dict[str, str] = {}
    for i, term in enumerate(spec.likelihood):
        line = line_of("likelihood", i)
        if term.id in seen:
            problems.append(Problem(name, line, term.id, "id", "duplicate likelihood id"))
        seen[term.id] = i
        if previous is not None and not (previous.low < term.low and previous.high <= term.high):
            problems.append(Problem(name, line, term.id, "low",
                                    f"ranges run from least to most likely; {term.low}-"
                                    f"{term.high} does not follow {previous.low}-{previous.high}"))
        previous = term
        for word in (term.label, *term.synonyms):
            folded = word.lower()
            if folded in words and words[folded] != term.id:
                problems.append(Problem(name, line, term.id, "synonyms",
                                        f"'{word}' is already a word of '{words[folded]}'"))
            words[folded] = term.id
    confidence_ids = [c.id for c in spec.confidence]
    if len(set(confidence_ids)) != len(confidence_ids):
        problems.append(Problem(name, None, None, "confidence",
                                "a confidence level is listed twice"))
    for i, ex in enumerate(spec.calibrations):
        line = line_of("calibrations", i)
        for phrase in ex.phrases:
            if phrase not in seen:
                problems.append(Problem(name, line, ex.id, "phrases",
                                        f"'{phrase}' is not a likelihood id"))
        forecast_ids = set()
        for fc in ex.forecasts:
            where = f"{ex.id}/{fc.id}"
            if fc.id in forecast_ids:
                problems.append(Problem(name, line, where, "id", "duplicate forecast id"))
            forecast_ids.add(fc.id)
            if fc.settled_on <= fc.asked_on:
                problems.append(Problem(name, line, where, "settled_on", (
                    f"settled_on {fc.settled_on} must come after asked_on {fc.asked_on}: a "
                    "forecast is asked before the record settles it")))
            for key in fc.sources:
                if key not in bib_keys:
                    problems.append(Problem(name, line, where, "sources",
                                            f"source key '{key}' is not in book/references.bib"))
    if problems:
        raise SeedError(problems)
    return spec


def load_estimative(folder: Path | None = None, bib: Path | None = None) -> dict:
    """Load and validate ``seeds/estimative.yml``.

    Returns
    -------
    dict
        ``likelihood`` (a DataFrame indexed by id: ``label``, ``synonyms``, ``low``, ``high``),
        ``confidence`` (id to label), ``hedges`` (a list of words), ``sources`` and
        ``calibrations`` (id to a dict with ``title``, ``prompt``, ``phrases`` and
        ``forecasts``, each forecast a dict).
    """
    spec = _validate(folder, bib)
    likelihood = pd.DataFrame([t.model_dump() for t in spec.likelihood]).set_index(
        "id", drop=False).rename_axis(None)
    return {
        "likelihood": likelihood,
        "confidence": {c.id: c.label for c in spec.confidence},
        "hedges": list(spec.hedges),
        "sources": list(spec.sources),
        "calibrations": {ex.id: ex.model_dump() for ex in spec.calibrations},
    }


# ------------------------------------------------------------------------------------ checker

@dataclass(frozen=True)
class Vocabulary:
    """The words the checker looks for, longest first within each list."""

    likelihood: tuple[str, ...]
    confidence: tuple[str, ...]
    hedges: tuple[str, ...]


CONFIDENCE_PATTERN = r"(?:(?:very\s+|quite\s+)?(?:high|moderate|medium|low)\s+)?confiden(?:ce|t)"
_CONFIDENCE = re.compile(r"(?<![\w-])" + CONFIDENCE_PATTERN + r"(?![\w-])",
                         re.IGNORECASE | re.ASCII)


def likelihood_words(spec: dict) -> dict[str, list[str]]:
    """Each likelihood id's words, its label first (from ``load_estimative``)."""
    return {tid: [row["label"], *row["synonyms"]] for tid, row in spec["likelihood"].iterrows()}


def spec_vocabulary(spec: dict) -> Vocabulary:
    """The checker's vocabulary from a loaded ``estimative.yml``."""
    words = [w for ws in likelihood_words(spec).values() for w in ws]
    return vocabulary(words, list(spec["confidence"].values()), spec["hedges"])


@lru_cache(maxsize=4)
def _vocabulary_cached(folder: str | None) -> Vocabulary:
    return spec_vocabulary(load_estimative(Path(folder) if folder else None))


def vocabulary(likelihood: Sequence[str], confidence: Sequence[str],
               hedges: Sequence[str]) -> Vocabulary:
    """A checker vocabulary from word lists (lower-cased, longest first)."""
    def order(words):
        return tuple(sorted({w.lower() for w in words}, key=lambda w: (-len(w), w)))
    return Vocabulary(order(likelihood), order(confidence), order(hedges))


def course_vocabulary() -> Vocabulary:
    """The checker's words from ``seeds/estimative.yml``."""
    return _vocabulary_cached(None)


def _find(text: str, words: Sequence[str], taken: list[tuple[int, int]]) -> list[str]:
    found = []
    for word in words:
        pattern = re.compile(r"(?<![\w-])" + re.escape(word).replace(r"\ ", r"\s+") + r"(?![\w-])",
                             re.IGNORECASE | re.ASCII)
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), word))
    return [w for _, w in sorted(found)]


def check_sentence(text: str, vocab: Vocabulary | None = None) -> dict:
    """Which words of one sentence state a likelihood, which a confidence, which only hedge.

    Likelihood words are ICD 203's terms and their synonyms; a confidence word is any mention
    of confidence ("high confidence", "confident").  ICD 203 asks analysts not to put a
    likelihood and a confidence level in the same sentence, so ``mixed`` is True when both
    appear.  Longer phrases win: "very unlikely" is one term, not "unlikely" as well.

    Returns
    -------
    dict
        ``likelihood``, ``confidence`` and ``hedges`` (the words found, in order) and ``mixed``.
    """
    vocab = vocab or course_vocabulary()
    taken: list[tuple[int, int]] = []
    confidence = []
    for m in _CONFIDENCE.finditer(text):
        confidence.append(" ".join(m.group(0).lower().split()))
        taken.append((m.start(), m.end()))
    likelihood = _find(text, vocab.likelihood, taken)
    hedges = _find(text, vocab.hedges, taken)
    return {"likelihood": likelihood, "confidence": confidence, "hedges": hedges,
            "mixed": bool(likelihood) and bool(confidence)}


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(]?[A-Z0-9])")


def sentences(text: str) -> list[str]:
    """Split a text into sentences at ., ! or ? followed by a capital or a digit."""
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def check_text(text: str, vocab: Vocabulary | None = None) -> pd.DataFrame:
    """``check_sentence`` on every sentence of ``text``: one row per sentence, with columns
    ``sentence``, ``likelihood``, ``confidence``, ``hedges`` and ``mixed``."""
    rows = [{"sentence": s, **check_sentence(s, vocab)} for s in sentences(text)]
    return pd.DataFrame(rows, columns=["sentence", "likelihood", "confidence", "hedges", "mixed"])


# ------------------------------------------------------------------------------------ scoring

def phrase_verdict(value: int | None, low: int, high: int) -> str:
    """``in-range``, ``too-low``, ``too-high`` or ``unanswered`` for one number (0-100)."""
    if value is None:
        return "unanswered"
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
        raise ValueError(f"a number for a phrase must be a whole number from 0 to 100, "
                         f"got {value!r}")
    if value < low:
        return "too-low"
    if value > high:
        return "too-high"
    return "in-range"


@dataclass(frozen=True)
class PhraseScore:
    in_range: int
    total: int
    percent: float
    per_phrase: dict[str, str]


def score_phrases(answers: Mapping[str, int | None],
                  ranges: Mapping[str, tuple[int, int]]) -> PhraseScore:
    """The share of phrases whose number lies inside the standard's range (ends included)."""
    per = {pid: phrase_verdict(answers.get(pid), lo, hi) for pid, (lo, hi) in ranges.items()}
    hits = sum(v == "in-range" for v in per.values())
    return PhraseScore(hits, len(ranges), ratio_percent(hits, len(ranges)), per)


@dataclass(frozen=True)
class ForecastScore:
    answered: int
    total: int
    brier_milli: int | None   # mean Brier score x 1000, halves rounded up; None if unanswered
    skill_percent: float | None   # 100 x (1 - Brier / 0.25): 0 = always 50 %, 100 = perfect
    per_forecast: dict[str, int | None]   # each Brier score x 10000 (squared error in points)


def brier_points(probability: int, outcome: bool) -> int:
    """One forecast's Brier score times 10 000: the squared gap, in percentage points, between
    the probability given and what happened (0 or 100)."""
    if not isinstance(probability, int) or isinstance(probability, bool) \
            or not 0 <= probability <= 100:
        raise ValueError(f"a probability must be a whole number from 0 to 100, "
                         f"got {probability!r}")
    return (probability - (100 if outcome else 0)) ** 2


def score_forecasts(answers: Mapping[str, int | None],
                    outcomes: Mapping[str, bool]) -> ForecastScore:
    """Mean Brier score over the answered forecasts, and the skill against always saying 50 %.

    The Brier score is the mean squared gap between the probability given (0 to 1) and the
    outcome (1 if it happened, 0 if not): 0 is perfect, 0.25 is what "50 %" always scores,
    1 is certain and wrong every time.  Computed in integers so Python and JavaScript agree.
    """
    per = {fid: (brier_points(answers[fid], out) if answers.get(fid) is not None else None)
           for fid, out in outcomes.items()}
    scored = [v for v in per.values() if v is not None]
    n = len(scored)
    if not n:
        return ForecastScore(0, len(outcomes), None, None, per)
    total = sum(scored)
    den = n * 10000
    milli = (2 * 1000 * total + den) // (2 * den)
    skill = ratio_percent(n * 2500 - total, n * 2500)
    return ForecastScore(n, len(outcomes), milli, skill, per)


def forecast_baselines(outcomes: Sequence[bool]) -> dict:
    """What guessing scores on a set of forecasts: the best single probability given to every
    question (in whole percent) with its Brier skill, and the expected skill of a uniformly
    random probability."""
    n = len(outcomes)
    best = max(range(101), key=lambda p: -sum(brier_points(p, o) for o in outcomes))
    constant = score_forecasts({str(i): best for i in range(n)},
                               {str(i): o for i, o in enumerate(outcomes)})
    # A uniform random probability p in [0, 1] scores E[(p - o)^2] = 1/3 whatever o is.
    return {"best_constant": best, "constant_skill": constant.skill_percent,
            "random_brier": 1 / 3, "random_skill": round(100 * (1 - (1 / 3) / 0.25), 1)}


def phrase_baselines(ranges: Mapping[str, tuple[int, int]]) -> dict:
    """What guessing scores on the phrases: the best single number given to every phrase, and
    the expected share a uniformly random whole number from 0 to 100 lands in range."""
    def hits(v):
        return sum(lo <= v <= hi for lo, hi in ranges.values())
    best = max(range(101), key=hits)
    expected = sum((hi - lo + 1) / 101 for lo, hi in ranges.values()) / len(ranges)
    return {"best_constant": best, "constant_percent": ratio_percent(hits(best), len(ranges)),
            "random_percent": round(100 * expected, 1)}
