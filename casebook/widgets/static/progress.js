// The progress page: every exercise of the course with its state in this browser, read from the
// answers and Checks the exercises saved (see widget-common.js), with links to each, an export
// and import of all saved work as one file, and a clear that asks first and can be undone.
//
// Same two hosts as the other widgets: anywidget in Jupyter, casebook-boot.js on the built book.
// It never changes an exercise's own record except through Import, Clear and Undo, which write
// whole records exactly as they were exported or kept.

import {
  BASE_CSS, checkKey, confirmPanel, downloadText, excerpt, h, injectStyles, instanceNumber, markReady,
  parseCheck, parseJsonText, plainObject, readableStorage, storageKey,
} from "./widget-common.js";

export const PROGRESS_FORMAT = "casebook-progress";
const WIDGET = "progress";
const PREFIX = "casebook:";

const CSS = `
.cb-progress table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
.cb-progress caption { text-align: left; font-weight: 700; padding: 0.25rem 0; }
.cb-progress th, .cb-progress td { border-bottom: 1px solid var(--cb-border); padding: 0.35rem 0.5rem;
  text-align: left; vertical-align: top; }
.cb-progress td a { color: var(--cb-accent); }
.cb-progress [data-state="checked"] .cb-state { color: var(--cb-good); font-weight: 600; }
.cb-progress [data-state="in-progress"] .cb-state, .cb-progress [data-state="changed"] .cb-state {
  color: var(--cb-near); font-weight: 600; }
.cb-progress .cb-overview { font-weight: 600; }
@media (max-width: 40rem) {
  .cb-progress table, .cb-progress tbody, .cb-progress tr, .cb-progress td { display: block; width: 100%; }
  .cb-progress thead { display: none; }
  .cb-progress tr { border-bottom: 1px solid var(--cb-border); padding: 0.25rem 0; }
  .cb-progress td { border: 0; padding: 0.1rem 0; }
}
`;

// The state of one exercise from its two stored texts (either may be null):
// {state: "not-started" | "in-progress" | "checked" | "changed" | "unreadable", answered, percent, text, t}.
export function exerciseState(answersText, checkText, widget, exerciseId) {
  let answered = 0;
  let latest = 0;
  let unreadable = false;
  if (answersText !== null && answersText !== undefined) {
    try {
      const data = JSON.parse(answersText);
      if (!plainObject(data) || data.exercise_id !== exerciseId || !plainObject(data.entries)) throw new Error("shape");
      for (const e of Object.values(data.entries)) {
        if (plainObject(e) && e.v !== null && e.v !== undefined) answered += 1;
        if (plainObject(e) && typeof e.t === "number" && e.t > latest) latest = e.t;
      }
    } catch (err) {
      unreadable = true;
    }
  }
  const check = checkText === null || checkText === undefined ? null : parseCheck(checkText, widget, exerciseId);
  if (check) {
    return { state: latest > check.t ? "changed" : "checked", answered, percent: check.percent, text: check.text,
      t: check.t };
  }
  if (unreadable) return { state: "unreadable", answered: 0, percent: null, text: "", t: 0 };
  return { state: answered ? "in-progress" : "not-started", answered, percent: null, text: "", t: 0 };
}

export function stateLabel(s) {
  switch (s.state) {
    case "checked": return "Checked";
    case "changed": return "Checked, then changed: press Check again";
    case "in-progress": return `In progress: ${s.answered} ${s.answered === 1 ? "answer" : "answers"} saved, not checked yet`;
    case "unreadable": return "Saved answers could not be read: open the exercise for a notice";
    default: return "Not started";
  }
}

export function scoreLabel(s) {
  if (s.state !== "checked" && s.state !== "changed") return "";
  const score = s.percent === null ? "" : `${s.percent.toFixed(1)} %`;
  return [score, s.text].filter(Boolean).join(": ");
}

// Every saved record of the course in this storage: {key: text}.
export function courseRecords(storage) {
  const out = {};
  for (let i = 0; i < storage.length; i += 1) {
    const key = storage.key(i);
    if (key && key.startsWith(PREFIX)) out[key] = storage.getItem(key);
  }
  return out;
}

export function progressFile(records, exportedAt) {
  return JSON.stringify({ format: PROGRESS_FORMAT, version: 1, exported_at: exportedAt, records }, null, 2);
}

