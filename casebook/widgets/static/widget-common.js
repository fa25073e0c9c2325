// What every course widget shares: DOM helpers, styles, and the exercise shell (saving,
// restoring, Check, Show, Reset with Undo, Export, Import with confirmation, notices).
//
// A widget module holds only its own rendering and scoring: it describes its answers as items
// (an id, a fingerprint of what the item asks, and a validity check) and hands the shell four
// callbacks.  The shell keeps every answer in localStorage with the time it was given, merges
// writes from several tabs (newest answer per item wins), follows other tabs through the
// storage event, sets aside answers to items whose wording or key changed (offering to apply or
// export them), and degrades to "answers last while the page is open" when storage fails.
//
// The built book serves this file beside the widget modules, which import it.  For Jupyter,
// casebook.widgets.base inlines it into each widget's module, because anywidget loads one
// module from a Blob URL, where a relative import cannot resolve.

export const BASE_CSS = `
.cb-widget { --cb-fg: var(--pst-color-text-base, var(--jp-content-font-color1, #1f2328));
  --cb-muted: var(--pst-color-text-muted, var(--jp-content-font-color2, #4d5560));
  --cb-bg: var(--pst-color-background, var(--jp-layout-color0, #ffffff));
  --cb-card: var(--pst-color-surface, var(--jp-layout-color1, #f6f8fa));
  --cb-border: #6e7781; --cb-accent: #0b57a4; --cb-accent-fg: #ffffff;
  --cb-good: #0a6b2d; --cb-near: #7a4d00; --cb-bad: #a4161a; --cb-focus: #0b57a4;
  color: var(--cb-fg); background: var(--cb-bg); border: 1px solid var(--cb-border);
  border-radius: 6px; padding: 1rem; margin: 1rem 0; font-size: 0.95rem; line-height: 1.5; }
html[data-theme="dark"] .cb-widget, body[data-jp-theme-light="false"] .cb-widget {
  --cb-border: #8b949e; --cb-accent: #8ab4f8; --cb-accent-fg: #0b1220;
  --cb-good: #7ee2a0; --cb-near: #f2c66d; --cb-bad: #ff9b9b; --cb-focus: #8ab4f8; }
.cb-widget .cb-title { font-weight: 700; font-size: 1.05rem; margin: 0 0 0.25rem; }
.cb-widget .cb-prompt { margin: 0 0 0.5rem; }
.cb-widget label { font-weight: 600; }
.cb-widget select, .cb-widget button { font: inherit; color: var(--cb-fg); background: var(--cb-bg);
  border: 1px solid var(--cb-border); border-radius: 4px; padding: 0.3rem 0.6rem; min-height: 2.25rem; }
.cb-widget button:disabled { opacity: 0.6; cursor: not-allowed; }
.cb-widget button.cb-primary { background: var(--cb-accent); color: var(--cb-accent-fg);
  border-color: var(--cb-accent); font-weight: 600; }
.cb-widget select:focus-visible, .cb-widget button:focus-visible, .cb-widget summary:focus-visible,
.cb-widget input:focus-visible { outline: 3px solid var(--cb-focus); outline-offset: 2px; }
.cb-widget .cb-actions { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0.75rem 0 0.5rem; }
.cb-widget .cb-summary { font-weight: 600; min-height: 1.5em; margin: 0; }
.cb-widget .cb-notice { border: 1px solid var(--cb-near); color: var(--cb-fg); border-radius: 4px;
  padding: 0.4rem 0.6rem; margin: 0 0 0.75rem; }
.cb-widget [hidden] { display: none !important; }
.cb-widget .cb-confirm { border: 2px solid var(--cb-accent); border-radius: 4px; padding: 0.5rem 0.75rem;
  margin: 0.5rem 0; }
.cb-widget .cb-confirm p { margin: 0 0 0.5rem; font-weight: 600; }
.cb-widget .cb-confirm div, .cb-widget .cb-notice div { display: flex; flex-wrap: wrap; gap: 0.5rem; }
.cb-widget .cb-notice p { margin: 0 0 0.4rem; }
.cb-widget .cb-question { margin: 0 0 0.25rem; }
.cb-widget .cb-meaning { margin: 0 0 0.5rem; color: var(--cb-muted); }
.cb-widget .cb-hint { align-self: center; color: var(--cb-muted); font-size: 0.9em; }
.cb-widget .cb-verdict { font-weight: 700; }
.cb-widget [data-verdict="in-band"] .cb-verdict, .cb-widget [data-verdict="correct"] .cb-verdict {
  color: var(--cb-good); }
.cb-widget [data-verdict="near-miss"] .cb-verdict { color: var(--cb-near); }
.cb-widget [data-verdict="outside"] .cb-verdict, .cb-widget [data-verdict="unplaced"] .cb-verdict,
.cb-widget [data-verdict="wrong"] .cb-verdict, .cb-widget [data-verdict="unanswered"] .cb-verdict {
  color: var(--cb-bad); }
`;

