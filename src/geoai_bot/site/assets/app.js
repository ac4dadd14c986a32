// The paper list's search page: builds one <article> per paper from papers.js, then
// filters by toggling the `hidden` attribute. All text is set with textContent and only
// http(s) URLs become links, because the list's text comes from strangers.
(function () {
  "use strict";
  var data = window.GEOAI_PAPERS || { papers: [], sections: [], health: false };
  var $ = function (id) { return document.getElementById(id); };
  var q = $("q"), section = $("section"), health = $("health"), sort = $("sort");
  var code = $("code"), project = $("project"), count = $("count"), list = $("papers");
  var SAFE_URL = /^https?:\/\/[^\s]+$/i;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function article(p) {
    var a = el("article");
    a.id = "paper-" + p.i;
    a.appendChild(el("h2", "", p.t));
    if (p.a.length) a.appendChild(el("p", "authors", p.a.join(", ")));
    var meta = [];
    if (p.s) meta.push(p.s);
    if (p.h === "broken") meta.push("broken link");
    if (meta.length) {
      var m = el("p", "meta", meta.join(" · "));
      if (p.h === "broken") m.classList.add("bad");
      a.appendChild(m);
    }
    if (p.l.length) {
      var ul = el("ul", "links");
      p.l.forEach(function (link) {
        var li = el("li");
        if (SAFE_URL.test(link[1])) {
          var x = el("a", "", link[0]);
          x.href = link[1];
          x.rel = "noopener noreferrer";
          li.appendChild(x);
        } else {
          li.textContent = link[0];
        }
        ul.appendChild(li);
      });
      a.appendChild(ul);
    }
    if (p.ab) {
      var d = el("details");
      d.appendChild(el("summary", "", "Abstract"));
      d.appendChild(el("p", "", p.ab));
      a.appendChild(d);
    }
    return a;
  }

  var items = data.papers.map(function (p) {
    return {
      p: p,
      el: article(p),
      hay: (p.t + "\n" + p.a.join("\n") + "\n" + (p.ab || "")).toLowerCase(),
      key: p.t.toLowerCase(),
      shown: true,
    };
  });
  var byTitle = null;
  var frag = document.createDocumentFragment();
  items.forEach(function (it) { frag.appendChild(it.el); });
  list.appendChild(frag);

  data.sections.forEach(function (s) {
    var o = el("option", "", s);
    o.value = s;
    section.appendChild(o);
  });
  $("health-field").hidden = !data.health;
  var order = "list";

  function readHash() {
    var h = new URLSearchParams(location.hash.replace(/^#/, ""));
    q.value = h.get("q") || "";
    section.value = h.get("section") || "";
    if (section.value !== (h.get("section") || "")) section.value = "";
    health.value = data.health ? h.get("health") || "" : "";
    if (health.value !== (h.get("health") || "")) health.value = "";
    sort.value = h.get("sort") === "title" ? "title" : "list";
    code.checked = h.get("code") === "1";
    project.checked = h.get("project") === "1";
  }

  function writeHash() {
    var h = new URLSearchParams();
    if (q.value) h.set("q", q.value);
    if (section.value) h.set("section", section.value);
    if (health.value) h.set("health", health.value);
    if (sort.value !== "list") h.set("sort", sort.value);
    if (code.checked) h.set("code", "1");
    if (project.checked) h.set("project", "1");
    var s = h.toString();
    history.replaceState(null, "", s ? "#" + s : location.pathname + location.search);
  }

  function reorder() {
    if (sort.value === order) return;
    order = sort.value;
    var seq = items;
    if (order === "title") {
      if (!byTitle) {
        byTitle = items.slice().sort(function (x, y) {
          return x.key < y.key ? -1 : x.key > y.key ? 1 : x.p.i - y.p.i;
        });
      }
      seq = byTitle;
    }
    var f = document.createDocumentFragment();
    seq.forEach(function (it) { f.appendChild(it.el); });
    list.appendChild(f);
  }

  function apply() {
    var t0 = performance.now();
    var words = q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var sec = section.value, hl = health.value, wantCode = code.checked, wantProj = project.checked;
    var n = 0;
    for (var i = 0; i < items.length; i++) {
      var it = items[i], p = it.p, ok = true;
      if (sec && p.s !== sec) ok = false;
      else if (wantCode && !p.c) ok = false;
      else if (wantProj && !p.pp) ok = false;
      else if (hl && p.h !== hl) ok = false;
      else {
        for (var w = 0; w < words.length; w++) {
          if (it.hay.indexOf(words[w]) < 0) { ok = false; break; }
        }
      }
      if (ok) n++;
      if (ok !== it.shown) { it.shown = ok; it.el.hidden = !ok; }
    }
    reorder();
    count.textContent = n === items.length
      ? items.length + (items.length === 1 ? " paper" : " papers")
      : n + " of " + items.length + " papers";
    writeHash();
    window.geoaiLastFilterMs = performance.now() - t0;
  }

  [q].forEach(function (c) { c.addEventListener("input", apply); });
  [section, health, sort, code, project].forEach(function (c) {
    c.addEventListener("change", apply);
  });
  window.addEventListener("hashchange", function () { readHash(); apply(); });
  document.addEventListener("keydown", function (e) {
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
    if (e.key === "/" && !typing) { e.preventDefault(); q.focus(); }
    else if (e.key === "Escape" && document.activeElement === q && q.value) {
      q.value = "";
      apply();
    }
  });
  readHash();
  apply();
  document.documentElement.dataset.ready = "1";
})();
