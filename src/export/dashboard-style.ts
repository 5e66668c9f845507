// The stylesheet of dashboard.html.
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
