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

# The ODNI guide's indicator families (A Guide to Cyber Attribution, 2018), for the genealogy.
INDICATOR_FAMILIES = ("tradecraft", "infrastructure", "malware", "intent", "outside-sources")
GENEALOGY_KINDS = ("statement", "alert", "remarks", "press-report", "private-report",
                   "complaint", "indictment", "order", "finding")

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


def _ids(value: str) -> list[str]:
    """A ';'-separated list that may be empty."""
    return [k.strip() for k in value.split(";") if k.strip()]


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
    "public_date": [ISO_DATE, IN_RANGE],
    "public_note": [],
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
    "settled_on": [_optional(ISO_DATE), IN_RANGE],
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

KEY_CHANGE_RULES: dict[str, list[Rule]] = {
    "claim": [SLUG],
    "question": [SLUG],
    "from_date": [ISO_DATE, IN_RANGE],
    "tier_min": [_one_of(TIERS)],
    "tier_max": [_one_of(TIERS)],
    "deciding_axis": [_one_of(AXIS_IDS)],
    "diagnosticity": [_one_of(AXIS_VALUES["diagnosticity"])],
    "rationale": [_nonempty()],
    "sources": [KEY_LIST],
}

GENEALOGY_RULES: dict[str, list[Rule]] = {
    "id": [SLUG],
    "date": [ISO_DATE, IN_RANGE],
    "document": [_nonempty()],
    "issuer": [_nonempty()],
    "kind": [_one_of(GENEALOGY_KINDS)],
    "claim": [_optional(SLUG)],
    "rests_on": [Rule(lambda v: all(SLUG.test(k) for k in _ids(v)),
                      "row ids separated by ';', or nothing")],
    "families": [Rule(
        lambda v: v != "" and all(k in INDICATOR_FAMILIES for k in _keys(v)),
        "indicator families separated by ';', each one of " + ", ".join(INDICATOR_FAMILIES))],
    "shown": [_one_of(("yes", "partial", "no"))],
    "sources": [KEY_LIST],
}

HEDGE_RULES: dict[str, list[Rule]] = {
    "chain": [SLUG],
    "step": [Rule(lambda v: v.isdigit() and int(v) >= 1, "a whole number from 1")],
    "date": [ISO_DATE, IN_RANGE],
    "outlet": [_nonempty()],
    "speaker": [_nonempty()],
    "wording": [_nonempty()],
    "qualifiers": [Rule(lambda v: v == "" or all(visible(k) for k in v.split(";")),
                        "qualifier labels separated by ';', or nothing")],
    "sources": [KEY_LIST],
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
        said, public = row["date"], row["public_date"]
        if all(_is_iso_date(d) and _is_in_range(d) for d in (said, public)):
            if public < said:
                problems.append(_row(frame, name, i, "public_date",
                                     f"public_date {public} is before the claim's date {said}: "
                                     "a claim cannot become public before it is made"))
            elif (public != said) != bool(visible(row["public_note"])):
                problems.append(_row(frame, name, i, "public_note", (
                    f"a claim made public after it was made ({said} -> {public}) needs a "
                    "public_note saying how it became public" if public != said else
                    "public_note is only for a claim made public after its date; "
                    "public_date equals date here")))
        status = row["later_status"]
        if status in LATER_STATUSES and (status == "unresolved") == bool(row["settled_on"]):
            problems.append(_row(frame, name, i, "settled_on", (
                "an unresolved claim has no settled_on date" if status == "unresolved" else
                f"a claim whose later_status is '{status}' needs settled_on, the day the "
                "evidence behind that status became public")))
    return problems


def _band_problems(row, where: dict) -> list[Problem]:
    lo, hi = row["tier_min"], row["tier_max"]
    if lo in TIER_TEXT and hi in TIER_TEXT:
        if int(lo) > int(hi):
            return [Problem(**where, field="tier_min",
                            message=f"tier_min {lo} is above tier_max {hi}")]
        if int(hi) - int(lo) > 1:
            return [Problem(**where, field="tier_max",
                            message=f"band {lo}-{hi} is wider than two tiers")]
    return []


def _key_checks(frame, name, claim_ids) -> list[Problem]:
    problems = []
    seen: dict[tuple[str, str], int] = {}
    for i, row in frame.iterrows():
        where = dict(file=name, line=_line(frame, i), row_id=f"{row['claim']} / {row['question']}")
        problems += _band_problems(row, where)
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
        public_date=pd.to_datetime(frame["public_date"]),
        settled_on=pd.to_datetime(frame["settled_on"].replace("", None)),
        info_credibility=frame["info_credibility"].astype(int),
        in_seed_report=frame["in_seed_report"] == "true",
        sources=frame["sources"].map(_keys),
        evidence_kind=frame["evidence_kind"].map(_keys),
    )
    return frame.set_index("id", drop=False).rename_axis(None)


