"""Malformed seed files fail with one clear message per problem: file, line, row id, field."""

from __future__ import annotations

import pytest

from casebook.data import (
    SeedError,
    load_claims,
    load_exercises,
    load_keys,
    load_outages,
    load_timeline,
)

from .conftest import CLAIM_HEADER, KEY_HEADER, claim_row, key_row, write_csv


def broken_claims(seeds, rows, header=CLAIM_HEADER):
    folder, bib = seeds
    write_csv(folder / "claims.csv", header, rows)
    with pytest.raises(SeedError) as info:
        load_claims(folder, bib)
    return info.value


def broken_keys(seeds, rows, header=KEY_HEADER):
    folder, bib = seeds
    write_csv(folder / "keys.csv", header, rows)
    with pytest.raises(SeedError) as info:
        load_keys(folder, bib)
    return info.value


def only(error: SeedError):
    assert len(error.problems) == 1, [str(p) for p in error.problems]
    return str(error.problems[0])


def test_valid_fixture_loads(seeds):
    claims = load_claims(*seeds)
    assert list(claims.index) == ["sony-fbi-2014-12-19", "outage-dyn-2014-12-22"]
    assert claims.loc["sony-fbi-2014-12-19", "sources"] == ["fbi-20141219-update"]
    keys = load_keys(*seeds)
    assert keys["tier_min"].tolist() == [2, 4]
    assert keys.loc[("outage-dyn-2014-12-22", "who-did-it"), "diagnosticity"] == "high"
    assert claims["in_seed_report"].tolist() == [True, False]
    # Saved answers are tied to an exercise's own claims and keys (exercise_version, checked
    # below), never to a fingerprint of the whole file, which any typo fix would change.
    assert "bank_version" not in claims.attrs


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"case": "sonny"}, "case", "expected one of sony, outage, context, got 'sonny'"),
        ({"date": "19/12/2014"}, "date", "expected an ISO date (YYYY-MM-DD)"),
        ({"date": "2010-05-01"}, "date", "expected a date from 2013-01-01 to 2021-12-31"),
        ({"source_reliability": "G"}, "source_reliability", "expected one of A, B, C, D, E, F"),
        ({"info_credibility": "7"}, "info_credibility", "expected one of 1, 2, 3, 4, 5, 6"),
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


def test_report_group_only_and_always_for_seed_report_claims(seeds):
    message = only(broken_claims(seeds, [claim_row(report_group="")]))
    assert "field 'report_group': a claim of the seed report needs a report_group" in message
    message = only(broken_claims(seeds, [claim_row(in_seed_report="false")]))
    assert "field 'report_group'" in message
    message = only(broken_claims(seeds, [claim_row(report_group="gossip")]))
    assert "expected one of passed-on, inference, recap, untraceable, or empty" in message


def test_tier_min_above_tier_max(seeds):
    message = only(broken_keys(seeds, [key_row(tier_min="4", tier_max="2")]))
    assert ("seeds/keys.csv, line 2, id 'sony-fbi-2014-12-19 / who-did-it', field 'tier_min': "
            "tier_min 4 is above tier_max 2") == message


def test_band_wider_than_two_tiers(seeds):
    message = only(broken_keys(seeds, [key_row(tier_min="1", tier_max="4")]))
    assert "field 'tier_max': band 1-4 is wider than two tiers" in message


@pytest.mark.parametrize(("changes", "field", "expected"), [
    ({"tier_min": "three"}, "tier_min", "expected one of 1, 2, 3, 4, got 'three'"),
    ({"tier_min": "12"}, "tier_min", "expected one of 1, 2, 3, 4, got '12'"),
    ({"deciding_axis": "vibes"}, "deciding_axis", "expected one of public_evidence"),
    ({"diagnosticity": "huge"}, "diagnosticity", "expected one of high, medium, low, none"),
    ({"claim": "sony-ghost"}, "claim", "claim 'sony-ghost' is not in seeds/claims.csv"),
])
def test_bad_key_names_file_line_claim_question_and_field(seeds, changes, field, expected):
    message = only(broken_keys(seeds, [key_row(**changes)]))
    assert message.startswith("seeds/keys.csv, line 2, id '")
    assert f"field '{field}': " in message and expected in message


