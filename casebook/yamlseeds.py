"""Read the YAML seed files strictly: duplicate keys are errors, every mapping keeps the line it
starts on, dates stay text (so ``2014-02-30`` is reported, not a crash), and pydantic models
refuse unknown keys and wrong types, each problem naming the file, the line, the entry and the
field."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictStr,
    ValidationError,
    model_validator,
)

# The course's text and id rules, shared by the CSV validation in casebook.data.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"), None)
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
BIB_KEY_RE = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


def visible(value: str) -> str:
    """``value`` without zero-width and other invisible characters, stripped."""
    return value.translate(INVISIBLE).strip()


class LineDict(dict):
    """A mapping read from YAML that remembers the line it starts on (1-based)."""

    line: int | None = None


class _Loader(yaml.SafeLoader):
    pass


# Timestamps stay strings: a date is validated as text, with a message, not parsed by PyYAML
# (which raises a bare ValueError on 2014-02-30).
_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _mapping(loader, node, deep=False):
    seen: dict = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a key that is not a plain value", key_node.start_mark) from None
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first on line {seen[key] + 1})",
                key_node.start_mark)
        seen[key] = key_node.start_mark.line
    result = LineDict(loader.construct_mapping(node, deep=True))
    result.line = node.start_mark.line + 1
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def parse_yaml(text: str):
    """Parse YAML text with the strict loader; raises ``yaml.YAMLError``."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


# --------------------------------------------------------------------------- field types

def _text(value: str) -> str:
    if not visible(value):
        raise ValueError("expected a non-empty text (invisible characters do not count)")
    return " ".join(value.split())


def _slug(value: str) -> str:
    if not SLUG_RE.fullmatch(value):
        raise ValueError("expected a slug of lowercase letters, digits and hyphens")
    return value


def _bib_key(value: str) -> str:
    if not BIB_KEY_RE.fullmatch(value):
        raise ValueError("expected a bibliography key")
    return value


def _iso_date(value: str) -> str:
    from datetime import date

    try:
        if date.fromisoformat(value).isoformat() == value:
            return value
    except ValueError:
        pass
    raise ValueError("expected a real date written YYYY-MM-DD")


Text = Annotated[StrictStr, AfterValidator(_text)]
Slug = Annotated[StrictStr, AfterValidator(_slug)]
IsoDate = Annotated[StrictStr, AfterValidator(_iso_date)]
BibKey = Annotated[StrictStr, AfterValidator(_bib_key)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Question(_Strict):
    id: Slug
    text: Text


class Exercise(_Strict):
    id: Slug
    title: Text
    kind: Literal["sorter", "grader"] = "sorter"
    case: Literal["sony", "outage", "context"]
    question: Slug
    mixes_cases: StrictBool = False
    as_of: IsoDate
    prompt: Text
    claims: list[Slug] = Field(min_length=1)


class Series(_Strict):
    """One claim list sorted at several dates: one sorter per date, each showing the claims
    public by then and scoring against the keys in force that day."""

    id: Slug
    title: Text
    case: Literal["sony", "outage", "context"]
    question: Slug
    dates: list[IsoDate] = Field(min_length=2)
    prompt: Text
    claims: list[Slug] = Field(min_length=1)


class ExerciseFile(_Strict):
    questions: list[Question] = Field(min_length=1)
    exercises: list[Exercise] = Field(min_length=1)
    series: list[Series] = []


class Option(_Strict):
    text: Text
    correct: StrictBool = False
    feedback: Text


class QuizQuestion(_Strict):
    id: Slug
    prompt: Text
    sources: list[BibKey] = Field(min_length=1)
    options: list[Option] = Field(min_length=2, max_length=6)


class Quiz(_Strict):
    id: Slug
    title: Text
    kind: Literal["recall", "hindsight"] = "recall"
    questions: list[QuizQuestion] = []
    as_of: IsoDate | None = None
    claims: list[Slug] = []

    @model_validator(mode="after")
    def _fields_of_its_kind(self):
        if self.kind == "recall":
            if not self.questions:
                raise ValueError("a recall quiz needs its questions")
            if self.as_of is not None or self.claims:
                raise ValueError("as_of and claims belong to a hindsight quiz, not a recall quiz")
        else:
            if self.questions:
                raise ValueError("a hindsight quiz writes its questions from the claim bank; "
                                 "list claims, not questions")
            if self.as_of is None or len(self.claims) < 3:
                raise ValueError("a hindsight quiz needs as_of and at least three claims")
        return self


class QuizFile(_Strict):
    quizzes: list[Quiz] = Field(min_length=1)


# --------------------------------------------------------------------------- errors

def _locate(raw, loc) -> tuple[int | None, str | None, int]:
    """The line and id of the innermost entry on ``loc``, and where its own fields begin."""
    node, line, entry, start = raw, getattr(raw, "line", None), None, 0
    for depth, part in enumerate(loc):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, LineDict):
            line = node.line or line
            if isinstance(node.get("id"), str):
                entry = node["id"] if entry is None else f"{entry}/{node['id']}"
                start = depth + 1
    return line, entry, start


def _path(parts) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts).lstrip(".")


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def validation_problems(err: ValidationError, raw, name: str) -> list:
    """One ``Problem`` per pydantic error: the file, the line and id of the entry, the field's
    path inside that entry, and what was expected."""
    from .data import Problem

    problems = []
    for e in err.errors():
        loc = e["loc"]
        line, entry, start = _locate(raw, loc)
        field = _path(loc[start:]) or _path(loc) or None
        message = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            message = "unknown key"
        elif e["type"] == "missing":
            message = "required field is missing"
        else:
            message = f"{message}, got {_short(e.get('input'))}"
        problems.append(Problem(name, line, entry, field, message))
    return problems


def read_yaml_file(path: Path, name: str):
    """Parse a seed YAML file; return the raw data or raise ``SeedError`` with the line."""
    from .data import Problem, SeedError

    if not path.exists():
        raise SeedError([Problem(name, None, None, None, "file not found")])
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError) as exc:
        raise SeedError([Problem(name, None, None, None, f"cannot be read as UTF-8 ({exc})")]) \
            from None
    try:
        raw = parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise SeedError([Problem(name, line, None, None, f"is not valid YAML ({reason})")]) \
            from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise SeedError([Problem(name, None, None, None, f"is not valid YAML ({exc})")]) \
            from None
    if not isinstance(raw, dict):
        raise SeedError([Problem(name, None, None, None, "expected a mapping at the top level")])
    return raw


def validate(model: type[BaseModel], raw, name: str):
    """Validate raw YAML data against ``model``; raise ``SeedError`` listing every problem."""
    from .data import SeedError

    try:
        return model.model_validate(raw)
    except ValidationError as err:
        raise SeedError(validation_problems(err, raw, name)) from None
