"""Tables for pages: the key of an exercise, and readable views of the claim bank and timeline."""

from __future__ import annotations

import pandas as pd

from .data import (
    date_label,
    exercise_claims,
    hindsight_answer,
    keys_as_of,
    load_claims,
    load_exercises,
    load_genealogy,
    load_keys,
    load_quizzes,
)
from .scale import AXIS_VALUES, load_scale

# The course's tables carry sentences (claims, rationales, the scale's help), which pandas
# would cut at 50 characters with "..." in a notebook and on the built pages; show them whole.
pd.set_option("display.max_colwidth", None)


def band_label(tier_min: int, tier_max: int) -> str:
    """The key's band in the scale's own words, for example ``tier 2 or 3, Weak to Moderate``."""
    return load_scale().band_text(tier_min, tier_max)


def admiralty_grade(claims: pd.DataFrame) -> pd.Series:
    """Each claim's Admiralty grade, source then item, for example ``B3``."""
    return claims["source_reliability"] + claims["info_credibility"].astype(str)


def _numbered(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.reset_index(drop=True).rename(index=lambda i: i + 1)


def key_table(exercise_id: str) -> pd.DataFrame:
    """The key of an exercise: each claim's band, deciding axis and rationale.

    Used by the folded solutions, so the static page explains the same key the widget scores
    (a test compares the two for every exercise).
    """
    claims = exercise_claims(exercise_id)
    labels = load_scale().axis_labels
    return _numbered(pd.DataFrame({
        "Claim": claims["speaker"] + ": " + claims["claim"],
        "Key": [band_label(lo, hi)
                for lo, hi in zip(claims["tier_min"], claims["tier_max"], strict=True)],
        "Deciding axis": claims["deciding_axis"].map(labels),
        "Why": claims["rationale"],
    }))


def scale_table() -> pd.DataFrame:
    """The four tiers, strongest first, with what each means (from ``seeds/scale.yml``)."""
    scale = load_scale()
    return pd.DataFrame({"Tier": list(scale.tier_names), "Name": list(scale.tier_names.values()),
                         "What it means": list(scale.tier_help.values())}).set_index("Tier")


def axes_table() -> pd.DataFrame:
    """The evidence axes and the question each asks of a claim (from ``seeds/scale.yml``)."""
    scale = load_scale()
    return _numbered(pd.DataFrame({"Axis": [a.label for a in scale.axes],
                                   "The question it asks": [a.question for a in scale.axes]}))


def caps_table() -> pd.DataFrame:
    """The grader's rule of thumb: for each axis that caps a tier, the values at each cap.

    Read from ``implied_tier`` in ``seeds/scale.yml``: one row per capped axis (in the scale's
    order, labelled as the scale labels it), one column per tier, each cell the values of that
    axis that allow at most that tier ("" where none do), so the first column holds the values
    that cap nothing.  Axes with no cap (the layer) and axes the grader does not set (the
    speaker's stake, independence) do not appear.
    """
    scale = load_scale()
    caps = scale.implied_tier.model_dump()
    labels = scale.axis_labels
    tiers = sorted(scale.tier_names, reverse=True)
    rows = {}
    for axis in (a.id for a in scale.axes if a.id in caps):
        rows[labels[axis]] = [", ".join(v for v in AXIS_VALUES[axis] if caps[axis][v] == tier)
                              for tier in tiers]
    columns = [f"Allows tier {tier}" if tier == tiers[0] else f"Caps at tier {tier}"
               for tier in tiers]
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns).rename_axis("Axis")


def question_texts() -> dict[str, str]:
    """Every stated question's text, by its id, from the questions list in ``seeds/exercises.yml``.

    ``load_exercises`` gives the text only for questions an exercise asks; a page that shows a
    claim under a question no exercise asks reads its text here instead of typing it.
    """
    from .data import read_yaml_mapping
    from .paths import seeds_dir
    from .yamlseeds import ExerciseFile, validate

    name, raw = read_yaml_mapping(seeds_dir() / "exercises.yml")
    return {q.id: q.text for q in validate(ExerciseFile, raw, name).questions}


