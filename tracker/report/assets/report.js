/* Fact-checker's report: filters, search and keyboard shortcuts.
 *
 * Everything on the pages is in the HTML; this file only adds controls. Without it the pages
 * show all content and no filters. No network, no libraries, no inline handlers (the pages'
 * Content-Security-Policy forbids them).
 *
 * A filterable block is an element with data-filterable and data-filters="metric source ...";
 * its items carry data-filter-item and data-<key> values (data-flag holds space-separated
 * flags) and data-search (the lower-cased words the search box looks in: quotes and sources).
 */
(function () {
  "use strict";

  var LABELS = { metric: "Metric", source: "Source", outlet: "Outlet", flag: "Flag" };

  function values(items, key) {
    var seen = {};
    items.forEach(function (it) {
      var v = it.getAttribute("data-" + key);
      if (v === null) return;
      (key === "flag" ? v.split(" ") : [v]).forEach(function (x) { if (x) seen[x] = (seen[x] || 0) + 1; });
    });
    return Object.keys(seen).sort(function (a, b) {
      if (a === "none") return 1;
      if (b === "none") return -1;
      return a.localeCompare(b);
    }).map(function (v) { return [v, seen[v]]; });
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  var counter = 0;

  function setup(block) {
    var items = Array.prototype.slice.call(block.querySelectorAll("[data-filter-item]"));
    if (!items.length) return;
    var keys = (block.getAttribute("data-filters") || "").split(" ").filter(Boolean);
    var noun = block.getAttribute("data-noun") || "items";
    var n = ++counter;
    var bar = el("div", { "class": "filters", role: "search", "aria-label": "Filter " + noun });
    var selects = {};
    keys.forEach(function (key) {
      var vals = values(items, key);
      if (vals.length < 2) return;
      var id = "f" + n + "-" + key;
      var label = el("label", { "for": id }, LABELS[key] || key);
      var sel = el("select", { id: id, "data-filter": key });
      sel.appendChild(el("option", { value: "" }, "All"));
      vals.forEach(function (v) {
        var text = v[0] === "none" ? "(no flag)" : v[0].replace(/_/g, " ");
        sel.appendChild(el("option", { value: v[0] }, text + " (" + v[1] + ")"));
      });
      sel.addEventListener("change", apply);
      label.appendChild(sel);
      bar.appendChild(label);
      selects[key] = sel;
    });
    var sid = "q" + n;
    var slabel = el("label", { "for": sid }, "Search quotes and sources");
    var search = el("input", { id: sid, type: "search", "data-filter": "search", placeholder: "e.g. 2,350 or ministry",
                               autocomplete: "off", "aria-keyshortcuts": "/" });
    search.addEventListener("input", apply);
    slabel.appendChild(search);
    bar.appendChild(slabel);
    var reset = el("button", { type: "button", "data-filter": "reset" }, "Clear");
    reset.addEventListener("click", function () {
      Object.keys(selects).forEach(function (k) { selects[k].value = ""; });
      search.value = "";
      apply();
      search.focus();
    });
    bar.appendChild(reset);
    var count = el("p", { "class": "count", role: "status", "aria-live": "polite", "data-filter": "count" });
    bar.appendChild(count);
    block.parentNode.insertBefore(bar, block);

    function apply() {
      var q = search.value.trim().toLowerCase();
      var shown = 0;
      var hiddenIds = {};
      items.forEach(function (it) {
        var ok = Object.keys(selects).every(function (key) {
          var want = selects[key].value;
          if (!want) return true;
          var have = it.getAttribute("data-" + key) || "";
          return key === "flag" ? have.split(" ").indexOf(want) >= 0 : have === want;
        });
        if (ok && q) ok = (it.getAttribute("data-search") || it.textContent.toLowerCase()).indexOf(q) >= 0;
        it.hidden = !ok;
        if (ok) shown += 1;
        var cid = it.getAttribute("data-claim-id");
        if (cid && !ok) hiddenIds[cid] = true;
      });
      /* groups whose items are all hidden (disagreements sections) are hidden too */
      Array.prototype.forEach.call(block.querySelectorAll(".flag-group"), function (g) {
        g.hidden = !g.querySelector("[data-filter-item]:not([hidden])");
      });
      /* chart points of hidden rows are dimmed, so the chart and the table agree */
      Array.prototype.forEach.call(document.querySelectorAll('[data-role="point"], [data-hit-for]'), function (p) {
        p.classList.toggle("dim", !!hiddenIds[p.getAttribute("data-claim-id") || p.getAttribute("data-hit-for")]);
      });
      count.textContent = shown + " of " + items.length + " " + noun + " shown";
    }
    apply();
  }

  function rowLinks() {
    /* a click anywhere on a row opens its claim (the first cell's link stays the keyboard path) */
    document.addEventListener("click", function (ev) {
      var t = ev.target;
      if (!(t instanceof Element) || t.closest("a, button, input, select, label")) return;
      var row = t.closest("tr[data-href]");
      if (row && !(window.getSelection && String(window.getSelection()))) {
        window.location.href = row.getAttribute("data-href");
      }
    });
  }

  function keyboard() {
    document.addEventListener("keydown", function (ev) {
      if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
      var t = ev.target;
      var typing = t instanceof Element && t.matches("input, textarea, select");
      if (ev.key === "/" && !typing) {
        var s = document.querySelector('input[data-filter="search"]');
        if (s) { ev.preventDefault(); s.focus(); }
        return;
      }
      if (ev.key === "Escape" && t instanceof HTMLInputElement && t.type === "search") {
        t.value = "";
        t.dispatchEvent(new Event("input"));
        return;
      }
      if (typing || !(t instanceof Element)) return;
      var down = ev.key === "ArrowDown" || ev.key === "j";
      var up = ev.key === "ArrowUp" || ev.key === "k";
      if (!down && !up) return;
      /* move between rows (or claim list items) of the list the focus is in */
      var item = t.closest("tr[data-filter-item], .items > li, .pair");
      if (!item || !item.parentElement) return;
      var list = Array.prototype.filter.call(item.parentElement.children, function (x) { return !x.hidden; });
      var i = list.indexOf(item) + (down ? 1 : -1);
      if (i < 0 || i >= list.length) return;
      var link = list[i].querySelector("a[href]");
      if (link) { ev.preventDefault(); link.focus(); }
    });
  }

  function markActive() {
    /* on an article page, the claim in the URL's #fragment and its list item light up together */
    function sync() {
      Array.prototype.forEach.call(document.querySelectorAll(".active"), function (e) { e.classList.remove("active"); });
      var id = decodeURIComponent(window.location.hash.slice(1));
      var target = id && document.getElementById(id);
      if (!target) return;
      var cid = target.getAttribute("data-claim-id");
      if (!cid) return;
      Array.prototype.forEach.call(document.querySelectorAll('[data-claim-id]'), function (e) {
        if (e.getAttribute("data-claim-id") === cid) e.classList.add("active");
      });
    }
    window.addEventListener("hashchange", sync);
    sync();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-filterable]"), setup);
    rowLinks();
    keyboard();
    markActive();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
