"""The record as it grew: when a claim became public, keys that change by date, series of
sorters, the genealogy of the official case and the hindsight quiz, each checked like the rest
of the seeds, with malformed input named by file, line, row and field."""

from __future__ import annotations

import pytest

from casebook.data import (
    SeedError,
    exercise_claims,
    keys_as_of,
    load_claims,
    load_exercises,
    load_genealogy,
    load_key_changes,
    load_quizzes,
    next_changes,
)

from .conftest import (
    CLAIM_HEADER,
    GENEALOGY_HEADER,
    KEY_CHANGE_HEADER,
    claim_row,
    genealogy_row,
    key_change_row,
    write_csv,
)


def problems_of(call, *args) -> list[str]:
    with pytest.raises(SeedError) as info:
        call(*args)
    return [str(p) for p in info.value.problems]


# ----------------------------------------------------------------- when a claim became public

@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"public_date": "2014-12-18"},
         "field 'public_date': public_date 2014-12-18 is before the claim's date 2014-12-19"),
        ({"public_date": "2014-12-21"},
         "field 'public_note': a claim made public after it was made (2014-12-19 -> 2014-12-21) "
         "needs a public_note"),
        ({"public_note": "Reported two days later."},
         "field 'public_note': public_note is only for a claim made public after its date"),
        ({"public_date": "21 Dec"}, "field 'public_date': expected an ISO date"),
        ({"settled_on": ""},
         "field 'settled_on': a claim whose later_status is 'supported' needs settled_on"),
        ({"later_status": "unresolved"},
         "field 'settled_on': an unresolved claim has no settled_on date"),
        ({"settled_on": "2018-13-01"}, "field 'settled_on': expected an ISO date"),
    ],
)
def test_public_and_settled_dates_are_checked(seeds, changes, expected):
    folder, bib = seeds
    write_csv(folder / "claims.csv", CLAIM_HEADER, [claim_row(**changes)])
    messages = problems_of(load_claims, folder, bib)
    assert len(messages) == 1, messages
    assert messages[0].startswith("seeds/claims.csv, line 2, id 'sony-fbi-2014-12-19', ")
    assert expected in messages[0]


def test_a_claim_public_later_loads_with_its_note(seeds):
    folder, bib = seeds
    write_csv(folder / "claims.csv", CLAIM_HEADER, [claim_row(
        date="2014-11-21", public_date="2014-12-08", public_note="Leaked emails, reported.")])
    claims = load_claims(folder, bib)
    row = claims.loc["sony-fbi-2014-12-19"]
    assert str(row["public_date"].date()) == "2014-12-08"
    assert str(row["settled_on"].date()) == "2018-09-06"


# ----------------------------------------------------------------------------- key changes

def broken_changes(seeds, rows, header=KEY_CHANGE_HEADER) -> list[str]:
    folder, bib = seeds
    write_csv(folder / "key_changes.csv", header, rows)
    return problems_of(load_key_changes, folder, bib)


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"tier_min": "4", "tier_max": "2"}, "tier_min", "tier_min 4 is above tier_max 2"),
        ({"tier_min": "1", "tier_max": "3"}, "tier_max", "band 1-3 is wider than two tiers"),
        ({"from_date": "2014-12-19"}, "from_date",
         "from_date 2014-12-19 is not after the day the claim became public (2014-12-19)"),
        ({"from_date": "2015-02-30"}, "from_date", "expected an ISO date"),
        ({"question": "who-else"}, "question",
         "a key can change only where seeds/keys.csv has a first key"),
        ({"sources": "nowhere-2015"}, "sources",
         "source key 'nowhere-2015' is not in book/references.bib"),
        ({"deciding_axis": "vibes"}, "deciding_axis", "expected one of"),
        ({"rationale": ""}, "rationale", "expected a non-empty text"),
        ({"tier_min": "2", "tier_max": "3"}, "tier_min", "repeats the key already in force"),
    ],
)
def test_bad_key_change_names_file_line_row_field(seeds, changes, field, expected):
    messages = broken_changes(seeds, [key_change_row(**changes)])
    assert len(messages) == 1, messages
    assert messages[0].startswith("seeds/key_changes.csv, line 2, id 'sony-fbi-2014-12-19")
    assert f"field '{field}': " in messages[0]
    assert expected in messages[0]


