"""Part III's widgets compute in the browser exactly what the package computes in Python: the
calibration scores, the ACH scores, leaders, non-diagnostic rows and planted-item pivots, and
the assessment checker's findings and Markdown, on shared seeded fixtures."""

from __future__ import annotations

from coursetools.fixtures import (
    ACH_SIDES,
    ACH_WEIGHTS,
    ach_cases,
    assessment_cases,
    assessment_vocabulary,
    calibration_cases,
    python_ach_results,
    python_assessment_results,
    python_calibration_results,
)

PAGE = "book/intro.html"


def test_calibration_scoring_matches_python(open_page, base_url):
    cases = calibration_cases()
    page, watch = open_page(PAGE)
    js = page.evaluate("""async ([url, cases]) => {
        const mod = await import(url);
        return cases.map(c => ({phrases: mod.scorePhrases(c.phraseAnswers, c.phrases),
                                forecasts: mod.scoreForecasts(c.forecastAnswers, c.forecasts)}));
    }""", [f"{base_url}/_static/calibration.js", cases])
    assert js == python_calibration_results(cases)
    watch.assert_clean()


def test_ach_logic_matches_python(open_page, base_url):
    cases = ach_cases()
    page, watch = open_page(PAGE)
    js = page.evaluate("""async ([url, cases, weights, sides]) => {
        const mod = await import(url);
        return cases.map(c => {
            const scores = mod.inconsistency(c.answers, c.hypotheses, weights, c.exclude);
            return {scores, leaders: mod.leaders(scores, c.hypotheses),
                nondiagnostic: mod.nondiagnostic(c.answers, c.hypotheses, sides),
                keyNondiagnostic: mod.nondiagnostic(c.key, c.hypotheses, sides),
                pivots: mod.sensitivity(c.answers, c.hypotheses, weights, c.spoofable, c.exclude),
                keyPivots: mod.sensitivity(c.key, c.hypotheses, weights, c.spoofable),
                rating: mod.scoreRatings(c.answers, c.key, sides)};
        });
    }""", [f"{base_url}/_static/ach.js", cases, ACH_WEIGHTS, ACH_SIDES])
    assert js == python_ach_results(cases)
    watch.assert_clean()


def test_assessment_checker_and_markdown_match_python(open_page, base_url):
    cases = assessment_cases()
    setup = assessment_vocabulary()
    page, watch = open_page(PAGE)
    js = page.evaluate("""async ([url, cases, s]) => {
        const mod = await import(url);
        return cases.map(c => ({
            findings: mod.checkParts(c.assessment, s.words, s.confidence, s.vocab),
            markdown: mod.toMarkdown(c.assessment, s.labels, s.likelihoodLabels, "Test")}));
    }""", [f"{base_url}/_static/assessment.js", cases, setup])
    expected = python_assessment_results(cases, setup)
    for i, (got, want) in enumerate(zip(js, expected, strict=True)):
        assert got == want, (cases[i]["assessment"], got, want)
    watch.assert_clean()
