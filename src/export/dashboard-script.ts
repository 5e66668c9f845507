// The browser side of dashboard.html, as text (String.raw, so regex escapes reach the page as
// written). Plain ES2017, no modules; it reads the JSON payload of buildDashboard and the
// hesaPublish function embedded before it. What it does:
// - WAI-ARIA tabs (roving tabindex, arrow keys, Home/End), tab and filters kept in the URL hash;
// - filters (programme, year, level, mode) applied to every chart, table and headline that has the
//   column, with a visible note where one does not apply; charts are rebuilt (re-laid out) on change;
// - headline figures with the change on the year before, n and OfS B3 markers;
// - tables sortable, searchable, downloadable as CSV of the rows shown; a table behind every chart;
// - publication mode: HESA rounding/suppression of everything shown.

export const PAGE_STYLE = String.raw`
body{font-family:system-ui,"DejaVu Sans",sans-serif;margin:0;color:#222;background:#fafafa}
header{display:flex;gap:1.2em;align-items:center;padding:.7em 1.2em;background:#1f3a5f;color:#fff;flex-wrap:wrap}
header h1{font-size:1.3em;margin:0}.run{opacity:.75;font-size:.85em}
#filters{display:flex;gap:.8em;flex-wrap:wrap;align-items:center}#filters select{max-width:22em}
.publication{margin:0;padding:.35em 1.2em;font-size:.85em;background:#fff4d6;border-bottom:1px solid #e6d7a8}
[role=tablist]{display:flex;gap:.3em;padding:.5em 1.2em 0;border-bottom:1px solid #ccc;background:#fff}
[role=tab]{border:1px solid #ccc;border-bottom:none;background:#eee;padding:.5em 1em;cursor:pointer;font:inherit}
[role=tab][aria-selected=true]{background:#fff;font-weight:bold;border-top:3px solid #1f4e79}
[role=tab]:focus-visible,button:focus-visible,summary:focus-visible{outline:3px solid #e4a010;outline-offset:1px}
[role=tabpanel]{padding:1em 1.2em}[role=tabpanel][hidden]{display:none}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(15em,1fr));gap:.8em;margin-bottom:1em}
.card{background:#fff;border:1px solid #ddd;border-left:4px solid #1f4e79;padding:.6em .8em}
.card h3{font-size:.95em;margin:0 0 .3em}.card .value{font-size:1.8em;font-weight:bold}
.card .change.good{color:#1e7b34}.card .change.bad{color:#b03a2e}.card .meta{font-size:.8em;color:#555}
.card.below{border-left-color:#c0392b}.card .b3{font-size:.85em;margin-top:.3em}
.figure{display:inline-block;margin:0 1em 1em 0;background:#fff;border:1px solid #ddd;padding:.5em;vertical-align:top;max-width:100%}
.chart{min-height:2em}.figure figcaption{width:0;min-width:100%}
.filter-note{font-size:.8em;color:#555;margin:.2em 0}.filter-note.active{color:#8a4b00;font-weight:bold}
.nodata{color:#666;font-style:italic}
h2{font-size:1.15em;margin:.6em 0 .2em}
details{margin:.3em 0}summary{cursor:pointer;font-size:.9em}
.table-tools{display:flex;gap:.8em;align-items:center;margin:.3em 0;font-size:.9em;flex-wrap:wrap}
.table-wrap{max-height:28em;overflow:auto;border:1px solid #ccc;max-width:100%}
table{border-collapse:collapse;background:#fff;font-size:.9em}th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left}
th{position:sticky;top:0;background:#eef2f7;white-space:nowrap}th button{font:inherit;font-weight:bold;background:none;border:none;cursor:pointer;padding:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}td .n{color:#666;font-size:.85em}
dl.defs dt{font-weight:bold;margin-top:.5em}dl.defs dd{margin-left:1em}
`;

