"""The recall quiz on the built book: keyboard use, feedback, saving, option order, parity."""

from __future__ import annotations

from playwright.sync_api import expect

from casebook import load_quizzes
from casebook.widgets.quiz import LEARNER_SEED_KEY, shuffled_option_order
from coursetools.fixtures import (
    python_quiz_results,
    python_shuffle_results,
    quiz_cases,
    shuffle_cases,
)

from .conftest import run_axe, screenshot

PAGE = "exercises/01-the-sony-hack.html"
QUIZ = "quiz-01-sony-recall"
ROOT = f'[data-widget="quiz"][data-exercise-id="{QUIZ}"]'


def displayed_order(root, question_id: str) -> list[str]:
    """The option ids of one question, in the order the page shows them."""
    return root.locator(f'fieldset[data-question-id="{question_id}"] input[type="radio"]'
                        ).evaluate_all("els => els.map(el => el.value)")


def expected_order(seed: str, question: dict) -> list[str]:
    order = shuffled_option_order(seed, QUIZ, question["id"], len(question["options"]))
    return [question["options"][k]["id"] for k in order]


def test_keyboard_learner_answers_and_gets_feedback_on_each_option(open_page):
    questions = load_quizzes()[QUIZ]["questions"]
    page, watch = open_page(PAGE)
    root = page.locator(ROOT)
    root.wait_for(state="visible")
    assert root.locator("fieldset").count() == len(questions)
    seed = page.evaluate(f"localStorage.getItem('{LEARNER_SEED_KEY}')")
    assert seed, "the quiz keeps a learner seed in localStorage"
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
        # Space chose the first option shown, which the learner's seed decides.
        assert displayed_order(root, q["id"]) == expected_order(seed, q)
        chosen = next(o for o in q["options"] if o["id"] == expected_order(seed, q)[0])
        assert block.locator(f'input[value="{chosen["id"]}"]').is_checked()
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
    expect(root.locator(".cb-notice")).to_contain_text("Restored 1 answer saved in this browser.")
    # The key opens only after a first Check.
    expect(root.get_by_role("button", name="Show answers")).to_be_disabled()
    root.get_by_role("button", name="Check").click()
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


def test_javascript_option_shuffle_matches_python(open_page, base_url):
    cases = shuffle_cases()
    page, watch = open_page(PAGE)
    js = page.evaluate("""async ([url, cases]) => {
        const mod = await import(url);
        return cases.map(c => mod.shuffledOptionOrder(c.seed, c.quizId, c.questionId, c.n));
    }""", [f"{base_url}/_static/quiz.js", cases])
    assert js == python_shuffle_results(cases)
    watch.assert_clean()


def test_option_order_follows_the_learner_seed_and_survives_reload(context, open_page):
    questions = load_quizzes()[QUIZ]["questions"]
    orders = {}
    for seed in ("00000000000000aa", "00000000000000bb"):
        context.add_init_script(f"localStorage.setItem('{LEARNER_SEED_KEY}', '{seed}')")
        page, watch = open_page(PAGE)
        root = page.locator(ROOT)
        root.wait_for(state="visible")
        orders[seed] = {q["id"]: displayed_order(root, q["id"]) for q in questions}
        assert orders[seed] == {q["id"]: expected_order(seed, q) for q in questions}
        # An answer is saved by option id, so it comes back on its own option after a reload.
        q = questions[-1]
        root.locator(f'fieldset[data-question-id="{q["id"]}"] input[value="{q["answer"]}"]'
                     ).check()
        page.reload(wait_until="load")
        root = page.locator(ROOT)
        assert {q["id"]: displayed_order(root, q["id"]) for q in questions} == orders[seed]
        assert root.locator(f'fieldset[data-question-id="{q["id"]}"] '
                            f'input[value="{q["answer"]}"]').is_checked()
        watch.assert_clean()
        page.close()
    assert orders["00000000000000aa"] != orders["00000000000000bb"]


def test_option_order_falls_back_to_a_page_seed_without_storage(context, open_page):
    questions = load_quizzes()[QUIZ]["questions"]
    # Refuse the course's writes only, so the theme's own use of storage still works.
    context.add_init_script("""(() => {
        const setItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key, value) {
            if (String(key).startsWith('casebook:')) {
                throw new DOMException('blocked', 'QuotaExceededError');
            }
            return setItem.call(this, key, value);
        };
    })();""")
    page, watch = open_page(PAGE)
    root = page.locator(ROOT)
    root.wait_for(state="visible")
    expect(root.locator(".cb-notice")).to_contain_text("is not saving answers right now")
    seed = "page:" + page.evaluate("location.pathname")
    first = {q["id"]: displayed_order(root, q["id"]) for q in questions}
    assert first == {q["id"]: expected_order(seed, q) for q in questions}
    page.reload(wait_until="load")
    root = page.locator(ROOT)
    root.wait_for(state="visible")
    assert {q["id"]: displayed_order(root, q["id"]) for q in questions} == first
    watch.assert_clean()