export function h(doc, tag, attrs = {}, text = null) {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== null) node.textContent = text;
  return node;
}

export function injectStyles(doc, id, css) {
  if (doc.getElementById(id)) return;
  const style = doc.createElement("style");
  style.id = id;
  style.textContent = css;
  doc.head.appendChild(style);
}

// 100 * num / den to one decimal, rounding halves up, in integer arithmetic so that Python and
// JavaScript agree exactly (casebook.scoring.ratio_percent).
export function ratioPercent(num, den) {
  if (!den) return 0;
  return Math.floor((2000 * num + den) / (2 * den)) / 10;
}

// A key's band in the scale's own words (seeds/scale.yml's band templates, sent in the state).
export function bandText(scale, lo, hi) {
  const name = (t) => scale.tiers[String(t)].name;
  const template = lo === hi ? scale.band.one : scale.band.two;
  return template.replace(/\{lo\}/g, String(lo)).replace(/\{hi\}/g, String(hi))
    .replace(/\{lo_name\}/g, name(lo)).replace(/\{hi_name\}/g, name(hi));
}

export function percent(total, maximum) {
  return ratioPercent(total, maximum);
}

const counters = new Map();

// A per-page number for each instance of an exercise, so element ids stay unique and stable.
export function instanceNumber(widget, id) {
  const key = `${widget}:${id}`;
  const n = (counters.get(key) || 0) + 1;
  counters.set(key, n);
  return n;
}

export function markReady(widget, id, n) {
  if (globalThis.performance && performance.mark) performance.mark(`casebook:ready:${widget}:${id}:${n}`);
}


// ------------------------------------------------------------------ storage, pure parts

export const STORE_VERSION = 2;

// A short, quoted excerpt of text that came from a file or from storage, never the whole of it.
export function excerpt(text, max = 40) {
  const s = String(text);
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export function storageKey(widget, exerciseId) {
  return `casebook:${widget}:${exerciseId}`;
}

// Where the outcome of an exercise's last Check is kept (the progress page reads it).
export const CHECK_FORMAT = "casebook-check";

export function checkKey(widget, exerciseId) {
  return `casebook:checked:${widget}:${exerciseId}`;
}

// The record of a Check: when, the score (a percentage, or null for an exercise without one),
// and the one-line outcome the learner read.
export function checkRecord(widget, exerciseId, outcome, t) {
  const percent = outcome && typeof outcome.percent === "number" && Number.isFinite(outcome.percent)
    ? Math.round(outcome.percent * 10) / 10 : null;
  return { format: CHECK_FORMAT, version: 1, widget, exercise_id: exerciseId, t, percent,
    text: outcome && typeof outcome.text === "string" ? outcome.text : "" };
}

// Parse a stored Check record; null for anything that is not one.
export function parseCheck(text, widget, exerciseId) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return null;
  }
  if (!plainObject(data) || data.format !== CHECK_FORMAT || data.widget !== widget
      || data.exercise_id !== exerciseId || typeof data.t !== "number" || !Number.isFinite(data.t)) return null;
  const percent = typeof data.percent === "number" && Number.isFinite(data.percent) ? data.percent : null;
  return { t: data.t, percent, text: typeof data.text === "string" ? data.text : "" };
}