def test_a_second_key_for_one_claim_and_question(seeds):
    message = only(broken_keys(seeds, [key_row(), key_row(tier_min="1", tier_max="1")]))
    assert "line 3" in message and "a second key for this claim and question (first on line 2)" \
        in message


def test_exercise_refuses_a_key_written_for_another_question(seeds):
    folder, bib = seeds
    write_csv(folder / "keys.csv", KEY_HEADER, [
        key_row(), key_row(claim="outage-dyn-2014-12-22", question="what-happened",
                           tier_min="4", tier_max="4")])
    with pytest.raises(SeedError) as info:
        load_exercises(folder, bib)
    assert only(info.value) == (
        "seeds/exercises.yml, line 5, id 'ex-test', field 'claims': claim 'outage-dyn-2014-12-22' "
        "has no key for question 'who-did-it' in seeds/keys.csv (its keys answer: what-happened)")


def test_exercise_refuses_a_claim_from_another_case_unless_it_says_so(seeds):
    folder, bib = seeds
    path = folder / "exercises.yml"
    path.write_text(path.read_text().replace("    mixes_cases: true\n", ""))
    with pytest.raises(SeedError) as info:
        load_exercises(folder, bib)
    assert "claim 'outage-dyn-2014-12-22' belongs to case 'outage', not 'sony'" in \
        only(info.value)


def test_exercise_unknown_key_is_named_with_its_line(seeds):
    folder, bib = seeds
    path = folder / "exercises.yml"
    path.write_text(path.read_text().replace("    prompt: Sort them.\n",
                                             "    prompt: Sort them.\n    clams: []\n"))
    with pytest.raises(SeedError) as info:
        load_exercises(folder, bib)
    assert only(info.value) == "seeds/exercises.yml, line 5, id 'ex-test', field 'clams': " \
        "unknown key"


def test_exercise_unknown_question(seeds):
    folder, bib = seeds
    path = folder / "exercises.yml"
    path.write_text(path.read_text().replace("    question: who-did-it\n",
                                             "    question: nobody\n"))
    with pytest.raises(SeedError) as info:
        load_exercises(folder, bib)
    assert "field 'question': question 'nobody' is not in the questions list" in \
        only(info.value)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("as_of: 2014-12-31", "as_of: 2014-02-30",
     "field 'as_of': expected a real date written YYYY-MM-DD, got '2014-02-30'"),
    ("claims: [sony-fbi-2014-12-19, outage-dyn-2014-12-22]", "claims: 5",
     "field 'claims': Input should be a valid list, got 5"),
    ("mixes_cases: true", "mixes_cases: 'yes'",
     "field 'mixes_cases': Input should be a valid boolean, got 'yes'"),
    ("title: Test", "title: \"\\u200b \"",
     "field 'title': expected a non-empty text (invisible characters do not count)"),
])
def test_exercise_bad_values_are_errors_not_tracebacks(seeds, old, new, expected):
    folder, bib = seeds
    path = folder / "exercises.yml"
    path.write_text(path.read_text().replace(old, new))
    with pytest.raises(SeedError) as info:
        load_exercises(folder, bib)
    message = only(info.value)
    assert message.startswith("seeds/exercises.yml, line 5, id 'ex-test', ")
    assert expected in message


