// exports/dashboard.html: one self-contained page that opens from file:// with no network.
// The charts are compiled to Vega here, so the page carries only the vega runtime (inlined
// vega.min.js) plus the mart rows as JSON; a Content-Security-Policy forbids any fetch.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Spec } from "vega";
import { DASHBOARD_TABS, type DashboardTab } from "./chart-spec.js";
import type { ChartRow } from "./chart-render.js";
import { isDecimalType, isFloatType, isIntegerType } from "./mart-query.js";
import type { ExportColumn } from "./types.js";

export interface DashboardChart {
  id: string;
  tab: DashboardTab;
  mart: string;
  vega: Spec;
}

/** How a table cell is shown: whole numbers, 2-decimal means/scores, or a rate as % with 1 decimal. */
export type ColumnFormat = "text" | "integer" | "decimal" | "percent";

export interface DashboardTable {
  tab: DashboardTab;
  title: string;
  mart: string;
  columns: string[];
  /** Header text per column (the column name when absent). */
  labels?: Record<string, string>;
  /** Cell format per column; set from the mart's column types (see columnFormats). */
  formats?: Record<string, ColumnFormat>;
}

export interface DashboardInput {
  title: string;
  runId: string;
  charts: DashboardChart[];
  tables: DashboardTable[];
  /** Mart rows by mart name, shared by the charts and tables that show them. */
  datasets: Record<string, ChartRow[]>;
}

/** Tables the dashboard shows when their mart exists; layout, not export policy. */
export const DASHBOARD_TABLES: readonly DashboardTable[] = [
  {
    tab: "Monitoring",
    title: "Module runs at risk",
    mart: "at_risk_modules",
    columns: ["module_code", "programme", "academic_year", "term", "enrolments", "pass_rate", "survey_mean"],
    labels: {
      module_code: "Module", programme: "Programme", academic_year: "Academic year", term: "Term",
      enrolments: "Enrolments", pass_rate: "Pass rate", survey_mean: "Survey mean (1-5)",
    },
  },
];

/** A rate or share column (a 0-1 fraction) by the marts' naming convention. */
const RATE_COLUMN = /(^|_)(rate|share|positivity)$/;

/**
 * Cell formats from the mart's column types, so a mean that happens to be whole shows as "3.00",
 * not "3", and every rate reads "63.3%". Integers stay whole; other numbers get 2 decimals.
 */
export function columnFormats(columns: readonly ExportColumn[]): Record<string, ColumnFormat> {
  const out: Record<string, ColumnFormat> = {};
  for (const c of columns) {
    const numeric = isIntegerType(c.type) || isDecimalType(c.type) || isFloatType(c.type);
    if (!numeric) out[c.name] = "text";
    else if (RATE_COLUMN.test(c.name)) out[c.name] = "percent";
    else out[c.name] = isIntegerType(c.type) ? "integer" : "decimal";
  }
  return out;
}

/** The column the programme filter acts on, wherever a dataset has it. */
export const FILTER_COLUMN = "programme";

let vegaRuntime: string | undefined;

/** vega.min.js from node_modules (the package's exports map hides the path, so resolve beside its entry). */
function vegaMinJs(): string {
  if (vegaRuntime === undefined) {
    const entry = createRequire(import.meta.url).resolve("vega");
    vegaRuntime = readFileSync(join(dirname(entry), "vega.min.js"), "utf8");
  }
  return vegaRuntime;
}