export const PAGE_SCRIPT = String.raw`
(function () {
  "use strict";
  var qe = JSON.parse(document.getElementById("qe-data").textContent);
  var PUB = qe.publication;
  var SUPPRESSED = "..";
  var FILTERS = ["programme", "year", "level", "mode"];
  var state = { tab: qe.tabs[0].toLowerCase(), programme: "", year: "", level: "", mode: "" };

  // ---- publication functions for Vega (same rules as the PNGs: src/export/hesa.ts) ----
  vega.expressionFunction("hesaCount", function (x, on) { return on ? hesaPublish("count", x, undefined) : x; });
  vega.expressionFunction("hesaRate", function (x, n, on) { return on ? hesaPublish("rate", x, n == null ? null : n) : x; });
  vega.expressionFunction("hesaMean", function (x, n, on) { return on ? hesaPublish("average", x, n == null ? null : n) : x; });

  // ---- programmes, years, levels ----
  var programmes = {};
  (qe.datasets[qe.programmeDimension] || []).forEach(function (p) { programmes[p.programme] = p; });
  function yearColumn(mart) {
    var cols = columnsOf(mart);
    for (var i = 0; i < qe.yearColumns.length; i++) if (cols.indexOf(qe.yearColumns[i]) >= 0) return qe.yearColumns[i];
    return null;
  }
  function columnsOf(mart) {
    var m = qe.marts[mart];
    if (m) return m.columns.map(function (c) { return c.name; });
    var rows = qe.datasets[mart] || [];
    return rows.length ? Object.keys(rows[0]) : [];
  }
  function docOf(mart, col) {
    var m = qe.marts[mart];
    if (!m) return null;
    for (var i = 0; i < m.columns.length; i++) if (m.columns[i].name === col) return m.columns[i];
    return null;
  }
  /** How each filter applies to a mart: by which column, or not at all (null). */
  function filterColumns(mart) {
    var cols = columnsOf(mart);
    var hasProg = cols.indexOf("programme") >= 0 && mart !== qe.programmeDimension;
    return {
      programme: hasProg ? "programme" : null,
      year: yearColumn(mart),
      level: cols.indexOf("level") >= 0 ? "level" : (hasProg && Object.keys(programmes).length ? "programme.level" : null),
      mode: cols.indexOf("mode") >= 0 ? "mode" : null
    };
  }
  function matches(mart, row, skipYear) {
    var f = filterColumns(mart);
    if (state.programme && f.programme && row.programme !== state.programme) return false;
    if (state.year && f.year && !skipYear && row[f.year] !== state.year) return false;
    if (state.level && f.level) {
      var lvl = f.level === "level" ? row.level : (programmes[row.programme] || {}).level;
      if (lvl !== state.level) return false;
    }
    if (state.mode && f.mode && row.mode !== state.mode) return false;
    return true;
  }
  function rowsOf(mart, skipYear) {
    return (qe.datasets[mart] || []).filter(function (r) { return matches(mart, r, skipYear); });
  }
  var LABELS = { programme: "programme", year: "academic year", level: "level", mode: "mode" };
  /** The visible note under a chart or table: which filters do not apply to it. */
  function noteFor(mart, el) {
    var f = filterColumns(mart), missing = [], activeMissing = [];
    FILTERS.forEach(function (k) {
      if (!f[k]) { missing.push(LABELS[k]); if (state[k]) activeMissing.push(LABELS[k]); }
    });
    var shown = [];
    FILTERS.forEach(function (k) { if (state[k] && f[k]) shown.push(LABELS[k] + " " + (k === "programme" ? programmeLabel(state[k]) : state[k])); });
    var text = shown.length ? "Showing " + shown.join(", ") + ". " : "Showing all rows. ";
    if (missing.length) text += "Cannot be filtered by " + missing.join(", ") + " (the data has no such column)" + (activeMissing.length ? ": the " + activeMissing.join(", ") + " filter is ignored here." : ".");
    el.textContent = text;
    el.className = "filter-note" + (activeMissing.length ? " active" : "");
  }
  function programmeLabel(code) {
    var p = programmes[code];
    return p && p.programme_name ? code + " " + p.programme_name : code;
  }

  // ---- formatting, with publication rules ----
  function group(digits) { return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function number(v, digits) {
    var neg = v < 0, parts = Math.abs(v).toFixed(digits).split(".");
    return (neg ? "-" : "") + group(parts[0]) + (parts.length > 1 ? "." + parts[1] : "");
  }
  /** The population a column's value rests on, from its dictionary entry's n columns (the smallest). */
  function populationOf(doc, row) {
    if (!doc || !doc.n) return undefined;
    var n = null;
    doc.n.forEach(function (c) { var v = row[c]; if (typeof v === "number" && (n === null || v < n)) n = v; });
    return n;
  }
  /** The published value of one cell (number or null for ".."), and its formatted text. */
  function cell(mart, col, row) {
    var v = row[col], doc = docOf(mart, col);
    if (v === null || v === undefined) return { value: null, text: "" };
    if (typeof v === "boolean") return { value: v, text: v ? "yes" : "no" };
    if (typeof v !== "number" || !doc) return { value: v, text: String(v) };
    var n = populationOf(doc, row), stat = doc.statistic, unit = doc.unit;
    var shown = PUB ? hesaPublish(stat, v, n) : v;
    if (shown === null) return { value: null, text: SUPPRESSED, n: n };
    var text;
    if (unit === "fraction") text = (shown * 100).toFixed(1) + "%";
    else if (unit === "percentage_points") text = (shown > 0 ? "+" : "") + number(shown, 1) + " pp";
    else if (unit === "count") text = number(shown, 0);
    else if (unit === "identifier" || unit === "order" || unit === "years") text = String(shown);
    else if (unit === "per_1000_students") text = number(shown, 1);
    else if (unit === "gbp") text = "£" + number(shown, 0);
    else text = number(shown, 2);
    return { value: shown, text: text, n: n };
  }
  function nText(n) {
    if (n === undefined || n === null) return "";
    return "n=" + number(PUB ? hesaPublish("count", n, undefined) : n, 0);
  }
  function isNumeric(mart, col) {
    var d = docOf(mart, col);
    return !!d && ["text", "flag"].indexOf(d.unit) < 0 && d.type !== "VARCHAR";
  }

  // ---- tables: sortable, searchable, CSV of the rows shown ----
  var tables = [];
  function makeTable(host, spec) {
    var mart = spec.mart, cols = spec.columns.filter(function (c) { return columnsOf(mart).indexOf(c) >= 0; });
    var t = { mart: mart, columns: cols, sort: spec.sort ? { column: spec.sort.column, desc: spec.sort.descending } : null, query: "", title: spec.title };
    var note = document.createElement("p"); note.className = "filter-note"; host.appendChild(note); t.note = note;
    var tools = document.createElement("div"); tools.className = "table-tools"; host.appendChild(tools);
    var search = document.createElement("input"); search.type = "search"; search.placeholder = "Search rows";
    search.setAttribute("aria-label", "Search " + spec.title);
    search.addEventListener("input", function () { t.query = search.value.toLowerCase(); fillTable(t); });
    tools.appendChild(search);
    var count = document.createElement("span"); count.className = "row-count"; tools.appendChild(count); t.count = count;
    var link = document.createElement("a"); link.className = "csv-download"; link.textContent = "Download CSV of rows shown";
    link.download = mart + ".csv"; link.href = "data:text/csv;charset=utf-8,"; tools.appendChild(link); t.link = link;
    var wrap = document.createElement("div"); wrap.className = "table-wrap"; host.appendChild(wrap);
    var table = document.createElement("table"); table.className = "qe-table"; table.dataset.mart = mart; wrap.appendChild(table);
    var cap = document.createElement("caption"); cap.className = "visually-hidden"; cap.textContent = spec.title; cap.style.position = "absolute"; cap.style.left = "-9999px"; table.appendChild(cap);
    var thead = document.createElement("thead"), head = document.createElement("tr"); thead.appendChild(head); table.appendChild(thead);
    t.heads = {};
    cols.forEach(function (c) {
      var th = document.createElement("th"); th.scope = "col"; th.dataset.column = c;
      var doc = docOf(mart, c);
      if (isNumeric(mart, c)) th.className = "num";
      var b = document.createElement("button"); b.type = "button"; b.textContent = c.replace(/_/g, " ");
      if (doc && doc.description) b.title = doc.description + (doc.unit ? " [" + doc.unit + "]" : "");
      b.addEventListener("click", function () {
        t.sort = t.sort && t.sort.column === c ? { column: c, desc: !t.sort.desc } : { column: c, desc: false };
        fillTable(t);
      });
      th.appendChild(b); head.appendChild(th); t.heads[c] = th;
    });
    t.body = document.createElement("tbody"); table.appendChild(t.body);
    tables.push(t); fillTable(t);
    return t;
  }
  function compare(a, b) {
    if (a === b) return 0;
    if (a === null || a === undefined) return 1;
    if (b === null || b === undefined) return -1;
    return a < b ? -1 : 1;
  }
  function fillTable(t) {
    var rows = rowsOf(t.mart).map(function (r) {
      var cells = t.columns.map(function (c) { return cell(t.mart, c, r); });
      return { row: r, cells: cells };
    });
    if (t.query) rows = rows.filter(function (x) { return x.cells.some(function (c) { return c.text.toLowerCase().indexOf(t.query) >= 0; }); });
    if (t.sort) {
      var i = t.columns.indexOf(t.sort.column), dir = t.sort.desc ? -1 : 1;
      if (i >= 0) rows.sort(function (a, b) {
        var x = a.cells[i].value, y = b.cells[i].value;
        if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
        if (y === null || y === undefined) return -1;
        return dir * compare(x, y);
      });
    }
    Object.keys(t.heads).forEach(function (c) {
      t.heads[c].setAttribute("aria-sort", t.sort && t.sort.column === c ? (t.sort.desc ? "descending" : "ascending") : "none");
    });
    var frag = document.createDocumentFragment();
    rows.forEach(function (x) {
      var tr = document.createElement("tr");
      x.cells.forEach(function (c, j) {
        var td = document.createElement("td"), col = t.columns[j], doc = docOf(t.mart, col);
        td.textContent = c.text;
        if (isNumeric(t.mart, col)) td.className = "num";
        if (doc && (doc.statistic === "rate" || doc.statistic === "average") && c.n !== undefined && c.n !== null) {
          var s = document.createElement("span"); s.className = "n"; s.textContent = " (" + nText(c.n) + ")"; td.appendChild(s);
        }
        tr.appendChild(td);
      });
      frag.appendChild(tr);
    });
    t.body.textContent = ""; t.body.appendChild(frag);
    t.count.textContent = rows.length + " row" + (rows.length === 1 ? "" : "s");
    t.link.href = "data:text/csv;charset=utf-8," + encodeURIComponent(toCsv(t.columns, rows));
    noteFor(t.mart, t.note);
  }
  function csvField(v) {
    if (v === null || v === undefined) return "";
    var s = String(v);
    return /[",\r\n]|^\s|\s$/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  /** Rows as shown: published values (".." where suppressed), raw numbers, not % text. */
  function toCsv(cols, rows) {
    var out = cols.map(csvField).join(",") + "\n";
    rows.forEach(function (x) {
      out += x.cells.map(function (c) { return csvField(c.text === SUPPRESSED ? SUPPRESSED : c.value); }).join(",") + "\n";
    });
    return out;
  }

  // ---- charts: rebuilt from scratch on every change, so each is laid out for its data ----
  var charts = [];
  function renderChart(c) {
    if (c.view) { c.view.finalize(); c.view = null; }
    c.container.textContent = "";
    var rows = rowsOf(c.spec.mart);
    if (rows.length === 0) {
      var p = document.createElement("p"); p.className = "nodata"; p.textContent = "No rows for the filters chosen."; c.container.appendChild(p);
    } else {
      var view = new vega.View(vega.parse(c.spec.vega), { renderer: "svg", container: c.container, hover: true });
      view.signal(qe.publicationSignal, PUB);
      view.data(c.spec.mart, rows.map(function (r) { return Object.assign({}, r); }));
      c.view = view;
      c.rendered = view.runAsync().then(function () {
        var svg = c.container.querySelector("svg");
        if (svg) { svg.setAttribute("role", "img"); svg.setAttribute("aria-label", c.spec.title + ". " + c.spec.description); }
      });
    }
    noteFor(c.spec.mart, c.note);
    c.dirty = false;
  }

  // ---- headline figures ----
  var cards = [];
  function sums(rows, cols) {
    return cols.map(function (c) { return rows.reduce(function (s, r) { return s + (typeof r[c] === "number" ? r[c] : 0); }, 0); });
  }
  function headlineValue(h, rows) {
    if (h.kind === "rows") return { value: rows.length, n: rows.length };
    var s = sums(rows, h.columns);
    if (h.kind === "gap") {
      if (!(s[1] > 0 && s[3] > 0)) return null;
      return { value: 100 * (s[2] / s[3] - s[0] / s[1]), n: Math.min(s[1], s[3]) };
    }
    if (!(s[1] > 0)) return null;
    return { value: (h.kind === "per1000" ? 1000 : 1) * s[0] / s[1], n: s[1] };
  }
  function yearsOf(mart, col) {
    var seen = {};
    (qe.datasets[mart] || []).forEach(function (r) { if (r[col] != null) seen[r[col]] = true; });
    return Object.keys(seen).sort();
  }
  function fillCard(card) {
    var h = card.h, ycol = yearColumn(h.mart), all = rowsOf(h.mart, true);
    var years = ycol ? yearsOf(h.mart, ycol) : [];
    // The latest year with a figure (continuation of the newest cohort is not observable yet).
    var pick = state.year || null, cur = null, prev = null, i;
    for (i = years.length - 1; i >= 0 && !pick; i--) {
      if (headlineValue(h, all.filter(function (r) { return r[ycol] === years[i]; }))) pick = years[i];
    }
    if (pick) {
      cur = headlineValue(h, all.filter(function (r) { return r[ycol] === pick; }));
      var at = years.indexOf(pick);
      if (at > 0) prev = headlineValue(h, all.filter(function (r) { return r[ycol] === years[at - 1]; }));
    }
    var shown = cur && publishHeadline(h, cur), before = prev && publishHeadline(h, prev);
    card.value.textContent = shown === null || shown === undefined ? SUPPRESSED : formatHeadline(h, shown);
    card.year.textContent = pick ? (ycol === "entry_cohort" ? "entry cohort " : "") + pick : "no data";
    var change = "";
    card.change.className = "change";
    if (shown !== null && shown !== undefined && before !== null && before !== undefined) {
      var digits = h.kind === "rows" ? 0 : 1;
      // The sign of what is printed, so a change that rounds to 0.0 reads "± 0.0", never "▼ -0.0".
      var d = Number((h.kind === "ratio" ? 100 * (shown - before) : shown - before).toFixed(digits));
      var unit = h.kind === "ratio" || h.kind === "gap" ? " pp" : "";
      change = (d > 0 ? "▲ +" : d < 0 ? "▼ " : "± ") + number(Math.abs(d) === 0 ? 0 : d, digits) + unit + " on " + years[years.indexOf(pick) - 1];
      if (d !== 0) card.change.className = "change " + ((d > 0) === h.higherIsBetter ? "good" : "bad");
    } else if (cur) change = "no earlier year to compare";
    card.change.textContent = change;
    card.n.textContent = cur && h.kind !== "rows" ? nText(cur.n) : "";
    if (h.b3) {
      var rows = all.filter(function (r) { return r[ycol] === pick; });
      var below = rows.filter(function (r) { return r[h.b3.flag] === true; });
      var thresholds = {};
      rows.forEach(function (r) { thresholds[r.mode + " " + r.level] = r[h.b3.threshold]; });
      var list = Object.keys(thresholds).sort().map(function (k) { return k + " " + Math.round(thresholds[k] * 100) + "%"; }).join(", ");
      card.b3.textContent = "OfS B3 thresholds: " + (list || "none") + ". Below threshold: " + below.length + " of " + rows.length + " programme cohorts.";
      card.el.className = "card" + (below.length ? " below" : "");
    }
    noteFor(h.mart, card.note);
  }
  function publishHeadline(h, x) {
    if (!PUB) return x.value;
    if (h.kind === "rows") return hesaPublish("count", x.value, undefined);
    return hesaPublish("rate", x.value, x.n);
  }
  function formatHeadline(h, v) {
    if (h.kind === "ratio") return (v * 100).toFixed(1) + "%";
    if (h.kind === "gap") return (v > 0 ? "+" : "") + v.toFixed(1) + " pp";
    if (h.kind === "per1000") return v.toFixed(1);
    return number(v, 0);
  }

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
        var year = document.createElement("span"); meta.appendChild(year); meta.appendChild(document.createTextNode(" · "));
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
})();
`;