def compare_table(claim_ids: list[str], question: str) -> pd.DataFrame:
    """Claims side by side on every axis, with their keys for one question.

    One column per claim (headed by its speaker), one row per axis, so a page can show the one
    axis on which two claims differ.
    """
    claims = load_claims().loc[claim_ids]
    keys = load_keys()
    scale = load_scale()
    labels = scale.axis_labels
    columns = {}
    speakers = claims["speaker"].tolist()
    grades = admiralty_grade(claims)
    for cid, row in claims.iterrows():
        if (cid, question) not in keys.index:
            raise KeyError(f"claim '{cid}' has no key for question '{question}' in "
                           "seeds/keys.csv")
        key = keys.loc[(cid, question)]
        label = row["speaker"]
        if speakers.count(label) > 1:  # one column per claim, even for one speaker
            label = f"{label}, {date_label(row['date'], row['date_precision'])}"
        if label in columns:
            label = cid
        columns[label] = {
            "Date": date_label(row["date"], row["date_precision"]),
            "Claim": row["claim"],
            labels["public_evidence"]: row["public_evidence"],
            "Admiralty grade": grades.at[cid],
            labels["q_layer"]: row["q_layer"],
            labels["spoofability"]: row["spoofability"],
            labels["diagnosticity"]: key["diagnosticity"],
            "Key": band_label(int(key["tier_min"]), int(key["tier_max"])),
            "Deciding axis": labels[key["deciding_axis"]],
        }
    return pd.DataFrame(columns)


def later_table(claims: pd.DataFrame) -> pd.DataFrame:
    """What the later record did to each claim: status and note."""
    return pd.DataFrame({
        "Speaker": claims["speaker"],
        "Claim": claims["claim"],
        "Later": claims["later_status"],
        "What happened": claims["later_note"],
    }).reset_index(drop=True).rename(index=lambda i: i + 1)


def profile_table(claims: pd.DataFrame) -> pd.DataFrame:
    """How each claim presents itself when it is made, before anyone checks it.

    Columns: who speaks, the claim, the kinds of evidence it offers, whether that evidence was
    public at the time, and its Admiralty grade (source reliability, then information
    credibility, for example ``C4``), so a page can show that one source earns different
    grades for different items.
    """
    return pd.DataFrame({
        "Speaker": claims["speaker"],
        "Claim": claims["claim"],
        "Evidence offered": claims["evidence_kind"].map(
            lambda kinds: ", ".join(k.replace("-", " ") for k in kinds)),
        "Public evidence": claims["public_evidence"],
        "Grade": admiralty_grade(claims),
    }).reset_index(drop=True).rename(index=lambda i: i + 1)


def span_label(start: pd.Timestamp, end, precision: str) -> str:
    """An event's date as a reader sees it: ``19-22 December 2014``, ``about 17 July 2014``,
    ``September 2014``; honest about precision, and about spans that have an end date."""
    if end is None or pd.isna(end) or end == start:
        return date_label(start, precision)
    if precision == "month":
        return f"{date_label(start, 'month')} to {date_label(end, 'month')}"
    prefix = "about " if precision == "approx" else ""
    last = date_label(end, "day")
    if (start.year, start.month) == (end.year, end.month):
        return f"{prefix}{start.day}-{last}"
    if start.year == end.year:
        month = date_label(start, "month").rsplit(" ", 1)[0]
        return f"{prefix}{start.day} {month} to {last}"
    return f"{date_label(start, precision)} to {last}"


def timeline_table(events: pd.DataFrame, *, disagreement: bool = True) -> pd.DataFrame:
    """Rows of ``load_timeline()`` as a reader's table: date, who, what, how well sourced.

    Parameters
    ----------
    events : DataFrame
        Rows of ``load_timeline()``, already filtered to the window to show, in date order.
    disagreement : bool
        Add the column saying where sources differ on a date, a time, a count or wording
        (empty where they agree).
    """
    table = pd.DataFrame({
        "Date": [span_label(d, e, p) for d, e, p in
                 zip(events["date"], events["date_end"], events["date_precision"], strict=True)],
        "Who": events["actor"],
        "What happened": events["event"],
        "Sourcing": events["confidence"],
    })
    if disagreement:
        table["Where sources differ"] = events["disagreement"]
    return table.reset_index(drop=True).rename(index=lambda i: i + 1)