def test_quiz_misspelt_key_reports_both_sides(seeds):
    from casebook.data import load_quizzes

    folder, bib = seeds
    misspelt = "promt"  # codespell:ignore
    (folder / "quizzes.yml").write_text(QUIZ.replace("prompt: When?", f"{misspelt}: When?"))
    with pytest.raises(SeedError) as info:
        load_quizzes(folder, bib)
    assert sorted(str(p) for p in info.value.problems) == [
        "seeds/quizzes.yml, line 5, id 'quiz-test/first', field 'prompt': required field is "
        "missing",
        f"seeds/quizzes.yml, line 5, id 'quiz-test/first', field '{misspelt}': unknown key",
    ]


def test_quiz_seventh_option_and_string_question(seeds):
    from casebook.data import load_quizzes

    folder, bib = seeds
    seven = QUIZ.replace("          - {text: Now, feedback: No.}\n",
                         "".join(f"          - {{text: Option {i}, feedback: No.}}\n"
                                 for i in range(6)))
    (folder / "quizzes.yml").write_text(seven)
    with pytest.raises(SeedError) as info:
        load_quizzes(folder, bib)
    assert "field 'options': List should have at most 6 items after validation, not 7" in \
        only(info.value)
    (folder / "quizzes.yml").write_text(
        "quizzes:\n  - id: quiz-test\n    title: T\n    questions:\n      - When?\n")
    with pytest.raises(SeedError) as info:
        load_quizzes(folder, bib)
    assert "field 'questions[0]': Input should be a valid dictionary or instance of QuizQuestion" \
        in only(info.value)


@pytest.mark.parametrize(("text", "expected"), [
    ("", "seeds/claims.csv: is empty: expected a header and rows"),
    (",".join(CLAIM_HEADER) + "\n", "seeds/claims.csv: has a header but no rows"),
])
def test_empty_and_header_only_csv(seeds, text, expected):
    folder, bib = seeds
    (folder / "claims.csv").write_text(text)
    with pytest.raises(SeedError) as info:
        load_claims(folder, bib)
    assert only(info.value) == expected


def test_trailing_comma_on_every_row_names_the_lines(seeds):
    folder, bib = seeds
    path = folder / "claims.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0]] + [line + "," for line in lines[1:]]) + "\n")
    with pytest.raises(SeedError) as info:
        load_claims(folder, bib)
    assert [str(p) for p in info.value.problems] == [
        f"seeds/claims.csv, line 2, id 'sony-fbi-2014-12-19': has {len(CLAIM_HEADER) + 1} "
        f"cells, the header has {len(CLAIM_HEADER)}",
        f"seeds/claims.csv, line 3, id 'outage-dyn-2014-12-22': has {len(CLAIM_HEADER) + 1} "
        f"cells, the header has {len(CLAIM_HEADER)}",
    ]


def test_line_numbers_count_quoted_multiline_fields(seeds):
    error = broken_claims(seeds, [
        claim_row(later_note="First line.\nSecond line.\nThird line."),
        claim_row(id="sony-second-2014-12-19", case="sonny")])
    assert only(error).startswith("seeds/claims.csv, line 5, id 'sony-second-2014-12-19', "
                                  "field 'case'")


def test_invisible_claim_text_is_empty(seeds):
    error = broken_claims(seeds, [claim_row(claim="\u200b\u200b")])
    assert "field 'claim': expected a text of 1 to 45 words" in only(error)


def test_duplicate_yaml_key_is_an_error(seeds):
    folder, bib = seeds
    path = folder / "exercises.yml"
    path.write_text(path.read_text().replace("    title: Test\n",
                                             "    title: Test\n    title: Again\n"))
    with pytest.raises(SeedError, match="duplicate key 'title'"):
        load_exercises(folder, bib)


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
    header = [c for c in CLAIM_HEADER if c != "spoofability"] + ["notes"]
    error = broken_claims(seeds, [claim_row()], header=header)
    messages = sorted(str(p) for p in error.problems)
    assert messages == [
        "seeds/claims.csv, line 1, field 'notes': unexpected column in the header",
        "seeds/claims.csv, line 1, field 'spoofability': required column is missing from the "
        "header",
    ]


