"""Load and validate the course's data: the claim bank, the timeline and the outage measurements.

Every page reads data through these functions, so a malformed seed file fails the build once,
here, with one message per problem naming the file, the row and the field.
Validation has two stages: a pandera schema checks each cell on its own, then cross-checks look
across cells and files (band order, duplicate ids, source keys, exercise references).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from .paths import bib_path, repo_root, seeds_dir
from .scale import AXIS_IDS, AXIS_VALUES
from .yamlseeds import BIB_KEY_RE, SLUG_RE, visible

DATE_MIN = date(2013, 1, 1)
DATE_MAX = date(2021, 12, 31)
MAX_WORDS = 45

CASES = ("sony", "outage", "context")
TIERS = (1, 2, 3, 4)
TIER_TEXT = ("1", "2", "3", "4")
SPEAKER_TYPES = (
    "attacker", "us-government", "anonymous-official", "dprk-government", "other-government",
    "security-firm", "independent-expert", "news-media", "company", "hacktivist", "defector",
)
EVIDENCE_KINDS = (
    "technical-forensic", "infrastructure", "signals-intelligence", "human-source",
    "official-assertion", "denial", "non-denial", "anonymous-source", "circumstantial-timing",
    "motive", "linguistic", "self-claim", "expert-inference", "media-report", "legal-allegation",
)
# How a claim of the seed report reaches the reader (chapter 1, lesson 1 reads them in groups).
REPORT_GROUPS = ("passed-on", "inference", "recap", "untraceable")
LATER_STATUSES = ("confirmed", "supported", "unresolved", "undermined", "rejected")
TIMELINE_KINDS = (
    "intrusion", "attack", "leak", "threat", "statement", "denial", "accusation", "measurement",
    "outage", "film", "legal", "sanction", "report",
)

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def date_label(when: pd.Timestamp, precision: str) -> str:
    """Format a date as a reader sees it, honest about its precision (day, approx, month)."""
    if precision == "month":
        return f"{_MONTHS[when.month - 1]} {when.year}"
    text = f"{when.day} {_MONTHS[when.month - 1]} {when.year}"
    return f"about {text}" if precision == "approx" else text


_TIME = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or row, or file) of a seed file."""

    file: str
    line: int | None
    row_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.row_id:
            where.append(f"id '{self.row_id}'")
        if self.field:
            where.append(f"field '{self.field}'")
        return ", ".join(where) + f": {self.message}"


