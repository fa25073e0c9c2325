// The claim sorter: one ES module for both hosts.
//
// In Jupyter, anywidget calls render({model, el}) with a model synced to the Python kernel.
// On the built book, casebook-boot.js calls the same render with a stand-in model built from
// the JSON state in the page.  Scoring here mirrors casebook/scoring.py rule for rule; a test
// runs both over the same fixtures.  Every word of the scale (tier names, help, verdicts, band
// wording, axes) arrives in the state from seeds/scale.yml.  Claim text is only ever set with
// textContent.
//
// Two views show one state: a list (a tier menu and an axis menu per card) and a board (four
// tier columns and a "Not placed" tray; cards move by pointer drag or, on the focused move
// handle, by the arrow keys and the keys 1-4 and 0).

import {
  BASE_CSS, bandText, exerciseHeader, exerciseShell, h, injectStyles, instanceNumber, markReady, ratioPercent,
} from "./widget-common.js";

export const SORTER_FORMAT = "casebook-claim-sorter";
const WIDGET = "claim-sorter";
const TIERS = [4, 3, 2, 1];

// ------------------------------------------------------------------ scoring (pure)

export function verdict(tier, tierMin, tierMax) {
  if (tier === null || tier === undefined) return "unplaced";
  if (![1, 2, 3, 4].includes(tier)) throw new Error(`tier must be 1, 2, 3 or 4, got ${tier}`);
  if (tier > tierMax) return "too-high";
  if (tier < tierMin) return "too-low";
  return "in-band";
}

export function orderedPairs(claims) {
  const pairs = [];
  for (const a of claims) for (const b of claims) if (a.tier_min > b.tier_max) pairs.push([a.id, b.id]);
  return pairs;
}

function own(obj, key) {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : null;
}

export function sortPercent(inBand, claims, agreed, pairs) {
  if (!pairs) return ratioPercent(inBand, claims);
  return ratioPercent(inBand * pairs + agreed * claims, 2 * claims * pairs);
}

export function scoreSort(placements, claims) {
  const perClaim = {};
  let inBand = 0;
  const known = new Set();
  for (const c of claims) {
    known.add(c.id);
    const v = verdict(own(placements, c.id), c.tier_min, c.tier_max);
    perClaim[c.id] = v;
    if (v === "in-band") inBand += 1;
  }
  const pairs = orderedPairs(claims);
  let agreed = 0;
  const misordered = [];
  for (const [hi, lo] of pairs) {
    const tHi = own(placements, hi);
    const tLo = own(placements, lo);
    if (tHi !== null && tLo !== null && tHi > tLo) agreed += 1;
    else if (tHi !== null && tLo !== null) misordered.push([hi, lo]);
  }
  const unknown = Object.keys(placements).filter((id) => !known.has(id)).sort();
  return {
    inBand, claims: claims.length, pairsAgreed: agreed, pairs: pairs.length,
    percent: sortPercent(inBand, claims.length, agreed, pairs.length), perClaim, misordered, unknown,
  };
}

export function scoreAxes(picks, claims) {
  const perClaim = {};
  let right = 0;
  for (const c of claims) {
    const pick = own(picks, c.id);
    let v = "axis-unpicked";
    if (pick) v = pick === c.axis ? "axis-right" : "axis-wrong";
    if (v === "axis-right") right += 1;
    perClaim[c.id] = v;
  }
  return { right, total: claims.length, percent: ratioPercent(right, claims.length), perClaim };
}

// The best score of putting every claim in one tier: what the summary compares a score with.
export function bestConstant(claims) {
  let best = 0;
  for (const t of [1, 2, 3, 4]) {
    const all = Object.fromEntries(claims.map((c) => [c.id, t]));
    best = Math.max(best, scoreSort(all, claims).percent);
  }
  return best;
}