def test_every_problem_is_reported_at_once(seeds):
    error = broken_claims(seeds, [claim_row(case="x", date="soon", spoofability="none"),
                                  claim_row()])
    fields = sorted(p.field for p in error.problems)
    assert fields == ["case", "date", "id", "spoofability"]
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
        "seeds/exercises.yml, line 5, id 'ex-test', field 'claims': claim "
        "'outage-dyn-2014-12-22' became public on 2014-12-22, after the exercise's date "
        "2014-12-20",
        "seeds/exercises.yml, line 5, id 'ex-test', field 'claims': claim id 'sony-ghost' is not "
        "in seeds/claims.csv",
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
    assert quiz["title"] == "Test quiz"
    question = quiz["questions"][0]
    assert (question["id"], question["prompt"], question["sources"]) == (
        "first", "When?", ["fbi-20141219-update"])
    assert question["answer"] == "a"
    assert [o["id"] for o in question["options"]] == ["a", "b"]
    assert question["options"][1] == {"id": "b", "text": "Now", "feedback": "No."}


def test_quiz_duplicate_question_id_and_unknown_source(seeds):
    from casebook.data import load_quizzes

    folder, bib = seeds
    twice = QUIZ + QUIZ.split("questions:\n", 1)[1]
    (folder / "quizzes.yml").write_text(twice)
    with pytest.raises(SeedError) as info:
        load_quizzes(folder, bib)
    assert [(p.row_id, p.field, p.message) for p in info.value.problems] == [
        ("quiz-test/first", "id", "duplicate question id")]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("correct: true, ", "",
         "line 5, id 'quiz-test/first', field 'options': expected exactly one correct option, "
         "got 0"),
        ("{text: Now, feedback: No.}", "{text: Now, correct: true, feedback: No.}",
         "line 5, id 'quiz-test/first', field 'options': expected exactly one correct option, "
         "got 2"),
        ("[fbi-20141219-update]", "[nope-key]",
         "line 5, id 'quiz-test/first', field 'sources': source key 'nope-key' is not in "
         "book/references.bib"),
        ("feedback: No.", "feedback: ''",
         "line 10, id 'quiz-test/first', field 'options[1].feedback': expected a non-empty text "
         "(invisible characters do not count), got ''"),
        ("feedback: No.", "feedback: \"\\u200b\"",
         "line 10, id 'quiz-test/first', field 'options[1].feedback': expected a non-empty text "
         "(invisible characters do not count), got '\\u200b'"),
        ("{text: Now, feedback: No.}", "{text: no, feedback: No.}",
         "line 10, id 'quiz-test/first', field 'options[1].text': Input should be a valid "
         "string, got False"),

    ],
)
def test_bad_quiz_names_quiz_question_and_field(seeds, old, new, expected):
    from casebook.data import load_quizzes

    folder, bib = seeds
    (folder / "quizzes.yml").write_text(QUIZ.replace(old, new))
    with pytest.raises(SeedError) as info:
        load_quizzes(folder, bib)
    assert only(info.value) == f"seeds/quizzes.yml, {expected}"


def test_validate_command_lists_every_problem_and_exits_1(seeds, capsys):
    from casebook.validate import main

    folder, _ = seeds
    (folder / "quizzes.yml").write_text(QUIZ)
    assert main(["validate", str(folder)]) == 0
    assert capsys.readouterr().out.strip().endswith("every file is valid")
    write_csv(folder / "keys.csv", KEY_HEADER, [key_row(tier_min="4", tier_max="2")])
    (folder / "quizzes.yml").write_text(QUIZ.replace("title: Test quiz", "title: Test quiz\n"
                                                     "    title: Again"))
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "seeds/keys.csv, line 2, id 'sony-fbi-2014-12-19 / who-did-it', field 'tier_min': " \
           "tier_min 4 is above tier_max 2" in out
    assert any(line.startswith("seeds/quizzes.yml, line 4: is not valid YAML (duplicate key "
                               "'title'") for line in out)
    assert out[-1].endswith("problem(s) in " + str(folder))
    assert main(["validate", str(folder / "missing")]) == 2