// The last Check of another exercise in this browser, or null.
export function readCheck(widget, exerciseId) {
  const storage = openStorage();
  if (!storage) return null;
  try {
    const text = storage.getItem(checkKey(widget, exerciseId));
    return text === null ? null : parseCheck(text, widget, exerciseId);
  } catch (err) {
    return null;
  }
}

export function plainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// JSON from a file or from storage; an Error a learner can read when it is not JSON.
export function parseJsonText(text) {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error("it is not valid JSON");
  }
}

// Parse stored text into {entries, dismissed}; throws an Error for anything else.  Entries that
// are not well formed are dropped one by one (counted in `bad`), never the whole record.
export function parseStored(text, format, exerciseId) {
  const data = parseJsonText(text);
  if (!plainObject(data) || data.format !== format || data.exercise_id !== exerciseId
      || data.version !== STORE_VERSION || !plainObject(data.entries)) {
    throw new Error("it is not a saved record of this exercise");
  }
  const entries = Object.create(null);
  let bad = 0;
  for (const [id, e] of Object.entries(data.entries)) {
    if (plainObject(e) && typeof e.t === "number" && Number.isFinite(e.t) && typeof e.fp === "string"
        && (e.v === null || typeof e.v === "string" || typeof e.v === "number")) {
      entries[id] = { v: e.v, t: e.t, fp: e.fp };
    } else bad += 1;
  }
  const dismissed = Array.isArray(data.dismissed) ? data.dismissed.filter((d) => typeof d === "string") : [];
  return { entries, dismissed, bad };
}

// Merge answers into stored entries: each change carries its time; per item the newer wins.
export function mergeEntries(entries, changes, now, fps) {
  const out = Object.create(null);
  for (const [id, e] of Object.entries(entries)) out[id] = e;
  for (const [id, v] of Object.entries(changes)) {
    const old = out[id];
    if (!old || old.t <= now) out[id] = { v, t: now, fp: fps[id] || "" };
  }
  return out;
}

// Split stored entries against the exercise's current items: values to apply (the item exists,
// its fingerprint matches, the value is valid), answers set aside (the item's wording or key has
// changed since), and how many were invalid.  Entries for items no longer in the exercise stay
// in storage untouched.
export function splitEntries(entries, fps, valid, dismissed = []) {
  const values = Object.create(null);
  const setAside = [];
  let invalid = 0;
  const gone = new Set(dismissed);
  for (const [id, e] of Object.entries(entries)) {
    if (!Object.prototype.hasOwnProperty.call(fps, id) || e.v === null) continue;
    if (!valid(id, e.v)) invalid += 1;
    else if (e.fp === fps[id]) values[id] = e.v;
    else if (!gone.has(`${id}@${e.fp}`)) setAside.push({ id, v: e.v, fp: e.fp });
  }
  return { values: { ...values }, setAside, invalid };
}

// ------------------------------------------------------------------ storage, in the browser

function openStorage() {
  try {
    const s = globalThis.localStorage;
    return s || null;
  } catch (err) {
    return null; // blocked: reading the property throws
  }
}

// The storage of this browser, or null; it may still refuse writes (full) or reads (corrupt).
export function readableStorage() {
  return openStorage();
}

export function downloadText(doc, filename, text, type = "application/json") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h(doc, "a", { href: url, download: filename });
  doc.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// Parse an imported answer file: the current export (version 2: answers by item) or, through
