// The claim grader: one ES module for both hosts, like the claim sorter.
//
// For each claim the learner sets six grades (source reliability, information credibility,
// layer, spoofability, public evidence, diagnosticity), sees the tier those grades imply, and
// after Check compares every grade and the implied tier with the bank's.  impliedTier,
// gradeVerdict and scoreGrades mirror casebook/scoring.py; a browser test runs both.

import {
  BASE_CSS, bandText, exerciseHeader, exerciseShell, fromNestedItems, h, injectStyles, instanceNumber, markReady,
  ratioPercent, toNestedItems, withNested,
} from "./widget-common.js";

export const GRADER_FORMAT = "casebook-claim-grader";
const WIDGET = "claim-grader";
export const GRADED_AXES = ["source_reliability", "info_credibility", "q_layer", "spoofability",
  "public_evidence", "diagnosticity"];
const ORDINAL = {
  source_reliability: ["A", "B", "C", "D", "E", "F"],
  info_credibility: ["1", "2", "3", "4", "5", "6"],
  spoofability: ["low", "medium", "high"],
  public_evidence: ["yes", "partly", "no"],
  diagnosticity: ["high", "medium", "low", "none"],
};

function own(obj, key) {
  return obj && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : null;
}

// ------------------------------------------------------------------ scoring (pure)

export function impliedTier(grades, caps) {
  let best = null;
  for (const [axis, value] of Object.entries(grades || {})) {
    const table = own(caps, axis);
    if (!table || value === null || value === "" || !Object.prototype.hasOwnProperty.call(table, String(value))) continue;
    const cap = table[String(value)];
    best = best === null ? cap : Math.min(best, cap);
  }
  return best;
}

export function gradeVerdict(axis, given, bank) {
  if (given === null || given === undefined || given === "") return "unset";
  if (String(given) === String(bank)) return "match";
  const order = own(ORDINAL, axis);
  if (!order) return "other";
  return order.indexOf(String(given)) < order.indexOf(String(bank)) ? "stronger" : "weaker";
}

export function scoreGrades(answers, claims, axes = GRADED_AXES) {
  const perClaim = {};
  let matched = 0;
  for (const c of claims) {
    const mine = own(answers, c.id) || {};
    perClaim[c.id] = {};
    for (const axis of axes) {
      const v = gradeVerdict(axis, own(mine, axis), c.grades[axis]);
      perClaim[c.id][axis] = v;
      if (v === "match") matched += 1;
    }
  }
  const total = claims.length * axes.length;
  return { matched, total, percent: ratioPercent(matched, total), perClaim };
}

// The strongest constant strategy: on each axis, the one grade that matches most claims.
export function bestConstantGrades(claims, axes = GRADED_AXES) {
  let best = 0;
  for (const axis of axes) {
    const counts = {};
    for (const c of claims) counts[c.grades[axis]] = (counts[c.grades[axis]] || 0) + 1;
    best += Math.max(...Object.values(counts));
  }
  return ratioPercent(best, claims.length * axes.length);
}

// Answers as items for the shared shell: "g:<claim>:<axis>" holds one grade.
export function graderItems(claims) {
  const fps = {};
  for (const c of claims) for (const axis of GRADED_AXES) fps[`g:${c.id}:${axis}`] = c.fp;
  return fps;
}

export function toGradeItems(answers) {
  return toNestedItems("g", answers);
}

export function fromGradeItems(values) {
  return fromNestedItems("g", values);
}

// ------------------------------------------------------------------ rendering

