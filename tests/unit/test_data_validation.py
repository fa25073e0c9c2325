"""Malformed seed files fail with one clear message per problem: file, line, row id, field."""

from __future__ import annotations

import pytest

from casebook.data import SeedError, load_claims, load_exercises, load_outages, load_timeline

from .conftest import CLAIM_HEADER, claim_row, write_csv


def broken_claims(seeds, rows, header=CLAIM_HEADER):
    folder, bib = seeds
    write_csv(folder / "claims.csv", header, rows)
    with pytest.raises(SeedError) as info:
        load_claims(folder, bib)
    return info.value


def only(error: SeedError):
    assert len(error.problems) == 1, [str(p) for p in error.problems]
    return str(error.problems[0])


def test_valid_fixture_loads(seeds):
    claims = load_claims(*seeds)
    assert list(claims.index) == ["sony-fbi-2014-12-19", "outage-dyn-2014-12-22"]
    assert claims.loc["sony-fbi-2014-12-19", "sources"] == ["fbi-20141219-update"]
    assert claims["tier_min"].tolist() == [2, 4]
    assert claims["in_seed_report"].tolist() == [True, False]
    assert len(claims.attrs["bank_version"]) == 12


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"case": "sonny"}, "case", "expected one of sony, outage, context, got 'sonny'"),
        ({"date": "19/12/2014"}, "date", "expected an ISO date (YYYY-MM-DD)"),
        ({"date": "2010-05-01"}, "date", "expected a date from 2013-01-01 to 2021-12-31"),
        ({"source_reliability": "G"}, "source_reliability", "expected one of A, B, C, D, E, F"),
        ({"info_credibility": "7"}, "info_credibility", "expected one of 1, 2, 3, 4, 5, 6"),
        ({"tier_min": "three"}, "tier_min", "expected one of 1, 2, 3, 4, got 'three'"),
        ({"evidence_kind": "infrastructure;gossip"}, "evidence_kind",
         "expected evidence kinds separated by ';'"),
        ({"speaker": ""}, "speaker", "expected a non-empty text"),
        ({"claim": " ".join(["word"] * 46)}, "claim", "expected a text of 1 to 45 words"),
        ({"in_seed_report": "yes"}, "in_seed_report", "expected one of true, false, got 'yes'"),
        ({"spoofability": "none"}, "spoofability", "expected one of low, medium, high"),
        ({"sources": "fbi 2014"}, "sources", "expected bibliography keys separated by ';'"),
    ],
)
def test_bad_cell_names_file_line_id_field(seeds, changes, field, expected):
    error = broken_claims(seeds, [claim_row(), claim_row(id="sony-second-2014-12-19", **changes)])
    message = only(error)
    assert message.startswith("seeds/claims.csv, line 3, id 'sony-second-2014-12-19', "
                              f"field '{field}': ")
    assert expected in message


def test_tier_min_above_tier_max(seeds):
    message = only(broken_claims(seeds, [claim_row(tier_min="4", tier_max="2")]))
    assert "line 2, id 'sony-fbi-2014-12-19', field 'tier_min': tier_min 4 is above tier_max 2" \
        in message


def test_band_wider_than_two_tiers(seeds):
    message = only(broken_claims(seeds, [claim_row(tier_min="1", tier_max="4")]))
    assert "field 'tier_max': band 1-4 is wider than two tiers" in message


def test_duplicate_id(seeds):
    message = only(broken_claims(seeds, [claim_row(), claim_row()]))
    assert "line 3, id 'sony-fbi-2014-12-19', field 'id': duplicate id, first used on line 2" \
        in message


def test_unknown_source_key(seeds):
    message = only(broken_claims(seeds, [claim_row(sources="fbi-20141219-update;nyt-missing")]))
    assert "field 'sources': source key 'nyt-missing' is not in book/references.bib" in message


def test_id_must_start_with_case(seeds):
    message = only(broken_claims(seeds, [claim_row(case="outage")]))
    assert "field 'id': id should start with its case 'outage-'" in message


def test_missing_and_unexpected_columns(seeds):
    header = [c for c in CLAIM_HEADER if c != "tier_max"] + ["notes"]
    error = broken_claims(seeds, [claim_row()], header=header)
    messages = sorted(str(p) for p in error.problems)
    assert messages == [
        "seeds/claims.csv, line 1, field 'notes': unexpected column in the header",
        "seeds/claims.csv, line 1, field 'tier_max': required column is missing from the header",
    ]