def test_loaders_read_the_folder_they_are_given(seeds, tmp_path):
    import shutil

    folder, bib = seeds
    other = tmp_path / "other" / "seeds"
    shutil.copytree(folder, other)
    write_csv(other / "claims.csv", CLAIM_HEADER, [
        claim_row(claim="A different wording of the FBI's finding."),
        claim_row(id="outage-dyn-2014-12-22", case="outage", date="2014-12-22",
                  public_date="2014-12-22",
                  speaker="Dyn Research", speaker_type="security-firm",
                  claim="All four networks left the internet.", evidence_kind="infrastructure",
                  public_evidence="yes", source_reliability="A", info_credibility="1",
                  q_layer="tactical", spoofability="low", sources="dyn-20141222-who",
                  in_seed_report="false", report_group=""),
    ])
    write_csv(other / "keys.csv", KEY_HEADER, [
        key_row(tier_min="1", tier_max="1"),
        key_row(claim="outage-dyn-2014-12-22", tier_min="4", tier_max="4"),
        key_row(claim="sony-only-here-2014-12-20", tier_min="2", tier_max="2")])
    path = other / "exercises.yml"
    path.write_text(path.read_text().replace("outage-dyn-2014-12-22]",
                                             "outage-dyn-2014-12-22, sony-only-here-2014-12-20]"))
    assert load_claims(other, bib).at["sony-fbi-2014-12-19", "claim"].startswith("A different")
    # An exercise in the other folder may list a claim that only that folder holds.
    rows = [claim_row(claim="A different wording of the FBI's finding."),
            claim_row(id="sony-only-here-2014-12-20", date="2014-12-20", public_date="2014-12-20",
                      in_seed_report="false", report_group="")]
    write_csv(other / "claims.csv", CLAIM_HEADER, rows + [claim_row(
        id="outage-dyn-2014-12-22", case="outage", date="2014-12-22", public_date="2014-12-22",
        speaker="Dyn Research",
        speaker_type="security-firm", claim="All four networks left the internet.",
        evidence_kind="infrastructure", public_evidence="yes", source_reliability="A",
        info_credibility="1", q_layer="tactical", spoofability="low", sources="dyn-20141222-who",
        in_seed_report="false", report_group="")])
    assert load_keys(other, bib)["tier_min"].tolist() == [1, 4, 2]
    spec = load_exercises(other, bib)["ex-test"]
    assert spec["question_text"] == "Who did it?"
    assert spec["kind"] == "sorter" and spec["mixes_cases"] is True
    from casebook.data import exercise_claims

    chosen = exercise_claims("ex-test", other)
    assert chosen["tier_min"].tolist() == [1, 4, 2]
    assert chosen.attrs["question"] == "who-did-it"
    assert chosen.attrs["question_text"] == "Who did it?"
    assert chosen.attrs["as_of"] == "2014-12-31"
    assert len(chosen.attrs["bank_version"]) == 12
    assert chosen.attrs["bank_version"] != exercise_claims("ex-test", folder).attrs["bank_version"]
    with pytest.raises(KeyError, match="unknown exercise 'ex-nope'; known exercises: ex-test"):
        exercise_claims("ex-nope", other)


def test_every_unknown_claim_of_an_exercise_is_reported(seeds):
    folder, bib = seeds
    path = folder / "exercises.yml"
    path.write_text(path.read_text().replace(
        "outage-dyn-2014-12-22]", "sony-ghost-1, outage-dyn-2014-12-22, sony-ghost-2]"))
    with pytest.raises(SeedError) as info:
        load_exercises(folder, bib)
    assert [p.message for p in info.value.problems] == [
        "claim id 'sony-ghost-1' is not in seeds/claims.csv",
        "claim id 'sony-ghost-2' is not in seeds/claims.csv"]
    assert {p.field for p in info.value.problems} == {"claims"}


