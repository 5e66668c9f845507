// dashboard.html script, part 3 of 4: charts (a fresh vega.View on every change, so each is laid
// out for the rows it shows) and headline figures (pooled ratio of the latest year with data, the
// change on the year before, n, OfS B3 thresholds).
export const PAGE_VIEWS = String.raw`
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
    card.n.textContent = cur && h.kind !== "rows" ? " · " + nText(cur.n) : "";
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

`;