def quiz_answer_table(quiz_id: str) -> pd.DataFrame:
    """The answers to a recall quiz, with the feedback that explains each right answer.

    Used by folded solutions, so the static page teaches the same answers as the widget.
    """
    quizzes = load_quizzes()
    if quiz_id not in quizzes:
        raise KeyError(f"unknown quiz '{quiz_id}'; known quizzes: {', '.join(sorted(quizzes))}")
    rows = []
    for question in quizzes[quiz_id]["questions"]:
        right = next(o for o in question["options"] if o["id"] == question["answer"])
        rows.append({"Question": question["prompt"], "Answer": right["text"],
                     "Why": right["feedback"]})
    return pd.DataFrame(rows).rename(index=lambda i: i + 1)


def quiz_question_table(quiz_id: str) -> pd.DataFrame:
    """The questions of a quiz with their options in YAML order, for a page's static version."""
    quizzes = load_quizzes()
    if quiz_id not in quizzes:
        raise KeyError(f"unknown quiz '{quiz_id}'; known quizzes: {', '.join(sorted(quizzes))}")
    rows = [{"Question": q["prompt"],
             "Options": " / ".join(f"({o['id']}) {o['text']}" for o in q["options"])}
            for q in quizzes[quiz_id]["questions"]]
    return pd.DataFrame(rows).rename(index=lambda i: i + 1)


def _band_short(lo: int, hi: int) -> str:
    return str(lo) if lo == hi else f"{lo} to {hi}"


def record_table(series_id: str) -> pd.DataFrame:
    """Each claim of a series with its key at every date of the series.

    A cell reads ``not yet public`` before the claim became public, else the key's band
    (``2`` or ``2 to 3``), marked ``(changed)`` where it differs from the date before.
    """
    sorters = {k: v for k, v in load_exercises().items() if v["series"] == series_id}
    if not sorters:
        raise KeyError(f"no series '{series_id}' in seeds/exercises.yml")
    first = next(iter(sorters.values()))
    dates, question = first["series_dates"], first["question"]
    last = sorters[f"{series_id}-{dates[-1]}"]
    claims = load_claims().loc[last["claims"]]
    table = {"Claim": claims["speaker"] + ", "
             + [date_label(d, p) for d, p in zip(claims["date"], claims["date_precision"],
                                                  strict=True)]}
    previous: dict[str, tuple[int, int]] = {}
    for day in dates:
        keys = keys_as_of(day).xs(question, level=1)
        column = []
        for cid in claims.index:
            if cid not in keys.index:
                column.append("not yet public")
                continue
            band = (int(keys.at[cid, "tier_min"]), int(keys.at[cid, "tier_max"]))
            text = _band_short(*band)
            if cid in previous and previous[cid] != band:
                text += " (changed)"
            previous[cid] = band
            column.append(text)
        when = pd.Timestamp(day)
        table[date_label(when, "day")] = column
    return _numbered(pd.DataFrame(table))


def lineage(doc_id: str, genealogy: pd.DataFrame | None = None) -> list[str]:
    """Every earlier document that ``doc_id`` rests on, directly or through others, in date
    order (from ``seeds/genealogy.csv``)."""
    genealogy = load_genealogy() if genealogy is None else genealogy
    if doc_id not in genealogy.index:
        raise KeyError(f"document '{doc_id}' is not in seeds/genealogy.csv")
    seen: set[str] = set()
    todo = list(genealogy.at[doc_id, "rests_on"])
    while todo:
        parent = todo.pop()
        if parent not in seen:
            seen.add(parent)
            todo.extend(genealogy.at[parent, "rests_on"])
    return [d for d in genealogy.index if d in seen]


def genealogy_table() -> pd.DataFrame:
    """The official case's documents in date order: what each is, which earlier documents it
    rests on, which indicator families its public grounds speak to, and whether it showed
    evidence an outsider could check."""
    genealogy = load_genealogy()
    name = dict(zip(genealogy["id"], genealogy["issuer"] + ", "
                    + genealogy["date"].map(lambda d: date_label(d, "day")), strict=True))
    return _numbered(pd.DataFrame({
        "Date": genealogy["date"].map(lambda d: date_label(d, "day")),
        "Document": genealogy["document"],
        "Issuer": genealogy["issuer"],
        "Rests on": genealogy["rests_on"].map(
            lambda ids: "; ".join(name[i] for i in ids) if ids else "none in this table"),
        "Indicator families": genealogy["families"].map(lambda f: ", ".join(
            x.replace("-", " ") for x in f)),
        "Evidence shown": genealogy["shown"],
    }))


