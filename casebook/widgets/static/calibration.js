// The calibration widget: one ES module for both hosts, like the claim sorter.
//
// Part 1: the learner types the number (0-100 %) each estimative phrase means to them, and
// after Check sees it against ICD 203's range.  Part 2: standing at a stated date, the learner
// gives a probability for questions the later record settled, and gets a Brier score.
// phraseVerdict, scorePhrases, brierPoints and scoreForecasts mirror casebook/estimative.py;
// a browser test runs both on the same fixtures.

import {
  BASE_CSS, exerciseShell, h, injectStyles, instanceNumber, markReady, plainHeader, ratioPercent,
} from "./widget-common.js";

export const CALIBRATION_FORMAT = "casebook-calibration";
const WIDGET = "calibration";

function own(obj, key) {
  return obj && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : null;
}

function wholePercent(v) {
  return Number.isInteger(v) && v >= 0 && v <= 100;
}

// ------------------------------------------------------------------ scoring (pure)

export function phraseVerdict(value, low, high) {
  if (value === null || value === undefined) return "unanswered";
  if (!wholePercent(value)) throw new Error(`a number for a phrase must be a whole number from 0 to 100, got ${value}`);
  if (value < low) return "too-low";
  if (value > high) return "too-high";
  return "in-range";
}

export function scorePhrases(answers, phrases) {
  const perPhrase = {};
  let inRange = 0;
  for (const p of phrases) {
    const v = phraseVerdict(own(answers, p.id), p.low, p.high);
    perPhrase[p.id] = v;
    if (v === "in-range") inRange += 1;
  }
  return { inRange, total: phrases.length, percent: ratioPercent(inRange, phrases.length), perPhrase };
}

export function brierPoints(probability, outcome) {
  if (!wholePercent(probability)) throw new Error(`a probability must be a whole number from 0 to 100, got ${probability}`);
  const gap = probability - (outcome ? 100 : 0);
  return gap * gap;
}

// Mean Brier score x 1000 (halves up) and the skill against always saying 50 %, in integers.
export function scoreForecasts(answers, forecasts) {
  const perForecast = {};
  let n = 0;
  let total = 0;
  for (const f of forecasts) {
    const p = own(answers, f.id);
    if (p === null || p === undefined) {
      perForecast[f.id] = null;
      continue;
    }
    const pts = brierPoints(p, f.outcome);
    perForecast[f.id] = pts;
    n += 1;
    total += pts;
  }
  if (!n) return { answered: 0, total: forecasts.length, brierMilli: null, skillPercent: null, perForecast };
  const den = n * 10000;
  const brierMilli = Math.floor((2 * 1000 * total + den) / (2 * den));
  return { answered: n, total: forecasts.length, brierMilli,
    skillPercent: ratioPercent(n * 2500 - total, n * 2500), perForecast };
}

export function calibrationItems(phrases, forecasts) {
  const fps = {};
  for (const p of phrases) fps[`p:${p.id}`] = p.fp;
  for (const f of forecasts) fps[`f:${f.id}`] = f.fp;
  return fps;
}

function milli(m) {
  return (m / 1000).toFixed(3);
}

// ------------------------------------------------------------------ rendering

const CSS = `
.cb-calibration ol.cb-items { list-style: none; padding: 0; margin: 0 0 0.75rem; display: grid; gap: 0.5rem; }
.cb-calibration .cb-item { background: var(--cb-card); border: 1px solid var(--cb-border);
  border-left: 6px solid var(--cb-border); border-radius: 4px; padding: 0.5rem 0.75rem; }
.cb-calibration .cb-item[data-verdict="in-range"], .cb-calibration .cb-item[data-verdict="scored"] {
  border-left-color: var(--cb-good); }
.cb-calibration .cb-item[data-verdict="too-low"], .cb-calibration .cb-item[data-verdict="too-high"] {
  border-left-color: var(--cb-bad); }
.cb-calibration .cb-row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; }
.cb-calibration input[type="number"] { font: inherit; width: 5.5rem; min-height: 2.25rem; color: var(--cb-fg);
  background: var(--cb-bg); border: 1px solid var(--cb-border); border-radius: 4px; padding: 0.2rem 0.4rem; }
.cb-calibration h3 { font-size: 1rem; margin: 0.75rem 0 0.25rem; }
.cb-calibration .cb-feedback { margin: 0.25rem 0 0; }
.cb-calibration .cb-meta { color: var(--cb-muted); font-size: 0.9em; margin: 0 0 0.25rem; }
`;

