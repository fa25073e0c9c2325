"""Scoring fixtures shared by the Python tests and the browser parity test.

The same cases are scored by ``casebook.scoring`` and by ``scorePlacements`` in the widget's
JavaScript module; the results must match exactly.
"""

from __future__ import annotations

import random

from casebook.scale import AXIS_VALUES, GRADED_AXES
from casebook.scoring import Key, implied_tier, score_grades, score_quiz, score_sort


def scoring_cases(n_random: int = 200, seed: int = 2014) -> list[dict]:
    """Hand-made edge cases plus seeded random ones, as plain JSON-ready dicts."""
    base = [
        {"id": "a", "tier_min": 3, "tier_max": 3},
        {"id": "b", "tier_min": 2, "tier_max": 3},
        {"id": "c", "tier_min": 1, "tier_max": 1},
        {"id": "d", "tier_min": 4, "tier_max": 4},
    ]
    cases = [
        {"name": "empty", "claims": base, "placements": {}},
        {"name": "all in band", "claims": base, "placements": {"a": 3, "b": 2, "c": 1, "d": 4}},
        {"name": "near misses both sides", "claims": base,
         "placements": {"a": 4, "b": 1, "c": 2, "d": 3}},
        {"name": "far misses", "claims": base, "placements": {"a": 1, "b": 1, "c": 4, "d": 1}},
        {"name": "ties: every claim in one tier", "claims": base,
         "placements": {"a": 2, "b": 2, "c": 2, "d": 2}},
        {"name": "unknown ids ignored", "claims": base,
         "placements": {"a": 3, "zz": 1, "aa": 4}},
        {"name": "rounding of one eighth", "claims": [
            {"id": f"k{i}", "tier_min": 2, "tier_max": 2} for i in range(8)],
         "placements": {"k0": 3}},
        {"name": "rounding of one sixth", "claims": [
            {"id": f"s{i}", "tier_min": 1, "tier_max": 2} for i in range(6)],
         "placements": {"s0": 1}},
    ]
    rng = random.Random(seed)
    for i in range(n_random):
        claims = []
        for j in range(rng.randint(1, 14)):
            lo = rng.randint(1, 4)
            claims.append({"id": f"r{i}-{j}", "tier_min": lo,
                           "tier_max": min(4, lo + rng.randint(0, 1))})
        placements = {c["id"]: rng.randint(1, 4) for c in claims if rng.random() < 0.8}
        if rng.random() < 0.2:
            placements[f"stray-{i}"] = rng.randint(1, 4)
        cases.append({"name": f"random {i}", "claims": claims, "placements": placements})
    return cases


def python_results(cases: list[dict]) -> list[dict]:
    """Score each case in Python, in the shape ``scoreSort`` returns."""
    out = []
    for case in cases:
        keys = {c["id"]: Key(c["tier_min"], c["tier_max"]) for c in case["claims"]}
        score = score_sort(case["placements"], keys)
        out.append({
            "inBand": score.in_band, "claims": score.claims, "pairsAgreed": score.pairs_agreed,
            "pairs": score.pairs, "percent": score.percent, "perClaim": dict(score.per_claim),
            "misordered": [list(p) for p in score.misordered], "unknown": list(score.unknown),
        })
    return out


GRADES = {axis: AXIS_VALUES[axis] for axis in GRADED_AXES}


def grader_cases(n_random: int = 100, seed: int = 2016) -> list[dict]:
    """Grader answer sets against seeded random bank grades (unset and stray axes included)."""
    rng = random.Random(seed)
    cases = []
    for i in range(n_random):
        claims = [{"id": f"g{i}-{j}", "grades": {a: rng.choice(list(v)) for a, v in
                                                  GRADES.items()}}
                  for j in range(rng.randint(1, 6))]
        answers = {}
        for c in claims:
            if rng.random() < 0.8:
                answers[c["id"]] = {a: rng.choice(list(v)) for a, v in GRADES.items()
                                    if rng.random() < 0.7}
        cases.append({"name": f"random {i}", "claims": claims, "answers": answers})
    return cases