// Answers as items for the shared shell: "p:<claim>" holds a tier, "a:<claim>" an axis id.
export function sorterItems(claims) {
  const fps = {};
  for (const c of claims) {
    fps[`p:${c.id}`] = c.fp;
    fps[`a:${c.id}`] = c.fp;
  }
  return fps;
}

export function validSorterItem(axisIds) {
  const axes = new Set(axisIds);
  return (id, v) => (id.startsWith("p:") ? [1, 2, 3, 4].includes(v) : id.startsWith("a:") && axes.has(v));
}

export function toItems(placements, picks) {
  const out = {};
  for (const [id, t] of Object.entries(placements || {})) out[`p:${id}`] = t;
  for (const [id, a] of Object.entries(picks || {})) out[`a:${id}`] = a;
  return out;
}

export function fromItems(values) {
  const placements = {};
  const picks = {};
  for (const [item, v] of Object.entries(values)) {
    if (item.startsWith("p:")) placements[item.slice(2)] = v;
    else if (item.startsWith("a:")) picks[item.slice(2)] = v;
  }
  return { placements, picks };
}

// Answer files and saved records from before answers were items: {placements, axis_picks}.
export function legacySorter(data) {
  if (!data || typeof data.placements !== "object" || data.placements === null) return null;
  return toItems(data.placements, typeof data.axis_picks === "object" ? data.axis_picks : {});
}

// ------------------------------------------------------------------ words from the scale

function tierLabel(scale, t) {
  return `${t} ${scale.tiers[String(t)].name}`;
}

// ------------------------------------------------------------------ rendering

