// target/docs/index.html: one self-contained page (data, script and style inline) that opens from
// the file system or `qe docs serve` with no network; its CSP forbids any fetch, as the dashboard's.
import { PAGE_DAG_JS } from "./page-dag.js";
import { PAGE_DOM_JS } from "./page-dom.js";
import { GRAPH_JS } from "./page-graph.js";
import { PAGE_LINEAGE_JS } from "./page-lineage.js";
import { PAGE_JS } from "./page-script.js";
import { PAGE_CSS } from "./page-style.js";
import { SELECTOR_JS } from "./page-selector.js";
import type { SiteData } from "./site-data.js";
import { escapeHtml, jsonForScript, scriptSafe } from "../../core/inline-html.js";

/** The page's script parts in one function scope: they share helpers without adding globals. */
function pageScript(): string {
  return ["(function () {", '"use strict";', SELECTOR_JS, GRAPH_JS, PAGE_DOM_JS, PAGE_LINEAGE_JS, PAGE_DAG_JS, PAGE_JS, "})();"].join("\n");
}

/** The whole page; deterministic for the same data. */
export function buildSiteHtml(data: SiteData): string {
  const title = `${data.project} docs`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<header>
  <a class="home" href="#!/">${escapeHtml(title)}</a>
  <nav><a href="#!/">Overview</a><a href="#!/graph?select=">Lineage graph</a></nav>
  <div class="search-box"><input id="search" type="search" placeholder="Search models, columns, descriptions" autocomplete="off" aria-label="search"><ul id="search-drop" hidden></ul></div>
</header>
<div class="layout">
<nav id="tree" aria-label="project"></nav>
<main id="main"></main>
</div>
<script id="qe-docs" type="application/json">${jsonForScript(data)}</script>
<script>${scriptSafe(pageScript())}</script>
</body>
</html>
`;
}
