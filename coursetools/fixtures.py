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


# ------------------------------------------------------------------------------ Part III

def calibration_cases(n_random: int = 120, seed: int = 2018) -> list[dict]:
    """Phrase answers against random ranges, and forecast answers against random outcomes."""
    rng = random.Random(seed)
    cases = []
    for i in range(n_random):
        phrases = []
        for j in range(rng.randint(1, 7)):
            lo = rng.randint(0, 99)
            phrases.append({"id": f"p{j}", "low": lo, "high": rng.randint(lo + 1, 100)})
        forecasts = [{"id": f"f{j}", "outcome": rng.random() < 0.5}
                     for j in range(rng.randint(1, 8))]
        pa = {p["id"]: rng.randint(0, 100) for p in phrases if rng.random() < 0.8}
        fa = {f["id"]: rng.choice([0, 1, 50, 99, 100, rng.randint(0, 100)])
              for f in forecasts if rng.random() < 0.8}
        cases.append({"name": f"random {i}", "phrases": phrases, "forecasts": forecasts,
                      "phraseAnswers": pa, "forecastAnswers": fa})
    return cases


def python_calibration_results(cases: list[dict]) -> list[dict]:
    from casebook.estimative import score_forecasts, score_phrases

    out = []
    for c in cases:
        ps = score_phrases(c["phraseAnswers"], {p["id"]: (p["low"], p["high"])
                                                for p in c["phrases"]})
        fs = score_forecasts(c["forecastAnswers"], {f["id"]: f["outcome"] for f in c["forecasts"]})
        out.append({"phrases": {"inRange": ps.in_range, "total": ps.total,
                                "percent": ps.percent, "perPhrase": ps.per_phrase},
                    "forecasts": {"answered": fs.answered, "total": fs.total,
                                  "brierMilli": fs.brier_milli, "skillPercent": fs.skill_percent,
                                  "perForecast": fs.per_forecast}})
    return out


ACH_CODES = ("CC", "C", "N", "I", "II")
ACH_SIDES = {"CC": "consistent", "C": "consistent", "N": "neutral", "I": "inconsistent",
             "II": "inconsistent"}
ACH_WEIGHTS = {"CC": 0, "C": 0, "N": 0, "I": 1, "II": 2}


def ach_cases(n_random: int = 150, seed: int = 2019) -> list[dict]:
    """Random matrices, learner ratings (some cells unrated), spoofable rows and exclusions."""
    rng = random.Random(seed)
    cases = []
    for i in range(n_random):
        hyps = [f"h{k}" for k in range(rng.randint(2, 5))]
        rows = [f"e{k}" for k in range(rng.randint(1, 9))]
        key = {r: {h: rng.choice(ACH_CODES) for h in hyps} for r in rows}
        if rng.random() < 0.3:  # a row that does not discriminate
            side = rng.choice(["C", "N", "I"])
            key[rows[0]] = dict.fromkeys(hyps, side)
        answers = {r: {h: rng.choice(ACH_CODES) for h in hyps if rng.random() < 0.8}
                   for r in rows if rng.random() < 0.9}
        spoofable = [r for r in rows if rng.random() < 0.4]
        exclude = [r for r in spoofable if rng.random() < 0.5]
        cases.append({"name": f"random {i}", "hypotheses": hyps, "key": key, "answers": answers,
                      "spoofable": spoofable, "exclude": exclude})
    return cases


def python_ach_results(cases: list[dict]) -> list[dict]:
    from casebook.ach import inconsistency, leaders, nondiagnostic, score_ratings, sensitivity

    out = []
    for c in cases:
        hyps = c["hypotheses"]
        scores = inconsistency(c["answers"], hyps, ACH_WEIGHTS, c["exclude"])
        rated = score_ratings(c["answers"], c["key"], ACH_SIDES)
        out.append({
            "scores": scores, "leaders": leaders(scores, hyps),
            "nondiagnostic": nondiagnostic(c["answers"], hyps, ACH_SIDES),
            "keyNondiagnostic": nondiagnostic(c["key"], hyps, ACH_SIDES),
            "pivots": sensitivity(c["answers"], hyps, ACH_WEIGHTS, c["spoofable"], c["exclude"]),
            "keyPivots": sensitivity(c["key"], hyps, ACH_WEIGHTS, c["spoofable"]),
            "rating": {"matched": rated.matched, "exact": rated.exact, "total": rated.total,
                       "percent": rated.percent, "perCell": rated.per_cell},
        })
    return out


JUDGMENTS = [
    "", "  ", "North Korea's government likely ordered the attack.",
    "North Korea likely did it with high confidence.",
    "It is very likely North Korea. We have moderate confidence in that.",
    "An insider did it.", "It was roughly even chance: an attack or a fault.",
    "We are confident. It is probably so.",
    "Almost certainly   North Korea; remote that it was not.",
    "It was unlikely, not very unlikely, to be hacktivists! Low confidence applies.",
]
BASES = ["", "Good sources.", "Two independent technical lines agree, but the strongest "
         "evidence was withheld from the public.", "   "]
TEXTS = ["", "Symantec's shared server", "The FBI's grounds", "  ", "Routing data"]
SOURCES = ["", "cioasia-20141204", "https://example.org/a", " "]


def assessment_cases(n_random: int = 150, seed: int = 2020) -> list[dict]:
    """Assessments assembled from good, flawed and blank parts."""
    rng = random.Random(seed)
    likelihoods = ["", "likely", "very-likely", "roughly-even-chance", "unlikely", "maybe"]
    cases = []
    for i in range(n_random):
        cases.append({"name": f"random {i}", "assessment": {
            "judgment": rng.choice(JUDGMENTS), "likelihood": rng.choice(likelihoods),
            "confidence": rng.choice(["", "high", "moderate", "low", "very"]),
            "confidence_basis": rng.choice(BASES),
            "evidence": [{"text": rng.choice(TEXTS), "source": rng.choice(SOURCES)}
                         for _ in range(rng.randint(0, 6))],
            "alternatives": [{"hypothesis": rng.choice(["", "Insiders", "Hacktivists"]),
                              "why": rng.choice(["", "No evidence was shown.", " "])}
                             for _ in range(rng.randint(0, 4))],
            "would_change": rng.choice(["", "A leak of the logs.", "\t"]),
        }})
    return cases


def assessment_vocabulary(folder=None) -> dict:
    """The words and labels the assessment checker uses, as the widget receives them."""
    from casebook.estimative import likelihood_words, load_estimative, spec_vocabulary

    spec = load_estimative(folder)
    words = likelihood_words(spec)
    vocab = spec_vocabulary(spec)
    return {"words": words, "confidence": list(spec["confidence"]),
            "vocab": {"likelihood": list(vocab.likelihood), "confidence": list(vocab.confidence),
                      "hedges": list(vocab.hedges)},
            "labels": {f: f.replace("_", " ").capitalize() for f in
                       ("judgment", "likelihood", "confidence", "confidence_basis", "evidence",
                        "alternatives", "would_change")},
            "likelihoodLabels": {k: v[0] for k, v in words.items()}}


def python_assessment_results(cases: list[dict], setup: dict) -> list[dict]:
    from casebook.assessment import check_parts, to_markdown
    from casebook.estimative import vocabulary

    vocab = vocabulary(setup["vocab"]["likelihood"], setup["vocab"]["confidence"],
                       setup["vocab"]["hedges"])
    return [{"findings": check_parts(c["assessment"], setup["words"],
                                     tuple(setup["confidence"]), vocab),
             "markdown": to_markdown(c["assessment"], setup["labels"],
                                     setup["likelihoodLabels"], "Test")}
            for c in cases]