def _genealogy_checks(frame, name, claim_ids) -> list[Problem]:
    problems = []
    above: set[str] = set()
    last = ""
    for i, row in frame.iterrows():
        if _is_iso_date(row["date"]):
            if row["date"] < last:
                problems.append(_row(frame, name, i, "date",
                                     f"rows run in date order; {row['date']} is before {last}"))
            last = max(last, row["date"])
        if row["claim"] and SLUG.test(row["claim"]) and row["claim"] not in claim_ids:
            problems.append(_row(frame, name, i, "claim",
                                 f"claim '{row['claim']}' is not in seeds/claims.csv"))
        for parent in _ids(row["rests_on"]):
            if parent == row["id"]:
                problems.append(_row(frame, name, i, "rests_on", "a document cannot rest on "
                                                                 "itself"))
            elif parent not in above:
                problems.append(_row(frame, name, i, "rests_on", (
                    f"'{parent}' is not a row above this one: a document rests only on "
                    "documents published before it")))
        above.add(row["id"])
    return problems


def load_genealogy(folder: Path | None = None, bib: Path | None = None) -> pd.DataFrame:
    """Load and validate ``seeds/genealogy.csv``: the documents of the official case against
    North Korea, and which earlier documents each one rests on.

    Returns
    -------
    pandas.DataFrame
        One row per document in date order, indexed by ``id``; ``date`` as a timestamp,
        ``rests_on``, ``families`` and ``sources`` as lists.
    """
    ids = set(load_claims(folder, bib).index)
    frame = _validated("genealogy.csv", GENEALOGY_RULES,
                       lambda f, n: _genealogy_checks(f, n, ids), folder, bib)
    frame = frame.assign(
        date=pd.to_datetime(frame["date"]),
        rests_on=frame["rests_on"].map(_ids),
        families=frame["families"].map(_keys),
        sources=frame["sources"].map(_keys),
    )
    return frame.set_index("id", drop=False).rename_axis(None)


def load_hedges(folder: Path | None = None, bib: Path | None = None) -> pd.DataFrame:
    """Load and validate ``seeds/hedges.csv``: careful statements followed through their
    retellings, one row per retelling, with the qualifiers each kept.

    Within a chain the steps run 1, 2, 3... in date order.

    Returns
    -------
    pandas.DataFrame
        Sorted by chain and step; ``step`` as an integer, ``date`` as a timestamp,
        ``qualifiers`` and ``sources`` as lists.
    """
    path = (Path(folder) if folder else seeds_dir()) / "hedges.csv"
    frame = _read_csv(path)
    name = _display(path)
    problems = _schema_problems(frame, HEDGE_RULES, name, id_field="chain")
    if not any(p.line == 1 for p in problems) and not problems:
        bib_keys = load_bib_keys(bib)
        for chain, rows in frame.groupby("chain", sort=False):
            steps = [int(v) for v in rows["step"]]
            if steps != list(range(1, len(steps) + 1)):
                problems.append(Problem(name, _line(frame, rows.index[0]), chain, "step",
                                        f"steps must run 1, 2, 3... in file order; got "
                                        f"{', '.join(map(str, steps))}"))
            dates = list(rows["date"])
            if dates != sorted(dates):
                problems.append(Problem(name, _line(frame, rows.index[0]), chain, "date",
                                        "a chain's steps run in date order"))
        for i, row in frame.iterrows():
            for key in _keys(row["sources"]):
                if key not in bib_keys:
                    problems.append(Problem(name, _line(frame, i), f"{row['chain']}/{row['step']}",
                                            "sources",
                                            f"source key '{key}' is not in book/references.bib"))
    if problems:
        raise SeedError(problems)
    frame = frame.assign(step=frame["step"].astype(int), date=pd.to_datetime(frame["date"]),
                         qualifiers=frame["qualifiers"].map(_ids),
                         sources=frame["sources"].map(_keys))
    return frame.sort_values(["chain", "step"]).reset_index(drop=True)


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


