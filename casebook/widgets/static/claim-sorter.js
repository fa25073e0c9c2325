// The claim sorter: one ES module for both hosts.
//
// In Jupyter, anywidget calls render({model, el}) with a model synced to the Python kernel.
// On the built book, casebook-boot.js calls the same render with a stand-in model built from
// the JSON state in the page.  Scoring here mirrors casebook/scoring.py rule for rule; a test
// runs both over the same fixtures.  Claim text is only ever set with textContent.

import {
  BASE_CSS, actionBar, answerStore, downloadText, h, injectStyles, instanceNumber, markReady,
  parseEnvelope, percent, serialise,
} from "./widget-common.js";

export const TIER_NAMES = { 4: "Strong", 3: "Moderate", 2: "Weak", 1: "Negligible" };
export const SORTER_FORMAT = "casebook-claim-sorter";
const WIDGET = "claim-sorter";

const VERDICTS = {
  "in-band": "Inside the key's band: full credit.",
  "near-miss": "A near miss, one tier outside the key's band: half credit.",
  "outside": "Two or more tiers outside the key's band: no credit.",
  "unplaced": "Not placed yet: no credit.",
};

// ------------------------------------------------------------------ scoring (pure)

export function credit(tier, tierMin, tierMax) {
  if (tier === null || tier === undefined) return [0, "unplaced"];
  if (![1, 2, 3, 4].includes(tier)) throw new Error(`tier must be 1, 2, 3 or 4, got ${tier}`);
  const distance = Math.max(tierMin - tier, tier - tierMax, 0);
  if (distance === 0) return [1, "in-band"];
  if (distance === 1) return [0.5, "near-miss"];
  return [0, "outside"];
}

export function scorePlacements(placements, claims) {
  const perClaim = {};
  let total = 0;
  const known = new Set();
  for (const c of claims) {
    known.add(c.id);
    const tier = Object.prototype.hasOwnProperty.call(placements, c.id) ? placements[c.id] : null;
    const [points, verdict] = credit(tier, c.tier_min, c.tier_max);
    perClaim[c.id] = { credit: points, verdict };
    total += points;
  }
  const unknown = Object.keys(placements).filter((id) => !known.has(id)).sort();
  return { total, maximum: claims.length, percent: percent(total, claims.length), perClaim, unknown };
}

// Check a saved or imported answer file; returns {placements, ignored, bankVersion}.
export function parseSaved(text, exerciseId, claims) {
  const data = parseEnvelope(text, SORTER_FORMAT, exerciseId);
  const raw = data.placements;
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new Error("its placements are missing");
  const ids = new Set(claims.map((c) => c.id));
  const placements = {};
  const ignored = [];
  for (const [id, tier] of Object.entries(raw)) {
    if (![1, 2, 3, 4].includes(tier)) throw new Error(`the tier for "${id}" is not 1, 2, 3 or 4`);
    if (ids.has(id)) placements[id] = tier;
    else ignored.push(id);
  }
  return { placements, ignored, bankVersion: String(data.bank_version || "") };
}

// ------------------------------------------------------------------ rendering

const CSS = `
.cb-sorter details.cb-scale { margin: 0 0 0.75rem; }
.cb-sorter details.cb-scale summary { cursor: pointer; text-decoration: underline; }
.cb-sorter .cb-scale dl { margin: 0.5rem 0 0; }
.cb-sorter .cb-scale dt { font-weight: 700; }
.cb-sorter .cb-scale dd { margin: 0 0 0.4rem 1rem; }
.cb-sorter ol.cb-cards { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.75rem; }
.cb-sorter .cb-card { background: var(--cb-card); border: 1px solid var(--cb-border);
  border-left: 6px solid var(--cb-border); border-radius: 4px; padding: 0.75rem; margin: 0; }
.cb-sorter .cb-card[data-verdict="in-band"] { border-left-color: var(--cb-good); }
.cb-sorter .cb-card[data-verdict="near-miss"] { border-left-color: var(--cb-near); }
.cb-sorter .cb-card[data-verdict="outside"], .cb-sorter .cb-card[data-verdict="unplaced"] {
  border-left-color: var(--cb-bad); }
.cb-sorter .cb-claim { margin: 0 0 0.25rem; }
.cb-sorter .cb-meta { margin: 0 0 0.5rem; color: var(--cb-muted); font-size: 0.9em; }
.cb-sorter .cb-place { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
.cb-sorter .cb-feedback { margin: 0.5rem 0 0; }
.cb-sorter .cb-feedback p { margin: 0.25rem 0 0; }
.cb-sorter .cb-key { font-style: italic; }
`;

