// The recall quiz: single-choice questions with feedback on every option.
//
// Same two hosts as the claim sorter: anywidget in Jupyter, casebook-boot.js on the built book.
// scoreQuiz mirrors casebook.scoring.score_quiz, and shuffledOptionOrder mirrors
// casebook.widgets.quiz.shuffled_option_order; browser tests run both sides on the same fixtures.

import {
  BASE_CSS, exerciseShell, h, injectStyles, instanceNumber, markReady, percent, readableStorage, readCheck,
} from "./widget-common.js";

export const QUIZ_FORMAT = "casebook-quiz";
export const LEARNER_SEED_KEY = "casebook:learner-seed";
const WIDGET = "quiz";
const SEED_PATTERN = /^[0-9a-f]{16,64}$/;

// Option order.  Each learner sees every question's options in an order of their own, so the
// position of the right answer is no cue and two learners' answer patterns differ.  The order
// comes from a seed through a small deterministic PRNG and never changes for that learner, and
// option ids (a, b, c...) stay with their options, so saved answers and scoring do not move.

// FNV-1a over the text's UTF-8 bytes: an unsigned 32-bit hash.
export function hashString(text) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(String(text))) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash;
}

// mulberry32: each call returns the next unsigned 32-bit integer of a seeded sequence.
export function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