def test_two_changes_on_one_day_are_refused(seeds):
    messages = broken_changes(seeds, [key_change_row(), key_change_row(tier_min="4",
                                                                      tier_max="4")])
    assert messages == ["seeds/key_changes.csv, line 3, id 'sony-fbi-2014-12-19 / who-did-it / "
                        "2015-01-07', field 'from_date': a second change on the same day "
                        "(first on line 2)"]


def test_a_missing_column_is_named(seeds):
    header = [h for h in KEY_CHANGE_HEADER if h != "sources"]
    messages = broken_changes(seeds, [key_change_row()], header)
    assert messages == ["seeds/key_changes.csv, line 1, field 'sources': required column is "
                        "missing from the header"]


def test_keys_as_of_applies_the_latest_change_by_that_day(seeds):
    folder, bib = seeds
    write_csv(folder / "key_changes.csv", KEY_CHANGE_HEADER, [
        key_change_row(),
        key_change_row(from_date="2018-09-06", tier_min="4", tier_max="4",
                       rationale="The complaint set the evidence out."),
    ])
    pair = ("sony-fbi-2014-12-19", "who-did-it")
    before = keys_as_of("2015-01-06", folder, bib)
    assert before.loc[pair, ["tier_min", "tier_max"]].tolist() == [2, 3]
    assert not before.loc[pair, "changed"]
    assert before.loc[pair, "change_sources"] == []
    assert keys_as_of("2015-01-07", folder, bib).loc[pair, ["tier_min", "tier_max"]].tolist() \
        == [3, 3]
    late = keys_as_of("2021-01-01", folder, bib).loc[pair]
    assert [late["tier_min"], late["tier_max"], late["changed"]] == [4, 4, True]
    assert late["rationale"] == "The complaint set the evidence out."
    assert str(late["from_date"].date()) == "2018-09-06"
    # A claim not yet public has no key in force.
    assert ("outage-dyn-2014-12-22", "who-did-it") not in keys_as_of("2014-12-21", folder,
                                                                      bib).index


# ----------------------------------------------------------------------------------- series

SERIES = """
series:
  - id: ex-record
    title: Re-sort it
    case: sony
    question: who-did-it
    dates: [2014-12-20, 2015-01-31]
    prompt: Sort them by what was public that day.
    claims: [sony-fbi-2014-12-19, sony-late-2015-01-10]
"""


def series_seeds(seeds, text=SERIES):
    folder, bib = seeds
    write_csv(folder / "claims.csv", CLAIM_HEADER, [
        claim_row(),
        claim_row(id="outage-dyn-2014-12-22", case="outage", date="2014-12-22",
                  public_date="2014-12-22", in_seed_report="false", report_group=""),
        claim_row(id="sony-late-2015-01-10", date="2015-01-02", public_date="2015-01-10",
                  public_note="Reported a week after it was written.", in_seed_report="false",
                  report_group=""),
    ])
    keys = (folder / "keys.csv").read_text()
    (folder / "keys.csv").write_text(
        keys + "sony-late-2015-01-10,who-did-it,1,1,spoofability,none,Anyone could say it.\n")
    path = folder / "exercises.yml"
    path.write_text(path.read_text() + text)
    return folder, bib


def test_a_series_expands_into_one_sorter_per_date(seeds):
    folder, bib = series_seeds(seeds)
    exercises = load_exercises(folder, bib)
    first, last = exercises["ex-record-2014-12-20"], exercises["ex-record-2015-01-31"]
    assert first["claims"] == ["sony-fbi-2014-12-19"]  # the other was not public yet
    assert last["claims"] == ["sony-fbi-2014-12-19", "sony-late-2015-01-10"]
    assert first["next_as_of"] == "2015-01-31" and last["next_as_of"] is None
    assert first["title"] == "Re-sort it: the record on 20 December 2014"
    assert first["series"] == last["series"] == "ex-record"
    assert exercises["ex-test"]["series"] is None
    claims = exercise_claims("ex-record-2015-01-31", folder)
    assert claims.loc["sony-fbi-2014-12-19", ["tier_min", "tier_max"]].tolist() == [3, 3]
    assert claims.attrs["as_of"] == "2015-01-31"
    assert exercise_claims("ex-record-2014-12-20", folder).loc[
        "sony-fbi-2014-12-19", "tier_max"] == 3