function bandText(c) {
  if (c.tier_min === c.tier_max) return `Key: tier ${c.tier_min}, ${TIER_NAMES[c.tier_min]}.`;
  return `Key: tier ${c.tier_min} or ${c.tier_max} (${TIER_NAMES[c.tier_min]} to ${TIER_NAMES[c.tier_max]}). ` +
    "Informed analysts differ here; the rationale says why.";
}

export function render({ model, el }) {
  const doc = el.ownerDocument;
  injectStyles(doc, "casebook-widget-css", BASE_CSS);
  injectStyles(doc, "casebook-claim-sorter-css", CSS);
  const exerciseId = model.get("exercise_id");
  const bankVersion = model.get("bank_version");
  const claims = model.get("claims");
  const n = instanceNumber(WIDGET, exerciseId);
  const base = `cb-${exerciseId}-${n}`;
  const store = answerStore({
    widget: WIDGET, exerciseId, bankVersion, format: SORTER_FORMAT,
    parse: (text) => parseSaved(text, exerciseId, claims),
  });
  let showKey = false;
  let checked = false;

  const root = h(doc, "section", {
    class: "cb-widget cb-sorter", "data-widget": WIDGET, "data-exercise-id": exerciseId,
    "data-bank-version": bankVersion, "aria-labelledby": `${base}-title`,
  });
  root.append(h(doc, "p", { class: "cb-title", id: `${base}-title` }, model.get("title")));
  root.append(h(doc, "p", { class: "cb-prompt" }, model.get("prompt")));

  const scale = h(doc, "details", { class: "cb-scale" });
  scale.append(h(doc, "summary", {}, "What the four tiers mean"));
  const dl = h(doc, "dl");
  for (const t of [4, 3, 2, 1]) {
    dl.append(h(doc, "dt", {}, `${t} ${TIER_NAMES[t]}`));
    dl.append(h(doc, "dd", {}, (model.get("tier_help") || {})[String(t)] || ""));
  }
  scale.append(dl);
  root.append(scale);

  const notice = h(doc, "p", { class: "cb-notice", role: "status", hidden: "" });
  root.append(notice);
  const summary = h(doc, "p", { class: "cb-summary", role: "status", "aria-live": "polite" });

  const list = h(doc, "ol", { class: "cb-cards" });
  const cards = {};

  function commit(placements) {
    model.set("placements", placements);
    model.save_changes();
    if (!store.save({ placements })) {
      notice.textContent = "Your answers could not be saved in this browser. Use Export answers to keep a copy.";
      notice.hidden = false;
    }
  }

  function syncSelects() {
    const placements = model.get("placements") || {};
    for (const [id, card] of Object.entries(cards)) {
      card.select.value = placements[id] ? String(placements[id]) : "";
    }
  }

  function fillFeedback(id, verdict) {
    const { fb, claim } = cards[id];
    fb.replaceChildren();
    if (verdict) fb.append(h(doc, "p", { class: "cb-verdict" }, VERDICTS[verdict]));
    fb.append(h(doc, "p", {}, `Deciding axis: ${claim.axis_label}. ${claim.rationale}`));
    if (showKey) fb.append(h(doc, "p", { class: "cb-key" }, bandText(claim)));
  }

  function refreshCard(id) {
    const verdict = checked ? cards[id].li.dataset.verdict || null : null;
    const visible = showKey || Boolean(verdict);
    if (visible) fillFeedback(id, verdict);
    cards[id].fb.hidden = !visible;
  }

  claims.forEach((c, i) => {
    const li = h(doc, "li", { class: "cb-card", "data-claim-id": c.id });
    li.append(h(doc, "p", { class: "cb-claim" }, c.claim));
    li.append(h(doc, "p", { class: "cb-meta" }, `${c.speaker}, ${c.date_label}`));
    const row = h(doc, "div", { class: "cb-place" });
    const selectId = `${base}-claim-${i + 1}`;
    row.append(h(doc, "label", { for: selectId }, `Strength of claim ${i + 1}`));
    const select = h(doc, "select", { id: selectId, "data-claim-id": c.id });
    select.append(h(doc, "option", { value: "" }, "Not placed"));
    for (const t of [4, 3, 2, 1]) select.append(h(doc, "option", { value: String(t) }, `${t} ${TIER_NAMES[t]}`));
    row.append(select);
    li.append(row);
    const fb = h(doc, "div", { class: "cb-feedback", hidden: "" });
    li.append(fb);
    list.append(li);
    cards[c.id] = { li, select, fb, claim: c };
    select.addEventListener("change", () => {
      const next = { ...model.get("placements") };
      if (select.value === "") delete next[c.id];
      else next[c.id] = Number(select.value);
      commit(next);
      if (checked) {
        delete li.dataset.verdict;
        refreshCard(c.id);
        summary.textContent = "You changed an answer since the last Check. Press Check again to update the score.";
      }
    });
  });
  root.append(list);

  root.append(actionBar(doc, {
    showLabel: ["Show the key", "Hide the key"],
    onCheck() {
      const result = scorePlacements(model.get("placements") || {}, claims);
      checked = true;
      const counts = { "in-band": 0, "near-miss": 0, outside: 0, unplaced: 0 };
      for (const c of claims) {
        const { verdict } = result.perClaim[c.id];
        counts[verdict] += 1;
        cards[c.id].li.dataset.verdict = verdict;
        refreshCard(c.id);
      }
      summary.textContent = `Score: ${result.total} of ${result.maximum} (${result.percent.toFixed(1)} %). ` +
        `${counts["in-band"]} inside the band, ${counts["near-miss"]} near misses, ` +
        `${counts.outside} further off, ${counts.unplaced} not placed.`;
    },
    onShow(shown) {
      showKey = shown;
      for (const c of claims) refreshCard(c.id);
      summary.textContent = shown ? "The key is shown under each claim, with the rationale." : "The key is hidden.";
    },
    onReset() {
      commit({});
      checked = false;
      syncSelects();
      for (const c of claims) {
        delete cards[c.id].li.dataset.verdict;
        refreshCard(c.id);
      }
      summary.textContent = "All placements cleared.";
    },
    onExport() {
      const name = `${exerciseId}-answers.json`;
      downloadText(doc, name, serialise(SORTER_FORMAT, exerciseId, bankVersion,
        { placements: model.get("placements") || {} }));
      summary.textContent = `Answers exported as ${name}.`;
    },
    onImport(name, text) {
      try {
        const parsed = parseSaved(text, exerciseId, claims);
        commit(parsed.placements);
        syncSelects();
        let message = `Imported ${Object.keys(parsed.placements).length} placements from ${name}.`;
        if (parsed.ignored.length) message += ` Ignored claims not in this exercise: ${parsed.ignored.join(", ")}.`;
        if (parsed.bankVersion && parsed.bankVersion !== bankVersion) {
          message += " The file was saved against another version of the claim bank; check each placement.";
        }
        summary.textContent = message;
      } catch (err) {
        summary.textContent = `Could not import ${name}: ${err.message}. Your current answers are unchanged.`;
      }
    },
  }));
  root.append(summary);
  model.on("change:placements", syncSelects);

  // Restore saved answers; a changed bank or an unreadable value is reported, never silent.
  const { saved, notes } = store.restore();
  if (saved && Object.keys(model.get("placements") || {}).length === 0 && Object.keys(saved.placements).length) {
    model.set("placements", saved.placements);
    model.save_changes();
    notes.unshift(`Restored your saved placements for ${Object.keys(saved.placements).length} of ${claims.length} claims.`);
  }
  notice.textContent = notes.join(" ");
  notice.hidden = notes.length === 0;
  syncSelects();
  el.replaceChildren(root);
  markReady(WIDGET, exerciseId, n);
  return () => model.off("change:placements", syncSelects);
}

export default { render };