// Parse a progress file; throws an Error that says what is wrong.  Returns {records, skipped}.
export function parseProgressFile(text) {
  const data = parseJsonText(text);
  if (!plainObject(data) || data.format !== PROGRESS_FORMAT) {
    throw new Error("it is not a progress file of this course (an exercise's own answer file is imported on its page)");
  }
  if (data.version !== 1 || !plainObject(data.records)) throw new Error("its records are missing");
  const records = {};
  let skipped = 0;
  for (const [key, value] of Object.entries(data.records)) {
    if (key.startsWith(PREFIX) && typeof value === "string") records[key] = value;
    else skipped += 1;
  }
  return { records, skipped };
}

function pageHref(exercise) {
  // On the built book a page is an .html file; in Jupyter it is the MyST source beside it.
  const loc = globalThis.location;
  const onSite = loc && /^(https?|file):$/.test(loc.protocol) && !/\/(lab|notebooks|tree|doc)\//.test(loc.pathname);
  return onSite ? exercise.href : exercise.source;
}

export function render({ model, el }) {
  const doc = el.ownerDocument;
  injectStyles(doc, "casebook-widget-css", BASE_CSS);
  injectStyles(doc, "casebook-progress-css", CSS);
  const parts = model.get("parts");
  const n = instanceNumber(WIDGET, "course");
  const base = `cb-progress-${n}`;
  const storage = readableStorage();
  let undo = null;

  const root = h(doc, "section", { class: "cb-widget cb-progress", "data-widget": WIDGET,
    "aria-labelledby": `${base}-title`, "data-lm-suppress-shortcuts": "true" });
  root.append(h(doc, "p", { class: "cb-title", id: `${base}-title` }, model.get("title")));
  const overview = h(doc, "p", { class: "cb-overview", role: "status" });
  const notice = h(doc, "div", { class: "cb-notice", role: "status", hidden: "" });
  root.append(overview, notice);

  const rows = [];
  for (const part of parts) {
    const table = h(doc, "table");
    table.append(h(doc, "caption", {}, part.caption));
    const head = h(doc, "thead");
    const hr = h(doc, "tr");
    for (const label of ["Exercise", "State", "Score"]) hr.append(h(doc, "th", { scope: "col" }, label));
    head.append(hr);
    const body = h(doc, "tbody");
    for (const ex of part.exercises) {
      const tr = h(doc, "tr", { "data-exercise-id": ex.exercise, "data-widget-name": ex.widget });
      const name = h(doc, "td");
      name.append(h(doc, "a", { href: pageHref(ex) }, ex.title));
      name.append(doc.createTextNode(` (${ex.page_title})`));
      const state = h(doc, "td", { class: "cb-state" });
      const score = h(doc, "td", { class: "cb-score-cell" });
      tr.append(name, state, score);
      body.append(tr);
      rows.push({ ex, tr, state, score });
    }
    table.append(head, body);
    root.append(table);
  }

  const summary = h(doc, "div", { class: "cb-summary", role: "status", "aria-live": "polite" });
  const panel = h(doc, "div", { class: "cb-confirm", role: "group", hidden: "" });
  function say(...parts_) {
    summary.replaceChildren(...parts_.map((p) => (typeof p === "string" ? h(doc, "p", {}, p) : p)));
  }
  const confirm = confirmPanel(doc, panel, () => say("Nothing was changed."));

  function read(key) {
    try {
      return storage ? storage.getItem(key) : null;
    } catch (err) {
      return null;
    }
  }

  function refresh() {
    const counts = { checked: 0, progress: 0 };
    for (const row of rows) {
      const s = exerciseState(read(storageKey(row.ex.widget, row.ex.exercise)),
        read(checkKey(row.ex.widget, row.ex.exercise)), row.ex.widget, row.ex.exercise);
      row.tr.dataset.state = s.state;
      row.state.textContent = stateLabel(s);
      row.score.textContent = scoreLabel(s);
      if (s.state === "checked" || s.state === "changed") counts.checked += 1;
      else if (s.state === "in-progress") counts.progress += 1;
    }
    overview.textContent = `${counts.checked} of ${rows.length} exercises checked, ${counts.progress} in progress, ` +
      `${rows.length - counts.checked - counts.progress} not started.`;
  }

  if (!storage) {
    notice.replaceChildren(h(doc, "p", {}, "This browser does not allow saving, so no exercise's progress can be " +
      "read here. Each exercise's Export answers still keeps a copy."));
    notice.hidden = false;
  }

  // Write whole records back; returns the keys that could not be written.
  function writeAll(records, removeOthers) {
    const failed = [];
    if (removeOthers) {
      for (const key of Object.keys(courseRecords(storage))) {
        if (!Object.prototype.hasOwnProperty.call(records, key)) {
          try {
            storage.removeItem(key);
          } catch (err) { failed.push(key); }
        }
      }
    }
    for (const [key, value] of Object.entries(records)) {
      try {
        storage.setItem(key, value);
      } catch (err) {
        failed.push(key);
      }
    }
    return failed;
  }

  function offerUndo(message, snapshot) {
    undo = snapshot;
    const button = h(doc, "button", { type: "button", "data-undo": "" }, "Undo");
    button.addEventListener("click", () => {
      const restore = undo;
      undo = null;
      if (!restore) return;
      const failed = writeAll(restore, true);
      refresh();
      say(failed.length ? `Restored all but ${failed.length} records, which this browser refused to store.`
        : "Restored your saved work as it was.");
    });
    say(h(doc, "p", {}, message), button);
  }

  const bar = h(doc, "div", { class: "cb-actions", role: "group", "aria-label": "Progress actions" });
  const exp = h(doc, "button", { type: "button" }, "Export all progress");
  const imp = h(doc, "button", { type: "button" }, "Import progress");
  const clear = h(doc, "button", { type: "button" }, "Clear all progress");
  const file = h(doc, "input", { type: "file", accept: "application/json,.json", hidden: "",
    "aria-label": "Progress file to import", tabindex: "-1" });
  bar.append(exp, imp, clear, file);
  if (!storage) for (const b of [exp, imp, clear]) b.disabled = true;

  exp.addEventListener("click", () => {
    const records = courseRecords(storage);
    const name = "who-did-it-progress.json";
    downloadText(doc, name, progressFile(records, new Date().toISOString()));
    say(`Exported ${Object.keys(records).length} saved records as ${name}.`);
  });
  clear.addEventListener("click", () => {
    const before = courseRecords(storage);
    const count = Object.keys(before).length;
    if (!count) {
      say("There is no saved progress to clear.");
      return;
    }
    confirm(`Clear every answer and score this course saved in this browser (${count} records)? ` +
      "You can undo it until you leave this page; Export all progress first to keep a copy.", "Clear all progress", () => {
      const failed = writeAll({}, true);
      refresh();
      offerUndo(failed.length ? `Cleared all but ${failed.length} records.` : "All progress cleared.", before);
    }, clear);
  });
  imp.addEventListener("click", () => file.click());
  file.addEventListener("change", async () => {
    const chosen = file.files && file.files[0];
    file.value = "";
    if (!chosen) return;
    const name = excerpt(chosen.name);
    let parsed;
    try {
      parsed = parseProgressFile(await chosen.text());
    } catch (err) {
      say(`Could not import ${name}: ${err.message}. Your saved progress is unchanged.`);
      return;
    }
    const before = courseRecords(storage);
    const keys = Object.keys(parsed.records);
    const replaced = keys.filter((k) => Object.prototype.hasOwnProperty.call(before, k) && before[k] !== parsed.records[k]).length;
    const added = keys.filter((k) => !Object.prototype.hasOwnProperty.call(before, k)).length;
    const note = parsed.skipped ? ` ${parsed.skipped} entries that are not this course's will be skipped.` : "";
    if (!replaced && !added) {
      say(`${name} holds nothing that differs from this browser's saved progress.${note}`);
      return;
    }
    confirm(`Import ${name}? It would replace ${replaced} and add ${added} saved records; records it does not ` +
      `hold are kept.${note}`, "Import progress", () => {
      const failed = writeAll(parsed.records, false);
      refresh();
      offerUndo(failed.length ? `Imported all but ${failed.length} records, which this browser refused to store.`
        : `Imported ${keys.length} records from ${name}.`, before);
    }, imp);
  });

  root.append(bar, panel, summary);
  const win = doc.defaultView;
  const onStorage = (event) => {
    if (!event.key || event.key.startsWith(PREFIX)) refresh();
  };
  if (win) win.addEventListener("storage", onStorage);
  refresh();
  el.replaceChildren(root);
  markReady(WIDGET, "course", n);
  return () => {
    if (win) win.removeEventListener("storage", onStorage);
  };
}

export default { render };