const CSS = `
.cb-sorter { container-type: inline-size; }
.cb-sorter details.cb-scale { margin: 0 0 0.75rem; }
.cb-sorter details.cb-scale summary { cursor: pointer; text-decoration: underline; }
.cb-sorter .cb-scale dl { margin: 0.5rem 0 0; }
.cb-sorter .cb-scale dt { font-weight: 700; }
.cb-sorter .cb-scale dd { margin: 0 0 0.4rem 1rem; }
.cb-sorter .cb-views { display: flex; gap: 0.5rem; align-items: center; margin: 0 0 0.75rem; flex-wrap: wrap; }
.cb-sorter .cb-views button[aria-pressed="true"] { background: var(--cb-accent); color: var(--cb-accent-fg);
  border-color: var(--cb-accent); }
.cb-sorter ol.cb-cards { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.75rem; }
.cb-sorter .cb-card { background: var(--cb-card); border: 1px solid var(--cb-border);
  border-left: 6px solid var(--cb-border); border-radius: 4px; padding: 0.75rem; margin: 0; }
.cb-sorter .cb-card[data-verdict="in-band"] { border-left-color: var(--cb-good); }
.cb-sorter .cb-card[data-verdict="too-high"], .cb-sorter .cb-card[data-verdict="too-low"],
.cb-sorter .cb-card[data-verdict="unplaced"] { border-left-color: var(--cb-bad); }
.cb-sorter .cb-claim { margin: 0 0 0.25rem; }
.cb-sorter .cb-meta { margin: 0 0 0.5rem; color: var(--cb-muted); font-size: 0.9em; }
.cb-sorter .cb-place { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; }
.cb-sorter .cb-place > span { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
.cb-sorter .cb-feedback { margin: 0.5rem 0 0; }
.cb-sorter .cb-feedback p { margin: 0.25rem 0 0; }
.cb-sorter .cb-key { font-style: italic; }
.cb-sorter .cb-help { font-size: 0.9em; color: var(--cb-muted); margin: 0 0 0.5rem; }
.cb-sorter .cb-tray, .cb-sorter .cb-column { border: 1px dashed var(--cb-border); border-radius: 4px;
  padding: 0.5rem; min-height: 4rem; background: var(--cb-bg); }
.cb-sorter .cb-tray { margin: 0 0 0.5rem; }
.cb-sorter .cb-board { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 0.5rem; }
@container (max-width: 40rem) { .cb-sorter .cb-board { grid-template-columns: minmax(0, 1fr); } }
.cb-sorter .cb-column h4, .cb-sorter .cb-tray h4 { margin: 0 0 0.4rem; font-size: 0.95rem; }
.cb-sorter [data-drop-target="true"] { outline: 3px solid var(--cb-focus); outline-offset: -3px; }
.cb-sorter ul.cb-slot { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
.cb-sorter .cb-tray ul.cb-slot { grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); }
.cb-sorter .cb-baxis { margin: 0 0 0.3rem; display: grid; gap: 0.2rem; }
.cb-sorter .cb-baxis select { width: 100%; }
.cb-sorter .cb-bcard details summary { cursor: pointer; text-decoration: underline; }
.cb-sorter .cb-bcard { background: var(--cb-card); border: 1px solid var(--cb-border);
  border-left: 6px solid var(--cb-border); border-radius: 4px; padding: 0.4rem 0.5rem; font-size: 0.9em; }
.cb-sorter .cb-bcard[data-verdict="in-band"] { border-left-color: var(--cb-good); }
.cb-sorter .cb-bcard[data-verdict="too-high"], .cb-sorter .cb-bcard[data-verdict="too-low"] {
  border-left-color: var(--cb-bad); }
.cb-sorter .cb-bcard p { margin: 0 0 0.3rem; overflow-wrap: anywhere; }
.cb-sorter .cb-bcard .cb-verdict { font-size: 0.95em; }
.cb-sorter [data-verdict="too-high"] .cb-verdict, .cb-sorter [data-verdict="too-low"] .cb-verdict {
  color: var(--cb-bad); }
.cb-sorter button.cb-move { touch-action: none; cursor: grab; user-select: none; font-size: 0.85em;
  min-height: 2rem; padding: 0.15rem 0.5rem; margin: 0 0 0.3rem; }
.cb-sorter .cb-dragging { opacity: 0.85; box-shadow: 0 4px 12px rgba(0,0,0,0.35); position: relative; z-index: 5; }
.cb-sorter .cb-pairs, .cb-sorter .cb-next-list { margin: 0.25rem 0 0 1.25rem; }
.cb-sorter .cb-next { border-top: 1px solid var(--cb-border, #999); margin-top: 0.5rem; padding-top: 0.25rem; }
.cb-sorter .cb-summary p.cb-next-title { font-weight: 700; }
.cb-sorter .cb-summary p, .cb-sorter .cb-summary li { font-weight: 400; margin: 0.25rem 0 0; }
.cb-sorter .cb-summary p.cb-score { font-weight: 700; }
`;