def _key_change_checks(frame, name, keys, claims, bib_keys) -> list[Problem]:
    problems = []
    seen: dict[tuple[str, str, str], int] = {}
    for i, row in frame.iterrows():
        pair = (row["claim"], row["question"])
        where = dict(file=name, line=_line(frame, i),
                     row_id=f"{row['claim']} / {row['question']} / {row['from_date']}")
        problems += _band_problems(row, where)
        triple = (*pair, row["from_date"])
        if triple in seen:
            problems.append(Problem(**where, field="from_date", message=(
                f"a second change on the same day (first on line {_line(frame, seen[triple])})")))
        else:
            seen[triple] = i
        if KEY_LIST.test(row["sources"]):
            problems += [Problem(**where, field="sources",
                                 message=f"source key '{key}' is not in book/references.bib")
                         for key in _keys(row["sources"]) if key not in bib_keys]
        if pair not in keys.index:
            if SLUG.test(row["claim"]) and SLUG.test(row["question"]):
                problems.append(Problem(**where, field="question", message=(
                    "a key can change only where seeds/keys.csv has a first key for this claim "
                    "and question")))
            continue
        if _is_iso_date(row["from_date"]):
            public = claims.at[row["claim"], "public_date"]
            if pd.Timestamp(row["from_date"]) <= public:
                problems.append(Problem(**where, field="from_date", message=(
                    f"from_date {row['from_date']} is not after the day the claim became public "
                    f"({public.date()}); its first key belongs in seeds/keys.csv")))
    return problems


def load_key_changes(folder: Path | None = None, bib: Path | None = None) -> pd.DataFrame:
    """Load and validate ``seeds/key_changes.csv``: the keys that changed as the record grew.

    ``keys.csv`` holds each claim's key from the day it became public.  A row here replaces it
    from ``from_date`` on (until a later row), and says why in ``rationale``, with the
    ``sources`` of the evidence that changed it.

    Returns
    -------
    pandas.DataFrame
        One row per change, sorted by claim, question and date; ``from_date`` as a timestamp,
        tiers as integers and ``sources`` as a list.
    """
    path = (Path(folder) if folder else seeds_dir()) / "key_changes.csv"
    frame = _read_csv(path)
    name = _display(path)
    problems = _schema_problems(frame, KEY_CHANGE_RULES, name, id_field="claim")
    if not any(p.line == 1 for p in problems):
        claims = load_claims(folder, bib)
        problems += _key_change_checks(frame, name, load_keys(folder, bib), claims,
                                       load_bib_keys(bib))
    if problems:
        raise SeedError(problems)
    frame = frame.assign(from_date=pd.to_datetime(frame["from_date"]),
                         tier_min=frame["tier_min"].astype(int),
                         tier_max=frame["tier_max"].astype(int),
                         sources=frame["sources"].map(_keys))
    problems = []
    keys = load_keys(folder, bib)
    for (claim, question), rows in frame.groupby(["claim", "question"], sort=False):
        previous = keys.loc[(claim, question)]
        for i, row in rows.sort_values("from_date").iterrows():
            same = [row[c] == previous[c] for c in ("tier_min", "tier_max", "deciding_axis",
                                                      "diagnosticity")]
            if all(same):
                problems.append(Problem(name, _line(frame, i),
                                        f"{claim} / {question} / {row['from_date'].date()}",
                                        "tier_min", "repeats the key already in force: a change "
                                        "must change the band, the deciding axis or the "
                                        "diagnosticity"))
            previous = row
    if problems:
        raise SeedError(problems)
    return frame.sort_values(["claim", "question", "from_date"]).reset_index(drop=True)