const CSS = `
.cb-grader ol.cb-cards { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.75rem; }
.cb-grader .cb-card { background: var(--cb-card); border: 1px solid var(--cb-border);
  border-left: 6px solid var(--cb-border); border-radius: 4px; padding: 0.75rem; margin: 0; }
.cb-grader .cb-claim { margin: 0 0 0.25rem; }
.cb-grader .cb-meta { margin: 0 0 0.5rem; color: var(--cb-muted); font-size: 0.9em; }
.cb-grader .cb-grades { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
  gap: 0.5rem 1rem; margin: 0 0 0.5rem; }
.cb-grader .cb-grades label { display: block; font-size: 0.9em; }
.cb-grader .cb-grades select { width: 100%; }
.cb-grader .cb-implied { margin: 0.25rem 0; font-weight: 600; }
.cb-grader .cb-feedback ul { margin: 0.25rem 0 0 1.25rem; padding: 0; }
.cb-grader .cb-feedback p { margin: 0.25rem 0 0; }
.cb-grader [data-grade-verdict="match"] { color: var(--cb-good); }
.cb-grader [data-grade-verdict="stronger"], .cb-grader [data-grade-verdict="weaker"],
.cb-grader [data-grade-verdict="other"], .cb-grader [data-grade-verdict="unset"] { color: var(--cb-bad); }
`;

