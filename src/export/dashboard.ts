// exports/dashboard.html: one self-contained page that opens from file:// with no network.
// The charts are compiled to Vega here, so the page carries only the vega runtime (inlined
// vega.min.js), the mart rows as JSON and the page script; a Content-Security-Policy forbids any
// fetch. The page's behaviour (tabs, filters, tables) lives in dashboard-script.ts.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Spec } from "vega";
import type { ChartRow } from "./chart-render.js";
import { PUBLICATION_SIGNAL } from "./chart-render.js";
import { DASHBOARD_TABS, HEADLINES, PROGRAMME_DIMENSION, YEAR_COLUMNS, type DashboardTab, type DashboardTable } from "./dashboard-layout.js";
import { PAGE_SCRIPT, PAGE_STYLE } from "./dashboard-script.js";
import type { ColumnDoc } from "./dictionary.js";
import { hesaPublish } from "./hesa.js";
import { escapeHtml, jsonForScript, scriptSafe } from "../core/inline-html.js";

export interface DashboardChart {
  id: string;
  tab: DashboardTab;
  mart: string;
  title: string;
  /** The spec's description: what the chart draws and from which columns. */
  description: string;
  vega: Spec;
}

/** A mart as the page describes it: its YAML description and its columns' dictionary entries. */
export interface DashboardMart {
  description?: string;
  columns: ColumnDoc[];
}

export interface DashboardInput {
  title: string;
  runId: string;
  charts: DashboardChart[];
  tables: DashboardTable[];
  /** Mart rows by mart name, shared by the charts, tables and headlines that show them. */
  datasets: Record<string, ChartRow[]>;
  marts: Record<string, DashboardMart>;
  /** HESA rounding and suppression of everything shown. */
  publication: boolean;
}

let vegaRuntime: string | undefined;

/** vega.min.js from node_modules (the package's exports map hides the path, so resolve beside its entry). */
function vegaMinJs(): string {
  if (vegaRuntime === undefined) {
    const entry = createRequire(import.meta.url).resolve("vega");
    vegaRuntime = readFileSync(join(dirname(entry), "vega.min.js"), "utf8");
  }
  return vegaRuntime;
}

/** Renders the whole page; deterministic for the same input. */
export function buildDashboard(input: DashboardInput): string {
  const payload = {
    tabs: DASHBOARD_TABS,
    charts: input.charts,
    tables: input.tables,
    headlines: HEADLINES.filter((h) => input.datasets[h.mart]),
    datasets: input.datasets,
    marts: input.marts,
    yearColumns: YEAR_COLUMNS,
    programmeDimension: PROGRAMME_DIMENSION,
    publication: input.publication,
    publicationSignal: PUBLICATION_SIGNAL,
  };
  const mode = input.publication
    ? "Publication mode: counts rounded to the nearest 5, percentages on fewer than 23 people and averages on 7 or fewer suppressed (shown as ..), HESA's standard rounding."
    : "Exact figures: publication rounding is off for this export (qe export --no-publication).";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:">
<link rel="icon" href="data:,">
<title>${escapeHtml(input.title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
  <h1>${escapeHtml(input.title)}</h1>
  <form id="filters" aria-label="Filters" onsubmit="return false">
    <label>Programme <select id="filter-programme" data-filter="programme"><option value="">All programmes</option></select></label>
    <label>Academic year <select id="filter-year" data-filter="year"><option value="">All years</option></select></label>
    <label>Level <select id="filter-level" data-filter="level"><option value="">All levels</option></select></label>
    <label>Mode <select id="filter-mode" data-filter="mode"><option value="">All modes</option></select></label>
    <button type="button" id="filter-reset">Reset</button>
  </form>
  <span class="run">run ${escapeHtml(input.runId)}</span>
</header>
<p id="publication-note" class="publication${input.publication ? " on" : ""}">${escapeHtml(mode)}</p>
<div role="tablist" aria-label="Dashboard sections" id="tabs"></div>
<main id="panels"></main>
<script id="qe-data" type="application/json">${jsonForScript(payload)}</script>
<script>${scriptSafe(vegaMinJs())}</script>
<script>${scriptSafe(hesaPublish.toString())}</script>
<script>${scriptSafe(PAGE_SCRIPT)}</script>
</body>
</html>
`;
}
