// The ACH workbench: one ES module for both hosts, like the claim sorter.
//
// The learner rates each piece of evidence against each hypothesis (CC, C, N, I, II).  The
// widget counts Heuer's inconsistency scores as the learner rates, flags evidence that does
// not discriminate, and with the "could this be planted?" switch sets the spoofable evidence
// aside and names any single item whose planting would change the leading hypothesis.  After
// Check each rating is compared with the key by side (consistent, neutral, inconsistent).
// inconsistency, leaders, nondiagnostic, sensitivity and scoreRatings mirror casebook/ach.py;
// a browser test runs both on the same fixtures.

import {
  BASE_CSS, exerciseShell, fromNestedItems, h, injectStyles, instanceNumber, markReady, plainHeader, ratioPercent,
  toNestedItems, withNested,
} from "./widget-common.js";

export const ACH_FORMAT = "casebook-ach";
const WIDGET = "ach";

function own(obj, key) {
  return obj && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : null;
}

// ------------------------------------------------------------------ logic (pure)

export function inconsistency(ratings, hypotheses, weights, exclude = []) {
  const skip = new Set(exclude);
  const scores = Object.fromEntries(hypotheses.map((hyp) => [hyp, 0]));
  for (const [row, cells] of Object.entries(ratings)) {
    if (skip.has(row)) continue;
    for (const hyp of hypotheses) {
      const code = own(cells, hyp);
      if (code !== null && code !== undefined) scores[hyp] += weights[code];
    }
  }
  return scores;
}

export function leaders(scores, hypotheses) {
  const low = Math.min(...hypotheses.map((hyp) => scores[hyp]));
  return hypotheses.filter((hyp) => scores[hyp] === low);
}

export function nondiagnostic(ratings, hypotheses, sides) {
  const out = [];
  for (const [row, cells] of Object.entries(ratings)) {
    const found = new Set();
    let complete = true;
    for (const hyp of hypotheses) {
      const code = own(cells, hyp);
      if (code === null || code === undefined) complete = false;
      else found.add(sides[code]);
    }
    if (complete && found.size === 1) out.push(row);
  }
  return out;
}

export function sensitivity(ratings, hypotheses, weights, candidates, exclude = []) {
  const base = leaders(inconsistency(ratings, hypotheses, weights, exclude), hypotheses).join("|");
  const out = [];
  for (const row of candidates) {
    if (exclude.includes(row)) continue;
    const moved = leaders(inconsistency(ratings, hypotheses, weights, [...exclude, row]), hypotheses).join("|");
    if (moved !== base) out.push(row);
  }
  return out;
}

export function cellVerdict(given, key, sides) {
  if (given === null || given === undefined) return "unrated";
  if (!Object.prototype.hasOwnProperty.call(sides, given)) throw new Error(`a rating must be one of ${Object.keys(sides).join(", ")}, got ${given}`);
  if (given === key) return "exact";
  return sides[given] === sides[key] ? "same-side" : "other-side";
}

export function scoreRatings(answers, key, sides) {
  const perCell = {};
  let matched = 0;
  let exact = 0;
  let total = 0;
  for (const [row, cells] of Object.entries(key)) {
    const mine = own(answers, row) || {};
    perCell[row] = {};
    for (const [hyp, code] of Object.entries(cells)) {
      const v = cellVerdict(own(mine, hyp), code, sides);
      perCell[row][hyp] = v;
      total += 1;
      if (v === "exact" || v === "same-side") matched += 1;
      if (v === "exact") exact += 1;
    }
  }
  return { matched, exact, total, percent: ratioPercent(matched, total), perCell };
}

export function achItems(evidence, hypotheses) {
  const fps = {};
  for (const e of evidence) for (const hyp of hypotheses) fps[`r:${e.id}:${hyp}`] = e.fp;
  return fps;
}

// ------------------------------------------------------------------ rendering

