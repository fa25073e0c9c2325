"""The capstone's attribution assessment: its parts, a checker against ICD 203's standards,
and its export as Markdown.

The form's parts and the course's example assessments live in ``seeds/assessments.yml``.
The assessment widget (``widgets/static/assessment.js``) checks and exports with the same
rules in JavaScript, tested to agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import Field

from .estimative import Vocabulary, check_sentence, sentences
from .paths import seeds_dir
from .yamlseeds import BibKey, IsoDate, Slug, Text, _Strict

FIELD_IDS = ("judgment", "likelihood", "confidence", "confidence_basis", "evidence",
             "alternatives", "would_change")
EVIDENCE_SLOTS = 6
ALTERNATIVE_SLOTS = 4
MIN_BASIS_WORDS = 8


class FormField(_Strict):
    id: Literal[FIELD_IDS]  # type: ignore[valid-type]
    label: Text
    help: Text


class EvidenceItem(_Strict):
    text: Text
    source: BibKey


class Alternative(_Strict):
    hypothesis: Text
    why: Text


class Example(_Strict):
    id: Slug
    case: Literal["sony", "outage"]
    as_of: IsoDate
    title: Text
    judgment: Text
    likelihood: Slug
    confidence: Literal["high", "moderate", "low"]
    confidence_basis: Text
    evidence: list[EvidenceItem] = Field(min_length=2, max_length=EVIDENCE_SLOTS)
    alternatives: list[Alternative] = Field(min_length=2, max_length=ALTERNATIVE_SLOTS)
    would_change: Text
    commentary: dict[Literal[FIELD_IDS], Text]  # type: ignore[valid-type]


class AssessmentFile(_Strict):
    fields: list[FormField] = Field(min_length=len(FIELD_IDS), max_length=len(FIELD_IDS))
    examples: list[Example] = Field(min_length=1)


def load_assessments(folder: Path | None = None, bib: Path | None = None) -> dict:
    """Load and validate ``seeds/assessments.yml``: the form's parts (each with a label and
    help) and the course's example assessments, each of which must pass the checker.

    Returns
    -------
    dict
        ``fields`` (a list of dicts in form order) and ``examples`` (id to a dict).
    """
    from .data import Problem, SeedError, load_bib_keys, read_yaml_mapping
    from .estimative import load_estimative
    from .yamlseeds import validate

    name, raw = read_yaml_mapping((Path(folder) if folder else seeds_dir()) / "assessments.yml")
    spec = validate(AssessmentFile, raw, name)
    problems: list[Problem] = []
    if [f.id for f in spec.fields] != list(FIELD_IDS):
        problems.append(Problem(name, None, None, "fields",
                                f"the form's parts, in order, are {', '.join(FIELD_IDS)}"))
    bib_keys = load_bib_keys(bib)
    likelihood_ids = set(load_estimative(folder, bib)["likelihood"].index)
    examples = {}
    for i, ex in enumerate(spec.examples):
        line = getattr(raw["examples"][i], "line", None)
        if ex.id in examples:
            problems.append(Problem(name, line, ex.id, "id", "duplicate example id"))
        if ex.likelihood not in likelihood_ids:
            problems.append(Problem(name, line, ex.id, "likelihood",
                                    f"'{ex.likelihood}' is not a likelihood id of "
                                    "seeds/estimative.yml"))
        for j, item in enumerate(ex.evidence):
            if item.source not in bib_keys:
                problems.append(Problem(name, line, ex.id, f"evidence[{j}].source",
                                        f"source key '{item.source}' is not in "
                                        "book/references.bib"))
        missing = [f for f in FIELD_IDS if f not in ex.commentary]
        if missing:
            problems.append(Problem(name, line, ex.id, "commentary",
                                    f"needs a comment on {', '.join(missing)}"))
        examples[ex.id] = ex.model_dump()
    if problems:
        raise SeedError(problems)
    for ex_id, ex in examples.items():
        flagged = [f for f in check_assessment(ex, folder=folder, bib=bib)
                   if f["level"] != "ok"]
        if flagged:
            problems.append(Problem(name, None, ex_id, flagged[0]["field"],
                                    "the course's example must pass its own checker: "
                                    + flagged[0]["message"]))
    if problems:
        raise SeedError(problems)
    return {"fields": [f.model_dump() for f in spec.fields], "examples": examples}


# ------------------------------------------------------------------------------------ checker

def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _filled(items, *keys) -> list:
    """The rows of a list part (evidence, alternatives) with anything written in them."""
    return [x for x in (items or []) if not all(_blank(x.get(k)) for k in keys)]


def _words(text: str) -> int:
    return len(text.split())


def check_parts(assessment: Mapping, likelihood_words: Mapping[str, list[str]],
                confidence_ids: tuple[str, ...], vocab: Vocabulary) -> list[dict]:
    """The checker's findings, in form order: one or more per part, each a dict with
    ``field``, ``level`` (``ok``, ``missing`` or ``problem``) and ``message``."""
    out: list[dict] = []

    def add(field, level, message):
        out.append({"field": field, "level": level, "message": message})

    # Judgment: present, with a likelihood word, never beside a confidence word.
    judgment = assessment.get("judgment")
    chosen = assessment.get("likelihood")
    if _blank(judgment):
        add("judgment", "missing", "Write your judgment: what happened and who did it, in "
                                   "one or two sentences.")
    else:
        found_any = False
        for s in sentences(judgment):
            check = check_sentence(s, vocab)
            found_any = found_any or bool(check["likelihood"])
            if check["mixed"]:
                add("judgment", "problem",
                    f"\"{s}\" puts a likelihood ({', '.join(check['likelihood'])}) and a "
                    f"confidence ({', '.join(check['confidence'])}) in one sentence; ICD 203 "
                    "asks for them apart, so say how sure you are in a sentence of its own.")
        if not found_any:
            add("judgment", "problem", "Say how likely your judgment is in ICD 203's words "
                                       "(for example \"likely\" or \"roughly even chance\").")
        elif not _blank(chosen) and chosen in likelihood_words:
            mine = {w.lower() for w in likelihood_words[chosen]}
            used = {w for s in sentences(judgment) for w in check_sentence(s, vocab)["likelihood"]}
            if not used & mine:
                add("judgment", "problem",
                    f"The judgment says {', '.join(sorted(used))}, but the likelihood you chose "
                    f"is {likelihood_words[chosen][0]}; make them agree.")
        if not any(f["field"] == "judgment" for f in out):
            add("judgment", "ok", "A judgment with its likelihood, and no confidence beside it.")
    # Likelihood: one of ICD 203's seven terms.
    if _blank(chosen):
        add("likelihood", "missing", "Choose the likelihood of your judgment from ICD 203's "
                                     "seven terms.")
    elif chosen not in likelihood_words:
        add("likelihood", "problem", f"'{chosen}' is not one of ICD 203's likelihood terms.")
    else:
        add("likelihood", "ok", f"ICD 203's term: {likelihood_words[chosen][0]}.")
    # Confidence and its basis.
    confidence = assessment.get("confidence")
    if _blank(confidence):
        add("confidence", "missing", "Say how confident you are: high, moderate or low.")
    elif confidence not in confidence_ids:
        add("confidence", "problem", f"Confidence is high, moderate or low, not '{confidence}'.")
    else:
        add("confidence", "ok", f"{confidence.capitalize()} confidence.")
    basis = assessment.get("confidence_basis")
    if _blank(basis):
        add("confidence_basis", "missing", "Say what your confidence rests on: the quality of "
                                           "the sources, how far they agree, and the gaps.")
    elif _words(basis) < MIN_BASIS_WORDS:
        add("confidence_basis", "problem", "Say more about what your confidence rests on: the "
                                           "quality of the sources, how far they agree, and "
                                           "the gaps.")
    else:
        add("confidence_basis", "ok", "The basis for your confidence is stated.")
    # Evidence: at least two items, each with its source.
    items = _filled(assessment.get("evidence"), "text", "source")
    if not items:
        add("evidence", "missing", "List the key evidence, each item with its source.")
    else:
        for i, item in enumerate(items, start=1):
            if _blank(item.get("text")):
                add("evidence", "problem", f"Evidence item {i} has a source but no evidence.")
            elif _blank(item.get("source")):
                add("evidence", "problem", f"Evidence item {i} has no source: say where a "
                                           "reader can check it.")
        if len(items) < 2:
            add("evidence", "problem", "Weigh more than one line of evidence.")
        if not any(f["field"] == "evidence" for f in out):
            add("evidence", "ok", f"{len(items)} items of evidence, each with a source.")
    # Alternatives: at least two, each with why it is less supported.
    alts = _filled(assessment.get("alternatives"), "hypothesis", "why")
    if not alts:
        add("alternatives", "missing", "Name the alternatives you considered and why the "
                                       "evidence supports them less.")
    else:
        for i, alt in enumerate(alts, start=1):
            if _blank(alt.get("hypothesis")):
                add("alternatives", "problem", f"Alternative {i} gives a reason but no "
                                               "hypothesis.")
            elif _blank(alt.get("why")):
                add("alternatives", "problem", f"Alternative {i} ({alt['hypothesis'].strip()}) "
                                               "is named but not addressed: say why the "
                                               "evidence supports it less.")
        if len(alts) < 2:
            add("alternatives", "problem", "Consider at least two alternatives.")
        if not any(f["field"] == "alternatives" for f in out):
            add("alternatives", "ok", f"{len(alts)} alternatives, each addressed.")
    # What would change the judgment.
    if _blank(assessment.get("would_change")):
        add("would_change", "missing", "Say what new evidence would change your judgment.")
    else:
        add("would_change", "ok", "You say what would change your judgment.")
    return out


def check_assessment(assessment: Mapping, folder: Path | None = None,
                     bib: Path | None = None) -> list[dict]:
    """Check an assessment against ICD 203's standards, with the course's words.

    ``assessment`` has the form's parts: ``judgment``, ``likelihood`` (a likelihood id of
    ``seeds/estimative.yml``), ``confidence`` (high, moderate or low), ``confidence_basis``,
    ``evidence`` (a list of dicts with ``text`` and ``source``), ``alternatives`` (a list of
    dicts with ``hypothesis`` and ``why``) and ``would_change``.  Returns the findings, as
    ``check_parts`` describes; ``findings_table`` shows them as a DataFrame.
    """
    from .estimative import likelihood_words, load_estimative, spec_vocabulary

    spec = load_estimative(folder, bib)
    words = likelihood_words(spec)
    vocab = spec_vocabulary(spec)
    return check_parts(assessment, words, tuple(spec["confidence"]), vocab)


def findings_table(findings: list[dict]) -> pd.DataFrame:
    """The checker's findings as a DataFrame: ``field``, ``level`` and ``message``."""
    return pd.DataFrame(findings, columns=["field", "level", "message"])


