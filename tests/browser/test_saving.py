"""Nothing a learner does is lost: two tabs, a changed claim, full or failing storage, a bad
saved entry, and Import and Reset that ask first.  Driven in headless Chromium on the built book.

The shell that does this is shared by every widget (widget-common.js); the sorter is the main
subject here, and the quiz and the grader are checked for the confirmations they share.
"""

from __future__ import annotations

import json

from playwright.sync_api import expect

from casebook import exercise_claims, load_exercises, load_quizzes

PAGE = "exercises/01-the-sony-hack.html"
EXERCISE = "ex-01-sony-dec-2014"
SORTER = f'[data-widget="claim-sorter"][data-exercise-id="{EXERCISE}"]'
KEY = f"casebook:claim-sorter:{EXERCISE}"
QUIZ = "quiz-01-sony-recall"
QUIZ_ROOT = f'[data-widget="quiz"][data-exercise-id="{QUIZ}"]'


def tier_of(root, claim_id):
    return root.locator(f'select[data-claim-id="{claim_id}"][data-control="tier"]')


def sorter(page):
    root = page.locator(SORTER)
    root.wait_for(state="visible")
    return root


def fingerprints(page):
    """The fingerprints the page's sorter gives its items, read back from a saved record."""
    record = json.loads(page.evaluate("k => localStorage.getItem(k)", KEY))
    return {item: entry["fp"] for item, entry in record["entries"].items()}


def test_two_tabs_merge_and_follow_each_other(context, base_url):
    claims = load_exercises()[EXERCISE]["claims"]
    a = context.new_page()
    b = context.new_page()
    a.goto(f"{base_url}/{PAGE}", wait_until="load")
    b.goto(f"{base_url}/{PAGE}", wait_until="load")
    root_a, root_b = sorter(a), sorter(b)
    tier_of(root_a, claims[0]).select_option("3")
    tier_of(root_b, claims[1]).select_option("1")
    # Each open tab follows the other through the storage event.
    expect(tier_of(root_b, claims[0])).to_have_value("3")
    expect(tier_of(root_a, claims[1])).to_have_value("1")
    # A stale change does not undo a newer one: B changes claim 0 after A did.
    tier_of(root_b, claims[0]).select_option("2")
    expect(tier_of(root_a, claims[0])).to_have_value("2")
    a.reload(wait_until="load")
    b.reload(wait_until="load")
    for page in (a, b):
        root = sorter(page)
        assert tier_of(root, claims[0]).input_value() == "2"
        assert tier_of(root, claims[1]).input_value() == "1"
    a.close()
    b.close()


def test_a_changed_claim_sets_its_answer_aside_once(open_page):
    claims = load_exercises()[EXERCISE]["claims"]
    page, watch = open_page(PAGE)
    root = sorter(page)
    tier_of(root, claims[0]).select_option("4")
    tier_of(root, claims[1]).select_option("1")
    fps = fingerprints(page)
    # As if the first claim's wording or key had changed since the answer was given.
    page.evaluate("""([k, item]) => {
        const r = JSON.parse(localStorage.getItem(k));
        r.entries[item].fp = 'old-wording';
        localStorage.setItem(k, JSON.stringify(r));
    }""", [KEY, f"p:{claims[0]}"])
    assert fps[f"p:{claims[1]}"] != "old-wording"
    page.reload(wait_until="load")
    root = sorter(page)
    notice = root.locator(".cb-notice")
    assert "1 answer saved earlier was given when a claim or question here read differently" \
        in notice.inner_text()
    assert tier_of(root, claims[0]).input_value() == ""
    assert tier_of(root, claims[1]).input_value() == "1", "unchanged claims carry over silently"
    with page.expect_download() as info:
        notice.get_by_role("button", name="Export them").click()
    assert json.loads(open(info.value.path()).read())["answers"] == {f"p:{claims[0]}": 4}
    notice.get_by_role("button", name="Dismiss").click()
    page.reload(wait_until="load")
    root = sorter(page)
    assert "set aside" not in root.locator(".cb-notice").inner_text()
    watch.assert_clean()


def test_one_invalid_saved_entry_does_not_discard_the_others(open_page):
    claims = load_exercises()[EXERCISE]["claims"]
    page, watch = open_page(PAGE)
    root = sorter(page)
    tier_of(root, claims[0]).select_option("3")
    tier_of(root, claims[1]).select_option("2")
    page.evaluate("""([k, item]) => {
        const r = JSON.parse(localStorage.getItem(k));
        r.entries[item].v = 9;
        localStorage.setItem(k, JSON.stringify(r));
    }""", [KEY, f"p:{claims[1]}"])
    page.reload(wait_until="load")
    root = sorter(page)
    assert tier_of(root, claims[0]).input_value() == "3"
    assert tier_of(root, claims[1]).input_value() == ""
    assert "1 answer saved earlier was not valid and skipped" in root.locator(
        ".cb-notice").inner_text()
    watch.assert_clean()