def python_grader_results(cases: list[dict], caps: dict) -> list[dict]:
    """Score each grader case in Python, with each answer's implied tier, as the JS returns."""
    out = []
    for case in cases:
        bank = {c["id"]: c["grades"] for c in case["claims"]}
        score = score_grades(case["answers"], bank, list(GRADES))
        out.append({"matched": score.matched, "total": score.total, "percent": score.percent,
                    "perClaim": score.per_claim,
                    "implied": {cid: implied_tier(a, caps) for cid, a in case["answers"].items()}})
    return out


def quiz_cases(n_random: int = 100, seed: int = 2015) -> list[dict]:
    """Quiz answer sets: hand-made edge cases plus seeded random ones."""
    questions = [{"id": f"q{i}", "answer": "abc"[i % 3],
                  "options": [{"id": o} for o in "abc"]} for i in range(5)]
    cases = [
        {"name": "empty", "questions": questions, "answers": {}},
        {"name": "all right", "questions": questions,
         "answers": {q["id"]: q["answer"] for q in questions}},
        {"name": "all wrong", "questions": questions,
         "answers": {q["id"]: "c" if q["answer"] != "c" else "a" for q in questions}},
        {"name": "unknown question ignored", "questions": questions,
         "answers": {"q0": "a", "zz": "b"}},
    ]
    rng = random.Random(seed)
    for i in range(n_random):
        qs = [{"id": f"r{i}-{j}", "answer": rng.choice("abcd"),
               "options": [{"id": o} for o in "abcd"]} for j in range(rng.randint(1, 8))]
        answers = {q["id"]: rng.choice("abcd") for q in qs if rng.random() < 0.7}
        cases.append({"name": f"random {i}", "questions": qs, "answers": answers})
    return cases


def python_quiz_results(cases: list[dict]) -> list[dict]:
    """Score each quiz case in Python, in the shape ``scoreQuiz`` returns."""
    out = []
    for case in cases:
        score = score_quiz(case["answers"], case["questions"])
        out.append({"correct": score.correct, "total": score.total, "percent": score.percent,
                    "perQuestion": {q: {"verdict": v} for q, v in score.per_question.items()},
                    "unknown": list(score.unknown)})
    return out


def shuffle_cases(n_random: int = 300, seed: int = 2017) -> list[dict]:
    """Option-shuffle inputs: hand-made edge cases plus seeded random ones.

    Each case is ``{"seed", "quizId", "questionId", "n"}``, the arguments of
    ``shuffledOptionOrder`` in ``widgets/static/quiz.js``.  The edge cases cover no options and
    one option, an empty seed, the page fallback seed, and text outside ASCII (the hash runs
    over UTF-8 bytes on both sides).
    """
    cases = [
        {"seed": "0123456789abcdef", "quizId": "quiz-01-sony-recall", "questionId": "wiper-day",
         "n": n} for n in range(7)
    ]
    cases += [
        {"seed": s, "quizId": "quiz-02-outage-recall", "questionId": "blackout-start", "n": 4}
        for s in ("", "page:/exercises/01-the-sony-hack.html", "page:", "é", "\u2603 snow",
                  "\U0001f642", "f" * 64)
    ]
    rng = random.Random(seed)
    for i in range(n_random):
        learner = "".join(rng.choice("0123456789abcdef") for _ in range(16))
        cases.append({"seed": learner, "quizId": f"quiz-{rng.randint(1, 3):02d}",
                      "questionId": f"q{i}-{rng.randint(0, 999)}", "n": rng.randint(2, 6)})
    return cases


def python_shuffle_results(cases: list[dict]) -> list[list[int]]:
    """The option order of each shuffle case in Python, as ``shuffledOptionOrder`` returns it."""
    from casebook.widgets.quiz import shuffled_option_order

    return [shuffled_option_order(c["seed"], c["quizId"], c["questionId"], c["n"]) for c in cases]