export function render({ model, el }) {
  const doc = el.ownerDocument;
  injectStyles(doc, "casebook-widget-css", BASE_CSS);
  injectStyles(doc, "casebook-claim-grader-css", CSS);
  const exerciseId = model.get("exercise_id");
  const claims = model.get("claims");
  const scale = model.get("scale");
  const axes = Object.fromEntries(scale.axes.map((a) => [a.id, a]));
  // Each axis's grades in the scale's order ([value, label] pairs), and a lookup by value.
  const order = Object.fromEntries(GRADED_AXES.map((a) => [a, axes[a].values]));
  const values = Object.fromEntries(GRADED_AXES.map((a) => [a, Object.fromEntries(axes[a].values)]));
  const n = instanceNumber(WIDGET, exerciseId);
  const base = `cb-${exerciseId}-${n}`;
  let lastResult = null;
  let showKey = false;
  const answers = () => model.get("answers") || {};

  const root = exerciseHeader(doc, model, { widget: WIDGET, cls: "cb-grader", base });

  const list = h(doc, "ol", { class: "cb-cards" });
  const cards = {};
  claims.forEach((c, i) => {
    const li = h(doc, "li", { class: "cb-card", "data-claim-id": c.id });
    li.append(h(doc, "p", { class: "cb-claim" }, c.claim));
    li.append(h(doc, "p", { class: "cb-meta" }, `${c.speaker}, ${c.date_label}`));
    const grid = h(doc, "div", { class: "cb-grades", role: "group", "aria-label": `Grades for claim ${i + 1}` });
    const selects = {};
    for (const axis of GRADED_AXES) {
      const id = `${base}-c${i + 1}-${axis}`;
      const wrap = h(doc, "div");
      wrap.append(h(doc, "label", { for: id }, `${axes[axis].label}, claim ${i + 1}`));
      const select = h(doc, "select", { id, "data-claim-id": c.id, "data-axis": axis });
      select.append(h(doc, "option", { value: "" }, "Not graded"));
      for (const [value, label] of order[axis]) select.append(h(doc, "option", { value }, label));
      select.addEventListener("change", () => setGrade(c.id, axis, select.value || null));
      wrap.append(select);
      grid.append(wrap);
      selects[axis] = select;
    }
    li.append(grid);
    const implied = h(doc, "p", { class: "cb-implied", "data-implied-tier": "" });
    li.append(implied);
    const fb = h(doc, "div", { class: "cb-feedback", hidden: "" });
    li.append(fb);
    list.append(li);
    cards[c.id] = { li, selects, implied, fb };
  });
  root.append(list);

  function setGrade(id, axis, value) {
    model.set("answers", withNested(answers(), id, axis, value));
    model.save_changes();
    shell.changed({ [`g:${id}:${axis}`]: value });
    if (lastResult) {
      lastResult = null;
      shell.say("You changed a grade since the last Check. Press Check again.");
    }
    sync();
  }

  function gradeLine(c, axis, verdict, given) {
    const label = axes[axis].label;
    const bank = values[axis][c.grades[axis]];
    let text;
    if (verdict === "match") text = `${label}: ${bank}, as the course grades it.`;
    else if (verdict === "unset") text = `${label}: not graded; the course says ${bank}.`;
    else if (verdict === "stronger") text = `${label}: you credit it more than the course does. You said ${values[axis][given]}; the course says ${bank}.`;
    else if (verdict === "weaker") text = `${label}: you credit it less than the course does. You said ${values[axis][given]}; the course says ${bank}.`;
    else text = `${label}: you said ${values[axis][given]}; the course says ${bank}.`;
    return h(doc, "li", { "data-grade-verdict": verdict, "data-axis": axis }, text);
  }

  function sync() {
    const all = answers();
    for (const c of claims) {
      const { selects, implied, fb } = cards[c.id];
      const mine = own(all, c.id) || {};
      for (const axis of GRADED_AXES) {
        const v = own(mine, axis);
        selects[axis].value = v !== null && own(values[axis], v) !== null ? v : "";
      }
      const t = impliedTier(mine, scale.implied_tier);
      implied.dataset.impliedTier = t === null ? "" : String(t);
      implied.textContent = t === null ? "Set grades to see the tier they imply."
        : `Your grades imply at most ${bandText(scale, t, t)}.`;
      const nodes = [];
      const graded = GRADED_AXES.some((axis) => own(mine, axis) !== null);
      if (lastResult && !graded) nodes.push(h(doc, "p", { class: "cb-verdict" }, "Not graded yet."));
      if (lastResult && graded) {
        const ul = h(doc, "ul");
        for (const axis of GRADED_AXES) ul.append(gradeLine(c, axis, lastResult.perClaim[c.id][axis], own(mine, axis)));
        nodes.push(ul);
        const bankTier = impliedTier(c.grades, scale.implied_tier);
        nodes.push(h(doc, "p", {}, `The course's grades imply at most ${bandText(scale, bankTier, bankTier)}.`));
      }
      // The key and its reasons: for a claim the learner graded, after Check; for every claim
      // once the learner asks for the key.
      if ((lastResult && graded) || showKey) {
        let where = "";
        if (t !== null) {
          where = t > c.tier_max ? " Your grades put it higher than the key."
            : t < c.tier_min ? " Your grades put it lower than the key." : " Your grades land inside the key.";
        }
        nodes.push(h(doc, "p", { class: "cb-key" }, `${scale.band.key_prefix} ${bandText(scale, c.tier_min, c.tier_max)}.${where}`));
        if (!GRADED_AXES.includes(c.axis)) {
          nodes.push(h(doc, "p", {}, `This claim's deciding axis, ${axes[c.axis].label.toLowerCase()}, is not one ` +
            "of the six grades here, so its key can sit above or below the tier the grades imply."));
        }
        nodes.push(h(doc, "p", {}, `Deciding axis: ${axes[c.axis].label}. ${c.rationale}`));
      }
      fb.replaceChildren(...nodes);
      fb.hidden = nodes.length === 0;
    }
  }

  const shell = exerciseShell({
    doc, widget: WIDGET, exerciseId, format: GRADER_FORMAT, fps: graderItems(claims),
    valid: (item, v) => {
      const axis = item.slice(item.lastIndexOf(":") + 1);
      return Boolean(own(values, axis)) && Object.prototype.hasOwnProperty.call(values[axis], String(v));
    },
    legacy: (data) => (data && typeof data.answers === "object" && data.answers !== null
      ? toGradeItems(data.answers) : null),
    noun: "grades",
    showLabel: ["Show the key", "Hide the key"],
    read: () => toGradeItems(answers()),
    apply(next) {
      model.set("answers", fromGradeItems(next));
      model.save_changes();
      sync();
    },
    clearVerdicts() {
      lastResult = null;
      sync();
    },
    onCheck() {
      lastResult = scoreGrades(answers(), claims);
      sync();
      shell.say(
        h(doc, "p", { class: "cb-score" }, `Score: ${lastResult.percent.toFixed(1)} %.`),
        h(doc, "p", {}, `${lastResult.matched} of ${lastResult.total} grades match the course's.`),
        h(doc, "p", { class: "cb-baseline" }, "For comparison, giving every claim the same grade on each axis " +
          `scores at most ${bestConstantGrades(claims).toFixed(1)} % on this set.`));
      return { percent: lastResult.percent, text: `${lastResult.matched} of ${lastResult.total} grades match` };
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
  markReady(WIDGET, exerciseId, n);
  return () => {
    model.off("change:answers", sync);
    shell.dispose();
  };
}

export default { render };