def test_every_problem_is_reported_at_once(seeds):
    error = broken_claims(seeds, [claim_row(case="x", date="soon", tier_min="4", tier_max="2"),
                                  claim_row()])
    fields = sorted(p.field for p in error.problems)
    assert fields == ["case", "date", "id", "tier_min"]
    assert str(error).startswith("4 problem(s) in the course data:")


def test_missing_file(seeds, tmp_path):
    with pytest.raises(SeedError, match="claims.csv: file not found"):
        load_claims(tmp_path / "nowhere", seeds[1])


def test_not_utf8(seeds):
    folder, bib = seeds
    (folder / "claims.csv").write_bytes(b"id,case\n\xff\xfe,sony\n")
    with pytest.raises(SeedError, match="cannot be read as UTF-8 CSV"):
        load_claims(folder, bib)


def test_timeline_end_before_start_and_bad_time(seeds):
    folder, bib = seeds
    text = (folder / "timeline.csv").read_text()
    text = text.replace("2014-12-23,16:15", "2014-12-21,25:00")
    (folder / "timeline.csv").write_text(text)
    with pytest.raises(SeedError) as info:
        load_timeline(folder, bib)
    messages = sorted(str(p) for p in info.value.problems)
    assert len(messages) == 2
    assert "line 3, id '2014-12-22-blackout', field 'date_end': date_end 2014-12-21 is before " \
           "date 2014-12-22" in messages[0]
    assert "field 'time_utc': expected a time HH:MM, or empty, got '25:00'" in messages[1]


def test_outage_duration_must_match_times(seeds):
    folder, bib = seeds
    text = (folder / "outages.csv").read_text().replace(",571,", ",600,")
    (folder / "outages.csv").write_text(text)
    with pytest.raises(SeedError) as info:
        load_outages(folder, bib)
    assert only(info.value).endswith(
        "field 'duration_minutes': 600 minutes does not match start and end (571 minutes)")


def test_outages_parse_as_utc(seeds):
    outages = load_outages(*seeds)
    row = outages.iloc[0]
    assert str(row["start_utc"]) == "2014-12-22 16:15:00+00:00"
    assert (row["end_utc"] - row["start_utc"]).total_seconds() / 60 == row["duration_minutes"]


def test_exercise_unknown_claim_and_date_after_as_of(seeds):
    folder, bib = seeds
    path = folder / "exercises.yml"
    path.write_text(path.read_text().replace("as_of: 2014-12-31", "as_of: 2014-12-20")
                    .replace("outage-dyn-2014-12-22]", "outage-dyn-2014-12-22, sony-ghost]"))
    with pytest.raises(SeedError) as info:
        load_exercises(folder, bib)
    messages = [str(p) for p in info.value.problems]
    assert messages == [
        "seeds/exercises.yml, id 'ex-test', field 'claims': claim 'outage-dyn-2014-12-22' is dated "
        "after the exercise's as_of date 2014-12-20",
        "seeds/exercises.yml, id 'ex-test', field 'claims': claim id 'sony-ghost' is not in "
        "seeds/claims.csv",
    ]


QUIZ = """quizzes:
  - id: quiz-test
    title: Test quiz
    questions:
      - id: first
        prompt: When?
        sources: [fbi-20141219-update]
        options:
          - {text: Then, correct: true, feedback: Right.}
          - {text: Now, feedback: No.}
"""


def test_valid_quiz_loads(seeds):
    from casebook.data import load_quizzes

    folder, bib = seeds
    (folder / "quizzes.yml").write_text(QUIZ)
    quiz = load_quizzes(folder, bib)["quiz-test"]
    assert quiz["questions"][0]["answer"] == "a"
    assert [o["id"] for o in quiz["questions"][0]["options"]] == ["a", "b"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("correct: true, ", "", "field 'options': expected exactly one correct option, got 0"),
        ("{text: Now, feedback: No.}", "{text: Now, correct: true, feedback: No.}",
         "field 'options': expected exactly one correct option, got 2"),
        ("[fbi-20141219-update]", "[nope-key]",
         "field 'sources': source key 'nope-key' is not in book/references.bib"),
        ("feedback: No.", "feedback: ''", "field 'options[1].feedback': required field is missing"),
    ],
)
def test_bad_quiz_names_quiz_question_and_field(seeds, old, new, expected):
    from casebook.data import load_quizzes

    folder, bib = seeds
    (folder / "quizzes.yml").write_text(QUIZ.replace(old, new))
    with pytest.raises(SeedError) as info:
        load_quizzes(folder, bib)
    assert only(info.value) == f"seeds/quizzes.yml, id 'quiz-test/first', {expected}"
