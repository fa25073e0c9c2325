// Kernel-free host for the course's widgets on the built book (as an ES module, and, bundled
// with the widget modules by casebook/widgets/bundle.py, as the classic script pages load).
//
// Each widget output holds a mount element with data-casebook-widget="<name>" and its initial
// state as JSON in a <script type="application/json">.  This module imports the widget's own
// ES module (the same file anywidget runs in Jupyter) from beside itself in _static/ and calls
// its render() with a small stand-in for the anywidget model.  The imports are static so the
// widgets load with the page's module graph and render before the load event.

import * as ach from "./ach.js";
import * as assessment from "./assessment.js";
import * as calibration from "./calibration.js";
import * as claimGrader from "./claim-grader.js";
import * as claimSorter from "./claim-sorter.js";
import * as progress from "./progress.js";
import * as quiz from "./quiz.js";

const WIDGETS = { ach, assessment, calibration, "claim-grader": claimGrader, "claim-sorter": claimSorter, progress, quiz };

function standInModel(state) {
  const listeners = new Map();
  return {
    get: (name) => state[name],
    set(name, value) {
      state[name] = value;
      for (const cb of listeners.get(`change:${name}`) || []) cb();
    },
    on(event, cb) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(cb);
    },
    off(event, cb) {
      if (listeners.has(event)) listeners.get(event).delete(cb);
    },
    save_changes() {},
  };
}

function mount(el) {
  const name = el.dataset.casebookWidget;
  const stateNode = el.querySelector('script[type="application/json"]');
  if (!name || !stateNode || el.dataset.casebookMounted) return;
  el.dataset.casebookMounted = "1";
  try {
    const module = WIDGETS[name];
    if (!module) throw new Error(`unknown widget "${name}"`);
    const state = JSON.parse(stateNode.textContent);
    const render = module.render || (module.default && module.default.render);
    render({ model: standInModel(state), el });
  } catch (err) {
    el.dataset.casebookError = "1";
    const p = document.createElement("p");
    p.setAttribute("role", "alert");
    p.textContent = `This exercise could not start (${err.message}). The static version below still works.`;
    el.append(p);
    console.error(err);
  }
}

function mountAll() {
  document.querySelectorAll("[data-casebook-widget]").forEach(mount);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
else mountAll();
