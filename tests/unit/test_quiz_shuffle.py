"""The quiz's option shuffle: a stable order per learner, option ids kept, Python state unshuffled.

``shuffled_option_order`` mirrors ``shuffledOptionOrder`` in ``widgets/static/quiz.js``; the
browser test ``tests/browser/test_quiz.py`` checks both on ``coursetools.fixtures.shuffle_cases``,
and the Node test below does the same where Node is installed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from itertools import permutations

import pytest

from casebook import load_quizzes
from casebook.paths import STATIC_DIR
from casebook.widgets.quiz import LEARNER_SEED_KEY, Quiz, _hash_string, shuffled_option_order


def test_fnv1a_matches_published_test_vectors():
    # FNV-1a 32-bit test vectors from the algorithm's reference list.
    assert _hash_string("") == 0x811C9DC5
    assert _hash_string("a") == 0xE40C292C
    assert _hash_string("foobar") == 0xBF9CF968


@pytest.mark.parametrize("n", range(7))
def test_order_is_a_permutation_and_repeatable(n):
    order = shuffled_option_order("0123456789abcdef", "quiz-01-sony-recall", "wiper-day", n)
    assert sorted(order) == list(range(n))
    assert order == shuffled_option_order("0123456789abcdef", "quiz-01-sony-recall",
                                          "wiper-day", n)


def test_pinned_orders_do_not_drift():
    """Changing the hash, the PRNG or the shuffle reorders every learner's quiz: pin a few.

    The same values come out of quiz.js (checked with Node when these were pinned).
    """
    got = [shuffled_option_order(seed, "quiz-01-sony-recall", qid, 4)
           for seed in ("0123456789abcdef", "page:/exercises/01-the-sony-hack.html")
           for qid in ("wiper-day", "fbi-grounds")]
    assert got == [[1, 0, 2, 3], [0, 3, 1, 2], [2, 0, 1, 3], [3, 1, 0, 2]]
    assert shuffled_option_order("0123456789abcdef", "quiz-02-outage-recall",
                                 "blackout-start", 6) == [0, 1, 5, 4, 3, 2]


def test_every_order_is_about_equally_likely_across_learners():
    counts = Counter(tuple(shuffled_option_order(f"{s:016x}", "quiz", "question", 4))
                     for s in range(24_000))
    assert set(counts) == set(permutations(range(4)))
    # 1,000 expected per order; a fair shuffle stays well inside 850-1,150 on this fixed set.
    assert 850 <= min(counts.values()) and max(counts.values()) <= 1150


def test_the_right_answer_lands_in_each_position_about_equally():
    questions = [q for quiz in load_quizzes().values() for q in quiz["questions"]]
    first = Counter()
    for s in range(2_000):
        for q in questions:
            order = shuffled_option_order(f"{s:016x}", "quiz", q["id"], len(q["options"]))
            shown = [q["options"][k]["id"] for k in order]
            first[shown.index(q["answer"]) == 0] += 1
    share = first[True] / (first[True] + first[False])
    expected = sum(1 / len(q["options"]) for q in questions) / len(questions)
    assert abs(share - expected) < 0.02


def test_different_seeds_and_questions_give_different_orders():
    orders = {shuffled_option_order(f"learner-{i}", "quiz", "q", 5).__repr__() for i in range(50)}
    assert len(orders) > 20
    assert (shuffled_option_order("s", "quiz-a", "q", 6)
            != shuffled_option_order("s", "quiz-b", "q", 6)
            or shuffled_option_order("s", "quiz-a", "r", 6)
            != shuffled_option_order("s", "quiz-b", "r", 6))


def test_bad_n_is_refused():
    with pytest.raises(ValueError, match="non-negative integer"):
        shuffled_option_order("s", "quiz", "q", -1)


def test_option_ids_stay_with_their_options_and_scoring_ignores_order():
    quiz = Quiz.for_quiz("quiz-02-outage-recall")
    for seed in ("0123456789abcdef", "fedcba9876543210"):
        order = quiz.option_order(seed)
        for q in quiz.questions:
            assert sorted(order[q["id"]]) == [o["id"] for o in q["options"]]
    quiz.answer(quiz.questions[0]["id"], quiz.questions[0]["answer"])
    assert quiz.score().correct == 1


def test_python_state_keeps_yaml_order_and_is_the_same_every_run():
    """nbval compares outputs: the widget's static HTML must not depend on any seed."""
    first, second = Quiz.for_quiz("quiz-01-sony-recall"), Quiz.for_quiz("quiz-01-sony-recall")
    assert first.static_html() == second.static_html()
    spec = load_quizzes()["quiz-01-sony-recall"]["questions"]
    assert [[o["id"] for o in q["options"]] for q in first.questions] == [
        [o["id"] for o in q["options"]] for q in spec]
    assert LEARNER_SEED_KEY not in first.static_html()


def test_javascript_names_the_same_storage_key():
    assert f'export const LEARNER_SEED_KEY = "{LEARNER_SEED_KEY}";' in (
        STATIC_DIR / "quiz.js").read_text(encoding="utf-8")


NODE_SCRIPT = """
import { shuffledOptionOrder } from %s;
let text = "";
process.stdin.on("data", (chunk) => { text += chunk; });
process.stdin.on("end", () => {
  const cases = JSON.parse(text);
  process.stdout.write(JSON.stringify(
    cases.map((c) => shuffledOptionOrder(c.seed, c.quizId, c.questionId, c.n))));
});
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_javascript_shuffle_matches_python_in_node(tmp_path):
    from coursetools.fixtures import python_shuffle_results, shuffle_cases

    cases = shuffle_cases()
    script = tmp_path / "shuffle.mjs"
    script.write_text(NODE_SCRIPT % json.dumps((STATIC_DIR / "quiz.js").as_uri()))
    run = subprocess.run(["node", str(script)], input=json.dumps(cases), capture_output=True,
                         text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == python_shuffle_results(cases)