const CSS = `
.cb-ach ol.cb-cards { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.75rem; }
.cb-ach .cb-card { background: var(--cb-card); border: 1px solid var(--cb-border);
  border-left: 6px solid var(--cb-border); border-radius: 4px; padding: 0.75rem; }
.cb-ach .cb-card[data-set-aside="true"] { opacity: 0.6; border-style: dashed; }
.cb-ach .cb-claim { margin: 0 0 0.25rem; }
.cb-ach .cb-meta { margin: 0 0 0.5rem; color: var(--cb-muted); font-size: 0.9em; }
.cb-ach .cb-rates { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: 0.5rem 1rem; }
.cb-ach .cb-rates label { display: block; font-size: 0.9em; }
.cb-ach .cb-rates select { width: 100%; }
.cb-ach .cb-flag { font-weight: 600; margin: 0.25rem 0 0; }
.cb-ach table.cb-scores { border-collapse: collapse; margin: 0.5rem 0; }
.cb-ach table.cb-scores th, .cb-ach table.cb-scores td { border: 1px solid var(--cb-border); padding: 0.25rem 0.5rem; text-align: left; }
.cb-ach .cb-switch { display: flex; gap: 0.5rem; align-items: center; margin: 0.75rem 0 0.25rem; }
.cb-ach .cb-switch input { width: 1.25rem; height: 1.25rem; }
.cb-ach [data-cell-verdict="exact"], .cb-ach [data-cell-verdict="same-side"] { color: var(--cb-good); }
.cb-ach [data-cell-verdict="other-side"], .cb-ach [data-cell-verdict="unrated"] { color: var(--cb-bad); }
.cb-ach .cb-feedback ul { margin: 0.25rem 0 0 1.25rem; padding: 0; }
.cb-ach .cb-feedback p { margin: 0.25rem 0 0; }
`;

