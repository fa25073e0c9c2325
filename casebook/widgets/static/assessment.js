// The assessment form: one ES module for both hosts, like the claim sorter.
//
// The learner writes a short attribution assessment in the form's parts; Check runs the
// checker (missing parts, likelihood and confidence in one sentence, evidence without a
// source, alternatives not addressed) and the learner can download the assessment as Markdown
// or JSON.  checkSentence, sentences, checkParts and toMarkdown mirror casebook/estimative.py
// and casebook/assessment.py; a browser test runs both on the same fixtures.

import {
  BASE_CSS, downloadText, exerciseShell, h, injectStyles, instanceNumber, markReady, plainHeader,
} from "./widget-common.js";

export const ASSESSMENT_FORMAT = "casebook-assessment";
const WIDGET = "assessment";
export const FIELD_IDS = ["judgment", "likelihood", "confidence", "confidence_basis", "evidence",
  "alternatives", "would_change"];
const MIN_BASIS_WORDS = 8;
const CONFIDENCE_PATTERN = "(?:(?:very\\s+|quite\\s+)?(?:high|moderate|medium|low)\\s+)?confiden(?:ce|t)";

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function overlaps(taken, start, end) {
  return taken.some(([s, e]) => start < e && s < end);
}

// Python's str.split() then " ".join(): runs of whitespace become one space, ends trimmed.
function squash(text) {
  return String(text).split(/\s+/).filter(Boolean).join(" ");
}

function findWords(text, words, taken) {
  const found = [];
  for (const word of words) {
    const pattern = new RegExp(`(?<![\\w-])${escapeRe(word).replace(/ /g, "\\s+")}(?![\\w-])`, "gi");
    for (const m of text.matchAll(pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      if (overlaps(taken, start, end)) continue;
      taken.push([start, end]);
      found.push([start, word]);
    }
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, w]) => w);
}

// vocab: {likelihood: [...], confidence: [...], hedges: [...]}, each lower-case, longest first.
export function checkSentence(text, vocab) {
  const taken = [];
  const confidence = [];
  for (const m of text.matchAll(new RegExp(`(?<![\\w-])${CONFIDENCE_PATTERN}(?![\\w-])`, "gi"))) {
    confidence.push(squash(m[0].toLowerCase()));
    taken.push([m.index, m.index + m[0].length]);
  }
  const likelihood = findWords(text, vocab.likelihood, taken);
  const hedges = findWords(text, vocab.hedges, taken);
  return { likelihood, confidence, hedges, mixed: likelihood.length > 0 && confidence.length > 0 };
}

