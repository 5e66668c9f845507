// The docs page's column lineage: the one-hop summary in the columns table, and the graph of a
// column's whole chain, upstream to the sources and seeds and downstream to the marts.
// Plain ES2017 with no template literals, so it can sit inside this TS string as is.

export const PAGE_LINEAGE_JS = String.raw`
function lineageSummary(lin, n, c) {
  var box = el("div", { cls: "lin" });
  if (lin.s === "untraceable") box.appendChild(el("span", { cls: "untraceable", title: lin.why || "", text: "untraceable" }));
  lin.up.forEach(function (u) { box.appendChild(el("a", { cls: "chip col", href: href(u[0]) + "/" + encodeURIComponent(u[1]), text: shortCol(u[0], u[1]) })); });
  lin.vars.forEach(function (v) { box.appendChild(el("span", { cls: "chip var", text: "var " + v })); });
  if (lin.s === "traced" && lin.up.length === 0 && lin.vars.length === 0) box.appendChild(el("span", { cls: "muted", text: "no column (constant or row count)" }));
  if (lin.why) box.appendChild(el("div", { cls: "why", text: lin.why }));
  if (DAG.indexOf(n) >= 0) {
    var b = el("button", { cls: "small", type: "button", text: "graph" });
    b.addEventListener("click", function () { location.hash = href(n.id) + "/" + encodeURIComponent(c.name); });
    box.appendChild(b);
  }
  return box;
}

// ---- column lineage ----
function colKey(id, col) { return id + "::" + col; }
function columnOf(id, col) {
  var n = byId.get(id);
  return n && n.columns.filter(function (c) { return c.name.toLowerCase() === col.toLowerCase(); })[0];
}
/** Upstream columns all the way to sources and seeds, and downstream columns reading this one. */
function columnGraph(id, col) {
  var nodes = new Map(), edges = [];
  function add(nid, c) {
    var k = colKey(nid, c);
    if (!nodes.has(k)) {
      var n = byId.get(nid);
      nodes.set(k, { id: k, label: c, sub: n ? n.name : nid, cls: "rt-" + (n ? n.rt : "none"), title: shortCol(nid, c), node: nid, col: c });
    }
    return k;
  }
  var start = add(id, col);
  var queue = [[id, col]], seen = new Set([start]);
  while (queue.length) {
    var cur = queue.shift(), c = columnOf(cur[0], cur[1]), k = colKey(cur[0], cur[1]);
    if (!c || !c.lin) continue;
    c.lin.up.forEach(function (u) {
      var uk = add(u[0], u[1]); edges.push([uk, k]);
      if (!seen.has(uk)) { seen.add(uk); queue.push(u); }
    });
    c.lin.vars.forEach(function (v) {
      var vk = "var::" + v;
      if (!nodes.has(vk)) nodes.set(vk, { id: vk, label: "var " + v, sub: "dbt_project.yml", cls: "var", title: "var('" + v + "')" });
      edges.push([vk, k]);
    });
    if (c.lin.s === "untraceable") {
      var xk = "untraceable::" + k;
      nodes.set(xk, { id: xk, label: "untraceable", sub: c.lin.why || "", cls: "untraceable", title: c.lin.why || "untraceable" });
      edges.push([xk, k]);
    }
  }
  var down = [[id, col]], seenDown = new Set([start]);
  while (down.length) {
    var d = down.shift(), dk = colKey(d[0], d[1]);
    DATA.nodes.forEach(function (n) {
      n.columns.forEach(function (c) {
        if (!c.lin) return;
        var reads = c.lin.up.some(function (u) { return u[0] === d[0] && u[1].toLowerCase() === d[1].toLowerCase(); });
        if (!reads) return;
        var ck = add(n.id, c.name); edges.push([dk, ck]);
        if (!seenDown.has(ck)) { seenDown.add(ck); down.push([n.id, c.name]); }
      });
    });
  }
  return { nodes: Array.from(nodes.values()), edges: edges, start: start };
}

function columnLineagePanel(n, column) {
  var wrap = el("div", { cls: "col-lineage" });
  var pick = el("select", { id: "col-lineage-column", "aria-label": "column" }, n.columns.map(function (c) { return el("option", { value: c.name, text: c.name }); }));
  var chosen = column && columnOf(n.id, column) ? columnOf(n.id, column).name : (n.columns[0] ? n.columns[0].name : "");
  pick.value = chosen;
  var info = el("div", { cls: "col-lineage-info", id: "col-lineage-info" });
  var host = el("div", { cls: "graph-host small", id: "col-lineage-graph" });
  wrap.appendChild(el("div", { cls: "toolbar" }, [el("label", { text: "Column " }), pick, el("span", { cls: "muted", text: "  upstream to the sources and seeds, downstream to the marts; double-click a box to open it" })]));
  wrap.appendChild(info);
  wrap.appendChild(host);
  function draw() {
    var g = columnGraph(n.id, pick.value);
    var c = columnOf(n.id, pick.value);
    info.textContent = "";
    info.appendChild(el("strong", { text: n.name + "." + pick.value }));
    if (c && c.lin) {
      info.appendChild(document.createTextNode(c.lin.up.length || c.lin.vars.length ? " \u2190 " : ""));
      c.lin.up.forEach(function (u, i) { if (i) info.appendChild(document.createTextNode(", ")); info.appendChild(el("a", { href: href(u[0]) + "/" + encodeURIComponent(u[1]), text: shortCol(u[0], u[1]) })); });
      c.lin.vars.forEach(function (v, i) { info.appendChild(document.createTextNode((i || c.lin.up.length) ? ", " : "")); info.appendChild(el("span", { cls: "chip var", text: "var " + v })); });
      if (c.lin.s === "untraceable") info.appendChild(el("div", { cls: "untraceable", text: "untraceable: " + (c.lin.why || "") }));
      if (c.lin.pass) info.appendChild(el("span", { cls: "muted", text: "  (passed through unchanged)" }));
    }
    setTimeout(function () {
      qeDrawGraph(host, g.nodes, g.edges, {
        highlight: g.start,
        onDblClick: function (k) { var x = g.nodes.filter(function (m) { return m.id === k; })[0]; if (x && x.node) location.hash = href(x.node) + "/" + encodeURIComponent(x.col); },
        onClick: function () {},
      });
    }, 0);
  }
  pick.addEventListener("change", draw);
  draw();
  return wrap;
}

`;
