"""The tables that show keys and answers on the static pages, on a small fixture bank.

Each value is written out here by hand, so a wrong band wording, a swapped column or a lost
rationale fails, whatever the real bank holds.
"""

from __future__ import annotations

import pandas as pd
import pytest

from casebook.tables import (
    axes_table,
    band_label,
    caps_table,
    compare_table,
    key_table,
    later_table,
    question_texts,
    quiz_answer_table,
    scale_table,
)

QUIZ = """quizzes:
  - id: quiz-test
    title: Test quiz
    questions:
      - id: first
        prompt: Which axis limits a denial most?
        sources: [fbi-20141219-update]
        options:
          - {text: Its public evidence, feedback: Not the main limit.}
          - {text: The speaker's stake, correct: true, feedback: A denial is expected either way.}
"""


@pytest.mark.parametrize(("lo", "hi", "expected"), [
    (4, 4, "tier 4, Strong"),
    (1, 1, "tier 1, Negligible"),
    (2, 3, "tier 2 or 3, Weak to Moderate"),
    (1, 2, "tier 1 or 2, Negligible to Weak"),
])
def test_band_label_uses_the_scale_wording(lo, hi, expected):
    assert band_label(lo, hi) == expected


def test_key_table_shows_band_axis_and_rationale_in_card_order(seeds):
    table = key_table("ex-test")
    assert list(table.columns) == ["Claim", "Key", "Deciding axis", "Why"]
    assert list(table.index) == [1, 2]
    assert table.loc[1, "Claim"] == ("FBI: The FBI said the North Korean government was "
                                     "responsible.")
    assert table["Key"].tolist() == ["tier 2 or 3, Weak to Moderate", "tier 4, Strong"]
    assert table["Deciding axis"].tolist() == ["Public evidence", "Independence"]
    assert table.loc[2, "Why"] == "Public routing data, matched by other monitors."


def test_scale_and_axes_tables_come_from_the_scale_file():
    scale = scale_table()
    assert list(scale.index) == [4, 3, 2, 1]
    assert scale["Name"].tolist() == ["Strong", "Moderate", "Weak", "Negligible"]
    assert scale.loc[1, "What it means"].startswith("Should barely move the answer")
    axes = axes_table()
    assert len(axes) == 8
    assert "Diagnosticity" in axes["Axis"].tolist()
    assert axes.set_index("Axis").loc["The speaker's stake", "The question it asks"] == (
        "Would the speaker say this whether or not it is true?")


def test_caps_table_shows_the_graders_rule_of_thumb_from_the_scale_file():
    # Written out by hand from implied_tier in seeds/scale.yml: a changed cap must change the
    # page's table, and the axes the grader cannot cap (layer, stake, independence) stay out.
    table = caps_table()
    assert table.index.name == "Axis"
    assert list(table.columns) == ["Allows tier 4", "Caps at tier 3", "Caps at tier 2",
                                   "Caps at tier 1"]
    assert list(table.index) == ["Public evidence", "Source reliability",
                                 "Information credibility", "Spoofability", "Diagnosticity"]
    assert table.loc["Public evidence"].tolist() == ["yes", "partly", "no", ""]
    assert table.loc["Source reliability"].tolist() == ["A, B", "C, F", "D", "E"]
    assert table.loc["Information credibility"].tolist() == ["1, 2", "3", "4, 6", "5"]
    assert table.loc["Spoofability"].tolist() == ["low", "medium", "high", ""]
    assert table.loc["Diagnosticity"].tolist() == ["high", "medium", "low", "none"]


def test_question_texts_reads_the_questions_list(seeds):
    assert question_texts() == {"who-did-it": "Who did it?"}


def test_compare_table_puts_claims_side_by_side(seeds):
    table = compare_table(["sony-fbi-2014-12-19", "outage-dyn-2014-12-22"], "who-did-it")
    assert list(table.columns) == ["FBI", "Dyn Research"]
    assert table.loc["Admiralty grade"].tolist() == ["B3", "A1"]
    assert table.loc["Key"].tolist() == ["tier 2 or 3, Weak to Moderate", "tier 4, Strong"]
    assert table.loc["Diagnosticity"].tolist() == ["medium", "high"]
    assert table.loc["Date"].tolist() == ["19 December 2014", "22 December 2014"]
    with pytest.raises(KeyError, match="has no key for question 'elsewhere'"):
        compare_table(["sony-fbi-2014-12-19"], "elsewhere")


def test_later_table(seeds):
    from casebook import load_claims

    table = later_table(load_claims())
    assert list(table.columns) == ["Speaker", "Claim", "Later", "What happened"]
    assert table.loc[1, "Later"] == "supported"
    assert table.loc[1, "What happened"] == "Backed by the 2018 complaint."


def test_quiz_answer_table_shows_the_right_option_and_why(seeds):
    folder, _ = seeds
    (folder / "quizzes.yml").write_text(QUIZ)
    table = quiz_answer_table("quiz-test")
    assert table.to_dict("records") == [{
        "Question": "Which axis limits a denial most?", "Answer": "The speaker's stake",
        "Why": "A denial is expected either way."}]
    with pytest.raises(KeyError, match="unknown quiz 'nope'"):
        quiz_answer_table("nope")
    assert isinstance(table, pd.DataFrame)


def test_tables_show_their_sentences_whole():
    # What a notebook and the built page show is the frame's HTML representation.
    html = scale_table()._repr_html_()
    assert "…" not in html and "..." not in html
    assert scale_table().loc[4, "What it means"] in html


def test_admiralty_grade_puts_source_then_item(seeds):
    from casebook import load_claims
    from casebook.tables import admiralty_grade

    assert admiralty_grade(load_claims()).tolist() == ["B3", "A1"]
