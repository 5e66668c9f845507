// The docs page's application: hash routes (#!/node/<id>, #!/graph?select=..., #!/search?q=...),
// the sidebar tree, search, node pages (description, columns, tests, SQL, config, upstream and
// downstream), the overview, and the boot. Helpers live in page-dom.ts, the graphs in page-dag.ts
// and page-lineage.ts.
// Plain ES2017 with no template literals, so it can sit inside this TS string as is.

export const PAGE_JS = String.raw`
// ---- sidebar ----
function buildSidebar() {
  var nav = document.getElementById("tree");
  TYPES.forEach(function (t) {
    var items = DATA.nodes.filter(function (n) { return n.rt === t[0]; });
    if (items.length === 0) return;
    var groups = new Map();
    items.forEach(function (n) { var g = n.group || ""; if (!groups.has(g)) groups.set(g, []); groups.get(g).push(n); });
    var section = el("details", { cls: "tree-type", "data-type": t[0] }, [el("summary", { text: t[1] + " (" + items.length + ")" })]);
    if (t[0] === "model" || t[0] === "source") section.open = true;
    Array.from(groups.keys()).sort().forEach(function (g) {
      var list = el("ul", {}, groups.get(g).sort(function (a, b) { return a.name < b.name ? -1 : 1; }).map(function (n) {
        return el("li", {}, [el("a", { href: href(n.id), text: n.name, "data-id": n.id })]);
      }));
      section.appendChild(g ? el("details", { cls: "tree-group", open: "" }, [el("summary", { text: g }), list]) : list);
    });
    nav.appendChild(section);
  });
}

// ---- search ----
function search(q) {
  var words = q.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  var hits = [];
  DATA.nodes.forEach(function (n) {
    var score = 0, where = [];
    var name = n.name.toLowerCase();
    var allIn = function (s) { return words.every(function (w) { return s.indexOf(w) >= 0; }); };
    if (allIn(name)) { score += name === q.toLowerCase() ? 100 : 50; where.push("name"); }
    var cols = n.columns.filter(function (c) { return allIn(c.name.toLowerCase()); });
    if (cols.length) { score += 30; where.push("column " + cols.map(function (c) { return c.name; }).join(", ")); }
    if (n.text && allIn(n.text.toLowerCase())) { score += 10; where.push("description"); }
    var colText = n.columns.filter(function (c) { return c.text && allIn(c.text.toLowerCase()); });
    if (colText.length && !cols.length) { score += 5; where.push("column description " + colText.map(function (c) { return c.name; }).join(", ")); }
    if (score > 0) hits.push({ n: n, score: score - (n.rt === "test" ? 20 : 0), where: where, cols: cols.concat(colText.filter(function (c) { return cols.indexOf(c) < 0; })) });
  });
  return hits.sort(function (a, b) { return b.score - a.score || (a.n.name < b.n.name ? -1 : 1); });
}

function renderSearch(q) {
  var hits = search(q);
  main.textContent = "";
  main.appendChild(el("h1", { text: "Search: " + q }));
  main.appendChild(el("p", { cls: "muted", text: hits.length + " result" + (hits.length === 1 ? "" : "s") }));
  var list = el("ul", { cls: "results", id: "search-results" });
  hits.slice(0, 200).forEach(function (h) {
    var item = el("li", {}, [badge(h.n.rt), " ", link(h.n.id), el("span", { cls: "muted", text: "  matched " + h.where.join("; ") })]);
    if (h.n.text) item.appendChild(el("div", { cls: "snippet", text: h.n.text.slice(0, 180) }));
    h.cols.slice(0, 5).forEach(function (c) {
      item.appendChild(el("div", { cls: "snippet col-hit" }, [el("a", { href: href(h.n.id) + "/" + encodeURIComponent(c.name), text: h.n.name + "." + c.name }), c.text ? " \u2014 " + c.text.slice(0, 140) : ""]));
    });
    list.appendChild(item);
  });
  main.appendChild(list);
}

// ---- node page ----
function renderNode(id, column) {
  var n = byId.get(id);
  main.textContent = "";
  if (!n) { main.appendChild(el("p", { text: "No such node: " + id })); return; }
  var head = el("div", { cls: "node-head" }, [badge(n.rt), el("h1", { text: n.name })]);
  main.appendChild(head);
  if (DAG.indexOf(n) >= 0) {
    head.appendChild(el("a", { cls: "button", id: "open-graph", href: "#!/graph?select=" + encodeURIComponent("+" + selectorName(n) + "+"), text: "Lineage graph" }));
  }
  main.appendChild(details(n));
  main.appendChild(section("Description", [n.desc ? el("div", { cls: "md", html: n.desc }) : el("p", { cls: "muted", text: "No description." })], "description"));
  if (n.columns.length) main.appendChild(columnsTable(n));
  if (DAG.indexOf(n) >= 0 && n.columns.length) main.appendChild(section("Column lineage", [columnLineagePanel(n, column)], "column-lineage"));
  if (n.tests.length) main.appendChild(section("Tests", [el("ul", {}, n.tests.map(function (t) { return el("li", {}, [link(t.id, t.label)]); }))]));
  var rel = [];
  if (n.parents.length) rel.push(el("div", {}, [el("h3", { text: n.rt === "test" || n.rt === "unit_test" ? "Tests / depends on" : "Depends on (upstream)" }), refList(n.parents)]));
  if (n.children.length) rel.push(el("div", {}, [el("h3", { text: n.rt === "macro" ? "Used by" : "Referenced by (downstream)" }), refList(n.children)]));
  if (rel.length) main.appendChild(section("Relationships", [el("div", { cls: "two-col" }, rel)], "relationships"));
  var code = [];
  if (n.raw) code.push(["Source", n.raw]);
  if (n.compiled) code.push(["Compiled", n.compiled]);
  if (code.length) main.appendChild(section("Code", [codeTabs(code)], "code"));
  if (Object.keys(n.config).length) main.appendChild(section("Config", [el("pre", { cls: "config", text: JSON.stringify(n.config, null, 2) })], "config"));
  if (column) {
    var row = document.getElementById("col-" + column);
    if (row) { row.classList.add("flash"); row.scrollIntoView({ block: "center" }); }
  }
}

function details(n) {
  var rows = [["Path", n.path]];
  if (n.relation) rows.push(["Relation", n.relation]);
  if (n.config && n.config.materialized && n.rt === "model") rows.push(["Materialized", String(n.config.materialized)]);
  if (n.relType) rows.push(["Warehouse type", n.relType]);
  if (n.rows !== undefined) rows.push(["Rows", n.rows.toLocaleString("en-GB")]);
  if (n.tags.length) rows.push(["Tags", n.tags.join(", ")]);
  if (n.owner) rows.push(["Owner", n.owner]);
  var meta = Object.keys(n.meta).filter(function (k) { return k !== "owner"; });
  if (meta.length) rows.push(["Meta", meta.map(function (k) { return k + ": " + JSON.stringify(n.meta[k]); }).join("; ")]);
  var dl = el("dl", { cls: "details" });
  rows.forEach(function (r) { dl.appendChild(el("dt", { text: r[0] })); dl.appendChild(el("dd", { text: r[1] })); });
  if (n.on) { dl.appendChild(el("dt", { text: "Tests" })); dl.appendChild(el("dd", {}, [link(n.on), n.column ? "." + n.column : ""])); }
  if (n.label) { dl.appendChild(el("dt", { text: "Test" })); dl.appendChild(el("dd", { text: n.label })); }
  if (n.rt === "test" && n.config.severity) { dl.appendChild(el("dt", { text: "Severity" })); dl.appendChild(el("dd", { text: String(n.config.severity).toLowerCase() + (n.config.where ? "; where " + n.config.where : "") })); }
  return dl;
}

function columnsTable(n) {
  var table = el("table", { cls: "columns", id: "columns" });
  var withLineage = n.rt === "model" || n.rt === "snapshot";
  table.appendChild(el("thead", {}, [el("tr", {}, ["Column", "Type", "Description", "Tests"].concat(withLineage ? ["Computed from"] : []).map(function (h) { return el("th", { text: h }); }))]));
  var body = el("tbody");
  n.columns.forEach(function (c) {
    var from = el("td", { cls: "lineage-cell" });
    if (c.lin) from.appendChild(lineageSummary(c.lin, n, c));
    var tests = el("td", {}, c.tests.map(function (t) { return el("a", { cls: "chip", href: href(t.id), text: t.label }); }));
    var desc = el("td", {}, [c.desc ? el("div", { cls: "md", html: c.desc }) : el("span", { cls: "muted", text: "\u2014" })]);
    var metaKeys = Object.keys(c.meta || {});
    if (metaKeys.length) desc.appendChild(el("div", { cls: "why", text: "meta: " + metaKeys.map(function (k) { return k + ": " + JSON.stringify(c.meta[k]); }).join("; ") }));
    if (c.missing) desc.appendChild(el("div", { cls: "warn", text: "Documented, but the warehouse relation has no such column." }));
    body.appendChild(el("tr", { id: "col-" + c.name }, [el("td", { cls: "colname", text: c.name }), el("td", { cls: "type", text: c.type || "" }), desc, tests].concat(withLineage ? [from] : [])));
  });
  table.appendChild(body);
  return section("Columns", [table], "columns-section");
}

function codeTabs(items) {
  var box = el("div", { cls: "code-tabs" });
  var bar = el("div", { cls: "tabs", role: "tablist" });
  var pre = el("pre", { cls: "sql" });
  items.forEach(function (it, i) {
    var b = el("button", { type: "button", role: "tab", text: it[0] });
    b.addEventListener("click", function () {
      Array.prototype.forEach.call(bar.children, function (x) { x.classList.remove("active"); });
      b.classList.add("active"); pre.textContent = it[1];
    });
    if (i === 0) { b.classList.add("active"); pre.textContent = it[1]; }
    bar.appendChild(b);
  });
  box.appendChild(bar); box.appendChild(pre);
  return box;
}

// ---- overview ----
function renderOverview() {
  main.textContent = "";
  main.appendChild(el("h1", { text: DATA.project }));
  if (DATA.overview) main.appendChild(el("div", { cls: "md", html: DATA.overview }));
  var counts = TYPES.map(function (t) { return [t[1], DATA.nodes.filter(function (n) { return n.rt === t[0]; }).length]; }).filter(function (c) { return c[1] > 0; });
  main.appendChild(el("ul", { cls: "counts" }, counts.map(function (c) { return el("li", {}, [el("strong", { text: String(c[1]) }), " " + c[0]]); })));
  var lin = 0, traced = 0;
  DATA.nodes.forEach(function (n) { n.columns.forEach(function (c) { if (c.lin) { lin++; if (c.lin.s === "traced") traced++; } }); });
  main.appendChild(el("p", { text: "Column lineage: " + traced + " of " + lin + " model columns traced to their upstream columns." }));
  main.appendChild(el("p", {}, [el("a", { href: "#!/graph?select=", cls: "button", text: "Open the lineage graph" })]));
  main.appendChild(el("p", { cls: "muted", text: "Generated " + DATA.generatedAt }));
}

// ---- routing ----
function route() {
  var h = location.hash.replace(/^#!?\/?/, "");
  var q = h.indexOf("?");
  var path = q < 0 ? h : h.slice(0, q), params = new URLSearchParams(q < 0 ? "" : h.slice(q + 1));
  var parts = path.split("/").map(decodeURIComponent);
  document.querySelectorAll("#tree a.current").forEach(function (a) { a.classList.remove("current"); });
  window.scrollTo(0, 0);
  if (parts[0] === "node" && parts[1]) {
    renderNode(parts[1], parts[2]);
    var a = document.querySelector('#tree a[data-id="' + CSS.escape(parts[1]) + '"]');
    if (a) a.classList.add("current");
  } else if (parts[0] === "graph") renderGraph(params);
  else if (parts[0] === "search") renderSearch(params.get("q") || "");
  else renderOverview();
}

buildSidebar();
var box = document.getElementById("search");
var drop = document.getElementById("search-drop");
box.addEventListener("input", function () {
  var hits = search(box.value).slice(0, 8);
  drop.textContent = "";
  drop.hidden = hits.length === 0;
  hits.forEach(function (h) { drop.appendChild(el("li", {}, [badge(h.n.rt), " ", link(h.n.id), el("span", { cls: "muted", text: " " + h.where.join("; ") })])); });
});
box.addEventListener("keydown", function (e) {
  if (e.key === "Enter") { drop.hidden = true; location.hash = "#!/search?q=" + encodeURIComponent(box.value); }
  if (e.key === "Escape") drop.hidden = true;
});
drop.addEventListener("click", function () { drop.hidden = true; });
window.addEventListener("hashchange", route);
route();
`;
