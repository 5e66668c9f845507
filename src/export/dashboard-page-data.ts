// dashboard.html script, part 1 of 4 (see dashboard-script.ts): which filter applies to which mart,
// the filtered rows, the note saying where a filter cannot apply, and cell formatting with the
// publication rules.
export const PAGE_DATA = String.raw`
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

`;
