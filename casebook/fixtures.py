"""Scoring fixtures shared by the Python tests and the browser parity test.

The same cases are scored by ``casebook.scoring`` and by ``scorePlacements`` in the widget's
JavaScript module; the results must match exactly.
"""

from __future__ import annotations

import random

from .scoring import Key, score_placements, score_quiz


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
    """Score each case in Python, in the shape the JavaScript returns."""
    out = []
    for case in cases:
        keys = {c["id"]: Key(c["tier_min"], c["tier_max"]) for c in case["claims"]}
        score = score_placements(case["placements"], keys)
        out.append({
            "total": score.total, "maximum": score.maximum, "percent": score.percent,
            "perClaim": {cid: {"credit": c, "verdict": v} for cid, (c, v) in
                         score.per_claim.items()},
            "unknown": list(score.unknown),
        })
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
