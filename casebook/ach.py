"""Analysis of competing hypotheses (Heuer): rate each piece of evidence against each
hypothesis, count the inconsistencies, find the evidence that does not discriminate, and ask
which single item, if planted, would change the leading hypothesis.

The matrices and their keys live in ``seeds/ach.yml``; the ACH widget
(``widgets/static/ach.js``) computes the same numbers in JavaScript, tested to agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import Field, StrictBool, StrictInt

from .paths import seeds_dir
from .scoring import ratio_percent
from .yamlseeds import BibKey, IsoDate, Slug, Text, _Strict

RATING_CODES = ("CC", "C", "N", "I", "II")
SIDES = ("consistent", "neutral", "inconsistent")


class Rating(_Strict):
    label: Text
    side: Literal["consistent", "neutral", "inconsistent"]
    inconsistency: StrictInt = Field(ge=0, le=2)


class Hypothesis(_Strict):
    id: Slug
    label: Text


class EvidenceRow(_Strict):
    claim: Slug
    spoofable: StrictBool
    key: dict[Slug, Literal["CC", "C", "N", "I", "II"]]
    why: Text


class Matrix(_Strict):
    id: Slug
    case: Literal["sony", "outage"]
    as_of: IsoDate
    title: Text
    prompt: Text
    hypotheses: list[Hypothesis] = Field(min_length=2)
    evidence: list[EvidenceRow] = Field(min_length=1)


class AchFile(_Strict):
    ratings: dict[Literal["CC", "C", "N", "I", "II"], Rating]
    sources: list[BibKey] = Field(min_length=1)
    matrices: list[Matrix] = Field(min_length=1)


def load_ach(folder: Path | None = None, bib: Path | None = None) -> dict:
    """Load and validate ``seeds/ach.yml``.

    Every evidence row must be a claim of the matrix's case, public by its ``as_of`` date, and
    rate every hypothesis once.

    Returns
    -------
    dict
        ``ratings`` (code to ``label``, ``side``, ``inconsistency``), ``sources`` and
        ``matrices`` (id to a dict with ``title``, ``prompt``, ``case``, ``as_of``,
        ``hypotheses`` and ``evidence``; each evidence row also carries its claim's ``text``,
        ``speaker`` and ``date_label``).
    """
    from .data import (
        Problem,
        SeedError,
        date_label,
        load_bib_keys,
        load_claims,
        read_yaml_mapping,
    )
    from .yamlseeds import validate

    name, raw = read_yaml_mapping((Path(folder) if folder else seeds_dir()) / "ach.yml")
    spec = validate(AchFile, raw, name)
    problems: list[Problem] = []
    missing = [c for c in RATING_CODES if c not in spec.ratings]
    if missing:
        problems.append(Problem(name, None, None, "ratings",
                                f"every rating needs a definition; missing {', '.join(missing)}"))
    bib_keys = load_bib_keys(bib)
    for key in spec.sources:
        if key not in bib_keys:
            problems.append(Problem(name, None, None, "sources",
                                    f"source key '{key}' is not in book/references.bib"))
    claims = load_claims(folder, bib)
    matrices: dict[str, dict] = {}
    for i, m in enumerate(spec.matrices):
        line = getattr(raw["matrices"][i], "line", None)

        def problem(field, message, m=m, line=line):
            problems.append(Problem(name, line, m.id, field, message))

        if m.id in matrices:
            problem("id", "duplicate matrix id")
        hyps = [h.id for h in m.hypotheses]
        if len(set(hyps)) != len(hyps):
            problem("hypotheses", "a hypothesis id is listed twice")
        seen = set()
        rows = []
        for j, row in enumerate(m.evidence):
            where = f"evidence[{j}]"
            if row.claim in seen:
                problem(where, f"claim '{row.claim}' is listed twice")
            seen.add(row.claim)
            if row.claim not in claims.index:
                problem(where, f"claim id '{row.claim}' is not in seeds/claims.csv")
                continue
            claim = claims.loc[row.claim]
            if claim["case"] != m.case:
                problem(where, f"claim '{row.claim}' belongs to case '{claim['case']}', "
                               f"not '{m.case}'")
            if claim["public_date"] > pd.Timestamp(m.as_of):
                problem(where, f"claim '{row.claim}' became public on "
                               f"{claim['public_date'].date()}, after the matrix's date {m.as_of}")
            if set(row.key) != set(hyps):
                problem(f"{where}.key", "the key must rate each hypothesis once: "
                                        f"{', '.join(hyps)}")
            rows.append({**row.model_dump(), "text": claim["claim"], "speaker": claim["speaker"],
                         "date_label": date_label(claim["date"], claim["date_precision"])})
        matrices[m.id] = {**m.model_dump(exclude={"evidence"}), "evidence": rows}
    if problems:
        raise SeedError(problems)
    return {"ratings": {code: r.model_dump() for code, r in spec.ratings.items()},
            "sources": list(spec.sources), "matrices": matrices}


# ------------------------------------------------------------------------------------ logic

Ratings = Mapping[str, Mapping[str, str | None]]


def inconsistency(ratings: Ratings, hypotheses: Sequence[str], weights: Mapping[str, int],
                  exclude: Iterable[str] = ()) -> dict[str, int]:
    """Heuer's inconsistency score of each hypothesis: the sum, over the evidence rows not
    excluded, of each rating's weight (``I`` counts 1, ``II`` counts 2, the rest 0).

    The hypothesis with the least inconsistency leads: ACH asks which explanation the evidence
    contradicts least, not which it supports most."""
    skip = set(exclude)
    scores = dict.fromkeys(hypotheses, 0)
    for row, cells in ratings.items():
        if row in skip:
            continue
        for hyp in hypotheses:
            code = cells.get(hyp)
            if code is not None:
                scores[hyp] += weights[code]
    return scores


def leaders(scores: Mapping[str, int], hypotheses: Sequence[str]) -> list[str]:
    """The hypotheses with the least inconsistency, in the matrix's order (a tie keeps all)."""
    low = min(scores[h] for h in hypotheses)
    return [h for h in hypotheses if scores[h] == low]


