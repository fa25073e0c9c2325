// What every course widget shares: DOM helpers, styles, saving in the browser, export/import.
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

export function safeStorage() {
  try {
    const s = globalThis.localStorage;
    s.setItem("casebook:probe", "1");
    s.removeItem("casebook:probe");
    return s;
  } catch (err) {
    return null;
  }
}

export function storageKey(widget, exerciseId, bankVersion) {
  return `casebook:${widget}:${exerciseId}:${bankVersion}`;
}

// Parse a saved or imported answer file's envelope; throws an Error a learner can act on.
export function parseEnvelope(text, format, exerciseId) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error("it is not valid JSON");
  }
  if (!data || typeof data !== "object" || data.format !== format) {
    throw new Error("it is not an answer file for this kind of exercise");
  }
  if (data.exercise_id !== exerciseId) {
    throw new Error(`it holds answers for exercise "${String(data.exercise_id)}", not "${exerciseId}"`);
  }
  return data;
}

export function serialise(format, exerciseId, bankVersion, payload) {
  return JSON.stringify({ format, version: 1, exercise_id: exerciseId, bank_version: bankVersion, ...payload },
    null, 2);
}

// Saved answers for one exercise: restore them, report problems, never lose them silently.
export function answerStore({ widget, exerciseId, bankVersion, format, parse }) {
  const storage = safeStorage();
  const key = storageKey(widget, exerciseId, bankVersion);
  return {
    key,
    save(payload) {
      if (!storage) return false;
      try {
        storage.setItem(key, serialise(format, exerciseId, bankVersion, payload));
        return true;
      } catch (err) {
        return false;
      }
    },
    // Returns {saved: parsed payload or null, notes: [text]}.
    restore() {
      const notes = [];
      if (!storage) {
        notes.push("This browser does not allow saving, so answers last only while the page is open. " +
          "Use Export answers to keep a copy.");
        return { saved: null, notes };
      }
      let saved = null;
      const text = storage.getItem(key);
      if (text !== null) {
        try {
          saved = parse(text);
        } catch (err) {
          storage.setItem(`${key}:unreadable`, text);
          storage.removeItem(key);
          notes.push(`Your saved answers could not be read (${err.message}), so the exercise starts empty. ` +
            `The unreadable copy is kept in this browser under the key ${key}:unreadable.`);
        }
      }
      const prefix = `casebook:${widget}:${exerciseId}:`;
      for (let i = 0; i < storage.length; i += 1) {
        const k = storage.key(i);
        if (k && k.startsWith(prefix) && k !== key && !k.endsWith(":unreadable")) {
          notes.push("Answers you saved against an earlier version of the course data were set aside and not applied.");
          break;
        }
      }
      return { saved, notes };
    },
  };
}

export function downloadText(doc, filename, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = h(doc, "a", { href: url, download: filename });
  doc.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// The shared action bar: Check, Show, Reset, Export, Import.  Handlers are the widget's.
export function actionBar(doc, { showLabel, onCheck, onShow, onReset, onExport, onImport }) {
  const bar = h(doc, "div", { class: "cb-actions", role: "group", "aria-label": "Exercise actions" });
  const check = h(doc, "button", { type: "button", class: "cb-primary" }, "Check");
  // The key stays closed until a first Check: a learner commits to answers before seeing it.
  const show = h(doc, "button", { type: "button", "aria-pressed": "false", disabled: "",
    title: "Available after your first Check" }, showLabel[0]);
  const reset = h(doc, "button", { type: "button" }, "Reset");
  const exp = h(doc, "button", { type: "button" }, "Export answers");
  const imp = h(doc, "button", { type: "button" }, "Import answers");
  const file = h(doc, "input", { type: "file", accept: "application/json,.json", hidden: "",
    "aria-label": "Answer file to import", tabindex: "-1" });
  bar.append(check, show, reset, exp, imp, file);
  let shown = false;
  check.addEventListener("click", () => {
    show.disabled = false;
    show.removeAttribute("title");
    onCheck();
  });
  show.addEventListener("click", () => {
    shown = !shown;
    show.setAttribute("aria-pressed", String(shown));
    show.textContent = showLabel[shown ? 1 : 0];
    onShow(shown);
  });
  reset.addEventListener("click", onReset);
  exp.addEventListener("click", onExport);
  imp.addEventListener("click", () => file.click());
  file.addEventListener("change", async () => {
    const chosen = file.files && file.files[0];
    if (chosen) await onImport(chosen.name, await chosen.text());
    file.value = "";
  });
  return bar;
}
