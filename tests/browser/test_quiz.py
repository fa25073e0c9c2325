"""The recall quiz on the built book: keyboard use, feedback, saving, parity with Python."""

from __future__ import annotations

from playwright.sync_api import expect

from casebook import load_quizzes
from casebook.fixtures import python_quiz_results, quiz_cases

from .conftest import run_axe, screenshot

PAGE = "exercises/01-the-sony-hack.html"
QUIZ = "quiz-01-sony-recall"
ROOT = f'[data-widget="quiz"][data-exercise-id="{QUIZ}"]'


def test_keyboard_learner_answers_and_gets_feedback_on_each_option(open_page):
    questions = load_quizzes()[QUIZ]["questions"]
    page, watch = open_page(PAGE)
    root = page.locator(ROOT)
    root.wait_for(state="visible")
    assert root.locator("fieldset").count() == len(questions)
    # Keyboard only: Tab into the first radio group, arrows choose, Tab moves on.
    first_radio = root.locator('input[type="radio"]').first
    for _ in range(600):
        page.keyboard.press("Tab")
        if first_radio.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the quiz")
    for _ in questions:
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Check"
    page.keyboard.press("Enter")
    summary = root.locator(".cb-summary")
    expect(summary).to_contain_text(f"of {len(questions)} correct")
    for q in questions:
        block = root.locator(f'fieldset[data-question-id="{q["id"]}"]')
        chosen = q["options"][0]
        assert block.get_attribute("data-verdict") == (
            "correct" if chosen["id"] == q["answer"] else "wrong")
        assert chosen["feedback"] in block.locator(".cb-feedback").inner_text()
    screenshot(page, "quiz-after-check", root)
    watch.assert_clean()


def test_answers_survive_reload_and_show_answers(open_page):
    questions = load_quizzes()[QUIZ]["questions"]
    page, watch = open_page(PAGE)
    root = page.locator(ROOT)
    q = questions[0]
    root.locator(f'fieldset[data-question-id="{q["id"]}"] input[value="{q["answer"]}"]').check()
    page.reload(wait_until="load")
    root = page.locator(ROOT)
    assert root.locator(
        f'fieldset[data-question-id="{q["id"]}"] input[value="{q["answer"]}"]').is_checked()
    expect(root.locator(".cb-notice")).to_contain_text("Restored your saved answers to 1 of")
    root.get_by_role("button", name="Show answers").click()
    right = next(o for o in q["options"] if o["id"] == q["answer"])
    assert f"Answer: {right['text']}." in root.locator(
        f'fieldset[data-question-id="{q["id"]}"] .cb-answer').inner_text()
    assert run_axe(page) == []
    watch.assert_clean()


def test_javascript_quiz_scoring_matches_python(open_page, base_url):
    cases = quiz_cases()
    page, watch = open_page(PAGE)
    js = page.evaluate("""async ([url, cases]) => {
        const mod = await import(url);
        return cases.map(c => mod.scoreQuiz(c.answers, c.questions));
    }""", [f"{base_url}/_static/quiz.js", cases])
    assert js == python_quiz_results(cases)
    watch.assert_clean()