export function render({ model, el }) {
  const doc = el.ownerDocument;
  injectStyles(doc, "casebook-widget-css", BASE_CSS);
  injectStyles(doc, "casebook-calibration-css", CSS);
  const exerciseId = model.get("exercise_id");
  const phrases = model.get("phrases");
  const forecasts = model.get("forecasts");
  const n = instanceNumber(WIDGET, exerciseId);
  const base = `cb-${exerciseId}-${n}`;
  let result = null;
  let showKey = false;
  const answers = () => model.get("answers") || {};

  const root = plainHeader(doc, model, { widget: WIDGET, cls: "cb-calibration", base, idKey: "exercise_id" });
  const inputs = {};
  const feedback = {};
  const items = {};

  function numberRow(item, id, labelText) {
    const row = h(doc, "div", { class: "cb-row" });
    row.append(h(doc, "label", { for: id }, labelText));
    const input = h(doc, "input", { id, type: "number", min: "0", max: "100", step: "1", inputmode: "numeric",
      "data-item": item });
    row.append(input, h(doc, "span", { "aria-hidden": "true" }, "%"));
    input.addEventListener("change", () => setValue(item, input));
    inputs[item] = input;
    return row;
  }

  root.append(h(doc, "h3", { id: `${base}-words` }, "Part 1: what does each phrase mean to you?"));
  root.append(h(doc, "p", {}, "For each phrase, type the chance, from 0 to 100 %, that you read into it."));
  const words = h(doc, "ol", { class: "cb-items", "aria-labelledby": `${base}-words` });
  phrases.forEach((p, i) => {
    const item = `p:${p.id}`;
    const li = h(doc, "li", { class: "cb-item", "data-phrase-id": p.id });
    li.append(numberRow(item, `${base}-p${i + 1}`, `"${p.label}" means about`));
    const fb = h(doc, "p", { class: "cb-feedback", hidden: "" });
    li.append(fb);
    feedback[item] = fb;
    items[item] = li;
    words.append(li);
  });
  root.append(words);

  root.append(h(doc, "h3", { id: `${base}-forecasts` }, "Part 2: forecast what the record would show"));
  root.append(h(doc, "p", {}, "Stand at each question's date and use only what was public then. " +
    "Give the probability, from 0 to 100 %, that the answer turned out to be yes."));
  const fl = h(doc, "ol", { class: "cb-items", "aria-labelledby": `${base}-forecasts` });
  forecasts.forEach((f, i) => {
    const item = `f:${f.id}`;
    const li = h(doc, "li", { class: "cb-item", "data-forecast-id": f.id });
    li.append(h(doc, "p", { class: "cb-meta" }, `Asked on ${f.asked_on_label}`));
    li.append(h(doc, "p", { class: "cb-question" }, f.question));
    li.append(numberRow(item, `${base}-f${i + 1}`, `Probability of yes, question ${i + 1}`));
    const fb = h(doc, "p", { class: "cb-feedback", hidden: "" });
    li.append(fb);
    feedback[item] = fb;
    items[item] = li;
    fl.append(li);
  });
  root.append(fl);

  function setValue(item, input) {
    const raw = input.value.trim();
    let v = null;
    if (raw !== "") {
      const num = Number(raw);
      if (!Number.isInteger(num) || num < 0 || num > 100) {
        shell.say(`Type a whole number from 0 to 100 (got "${raw}"); that answer was not saved.`);
        input.value = "";
        return;
      }
      v = num;
    }
    const next = { ...answers() };
    if (v === null) delete next[item];
    else next[item] = v;
    model.set("answers", next);
    model.save_changes();
    shell.changed({ [item]: v });
    if (result) {
      result = null;
      shell.say("You changed an answer since the last Check. Press Check again.");
    }
    sync();
  }

  function split(all) {
    const p = {};
    const f = {};
    for (const [k, v] of Object.entries(all)) {
      if (k.startsWith("p:")) p[k.slice(2)] = v;
      else if (k.startsWith("f:")) f[k.slice(2)] = v;
    }
    return { p, f };
  }

  function sync() {
    const all = answers();
    const { p: pa, f: fa } = split(all);
    for (const [item, input] of Object.entries(inputs)) {
      const v = own(all, item);
      if (doc.activeElement !== input) input.value = v === null ? "" : String(v);
    }
    for (const ph of phrases) {
      const item = `p:${ph.id}`;
      const fb = feedback[item];
      const v = own(pa, ph.id);
      if (result || showKey) {
        const verdict = phraseVerdict(v, ph.low, ph.high);
        const range = `ICD 203's range for "${ph.label}" is ${ph.low} to ${ph.high} %.`;
        let text;
        if (!result || verdict === "unanswered") text = range;
        else if (verdict === "in-range") text = `Your ${v} % is inside it: ${range}`;
        else text = `Your ${v} % is ${verdict === "too-low" ? "below" : "above"} it: ${range}`;
        fb.textContent = text;
        fb.hidden = false;
        if (result) items[item].dataset.verdict = verdict;
      } else {
        fb.hidden = true;
        delete items[item].dataset.verdict;
      }
    }
    for (const fc of forecasts) {
      const item = `f:${fc.id}`;
      const fb = feedback[item];
      const v = own(fa, fc.id);
      if (result || showKey) {
        const what = `${fc.outcome ? "It happened" : "It did not happen"} (settled on ${fc.settled_label}). ${fc.explanation}`;
        let text = what;
        if (result && v !== null) {
          text = `You gave ${v} %. ${what} Your Brier score here: ${milli(brierPoints(v, fc.outcome) / 10)}.`;
        } else if (result) {
          text = `Not answered. ${what}`;
        }
        fb.textContent = text;
        fb.hidden = false;
        if (result) items[item].dataset.verdict = v === null ? "unanswered" : "scored";
      } else {
        fb.hidden = true;
        delete items[item].dataset.verdict;
      }
    }
  }

  function check() {
    const { p: pa, f: fa } = split(answers());
    const ps = scorePhrases(pa, phrases);
    const fs = scoreForecasts(fa, forecasts);
    result = { ps, fs };
    sync();
    const nodes = [
      h(doc, "p", { class: "cb-score" }, `Phrases: ${ps.inRange} of ${ps.total} inside ICD 203's range ` +
        `(${ps.percent.toFixed(1)} %).`),
      h(doc, "p", { class: "cb-baseline" }, `For comparison, typing one number for every phrase lands in at most ` +
        `${model.get("baselines").phrase_constant.toFixed(1)} % of the ranges, and random numbers in about ` +
        `${model.get("baselines").phrase_random.toFixed(1)} %.`),
    ];
    if (fs.answered) {
      nodes.push(h(doc, "p", { class: "cb-score" }, `Forecasts: ${fs.answered} of ${fs.total} answered; mean ` +
        `Brier score ${milli(fs.brierMilli)} (0 is perfect, 1 is certain and wrong every time).`));
      const skill = fs.skillPercent;
      nodes.push(h(doc, "p", {}, skill > 0
        ? `That beats saying 50 % to every question (which always scores 0.250) by ${skill.toFixed(1)} %.`
        : skill === 0 ? "That is exactly what saying 50 % to every question scores (0.250)."
          : `Saying 50 % to every question (which always scores 0.250) would have done better: your skill is ${skill.toFixed(1)} %.`));
      nodes.push(h(doc, "p", { class: "cb-baseline" }, `On these questions the best single probability given to all ` +
        `of them, ${model.get("baselines").forecast_constant} %, scores a skill of ` +
        `${model.get("baselines").forecast_constant_skill.toFixed(1)} %; random probabilities average 0.333, a skill of -33.3 %.`));
    } else {
      nodes.push(h(doc, "p", {}, "No forecast answered yet: give a probability for each question to get a Brier score."));
    }
    shell.say(...nodes);
    return { percent: ps.percent, text: `${ps.inRange} of ${ps.total} phrases in range` +
      (fs.answered ? `; Brier score ${milli(fs.brierMilli)} on ${fs.answered} of ${fs.total} forecasts` : "") };
  }

  const shell = exerciseShell({
    doc, widget: WIDGET, exerciseId, format: CALIBRATION_FORMAT, fps: calibrationItems(phrases, forecasts),
    valid: (item, v) => (item.startsWith("p:") || item.startsWith("f:")) && wholePercent(v),
    noun: "answers",
    showLabel: ["Show the ranges and outcomes", "Hide the ranges and outcomes"],
    read: () => ({ ...answers() }),
    apply(next) {
      model.set("answers", { ...next });
      model.save_changes();
      sync();
    },
    clearVerdicts() {
      result = null;
      sync();
    },
    onCheck: check,
    onShow(shown) {
      showKey = shown;
      sync();
    },
  });
  words.before(shell.notice);
  root.append(shell.bar, shell.panel, shell.summary);
  model.on("change:answers", sync);
  shell.restore();
  sync();
  el.replaceChildren(root);
  markReady(WIDGET, exerciseId, n);
  return () => {
    model.off("change:answers", sync);
    shell.dispose();
  };
}

export default { render };
