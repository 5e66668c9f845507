// The browser side of dashboard.html, as text (String.raw, so regex escapes reach the page as
// written). Plain ES2017, no modules; it reads the JSON payload of buildDashboard and the
// hesaPublish function embedded before it. What it does:
// - WAI-ARIA tabs (roving tabindex, arrow keys, Home/End), tab and filters kept in the URL hash;
// - filters (programme, year, level, mode) applied to every chart, table and headline that has the
//   column, with a visible note where one does not apply; charts are rebuilt (re-laid out) on change;
// - headline figures with the change on the year before, n and OfS B3 markers;
// - tables sortable, searchable, downloadable as CSV of the rows shown; a table behind every chart;
// - publication mode: HESA rounding/suppression of everything shown.
import { PAGE_DATA } from "./dashboard-page-data.js";
import { PAGE_LAYOUT } from "./dashboard-page-layout.js";
import { PAGE_TABLES } from "./dashboard-page-tables.js";
import { PAGE_VIEWS } from "./dashboard-page-views.js";

export { PAGE_STYLE } from "./dashboard-style.js";

/** The whole page script: one closure over the payload, assembled from its four parts in order. */
export const PAGE_SCRIPT = [String.raw`
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

`, PAGE_DATA, PAGE_TABLES, PAGE_VIEWS, PAGE_LAYOUT, "})();\n"].join("");