STRONG_ENOUGH = 3  # a claim whose key reaches "Moderate" counts as public evidence of weight


def critique_table(pairs: list[tuple[str, str]],
                   question: str = "who-attacked-sony") -> pd.DataFrame:
    """Each skeptic's critique of the public case beside the conclusion drawn from it, kept apart.

    Parameters
    ----------
    pairs : list of (critique id, conclusion id)
        The claim that judged the public evidence, and the claim that said who did it (or did
        not); the bank keys them as two rows because the later record treated them apart.
    question : str
        The question whose keys (in force on the critique's public day) decide which claims
        count as public evidence of weight.

    Returns
    -------
    pandas.DataFrame
        One row per pair, numbered from 1: the skeptic, the critique's date, what it said, the
        public evidence of weight that day (every other claim public by then with public
        evidence ``yes`` or ``partly`` and a key reaching tier 3 or 4, oldest first, or
        ``none``), whether the critique was right about that evidence (its later status and
        note), the conclusion drawn, and how the conclusion fared (its later status, the month
        its evidence became public, and its note).
    """
    claims = load_claims()
    rows = []
    for critique_id, conclusion_id in pairs:
        critique, conclusion = claims.loc[critique_id], claims.loc[conclusion_id]
        day = critique["public_date"]
        keys = keys_as_of(day).xs(question, level=1)
        weighty = claims.loc[[c for c in keys.index if c not in (critique_id, conclusion_id)]]
        weighty = weighty[weighty["public_evidence"].isin(["yes", "partly"])
                          & (keys.loc[weighty.index, "tier_max"] >= STRONG_ENOUGH)]
        weighty = weighty.sort_values(["public_date", "id"])
        public = "; ".join(f"{r['speaker']} ({date_label(r['date'], r['date_precision'])})"
                           for _, r in weighty.iterrows()) or "none"
        settled = conclusion["settled_on"]
        when = "" if pd.isna(settled) else f" ({date_label(settled, 'month')})"
        rows.append({
            "Skeptic": critique["speaker"],
            "Date": date_label(critique["date"], critique["date_precision"]),
            "What the critique said": critique["claim"],
            "Public evidence of weight that day": public,
            "Right about that evidence?": f"{critique['later_status']}: {critique['later_note']}",
            "The conclusion drawn": conclusion["claim"],
            "How the conclusion fared": f"{conclusion['later_status']}{when}: "
                                        f"{conclusion['later_note']}",
        })
    return _numbered(pd.DataFrame(rows))


HINDSIGHT_LABELS = {"at-the-time": "public by then", "later": "came out later",
                    "unsettled": "not settled"}


def hindsight_table(claim_ids: list[str], as_of, question: str | None = None) -> pd.DataFrame:
    """Each claim's two columns, kept apart: how it stood, and what the later record did.

    One row per claim, in the order given, numbered from 1.  Columns: ``Claim`` (speaker:
    claim), ``Made`` (the day it was made), ``Key on <as_of>`` (its band under ``question`` in
    the keys in force on ``as_of``, from ``keys_as_of``; left out when ``question`` is None),
    ``Later status``, ``Settled on`` (the day the evidence behind the later status became
    public, or ``not settled``) and ``Seen from <as_of>`` (``public by then``, ``came out
    later`` or ``not settled``, from ``casebook.data.hindsight_answer``).
    """
    claims = load_claims().loc[claim_ids]
    when = pd.Timestamp(as_of)
    seen = f"Seen from {date_label(when, 'day')}"
    table = pd.DataFrame({
        "Claim": claims["speaker"] + ": " + claims["claim"],
        "Made": [date_label(d, p) for d, p in
                 zip(claims["date"], claims["date_precision"], strict=True)],
    })
    if question is not None:
        keys = keys_as_of(when)
        missing = [c for c in claim_ids if (c, question) not in keys.index]
        if missing:
            raise KeyError(f"no key in force on {when.date()} for question '{question}' for: "
                           + ", ".join(missing))
        table[f"Key on {date_label(when, 'day')}"] = [
            band_label(int(keys.at[(c, question), "tier_min"]),
                       int(keys.at[(c, question), "tier_max"])) for c in claim_ids]
    table["Later status"] = claims["later_status"].to_numpy()
    table["Settled on"] = ["not settled" if pd.isna(d) else date_label(d, "day")
                           for d in claims["settled_on"]]
    table[seen] = [HINDSIGHT_LABELS[hindsight_answer(row, when)]
                   for _, row in claims.iterrows()]
    return _numbered(table)