def nondiagnostic(ratings: Ratings, hypotheses: Sequence[str],
                  sides: Mapping[str, str]) -> list[str]:
    """Evidence rows rated on the same side (consistent, neutral or inconsistent) under every
    hypothesis: they cannot help choose between them, however strong they feel."""
    out = []
    for row, cells in ratings.items():
        found = {sides[cells[h]] for h in hypotheses if cells.get(h) is not None}
        if len(found) == 1 and all(cells.get(h) is not None for h in hypotheses):
            out.append(row)
    return out


def sensitivity(ratings: Ratings, hypotheses: Sequence[str], weights: Mapping[str, int],
                candidates: Iterable[str], exclude: Iterable[str] = ()) -> list[str]:
    """The rows among ``candidates`` that, each dropped on its own (as if planted), change the
    leading hypothesis (or the set of tied leaders)."""
    base = leaders(inconsistency(ratings, hypotheses, weights, exclude), hypotheses)
    out = []
    for row in candidates:
        if row in set(exclude):
            continue
        moved = leaders(inconsistency(ratings, hypotheses, weights, {*exclude, row}), hypotheses)
        if moved != base:
            out.append(row)
    return out


@dataclass(frozen=True)
class RatingScore:
    matched: int
    exact: int
    total: int
    percent: float
    per_cell: dict[str, dict[str, str]]


def cell_verdict(given: str | None, key: str, sides: Mapping[str, str]) -> str:
    """``exact`` (the key's rating), ``same-side`` (consistent, neutral or inconsistent like
    the key, but stronger or weaker), ``other-side`` or ``unrated``."""
    if given is None:
        return "unrated"
    if given not in sides:
        raise ValueError(f"a rating must be one of {', '.join(sides)}, got {given!r}")
    if given == key:
        return "exact"
    return "same-side" if sides[given] == sides[key] else "other-side"


def score_ratings(answers: Ratings, key: Ratings, sides: Mapping[str, str]) -> RatingScore:
    """Score a learner's matrix against the key: a cell counts when it is on the key's side
    (consistent, neutral or inconsistent); ``exact`` counts the cells that match outright."""
    per: dict[str, dict[str, str]] = {}
    matched = exact = total = 0
    for row, cells in key.items():
        mine = answers.get(row) or {}
        per[row] = {}
        for hyp, code in cells.items():
            v = cell_verdict(mine.get(hyp), code, sides)
            per[row][hyp] = v
            total += 1
            matched += v in ("exact", "same-side")
            exact += v == "exact"
    return RatingScore(matched, exact, total, ratio_percent(matched, total), per)


def rating_baselines(key: Ratings, sides: Mapping[str, str]) -> dict:
    """What guessing scores: the best single rating put in every cell, and the expected score
    of a rating drawn at random from the five."""
    cells = [code for row in key.values() for code in row.values()]
    codes = list(sides)
    best = max(codes, key=lambda c: sum(sides[c] == sides[k] for k in cells))
    constant = ratio_percent(sum(sides[best] == sides[k] for k in cells), len(cells))
    expected = sum(sum(sides[c] == sides[k] for c in codes) / len(codes) for k in cells)
    return {"best_constant": best, "constant_percent": constant,
            "random_percent": round(100 * expected / len(cells), 1)}


def matrix_parts(matrix: dict, ratings: dict) -> tuple[list[str], dict, dict, dict]:
    """A loaded matrix's hypothesis ids, key (row to ratings), weights and sides."""
    hyps = [h["id"] for h in matrix["hypotheses"]]
    key = {row["claim"]: dict(row["key"]) for row in matrix["evidence"]}
    weights = {code: r["inconsistency"] for code, r in ratings.items()}
    sides = {code: r["side"] for code, r in ratings.items()}
    return hyps, key, weights, sides