def to_markdown(assessment: Mapping, labels: Mapping[str, str],
                likelihood_labels: Mapping[str, str], title: str = "Attribution assessment",
                level: int = 1) -> str:
    """An assessment as Markdown, one section per part, in the form's order; ``level`` is the
    title's heading level (the parts sit one level below)."""
    def text(value) -> str:
        return " ".join(str(value).split()) if not _blank(value) else "(not written)"

    lines = [f"{'#' * level} {text(title)}", ""]
    for field in FIELD_IDS:
        lines += [f"{'#' * (level + 1)} {labels[field]}", ""]
        value = assessment.get(field)
        if field == "likelihood":
            lines.append(likelihood_labels.get(value, text(value)) if not _blank(value)
                         else "(not written)")
        elif field == "confidence":
            lines.append(f"{value} confidence" if not _blank(value) else "(not written)")
        elif field == "evidence":
            items = _filled(value, "text", "source")
            lines += [f"- {text(e.get('text'))} (source: {text(e.get('source'))})"
                      for e in items] or ["(not written)"]
        elif field == "alternatives":
            items = _filled(value, "hypothesis", "why")
            lines += [f"- {text(a.get('hypothesis'))}: {text(a.get('why'))}"
                      for a in items] or ["(not written)"]
        else:
            lines.append(text(value))
        lines.append("")
    return "\n".join(lines)
