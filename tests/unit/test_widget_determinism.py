"""Every widget's page output is the same on every run: no memory address, no random id, no
time.  nbval runs each page once and the book reuses that run, so this is where determinism
is checked, for every exercise of every widget."""

from __future__ import annotations

import pytest

from casebook import ClaimGrader, ClaimSorter, Quiz, load_exercises, load_quizzes

EXERCISES = load_exercises()


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_exercise_widgets_render_the_same_twice(exercise_id):
    cls = ClaimSorter if EXERCISES[exercise_id]["kind"] == "sorter" else ClaimGrader
    first, second = cls.for_exercise(exercise_id), cls.for_exercise(exercise_id)
    assert first.static_html() == second.static_html()
    assert repr(first) == repr(second)
    assert "0x" not in repr(first)
    data, _ = first._repr_mimebundle_()
    assert data["text/html"] == second.static_html()


@pytest.mark.parametrize("quiz_id", sorted(load_quizzes()))
def test_quizzes_render_the_same_twice(quiz_id):
    first, second = Quiz.for_quiz(quiz_id), Quiz.for_quiz(quiz_id)
    assert first.static_html() == second.static_html()
    assert repr(first) == repr(second)
