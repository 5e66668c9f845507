// The docs page's CSS: a header with search, a sidebar tree, content, and the graph styles
// (colours by resource type, as dbt's docs site: models blue, sources green, seeds amber).
export const PAGE_CSS = `
:root { --fg:#1d2430; --muted:#5c6675; --line:#d9dee6; --bg:#f6f8fa; --accent:#0b5cad; --model:#0b6bcb; --source:#1f8a4c; --seed:#b26a00; --snapshot:#7a3fb0; --var:#8e3fa8; --bad:#b42318; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); background: #fff; }
header { position: sticky; top: 0; z-index: 5; display: flex; align-items: center; gap: 16px; padding: 8px 16px; background: #102a43; color: #fff; }
header a.home { color: #fff; font-weight: 600; text-decoration: none; font-size: 16px; }
header nav a { color: #cfe3ff; margin-right: 12px; text-decoration: none; }
.search-box { position: relative; margin-left: auto; width: min(520px, 50vw); }
#search { width: 100%; padding: 6px 10px; border-radius: 4px; border: 0; font-size: 14px; }
#search-drop { position: absolute; top: 34px; left: 0; right: 0; margin: 0; padding: 4px 0; list-style: none; background: #fff; color: var(--fg); border: 1px solid var(--line); border-radius: 4px; box-shadow: 0 6px 18px rgba(0,0,0,.15); max-height: 60vh; overflow: auto; }
#search-drop li { padding: 4px 10px; }
.layout { display: grid; grid-template-columns: 270px 1fr; min-height: calc(100vh - 48px); }
#tree { border-right: 1px solid var(--line); background: var(--bg); padding: 8px 6px 40px 10px; overflow: auto; max-height: calc(100vh - 48px); position: sticky; top: 48px; font-size: 13px; }
#tree summary { cursor: pointer; font-weight: 600; padding: 2px 0; }
#tree .tree-group summary { font-weight: 500; color: var(--muted); }
#tree ul { list-style: none; margin: 0 0 4px 0; padding-left: 14px; }
#tree a { color: var(--fg); text-decoration: none; display: block; padding: 1px 4px; border-radius: 3px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
#tree a:hover { background: #e4ebf3; }
#tree a.current { background: var(--accent); color: #fff; }
main { padding: 12px 24px 60px; min-width: 0; }
h1 { font-size: 22px; margin: 6px 0 10px; }
h2 { font-size: 17px; margin: 22px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 14px; margin: 10px 0 6px; }
a { color: var(--accent); }
.muted { color: var(--muted); }
.error { color: var(--bad); font-weight: 600; }
.node-head { display: flex; align-items: center; gap: 10px; }
.badge { display: inline-block; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; padding: 1px 6px; border-radius: 3px; color: #fff; background: #6b7785; vertical-align: middle; }
.badge.rt-model { background: var(--model); } .badge.rt-source { background: var(--source); } .badge.rt-seed { background: var(--seed); }
.badge.rt-snapshot { background: var(--snapshot); } .badge.rt-macro { background: #4a5568; } .badge.rt-test, .badge.rt-unit_test { background: #8a6d3b; }
.button, button { display: inline-block; padding: 5px 10px; border: 1px solid var(--line); background: #fff; border-radius: 4px; cursor: pointer; color: var(--fg); text-decoration: none; font: inherit; }
.button:hover, button:hover { background: #eef3f8; }
button.small { padding: 0 6px; font-size: 12px; margin-left: 4px; }
dl.details { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
dl.details dt { color: var(--muted); } dl.details dd { margin: 0; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; }
.md p { margin: 4px 0; } .md code, code { background: #eef1f5; padding: 0 3px; border-radius: 3px; }
table.columns { border-collapse: collapse; width: 100%; font-size: 13px; }
table.columns th, table.columns td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
table.columns th { background: var(--bg); position: sticky; top: 48px; }
td.colname { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-weight: 600; white-space: nowrap; }
td.type { font-family: ui-monospace, "DejaVu Sans Mono", monospace; color: var(--muted); white-space: nowrap; }
tr.flash { background: #fff6cc; }
.chip { display: inline-block; margin: 1px 3px 1px 0; padding: 0 6px; border-radius: 10px; background: #eef1f5; font-size: 12px; text-decoration: none; color: var(--fg); white-space: nowrap; }
.chip.col { background: #e3effc; color: #0b4a8a; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
.chip.var { background: #f3e6f8; color: var(--var); }
.untraceable { color: var(--bad); font-weight: 600; font-size: 12px; }
.why { color: var(--muted); font-size: 12px; }
.warn { color: #8a5300; font-size: 12px; }
.two-col { display: grid; grid-template-columns: 1fr 1fr; gap: 20px; }
ul.refs { list-style: none; padding: 0; margin: 0; } ul.refs li { padding: 1px 0; }
.tabs button { border-bottom: 0; border-radius: 4px 4px 0 0; } .tabs button.active { background: var(--bg); font-weight: 600; }
pre.sql, pre.config { background: var(--bg); border: 1px solid var(--line); padding: 10px; overflow: auto; font: 12.5px/1.45 ui-monospace, "DejaVu Sans Mono", monospace; max-height: 520px; margin-top: 0; }
.toolbar { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; margin: 6px 0; }
#graph-select { width: 340px; } #graph-exclude { width: 200px; }
.toolbar input { padding: 5px 8px; border: 1px solid var(--line); border-radius: 4px; font: 13px ui-monospace, "DejaVu Sans Mono", monospace; }
input.depth { width: 56px; padding: 3px 6px; }
.graph-wrap { display: grid; grid-template-columns: 1fr 260px; gap: 10px; }
.graph-host { height: calc(100vh - 190px); min-height: 420px; border: 1px solid var(--line); border-radius: 6px; background: #fbfcfd; overflow: hidden; }
.graph-host.small { height: 420px; min-height: 0; }
.graph-node { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; background: var(--bg); align-self: start; }
svg.graph-svg { width: 100%; height: 100%; cursor: grab; user-select: none; }
svg.graph-svg.panning { cursor: grabbing; }
.edge { fill: none; stroke: #9aa5b1; stroke-width: 1.3; }
.edge.hot { stroke: #d9480f; stroke-width: 2.2; }
.node rect { fill: #fff; stroke: var(--model); stroke-width: 1.5; }
.node.rt-source rect { stroke: var(--source); } .node.rt-seed rect { stroke: var(--seed); } .node.rt-snapshot rect { stroke: var(--snapshot); }
.node.var rect { stroke: var(--var); stroke-dasharray: 4 2; } .node.untraceable rect { stroke: var(--bad); stroke-dasharray: 2 2; }
.node text { font-size: 12px; fill: var(--fg); font-family: ui-monospace, "DejaVu Sans Mono", monospace; pointer-events: none; }
.node text.sub { font-size: 10px; fill: var(--muted); font-family: system-ui, "DejaVu Sans", sans-serif; }
.node { cursor: pointer; }
.node.selected rect { fill: #fff4e6; stroke: #d9480f; stroke-width: 2.5; }
ul.results { list-style: none; padding: 0; } ul.results li { padding: 6px 0; border-bottom: 1px solid var(--line); }
.snippet { color: var(--muted); font-size: 12.5px; margin-left: 4px; }
ul.counts { list-style: none; display: flex; gap: 18px; padding: 0; flex-wrap: wrap; }
.col-lineage-info { margin: 6px 0; }
`;
