"""The calibration widget: a number for each estimative phrase, checked against ICD 203's
ranges, and a probability for each forecast question, scored with the Brier score."""

from __future__ import annotations

import pandas as pd
import traitlets as t

from ..data import date_label
from ..estimative import (
    brier_points,
    forecast_baselines,
    load_estimative,
    phrase_baselines,
    phrase_verdict,
    score_forecasts,
    score_phrases,
)
from .base import CourseWidget, bundled_esm, fingerprint


class Calibration(CourseWidget):
    """Say what the words mean, then forecast; live in Jupyter and kernel-free on the book.

    Examples
    --------
    >>> cal = Calibration.for_exercise("cal-08-words-and-forecasts")  # doctest: +SKIP
    >>> cal.results()  # one row per phrase and forecast  # doctest: +SKIP
    """

    _widget_name = "calibration"
    _id_trait = "exercise_id"
    _esm = bundled_esm("calibration")
    _static_keys = ("exercise_id", "title", "prompt", "phrases", "forecasts", "baselines",
                    "answers")

    exercise_id = t.Unicode().tag(sync=True)
    title = t.Unicode().tag(sync=True)
    prompt = t.Unicode().tag(sync=True)
    phrases = t.List(t.Dict()).tag(sync=True)
    forecasts = t.List(t.Dict()).tag(sync=True)
    baselines = t.Dict().tag(sync=True)
    answers = t.Dict().tag(sync=True)

    @classmethod
    def for_exercise(cls, exercise_id: str) -> Calibration:
        """Build the widget for a calibration exercise of ``seeds/estimative.yml``."""
        spec = load_estimative()
        if exercise_id not in spec["calibrations"]:
            known = ", ".join(sorted(spec["calibrations"]))
            raise KeyError(f"unknown calibration exercise '{exercise_id}'; known: {known}")
        ex = spec["calibrations"][exercise_id]
        terms = spec["likelihood"]
        phrases = [{"id": pid, "label": terms.at[pid, "label"], "low": int(terms.at[pid, "low"]),
                    "high": int(terms.at[pid, "high"]),
                    "fp": fingerprint(terms.at[pid, "label"], terms.at[pid, "low"],
                                      terms.at[pid, "high"])}
                   for pid in ex["phrases"]]
        forecasts = [{"id": f["id"], "question": f["question"], "outcome": f["outcome"],
                      "asked_on": f["asked_on"],
                      "asked_on_label": date_label(pd.Timestamp(f["asked_on"]), "day"),
                      "settled_label": date_label(pd.Timestamp(f["settled_on"]), "day"),
                      "explanation": f["explanation"],
                      "fp": fingerprint(f["question"], f["asked_on"], f["outcome"])}
                     for f in ex["forecasts"]]
        pb = phrase_baselines({p["id"]: (p["low"], p["high"]) for p in phrases})
        fb = forecast_baselines([f["outcome"] for f in forecasts])
        baselines = {"phrase_constant": pb["constant_percent"],
                     "phrase_random": pb["random_percent"],
                     "forecast_constant": fb["best_constant"],
                     "forecast_constant_skill": fb["constant_skill"]}
        return cls(exercise_id=exercise_id, title=ex["title"], prompt=ex["prompt"],
                   phrases=phrases, forecasts=forecasts, baselines=baselines, answers={})

    def __repr__(self) -> str:
        return (f"Calibration(exercise_id={self.exercise_id!r}, phrases={len(self.phrases)}, "
                f"forecasts={len(self.forecasts)})")

    def _set(self, item: str, value: int | None) -> None:
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                  or not 0 <= value <= 100):
            raise ValueError(f"give a whole number from 0 to 100, got {value!r}")
        answers = {k: v for k, v in self.answers.items() if k != item}
        if value is not None:
            answers[item] = value
        self.answers = answers

    def say(self, phrase_id: str, value: int | None) -> None:
        """Give the number a phrase means to you (what the learner types in part 1)."""
        if phrase_id not in {p["id"] for p in self.phrases}:
            raise KeyError(f"phrase '{phrase_id}' is not in exercise '{self.exercise_id}'")
        self._set(f"p:{phrase_id}", value)

    def forecast(self, forecast_id: str, value: int | None) -> None:
        """Give the probability of yes for one forecast question (part 2)."""
        if forecast_id not in {f["id"] for f in self.forecasts}:
            raise KeyError(f"forecast '{forecast_id}' is not in exercise '{self.exercise_id}'")
        self._set(f"f:{forecast_id}", value)

    def _answers(self, prefix: str) -> dict[str, int]:
        return {k[2:]: v for k, v in self.answers.items() if k.startswith(prefix)}

    def score(self):
        """``(PhraseScore, ForecastScore)`` for the current answers."""
        phrases = score_phrases(self._answers("p:"),
                                {p["id"]: (p["low"], p["high"]) for p in self.phrases})
        forecasts = score_forecasts(self._answers("f:"),
                                    {f["id"]: f["outcome"] for f in self.forecasts})
        return phrases, forecasts

    def results(self) -> pd.DataFrame:
        """One row per phrase and per forecast: ``part`` (``phrase`` or ``forecast``), ``id``,
        ``answer`` (nullable integer), ``standard`` (the phrase's range, or the outcome),
        ``verdict`` (``in-range``, ``too-low``, ``too-high``, ``scored`` or ``unanswered``) and
        ``brier`` (a forecast's Brier score, 0 to 1)."""
        rows = []
        pa, fa = self._answers("p:"), self._answers("f:")
        for p in self.phrases:
            rows.append({"part": "phrase", "id": p["id"], "answer": pa.get(p["id"]),
                         "standard": f"{p['low']}-{p['high']} %",
                         "verdict": phrase_verdict(pa.get(p["id"]), p["low"], p["high"]),
                         "brier": None})
        for f in self.forecasts:
            v = fa.get(f["id"])
            rows.append({"part": "forecast", "id": f["id"], "answer": v,
                         "standard": "yes" if f["outcome"] else "no",
                         "verdict": "unanswered" if v is None else "scored",
                         "brier": None if v is None else brier_points(v, f["outcome"]) / 10000})
        frame = pd.DataFrame(rows)
        frame["answer"] = frame["answer"].astype("Int64")
        frame["brier"] = frame["brier"].astype("Float64")
        return frame
