// dashboard.html script, part 4 of 4: WAI-ARIA tabs (roving tabindex, arrow keys, Home/End), the
// panels with their charts, tables and definitions, the filter controls and the URL hash.
export const PAGE_LAYOUT = String.raw`
  // ---- tabs (WAI-ARIA tabs pattern) ----
  var tablist = document.getElementById("tabs"), main = document.getElementById("panels");
  var tabs = [], panels = [];
  function selectTab(id, focus) {
    tabs.forEach(function (b, i) {
      var on = b.dataset.tab === id;
      b.setAttribute("aria-selected", String(on)); b.tabIndex = on ? 0 : -1; panels[i].hidden = !on;
      if (on && focus) b.focus();
    });
    state.tab = id;
    charts.forEach(function (c) { if (c.dirty && c.tab === id) renderChart(c); });
    writeHash();
  }
  tablist.addEventListener("keydown", function (e) {
    var i = tabs.indexOf(document.activeElement);
    if (i < 0) return;
    var next = e.key === "ArrowRight" ? (i + 1) % tabs.length : e.key === "ArrowLeft" ? (i - 1 + tabs.length) % tabs.length : e.key === "Home" ? 0 : e.key === "End" ? tabs.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault(); selectTab(tabs[next].dataset.tab, true);
  });

  function definitions(panel, marts) {
    if (!marts.length) return;
    var d = document.createElement("details"); d.className = "definitions";
    var s = document.createElement("summary"); s.textContent = "Definitions of the figures on this tab (from the models' documentation)"; d.appendChild(s);
    var dl = document.createElement("dl"); dl.className = "defs"; d.appendChild(dl);
    marts.forEach(function (m) {
      var doc = qe.marts[m];
      if (!doc) return;
      var dt = document.createElement("dt"); dt.textContent = m; dl.appendChild(dt);
      var dd = document.createElement("dd"); dd.textContent = doc.description || ""; dl.appendChild(dd);
      doc.columns.forEach(function (c) {
        if (c.statistic !== "rate" && c.statistic !== "average") return;
        var cd = document.createElement("dd");
        cd.textContent = c.name + ": " + (c.description || "") + " Unit: " + c.unit + (c.n ? "; n = " + c.n.join(" or ") : "") + ".";
        dl.appendChild(cd);
      });
    });
    panel.appendChild(d);
  }

  qe.tabs.forEach(function (tab) {
    var id = tab.toLowerCase();
    var b = document.createElement("button");
    b.type = "button"; b.setAttribute("role", "tab"); b.id = "tab-" + id; b.dataset.tab = id; b.textContent = tab;
    b.setAttribute("aria-controls", "panel-" + id);
    b.addEventListener("click", function () { selectTab(id, false); });
    var s = document.createElement("section");
    s.setAttribute("role", "tabpanel"); s.id = "panel-" + id; s.setAttribute("aria-labelledby", b.id); s.tabIndex = 0;
    tablist.appendChild(b); main.appendChild(s); tabs.push(b); panels.push(s);
    var marts = [];
    if (tab === "Overview" && qe.headlines.length) {
      var grid = document.createElement("div"); grid.className = "cards"; s.appendChild(grid);
      qe.headlines.forEach(function (h) {
        var el = document.createElement("article"); el.className = "card"; el.id = "headline-" + h.id;
        var title = document.createElement("h3"); title.textContent = h.label; el.appendChild(title);
        var value = document.createElement("div"); value.className = "value"; el.appendChild(value);
        var meta = document.createElement("div"); meta.className = "meta"; el.appendChild(meta);
        var year = document.createElement("span"); meta.appendChild(year);
        var n = document.createElement("span"); meta.appendChild(n);
        var change = document.createElement("div"); change.className = "change"; el.appendChild(change);
        var b3 = document.createElement("div"); b3.className = "b3"; el.appendChild(b3);
        var note = document.createElement("p"); note.className = "filter-note"; el.appendChild(note);
        var doc = docOf(h.mart, h.defines);
        var def = document.createElement("details"); var sum = document.createElement("summary"); sum.textContent = "Definition"; def.appendChild(sum);
        def.appendChild(document.createTextNode((doc && doc.description ? doc.description + " " : "") + ((qe.marts[h.mart] || {}).description || "")));
        el.appendChild(def);
        grid.appendChild(el);
        cards.push({ h: h, el: el, value: value, year: year, n: n, change: change, b3: b3, note: note });
        if (marts.indexOf(h.mart) < 0) marts.push(h.mart);
      });
    }
    var onTab = qe.charts.filter(function (c) { return c.tab === tab && qe.datasets[c.mart]; });
    var tabTables = qe.tables.filter(function (t) { return t.tab === tab && qe.datasets[t.mart]; });
    if (onTab.length === 0 && tabTables.length === 0 && !(tab === "Overview" && qe.headlines.length)) {
      var p = document.createElement("p"); p.className = "nodata";
      p.textContent = "No data for " + tab + " yet: the marts this tab shows are not in this export.";
      s.appendChild(p);
    }
    onTab.forEach(function (c) {
      var fig = document.createElement("figure"); fig.className = "figure"; fig.id = "figure-" + c.id; s.appendChild(fig);
      var div = document.createElement("div"); div.className = "chart"; div.id = "chart-" + c.id; fig.appendChild(div);
      var cap = document.createElement("figcaption"); fig.appendChild(cap);
      var note = document.createElement("p"); note.className = "filter-note"; cap.appendChild(note);
      var def = document.createElement("details"); var sum = document.createElement("summary"); sum.textContent = "Definition"; def.appendChild(sum);
      def.appendChild(document.createTextNode(c.description + " " + ((qe.marts[c.mart] || {}).description || ""))); cap.appendChild(def);
      var data = document.createElement("details"); data.className = "chart-data";
      var dsum = document.createElement("summary"); dsum.textContent = "Data table: " + c.title + " (every value in the tooltips, for keyboard and screen readers)"; data.appendChild(dsum); cap.appendChild(data);
      makeTable(data, { mart: c.mart, title: c.title + " (data)", columns: columnsOf(c.mart) });
      charts.push({ spec: c, tab: id, container: div, note: note, dirty: true });
      if (marts.indexOf(c.mart) < 0) marts.push(c.mart);
    });
    tabTables.forEach(function (t) {
      var h = document.createElement("h2"); h.textContent = t.title; s.appendChild(h);
      var host = document.createElement("div"); host.className = "table-block"; s.appendChild(host);
      makeTable(host, t);
      if (marts.indexOf(t.mart) < 0) marts.push(t.mart);
    });
    definitions(s, marts);
  });

  // ---- filters and the URL hash ----
  var selects = {};
  FILTERS.forEach(function (k) { selects[k] = document.getElementById("filter-" + k); });
  function addOptions(sel, values, label) {
    values.forEach(function (v) { var o = document.createElement("option"); o.value = v; o.textContent = label ? label(v) : v; sel.appendChild(o); });
  }
  var progSet = {}, yearSet = {}, levelSet = {}, modeSet = {};
  Object.keys(qe.datasets).forEach(function (mart) {
    var f = filterColumns(mart);
    qe.datasets[mart].forEach(function (r) {
      if (f.programme && r.programme != null) progSet[r.programme] = true;
      if (f.year && r[f.year] != null) yearSet[r[f.year]] = true;
      if (r.level != null && typeof r.level === "string") levelSet[r.level] = true;
      if (f.mode && r.mode != null) modeSet[r.mode] = true;
    });
  });
  addOptions(selects.programme, Object.keys(progSet).sort(), programmeLabel);
  addOptions(selects.year, Object.keys(yearSet).sort());
  addOptions(selects.level, Object.keys(levelSet).sort());
  addOptions(selects.mode, Object.keys(modeSet).sort());

  function writeHash() {
    var parts = ["tab=" + encodeURIComponent(state.tab)];
    FILTERS.forEach(function (k) { if (state[k]) parts.push(k + "=" + encodeURIComponent(state[k])); });
    var h = "#" + parts.join("&");
    if (location.hash !== h) { try { history.replaceState(null, "", h); } catch (e) { location.hash = h; } }
  }
  function readHash() {
    var next = { tab: qe.tabs[0].toLowerCase(), programme: "", year: "", level: "", mode: "" };
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i < 0) return;
      var k = decodeURIComponent(kv.slice(0, i)), v = decodeURIComponent(kv.slice(i + 1));
      if (k === "tab" && tabs.some(function (b) { return b.dataset.tab === v; })) next.tab = v;
      if (FILTERS.indexOf(k) >= 0 && Array.prototype.some.call(selects[k].options, function (o) { return o.value === v; })) next[k] = v;
    });
    return next;
  }
  function apply(next) {
    FILTERS.forEach(function (k) { state[k] = next[k]; selects[k].value = next[k]; });
    charts.forEach(function (c) { c.dirty = true; });
    tables.forEach(fillTable);
    cards.forEach(fillCard);
    selectTab(next.tab, false);
  }
  FILTERS.forEach(function (k) {
    selects[k].addEventListener("change", function () {
      var next = { tab: state.tab }; FILTERS.forEach(function (j) { next[j] = selects[j].value; });
      apply(next);
    });
  });
  document.getElementById("filter-reset").addEventListener("click", function () { apply({ tab: state.tab, programme: "", year: "", level: "", mode: "" }); });
  window.addEventListener("hashchange", function () { apply(readHash()); });
  apply(readHash());
  window.qeDashboard = { charts: charts, tables: tables, ready: function () { return Promise.all(charts.filter(function (c) { return c.rendered; }).map(function (c) { return c.rendered; })); } };
`;