// The display order of a question's n options, as indices into its options list: a
// Fisher-Yates shuffle driven by the seed, the quiz id and the question id.  Integer arithmetic
// only (every product stays below 2 ** 53), so Python computes the same order.
export function shuffledOptionOrder(seed, quizId, questionId, n) {
  const order = Array.from({ length: n }, (_, i) => i);
  const next = mulberry32(hashString(`${seed}|${quizId}|${questionId}`));
  for (let i = n - 1; i > 0; i -= 1) {
    const j = Math.floor((next() * (i + 1)) / 4294967296);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

function randomSeed() {
  const bytes = new Uint8Array(8);
  if (globalThis.crypto && globalThis.crypto.getRandomValues) globalThis.crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// The learner's seed, kept in this browser under LEARNER_SEED_KEY and shared by every quiz.
// Where storage is blocked or will not keep a value, pageSeed (fixed for the page) is used
// instead: a fresh random seed there would reorder the options on every visit.
export function learnerSeed(storage, pageSeed) {
  if (!storage) return pageSeed;
  try {
    const saved = storage.getItem(LEARNER_SEED_KEY);
    if (saved && SEED_PATTERN.test(saved)) return saved;
    storage.setItem(LEARNER_SEED_KEY, randomSeed());
    // Read back: another tab may have written its seed first, and then both use that one.
    const kept = storage.getItem(LEARNER_SEED_KEY);
    if (kept && SEED_PATTERN.test(kept)) return kept;
  } catch (err) {
    // Blocked or full storage: fall through to the page's seed.
  }
  return pageSeed;
}

export function scoreQuiz(answers, questions) {
  const perQuestion = Object.create(null);
  let correct = 0;
  const known = new Set();
  for (const q of questions) {
    known.add(q.id);
    const chosen = Object.prototype.hasOwnProperty.call(answers, q.id) ? answers[q.id] : null;
    let verdict = "unanswered";
    if (chosen !== null) verdict = chosen === q.answer ? "correct" : "wrong";
    if (verdict === "correct") correct += 1;
    perQuestion[q.id] = { verdict };
  }
  const unknown = Object.keys(answers).filter((id) => !known.has(id)).sort();
  return { correct, total: questions.length, percent: percent(correct, questions.length), perQuestion, unknown };
}

// Answers as items for the shared shell: "q:<question>" holds the chosen option's id.  The
// option sets are maps with no prototype, so a question id such as "constructor" is just an id.
export function quizItems(questions) {
  const fps = Object.create(null);
  for (const q of questions) fps[`q:${q.id}`] = q.fp;
  return { ...fps };
}

export function validQuizItem(questions) {
  const options = new Map(questions.map((q) => [`q:${q.id}`, new Set(q.options.map((o) => o.id))]));
  return (item, v) => options.has(item) && options.get(item).has(v);
}

export function legacyQuiz(data) {
  if (!data || typeof data.answers !== "object" || data.answers === null) return null;
  const out = {};
  for (const [qid, v] of Object.entries(data.answers)) out[`q:${qid}`] = v;
  return out;
}

const CSS = `
.cb-quiz fieldset.cb-question { border: 1px solid var(--cb-border); border-left-width: 6px;
  border-radius: 4px; margin: 0 0 0.75rem; padding: 0.5rem 0.75rem; background: var(--cb-card); }
.cb-quiz fieldset[data-verdict="correct"] { border-left-color: var(--cb-good); }
.cb-quiz fieldset[data-verdict="wrong"], .cb-quiz fieldset[data-verdict="unanswered"] {
  border-left-color: var(--cb-bad); }
.cb-quiz legend { font-weight: 600; font-size: 1rem; line-height: 1.4; padding: 0 0.25rem; }
.cb-quiz .cb-option { display: flex; gap: 0.5rem; align-items: baseline; margin: 0.2rem 0; }
.cb-quiz .cb-option label { font-weight: 400; }
.cb-quiz .cb-option input { accent-color: var(--cb-accent); }
.cb-quiz .cb-feedback p { margin: 0.25rem 0 0; }
.cb-quiz .cb-answer { font-style: italic; }
`;

const VERDICT_TEXT = {
  correct: "Your answer is correct.", wrong: "Your answer is not the best one.", unanswered: "Not answered yet.",
};

// What a self-check says beside its score about the pre-check taken in this browser.
export function gainText(before, nowPercent, label) {
  if (!before || typeof before.percent !== "number") {
    return `There is no Check of ${label} saved in this browser, so there is nothing to compare with.`;
  }
  const diff = Math.round((nowPercent - before.percent) * 10) / 10;
  const change = diff > 0 ? `up ${diff.toFixed(1)} points` : diff < 0 ? `down ${(-diff).toFixed(1)} points`
    : "the same";
  return `On ${label} you scored ${before.percent.toFixed(1)} %; now ${nowPercent.toFixed(1)} %: ${change}.`;
}

export function render({ model, el }) {
  const doc = el.ownerDocument;
  injectStyles(doc, "casebook-widget-css", BASE_CSS);
  injectStyles(doc, "casebook-quiz-css", CSS);
  const quizId = model.get("quiz_id");
  const bankVersion = model.get("bank_version");
  const questions = model.get("questions");
  const n = instanceNumber(WIDGET, quizId);
  const base = `cb-${quizId}-${n}`;
  const seed = learnerSeed(readableStorage(), `page:${(doc.location && doc.location.pathname) || ""}`);
  let showAnswers = false;
  let checked = false;

  const root = h(doc, "section", { class: "cb-widget cb-quiz", "data-widget": WIDGET,
    "data-exercise-id": quizId, "data-bank-version": bankVersion, "aria-labelledby": `${base}-title`,
    // Keys typed inside the exercise are the exercise's: JupyterLab's command-mode shortcuts
    // (digits, arrows) must not act on the notebook while a card or control has focus.
    "data-lm-suppress-shortcuts": "true" });
  root.append(h(doc, "p", { class: "cb-title", id: `${base}-title` }, model.get("title")));
  const blocks = {};

  function syncInputs() {
    const answers = model.get("answers") || {};
    for (const [qid, block] of Object.entries(blocks)) {
      for (const input of block.inputs) input.checked = answers[qid] === input.value;
    }
  }

  function refresh(qid) {
    const { fieldset, fb, question } = blocks[qid];
    const answers = model.get("answers") || {};
    const verdict = checked ? fieldset.dataset.verdict || null : null;
    fb.replaceChildren();
    if (verdict) {
      fb.append(h(doc, "p", { class: "cb-verdict" }, VERDICT_TEXT[verdict]));
      const chosen = question.options.find((o) => o.id === answers[qid]);
      if (chosen) fb.append(h(doc, "p", {}, chosen.feedback));
    }
    if (showAnswers) {
      const right = question.options.find((o) => o.id === question.answer);
      fb.append(h(doc, "p", { class: "cb-answer" }, `Answer: ${right.text}. ${right.feedback}`));
    }
    fb.hidden = !(verdict || showAnswers);
  }

  questions.forEach((q, i) => {
    const fieldset = h(doc, "fieldset", { class: "cb-question", "data-question-id": q.id });
    fieldset.append(h(doc, "legend", {}, `${i + 1}. ${q.prompt}`));
    const inputs = [];
    shuffledOptionOrder(seed, quizId, q.id, q.options.length).forEach((k) => {
      const o = q.options[k];
      const row = h(doc, "div", { class: "cb-option" });
      const id = `${base}-${q.id}-${o.id}`;
      const input = h(doc, "input", { type: "radio", name: `${base}-${q.id}`, id, value: o.id });
      row.append(input, h(doc, "label", { for: id }, o.text));
      fieldset.append(row);
      inputs.push(input);
      input.addEventListener("change", () => {
        model.set("answers", { ...model.get("answers"), [q.id]: o.id });
        model.save_changes();
        shell.changed({ [`q:${q.id}`]: o.id });
        if (checked) {
          delete fieldset.dataset.verdict;
          refresh(q.id);
          shell.say("You changed an answer since the last Check. Press Check again to update the score.");
        }
      });
    });
    const fb = h(doc, "div", { class: "cb-feedback", hidden: "" });
    fieldset.append(fb);
    root.append(fieldset);
    blocks[q.id] = { fieldset, fb, inputs, question: q };
  });

  function clearVerdicts() {
    checked = false;
    for (const q of questions) {
      delete blocks[q.id].fieldset.dataset.verdict;
      refresh(q.id);
    }
  }

  const shell = exerciseShell({
    doc, widget: WIDGET, exerciseId: quizId, format: QUIZ_FORMAT, fps: quizItems(questions),
    valid: validQuizItem(questions), legacy: legacyQuiz, noun: "answers",
    showLabel: ["Show answers", "Hide answers"],
    read() {
      const out = {};
      for (const [qid, v] of Object.entries(model.get("answers") || {})) out[`q:${qid}`] = v;
      return out;
    },
    apply(values) {
      const answers = {};
      for (const [item, v] of Object.entries(values)) answers[item.slice(2)] = v;
      model.set("answers", answers);
      model.save_changes();
      syncInputs();
    },
    clearVerdicts,
    onCheck() {
      const result = scoreQuiz(model.get("answers") || {}, questions);
      checked = true;
      for (const q of questions) {
        blocks[q.id].fieldset.dataset.verdict = result.perQuestion[q.id].verdict;
        refresh(q.id);
      }
      const lines = [`Score: ${result.correct} of ${result.total} correct (${result.percent.toFixed(1)} %).`];
      const compareWith = model.get("compare_with");
      if (compareWith) lines.push(gainText(readCheck(WIDGET, compareWith), result.percent, model.get("compare_label")));
      shell.say(...lines);
      return { percent: result.percent, text: `${result.correct} of ${result.total} correct` };
    },
    onShow(shown) {
      showAnswers = shown;
      for (const q of questions) refresh(q.id);
      shell.say(shown ? "The answers are shown under each question." : "The answers are hidden.");
    },
  });
  root.querySelector("fieldset").before(shell.notice);
  root.append(shell.bar, shell.panel, shell.summary);
  model.on("change:answers", syncInputs);
  shell.restore();
  syncInputs();
  el.replaceChildren(root);
  markReady(WIDGET, quizId, n);
  return () => {
    model.off("change:answers", syncInputs);
    shell.dispose();
  };
}

export default { render };