class SeedError(ValueError):
    """A seed file failed validation; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the course data:\n{lines}")


# --------------------------------------------------------------------------- cell checks

def _is_iso_date(value: str) -> bool:
    try:
        return date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _is_in_range(value: str) -> bool:
    return not _is_iso_date(value) or DATE_MIN <= date.fromisoformat(value) <= DATE_MAX


def _is_datetime(value: str) -> bool:
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M").strftime("%Y-%m-%dT%H:%M") == value
    except ValueError:
        return False


def _words(value: str) -> int:
    return len(value.split())


def _keys(value: str) -> list[str]:
    return [k.strip() for k in value.split(";")]


@dataclass(frozen=True)
class Rule:
    """A check on one cell, with the expectation the error message states."""

    test: Callable[[str], bool]
    expected: str


# The three rule builders below run once, when this module is imported, to build the rule
# tables; mutmut chooses its mutant at call time, after the import, so it cannot test them
# (every test exercises the rules they build).  Hence "no mutate" on their bodies.
def _one_of(values) -> Rule:
    allowed = tuple(str(v) for v in values)  # pragma: no mutate
    return Rule(lambda v: v in allowed, "one of " + ", ".join(allowed))  # pragma: no mutate


def _nonempty(what: str = "a non-empty text") -> Rule:  # pragma: no mutate
    return Rule(lambda v: visible(v) != "", what)  # pragma: no mutate


SLUG = Rule(lambda v: bool(SLUG_RE.fullmatch(v)), "a slug of lowercase letters, digits and hyphens")
ISO_DATE = Rule(_is_iso_date, "an ISO date (YYYY-MM-DD)")
IN_RANGE = Rule(_is_in_range, f"a date from {DATE_MIN} to {DATE_MAX}")
SHORT_TEXT = Rule(lambda v: visible(v) != "" and _words(v) <= MAX_WORDS,
                  f"a text of 1 to {MAX_WORDS} words")
KEY_LIST = Rule(
    lambda v: v.strip() != "" and all(BIB_KEY_RE.fullmatch(k) for k in _keys(v)),
    "bibliography keys separated by ';'",
)
PRECISION = _one_of(("day", "approx", "month"))


def _optional(rule: Rule) -> Rule:
    expected = rule.expected + ", or empty"  # pragma: no mutate
    return Rule(lambda v: v == "" or rule.test(v), expected)  # pragma: no mutate


CLAIM_RULES: dict[str, list[Rule]] = {
    "id": [SLUG],
    "case": [_one_of(CASES)],
    "date": [ISO_DATE, IN_RANGE],
    "date_precision": [PRECISION],
    "speaker": [_nonempty()],
    "speaker_type": [_one_of(SPEAKER_TYPES)],
    "claim": [SHORT_TEXT],
    "evidence_kind": [Rule(
        lambda v: v != "" and all(k in EVIDENCE_KINDS for k in _keys(v)),
        "evidence kinds separated by ';', each one of " + ", ".join(EVIDENCE_KINDS),
    )],
    "public_evidence": [_one_of(AXIS_VALUES["public_evidence"])],
    "source_reliability": [_one_of(AXIS_VALUES["source_reliability"])],
    "info_credibility": [_one_of(AXIS_VALUES["info_credibility"])],
    "q_layer": [_one_of(AXIS_VALUES["q_layer"])],
    "spoofability": [_one_of(AXIS_VALUES["spoofability"])],
    "later_status": [_one_of(LATER_STATUSES)],
    "later_note": [_nonempty()],
    "sources": [KEY_LIST],
    "in_seed_report": [_one_of(("true", "false"))],
    "report_group": [_optional(_one_of(REPORT_GROUPS))],
}

KEY_RULES: dict[str, list[Rule]] = {
    "claim": [SLUG],
    "question": [SLUG],
    "tier_min": [_one_of(TIERS)],
    "tier_max": [_one_of(TIERS)],
    "deciding_axis": [_one_of(AXIS_IDS)],
    "diagnosticity": [_one_of(AXIS_VALUES["diagnosticity"])],
    "rationale": [_nonempty()],
}

TIMELINE_RULES: dict[str, list[Rule]] = {
    "id": [SLUG],
    "case": [_one_of(CASES)],
    "date": [ISO_DATE, IN_RANGE],
    "date_precision": [PRECISION],
    "date_end": [_optional(ISO_DATE), IN_RANGE],
    "time_utc": [_optional(Rule(lambda v: bool(_TIME.match(v)), "a time HH:MM"))],
    "kind": [_one_of(TIMELINE_KINDS)],
    "actor": [_nonempty()],
    "event": [SHORT_TEXT],
    "confidence": [_one_of(("high", "medium", "low"))],
    "disagreement": [],
    "sources": [KEY_LIST],
}

OUTAGE_RULES: dict[str, list[Rule]] = {
    "id": [SLUG],
    "outage": [SLUG],
    "reported_by": [_nonempty()],
    "start_utc": [_optional(Rule(_is_datetime, "a UTC date-time YYYY-MM-DDTHH:MM"))],
    "end_utc": [_optional(Rule(_is_datetime, "a UTC date-time YYYY-MM-DDTHH:MM"))],
    "duration_minutes": [_optional(Rule(lambda v: v.isdigit() and int(v) > 0,
                                        "a whole number of minutes above 0"))],
    "basis": [_one_of(("measured", "reported"))],
    "note": [_nonempty()],
    "sources": [KEY_LIST],
}

NETWORK_COUNT_RULES: dict[str, list[Rule]] = {
    "id": [SLUG],
    "country": [_nonempty("a country name")],
    "networks": [Rule(lambda v: v.isdigit() and int(v) > 0, "a whole number of networks above 0")],
    "bound": [_one_of(("exact", "more-than"))],
    "as_of": [ISO_DATE, IN_RANGE],
    "note": [_nonempty()],
    "sources": [KEY_LIST],
}


def _schema(rules: dict[str, list[Rule]]) -> pa.DataFrameSchema:
    columns = {
        name: pa.Column(
            str,
            checks=[pa.Check(r.test, element_wise=True, error=f"expected {r.expected}")
                    for r in col_rules],
            nullable=False,
        )
        for name, col_rules in rules.items()
    }
    return pa.DataFrameSchema(columns, strict=True, ordered=False)


# --------------------------------------------------------------------------- reading

def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(repo_root()))
    except ValueError:
        return str(path)


def _read_csv(path: Path) -> pd.DataFrame:
    """Read a seed CSV as text cells, checking its shape row by row.

    The csv module reads it (not pandas), so a row with more or fewer cells than the header is
    reported with its line instead of silently shifting columns, and each row keeps the line it
    starts on even after a quoted field that spans lines (``frame.attrs["lines"]``).
    """
    name = _display(path)
    if not path.exists():
        raise SeedError([Problem(name, None, None, None, "file not found")])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (UnicodeDecodeError, OSError) as exc:
        raise SeedError([Problem(name, None, None, None,
                                 f"cannot be read as UTF-8 CSV ({exc})")]) from None
    if not text.strip():
        raise SeedError([Problem(name, None, None, None, "is empty: expected a header and rows")])
    reader = csv.reader(io.StringIO(text, newline=""))
    problems, rows, lines = [], [], []
    try:
        header = [h.strip() for h in next(reader)]
        start = reader.line_num + 1
        for record in reader:
            if not any(cell.strip() for cell in record):
                start = reader.line_num + 1
                continue
            if len(record) != len(header):
                problems.append(Problem(name, start, record[0].strip() or None, None,
                                        f"has {len(record)} cells, the header has {len(header)}"))
            else:
                rows.append([cell.strip() for cell in record])
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise SeedError([Problem(name, reader.line_num, None, None,
                                 f"cannot be read as CSV ({exc})")]) from None
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        problems.append(Problem(name, 1, None, ", ".join(duplicated),
                                "column named twice in the header"))
    if not rows and not problems:
        problems.append(Problem(name, None, None, None, "has a header but no rows"))
    if problems:
        raise SeedError(problems)
    frame = pd.DataFrame(rows, columns=header, dtype=str)
    frame.attrs["lines"] = lines
    return frame


def _line(frame: pd.DataFrame, i: int) -> int:
    lines = frame.attrs.get("lines")
    return lines[i] if lines and i < len(lines) else i + 2


def _schema_problems(frame: pd.DataFrame, rules, name: str, id_field: str = "id") -> list[Problem]:
    try:
        _schema(rules).validate(frame, lazy=True)
    except SchemaErrors as err:
        problems = []
        for case in err.failure_cases.to_dict("records"):
            check = str(case.get("check"))
            column = case.get("column")
            failure = case.get("failure_case")
            index = case.get("index")
            if check == "column_in_dataframe":
                problems.append(Problem(name, 1, None, str(failure),
                                        "required column is missing from the header"))
            elif check == "column_in_schema":
                problems.append(Problem(name, 1, None, str(failure),
                                        "unexpected column in the header"))
            elif index is not None and index == index and column in frame.columns:
                row = int(index)
                row_id = frame.at[row, id_field] if id_field in frame.columns else None
                problems.append(Problem(name, _line(frame, row), row_id or None, str(column),
                                        f"{check}, got {failure!r}"))
            else:
                problems.append(Problem(name, None, None, str(column) if column else None,
                                        f"{check} ({failure})"))
        return problems
    return []


def _row(frame: pd.DataFrame, name: str, i: int, field: str, message: str) -> Problem:
    return Problem(name, _line(frame, i), frame.at[i, "id"] or None, field, message)


def _common_checks(frame, name, bib_keys) -> list[Problem]:
    problems = []
    seen: dict[str, int] = {}
    for i, row_id in enumerate(frame["id"]):
        if row_id in seen:
            problems.append(_row(frame, name, i, "id",
                                 f"duplicate id, first used on line {_line(frame, seen[row_id])}"))
        else:
            seen[row_id] = i
    for i, value in enumerate(frame["sources"]):
        if not KEY_LIST.test(value):
            continue
        for key in _keys(value):
            if key not in bib_keys:
                problems.append(_row(frame, name, i, "sources",
                                     f"source key '{key}' is not in book/references.bib"))
    return problems


def _claim_checks(frame, name) -> list[Problem]:
    problems = []
    for i, row in frame.iterrows():
        seed = row["in_seed_report"]
        if seed in ("true", "false") and (seed == "true") != bool(row["report_group"]):
            problems.append(_row(frame, name, i, "report_group",
                                 "a claim of the seed report needs a report_group, and only "
                                 "such a claim has one"))
        if SLUG.test(row["id"]) and row["case"] in CASES and not row["id"].startswith(
                row["case"] + "-"):
            problems.append(_row(frame, name, i, "id",
                                 f"id should start with its case '{row['case']}-'"))
    return problems


def _key_checks(frame, name, claim_ids) -> list[Problem]:
    problems = []
    seen: dict[tuple[str, str], int] = {}
    for i, row in frame.iterrows():
        where = dict(file=name, line=_line(frame, i), row_id=f"{row['claim']} / {row['question']}")
        lo, hi = row["tier_min"], row["tier_max"]
        if lo in TIER_TEXT and hi in TIER_TEXT:
            if int(lo) > int(hi):
                problems.append(Problem(**where, field="tier_min",
                                        message=f"tier_min {lo} is above tier_max {hi}"))
            elif int(hi) - int(lo) > 1:
                problems.append(Problem(**where, field="tier_max",
                                        message=f"band {lo}-{hi} is wider than two tiers"))
        pair = (row["claim"], row["question"])
        if pair in seen:
            problems.append(Problem(**where, field="question", message=(
                "a second key for this claim and question "
                f"(first on line {_line(frame, seen[pair])})")))
        else:
            seen[pair] = i
        if SLUG.test(row["claim"]) and row["claim"] not in claim_ids:
            problems.append(Problem(**where, field="claim",
                                    message=f"claim '{row['claim']}' is not in seeds/claims.csv"))
    return problems


def _timeline_checks(frame, name) -> list[Problem]:
    problems = []
    for i, row in frame.iterrows():
        if row["date_end"] and _is_iso_date(row["date_end"]) and _is_iso_date(row["date"]):
            if row["date_end"] < row["date"]:
                problems.append(_row(frame, name, i, "date_end",
                                     f"date_end {row['date_end']} is before date {row['date']}"))
    return problems


def _outage_checks(frame, name) -> list[Problem]:
    problems = []
    for i, row in frame.iterrows():
        start, end = row["start_utc"], row["end_utc"]
        if start and end and _is_datetime(start) and _is_datetime(end):
            span = datetime.fromisoformat(end) - datetime.fromisoformat(start)
            minutes = int(span.total_seconds() // 60)
            if end < start:
                problems.append(_row(frame, name, i, "end_utc",
                                     f"end {end} is before start {start}"))
            elif row["duration_minutes"].isdigit() and abs(
                    minutes - int(row["duration_minutes"])) > 5:
                problems.append(_row(
                    frame, name, i, "duration_minutes",
                    f"{row['duration_minutes']} minutes does not match start and end "
                    f"({minutes} minutes)"))
    return problems


def _network_count_checks(frame, name) -> list[Problem]:
    # Two rows for one country would put two bars with one label on the chart.
    problems = []
    seen: dict[str, int] = {}
    for i, country in enumerate(frame["country"]):
        folded = country.casefold()
        if folded in seen:
            problems.append(_row(frame, name, i, "country",
                                 f"country '{country}' is already counted on line "
                                 f"{_line(frame, seen[folded])}"))
        elif folded:
            seen[folded] = i
    return problems


# --------------------------------------------------------------------------- bibliography

@lru_cache(maxsize=8)
def _bib_keys_cached(path: str, mtime: float) -> frozenset[str]:
    from pybtex.database import parse_file

    return frozenset(parse_file(path, bib_format="bibtex").entries.keys())


def load_bib_keys(path: Path | None = None) -> frozenset[str]:
    """Return the citation keys defined in ``book/references.bib``."""
    path = Path(path) if path else bib_path()
    if not path.exists():
        raise SeedError([Problem(_display(path), None, None, None, "file not found")])
    return _bib_keys_cached(str(path), path.stat().st_mtime)


# --------------------------------------------------------------------------- public loaders

def _validated(filename: str, rules, extra, folder: Path | None, bib: Path | None):
    path = (Path(folder) if folder else seeds_dir()) / filename
    frame = _read_csv(path)
    name = _display(path)
    problems = _schema_problems(frame, rules, name)
    if "id" in frame.columns and "sources" in frame.columns and not any(
            p.line == 1 for p in problems):
        problems += _common_checks(frame, name, load_bib_keys(bib))
        problems += extra(frame, name)
    if problems:
        raise SeedError(problems)
    return frame


def load_claims(folder: Path | None = None, bib: Path | None = None) -> pd.DataFrame:
    """Load and validate ``seeds/claims.csv``.

    Returns
    -------
    pandas.DataFrame
        One row per claim, indexed by ``id``; ``date`` as a timestamp, tiers and credibility
        as integers, ``sources`` and ``evidence_kind`` as lists, ``in_seed_report`` as bool.

    Raises
    ------
    SeedError
        Listing every problem, each naming the file, the line, the row id and the field.
    """
    frame = _validated("claims.csv", CLAIM_RULES, _claim_checks, folder, bib)
    frame = frame.assign(
        date=pd.to_datetime(frame["date"]),
        info_credibility=frame["info_credibility"].astype(int),
        in_seed_report=frame["in_seed_report"] == "true",
        sources=frame["sources"].map(_keys),
        evidence_kind=frame["evidence_kind"].map(_keys),
    )
    return frame.set_index("id", drop=False).rename_axis(None)


def load_timeline(folder: Path | None = None, bib: Path | None = None) -> pd.DataFrame:
    """Load and validate ``seeds/timeline.csv``: sorted by date and time, indexed by ``id``."""
    frame = _validated("timeline.csv", TIMELINE_RULES, _timeline_checks, folder, bib)
    frame = frame.assign(
        date=pd.to_datetime(frame["date"]),
        date_end=pd.to_datetime(frame["date_end"].replace("", None)),
        sources=frame["sources"].map(_keys),
    )
    frame = frame.sort_values(["date", "time_utc", "id"])
    return frame.set_index("id", drop=False).rename_axis(None)


def timeline_event(timeline: pd.DataFrame, event_id: str) -> pd.Series:
    """The one row of ``timeline`` (from ``load_timeline``) with this id.

    Pages use it in their hidden guards, so a renamed or duplicated event fails with its id.
    """
    match = timeline[timeline["id"] == event_id]
    if len(match) != 1:
        raise KeyError(f"seeds/timeline.csv has {len(match)} rows with id '{event_id}', "
                       "expected exactly one")
    return match.iloc[0]


def load_outages(folder: Path | None = None, bib: Path | None = None) -> pd.DataFrame:
    """Load and validate ``seeds/outages.csv``, indexed by ``id``; times are UTC timestamps."""
    frame = _validated("outages.csv", OUTAGE_RULES, _outage_checks, folder, bib)
    frame = frame.assign(
        start_utc=pd.to_datetime(frame["start_utc"].replace("", None), utc=True),
        end_utc=pd.to_datetime(frame["end_utc"].replace("", None), utc=True),
        duration_minutes=pd.to_numeric(frame["duration_minutes"].replace("", None)).astype(
            "Int64"),
        sources=frame["sources"].map(_keys),
    )
    return frame.set_index("id", drop=False).rename_axis(None)


def load_network_counts(folder: Path | None = None, bib: Path | None = None) -> pd.DataFrame:
    """Load and validate ``seeds/network_counts.csv``: routed networks per country, per source.

    Returns
    -------
    pandas.DataFrame
        One row per country, indexed by ``id``, fewest networks first; ``networks`` as an
        integer, ``as_of`` as a
        timestamp, ``sources`` as a list, and ``more_than`` True where the source gives only a
        lower bound ("more than 152,000").

    Raises
    ------
    SeedError
        Listing every problem, each naming the file, the line, the row id and the field.
    """
    frame = _validated("network_counts.csv", NETWORK_COUNT_RULES, _network_count_checks,
                       folder, bib)
    frame = frame.assign(
        networks=frame["networks"].astype(int),
        as_of=pd.to_datetime(frame["as_of"]),
        more_than=frame["bound"] == "more-than",
        sources=frame["sources"].map(_keys),
    )
    frame = frame.sort_values(["networks", "id"])
    return frame.set_index("id", drop=False).rename_axis(None)


def read_yaml_mapping(path: Path) -> tuple[str, dict]:
    """Read a YAML seed file whose top level is a mapping (see ``casebook.yamlseeds``)."""
    from .yamlseeds import read_yaml_file

    name = _display(path)
    return name, read_yaml_file(path, name)


def load_keys(folder: Path | None = None, bib: Path | None = None) -> pd.DataFrame:
    """Load and validate ``seeds/keys.csv``: one answer key per claim and question.

    Returns
    -------
    pandas.DataFrame
        One row per key, indexed by ``(claim, question)``; tiers as integers.
    """
    path = (Path(folder) if folder else seeds_dir()) / "keys.csv"
    frame = _read_csv(path)
    name = _display(path)
    problems = _schema_problems(frame, KEY_RULES, name, id_field="claim")
    if not any(p.line == 1 for p in problems):
        problems += _key_checks(frame, name, set(load_claims(folder, bib).index))
    if problems:
        raise SeedError(problems)
    frame = frame.assign(tier_min=frame["tier_min"].astype(int),
                         tier_max=frame["tier_max"].astype(int))
    return frame.set_index(["claim", "question"], drop=False).rename_axis([None, None])


def load_exercises(folder: Path | None = None, bib: Path | None = None) -> dict[str, dict]:
    """Load ``seeds/exercises.yml`` and check every exercise against the claims and keys.

    Returns a dict from exercise id to its definition: ``title``, ``kind`` (``sorter`` or
    ``grader``), ``case``, ``question`` (its id), ``question_text``, ``as_of``, ``prompt`` and
    ``claims``.  Every claim must have a key for the exercise's question, belong to its case
    (unless ``mixes_cases`` is true) and be dated on or before ``as_of``.
    """
    from .yamlseeds import ExerciseFile, validate

    name, raw = read_yaml_mapping((Path(folder) if folder else seeds_dir()) / "exercises.yml")
    spec = validate(ExerciseFile, raw, name)
    claims = load_claims(folder, bib)
    keys = load_keys(folder, bib)
    problems: list[Problem] = []
    questions: dict[str, str] = {}
    for q in spec.questions:
        if q.id in questions:
            problems.append(Problem(name, None, q.id, "questions", "duplicate question id"))
        questions[q.id] = q.text
    result: dict[str, dict] = {}
    for i, ex in enumerate(spec.exercises):
        line = getattr(raw["exercises"][i], "line", None)

        def problem(field, message, ex=ex, line=line):
            problems.append(Problem(name, line, ex.id, field, message))

        if ex.id in result:
            problem("id", "duplicate exercise id")
        if ex.question not in questions:
            problem("question", f"question '{ex.question}' is not in the questions list")
        for claim_id in ex.claims:
            if claim_id not in claims.index:
                problem("claims", f"claim id '{claim_id}' is not in seeds/claims.csv")
                continue
            if claims.at[claim_id, "date"] > pd.Timestamp(ex.as_of):
                problem("claims", f"claim '{claim_id}' is dated after the exercise's as_of date "
                                  f"{ex.as_of}")
            if ex.question in questions and (claim_id, ex.question) not in keys.index:
                written = sorted(keys.loc[keys["claim"] == claim_id, "question"])
                problem("claims", f"claim '{claim_id}' has no key for question '{ex.question}' "
                                  "in seeds/keys.csv"
                        + (f" (its keys answer: {', '.join(written)})" if written else ""))
            if not ex.mixes_cases and claims.at[claim_id, "case"] != ex.case:
                problem("claims", f"claim '{claim_id}' belongs to case "
                                  f"'{claims.at[claim_id, 'case']}', not '{ex.case}' "
                                  "(set mixes_cases: true if that is meant)")
        if len(set(ex.claims)) != len(ex.claims):
            problem("claims", "a claim id is listed twice")
        result[ex.id] = {**ex.model_dump(), "question_text": questions.get(ex.question, "")}
    if problems:
        raise SeedError(problems)
    return result


def quiz_bank_version(folder: Path | None = None) -> str:
    """A short fingerprint of ``seeds/quizzes.yml``, so saved quiz answers can tell it changed."""
    path = (Path(folder) if folder else seeds_dir()) / "quizzes.yml"
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def load_quizzes(folder: Path | None = None, bib: Path | None = None) -> dict[str, dict]:
    """Load and validate ``seeds/quizzes.yml``: recall questions with feedback on every option.

    Returns a dict from quiz id to ``{"title", "questions"}``; each question has ``id``,
    ``prompt``, ``sources``, ``answer`` (the id of the correct option) and ``options``, each
    with ``id`` (``a``, ``b``, ...), ``text`` and ``feedback``.
    """
    from .yamlseeds import QuizFile, validate

    name, raw = read_yaml_mapping((Path(folder) if folder else seeds_dir()) / "quizzes.yml")
    spec = validate(QuizFile, raw, name)
    keys = load_bib_keys(bib)
    problems: list[Problem] = []
    result: dict[str, dict] = {}
    letters = "abcdef"
    for qi, quiz in enumerate(spec.quizzes):
        if quiz.id in result:
            problems.append(Problem(name, raw["quizzes"][qi].line, quiz.id, "id",
                                    "duplicate quiz id"))
        questions = []
        for j, q in enumerate(quiz.questions):
            where = f"{quiz.id}/{q.id}"
            line = raw["quizzes"][qi]["questions"][j].line
            if any(existing["id"] == q.id for existing in questions):
                problems.append(Problem(name, line, where, "id", "duplicate question id"))
            for key in q.sources:
                if key not in keys:
                    problems.append(Problem(name, line, where, "sources",
                                            f"source key '{key}' is not in book/references.bib"))
            correct = [i for i, o in enumerate(q.options) if o.correct]
            if len(correct) != 1:
                problems.append(Problem(name, line, where, "options",
                                        f"expected exactly one correct option, got {len(correct)}"))
            questions.append({
                "id": q.id, "prompt": q.prompt, "sources": list(q.sources),
                "answer": letters[correct[0]] if len(correct) == 1 else "",
                "options": [{"id": letters[i], "text": o.text, "feedback": o.feedback}
                            for i, o in enumerate(q.options)],
            })
        result[quiz.id] = {"title": quiz.title, "questions": questions}
    if problems:
        raise SeedError(problems)
    return result


def exercise_claims(exercise_id: str, folder: Path | None = None) -> pd.DataFrame:
    """The claims of one exercise, in the listed order, each with its key for the question.

    Columns are the claim bank's plus ``tier_min``, ``tier_max``, ``deciding_axis``,
    ``diagnosticity`` and ``rationale`` from ``seeds/keys.csv``.  ``attrs`` carries the
    exercise's ``question``, ``question_text``, ``as_of`` and ``bank_version``, a fingerprint of
    exactly these claims and keys, so saved answers outlive edits to unrelated claims.
    """
    exercises = load_exercises(folder)
    if exercise_id not in exercises:
        known = ", ".join(sorted(exercises))
        raise KeyError(f"unknown exercise '{exercise_id}'; known exercises: {known}")
    spec = exercises[exercise_id]
    claims = load_claims(folder).loc[spec["claims"]]
    keys = load_keys(folder).xs(spec["question"], level=1)
    key_cols = ["tier_min", "tier_max", "deciding_axis", "diagnosticity", "rationale"]
    selected = claims.join(keys[key_cols])
    selected.attrs.update(question=spec["question"], question_text=spec["question_text"],
                          as_of=spec["as_of"], bank_version=exercise_version(selected))
    return selected


def exercise_version(selected: pd.DataFrame) -> str:
    """A short fingerprint of an exercise's claim texts and keys, in order."""
    parts = [f"{cid}|{row['claim']}|{row['tier_min']}|{row['tier_max']}|{row['deciding_axis']}"
             for cid, row in selected.iterrows()]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:12]
