"""The recall quiz: single-choice questions with feedback that explains every option."""

from __future__ import annotations

import pandas as pd
import traitlets as t

from ..data import load_quizzes, quiz_bank_version
from ..scoring import score_quiz
from .base import CourseWidget, bundled_esm, fingerprint

LEARNER_SEED_KEY = "casebook:learner-seed"
"""The browser's ``localStorage`` key for a learner's seed (``LEARNER_SEED_KEY`` in quiz.js)."""

_U32 = 0xFFFFFFFF


def _hash_string(text: str) -> int:
    """FNV-1a over the text's UTF-8 bytes, as ``hashString`` in quiz.js."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & _U32
    return value


def _mulberry32(seed: int):
    """The mulberry32 sequence of unsigned 32-bit integers, as ``mulberry32`` in quiz.js."""
    state = seed & _U32
    while True:
        state = (state + 0x6D2B79F5) & _U32
        t = ((state ^ (state >> 15)) * (state | 1)) & _U32
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & _U32)) & _U32
        yield t ^ (t >> 14)


def shuffled_option_order(seed: str, quiz_id: str, question_id: str, n: int) -> list[int]:
    """The order in which a learner with this seed sees a question's ``n`` options.

    Mirrors ``shuffledOptionOrder`` in ``widgets/static/quiz.js`` (a browser test runs both on
    ``coursetools.fixtures.shuffle_cases``): a Fisher-Yates shuffle driven by mulberry32, seeded
    with the FNV-1a hash of ``"seed|quiz_id|question_id"``.  The widget shuffles only when it
    renders; the quiz's state, and so the notebook's output, keeps the order of
    ``seeds/quizzes.yml``.

    Returns
    -------
    list of int
        A permutation of ``range(n)``: position ``i`` shows ``options[order[i]]``.
    """
    if not isinstance(n, int) or n < 0:
        raise ValueError(f"n must be a non-negative integer, got {n!r}")
    order = list(range(n))
    numbers = _mulberry32(_hash_string(f"{seed}|{quiz_id}|{question_id}"))
    for i in range(n - 1, 0, -1):
        j = (next(numbers) * (i + 1)) >> 32
        order[i], order[j] = order[j], order[i]
    return order


class Quiz(CourseWidget):
    """A quiz from ``seeds/quizzes.yml``, live in Jupyter and kernel-free on the built book.

    Its state keeps the options in YAML order, so a notebook's output is the same on every run;
    the browser shows each learner the options in an order of their own (``option_order``).

    Examples
    --------
    >>> quiz = Quiz.for_quiz("quiz-01-sony-recall")  # doctest: +SKIP
    >>> quiz.results()  # after answering: one row per question  # doctest: +SKIP
    """

    _widget_name = "quiz"
    _id_trait = "quiz_id"
    _esm = bundled_esm("quiz")
    _static_keys = ("quiz_id", "title", "bank_version", "questions", "answers", "compare_with",
                    "compare_label")

    quiz_id = t.Unicode().tag(sync=True)
    title = t.Unicode().tag(sync=True)
    bank_version = t.Unicode().tag(sync=True)
    questions = t.List(t.Dict()).tag(sync=True)
    answers = t.Dict().tag(sync=True)
    # A self-check names its pre-check: after Check it shows both scores, so the learner sees
    # what the part taught them.
    compare_with = t.Unicode("").tag(sync=True)
    compare_label = t.Unicode("").tag(sync=True)

    STAGES = {"pre": "Before you start", "self": "Now that you have finished"}

    @classmethod
    def for_quiz(cls, quiz_id: str, stage: str | None = None) -> Quiz:
        """Build the quiz with this id from ``seeds/quizzes.yml``.

        ``stage`` asks the same questions twice with answers kept apart: ``"pre"`` at the start
        of a part, ``"self"`` at its end (the self-check compares its score with the
        pre-check's).  The stage's exercise id is ``<quiz id>-<stage>``.
        """
        quizzes = load_quizzes()
        if quiz_id not in quizzes:
            raise KeyError(f"unknown quiz '{quiz_id}'; known quizzes: {', '.join(sorted(quizzes))}")
        if stage is not None and stage not in cls.STAGES:
            raise ValueError(f"stage must be one of {', '.join(cls.STAGES)}, not {stage!r}")
        spec = quizzes[quiz_id]
        questions = [{**q, "fp": fingerprint(q["prompt"], q["answer"],
                                             *(o["text"] for o in q["options"]))}
                     for q in spec["questions"]]
        title = (spec["title"] if stage is None
                 else f"{cls.STAGES[stage]}: {spec['title'][:1].lower()}{spec['title'][1:]}")
        return cls(quiz_id=quiz_id if stage is None else f"{quiz_id}-{stage}", title=title,
                   bank_version=quiz_bank_version(), questions=questions, answers={},
                   compare_with=f"{quiz_id}-pre" if stage == "self" else "",
                   compare_label="the pre-check" if stage == "self" else "")

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

    def option_order(self, seed: str) -> dict[str, list[str]]:
        """The option ids of each question in the order a learner with ``seed`` sees them."""
        return {q["id"]: [q["options"][k]["id"] for k in
                          shuffled_option_order(seed, self.quiz_id, q["id"], len(q["options"]))]
                for q in self.questions}

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