def keys_as_of(as_of, folder: Path | None = None, bib: Path | None = None) -> pd.DataFrame:
    """The keys in force on ``as_of`` for every claim public by that day.

    Each claim's first key (``keys.csv``) applies from the day it became public; the latest row
    of ``key_changes.csv`` dated on or before ``as_of`` replaces it.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``(claim, question)`` like ``load_keys``, with the same columns plus
        ``from_date`` (the day this key took effect), ``changed`` (True where a change applies)
        and ``change_sources`` (the sources of that change; empty for a first key).
    """
    when = pd.Timestamp(as_of)
    claims = load_claims(folder, bib)
    keys = load_keys(folder, bib)
    keys = keys[keys["claim"].map(claims["public_date"]) <= when].copy()
    keys["from_date"] = keys["claim"].map(claims["public_date"])
    keys["changed"] = False
    keys["change_sources"] = [[] for _ in range(len(keys))]
    changes = load_key_changes(folder, bib)
    changes = changes[changes["from_date"] <= when]
    for _, row in changes.groupby(["claim", "question"]).tail(1).iterrows():
        pair = (row["claim"], row["question"])
        if pair not in keys.index:
            continue
        for column in ("tier_min", "tier_max", "deciding_axis", "diagnosticity", "rationale",
                       "from_date"):
            keys.at[pair, column] = row[column]
        keys.at[pair, "changed"] = True
        keys.at[pair, "change_sources"] = list(row["sources"])
    return keys


