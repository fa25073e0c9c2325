"""The assessment form: the learner writes a short attribution assessment of one case; the
checker gives feedback against ICD 203's standards; the learner downloads it as Markdown or
JSON."""

from __future__ import annotations

import pandas as pd
import traitlets as t

from ..assessment import (
    ALTERNATIVE_SLOTS,
    EVIDENCE_SLOTS,
    FIELD_IDS,
    check_parts,
    findings_table,
    load_assessments,
    to_markdown,
)
from ..estimative import likelihood_words, load_estimative, spec_vocabulary, vocabulary
from .base import CourseWidget, bundled_esm, fingerprint

CASE_TITLES = {
    "sony": "Write your assessment: who attacked Sony Pictures?",
    "outage": "Write your assessment: what took North Korea offline in December 2014?",
}


class Assessment(CourseWidget):
    """A guided attribution assessment, live in Jupyter and kernel-free on the built book.

    Examples
    --------
    >>> form = Assessment.for_case("sony")  # doctest: +SKIP
    >>> form.write("judgment", "It was likely North Korea.")  # doctest: +SKIP
    >>> form.check()  # a DataFrame of findings  # doctest: +SKIP
    """

    _widget_name = "assessment"
    _id_trait = "form_id"
    _esm = bundled_esm("assessment")
    _static_keys = ("form_id", "title", "prompt", "case", "fields", "likelihood", "confidence",
                    "vocabulary", "evidence_slots", "alternative_slots", "fp", "example",
                    "answers")

    form_id = t.Unicode().tag(sync=True)
    title = t.Unicode().tag(sync=True)
    prompt = t.Unicode().tag(sync=True)
    case = t.Unicode().tag(sync=True)
    fields = t.List(t.Dict()).tag(sync=True)
    likelihood = t.List(t.Dict()).tag(sync=True)
    confidence = t.List(t.Unicode()).tag(sync=True)
    vocabulary = t.Dict().tag(sync=True)
    evidence_slots = t.Int().tag(sync=True)
    alternative_slots = t.Int().tag(sync=True)
    fp = t.Unicode().tag(sync=True)
    example = t.Dict(allow_none=True).tag(sync=True)
    answers = t.Dict().tag(sync=True)

    @classmethod
    def for_case(cls, case: str) -> Assessment:
        """Build the form for ``sony`` or ``outage``."""
        if case not in CASE_TITLES:
            raise ValueError(f"case must be one of {', '.join(CASE_TITLES)}, got {case!r}")
        forms = load_assessments()
        spec = load_estimative()
        words = likelihood_words(spec)
        vocab = spec_vocabulary(spec)
        example = next((ex for ex in forms["examples"].values() if ex["case"] == case), None)
        return cls(
            form_id=f"assessment-{case}", title=CASE_TITLES[case], case=case,
            prompt=("Write a short assessment of the case as of a date you choose, using only what "
                    "was public by then; say the date in your judgment. Press Check for feedback "
                    "against ICD 203's standards, and download your assessment when it is done."),
            fields=forms["fields"],
            likelihood=[{"id": tid, "words": ws} for tid, ws in words.items()],
            confidence=list(spec["confidence"]),
            vocabulary={"likelihood": list(vocab.likelihood), "confidence": list(vocab.confidence),
                        "hedges": list(vocab.hedges)},
            evidence_slots=EVIDENCE_SLOTS, alternative_slots=ALTERNATIVE_SLOTS,
            fp=fingerprint(*(f["label"] for f in forms["fields"]), *words),
            example=example, answers={})

    def __repr__(self) -> str:
        return f"Assessment(case={self.case!r}, parts written={len(self.answers)})"

    def write(self, item: str, text: str | None) -> None:
        """Write one part of the form from Python: ``judgment``, ``likelihood`` (an id),
        ``confidence``, ``confidence_basis``, ``would_change``, ``evidence-N-text``,
        ``evidence-N-source``, ``alternative-N-hypothesis`` or ``alternative-N-why``."""
        simple = {"judgment", "likelihood", "confidence", "confidence_basis", "would_change"}
        slots = {f"evidence-{i}-{p}" for i in range(1, self.evidence_slots + 1)
                 for p in ("text", "source")}
        slots |= {f"alternative-{i}-{p}" for i in range(1, self.alternative_slots + 1)
                  for p in ("hypothesis", "why")}
        if item not in simple | slots:
            raise KeyError(f"'{item}' is not a part of the form")
        answers = {k: v for k, v in self.answers.items() if k != item}
        if text is not None and str(text).strip():
            answers[item] = str(text)
        self.answers = answers

    def assessment(self) -> dict:
        """The answers as an assessment dict (the shape ``check_assessment`` reads)."""
        get = self.answers.get
        out = {f: get(f, "") for f in ("judgment", "likelihood", "confidence",
                                        "confidence_basis", "would_change")}
        out["evidence"] = [{"text": get(f"evidence-{i}-text", ""),
                            "source": get(f"evidence-{i}-source", "")}
                           for i in range(1, self.evidence_slots + 1)]
        out["alternatives"] = [{"hypothesis": get(f"alternative-{i}-hypothesis", ""),
                                "why": get(f"alternative-{i}-why", "")}
                               for i in range(1, self.alternative_slots + 1)]
        return out

    def check(self) -> pd.DataFrame:
        """The checker's findings on the current answers, as a DataFrame."""
        words = {o["id"]: o["words"] for o in self.likelihood}
        vocab = vocabulary(self.vocabulary["likelihood"], self.vocabulary["confidence"],
                           self.vocabulary["hedges"])
        return findings_table(check_parts(self.assessment(), words, tuple(self.confidence),
                                          vocab))

    def results(self) -> pd.DataFrame:
        """The same as ``check()``: one row per finding (``field``, ``level``, ``message``)."""
        return self.check()

    def markdown(self) -> str:
        """The assessment as Markdown, as the widget's download gives it."""
        labels = {f["id"]: f["label"] for f in self.fields}
        return to_markdown(self.assessment(), labels,
                           {o["id"]: o["words"][0] for o in self.likelihood}, self.title)


__all__ = ["Assessment", "FIELD_IDS"]