export function render({ model, el }) {
  const doc = el.ownerDocument;
  injectStyles(doc, "casebook-widget-css", BASE_CSS);
  injectStyles(doc, "casebook-claim-sorter-css", CSS);
  const exerciseId = model.get("exercise_id");
  const claims = model.get("claims");
  const scale = model.get("scale");
  const axisIds = scale.axes.map((a) => a.id);
  const axisLabel = Object.fromEntries(scale.axes.map((a) => [a.id, a.label]));
  const byId = Object.fromEntries(claims.map((c, i) => [c.id, { ...c, n: i + 1 }]));
  const n = instanceNumber(WIDGET, exerciseId);
  const base = `cb-${exerciseId}-${n}`;
  let showKey = false;
  let lastResult = null; // {sort, axes} from the last Check, cleared by any change
  let view = "list";

  const placements = () => model.get("placements") || {};
  const picks = () => model.get("axis_picks") || {};

  const root = exerciseHeader(doc, model, { widget: WIDGET, cls: "cb-sorter", base });
  root.dataset.view = view;

  const details = h(doc, "details", { class: "cb-scale" });
  details.append(h(doc, "summary", {}, "What the four tiers, the axes and the score mean"));
  const dl = h(doc, "dl");
  for (const t of TIERS) {
    dl.append(h(doc, "dt", {}, tierLabel(scale, t)));
    dl.append(h(doc, "dd", {}, scale.tiers[String(t)].help));
  }
  for (const a of scale.axes) {
    dl.append(h(doc, "dt", {}, a.label));
    dl.append(h(doc, "dd", {}, a.question));
  }
  dl.append(h(doc, "dt", {}, "The score"));
  dl.append(h(doc, "dd", {}, scale.scoring));
  details.append(dl);
  root.append(details);

  const live = h(doc, "p", { class: "cb-live", role: "status", "aria-live": "polite" });
  live.style.position = "absolute";
  live.style.left = "-10000px";

  // View switch: both views draw the same placements.
  const views = h(doc, "div", { class: "cb-views", role: "group", "aria-label": "How to show the cards" });
  const listBtn = h(doc, "button", { type: "button", "aria-pressed": "true", "data-view-button": "list" }, "List view");
  const boardBtn = h(doc, "button", { type: "button", "aria-pressed": "false", "data-view-button": "board" }, "Board view");
  views.append(listBtn, boardBtn);
  root.append(views);

  // ---------------------------------------------------------------- list view
  const list = h(doc, "ol", { class: "cb-cards", "data-view-panel": "list" });
  const cards = {};
  claims.forEach((c, i) => {
    const li = h(doc, "li", { class: "cb-card", "data-claim-id": c.id });
    li.append(h(doc, "p", { class: "cb-claim" }, c.claim));
    li.append(h(doc, "p", { class: "cb-meta" }, `${c.speaker}, ${c.date_label}`));
    const row = h(doc, "div", { class: "cb-place" });
    const tierSpan = h(doc, "span");
    const selectId = `${base}-claim-${i + 1}`;
    tierSpan.append(h(doc, "label", { for: selectId }, `Strength of claim ${i + 1}`));
    const select = h(doc, "select", { id: selectId, "data-claim-id": c.id, "data-control": "tier" });
    select.append(h(doc, "option", { value: "" }, "Not placed"));
    for (const t of TIERS) select.append(h(doc, "option", { value: String(t) }, tierLabel(scale, t)));
    tierSpan.append(select);
    const axisSpan = h(doc, "span");
    const axisId = `${base}-axis-${i + 1}`;
    axisSpan.append(h(doc, "label", { for: axisId }, `Deciding axis of claim ${i + 1}`));
    const axisSelect = h(doc, "select", { id: axisId, "data-claim-id": c.id, "data-control": "axis" });
    axisSelect.append(h(doc, "option", { value: "" }, "Not picked"));
    for (const a of scale.axes) axisSelect.append(h(doc, "option", { value: a.id }, a.label));
    axisSpan.append(axisSelect);
    row.append(tierSpan, axisSpan);
    li.append(row);
    const fb = h(doc, "div", { class: "cb-feedback", hidden: "" });
    li.append(fb);
    list.append(li);
    cards[c.id] = { li, select, axisSelect, fb };
    select.addEventListener("change", () => setTier(c.id, select.value === "" ? null : Number(select.value)));
    axisSelect.addEventListener("change", () => setAxis(c.id, axisSelect.value || null));
  });
  root.append(list);

  // ---------------------------------------------------------------- board view
  const board = h(doc, "div", { class: "cb-board-wrap", "data-view-panel": "board", hidden: "" });
  board.append(h(doc, "p", { class: "cb-help", id: `${base}-board-help` },
    "Drag a card by its Move button, or focus the Move button and press the arrow keys: " +
    "Up or Left for one tier stronger, Down or Right for one tier weaker; 4, 3, 2 or 1 for that tier; 0 for Not placed."));
  const slots = {};
  function slot(container, tier, title) {
    const region = h(doc, "section", {
      class: tier === null ? "cb-tray" : "cb-column", "data-drop-tier": tier === null ? "" : String(tier),
      "aria-label": title,
    });
    region.append(h(doc, "h4", {}, title));
    const ul = h(doc, "ul", { class: "cb-slot" });
    region.append(ul);
    container.append(region);
    slots[tier === null ? "0" : String(tier)] = { region, ul };
  }
  slot(board, null, "Not placed");
  const grid = h(doc, "div", { class: "cb-board" });
  for (const t of TIERS) slot(grid, t, tierLabel(scale, t));
  board.append(grid);
  root.append(board);

  const bcards = {};
  for (const c of claims) {
    const i = byId[c.id].n;
    const li = h(doc, "li", { class: "cb-bcard", "data-claim-id": c.id });
    const move = h(doc, "button", {
      type: "button", class: "cb-move", "data-claim-id": c.id,
      "aria-describedby": `${base}-board-help`,
    }, `Move claim ${i}`);
    li.append(move);
    li.append(h(doc, "p", { class: "cb-claim" }, c.claim));
    li.append(h(doc, "p", { class: "cb-meta" }, `${c.speaker}, ${c.date_label}`));
    // The deciding-axis pick is on the board too, so a learner need not switch views for it.
    const axisId = `${base}-baxis-${i}`;
    const axisWrap = h(doc, "p", { class: "cb-baxis" });
    axisWrap.append(h(doc, "label", { for: axisId }, `Deciding axis of claim ${i}`));
    const axisSelect = h(doc, "select", { id: axisId, "data-claim-id": c.id, "data-control": "board-axis" });
    axisSelect.append(h(doc, "option", { value: "" }, "Not picked"));
    for (const a of scale.axes) axisSelect.append(h(doc, "option", { value: a.id }, a.label));
    axisSelect.addEventListener("change", () => setAxis(c.id, axisSelect.value || null));
    axisWrap.append(axisSelect);
    li.append(axisWrap);
    const fb = h(doc, "div", { class: "cb-feedback", hidden: "" });
    li.append(fb);
    bcards[c.id] = { li, move, fb, axisSelect };
    move.addEventListener("keydown", (event) => onMoveKey(event, c.id));
    move.addEventListener("pointerdown", (event) => startDrag(event, c.id));
  }

  function tierOf(id) {
    const t = own(placements(), id);
    return [1, 2, 3, 4].includes(t) ? t : null;
  }

  function onMoveKey(event, id) {
    const current = tierOf(id);
    const level = current === null ? 0 : current; // 0 = not placed, below tier 1
    let next;
    if (event.key === "ArrowUp" || event.key === "ArrowLeft") next = Math.min(4, level + 1);
    else if (event.key === "ArrowDown" || event.key === "ArrowRight") next = Math.max(0, level - 1);
    else if (["0", "1", "2", "3", "4"].includes(event.key)) next = Number(event.key);
    else return;
    event.preventDefault();
    setTier(id, next === 0 ? null : next);
    bcards[id].move.focus();
  }

  // Pointer drag (mouse, pen and touch): the card follows the pointer; on release it lands in
  // the column under the pointer, or goes back where it was.
  let drag = null;
  function dropTargetAt(x, y) {
    const hit = doc.elementFromPoint(x, y);
    const region = hit && hit.closest ? hit.closest("[data-drop-tier]") : null;
    return region && root.contains(region) ? region : null;
  }
  function markTarget(region) {
    for (const s of Object.values(slots)) s.region.removeAttribute("data-drop-target");
    if (region) region.setAttribute("data-drop-target", "true");
  }
  function startDrag(event, id) {
    if (event.button !== undefined && event.button !== 0) return;
    // No text selection and no scrolling while a card is dragged; focus moves on drop.
    event.preventDefault();
    const { li, move } = bcards[id];
    const win = doc.defaultView;
    drag = { id, x: event.clientX, y: event.clientY, sy: win.scrollY, moved: false, pointer: event.pointerId };
    const onMove = (e) => {
      if (!drag || e.pointerId !== drag.pointer) return;
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y + (win.scrollY - drag.sy);
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      drag.moved = true;
      li.classList.add("cb-dragging");
      li.style.transform = `translate(${dx}px, ${dy}px)`;
      li.style.pointerEvents = "none";
      // Near the top or bottom of the window the page scrolls, so a column below the tray can
      // be reached in one drag, by mouse or by touch.
      const view = doc.defaultView;
      const edge = 60;
      if (e.clientY > view.innerHeight - edge) view.scrollBy(0, 24);
      else if (e.clientY < edge) view.scrollBy(0, -24);
      markTarget(dropTargetAt(e.clientX, e.clientY));
    };
    const onUp = (e) => {
      if (!drag || e.pointerId !== drag.pointer) return;
      win.removeEventListener("pointermove", onMove);
      win.removeEventListener("pointerup", onUp);
      win.removeEventListener("pointercancel", onUp);
      li.classList.remove("cb-dragging");
      li.style.transform = "";
      li.style.pointerEvents = "";
      markTarget(null);
      const moved = drag.moved;
      drag = null;
      if (!moved) {
        move.focus();
        return;
      }
      if (e.type === "pointercancel") return;
      const region = dropTargetAt(e.clientX, e.clientY);
      if (region) {
        const value = region.getAttribute("data-drop-tier");
        setTier(id, value === "" ? null : Number(value));
      }
      move.focus();
    };
    win.addEventListener("pointermove", onMove);
    win.addEventListener("pointerup", onUp);
    win.addEventListener("pointercancel", onUp);
  }

  // ---------------------------------------------------------------- state and feedback
  function clearVerdicts() {
    if (lastResult) {
      lastResult = null;
      shell.say("You changed an answer since the last Check. Press Check again to update the score.");
    }
    sync();
  }

  function setTier(id, tier) {
    const next = { ...placements() };
    if (tier === null) delete next[id];
    else next[id] = tier;
    model.set("placements", next);
    model.save_changes();
    shell.changed({ [`p:${id}`]: tier });
    live.textContent = `Claim ${byId[id].n}: ${tier === null ? "Not placed" : tierLabel(scale, tier)}.`;
    clearVerdicts();
  }

  function setAxis(id, axis) {
    const next = { ...picks() };
    if (!axis) delete next[id];
    else next[id] = axis;
    model.set("axis_picks", next);
    model.save_changes();
    shell.changed({ [`a:${id}`]: axis || null });
    clearVerdicts();
  }

  function feedbackNodes(id) {
    const c = byId[id];
    const nodes = [];
    if (lastResult) {
      const v = lastResult.sort.perClaim[id];
      let text = scale.verdicts[v];
      if (v === "too-high" || v === "too-low") {
        text = `${text}: you placed it at ${tierLabel(scale, tierOf(id))}; the key is ${bandText(scale, c.tier_min, c.tier_max)}.`;
      }
      nodes.push(h(doc, "p", { class: "cb-verdict" }, text));
      const av = lastResult.axes.perClaim[id];
      if (v !== "unplaced" || av !== "axis-unpicked") {
        let axisText = scale.verdicts[av];
        if (av === "axis-wrong") axisText = `${axisText} You picked ${axisLabel[own(picks(), id)]}.`;
        nodes.push(h(doc, "p", { class: "cb-axis-verdict", "data-axis-verdict": av }, axisText));
      }
    }
    // The reasons, which name the deciding axis and often the band: after Check only for a
    // claim the learner answered, so a Check on a half-done sort does not give the rest away.
    const answered = tierOf(id) !== null || Boolean(own(picks(), id));
    if ((lastResult && answered) || showKey) {
      nodes.push(h(doc, "p", {}, `Deciding axis: ${axisLabel[c.axis]}. ${c.rationale}`));
    }
    if (showKey) {
      const note = c.tier_min === c.tier_max ? "" : ` ${scale.band.two_note}`;
      nodes.push(h(doc, "p", { class: "cb-key" },
        `${scale.band.key_prefix} ${bandText(scale, c.tier_min, c.tier_max)}.${note}`));
    }
    return nodes;
  }

  function sync() {
    const p = placements();
    const a = picks();
    for (const c of claims) {
      const { li, select, axisSelect, fb } = cards[c.id];
      const t = tierOf(c.id);
      select.value = t === null ? "" : String(t);
      axisSelect.value = axisIds.includes(own(a, c.id)) ? own(a, c.id) : "";
      bcards[c.id].axisSelect.value = axisSelect.value;
      const v = lastResult ? lastResult.sort.perClaim[c.id] : null;
      for (const node of [li, bcards[c.id].li]) {
        if (v) node.dataset.verdict = v;
        else delete node.dataset.verdict;
      }
      const nodes = feedbackNodes(c.id);
      fb.replaceChildren(...nodes);
      fb.hidden = nodes.length === 0;
      // On the board the verdicts stay in sight and the reasons fold away, so the cards stay
      // short enough to drag between columns.
      const short = feedbackNodes(c.id);
      const verdicts = short.filter((node) => node.matches(".cb-verdict, .cb-axis-verdict"));
      const reasons = short.filter((node) => !verdicts.includes(node));
      const box = bcards[c.id].fb;
      if (reasons.length) {
        const more = h(doc, "details");
        more.append(h(doc, "summary", {}, "Why"), ...reasons);
        box.replaceChildren(...verdicts, more);
      } else box.replaceChildren(...verdicts);
      box.hidden = short.length === 0;
      const target = slots[t === null ? "0" : String(t)].ul;
      const card = bcards[c.id].li;
      if (card.parentNode !== target) target.append(card);
    }
    // Keep each column in card order, so the board reads the same way every time.
    for (const s of Object.values(slots)) {
      const kids = Array.from(s.ul.children);
      const sorted = [...kids].sort((x, y) => byId[x.dataset.claimId].n - byId[y.dataset.claimId].n);
      if (sorted.some((k, i) => k !== kids[i])) s.ul.append(...sorted);
    }
    root.dataset.placed = String(Object.keys(p).filter((id) => byId[id]).length);
  }

  function setView(next) {
    view = next;
    root.dataset.view = view;
    listBtn.setAttribute("aria-pressed", String(view === "list"));
    boardBtn.setAttribute("aria-pressed", String(view === "board"));
    list.hidden = view !== "list";
    board.hidden = view !== "board";
  }
  listBtn.addEventListener("click", () => setView("list"));
  boardBtn.addEventListener("click", () => setView("board"));

  function check() {
    const sort = scoreSort(placements(), claims);
    const axes = scoreAxes(picks(), claims);
    lastResult = { sort, axes };
    sync();
    const counts = { "in-band": 0, "too-high": 0, "too-low": 0, unplaced: 0 };
    for (const c of claims) counts[sort.perClaim[c.id]] += 1;
    const nodes = [
      h(doc, "p", { class: "cb-score" }, `Score: ${sort.percent.toFixed(1)} %.`),
      h(doc, "p", {}, `You placed ${sort.claims - counts.unplaced} of ${sort.claims} claims; a claim left ` +
        "unplaced earns nothing, in its band or in any pair."),
      h(doc, "p", {}, `Placement: ${sort.inBand} of ${sort.claims} claims inside the key's band ` +
        `(${counts["too-high"]} too high, ${counts["too-low"]} too low, ${counts.unplaced} not placed). ` +
        `Order: ${sort.pairsAgreed} of ${sort.pairs} pairs that the key ranks apart are in the key's order.`),
      h(doc, "p", {}, `Deciding axis: ${axes.right} of ${axes.total} named (${axes.percent.toFixed(1)} %).`),
      h(doc, "p", { class: "cb-baseline" }, `For comparison, putting every claim in one tier scores at most ` +
        `${bestConstant(claims).toFixed(1)} % on this set.`),
    ];
    if (sort.misordered.length) {
      nodes.push(h(doc, "p", {}, "Pairs you placed out of the key's order:"));
      const ul = h(doc, "ul", { class: "cb-pairs" });
      for (const [hi, lo] of sort.misordered.slice(0, 3)) {
        ul.append(h(doc, "li", {}, `The key ranks claim ${byId[hi].n} (${byId[hi].speaker}) above claim ` +
          `${byId[lo].n} (${byId[lo].speaker}); you put it ${tierOf(hi) === tierOf(lo) ? "level with it" : "lower"}.`));
      }
      if (sort.misordered.length > 3) ul.append(h(doc, "li", {}, `and ${sort.misordered.length - 3} more.`));
      nodes.push(ul);
    }
    nodes.push(...nextDateNodes());
    shell.say(...nodes);
    return { percent: sort.percent, text: `${sort.inBand} of ${sort.claims} claims inside the key's band` };
  }

  // A sorter of a series: which placements the record at the next date would move, and why.
  function nextDateNodes() {
    const next = model.get("next_record") || {};
    if (!next.as_of) return [];
    const box = h(doc, "div", { class: "cb-next", "data-next-as-of": next.as_of });
    const more = next.new_claims
      ? ` ${next.new_claims} more ${next.new_claims === 1 ? "claim becomes" : "claims become"} public by then.`
      : "";
    if (!next.changes.length) {
      box.append(h(doc, "p", {}, `By ${next.as_of_label}, no key of these claims changes.${more}`));
      return [box];
    }
    box.append(h(doc, "p", { class: "cb-next-title" },
      `By ${next.as_of_label}, the key changes for ${next.changes.length} of these claims.${more}`));
    const ul = h(doc, "ul", { class: "cb-next-list" });
    for (const change of next.changes) {
      const c = byId[change.id];
      if (!c) continue;
      const tier = tierOf(change.id);
      const band = bandText(scale, change.tier_min, change.tier_max);
      const now = verdict(tier, change.tier_min, change.tier_max);
      const where = tier == null
        ? "You did not place it."
        : now === "in-band"
          ? `Your tier ${tier} would still fit.`
          : `Your tier ${tier} would then be ${now === "too-high" ? "too high" : "too low"}: it would move ${now === "too-high" ? "down" : "up"}.`;
      const li = h(doc, "li", { "data-claim-id": change.id, "data-next-verdict": tier == null ? "unplaced" : now });
      li.append(h(doc, "strong", {}, `Claim ${c.n} (${c.speaker}): `),
        doc.createTextNode(`from ${change.from_label} the key is ${band}, deciding axis ${axisLabel[change.axis]}. ${where} `),
        doc.createTextNode(`Why: ${change.rationale}`));
      ul.append(li);
    }
    box.append(ul);
    return [box];
  }

  const shell = exerciseShell({
    doc, widget: WIDGET, exerciseId, format: SORTER_FORMAT, fps: sorterItems(claims),
    valid: validSorterItem(axisIds), legacy: legacySorter, noun: "answers",
    showLabel: ["Show the key", "Hide the key"],
    read: () => toItems(placements(), picks()),
    apply(values) {
      const { placements: p, picks: a } = fromItems(values);
      model.set("placements", p);
      model.set("axis_picks", a);
      model.save_changes();
      sync();
    },
    clearVerdicts() {
      lastResult = null;
      sync();
    },
    onCheck: check,
    onShow(shown) {
      showKey = shown;
      sync();
      // The score stays in the summary; the change is announced on its own.
      live.textContent = shown ? "The key is shown under each claim, with the rationale." : "The key is hidden.";
    },
  });
  views.before(shell.notice);
  root.append(shell.bar, shell.panel, shell.summary, live);
  model.on("change:placements", sync);
  model.on("change:axis_picks", sync);
  shell.restore();
  sync();
  el.replaceChildren(root);
  markReady(WIDGET, exerciseId, n);
  return () => {
    model.off("change:placements", sync);
    model.off("change:axis_picks", sync);
    shell.dispose();
  };
}

export default { render };
