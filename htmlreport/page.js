"use strict";
// The page's views, built from the JSON data block when they are shown.
// Every piece of article text reaches the page through textContent, never
// as markup.
(function () {
  var data = JSON.parse(document.getElementById("qt-data").textContent);
  var docs = data.documents, clusters = data.clusters;
  var main = document.getElementById("main");
  var PAGE = 50;       // clusters or documents drawn at a time
  var CARRIERS = 12;   // carriers listed before "show all"
  var MAX_CELLS = 4e6; // word pairs a side-by-side comparison may weigh

  // byID has no prototype, so a hash naming one of Object's properties
  // ("#cluster/constructor") is no cluster.
  var byID = Object.create(null);
  docs.forEach(function (d) { d.spans = []; d.passages = []; });
  clusters.forEach(function (c, k) {
    byID[c.id] = k;
    c.members.forEach(function (m, j) {
      var d = docs[m.doc];
      d.passages.push([k, j]);
      if (m.units) d.spans.push([m.units[0], m.units[1], k]);
    });
  });
  docs.forEach(function (d) { d.spans.sort(function (x, y) { return x[0] - y[0] || y[1] - x[1] || x[2] - y[2]; }); });
  // memberText is a member's text: given, or cut from its document's.
  function memberText(m) { return m.units ? docs[m.doc].text.slice(m.units[0], m.units[1]) : m.text; }
  var dupsOf = docs.map(function () { return []; });
  data.duplicates.forEach(function (d, k) { dupsOf[d.a].push(k); dupsOf[d.b].push(k); });

  var filter = { kind: "", minSources: 0, search: "" };
  var shown = PAGE;

  function el(tag, attrs) {
    var e = document.createElement(tag);
    if (attrs) {
      for (var name in attrs) {
        if (name === "text") e.textContent = attrs[name];
        else if (name === "class") e.className = attrs[name];
        else e.setAttribute(name, attrs[name]);
      }
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c == null || c === false) continue;
      e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return e;
  }
  function plural(n, noun) { return n === 1 ? "1 " + noun : n + " " + noun + "s"; }
  function outlet(d) { return d.source || "outlet not given"; }
  function docLink(i) { return el("a", { href: "#doc/" + i, text: docs[i].id }); }
  function kindTag(kind) { return el("span", { class: "kind k-" + kind, text: kind }); }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  // ---- clusters ----

  function matches(c) {
    if (filter.kind && c.kind !== filter.kind) return false;
    if (filter.minSources > 1 && c.sources < filter.minSources) return false;
    if (filter.search) {
      var q = filter.search.toLowerCase();
      return c.text.toLowerCase().indexOf(q) >= 0 || c.speaker.toLowerCase().indexOf(q) >= 0;
    }
    return true;
  }

  function filtersForm(onChange) {
    var kind = el("select", { id: "f-kind", name: "kind" },
      el("option", { value: "", text: "every kind" }),
      el("option", { value: "quotation", text: "quotation" }),
      el("option", { value: "passage", text: "passage" }),
      el("option", { value: "boilerplate", text: "boilerplate" }));
    kind.value = filter.kind;
    var min = el("input", { id: "f-min", name: "min-sources", type: "number", min: "0", step: "1", value: String(filter.minSources || 0) });
    var search = el("input", { id: "f-search", name: "search", type: "search", placeholder: "speaker or words", value: filter.search });
    var timer = 0;
    function read() {
      var next = { kind: kind.value, minSources: parseInt(min.value, 10) || 0, search: search.value.trim() };
      // Unchanged filters keep the list as it is, with any comparison open.
      if (next.kind === filter.kind && next.minSources === filter.minSources && next.search === filter.search) return;
      filter = next;
      shown = PAGE;
      onChange();
    }
    kind.addEventListener("change", read);
    min.addEventListener("input", read);
    search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(read, 150); });
    var form = el("form", { class: "filters", role: "search", "aria-label": "Filter clusters" },
      el("label", { for: "f-kind" }, "Kind", kind),
      el("label", { for: "f-min" }, "Minimum sources", min),
      el("label", { for: "f-search" }, "Speaker or text", search));
    form.addEventListener("submit", function (ev) { ev.preventDefault(); read(); });
    return form;
  }

  function showClusters() {
    var count = el("p", { class: "count", id: "count", "aria-live": "polite" });
    var list = el("ol", { class: "clusters", id: "clusters" });
    var more = el("div", { class: "more" });
    function draw() {
      clear(list); clear(more);
      var hits = [];
      for (var k = 0; k < clusters.length; k++) if (matches(clusters[k])) hits.push(k);
      count.textContent = "Showing " + Math.min(shown, hits.length) + " of " + plural(hits.length, "matching cluster") +
        " (" + clusters.length + " in all), most widely carried first.";
      hits.slice(0, shown).forEach(function (k) { list.appendChild(el("li", null, clusterCard(k, false))); });
      if (hits.length > shown) {
        var b = el("button", { type: "button", text: "Show " + Math.min(PAGE, hits.length - shown) + " more clusters" });
        b.addEventListener("click", function () {
          var first = shown;
          shown += PAGE; draw();
          var cards = list.querySelectorAll(".cluster");
          if (cards[first]) cards[first].focus();
        });
        more.appendChild(b);
      }
    }
    main.appendChild(el("h2", { text: "Clusters of shared passages" }));
    main.appendChild(filtersForm(draw));
    main.appendChild(count);
    main.appendChild(list);
    main.appendChild(more);
    draw();
  }

  function clusterCard(k, whole) {
    var c = clusters[k];
    var head = el("h2", null,
      el("a", { href: "#cluster/" + c.id, text: "#" + c.id }), kindTag(c.kind),
      el("span", { text: plural(c.documents, "document") + (c.sources ? ", " + plural(c.sources, "source") : "") }));
    var facts = el("dl", { class: "facts" });
    facts.appendChild(el("div", null, el("dt", { text: "Speaker" }), el("dd", { class: "speaker", text: c.speaker || "unknown" })));
    var origin = c.origin >= 0
      ? el("dd", { class: "origin" }, docLink(c.origin), " (" + outlet(docs[c.origin]) + ", " + (docs[c.origin].published || "undated") + ")")
      : el("dd", { class: "origin", text: "unknown (no member that holds the passage is dated)" });
    facts.appendChild(el("div", null, el("dt", { text: "Origin" }), origin));
    facts.appendChild(el("div", null, el("dt", { text: "Members" }),
      el("dd", { text: String(c.members.length) + (c.more_members ? " listed, " + c.more_members + " more not listed" : "") })));
    var card = el("article", { class: "cluster", id: "cluster-" + c.id, tabindex: "-1", "data-kind": c.kind },
      head, el("blockquote", { class: "rep", text: c.text }), facts,
      el("h3", { class: "tl-head", text: "Carriers, oldest first" }));
    var tl = el("ol", { class: "timeline" });
    var n = whole ? c.members.length : Math.min(CARRIERS, c.members.length);
    for (var j = 0; j < n; j++) tl.appendChild(carrier(c, j));
    card.appendChild(tl);
    if (n < c.members.length) {
      var b = el("button", { type: "button", class: "more", text: "Show all " + c.members.length + " carriers" });
      b.addEventListener("click", function () {
        for (var j = n; j < c.members.length; j++) tl.appendChild(carrier(c, j));
        b.remove();
        tl.children[n].querySelector("a").focus();
      });
      card.appendChild(b);
    }
    return card;
  }

  function carrier(c, j) {
    var m = c.members[j], d = docs[m.doc];
    var line = el("div", { class: "carrier" },
      el("span", { class: "date", text: d.published ? d.published.slice(0, 10) : "undated" }),
      el("span", { class: d.source ? "outlet" : "outlet none", text: outlet(d) }), docLink(m.doc),
      el("span", { class: "sim", text: "similarity " + m.similarity.toFixed(3) }),
      m.quoted ? el("span", { class: "tag", text: "quoted" + (m.speaker ? " (" + m.speaker + ")" : "") }) : null);
    var li = el("li", { class: m.doc === c.origin ? "origin" : "" }, line);
    if (m.doc === c.origin) {
      line.appendChild(el("span", { class: "tag", text: "origin" }));
    } else {
      var b = el("button", { type: "button", class: "compare", "aria-expanded": "false",
        text: c.origin >= 0 ? "Compare with origin" : "Compare with the representative text" });
      var panel = null;
      b.addEventListener("click", function () {
        if (panel) { panel.remove(); panel = null; b.setAttribute("aria-expanded", "false"); return; }
        panel = sideBySide(c, m);
        li.appendChild(panel);
        b.setAttribute("aria-expanded", "true");
      });
      line.appendChild(b);
    }
    return li;
  }

  // ---- word-by-word comparison ----

  function words(s) { return s.split(/\s+/).filter(function (w) { return w !== ""; }); }

  // diff marks the words of a and b outside a longest common subsequence of
  // words: it returns for each side a list of [word, changed].
  function diff(a, b) {
    var pre = 0;
    while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
    var suf = 0;
    while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
    var x = a.slice(pre, a.length - suf), y = b.slice(pre, b.length - suf);
    var n = x.length, m = y.length;
    if ((n + 1) * (m + 1) > MAX_CELLS) return null;
    var L = new Uint32Array((n + 1) * (m + 1)); // L[i][j]: LCS of x[i:], y[j:]
    for (var i = n - 1; i >= 0; i--) {
      for (var j = m - 1; j >= 0; j--) {
        L[i * (m + 1) + j] = x[i] === y[j] ? L[(i + 1) * (m + 1) + j + 1] + 1
          : Math.max(L[(i + 1) * (m + 1) + j], L[i * (m + 1) + j + 1]);
      }
    }
    var left = [], right = [];
    a.slice(0, pre).forEach(function (w) { left.push([w, false]); right.push([w, false]); });
    i = 0; j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && x[i] === y[j]) { left.push([x[i++], false]); right.push([y[j++], false]); }
      else if (j >= m || (i < n && L[(i + 1) * (m + 1) + j] >= L[i * (m + 1) + j + 1])) left.push([x[i++], true]);
      else right.push([y[j++], true]);
    }
    a.slice(a.length - suf).forEach(function (w) { left.push([w, false]); right.push([w, false]); });
    return [left, right];
  }

  function markedWords(list, tag) {
    var p = el("p", { class: "words" });
    list.forEach(function (w, k) {
      if (k > 0) p.appendChild(document.createTextNode(" "));
      p.appendChild(w[1] ? el(tag, { text: w[0] }) : document.createTextNode(w[0]));
    });
    return p;
  }

  function sideBySide(c, m) {
    var base = null;
    for (var j = 0; j < c.members.length; j++) if (c.members[j].doc === c.origin) base = c.members[j];
    var baseText = base ? memberText(base) : c.text;
    var baseLabel = base ? "Origin: " + docs[base.doc].id + " (" + outlet(docs[base.doc]) + ")" : "Representative text";
    var copyText = memberText(m);
    var d = diff(words(baseText), words(copyText));
    var box = el("div", { class: "sbs", role: "group", "aria-label": "Side by side with the origin" });
    if (!d) {
      box.appendChild(el("p", { class: "legend", text: "These copies are too long to compare word by word here; both are shown whole." }));
      d = [words(baseText).map(function (w) { return [w, false]; }), words(copyText).map(function (w) { return [w, false]; })];
    } else {
      box.appendChild(el("p", { class: "legend" }, "Words only in the origin are ", el("del", { text: "struck through" }),
        "; words only in this copy are ", el("ins", { text: "underlined" }), "."));
    }
    box.appendChild(el("div", { class: "side base" }, el("h3", { text: baseLabel }), markedWords(d[0], "del")));
    box.appendChild(el("div", { class: "side copy" }, el("h3", { text: "This copy: " + docs[m.doc].id + " (" + outlet(docs[m.doc]) + ")" }), markedWords(d[1], "ins")));
    return box;
  }

  // ---- documents ----

  function showDocuments() {
    var search = el("input", { id: "d-search", type: "search", placeholder: "id or outlet" });
    var count = el("p", { class: "count", "aria-live": "polite" });
    var list = el("ul", { class: "doclist" });
    var more = el("div", { class: "more" });
    var limit = PAGE * 2;
    function draw() {
      clear(list); clear(more);
      var q = search.value.trim().toLowerCase(), hits = [];
      for (var i = 0; i < docs.length; i++) {
        if (!q || docs[i].id.toLowerCase().indexOf(q) >= 0 || docs[i].source.toLowerCase().indexOf(q) >= 0) hits.push(i);
      }
      count.textContent = "Showing " + Math.min(limit, hits.length) + " of " + plural(hits.length, "document") + ".";
      hits.slice(0, limit).forEach(function (i) {
        var d = docs[i];
        list.appendChild(el("li", null, docLink(i), el("span", { class: "outlet", text: outlet(d) }),
          el("span", { class: "date", text: d.published || "undated" }),
          el("span", { class: "sim", text: plural(d.passages.length, "shared passage") + ", " + plural(dupsOf[i].length, "near-duplicate") })));
      });
      if (hits.length > limit) {
        var b = el("button", { type: "button", text: "Show more documents" });
        b.addEventListener("click", function () { limit += PAGE * 2; draw(); });
        more.appendChild(b);
      }
    }
    search.addEventListener("input", draw);
    main.appendChild(el("h2", { text: "Documents" }));
    main.appendChild(el("form", { class: "filters", role: "search" }, el("label", { for: "d-search" }, "Find a document", search)));
    main.appendChild(count);
    main.appendChild(list);
    main.appendChild(more);
    draw();
  }

  function docHead(i) {
    var d = docs[i];
    var url = /^https?:\/\//i.test(d.url) ? el("a", { href: d.url, rel: "noopener noreferrer", text: d.url }) : (d.url ? el("span", { text: d.url }) : null);
    return el("header", { class: "doc-head" }, el("h2", { text: d.id }),
      el("p", null, el("span", { class: "outlet", text: outlet(d) }), " · ", d.published || "undated", " · ", plural(d.bytes, "byte"), url ? " · " : null, url));
  }

  // articleText draws a document's text with each shared passage a link to
  // its cluster; where passages overlap, the shortest one is linked and the
  // others named in the title.
  function articleText(i) {
    var d = docs[i];
    if (d.text == null) {
      // Its passages, in the order they stand, each linked to its cluster.
      var wrap = el("div", null, el("p", { class: "cap", text: "This document's text is left out of this file (see the notes); its shared passages follow." }));
      var list = el("ol", { class: "passages" });
      d.passages.slice().sort(function (x, y) { return clusters[x[0]].members[x[1]].start - clusters[y[0]].members[y[1]].start; }).forEach(function (p) {
        var c = clusters[p[0]], m = c.members[p[1]];
        list.appendChild(el("li", null, el("a", { class: "hl k-" + c.kind, href: "#cluster/" + c.id, "data-cluster": String(c.id), text: "#" + c.id }),
          " [" + m.start + ":" + m.end + "] ", el("q", { text: m.text })));
      });
      wrap.appendChild(list);
      return wrap;
    }
    var box = el("div", { class: "article", lang: "" });
    var cuts = [0, d.text.length];
    d.spans.forEach(function (s) { cuts.push(s[0], s[1]); });
    cuts.sort(function (x, y) { return x - y; });
    var prevKey = null, prevNode = null;
    for (var k = 0; k + 1 < cuts.length; k++) {
      var s = cuts[k], e = cuts[k + 1];
      if (e <= s) continue;
      var cover = d.spans.filter(function (p) { return p[0] <= s && p[1] >= e; });
      var piece = d.text.slice(s, e);
      if (!cover.length) { box.appendChild(document.createTextNode(piece)); prevKey = null; continue; }
      cover.sort(function (x, y) { return (x[1] - x[0]) - (y[1] - y[0]) || x[2] - y[2]; });
      var key = cover.map(function (p) { return p[2]; }).join(",");
      if (key === prevKey) { prevNode.appendChild(document.createTextNode(piece)); continue; }
      var c = clusters[cover[0][2]];
      var title = cover.map(function (p) { var q = clusters[p[2]]; return "#" + q.id + " " + q.kind + ", " + plural(q.documents, "document"); }).join("; ");
      prevNode = el("a", { class: "hl k-" + c.kind, href: "#cluster/" + c.id, title: title, "data-cluster": String(c.id) }, piece);
      prevKey = key;
      box.appendChild(prevNode);
    }
    return box;
  }

  function showDocument(i) {
    main.appendChild(docHead(i));
    var dups = dupsOf[i];
    if (dups.length) {
      var ul = el("ul", { class: "dups" });
      dups.forEach(function (k) {
        var p = data.duplicates[k], other = p.a === i ? p.b : p.a;
        ul.appendChild(el("li", null, "near-duplicate of ", docLink(other), " (" + outlet(docs[other]) + "): jaccard " + p.jaccard.toFixed(3) +
          ", containment " + p.containment.toFixed(3) + ", cosine " + p.cosine.toFixed(3) + " · ",
          el("a", { href: "#pair/" + i + "/" + other, text: "side by side" })));
      });
      main.appendChild(ul);
    }
    main.appendChild(el("p", { class: "count", text: plural(docs[i].passages.length, "shared passage") + (docs[i].text == null ? "" : " marked; each links to its cluster.") }));
    main.appendChild(articleText(i));
  }

  function showPair(a, b) {
    main.appendChild(el("h2", { text: "Near-duplicates side by side" }));
    main.appendChild(el("div", { class: "pair" },
      el("section", null, docHead(a), articleText(a)),
      el("section", null, docHead(b), articleText(b))));
  }

  // ---- routing and keys ----

  function route() {
    clear(main);
    // A malformed hash ("#%E0") shows the cluster list rather than stop the page.
    var h = "";
    try { h = decodeURIComponent(location.hash.slice(1)); } catch (e) { /* no view */ }
    var parts = h.split("/");
    var view = "clusters";
    if (parts[0] === "cluster" && byID[parts[1]] !== undefined) {
      view = "cluster";
      main.appendChild(el("p", null, el("a", { href: "#clusters", text: "← all clusters" })));
      main.appendChild(clusterCard(byID[parts[1]], true));
    } else if (parts[0] === "doc" && docs[+parts[1]]) {
      view = "doc"; showDocument(+parts[1]);
    } else if (parts[0] === "pair" && docs[+parts[1]] && docs[+parts[2]]) {
      view = "doc"; showPair(+parts[1], +parts[2]);
    } else if (parts[0] === "documents") {
      view = "documents"; showDocuments();
    } else {
      showClusters();
    }
    document.querySelectorAll(".top nav a").forEach(function (a) {
      if (a.getAttribute("href") === "#" + view || (view === "cluster" && a.getAttribute("href") === "#clusters")) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
    if (location.hash && h !== "clusters") main.focus();
  }

  document.addEventListener("keydown", function (ev) {
    var t = ev.target.tagName;
    if (ev.ctrlKey || ev.metaKey || ev.altKey || t === "INPUT" || t === "SELECT" || t === "TEXTAREA") return;
    if (ev.key === "/") {
      var s = document.getElementById("f-search") || document.getElementById("d-search");
      if (s) { ev.preventDefault(); s.focus(); }
    } else if (ev.key === "j" || ev.key === "k") {
      var cards = Array.prototype.slice.call(document.querySelectorAll(".cluster"));
      if (!cards.length) return;
      var at = cards.indexOf(document.activeElement.closest ? document.activeElement.closest(".cluster") : null);
      var next = ev.key === "j" ? Math.min(cards.length - 1, at + 1) : Math.max(0, at - 1);
      cards[next].focus();
      cards[next].scrollIntoView({ block: "nearest" });
    }
  });
  window.addEventListener("hashchange", route);
  route();
})();