def test_a_claim_with_no_key_at_all_says_so_plainly(seeds):
    folder, bib = seeds
    write_csv(folder / "keys.csv", KEY_HEADER, [key_row()])
    with pytest.raises(SeedError) as info:
        load_exercises(folder, bib)
    problem = info.value.problems[0]
    assert (problem.field, problem.message) == (
        "claims", "claim 'outage-dyn-2014-12-22' has no key for question 'who-did-it' in "
                  "seeds/keys.csv")


def test_case_mismatch_names_the_claims_field(seeds):
    folder, bib = seeds
    path = folder / "exercises.yml"
    path.write_text(path.read_text().replace("    mixes_cases: true\n", ""))
    with pytest.raises(SeedError) as info:
        load_exercises(folder, bib)
    assert info.value.problems[0].field == "claims"


def test_duplicate_yaml_key_names_both_lines(seeds):
    folder, bib = seeds
    path = folder / "exercises.yml"
    path.write_text(path.read_text().replace("    title: Test\n",
                                             "    title: Test\n    title: Again\n"))
    with pytest.raises(SeedError) as info:
        load_exercises(folder, bib)
    assert only(info.value) == ("seeds/exercises.yml, line 7: is not valid YAML (duplicate key "
                                "'title' (first on line 6))")


def test_yaml_syntax_error_names_its_line(seeds):
    folder, bib = seeds
    path = folder / "exercises.yml"
    path.write_text(path.read_text().replace("    title: Test\n", "    title: [Test\n"))
    with pytest.raises(SeedError) as info:
        load_exercises(folder, bib)
    message = only(info.value)
    assert message.startswith("seeds/exercises.yml, line ") and "is not valid YAML (" in message
    assert "while parsing" not in message or "line" in message


def test_a_column_named_twice_is_an_error(seeds):
    error = broken_claims(seeds, [claim_row()], header=CLAIM_HEADER + ["case"])
    assert only(error) == "seeds/claims.csv, line 1, field 'case': column named twice in the header"


def test_every_csv_loader_reads_the_folder_and_bibliography_it_is_given(seeds, tmp_path):
    import shutil

    from casebook.data import load_network_counts

    folder, bib = seeds
    other = tmp_path / "elsewhere"
    shutil.copytree(folder, other / "seeds")
    (other / "book").mkdir()
    (other / "book" / "references.bib").write_text(
        bib.read_text() + "\n@misc{extra-2014, title = {Extra}, year = {2014}}\n")
    for name in ("claims.csv", "timeline.csv", "outages.csv", "network_counts.csv"):
        path = other / "seeds" / name
        path.write_text(path.read_text().replace("dyn-20141222-who", "extra-2014"))
    seeds2, bib2 = other / "seeds", other / "book" / "references.bib"
    assert load_claims(seeds2, bib2).at["outage-dyn-2014-12-22", "sources"] == ["extra-2014"]
    assert load_timeline(seeds2, bib2).at["2014-12-22-blackout", "sources"] == ["extra-2014"]
    assert load_outages(seeds2, bib2).iloc[0]["sources"] == ["extra-2014"]
    assert load_network_counts(seeds2, bib2).at["north-korea", "sources"] == ["extra-2014"]
    assert load_keys(seeds2, bib2)["tier_min"].tolist() == [2, 4]
    assert str(load_network_counts(seeds2, bib2)["networks"].dtype).startswith("int")
    timeline = load_timeline(seeds2, bib2)
    assert str(timeline.at["2014-12-22-blackout", "date_end"].date()) == "2014-12-23"
    assert timeline["date_end"].isna().sum() == 1
    outages = load_outages(seeds2, bib2)
    assert str(outages["duration_minutes"].dtype) == "Int64"
    counts = load_network_counts(seeds2, bib2)
    assert counts["networks"].tolist() == [4, 152000]
    assert str(counts.at["north-korea", "as_of"].date()) == "2014-12-22"
    # The fixture's own bibliography lacks the new key, so reading it instead would fail.
    with pytest.raises(SeedError, match="extra-2014"):
        load_claims(seeds2, bib)