def test_full_storage_still_restores_and_says_new_answers_are_not_saved(context, open_page):
    claims = load_exercises()[EXERCISE]["claims"]
    page, watch = open_page(PAGE)
    root = sorter(page)
    tier_of(root, claims[0]).select_option("3")
    # Fill the origin's storage to its quota, as other sites on one host can.
    page.evaluate("""() => {
        let n = 0;
        for (const size of [262144, 16384, 1024, 64, 8, 1]) {
            const chunk = 'x'.repeat(size);
            for (let i = 0; i < 400; i += 1) {
                try { localStorage.setItem('f' + (n++), chunk); } catch (e) { break; }
            }
        }
    }""")
    page.reload(wait_until="load")
    root = sorter(page)
    assert tier_of(root, claims[0]).input_value() == "3", "reading works when writing fails"
    notice = root.locator(".cb-notice")
    expect(notice).to_contain_text("is not saving answers right now")
    tier_of(root, claims[1]).select_option("2")
    expect(notice).to_contain_text("could not be saved in this browser")
    page.evaluate("() => Object.keys(localStorage).filter(k => /^f[0-9]+$/.test(k))"
                  ".forEach(k => localStorage.removeItem(k))")
    watch.assert_clean()


def test_storage_that_throws_on_read_starts_empty_with_a_notice(context, base_url):
    context.add_init_script("""(() => {
        Storage.prototype.getItem = function (key) {
            if (String(key).startsWith('casebook:claim-sorter')) throw new Error('corrupt file');
            return null;
        };
    })();""")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base_url}/{PAGE}", wait_until="load")
    root = sorter(page)
    assert "storage could not be read, so the exercise starts empty" in root.locator(
        ".cb-notice").inner_text()
    claim = load_exercises()[EXERCISE]["claims"][0]
    tier_of(root, claim).select_option("2")
    root.get_by_role("button", name="Check", exact=True).click()
    assert root.locator(".cb-summary").inner_text().startswith("Score: ")
    assert errors == []
    page.close()


def test_quiz_import_and_reset_ask_first(open_page, tmp_path):
    questions = load_quizzes()[QUIZ]["questions"]
    page, watch = open_page(PAGE)
    root = page.locator(QUIZ_ROOT)
    root.wait_for(state="visible")
    q = questions[0]
    wrong = next(o["id"] for o in q["options"] if o["id"] != q["answer"])
    root.locator(f'fieldset[data-question-id="{q["id"]}"] input[value="{q["answer"]}"]').check()
    root.get_by_role("button", name="Check").click()
    block = root.locator(f'fieldset[data-question-id="{q["id"]}"]')
    assert block.get_attribute("data-verdict") == "correct"
    path = tmp_path / "quiz.json"
    path.write_text(json.dumps({"format": "casebook-quiz", "version": 2, "exercise_id": QUIZ,
                                "answers": {f"q:{q['id']}": wrong, "q:constructor": "a",
                                            "q:__proto__": "a"}}))
    root.locator('input[type="file"]').set_input_files(str(path))
    confirm = root.locator(".cb-confirm")
    expect(confirm).to_contain_text("It would replace 1, add 0 and clear 0")
    expect(confirm).to_contain_text("2 not in this exercise")
    root.get_by_role("button", name="Replace my answers").click()
    assert block.get_attribute("data-verdict") is None, "no verdict survives an import"
    assert "Your answer is correct." not in block.inner_text()
    assert block.locator(f'input[value="{wrong}"]').is_checked()
    root.get_by_role("button", name="Reset").click()
    root.get_by_role("button", name="Clear 1 answer").click()
    assert not block.locator(f'input[value="{wrong}"]').is_checked()
    root.get_by_role("button", name="Undo").click()
    assert block.locator(f'input[value="{wrong}"]').is_checked()
    watch.assert_clean()


def test_grader_reset_asks_first(open_page):
    claim = exercise_claims("ex-00-grade-claims").index[0]
    page, watch = open_page("book/how-to-weigh-a-claim.html")
    root = page.locator('[data-widget="claim-grader"]')
    root.wait_for(state="visible")
    grade = root.locator(f'select[data-claim-id="{claim}"][data-axis="spoofability"]')
    grade.select_option("high")
    root.get_by_role("button", name="Reset").click()
    expect(root.locator(".cb-confirm")).to_contain_text("Clear your grade in this exercise?")
    root.get_by_role("button", name="Cancel").click()
    assert grade.input_value() == "high"
    watch.assert_clean()
