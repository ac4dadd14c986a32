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

  // Papers are written as one HTML string per chunk (the browser's HTML parser builds
  // 10,000 articles several times faster than DOM calls); every text is escaped first.
  var ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  function esc(t) { return String(t).replace(/[&<>"']/g, function (c) { return ESC[c]; }); }

  function articleHtml(p) {
    var h = '<article id="paper-' + p.i + '"><h2>' + esc(p.t) + "</h2>";
    if (p.a.length) h += '<p class="authors">' + esc(p.a.join(", ")) + "</p>";
    var meta = [];
    if (p.s) meta.push(esc(p.s));
    if (p.h === "broken") meta.push("broken link");
    if (meta.length) {
      h += '<p class="meta' + (p.h === "broken" ? " bad" : "") + '">' + meta.join(" · ") + "</p>";
    }
    if (p.l.length) {
      h += '<ul class="links">';
      p.l.forEach(function (link) {
        h += SAFE_URL.test(link[1])
          ? '<li><a href="' + esc(link[1]) + '" rel="noopener noreferrer">' + esc(link[0]) + "</a></li>"
          : "<li>" + esc(link[0]) + "</li>";
      });
      h += "</ul>";
    }
    if (p.ab) h += "<details><summary>Abstract</summary><p>" + esc(p.ab) + "</p></details>";
    return h + "</article>";
  }

  var items = data.papers.map(function (p) {
    return {
      p: p,
      el: null,
      hay: (p.t + "\n" + p.a.join("\n") + "\n" + (p.ab || "")).toLowerCase(),
      key: p.t.toLowerCase(),
      shown: true,
    };
  });
  var byTitle = null;

  // The first papers are painted at once; the rest follow in the next task, so the page
  // shows papers before the whole list is in the DOM.
  // Papers sit in groups of CHUNK, each skipped by layout while off screen: a keystroke
  // that hides a few papers then re-lays out a hundred groups, not ten thousand papers.
  var CHUNK = 100;
  var chunks = [];

  function render(from, to) {
    var html = "";
    for (var c = from; c < to; c += CHUNK) {
      html += '<div class="chunk">';
      for (var i = c; i < Math.min(to, c + CHUNK); i++) html += articleHtml(items[i].p);
      html += "</div>";
    }
    list.insertAdjacentHTML("beforeend", html);
    var groups = list.children;
    for (var g = chunks.length; g < groups.length; g++) chunks.push(groups[g]);
    for (var k = from; k < to; k++) {
      var ch = chunks[chunks.length - Math.ceil((to - from) / CHUNK) + Math.floor((k - from) / CHUNK)];
      items[k].el = ch.children[(k - from) % CHUNK];
      items[k].chunk = ch;
      if (!items[k].shown) items[k].el.hidden = true;
    }
    chunks.forEach(syncChunk);
  }

  function syncChunk(ch) {
    var kids = ch.children, any = false;
    for (var i = 0; i < kids.length && !any; i++) any = !kids[i].hidden;
    if (ch.hidden === any) ch.hidden = !any;
  }
  var FIRST = Math.min(items.length, 60);
  // index.html already holds the first papers (written by geoai-bot site, the same markup
  // as articleHtml): adopt them instead of writing them again.
  var pre = list.firstElementChild;
  if (pre && pre.children.length === FIRST) {
    chunks.push(pre);
    for (var k0 = 0; k0 < FIRST; k0++) {
      items[k0].el = pre.children[k0];
      items[k0].chunk = pre;
    }
  } else {
    list.textContent = "";
    render(0, FIRST);
  }

  data.sections.forEach(function (s) {
    var o = document.createElement("option");
    o.textContent = s;
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

  var ready = false;

  function reorder() {
    if (!ready || sort.value === order) return;
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
    chunks = [];
    seq.forEach(function (it, k) {
      if (k % CHUNK === 0) {
        var ch = document.createElement("div");
        ch.className = "chunk";
        chunks.push(ch);
        f.appendChild(ch);
      }
      it.chunk = chunks[chunks.length - 1];
      it.chunk.appendChild(it.el);
    });
    list.textContent = "";
    list.appendChild(f);
    chunks.forEach(syncChunk);
  }

  // Typing more of a query only narrows it: then only the papers shown so far are tested.
  var last = { query: "", rest: "", matched: null };
  var hashTimer = 0;

  function apply() {
    var t0 = performance.now();
    var query = q.value.toLowerCase();
    var words = query.split(/\s+/).filter(Boolean);
    var sec = section.value, hl = health.value, wantCode = code.checked, wantProj = project.checked;
    var rest = [sec, hl, wantCode, wantProj].join("\u0000");
    // A longer query (more letters or more words) matches a subset of what it matched.
    var narrowing = last.matched !== null && rest === last.rest &&
      query.length > last.query.length && query.indexOf(last.query) === 0;
    var candidates = narrowing ? last.matched : null;
    var matched = [];
    var touched = [];
    var n = 0;
    var limit = candidates ? candidates.length : items.length;
    // Narrowing: the candidates passed the filters and every earlier word already; only the
    // last word of the previous query (it may have grown) and the new words are tested.
    var done = last.query.split(/\s+/).filter(Boolean).length;
    // The previous query's last word may have grown, unless a space had already ended it.
    var first = candidates ? (/\s$/.test(last.query) ? done : Math.max(0, done - 1)) : 0;
    for (var j = 0; j < limit; j++) {
      var i = candidates ? candidates[j] : j;
      var it = items[i], p = it.p, ok = true;
      if (candidates) ok = true;
      else if (sec && p.s !== sec) ok = false;
      else if (wantCode && !p.c) ok = false;
      else if (wantProj && !p.pp) ok = false;
      else if (hl && p.h !== hl) ok = false;
      if (ok) {
        for (var w = first; w < words.length; w++) {
          if (it.hay.indexOf(words[w]) < 0) { ok = false; break; }
        }
      }
      if (ok) { n++; matched.push(i); }
      if (ok !== it.shown) {
        it.shown = ok;
        if (it.el) { it.el.hidden = !ok; touched.push(it.chunk); }
      }
    }
    for (var t = 0; t < touched.length; t++) syncChunk(touched[t]);
    last.matched = matched;  // outside the candidates, papers were hidden already and stay so
    last.query = query;
    last.rest = rest;
    reorder();
    count.textContent = n === items.length
      ? items.length + (items.length === 1 ? " paper" : " papers")
      : n + " of " + items.length + " papers";
    // The URL follows once typing pauses: writing history on every key costs a round trip
    // to the browser process, and a shared link only needs the final query.
    clearTimeout(hashTimer);
    hashTimer = setTimeout(writeHash, 250);
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
  setTimeout(function () {
    render(FIRST, items.length);
    ready = true;
    reorder();
    document.documentElement.dataset.ready = "1";
  }, 0);
})();