def test_band_of_three_tiers_is_refused_even_when_it_starts_at_two(seeds):
    message = only(broken_keys(seeds, [key_row(tier_min="2", tier_max="4")]))
    assert "band 2-4 is wider than two tiers" in message


def test_second_key_names_the_question_field(seeds):
    error = broken_keys(seeds, [key_row(), key_row()])
    assert error.problems[0].field == "question"


def test_seed_error_lists_each_problem_on_its_own_line(seeds):
    error = broken_claims(seeds, [claim_row(case="x", spoofability="none")])
    lines = str(error).splitlines()
    assert lines[0] == "2 problem(s) in the course data:"
    assert all(line.startswith("  - seeds/claims.csv, line 2") for line in lines[1:])


@pytest.mark.parametrize(("date", "ok"), [("2013-01-01", True), ("2021-12-31", True),
                                          ("2012-12-31", False), ("2022-01-01", False)])
def test_date_range_is_inclusive(seeds, date, ok):
    folder, bib = seeds
    write_csv(folder / "claims.csv", CLAIM_HEADER, [claim_row(date=date, public_date=date)])
    if ok:
        assert load_claims(folder, bib).at["sony-fbi-2014-12-19", "date"].year in (2013, 2021)
    else:
        with pytest.raises(SeedError, match="expected a date from 2013-01-01 to 2021-12-31"):
            load_claims(folder, bib)


@pytest.mark.parametrize(("minutes", "ok"), [("571", True), ("576", True), ("566", True),
                                             ("577", False), ("565", False)])
def test_outage_duration_tolerates_five_minutes(seeds, minutes, ok):
    folder, bib = seeds
    text = (folder / "outages.csv").read_text().replace(",571,", f",{minutes},")
    (folder / "outages.csv").write_text(text)
    if ok:
        assert load_outages(folder, bib).iloc[0]["duration_minutes"] == int(minutes)
    else:
        with pytest.raises(SeedError, match="does not match start and end"):
            load_outages(folder, bib)


def test_one_day_events_and_instant_outages_are_allowed(seeds):
    folder, bib = seeds
    text = (folder / "timeline.csv").read_text().replace("2014-12-23,16:15", "2014-12-22,16:15")
    (folder / "timeline.csv").write_text(text)
    assert len(load_timeline(folder, bib)) == 2
    text = (folder / "outages.csv").read_text().replace("2014-12-23T01:46,571", "2014-12-22T16:15,")
    (folder / "outages.csv").write_text(text)
    assert load_outages(folder, bib).iloc[0]["end_utc"] == load_outages(folder, bib).iloc[0][
        "start_utc"]


def test_long_bad_values_are_quoted_short(seeds):
    folder, bib = seeds
    path = folder / "exercises.yml"
    long = "x" * 60
    path.write_text(path.read_text().replace("    as_of: 2014-12-31\n", f"    as_of: '{long}'\n"))
    with pytest.raises(SeedError) as info:
        load_exercises(folder, bib)
    assert only(info.value).endswith(", got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...")


def test_a_missing_top_level_list_is_named_at_line_1(seeds):
    folder, bib = seeds
    path = folder / "exercises.yml"
    path.write_text(path.read_text().split("exercises:\n", 1)[0])
    with pytest.raises(SeedError) as info:
        load_exercises(folder, bib)
    assert only(info.value) == "seeds/exercises.yml, line 1, field 'exercises': required " \
        "field is missing"