def load_exercises(folder: Path | None = None, bib: Path | None = None) -> dict[str, dict]:
    """Load ``seeds/exercises.yml`` and check every exercise against the claims and keys.

    Returns a dict from exercise id to its definition: ``title``, ``kind`` (``sorter`` or
    ``grader``), ``case``, ``question`` (its id), ``question_text``, ``as_of``, ``prompt``,
    ``claims``, and for a sorter of a series ``series`` (its id), ``series_dates`` and
    ``next_as_of`` (the series' next date, or None).  Every claim must have a key for the
    exercise's question, belong to its case (unless ``mixes_cases`` is true) and be public on or
    before ``as_of``.  A series expands into one sorter per date, with the id
    ``<series id>-<date>``, holding the series' claims public by that date.
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

    def check(ex, line, listed, as_of, mixes_cases=False):
        def problem(field, message):
            problems.append(Problem(name, line, ex.id, field, message))

        if ex.id in result:
            problem("id", "duplicate exercise id")
        if ex.question not in questions:
            problem("question", f"question '{ex.question}' is not in the questions list")
        for claim_id in listed:
            if claim_id not in claims.index:
                problem("claims", f"claim id '{claim_id}' is not in seeds/claims.csv")
                continue
            public = claims.at[claim_id, "public_date"]
            if public > pd.Timestamp(as_of):
                problem("claims", f"claim '{claim_id}' became public on {public.date()}, after "
                                  f"the exercise's date {as_of}")
            if ex.question in questions and (claim_id, ex.question) not in keys.index:
                written = sorted(keys.loc[keys["claim"] == claim_id, "question"])
                problem("claims", f"claim '{claim_id}' has no key for question '{ex.question}' "
                                  "in seeds/keys.csv"
                        + (f" (its keys answer: {', '.join(written)})" if written else ""))
            if not mixes_cases and claims.at[claim_id, "case"] != ex.case:
                problem("claims", f"claim '{claim_id}' belongs to case "
                                  f"'{claims.at[claim_id, 'case']}', not '{ex.case}' "
                                  "(set mixes_cases: true if that is meant)")
        if len(set(listed)) != len(listed):
            problem("claims", "a claim id is listed twice")

    for i, ex in enumerate(spec.exercises):
        check(ex, getattr(raw["exercises"][i], "line", None), ex.claims, ex.as_of, ex.mixes_cases)
        result[ex.id] = {**ex.model_dump(), "question_text": questions.get(ex.question, ""),
                         "series": None, "series_dates": [], "next_as_of": None}
    for i, series in enumerate(spec.series):
        line = getattr(raw["series"][i], "line", None)
        dates = list(series.dates)
        if dates != sorted(set(dates)):
            problems.append(Problem(name, line, series.id, "dates",
                                    "dates must be distinct and in order, earliest first"))
        check(series, line, series.claims, dates[-1])
        known = [c for c in series.claims if c in claims.index]
        for j, day in enumerate(dates):
            shown = [c for c in known if claims.at[c, "public_date"] <= pd.Timestamp(day)]
            ex_id = f"{series.id}-{day}"
            if ex_id in result:
                problems.append(Problem(name, line, ex_id, "id", "duplicate exercise id"))
            if not shown:
                problems.append(Problem(name, line, series.id, "dates",
                                        f"no claim of the series is public by {day}"))
            when = date.fromisoformat(day)
            result[ex_id] = {
                "id": ex_id, "title": f"{series.title}: the record on "
                                      f"{when.day} {_MONTHS[when.month - 1]} {when.year}",
                "kind": "sorter", "case": series.case, "question": series.question,
                "mixes_cases": False, "as_of": day, "prompt": series.prompt, "claims": shown,
                "question_text": questions.get(series.question, ""), "series": series.id,
                "series_dates": dates, "next_as_of": dates[j + 1] if j + 1 < len(dates) else None,
            }
    if problems:
        raise SeedError(problems)
    return result


def quiz_bank_version(folder: Path | None = None) -> str:
    """A short fingerprint of ``seeds/quizzes.yml``, so saved quiz answers can tell it changed."""
    path = (Path(folder) if folder else seeds_dir()) / "quizzes.yml"
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


HINDSIGHT_OPTIONS = (
    ("at-the-time", "Evidence that was already public by {as_of}"),
    ("later", "Evidence that came out after {as_of}"),
    ("unsettled", "Nothing yet: the public record has left it unresolved"),
)


def hindsight_answer(claim: pd.Series, as_of) -> str:
    """Where a claim's later status came from, seen from ``as_of``: ``at-the-time`` (the
    evidence behind it was public by then), ``later`` or ``unsettled`` (still unresolved)."""
    if claim["later_status"] == "unresolved":
        return "unsettled"
    return "at-the-time" if claim["settled_on"] <= pd.Timestamp(as_of) else "later"


def hindsight_questions(quiz, claims: pd.DataFrame, line, name) -> tuple[list, list]:
    """The questions of a ``hindsight`` quiz, written from the claim bank: for each claim,
    did its later status come from evidence public by the quiz's date, from later evidence, or
    has the record not settled it?  Returns ``(questions, problems)``."""
    problems, questions = [], []
    when = pd.Timestamp(quiz.as_of)
    as_of = date_label(when, "day")
    for claim_id in quiz.claims:
        where = f"{quiz.id}/{claim_id}"
        if claim_id not in claims.index:
            problems.append(Problem(name, line, where, "claims",
                                    f"claim id '{claim_id}' is not in seeds/claims.csv"))
            continue
        row = claims.loc[claim_id]
        if row["public_date"] > when:
            problems.append(Problem(name, line, where, "claims", (
                f"claim '{claim_id}' became public on {row['public_date'].date()}, after the "
                f"quiz's date {quiz.as_of}")))
            continue
        answer = hindsight_answer(row, when)
        status = row["later_status"]
        if answer == "unsettled":
            basis = "The later record left it unresolved."
        else:
            settled = date_label(row["settled_on"], "day")
            side = "by" if answer == "at-the-time" else "after"
            basis = (f"Its later status is {status}, on evidence that became public on "
                     f"{settled}, {side} {as_of}.")
        options = []
        for option_id, text in HINDSIGHT_OPTIONS:
            right = option_id == answer
            options.append({
                "id": "abc"[len(options)], "text": text.format(as_of=as_of),
                "feedback": f"{'Right' if right else 'Not this one'}. {basis} {row['later_note']}",
                "correct": right,
            })
        questions.append({
            "id": claim_id,
            "prompt": (f"{row['speaker']}, {date_label(row['date'], row['date_precision'])}: "
                       f"{row['claim']} Seen from {as_of}, what gave this claim the status the "
                       "later record gives it?"),
            "sources": list(row["sources"]),
            "answer": "abc"[[o["correct"] for o in options].index(True)],
            "options": [{k: v for k, v in o.items() if k != "correct"} for o in options],
        })
    if len(set(quiz.claims)) != len(quiz.claims):
        problems.append(Problem(name, line, quiz.id, "claims", "a claim id is listed twice"))
    return questions, problems


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
    cache: list[pd.DataFrame] = []

    def claims_of() -> pd.DataFrame:
        if not cache:
            cache.append(load_claims(folder, bib))
        return cache[0]

    for qi, quiz in enumerate(spec.quizzes):
        if quiz.id in result:
            problems.append(Problem(name, raw["quizzes"][qi].line, quiz.id, "id",
                                    "duplicate quiz id"))
        if quiz.kind == "hindsight":
            made = hindsight_questions(quiz, claims_of(), raw["quizzes"][qi].line, name)
            problems += made[1]
            result[quiz.id] = {"title": quiz.title, "questions": made[0]}
            continue
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
    keys = keys_as_of(spec["as_of"], folder).xs(spec["question"], level=1)
    key_cols = ["tier_min", "tier_max", "deciding_axis", "diagnosticity", "rationale",
                "from_date", "changed"]
    selected = claims.join(keys[key_cols])
    selected.attrs.update(question=spec["question"], question_text=spec["question_text"],
                          as_of=spec["as_of"], series=spec["series"],
                          next_as_of=spec["next_as_of"], bank_version=exercise_version(selected))
    return selected


def next_changes(exercise_id: str, folder: Path | None = None) -> pd.DataFrame:
    """For a sorter of a series: the claims whose key changes by the series' next date.

    Returns
    -------
    pandas.DataFrame
        One row per claim of this exercise whose key is different on ``next_as_of``, indexed by
        claim id, with the new ``tier_min``, ``tier_max``, ``deciding_axis``, ``rationale``,
        ``from_date`` and ``change_sources``.  ``attrs`` carries ``next_as_of`` and
        ``new_claims``, the series' claims that become public by then.  Empty (with
        ``next_as_of`` None) for the last date of a series and for any other exercise.
    """
    spec = load_exercises(folder)[exercise_id]
    columns = ["tier_min", "tier_max", "deciding_axis", "rationale", "from_date",
               "change_sources"]
    nxt = spec["next_as_of"]
    if nxt is None:
        frame = pd.DataFrame(columns=columns)
        frame.attrs.update(next_as_of=None, new_claims=[])
        return frame
    now = keys_as_of(spec["as_of"], folder).xs(spec["question"], level=1)
    later = keys_as_of(nxt, folder).xs(spec["question"], level=1)
    moved = [c for c in spec["claims"]
             if (now.at[c, "tier_min"], now.at[c, "tier_max"], now.at[c, "deciding_axis"])
             != (later.at[c, "tier_min"], later.at[c, "tier_max"], later.at[c, "deciding_axis"])]
    frame = later.loc[moved, columns].copy()
    frame.attrs = {}
    following = load_exercises(folder)[f"{spec['series']}-{nxt}"]
    frame.attrs.update(next_as_of=nxt,
                       new_claims=[c for c in following["claims"] if c not in spec["claims"]])
    return frame


def exercise_version(selected: pd.DataFrame) -> str:
    """A short fingerprint of an exercise's claim texts and keys, in order."""
    parts = [f"{cid}|{row['claim']}|{row['tier_min']}|{row['tier_max']}|{row['deciding_axis']}"
             for cid, row in selected.iterrows()]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:12]
