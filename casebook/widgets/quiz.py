"""The recall quiz: single-choice questions with feedback that explains every option."""

from __future__ import annotations

import pandas as pd
import traitlets as t

from ..data import load_quizzes, quiz_bank_version
from ..scoring import score_quiz
from .base import CourseWidget, bundled_esm


class Quiz(CourseWidget):
    """A quiz from ``seeds/quizzes.yml``, live in Jupyter and kernel-free on the built book.

    Examples
    --------
    >>> quiz = Quiz.for_quiz("quiz-01-sony-recall")  # doctest: +SKIP
    >>> quiz.results()  # after answering: one row per question  # doctest: +SKIP
    """

    _widget_name = "quiz"
    _esm = bundled_esm("quiz")
    _static_keys = ("quiz_id", "title", "bank_version", "questions", "answers")

    quiz_id = t.Unicode().tag(sync=True)
    title = t.Unicode().tag(sync=True)
    bank_version = t.Unicode().tag(sync=True)
    questions = t.List(t.Dict()).tag(sync=True)
    answers = t.Dict().tag(sync=True)

    @classmethod
    def for_quiz(cls, quiz_id: str) -> Quiz:
        """Build the quiz with this id from ``seeds/quizzes.yml``."""
        quizzes = load_quizzes()
        if quiz_id not in quizzes:
            raise KeyError(f"unknown quiz '{quiz_id}'; known quizzes: {', '.join(sorted(quizzes))}")
        spec = quizzes[quiz_id]
        return cls(quiz_id=quiz_id, title=spec["title"], bank_version=quiz_bank_version(),
                   questions=spec["questions"], answers={})

    def __repr__(self) -> str:
        return f"Quiz(quiz_id={self.quiz_id!r}, questions={len(self.questions)})"

    def answer(self, question_id: str, option_id: str | None) -> None:
        """Answer one question from Python (what the learner does with the radio buttons)."""
        question = next((q for q in self.questions if q["id"] == question_id), None)
        if question is None:
            raise KeyError(f"question '{question_id}' is not in quiz '{self.quiz_id}'")
        if option_id is not None and option_id not in {o["id"] for o in question["options"]}:
            raise ValueError(f"'{option_id}' is not an option of question '{question_id}'")
        answers = {k: v for k, v in self.answers.items() if k != question_id}
        if option_id is not None:
            answers[question_id] = option_id
        self.answers = answers

    def score(self):
        """Score the current answers (see ``casebook.scoring.score_quiz``)."""
        return score_quiz(self.answers, self.questions)

    def results(self) -> pd.DataFrame:
        """One row per question: ``question_id``, ``answer``, ``correct_option``, ``verdict``,
        ``feedback`` (the feedback of the chosen option)."""
        score = self.score()
        rows = []
        for q in self.questions:
            chosen = self.answers.get(q["id"])
            option = next((o for o in q["options"] if o["id"] == chosen), None)
            rows.append({"question_id": q["id"], "answer": chosen, "correct_option": q["answer"],
                         "verdict": score.per_question[q["id"]],
                         "feedback": option["feedback"] if option else ""})
        return pd.DataFrame(rows)