// the widget's `legacy`, an older one.  Returns {answers: {item: value}, unknown, invalid}.
export function parseAnswerFile(text, { format, exerciseId, fps, valid, legacy }) {
  const data = parseJsonText(text);
  if (!plainObject(data) || data.format !== format) {
    throw new Error("it is not an answer file for this kind of exercise");
  }
  if (data.exercise_id !== exerciseId) {
    throw new Error(`it holds answers for exercise "${excerpt(data.exercise_id)}", not "${exerciseId}"`);
  }
  let raw;
  if (data.version === STORE_VERSION) raw = plainObject(data.answers) ? data.answers : null;
  else raw = legacy ? legacy(data) : null;
  if (!raw) throw new Error("its answers are missing");
  const answers = Object.create(null);
  let unknown = 0;
  let invalid = 0;
  for (const [id, v] of Object.entries(raw)) {
    if (!Object.prototype.hasOwnProperty.call(fps, id)) unknown += 1;
    else if (!valid(id, v)) invalid += 1;
    else answers[id] = v;
  }
  return { answers: { ...answers }, unknown, invalid };
}

export function answerFile(format, exerciseId, answers, fps) {
  const fingerprints = {};
  for (const id of Object.keys(answers)) fingerprints[id] = fps[id] || "";
  return JSON.stringify({ format, version: STORE_VERSION, exercise_id: exerciseId, answers, fingerprints },
    null, 2);
}

// ------------------------------------------------------------------ the exercise shell

// The top of a claim exercise: its section (named by its title, with JupyterLab's shortcuts
// held off while a control inside has focus), the stated question and date, the one meaning
// of a tier, and the prompt.  Returns the section to fill.
export function exerciseHeader(doc, model, { widget, cls, base }) {
  const root = h(doc, "section", {
    class: `cb-widget ${cls}`, "data-widget": widget, "data-exercise-id": model.get("exercise_id"),
    "data-bank-version": model.get("bank_version"), "aria-labelledby": `${base}-title`,
    "data-lm-suppress-shortcuts": "true",
  });
  // The ISO date the record is judged at: a time-sliced sorter is found by it.
  if (model.get("as_of")) root.dataset.asOf = model.get("as_of");
  root.append(h(doc, "p", { class: "cb-title", id: `${base}-title` }, model.get("title")));
  const asOf = model.get("as_of_label");
  const question = h(doc, "p", { class: "cb-question" });
  question.append(h(doc, "strong", {}, "The question: "),
    doc.createTextNode(`${model.get("question")}${asOf ? ` Judged on the record public on ${asOf}.` : ""}`));
  root.append(question, h(doc, "p", { class: "cb-meaning" }, model.get("scale").meaning));
  if (model.get("prompt")) root.append(h(doc, "p", { class: "cb-prompt" }, model.get("prompt")));
  return root;
}

// Answers kept as {row: {column: value}} (a grade per claim and axis, a rating per evidence
// and hypothesis) as the shell's flat items "<prefix>:<row>:<column>", and back.
export function toNestedItems(prefix, answers) {
  const out = {};
  for (const [row, cells] of Object.entries(answers || {})) {
    for (const [col, v] of Object.entries(cells || {})) out[`${prefix}:${row}:${col}`] = v;
  }
  return out;
}

export function fromNestedItems(prefix, values) {
  const answers = {};
  for (const [item, v] of Object.entries(values)) {
    if (!item.startsWith(`${prefix}:`)) continue;
    const cut = item.lastIndexOf(":");
    const row = item.slice(prefix.length + 1, cut);
    (answers[row] = answers[row] || {})[item.slice(cut + 1)] = v;
  }
  return answers;
}

// A copy of nested answers with one cell set (or cleared, for null).
export function withNested(answers, row, col, value) {
  const next = {};
  for (const [k, v] of Object.entries(answers || {})) next[k] = { ...v };
  const mine = next[row] || {};
  if (value === null) delete mine[col];
  else mine[col] = value;
  next[row] = mine;
  return next;
}

// The top of any other exercise: its section, title, an optional stated date and the prompt.
export function plainHeader(doc, model, { widget, cls, base, idKey }) {
  const root = h(doc, "section", {
    class: `cb-widget ${cls}`, "data-widget": widget, "data-exercise-id": model.get(idKey),
    "aria-labelledby": `${base}-title`, "data-lm-suppress-shortcuts": "true",
  });
  if (model.get("as_of")) root.dataset.asOf = model.get("as_of");
  root.append(h(doc, "p", { class: "cb-title", id: `${base}-title` }, model.get("title")));
  if (model.get("prompt")) root.append(h(doc, "p", { class: "cb-prompt" }, model.get("prompt")));
  return root;
}

