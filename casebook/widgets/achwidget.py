"""The ACH workbench: rate evidence against hypotheses, see Heuer's inconsistency scores, the
evidence that does not discriminate, and what a planted item would change."""

from __future__ import annotations

import pandas as pd
import traitlets as t

from ..ach import (
    RATING_CODES,
    cell_verdict,
    inconsistency,
    leaders,
    load_ach,
    matrix_parts,
    nondiagnostic,
    rating_baselines,
    score_ratings,
    sensitivity,
)
from ..data import date_label
from .base import CourseWidget, bundled_esm, fingerprint


class ACH(CourseWidget):
    """An analysis-of-competing-hypotheses matrix, live in Jupyter and kernel-free on the book.

    Examples
    --------
    >>> ach = ACH.for_matrix("ach-09-sony")  # doctest: +SKIP
    >>> ach.rate("sony-symantec-2014-12-04", "dprk", "C")  # doctest: +SKIP
    >>> ach.results()  # one row per evidence and hypothesis  # doctest: +SKIP
    """

    _widget_name = "ach"
    _id_trait = "matrix_id"
    _esm = bundled_esm("ach")
    _static_keys = ("matrix_id", "title", "prompt", "as_of", "hypotheses", "evidence", "ratings",
                    "baselines", "answers")

    matrix_id = t.Unicode().tag(sync=True)
    title = t.Unicode().tag(sync=True)
    prompt = t.Unicode().tag(sync=True)
    as_of = t.Unicode().tag(sync=True)
    hypotheses = t.List(t.Dict()).tag(sync=True)
    evidence = t.List(t.Dict()).tag(sync=True)
    ratings = t.List(t.Dict()).tag(sync=True)
    baselines = t.Dict().tag(sync=True)
    answers = t.Dict().tag(sync=True)

    @classmethod
    def for_matrix(cls, matrix_id: str) -> ACH:
        """Build the workbench for a matrix of ``seeds/ach.yml``."""
        spec = load_ach()
        if matrix_id not in spec["matrices"]:
            known = ", ".join(sorted(spec["matrices"]))
            raise KeyError(f"unknown ACH matrix '{matrix_id}'; known: {known}")
        m = spec["matrices"][matrix_id]
        hyps, key, _, sides = matrix_parts(m, spec["ratings"])
        evidence = [{"id": row["claim"], "text": row["text"], "speaker": row["speaker"],
                     "date_label": row["date_label"], "spoofable": row["spoofable"],
                     "key": dict(row["key"]), "why": row["why"],
                     "fp": fingerprint(row["text"], row["spoofable"],
                                       *(row["key"][h] for h in hyps))}
                    for row in m["evidence"]]
        ratings = [{"code": code, **spec["ratings"][code]} for code in RATING_CODES]
        base = rating_baselines(key, sides)
        as_of_label = date_label(pd.Timestamp(m["as_of"]), "day")
        return cls(matrix_id=matrix_id, title=m["title"],
                   prompt=f"{m['prompt']} Judged on the record public on {as_of_label}.",
                   as_of=m["as_of"], hypotheses=m["hypotheses"], evidence=evidence,
                   ratings=ratings, baselines={"constant_percent": base["constant_percent"],
                                               "random_percent": base["random_percent"]},
                   answers={})

    def __repr__(self) -> str:
        return (f"ACH(matrix_id={self.matrix_id!r}, hypotheses={len(self.hypotheses)}, "
                f"evidence={len(self.evidence)})")

    def _parts(self):
        hyps = [x["id"] for x in self.hypotheses]
        weights = {r["code"]: r["inconsistency"] for r in self.ratings}
        sides = {r["code"]: r["side"] for r in self.ratings}
        key = {e["id"]: e["key"] for e in self.evidence}
        return hyps, weights, sides, key

    def rate(self, claim_id: str, hypothesis: str, code: str | None) -> None:
        """Rate one piece of evidence against one hypothesis (what the learner does in a menu)."""
        hyps, _, sides, _ = self._parts()
        if claim_id not in {e["id"] for e in self.evidence}:
            raise KeyError(f"evidence '{claim_id}' is not in matrix '{self.matrix_id}'")
        if hypothesis not in hyps:
            raise KeyError(f"hypothesis '{hypothesis}' is not in matrix '{self.matrix_id}'")
        if code is not None and code not in sides:
            raise ValueError(f"a rating is one of {', '.join(sides)}, got {code!r}")
        answers = {k: dict(v) for k, v in self.answers.items()}
        mine = answers.setdefault(claim_id, {})
        if code is None:
            mine.pop(hypothesis, None)
        else:
            mine[hypothesis] = code
        self.answers = answers

    def analysis(self, planted: bool = False, use_key: bool = False) -> dict:
        """The learner's matrix (or the key's) analysed: ``scores`` (inconsistency per
        hypothesis), ``leaders``, ``nondiagnostic`` rows and ``pivots`` (spoofable rows that
        alone, if planted, change the lead); with ``planted`` the spoofable rows are set
        aside first."""
        hyps, weights, sides, key = self._parts()
        ratings = key if use_key else self.answers
        spoofable = [e["id"] for e in self.evidence if e["spoofable"]]
        exclude = spoofable if planted else []
        scores = inconsistency(ratings, hyps, weights, exclude)
        return {"scores": scores, "leaders": leaders(scores, hyps),
                "nondiagnostic": nondiagnostic(ratings, hyps, sides),
                "pivots": sensitivity(ratings, hyps, weights, spoofable, exclude)}

    def score(self):
        """Score the ratings against the key (see ``casebook.ach.score_ratings``)."""
        _, _, sides, key = self._parts()
        return score_ratings(self.answers, key, sides)

    def results(self) -> pd.DataFrame:
        """One row per evidence and hypothesis: ``claim_id``, ``hypothesis``, ``rating``,
        ``key`` and ``verdict`` (``exact``, ``same-side``, ``other-side`` or ``unrated``)."""
        hyps, _, sides, key = self._parts()
        rows = []
        for e in self.evidence:
            mine = self.answers.get(e["id"], {})
            for hyp in hyps:
                rows.append({"claim_id": e["id"], "hypothesis": hyp, "rating": mine.get(hyp),
                             "key": key[e["id"]][hyp],
                             "verdict": cell_verdict(mine.get(hyp), key[e["id"]][hyp], sides)})
        return pd.DataFrame(rows)