def test_next_changes_lists_what_moves_and_what_arrives(seeds):
    folder, bib = series_seeds(seeds)
    changes = next_changes("ex-record-2014-12-20", folder)
    assert list(changes.index) == ["sony-fbi-2014-12-19"]
    assert changes.loc["sony-fbi-2014-12-19", ["tier_min", "tier_max"]].tolist() == [3, 3]
    assert changes.attrs == {"next_as_of": "2015-01-31", "new_claims": ["sony-late-2015-01-10"]}
    assert next_changes("ex-record-2015-01-31", folder).empty
    assert next_changes("ex-test", folder).attrs["next_as_of"] is None


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("dates: [2014-12-20, 2015-01-31]", "dates: [2015-01-31, 2014-12-20]",
         "field 'dates': dates must be distinct and in order, earliest first"),
        ("dates: [2014-12-20, 2015-01-31]", "dates: [2014-12-20, 2015-01-05]",
         "claim 'sony-late-2015-01-10' became public on 2015-01-10, after the exercise's date "
         "2015-01-05"),
        ("dates: [2014-12-20, 2015-01-31]", "dates: [2014-12-01, 2015-01-31]",
         "field 'dates': no claim of the series is public by 2014-12-01"),
        ("dates: [2014-12-20, 2015-01-31]", "dates: [2014-12-20]",
         "field 'dates': List should have at least 2 items"),
        ("question: who-did-it\n    dates", "question: who-else\n    dates",
         "question 'who-else' is not in the questions list"),
        ("case: sony\n    question: who-did-it\n    dates",
         "case: outage\n    question: who-did-it\n    dates",
         "claim 'sony-fbi-2014-12-19' belongs to case 'sony', not 'outage'"),
    ],
)
def test_a_bad_series_is_named(seeds, old, new, expected):
    assert old in SERIES
    folder, bib = series_seeds(seeds, SERIES.replace(old, new))
    messages = problems_of(load_exercises, folder, bib)
    assert any(m.startswith("seeds/exercises.yml, line ") and expected in m for m in messages), \
        messages


# -------------------------------------------------------------------------------- genealogy

def broken_genealogy(seeds, rows) -> list[str]:
    folder, bib = seeds
    write_csv(folder / "genealogy.csv", GENEALOGY_HEADER, rows)
    return problems_of(load_genealogy, folder, bib)


def test_genealogy_loads_with_lists(seeds):
    genealogy = load_genealogy(*seeds)
    assert list(genealogy.index) == ["fbi-update", "uscert-alert"]
    assert genealogy.at["uscert-alert", "rests_on"] == ["fbi-update"]
    assert genealogy.at["fbi-update", "rests_on"] == []
    assert genealogy.at["fbi-update", "families"] == ["malware", "infrastructure"]


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"rests_on": "later-doc"}, "rests_on", "'later-doc' is not a row above this one"),
        ({"rests_on": "uscert-alert"}, "rests_on", "a document cannot rest on itself"),
        ({"date": "2014-12-01"}, "date", "rows run in date order; 2014-12-01 is before "
                                         "2014-12-19"),
        ({"families": "malware;luck"}, "families", "expected indicator families separated"),
        ({"families": ""}, "families", "expected indicator families separated"),
        ({"claim": "sony-nowhere-2014-12-19"}, "claim",
         "claim 'sony-nowhere-2014-12-19' is not in seeds/claims.csv"),
        ({"shown": "maybe"}, "shown", "expected one of yes, partial, no"),
        ({"kind": "rumour"}, "kind", "expected one of statement, alert"),
    ],
)
def test_bad_genealogy_row_names_file_line_id_field(seeds, changes, field, expected):
    second = {"id": "uscert-alert", "claim": "", "rests_on": "fbi-update", **changes}
    messages = broken_genealogy(seeds, [genealogy_row(), genealogy_row(**second)])
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"seeds/genealogy.csv, line 3, id 'uscert-alert', "
                                  f"field '{field}': ")
    assert expected in messages[0]


# --------------------------------------------------------------------------- hindsight quiz

HINDSIGHT = """quizzes:
  - id: quiz-hindsight
    kind: hindsight
    title: Where did the later status come from?
    as_of: 2014-12-31
    claims: [sony-fbi-2014-12-19, outage-dyn-2014-12-22, sony-open-2014-12-20]
"""