def likelihood_table() -> pd.DataFrame:
    """ICD 203's seven likelihood terms, least likely first, with their other wordings and the
    range of probability each stands for (from ``seeds/estimative.yml``)."""
    from .estimative import load_estimative

    terms = load_estimative()["likelihood"]
    return _numbered(pd.DataFrame({
        "Term": terms["label"],
        "Also written": terms["synonyms"].map(lambda s: ", ".join(s) if s else ""),
        "Range": [f"{lo} to {hi} %" for lo, hi in zip(terms["low"], terms["high"], strict=True)],
    }))


def assessment_markdown(example_id: str, level: int = 3) -> str:
    """One of the course's example assessments (``seeds/assessments.yml``) as Markdown, its
    title at heading ``level`` so it sits inside a page's own sections."""
    from .assessment import load_assessments, to_markdown
    from .estimative import load_estimative

    forms = load_assessments()
    if example_id not in forms["examples"]:
        raise KeyError(f"unknown example assessment '{example_id}'; known: "
                       f"{', '.join(sorted(forms['examples']))}")
    example = forms["examples"][example_id]
    labels = {f["id"]: f["label"] for f in forms["fields"]}
    words = {tid: row["label"] for tid, row in load_estimative()["likelihood"].iterrows()}
    return to_markdown(example, labels, words, example["title"], level=level)


def hedge_table(chain: str) -> pd.DataFrame:
    """One careful statement followed through its retellings (``seeds/hedges.csv``): each
    step's outlet, date and wording, the qualifiers it kept, and those it dropped or added
    compared with the first step."""
    from .data import load_hedges

    hedges = load_hedges()
    rows = hedges[hedges["chain"] == chain]
    if rows.empty:
        raise KeyError(f"no chain '{chain}' in seeds/hedges.csv")
    first = list(rows.iloc[0]["qualifiers"])
    return _numbered(pd.DataFrame({
        "Date": rows["date"].map(lambda d: date_label(d, "day")),
        "Who": rows["outlet"] + " (" + rows["speaker"] + ")",
        "How it put it": rows["wording"],
        "Qualifiers kept": rows["qualifiers"].map(lambda q: "; ".join(q) or "none"),
        "Dropped since the first": rows["qualifiers"].map(
            lambda q: "; ".join(x for x in first if x not in q) or "none"),
        "Added": rows["qualifiers"].map(lambda q: "; ".join(x for x in q if x not in first)
                                        or "none"),
    }))


def ach_table(matrix_id: str) -> pd.DataFrame:
    """The key of an ACH matrix (``seeds/ach.yml``): one row per piece of evidence, one column
    per hypothesis holding the key's rating, whether the evidence could have been planted, and
    a last row with each hypothesis's inconsistency score (``I`` counts 1, ``II`` counts 2)."""
    from .ach import inconsistency, leaders, load_ach, matrix_parts

    spec = load_ach()
    if matrix_id not in spec["matrices"]:
        raise KeyError(f"unknown ACH matrix '{matrix_id}'; known: "
                       f"{', '.join(sorted(spec['matrices']))}")
    m = spec["matrices"][matrix_id]
    hyps, key, weights, _ = matrix_parts(m, spec["ratings"])
    labels = {h["id"]: h["label"] for h in m["hypotheses"]}
    rows = [{"Evidence": f"{row['speaker']}, {row['date_label']}",
             **{labels[h]: row["key"][h] for h in hyps},
             "Could be planted": "yes" if row["spoofable"] else "no"}
            for row in m["evidence"]]
    scores = inconsistency(key, hyps, weights)
    lead = leaders(scores, hyps)
    rows.append({"Evidence": "Inconsistency score (least leads)",
                 **{labels[h]: f"{scores[h]}{' (leads)' if h in lead else ''}" for h in hyps},
                 "Could be planted": ""})
    return pd.DataFrame(rows).rename(index=lambda i: i + 1)
