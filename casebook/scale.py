"""The strength scale's words, read once from ``seeds/scale.yml``.

Tier names, help text, verdicts, band wording and the evidence axes live in that file and only
there: Python reads them here, the widgets receive them in their state (``widget_scale``), and
the data dictionary points to the file.  The file is checked with pydantic, so a missing tier,
an unknown axis or a misspelt key fails with the file and the YAML path named.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .paths import seeds_dir

AXIS_IDS = ("public_evidence", "source_reliability", "info_credibility", "q_layer",
            "spoofability", "independence", "stake", "diagnosticity")
GRADED_AXES = ("source_reliability", "info_credibility", "q_layer", "spoofability",
               "public_evidence", "diagnosticity")
AXIS_VALUES = {
    "source_reliability": ("A", "B", "C", "D", "E", "F"),
    "info_credibility": ("1", "2", "3", "4", "5", "6"),
    "q_layer": ("tactical", "operational", "strategic", "communication"),
    "spoofability": ("low", "medium", "high"),
    "public_evidence": ("yes", "partly", "no"),
    "diagnosticity": ("high", "medium", "low", "none"),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _clean(value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected a non-empty text")
    return " ".join(value.split())


class Tier(_Strict):
    tier: Literal[1, 2, 3, 4]
    name: str
    help: str

    _clean = field_validator("name", "help")(classmethod(lambda cls, v: _clean(v)))


class Band(_Strict):
    one: str
    two: str
    two_note: str
    key_prefix: str


class Axis(_Strict):
    id: Literal[AXIS_IDS]  # type: ignore[valid-type]
    label: str
    question: str
    values: dict[str, str] | None = None

    _clean = field_validator("label", "question")(classmethod(lambda cls, v: _clean(v)))

    @field_validator("values")
    @classmethod
    def _known_values(cls, values, info):
        axis = info.data.get("id")
        if values is not None and axis in AXIS_VALUES and list(values) != list(AXIS_VALUES[axis]):
            raise ValueError(f"expected the values {', '.join(AXIS_VALUES[axis])}, in that order")
        return values


class Verdicts(_Strict):
    in_band: str = Field(alias="in-band")
    too_high: str = Field(alias="too-high")
    too_low: str = Field(alias="too-low")
    unplaced: str
    axis_right: str = Field(alias="axis-right")
    axis_wrong: str = Field(alias="axis-wrong")
    axis_unpicked: str = Field(alias="axis-unpicked")


class ImpliedTier(_Strict):
    public_evidence: dict[Literal["yes", "partly", "no"], Literal[1, 2, 3, 4]]
    source_reliability: dict[Literal["A", "B", "C", "D", "E", "F"], Literal[1, 2, 3, 4]]
    info_credibility: dict[Literal["1", "2", "3", "4", "5", "6"], Literal[1, 2, 3, 4]]
    spoofability: dict[Literal["low", "medium", "high"], Literal[1, 2, 3, 4]]
    diagnosticity: dict[Literal["high", "medium", "low", "none"], Literal[1, 2, 3, 4]]

    @field_validator("*")
    @classmethod
    def _complete(cls, value, info):
        missing = [v for v in AXIS_VALUES[info.field_name] if v not in value]
        if missing:
            raise ValueError(f"no cap for {', '.join(missing)}")
        return value


class Scale(_Strict):
    meaning: str
    tiers: list[Tier]
    band: Band
    verdicts: Verdicts
    scoring: str
    axes: list[Axis]
    implied_tier: ImpliedTier

    @field_validator("tiers")
    @classmethod
    def _four_tiers(cls, tiers):
        if sorted(t.tier for t in tiers) != [1, 2, 3, 4]:
            raise ValueError("expected exactly one entry for each tier 1, 2, 3 and 4")
        return tiers

    @field_validator("axes")
    @classmethod
    def _every_axis(cls, axes):
        ids = [a.id for a in axes]
        if sorted(ids) != sorted(AXIS_IDS):
            raise ValueError("expected exactly one entry for each axis: " + ", ".join(AXIS_IDS))
        unlabelled = [a.id for a in axes if a.id in GRADED_AXES and not a.values]
        if unlabelled:
            raise ValueError("graded axes need their values labelled: " + ", ".join(unlabelled))
        return axes

    # Derived views -------------------------------------------------------------------------

    @property
    def tier_names(self) -> dict[int, str]:
        return {t.tier: t.name for t in sorted(self.tiers, key=lambda t: -t.tier)}

    @property
    def tier_help(self) -> dict[int, str]:
        return {t.tier: t.help for t in sorted(self.tiers, key=lambda t: -t.tier)}

    @property
    def axis_labels(self) -> dict[str, str]:
        return {a.id: a.label for a in self.axes}

    def band_text(self, lo: int, hi: int) -> str:
        """``tier 3, Moderate`` or ``tier 2 or 3, Weak to Moderate``, from the file's wording."""
        names = self.tier_names
        template = self.band.one if lo == hi else self.band.two
        return template.format(lo=lo, hi=hi, lo_name=names[lo], hi_name=names[hi])


def load_scale(folder: Path | None = None) -> Scale:
    """Load and check ``seeds/scale.yml``; raises ``SeedError`` naming the YAML path."""
    path = (Path(folder) if folder else seeds_dir()) / "scale.yml"
    return _load(str(path), path.stat().st_mtime if path.exists() else 0.0)


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> Scale:
    from .data import read_yaml_mapping
    from .yamlseeds import validate

    name, raw = read_yaml_mapping(Path(path))
    return validate(Scale, raw, name)


def widget_scale(scale: Scale | None = None) -> dict:
    """The scale as the widgets receive it in their state (plain JSON)."""
    scale = scale or load_scale()
    return {
        "meaning": scale.meaning,
        "tiers": {str(t): {"name": n, "help": scale.tier_help[t]}
                  for t, n in scale.tier_names.items()},
        "band": scale.band.model_dump(),
        "verdicts": scale.verdicts.model_dump(by_alias=True),
        "scoring": scale.scoring,
        # Value labels as [value, label] pairs: the state is serialised with sorted keys, and a
        # menu must list grades in the scale's order (low, medium, high), not alphabetically.
        "axes": [{**a.model_dump(exclude={"values"}),
                  "values": [[v, label] for v, label in (a.values or {}).items()]}
                 for a in scale.axes],
        "implied_tier": scale.implied_tier.model_dump(),
    }
