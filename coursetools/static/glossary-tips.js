// Glossary definitions on hover and keyboard focus, for links to the course's glossary.
// The build (coursetools/sphinxext.py) writes each term's definition into the link's
// data-cb-definition attribute, so this script needs no request and no other file.
// The tip follows WCAG 1.4.13: it opens on hover or focus, stays while the pointer is over the
// link or the tip, and Escape closes it without moving focus.
(function () {
  "use strict";
  var tip = null;
  var owner = null;
  var hideTimer = null;

  function ensureTip() {
    if (tip) return tip;
    tip = document.createElement("div");
    tip.id = "cb-term-tip";
    tip.className = "cb-term-tip";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    tip.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
    tip.addEventListener("pointerleave", function () { scheduleHide(); });
    document.body.appendChild(tip);
    return tip;
  }

  function place(link) {
    var rect = link.getBoundingClientRect();
    var width = Math.min(360, document.documentElement.clientWidth - 16);
    tip.style.maxWidth = width + "px";
    var left = Math.max(8, Math.min(rect.left + window.scrollX,
      window.scrollX + document.documentElement.clientWidth - width - 8));
    tip.style.left = left + "px";
    tip.style.top = (rect.bottom + window.scrollY + 6) + "px";
  }

  function show(link) {
    clearTimeout(hideTimer);
    ensureTip();
    if (owner && owner !== link) owner.removeAttribute("aria-describedby");
    owner = link;
    tip.textContent = link.getAttribute("data-cb-definition");
    tip.hidden = false;
    link.setAttribute("aria-describedby", tip.id);
    place(link);
  }

  function hide() {
    clearTimeout(hideTimer);
    if (tip) tip.hidden = true;
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  }

  function termLink(target) {
    return target && target.closest ? target.closest("a.cb-term[data-cb-definition]") : null;
  }

  document.addEventListener("pointerover", function (event) {
    var link = termLink(event.target);
    if (link && event.pointerType !== "touch") show(link);
  });
  document.addEventListener("pointerout", function (event) {
    var link = termLink(event.target);
    if (link && link === owner && !link.contains(event.relatedTarget)) scheduleHide();
  });
  document.addEventListener("focusin", function (event) {
    var link = termLink(event.target);
    if (link) show(link);
  });
  document.addEventListener("focusout", function (event) {
    if (termLink(event.target) === owner) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && owner) hide();
  });
  window.addEventListener("resize", function () { if (owner) place(owner); });
})();