/** Text safe inside an inline <script>: no `</script`, no `<!--`. JSON stays valid. */
function scriptSafe(text: string): string {
  return text.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Renders the whole page; deterministic for the same input. */
export function buildDashboard(input: DashboardInput): string {
  const programmes = new Set<string>();
  for (const rows of Object.values(input.datasets)) {
    for (const r of rows) if (typeof r[FILTER_COLUMN] === "string") programmes.add(r[FILTER_COLUMN] as string);
  }
  const payload = {
    tabs: DASHBOARD_TABS,
    charts: input.charts,
    tables: input.tables,
    datasets: input.datasets,
    programmes: [...programmes].sort(),
    filterColumn: FILTER_COLUMN,
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:">
<link rel="icon" href="data:,">
<title>${escapeHtml(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>${escapeHtml(input.title)}</h1>
  <label>Programme <select id="programme-filter"><option value="">All programmes</option></select></label>
  <span class="run">run ${escapeHtml(input.runId)}</span>
</header>
<nav role="tablist" id="tabs"></nav>
<main id="panels"></main>
<script id="qe-data" type="application/json">${jsonForScript(payload)}</script>
<script>${scriptSafe(vegaMinJs())}</script>
<script>${scriptSafe(PAGE_SCRIPT)}</script>
</body>
</html>
`;
}

const STYLE = `
body{font-family:system-ui,"DejaVu Sans",sans-serif;margin:0;color:#222;background:#fafafa}
header{display:flex;gap:1.5em;align-items:center;padding:.8em 1.2em;background:#1f3a5f;color:#fff;flex-wrap:wrap}
header h1{font-size:1.3em;margin:0}.run{opacity:.7;font-size:.85em}
nav{display:flex;gap:.3em;padding:.5em 1.2em 0;border-bottom:1px solid #ccc;background:#fff}
nav button{border:1px solid #ccc;border-bottom:none;background:#eee;padding:.5em 1em;cursor:pointer;font:inherit}
nav button[aria-selected=true]{background:#fff;font-weight:bold}
section{padding:1em 1.2em}section[hidden]{display:none}
.chart{display:inline-block;margin:0 1em 1em 0;background:#fff;border:1px solid #ddd;padding:.5em;vertical-align:top}
.nodata{color:#666;font-style:italic}
h2{font-size:1.15em;margin:.6em 0 .2em}
.table-wrap{max-height:32em;overflow:auto;display:inline-block;border:1px solid #ccc;margin-top:.3em}
table{border-collapse:collapse;background:#fff;font-size:.92em}th,td{border:1px solid #ddd;padding:.3em .7em;text-align:left}
th{position:sticky;top:0;background:#eef2f7;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
`;

// Runs in the browser: builds tabs, one vega.View per chart, the tables, and the programme filter.
const PAGE_SCRIPT = `
(function () {
  "use strict";
  var qe = JSON.parse(document.getElementById("qe-data").textContent);
  var views = [];
  var tableBodies = [];
  var filter = document.getElementById("programme-filter");
  qe.programmes.forEach(function (p) {
    var o = document.createElement("option"); o.value = p; o.textContent = p; filter.appendChild(o);
  });
  function rowsOf(mart) {
    var rows = qe.datasets[mart] || [];
    var f = filter.value, col = qe.filterColumn;
    if (!f || rows.length === 0 || !(col in rows[0])) return rows;
    return rows.filter(function (r) { return r[col] === f; });
  }
  // Vega tags each datum it ingests, so every view gets its own copies.
  function copyRows(mart) {
    return rowsOf(mart).map(function (r) { return Object.assign({}, r); });
  }
  function group(digits) { return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  // Formats come from the mart's column types (see columnFormats); a guess only when absent.
  function fmt(kind, v) {
    if (v === null || v === undefined) return "";
    if (typeof v !== "number" || kind === "text") return String(v);
    if (kind === "percent") return (v * 100).toFixed(1) + "%";
    if (kind === "integer") return group(String(Math.round(v)));
    var parts = v.toFixed(2).split(".");
    return group(parts[0]) + "." + parts[1];
  }
  function kindOf(t, c, v) {
    if (t.formats && t.formats[c]) return t.formats[c];
    return typeof v === "number" ? "decimal" : "text";
  }
  function fillTable(t) {
    var rows = rowsOf(t.mart);
    t.body.textContent = "";
    rows.forEach(function (r) {
      var tr = document.createElement("tr");
      t.columns.forEach(function (c) {
        var td = document.createElement("td"), kind = kindOf(t, c, r[c]);
        td.textContent = fmt(kind, r[c]);
        if (kind !== "text") td.className = "num";
        tr.appendChild(td);
      });
      t.body.appendChild(tr);
    });
    t.count.textContent = rows.length + " row" + (rows.length === 1 ? "" : "s");
  }
  var nav = document.getElementById("tabs"), main = document.getElementById("panels");
  var buttons = [], panels = [];
  qe.tabs.forEach(function (tab, i) {
    var b = document.createElement("button");
    b.type = "button"; b.setAttribute("role", "tab"); b.id = "tab-" + tab.toLowerCase(); b.textContent = tab;
    var s = document.createElement("section");
    s.setAttribute("role", "tabpanel"); s.id = "panel-" + tab.toLowerCase(); s.hidden = i !== 0;
    b.setAttribute("aria-selected", String(i === 0));
    b.addEventListener("click", function () {
      buttons.forEach(function (x, j) { x.setAttribute("aria-selected", String(j === i)); panels[j].hidden = j !== i; });
    });
    nav.appendChild(b); main.appendChild(s); buttons.push(b); panels.push(s);
    var charts = qe.charts.filter(function (c) { return c.tab === tab && qe.datasets[c.mart]; });
    var tables = qe.tables.filter(function (t) { return t.tab === tab && qe.datasets[t.mart]; });
    if (charts.length === 0 && tables.length === 0) {
      var p = document.createElement("p"); p.className = "nodata";
      p.textContent = "No data for " + tab + " yet: the marts this tab shows are not in this export.";
      s.appendChild(p);
    }
    charts.forEach(function (c) {
      var div = document.createElement("div"); div.className = "chart"; div.id = "chart-" + c.id; s.appendChild(div);
      var view = new vega.View(vega.parse(c.vega), { renderer: "svg", container: div });
      view.data(c.mart, copyRows(c.mart));
      views.push({ view: view, mart: c.mart });
      view.runAsync();
    });
    tables.forEach(function (t) {
      var h = document.createElement("h2"); h.textContent = t.title; s.appendChild(h);
      var count = document.createElement("p"); s.appendChild(count);
      var table = document.createElement("table"); table.className = "qe-table"; table.dataset.mart = t.mart;
      var head = document.createElement("tr");
      t.columns.forEach(function (c) {
        var th = document.createElement("th"); th.scope = "col"; th.dataset.column = c;
        th.textContent = (t.labels && t.labels[c]) || c;
        if (t.formats && t.formats[c] && t.formats[c] !== "text") th.className = "num";
        head.appendChild(th);
      });
      var thead = document.createElement("thead"); thead.appendChild(head); table.appendChild(thead);
      var body = document.createElement("tbody"); table.appendChild(body);
      var wrap = document.createElement("div"); wrap.className = "table-wrap"; wrap.appendChild(table); s.appendChild(wrap);
      var entry = { mart: t.mart, columns: t.columns, formats: t.formats, body: body, count: count };
      tableBodies.push(entry); fillTable(entry);
    });
  });
  filter.addEventListener("change", function () {
    views.forEach(function (v) { v.view.data(v.mart, copyRows(v.mart)); v.view.runAsync(); });
    tableBodies.forEach(fillTable);
  });
})();
`;