def hindsight_seeds(seeds, text=HINDSIGHT):
    folder, bib = seeds
    write_csv(folder / "claims.csv", CLAIM_HEADER, [
        claim_row(),  # supported, settled on 2018-09-06: later evidence
        claim_row(id="outage-dyn-2014-12-22", case="outage", date="2014-12-22",
                  public_date="2014-12-22", later_status="confirmed", settled_on="2014-12-23",
                  in_seed_report="false", report_group=""),
        claim_row(id="sony-open-2014-12-20", date="2014-12-20", public_date="2014-12-20",
                  later_status="unresolved", settled_on="", in_seed_report="false",
                  report_group=""),
    ])
    (folder / "quizzes.yml").write_text(text)
    return folder, bib


def test_hindsight_questions_are_written_from_the_data(seeds):
    quiz = load_quizzes(*hindsight_seeds(seeds))["quiz-hindsight"]
    answers = {q["id"]: next(o["text"] for o in q["options"] if o["id"] == q["answer"])
               for q in quiz["questions"]}
    assert answers == {
        "sony-fbi-2014-12-19": "Evidence that came out after 31 December 2014",
        "outage-dyn-2014-12-22": "Evidence that was already public by 31 December 2014",
        "sony-open-2014-12-20": "Nothing yet: the public record has left it unresolved",
    }
    first = quiz["questions"][0]
    assert first["sources"] == ["fbi-20141219-update"]
    assert "FBI, 19 December 2014: The FBI said" in first["prompt"]
    right = next(o for o in first["options"] if o["id"] == first["answer"])
    assert right["feedback"].startswith("Right. Its later status is supported, on evidence that "
                                        "became public on 6 September 2018, after 31 December "
                                        "2014.")
    assert all(o["feedback"].startswith("Not this one.") for o in first["options"]
               if o["id"] != first["answer"])


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("sony-open-2014-12-20]", "sony-ghost-2014-12-20]",
         "field 'claims': claim id 'sony-ghost-2014-12-20' is not in seeds/claims.csv"),
        ("as_of: 2014-12-31", "as_of: 2014-12-21",
         "claim 'outage-dyn-2014-12-22' became public on 2014-12-22, after the quiz's date"),
        ("    as_of: 2014-12-31\n", "",
         "a hindsight quiz needs as_of and at least three claims"),
        ("kind: hindsight", "kind: recall", "a recall quiz needs its questions"),
        ("kind: hindsight", "kind: guess", "Input should be 'recall' or 'hindsight'"),
    ],
)
def test_a_bad_hindsight_quiz_is_named(seeds, old, new, expected):
    assert old in HINDSIGHT
    folder, bib = hindsight_seeds(seeds, HINDSIGHT.replace(old, new))
    messages = problems_of(load_quizzes, folder, bib)
    assert any(m.startswith("seeds/quizzes.yml, line 2, id 'quiz-hindsight") and expected in m
               for m in messages), messages


def test_a_series_sorter_carries_its_date_and_what_the_next_date_moves(seeds):
    from casebook.widgets.sorter import ClaimSorter

    series_seeds(seeds)
    sorter = ClaimSorter.for_exercise("ex-record-2014-12-20")
    assert sorter.as_of == "2014-12-20"
    assert sorter.static_state()["as_of"] == "2014-12-20"
    record = sorter.next_record
    assert (record["as_of"], record["as_of_label"], record["new_claims"]) == (
        "2015-01-31", "31 January 2015", 1)
    assert [(c["id"], c["tier_min"], c["tier_max"], c["from_label"]) for c in
            record["changes"]] == [("sony-fbi-2014-12-19", 3, 3, "7 January 2015")]
    sorter.place("sony-fbi-2014-12-19", 2)
    row = sorter.results().iloc[0]
    assert (row["verdict"], row["next_verdict"]) == ("in-band", "too-low")
    assert row["next_key_band"].startswith("tier 3")
    sorter.place("sony-fbi-2014-12-19", 3)
    assert sorter.results().iloc[0]["next_verdict"] == "in-band"
    last = ClaimSorter.for_exercise("ex-record-2015-01-31")
    assert last.next_record == {} and "next_verdict" not in last.results().columns