export function sentences(text) {
  return squash(text).split(/(?<=[.!?])\s+(?=["'“‘(]?[A-Z0-9])/).map((s) => s.trim()).filter(Boolean);
}

function blank(v) {
  return v === null || v === undefined || (typeof v === "string" && !v.trim());
}

// The rows of a list part (evidence, alternatives) with anything written in them.
function filled(items, ...keys) {
  return (items || []).filter((x) => !keys.every((k) => blank(x[k])));
}

function wordCount(text) {
  return String(text).split(/\s+/).filter(Boolean).length;
}

function capitalize(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// likelihoodWords: {id: [label, ...synonyms]}; confidenceIds: ["high", "moderate", "low"].
export function checkParts(a, likelihoodWords, confidenceIds, vocab) {
  const out = [];
  const add = (field, level, message) => out.push({ field, level, message });
  const judgment = a.judgment;
  const chosen = a.likelihood;
  if (blank(judgment)) {
    add("judgment", "missing", "Write your judgment: what happened and who did it, in one or two sentences.");
  } else {
    let foundAny = false;
    for (const s of sentences(judgment)) {
      const c = checkSentence(s, vocab);
      foundAny = foundAny || c.likelihood.length > 0;
      if (c.mixed) {
        add("judgment", "problem", `"${s}" puts a likelihood (${c.likelihood.join(", ")}) and a confidence ` +
          `(${c.confidence.join(", ")}) in one sentence; ICD 203 asks for them apart, so say how sure you are ` +
          "in a sentence of its own.");
      }
    }
    if (!foundAny) {
      add("judgment", "problem", "Say how likely your judgment is in ICD 203's words (for example \"likely\" " +
        "or \"roughly even chance\").");
    } else if (!blank(chosen) && Object.prototype.hasOwnProperty.call(likelihoodWords, chosen)) {
      const mine = new Set(likelihoodWords[chosen].map((w) => w.toLowerCase()));
      const used = new Set();
      for (const s of sentences(judgment)) for (const w of checkSentence(s, vocab).likelihood) used.add(w);
      if (![...used].some((w) => mine.has(w))) {
        add("judgment", "problem", `The judgment says ${[...used].sort().join(", ")}, but the likelihood you ` +
          `chose is ${likelihoodWords[chosen][0]}; make them agree.`);
      }
    }
    if (!out.some((f) => f.field === "judgment")) {
      add("judgment", "ok", "A judgment with its likelihood, and no confidence beside it.");
    }
  }
  if (blank(chosen)) add("likelihood", "missing", "Choose the likelihood of your judgment from ICD 203's seven terms.");
  else if (!Object.prototype.hasOwnProperty.call(likelihoodWords, chosen)) {
    add("likelihood", "problem", `'${chosen}' is not one of ICD 203's likelihood terms.`);
  } else add("likelihood", "ok", `ICD 203's term: ${likelihoodWords[chosen][0]}.`);
  const confidence = a.confidence;
  if (blank(confidence)) add("confidence", "missing", "Say how confident you are: high, moderate or low.");
  else if (!confidenceIds.includes(confidence)) add("confidence", "problem", `Confidence is high, moderate or low, not '${confidence}'.`);
  else add("confidence", "ok", `${capitalize(confidence)} confidence.`);
  const basis = a.confidence_basis;
  if (blank(basis)) {
    add("confidence_basis", "missing", "Say what your confidence rests on: the quality of the sources, how far " +
      "they agree, and the gaps.");
  } else if (wordCount(basis) < MIN_BASIS_WORDS) {
    add("confidence_basis", "problem", "Say more about what your confidence rests on: the quality of the " +
      "sources, how far they agree, and the gaps.");
  } else add("confidence_basis", "ok", "The basis for your confidence is stated.");
  const items = filled(a.evidence, "text", "source");
  if (!items.length) add("evidence", "missing", "List the key evidence, each item with its source.");
  else {
    items.forEach((item, i) => {
      if (blank(item.text)) add("evidence", "problem", `Evidence item ${i + 1} has a source but no evidence.`);
      else if (blank(item.source)) add("evidence", "problem", `Evidence item ${i + 1} has no source: say where a reader can check it.`);
    });
    if (items.length < 2) add("evidence", "problem", "Weigh more than one line of evidence.");
    if (!out.some((f) => f.field === "evidence")) add("evidence", "ok", `${items.length} items of evidence, each with a source.`);
  }
  const alts = filled(a.alternatives, "hypothesis", "why");
  if (!alts.length) add("alternatives", "missing", "Name the alternatives you considered and why the evidence supports them less.");
  else {
    alts.forEach((alt, i) => {
      if (blank(alt.hypothesis)) add("alternatives", "problem", `Alternative ${i + 1} gives a reason but no hypothesis.`);
      else if (blank(alt.why)) {
        add("alternatives", "problem", `Alternative ${i + 1} (${alt.hypothesis.trim()}) is named but not addressed: ` +
          "say why the evidence supports it less.");
      }
    });
    if (alts.length < 2) add("alternatives", "problem", "Consider at least two alternatives.");
    if (!out.some((f) => f.field === "alternatives")) add("alternatives", "ok", `${alts.length} alternatives, each addressed.`);
  }
  if (blank(a.would_change)) add("would_change", "missing", "Say what new evidence would change your judgment.");
  else add("would_change", "ok", "You say what would change your judgment.");
  return out;
}

export function toMarkdown(a, labels, likelihoodLabels, title = "Attribution assessment") {
  const text = (v) => (blank(v) ? "(not written)" : squash(v));
  const lines = [`# ${text(title)}`, ""];
  for (const field of FIELD_IDS) {
    lines.push(`## ${labels[field]}`, "");
    const value = a[field];
    if (field === "likelihood") {
      lines.push(blank(value) ? "(not written)" : (Object.prototype.hasOwnProperty.call(likelihoodLabels, value)
        ? likelihoodLabels[value] : text(value)));
    } else if (field === "confidence") {
      lines.push(blank(value) ? "(not written)" : `${value} confidence`);
    } else if (field === "evidence") {
      const items = filled(value, "text", "source");
      if (items.length) for (const e of items) lines.push(`- ${text(e.text)} (source: ${text(e.source)})`);
      else lines.push("(not written)");
    } else if (field === "alternatives") {
      const items = filled(value, "hypothesis", "why");
      if (items.length) for (const x of items) lines.push(`- ${text(x.hypothesis)}: ${text(x.why)}`);
      else lines.push("(not written)");
    } else {
      lines.push(text(value));
    }
    lines.push("");
  }
  return lines.join("\n");
}

// The form's answers as shell items and back.
export function assessmentItems(nEvidence, nAlternatives, fp) {
  const fps = {};
  for (const f of ["judgment", "likelihood", "confidence", "confidence_basis", "would_change"]) fps[f] = fp;
  for (let i = 1; i <= nEvidence; i += 1) {
    fps[`evidence-${i}-text`] = fp;
    fps[`evidence-${i}-source`] = fp;
  }
  for (let i = 1; i <= nAlternatives; i += 1) {
    fps[`alternative-${i}-hypothesis`] = fp;
    fps[`alternative-${i}-why`] = fp;
  }
  return fps;
}

export function fromItems(values, nEvidence, nAlternatives) {
  const get = (k) => (Object.prototype.hasOwnProperty.call(values, k) ? values[k] : "");
  const a = {};
  for (const f of ["judgment", "likelihood", "confidence", "confidence_basis", "would_change"]) a[f] = get(f);
  a.evidence = [];
  for (let i = 1; i <= nEvidence; i += 1) a.evidence.push({ text: get(`evidence-${i}-text`), source: get(`evidence-${i}-source`) });
  a.alternatives = [];
  for (let i = 1; i <= nAlternatives; i += 1) {
    a.alternatives.push({ hypothesis: get(`alternative-${i}-hypothesis`), why: get(`alternative-${i}-why`) });
  }
  return a;
}

// ------------------------------------------------------------------ rendering

const CSS = `
.cb-assessment .cb-part { margin: 0 0 1rem; }
.cb-assessment .cb-part > label, .cb-assessment fieldset legend { display: block; font-weight: 700; margin: 0 0 0.15rem;
  font-size: 1rem; line-height: 1.5; padding: 0; }
.cb-assessment .cb-help { color: var(--cb-muted); margin: 0 0 0.35rem; font-size: 0.9em; }
.cb-assessment textarea, .cb-assessment input[type="text"] { font: inherit; width: 100%; box-sizing: border-box;
  color: var(--cb-fg); background: var(--cb-bg); border: 1px solid var(--cb-border); border-radius: 4px; padding: 0.35rem; }
.cb-assessment textarea:focus-visible, .cb-assessment input:focus-visible { outline: 3px solid var(--cb-focus); outline-offset: 2px; }
.cb-assessment fieldset { border: 1px solid var(--cb-border); border-radius: 4px; padding: 0.5rem 0.75rem; margin: 0 0 1rem; }
.cb-assessment .cb-pair { display: grid; grid-template-columns: 2fr 1fr; gap: 0.5rem; margin: 0 0 0.5rem; }
.cb-assessment .cb-pair.cb-alt { grid-template-columns: 1fr 2fr; }
@media (max-width: 40rem) { .cb-assessment .cb-pair, .cb-assessment .cb-pair.cb-alt { grid-template-columns: 1fr; } }
.cb-assessment .cb-pair label { font-weight: 600; font-size: 0.9em; }
.cb-assessment ul.cb-findings { margin: 0.25rem 0 0 1.25rem; padding: 0; }
.cb-assessment [data-level="ok"] { color: var(--cb-good); }
.cb-assessment [data-level="missing"], .cb-assessment [data-level="problem"] { color: var(--cb-bad); }
.cb-assessment .cb-example { border-top: 1px solid var(--cb-border); margin-top: 0.75rem; padding-top: 0.5rem; }
.cb-assessment .cb-example p, .cb-assessment .cb-example li { margin: 0.25rem 0; }
.cb-assessment .cb-example ul { margin: 0 0 0 1.25rem; padding: 0; }
`;

export function render({ model, el }) {
  const doc = el.ownerDocument;
  injectStyles(doc, "casebook-widget-css", BASE_CSS);
  injectStyles(doc, "casebook-assessment-css", CSS);
  const formId = model.get("form_id");
  const fields = model.get("fields");
  const labels = Object.fromEntries(fields.map((f) => [f.id, f.label]));
  const likelihoodOptions = model.get("likelihood");
  const likelihoodWords = Object.fromEntries(likelihoodOptions.map((o) => [o.id, o.words]));
  const likelihoodLabels = Object.fromEntries(likelihoodOptions.map((o) => [o.id, o.words[0]]));
  const confidenceIds = model.get("confidence");
  const vocab = model.get("vocabulary");
  const nEvidence = model.get("evidence_slots");
  const nAlternatives = model.get("alternative_slots");
  const fps = assessmentItems(nEvidence, nAlternatives, model.get("fp"));
  const n = instanceNumber(WIDGET, formId);
  const base = `cb-${formId}-${n}`;
  let findings = null;
  let showKey = false;
  const answers = () => model.get("answers") || {};

  const root = plainHeader(doc, model, { widget: WIDGET, cls: "cb-assessment", base, idKey: "form_id" });
  const controls = {};
  const findingBoxes = {};

  function control(item, node) {
    controls[item] = node;
    node.dataset.item = item;
    node.addEventListener("change", () => setValue(item, node.value));
    return node;
  }

  function part(f) {
    const wrap = h(doc, "div", { class: "cb-part", "data-field": f.id });
    const id = `${base}-${f.id}`;
    const helpId = `${id}-help`;
    if (f.id === "evidence" || f.id === "alternatives") {
      const set = h(doc, "fieldset", { "aria-describedby": helpId });
      set.append(h(doc, "legend", {}, f.label), h(doc, "p", { class: "cb-help", id: helpId }, f.help));
      const count = f.id === "evidence" ? nEvidence : nAlternatives;
      for (let i = 1; i <= count; i += 1) {
        const pair = h(doc, "div", { class: `cb-pair${f.id === "alternatives" ? " cb-alt" : ""}` });
        const names = f.id === "evidence" ? [["text", `Evidence ${i}`], ["source", `Source of evidence ${i}`]]
          : [["hypothesis", `Alternative ${i}`], ["why", `Why alternative ${i} is less supported`]];
        for (const [slot, labelText] of names) {
          const item = `${f.id === "evidence" ? "evidence" : "alternative"}-${i}-${slot}`;
          const cid = `${base}-${item}`;
          const cell = h(doc, "div");
          cell.append(h(doc, "label", { for: cid }, labelText));
          cell.append(control(item, h(doc, "input", { type: "text", id: cid, autocomplete: "off" })));
          pair.append(cell);
        }
        set.append(pair);
      }
      wrap.append(set);
    } else {
      wrap.append(h(doc, "label", { for: id }, f.label), h(doc, "p", { class: "cb-help", id: helpId }, f.help));
      let node;
      if (f.id === "likelihood" || f.id === "confidence") {
        node = h(doc, "select", { id, "aria-describedby": helpId });
        node.append(h(doc, "option", { value: "" }, "Not chosen"));
        if (f.id === "likelihood") for (const o of likelihoodOptions) node.append(h(doc, "option", { value: o.id }, o.words[0]));
        else for (const c of confidenceIds) node.append(h(doc, "option", { value: c }, `${c} confidence`));
      } else {
        node = h(doc, "textarea", { id, rows: f.id === "judgment" ? "3" : "4", "aria-describedby": helpId });
      }
      wrap.append(control(f.id, node));
    }
    const box = h(doc, "ul", { class: "cb-findings", hidden: "", "aria-label": `Feedback on ${f.label}` });
    wrap.append(box);
    findingBoxes[f.id] = box;
    return wrap;
  }

  const form = h(doc, "div", { class: "cb-form" });
  for (const f of fields) form.append(part(f));
  root.append(form);

  const downloads = h(doc, "div", { class: "cb-actions", role: "group", "aria-label": "Download your assessment" });
  const md = h(doc, "button", { type: "button" }, "Download as Markdown");
  const json = h(doc, "button", { type: "button" }, "Download as JSON");
  downloads.append(md, json);
  md.addEventListener("click", () => {
    const name = `${formId}-assessment.md`;
    downloadText(doc, name, toMarkdown(fromItems(answers(), nEvidence, nAlternatives), labels, likelihoodLabels,
      model.get("title")), "text/markdown");
    shell.say(`Your assessment was downloaded as ${name}.`);
  });
  json.addEventListener("click", () => {
    const name = `${formId}-assessment.json`;
    downloadText(doc, name, JSON.stringify({ form: formId, assessment: fromItems(answers(), nEvidence, nAlternatives) }, null, 2));
    shell.say(`Your assessment was downloaded as ${name}.`);
  });
  const example = h(doc, "div", { class: "cb-example", hidden: "" });

  function setValue(item, raw) {
    const value = typeof raw === "string" && raw.trim() ? raw : null;
    const next = { ...answers() };
    if (value === null) delete next[item];
    else next[item] = value;
    model.set("answers", next);
    model.save_changes();
    shell.changed({ [item]: value });
    if (findings) {
      findings = null;
      shell.say("You changed your assessment since the last Check. Press Check again.");
    }
    sync();
  }

  function renderExample() {
    const ex = model.get("example");
    if (!ex) return [h(doc, "p", {}, "The course has no example assessment for this case yet.")];
    const nodes = [h(doc, "p", { class: "cb-title" }, `The course's example: ${ex.title}`)];
    const row = (label, value, comment, items = null) => {
      nodes.push(h(doc, "p", {}, items ? `${label}:` : `${label}: ${value}`));
      if (items) {
        const ul = h(doc, "ul");
        for (const item of items) ul.append(h(doc, "li", {}, item));
        nodes.push(ul);
      }
      if (comment) nodes.push(h(doc, "p", { class: "cb-help" }, `Why it works: ${comment}`));
    };
    row(labels.judgment, ex.judgment, ex.commentary.judgment);
    row(labels.likelihood, likelihoodLabels[ex.likelihood], ex.commentary.likelihood);
    row(labels.confidence, `${ex.confidence} confidence.`, ex.commentary.confidence);
    row(labels.confidence_basis, ex.confidence_basis, ex.commentary.confidence_basis);
    row(labels.evidence, "", ex.commentary.evidence, ex.evidence.map((e) => `${e.text} (source: ${e.source})`));
    row(labels.alternatives, "", ex.commentary.alternatives, ex.alternatives.map((x) => `${x.hypothesis}: ${x.why}`));
    row(labels.would_change, ex.would_change, ex.commentary.would_change);
    return nodes;
  }

  function sync() {
    const all = answers();
    for (const [item, node] of Object.entries(controls)) {
      const v = Object.prototype.hasOwnProperty.call(all, item) ? all[item] : "";
      if (doc.activeElement !== node) node.value = v;
    }
    for (const f of fields) {
      const box = findingBoxes[f.id];
      const mine = findings ? findings.filter((x) => x.field === f.id) : [];
      box.replaceChildren(...mine.map((x) => h(doc, "li", { "data-level": x.level }, `${x.level === "ok" ? "Good" : x.level === "missing" ? "Missing" : "Fix"}: ${x.message}`)));
      box.hidden = mine.length === 0;
    }
    example.hidden = !showKey;
    example.replaceChildren(...(showKey ? renderExample() : []));
  }

  const shell = exerciseShell({
    doc, widget: WIDGET, exerciseId: formId, format: ASSESSMENT_FORMAT, fps,
    valid: (item, v) => typeof v === "string" && v.length <= 5000
      && (item !== "likelihood" || Object.prototype.hasOwnProperty.call(likelihoodWords, v))
      && (item !== "confidence" || confidenceIds.includes(v)),
    noun: "parts",
    showLabel: ["Show the course's example", "Hide the course's example"],
    read: () => ({ ...answers() }),
    apply(next) {
      model.set("answers", { ...next });
      model.save_changes();
      sync();
    },
    clearVerdicts() {
      findings = null;
      sync();
    },
    onCheck() {
      findings = checkParts(fromItems(answers(), nEvidence, nAlternatives), likelihoodWords, confidenceIds, vocab);
      sync();
      const bad = findings.filter((x) => x.level !== "ok");
      const missing = bad.filter((x) => x.level === "missing").length;
      shell.say(bad.length
        ? `${bad.length} ${bad.length === 1 ? "thing" : "things"} to fix (${missing} missing): the feedback sits under each part.`
        : "Every part meets the checker's standards. Read it once more as a doubting reader would.");
      return { percent: null, text: bad.length ? `${bad.length} ${bad.length === 1 ? "thing" : "things"} to fix`
        : "every part meets the checker's standards" };
    },
    onShow(shown) {
      showKey = shown;
      sync();
    },
  });
  form.before(shell.notice);
  root.append(shell.bar, downloads, shell.panel, shell.summary, example);
  model.on("change:answers", sync);
  shell.restore();
  sync();
  el.replaceChildren(root);
  markReady(WIDGET, formId, n);
  return () => {
    model.off("change:answers", sync);
    shell.dispose();
  };
}

export default { render };