// A question asked in `panel` before anything is replaced or cleared: Yes runs `onYes`, Cancel
// and Escape run `onCancel`; either way focus goes back to the button that asked.
export function confirmPanel(doc, panel, onCancel) {
  return function confirm(text, yesLabel, onYes, returnTo = null) {
    const yes = h(doc, "button", { type: "button", class: "cb-primary" }, yesLabel);
    const no = h(doc, "button", { type: "button" }, "Cancel");
    const row = h(doc, "div");
    row.append(yes, no);
    panel.replaceChildren(h(doc, "p", {}, text), row);
    panel.hidden = false;
    const close = () => {
      panel.hidden = true;
      panel.replaceChildren();
      // Back to the button that asked, so a keyboard user keeps their place.
      if (returnTo) returnTo.focus();
    };
    yes.addEventListener("click", () => {
      close();
      onYes();
    });
    no.addEventListener("click", () => {
      close();
      onCancel();
    });
    panel.onkeydown = (event) => {
      if (event.key === "Escape") {
        close();
        onCancel();
      }
    };
    yes.focus();
  };
}

// Build the shared parts of an exercise and wire them to the widget.
//
// opts: doc, widget, exerciseId, format, fps ({item: fingerprint}), valid(item, value),
//   read() -> {item: value} (the answers now shown), apply(values) (show these answers,
//   replacing all), clearVerdicts(), onCheck() -> {percent, text} (kept as the exercise's last
//   Check, for the progress page), onShow(shown), showLabel [show, hide],
//   legacy(data) -> {item: value} for older files and saved records, noun ("answers").
// Returns {notice, bar, summary, say(...nodes), changed(changes), restore(), dispose()}.
export function exerciseShell(opts) {
  const { doc, widget, exerciseId, format, fps, valid, read, apply, clearVerdicts } = opts;
  const noun = opts.noun || "answers";
  const one = opts.one || noun.replace(/s$/, "");
  const count = (n) => `${n} ${n === 1 ? one : noun}`;
  const key = storageKey(widget, exerciseId);
  const storage = openStorage();
  let lastT = 0;
  let blockedWrites = false; // a corrupt record we could not copy aside: do not overwrite it
  let setAside = [];
  let undo = null;

  const notice = h(doc, "div", { class: "cb-notice", role: "status", hidden: "" });
  const summary = h(doc, "div", { class: "cb-summary", role: "status", "aria-live": "polite" });
  const panel = h(doc, "div", { class: "cb-confirm", role: "group", hidden: "" });

  function say(...parts) {
    summary.replaceChildren(...parts.map((p) => (typeof p === "string" ? h(doc, "p", {}, p) : p)));
  }

  function now() {
    lastT = Math.max(Date.now(), lastT + 1);
    return lastT;
  }

  function readRecord() {
    if (!storage) return { state: "none" };
    let text;
    try {
      text = storage.getItem(key);
    } catch (err) {
      return { state: "unreadable-storage", error: err };
    }
    if (text === null) return { state: "empty" };
    try {
      return { state: "ok", record: parseStored(text, format, exerciseId), text };
    } catch (err) {
      return { state: "corrupt", error: err, text };
    }
  }

  function write(changes) {
    if (!storage || blockedWrites) return false;
    const current = readRecord();
    const base = current.state === "ok" ? current.record : { entries: Object.create(null), dismissed: [] };
    if (current.state === "corrupt" || current.state === "unreadable-storage") return false;
    const entries = mergeEntries(base.entries, changes, now(), fps);
    try {
      storage.setItem(key, JSON.stringify({ format, version: STORE_VERSION, exercise_id: exerciseId,
        entries: { ...entries }, dismissed: base.dismissed }));
      return true;
    } catch (err) {
      return false;
    }
  }

  function noteNotSaved() {
    showNotice(["Your answers could not be saved in this browser (its storage is full or blocked), so they " +
      "last only while this page is open. Use Export answers to keep a copy."]);
  }

  function showNotice(lines, buttons = []) {
    const nodes = lines.map((line) => h(doc, "p", {}, line));
    if (buttons.length) {
      const row = h(doc, "div");
      for (const [label, handler] of buttons) {
        const b = h(doc, "button", { type: "button" }, label);
        b.addEventListener("click", handler);
        row.append(b);
      }
      nodes.push(row);
    }
    notice.replaceChildren(...nodes);
    notice.hidden = nodes.length === 0;
  }

  // Record answers the learner just gave; {item: value or null}.
  function changed(changes) {
    hideUndo();
    if (!write(changes)) noteNotSaved();
  }

  function valuesDiff(next) {
    const cur = read();
    let added = 0;
    let replaced = 0;
    let cleared = 0;
    for (const id of Object.keys(fps)) {
      const a = Object.prototype.hasOwnProperty.call(cur, id) ? cur[id] : null;
      const b = Object.prototype.hasOwnProperty.call(next, id) ? next[id] : null;
      if (a === b) continue;
      if (a === null) added += 1;
      else if (b === null) cleared += 1;
      else replaced += 1;
    }
    return { added, replaced, cleared, total: added + replaced + cleared };
  }

  // Replace every answer with `next` (import, undo, another tab), saving each change.
  function replaceAll(next) {
    const changes = {};
    const cur = read();
    for (const id of Object.keys(fps)) {
      const a = Object.prototype.hasOwnProperty.call(cur, id) ? cur[id] : null;
      const b = Object.prototype.hasOwnProperty.call(next, id) ? next[id] : null;
      if (a !== b) changes[id] = b;
    }
    apply({ ...next });
    clearVerdicts();
    if (Object.keys(changes).length && !write(changes)) noteNotSaved();
  }

  const confirm = confirmPanel(doc, panel, () => say("Nothing was changed."));

  function hideUndo() {
    undo = null;
    const b = summary.querySelector("button[data-undo]");
    if (b) b.remove();
  }

  // ---- the action bar: Check, Show, Reset, Export, Import
  const bar = h(doc, "div", { class: "cb-actions", role: "group", "aria-label": "Exercise actions" });
  const check = h(doc, "button", { type: "button", class: "cb-primary" }, "Check");
  const show = h(doc, "button", { type: "button", "aria-pressed": "false", disabled: "",
    title: "Available after your first Check" }, opts.showLabel[0]);
  const reset = h(doc, "button", { type: "button" }, "Reset");
  const exp = h(doc, "button", { type: "button" }, "Export answers");
  const imp = h(doc, "button", { type: "button" }, "Import answers");
  const file = h(doc, "input", { type: "file", accept: "application/json,.json", hidden: "",
    "aria-label": "Answer file to import", tabindex: "-1" });
  const hint = h(doc, "span", { class: "cb-hint", id: `${key.replace(/[^a-z0-9-]/gi, "-")}-key-hint` },
    "The key opens after your first Check.");
  show.setAttribute("aria-describedby", hint.id);
  bar.append(check, show, reset, exp, imp, file, hint);
  let shown = false;
  check.addEventListener("click", () => {
    // The key stays closed until a first Check: a learner commits to answers before seeing it.
    show.disabled = false;
    show.removeAttribute("title");
    show.removeAttribute("aria-describedby");
    hint.hidden = true;
    const outcome = opts.onCheck();
    if (outcome && storage && !blockedWrites) {
      try {
        storage.setItem(checkKey(widget, exerciseId), JSON.stringify(checkRecord(widget, exerciseId, outcome, now())));
      } catch (err) { /* full storage: the score is on the page, and answers are what matter */ }
    }
  });
  show.addEventListener("click", () => {
    shown = !shown;
    show.setAttribute("aria-pressed", String(shown));
    show.textContent = opts.showLabel[shown ? 1 : 0];
    opts.onShow(shown);
  });
  reset.addEventListener("click", () => {
    const before = read();
    const n = Object.keys(before).length;
    if (!n) {
      say(`There are no ${noun} to clear.`);
      return;
    }
    confirm(`Clear ${n === 1 ? "your" : `all ${n} of your`} ${n === 1 ? one : noun} in this exercise? ` +
      "You can undo it until your next change.", `Clear ${count(n)}`, () => {
      replaceAll({});
      undo = before;
      const button = h(doc, "button", { type: "button", "data-undo": "" }, "Undo");
      button.addEventListener("click", () => {
        const restore = undo;
        hideUndo();
        if (restore) {
          replaceAll(restore);
          say(`Restored ${count(Object.keys(restore).length)}.`);
        }
      });
      say(h(doc, "p", {}, `All ${noun} cleared.`), button);
    }, reset);
  });
  exp.addEventListener("click", () => {
    const name = `${exerciseId}-answers.json`;
    downloadText(doc, name, answerFile(format, exerciseId, read(), fps));
    say(`Answers exported as ${name}.`);
  });
  imp.addEventListener("click", () => file.click());
  file.addEventListener("change", async () => {
    const chosen = file.files && file.files[0];
    file.value = "";
    if (!chosen) return;
    const name = excerpt(chosen.name);
    let parsed;
    try {
      parsed = parseAnswerFile(await chosen.text(), { format, exerciseId, fps, valid, legacy: opts.legacy });
    } catch (err) {
      say(`Could not import ${name}: ${err.message}. Your current ${noun} are unchanged.`);
      return;
    }
    const diff = valuesDiff(parsed.answers);
    const skipped = [];
    if (parsed.unknown) skipped.push(`${parsed.unknown} not in this exercise`);
    if (parsed.invalid) skipped.push(`${parsed.invalid} not valid`);
    const note = skipped.length ? ` The file also holds ${skipped.join(" and ")}, which will be skipped.` : "";
    if (!diff.total) {
      say(`${name} holds the same ${noun} as this exercise shows now: nothing to change.${note}`);
      return;
    }
    confirm(`Import ${name}? It would replace ${diff.replaced}, add ${diff.added} and clear ${diff.cleared} ` +
      `of your ${noun}.${note}`, "Replace my answers", () => {
      replaceAll(parsed.answers);
      say(`Imported ${count(Object.keys(parsed.answers).length)} from ${name}. Press Check to see how they score.`);
    }, imp);
  });

  // ---- restore, set-aside answers, other tabs
  function offerSetAside(lines) {
    if (!setAside.length) {
      showNotice(lines);
      return;
    }
    const text = `${count(setAside.length)} saved earlier ${setAside.length === 1 ? "was" : "were"} given ` +
      "when a claim or question here read differently or had another key, so " +
      `${setAside.length === 1 ? "it was" : "they were"} set aside rather than applied.`;
    showNotice([...lines, text], [
      ["Apply them anyway", () => {
        const next = { ...read() };
        for (const e of setAside) next[e.id] = e.v;
        setAside = [];
        replaceAll(next);
        showNotice(lines);
        say("The set-aside answers were applied; check each one.");
      }],
      ["Export them", () => {
        const name = `${exerciseId}-set-aside-answers.json`;
        const answers = {};
        for (const e of setAside) answers[e.id] = e.v;
        downloadText(doc, name, answerFile(format, exerciseId, answers, fps));
        say(`Set-aside answers exported as ${name}.`);
      }],
      ["Dismiss", () => {
        const record = readRecord();
        if (record.state === "ok" && storage) {
          const dismissed = [...record.record.dismissed, ...setAside.map((e) => `${e.id}@${e.fp}`)];
          try {
            storage.setItem(key, JSON.stringify({ format, version: STORE_VERSION, exercise_id: exerciseId,
              entries: { ...record.record.entries }, dismissed }));
          } catch (err) { /* the notice comes back next time: nothing is lost */ }
        }
        setAside = [];
        showNotice(lines);
      }],
    ]);
  }

  // Older saved records (before answers carried times and fingerprints) become set-aside answers.
  function legacyRecords() {
    const out = [];
    if (!storage || !opts.legacy) return out;
    try {
      const prefix = `${key}:`;
      for (let i = 0; i < storage.length; i += 1) {
        const k = storage.key(i);
        if (!k || !k.startsWith(prefix) || k.includes(":unreadable")) continue;
        let data = null;
        try {
          data = JSON.parse(storage.getItem(k));
        } catch (err) {
          continue;
        }
        const raw = plainObject(data) ? opts.legacy(data) : null;
        if (!raw) continue;
        for (const [id, v] of Object.entries(raw)) {
          if (Object.prototype.hasOwnProperty.call(fps, id) && valid(id, v)) out.push({ id, v, fp: `legacy:${k}` });
        }
      }
    } catch (err) { /* unreadable storage: nothing to offer */ }
    return out;
  }

  function keepUnreadableCopy(text) {
    for (let i = 1; i <= 20; i += 1) {
      const copy = i === 1 ? `${key}:unreadable` : `${key}:unreadable-${i}`;
      try {
        if (storage.getItem(copy) !== null) continue;
        storage.setItem(copy, text);
        storage.removeItem(key);
        return copy;
      } catch (err) {
        return null;
      }
    }
    return null;
  }

  function restore() {
    const lines = [];
    const record = readRecord();
    let values = {};
    let dismissed = [];
    if (record.state === "none") {
      lines.push(`This browser does not allow saving, so your ${noun} last only while the page is open. ` +
        "Use Export answers to keep a copy.");
    } else if (record.state === "unreadable-storage") {
      lines.push(`This browser's storage could not be read, so the exercise starts empty; your ${noun} may ` +
        "not be saved. Use Export answers to keep a copy.");
      blockedWrites = true;
    } else if (record.state === "corrupt") {
      const copy = keepUnreadableCopy(record.text);
      if (copy) {
        lines.push(`Your saved ${noun} could not be read (${record.error.message}), so the exercise starts ` +
          `empty. The unreadable copy is kept in this browser under the key ${copy}.`);
      } else {
        blockedWrites = true;
        lines.push(`Your saved ${noun} could not be read (${record.error.message}), and there is no room to ` +
          "keep a copy, so they are left as they are and new answers are not saved. Use Export answers.");
      }
    } else if (record.state === "ok") {
      dismissed = record.record.dismissed;
      const split = splitEntries(record.record.entries, fps, valid, dismissed);
      values = split.values;
      setAside = split.setAside;
      if (split.invalid + record.record.bad) {
        lines.push(`${count(split.invalid + record.record.bad)} saved earlier ${split.invalid + record.record.bad === 1
          ? "was" : "were"} not valid and skipped; the rest were restored.`);
      }
    }
    const gone = new Set(dismissed);
    setAside.push(...legacyRecords().filter((e) => !gone.has(`${e.id}@${e.fp}`)));
    const restored = Object.keys(values).length;
    if (restored) {
      apply(values);
      lines.unshift(`Restored ${count(restored)} saved in this browser.`);
    }
    if (storage && !blockedWrites && record.state !== "none") {
      try {
        storage.setItem(`${key}:probe`, "1");
        storage.removeItem(`${key}:probe`);
      } catch (err) {
        lines.push(`This browser is not saving ${noun} right now (its storage is full or refuses this site), ` +
          `so new ${noun} last only while the page is open; ${noun} saved earlier were still read. ` +
          "Use Export answers to keep a copy.");
      }
    }
    offerSetAside(lines);
  }

  function onStorage(event) {
    if (event.key !== key || event.storageArea !== storage) return;
    const record = readRecord();
    if (record.state !== "ok") return;
    const { values } = splitEntries(record.record.entries, fps, valid, record.record.dismissed);
    if (!valuesDiff(values).total) return;
    apply(values);
    clearVerdicts();
    say(`Your ${noun} were updated from another tab. Press Check again to see the score.`);
  }
  const win = doc.defaultView;
  if (win) win.addEventListener("storage", onStorage);

  return {
    notice, panel, bar, summary, say, changed, restore,
    dispose() {
      if (win) win.removeEventListener("storage", onStorage);
    },
  };
}