export function render({ model, el }) {
  const doc = el.ownerDocument;
  injectStyles(doc, "casebook-widget-css", BASE_CSS);
  injectStyles(doc, "casebook-ach-css", CSS);
  const matrixId = model.get("matrix_id");
  const hyps = model.get("hypotheses");
  const hypIds = hyps.map((x) => x.id);
  const hypLabel = Object.fromEntries(hyps.map((x) => [x.id, x.label]));
  const evidence = model.get("evidence");
  const byId = Object.fromEntries(evidence.map((e, i) => [e.id, { ...e, n: i + 1 }]));
  const ratingList = model.get("ratings");
  const weights = Object.fromEntries(ratingList.map((r) => [r.code, r.inconsistency]));
  const sides = Object.fromEntries(ratingList.map((r) => [r.code, r.side]));
  const codeLabel = Object.fromEntries(ratingList.map((r) => [r.code, r.label]));
  const key = Object.fromEntries(evidence.map((e) => [e.id, e.key]));
  const spoofable = evidence.filter((e) => e.spoofable).map((e) => e.id);
  const n = instanceNumber(WIDGET, matrixId);
  const base = `cb-${matrixId}-${n}`;
  let result = null;
  let showKey = false;
  let planted = false;
  const answers = () => model.get("answers") || {};

  const root = plainHeader(doc, model, { widget: WIDGET, cls: "cb-ach", base, idKey: "matrix_id" });
  const hypList = h(doc, "ol", { class: "cb-hyps" });
  for (const x of hyps) hypList.append(h(doc, "li", {}, x.label));
  root.append(h(doc, "p", {}, "The hypotheses:"), hypList);
  root.append(h(doc, "p", {}, "For each piece of evidence, ask of each hypothesis: if this hypothesis were true, " +
    "how consistent would this evidence be with it? Inconsistent ratings count against a hypothesis " +
    "(I counts 1, II counts 2); the hypothesis the evidence contradicts least leads."));

  const list = h(doc, "ol", { class: "cb-cards" });
  const cards = {};
  evidence.forEach((e, i) => {
    const li = h(doc, "li", { class: "cb-card", "data-claim-id": e.id });
    li.append(h(doc, "p", { class: "cb-claim" }, e.text));
    li.append(h(doc, "p", { class: "cb-meta" }, `${e.speaker}, ${e.date_label}${e.spoofable ? " · could be planted" : ""}`));
    const grid = h(doc, "div", { class: "cb-rates", role: "group", "aria-label": `Ratings for evidence ${i + 1}` });
    const selects = {};
    hyps.forEach((x, j) => {
      const id = `${base}-e${i + 1}-h${j + 1}`;
      const wrap = h(doc, "div");
      wrap.append(h(doc, "label", { for: id }, `Evidence ${i + 1}, if: ${x.label}`));
      const select = h(doc, "select", { id, "data-claim-id": e.id, "data-hypothesis": x.id });
      select.append(h(doc, "option", { value: "" }, "Not rated"));
      for (const r of ratingList) select.append(h(doc, "option", { value: r.code }, `${r.code}: ${r.label}`));
      select.addEventListener("change", () => setRating(e.id, x.id, select.value || null));
      wrap.append(select);
      grid.append(wrap);
      selects[x.id] = select;
    });
    li.append(grid);
    const flag = h(doc, "p", { class: "cb-flag", hidden: "" });
    const fb = h(doc, "div", { class: "cb-feedback", hidden: "" });
    li.append(flag, fb);
    list.append(li);
    cards[e.id] = { li, selects, flag, fb };
  });
  root.append(list);

  const switchRow = h(doc, "div", { class: "cb-switch" });
  const switchId = `${base}-planted`;
  const toggle = h(doc, "input", { type: "checkbox", id: switchId, "data-control": "planted" });
  switchRow.append(toggle, h(doc, "label", { for: switchId }, "Could this be planted? Set aside the evidence that could have been planted"));
  toggle.addEventListener("change", () => {
    planted = toggle.checked;
    sync();
  });
  const board = h(doc, "div", { class: "cb-board" });
  root.append(switchRow, board);

  function setRating(row, hyp, value) {
    model.set("answers", withNested(answers(), row, hyp, value));
    model.save_changes();
    shell.changed({ [`r:${row}:${hyp}`]: value });
    if (result) {
      result = null;
      shell.say("You changed a rating since the last Check. Press Check again.");
    }
    sync();
  }

  function scoresTable(title, ratings, exclude) {
    const scores = inconsistency(ratings, hypIds, weights, exclude);
    const lead = leaders(scores, hypIds);
    const table = h(doc, "table", { class: "cb-scores" });
    table.append(h(doc, "caption", {}, title));
    const head = h(doc, "tr");
    head.append(h(doc, "th", { scope: "col" }, "Hypothesis"), h(doc, "th", { scope: "col" }, "Inconsistency"));
    table.append(head);
    for (const hyp of hypIds) {
      const tr = h(doc, "tr", { "data-hypothesis": hyp, "data-score": String(scores[hyp]) });
      tr.append(h(doc, "th", { scope: "row" }, `${hypLabel[hyp]}${lead.includes(hyp) ? " (leads)" : ""}`),
        h(doc, "td", {}, String(scores[hyp])));
      table.append(tr);
    }
    return { table, scores, lead };
  }

  function describeMatrix(ratings, whose) {
    const nodes = [];
    const exclude = planted ? spoofable : [];
    const rated = Object.values(ratings).some((cells) => Object.keys(cells || {}).length);
    if (!rated) {
      nodes.push(h(doc, "p", {}, `${whose}: rate some evidence to see the scores.`));
      return nodes;
    }
    const { table, lead } = scoresTable(`${whose}: inconsistency${planted ? ", with the evidence that could be planted set aside" : ""}`, ratings, exclude);
    nodes.push(table);
    nodes.push(h(doc, "p", { "data-leader": lead.join(" ") }, lead.length === 1
      ? `Leading: ${hypLabel[lead[0]]}.` : `Tied for the lead: ${lead.map((x) => hypLabel[x]).join("; ")}.`));
    const flat = nondiagnostic(ratings, hypIds, sides);
    nodes.push(h(doc, "p", { "data-nondiagnostic": flat.join(" ") }, flat.length
      ? `Does not discriminate (the same side under every hypothesis): ${flat.map((id) => `evidence ${byId[id].n}`).join(", ")}. ` +
        "However strong it feels, it cannot help you choose."
      : "Every fully rated piece of evidence tells at least two hypotheses apart."));
    const pivots = sensitivity(ratings, hypIds, weights, spoofable, exclude);
    nodes.push(h(doc, "p", { "data-pivots": pivots.join(" ") }, pivots.length
      ? `If planted, each of these alone would change the lead: ${pivots.map((id) => `evidence ${byId[id].n} (${byId[id].speaker})`).join("; ")}.`
      : "No single item that could have been planted changes the lead on its own."));
    return nodes;
  }

  function sync() {
    const all = answers();
    for (const e of evidence) {
      const { li, selects, flag, fb } = cards[e.id];
      const mine = own(all, e.id) || {};
      for (const hyp of hypIds) {
        const v = own(mine, hyp);
        selects[hyp].value = v !== null && Object.prototype.hasOwnProperty.call(sides, v) ? v : "";
        if (result) selects[hyp].parentNode.dataset.cellVerdict = result.perCell[e.id][hyp];
        else delete selects[hyp].parentNode.dataset.cellVerdict;
      }
      li.dataset.setAside = String(planted && e.spoofable);
      flag.hidden = !(planted && e.spoofable);
      flag.textContent = planted && e.spoofable ? "Set aside: this evidence could have been planted." : "";
      const nodes = [];
      if ((result && Object.keys(mine).length) || showKey) {
        const ul = h(doc, "ul");
        for (const hyp of hypIds) {
          const given = own(mine, hyp);
          const k = e.key[hyp];
          const verdict = cellVerdict(given, k, sides);
          let text = `${hypLabel[hyp]}: the key says ${k} (${codeLabel[k]})`;
          if (given !== null) text += verdict === "exact" ? "; so did you." : verdict === "same-side"
            ? `; you said ${given}, on the same side.` : `; you said ${given}, on the other side.`;
          else text += ".";
          ul.append(h(doc, "li", { "data-cell-verdict": verdict }, text));
        }
        nodes.push(ul, h(doc, "p", {}, e.why));
      }
      fb.replaceChildren(...nodes);
      fb.hidden = nodes.length === 0;
    }
    const nodes = describeMatrix(all, "Your matrix");
    if (result || showKey) nodes.push(...describeMatrix(key, "The key's matrix"));
    board.replaceChildren(...nodes);
  }

  const shell = exerciseShell({
    doc, widget: WIDGET, exerciseId: matrixId, format: ACH_FORMAT, fps: achItems(evidence, hypIds),
    valid: (item, v) => item.startsWith("r:") && Object.prototype.hasOwnProperty.call(sides, v)
      && hypIds.includes(item.slice(item.lastIndexOf(":") + 1)),
    noun: "ratings",
    showLabel: ["Show the key", "Hide the key"],
    read: () => toNestedItems("r", answers()),
    apply(next) {
      model.set("answers", fromNestedItems("r", next));
      model.save_changes();
      sync();
    },
    clearVerdicts() {
      result = null;
      sync();
    },
    onCheck() {
      result = scoreRatings(answers(), key, sides);
      sync();
      const b = model.get("baselines");
      shell.say(
        h(doc, "p", { class: "cb-score" }, `Score: ${result.percent.toFixed(1)} %.`),
        h(doc, "p", {}, `${result.matched} of ${result.total} ratings are on the key's side ` +
          `(consistent, neutral or inconsistent); ${result.exact} match it exactly.`),
        h(doc, "p", { class: "cb-baseline" }, `For comparison, the same rating in every cell scores at most ` +
          `${b.constant_percent.toFixed(1)} % on this matrix, and random ratings about ${b.random_percent.toFixed(1)} %.`));
      return { percent: result.percent, text: `${result.matched} of ${result.total} ratings on the key's side` };
    },
    onShow(shown) {
      showKey = shown;
      sync();
    },
  });
  list.before(shell.notice);
  root.append(shell.bar, shell.panel, shell.summary);
  model.on("change:answers", sync);
  shell.restore();
  sync();
  el.replaceChildren(root);
  markReady(WIDGET, matrixId, n);
  return () => {
    model.off("change:answers", sync);
    shell.dispose();
  };
}

export default { render };
