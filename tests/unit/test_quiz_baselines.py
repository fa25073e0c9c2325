"""A score a guess cannot reach: what constant and random answers score on each quiz.

The rule (house style 12b, stated for quizzes in seeds/README.md): a constant answer (always the
first option in YAML order, or always the option at any one position) and a uniformly random
answer both score at most half.  The option-length rule keeps the longest option from being a
cue: the right answer is the strictly longest option in at most a third of a quiz's questions.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from casebook import load_quizzes
from casebook.scoring import score_quiz

QUIZZES = load_quizzes()


def constant_answers(questions: list[dict], position: int) -> dict[str, str]:
    """Always the option at ``position`` in YAML order; shorter questions stay unanswered."""
    return {q["id"]: q["options"][position]["id"] for q in questions
            if position < len(q["options"])}


def constant_baselines(questions: list[dict]) -> dict[int, Fraction]:
    """The share of questions right for each constant position, from ``score_quiz``."""
    widest = max(len(q["options"]) for q in questions)
    return {k: Fraction(score_quiz(constant_answers(questions, k), questions).correct,
                        len(questions)) for k in range(widest)}


def random_baseline(questions: list[dict]) -> Fraction:
    """The expected share right when every option of every question is equally likely."""
    return sum((Fraction(1, len(q["options"])) for q in questions), Fraction(0)) / len(questions)


@pytest.mark.parametrize("quiz_id", sorted(QUIZZES))
def test_always_the_first_option_scores_at_most_half(quiz_id):
    questions = QUIZZES[quiz_id]["questions"]
    assert constant_baselines(questions)[0] <= Fraction(1, 2)


@pytest.mark.parametrize("quiz_id", sorted(QUIZZES))
def test_always_the_same_position_scores_at_most_half(quiz_id):
    questions = QUIZZES[quiz_id]["questions"]
    too_high = {k: float(v) for k, v in constant_baselines(questions).items() if v > Fraction(1, 2)}
    assert too_high == {}, f"{quiz_id}: always answering position k scores over 50 %: {too_high}"


@pytest.mark.parametrize("quiz_id", sorted(QUIZZES))
def test_a_random_answer_is_expected_to_score_at_most_half(quiz_id):
    assert random_baseline(QUIZZES[quiz_id]["questions"]) <= Fraction(1, 2)


@pytest.mark.parametrize("quiz_id", sorted(QUIZZES))
def test_the_longest_option_is_not_a_cue(quiz_id):
    questions = QUIZZES[quiz_id]["questions"]
    longest = []
    for q in questions:
        lengths = [len(o["text"]) for o in q["options"]]
        right = next(len(o["text"]) for o in q["options"] if o["id"] == q["answer"])
        if right == max(lengths) and lengths.count(right) == 1:
            longest.append(q["id"])
    assert 3 * len(longest) <= len(questions), (
        f"seeds/quizzes.yml, quiz '{quiz_id}': the right answer is the longest option in "
        f"{len(longest)} of {len(questions)} questions ({', '.join(longest)}); "
        "expected at most a third")


@pytest.mark.parametrize("quiz_id", sorted(QUIZZES))
def test_the_right_answer_moves_around_in_yaml_order(quiz_id):
    questions = QUIZZES[quiz_id]["questions"]
    positions = {q["id"]: [o["id"] for o in q["options"]].index(q["answer"]) for q in questions}
    assert len(set(positions.values())) >= min(3, len(questions)), (
        f"seeds/quizzes.yml, quiz '{quiz_id}': the right answer sits at positions {positions}; "
        "expected it in at least three different positions")


def test_the_baselines_are_computed_from_the_data():
    """Worked example: the helpers count what they claim to on a small hand-made quiz."""
    questions = [
        {"id": "q1", "answer": "a", "options": [{"id": "a"}, {"id": "b"}]},
        {"id": "q2", "answer": "c", "options": [{"id": "a"}, {"id": "b"}, {"id": "c"}]},
        {"id": "q3", "answer": "b", "options": [{"id": "a"}, {"id": "b"}, {"id": "c"},
                                                 {"id": "d"}]},
    ]
    assert constant_baselines(questions) == {0: Fraction(1, 3), 1: Fraction(1, 3),
                                             2: Fraction(1, 3), 3: Fraction(0)}
    assert random_baseline(questions) == (Fraction(1, 2) + Fraction(1, 3) + Fraction(1, 4)) / 3
