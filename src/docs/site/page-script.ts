// The docs page's application: hash routes (#!/node/<id>, #!/graph?select=..., #!/search?q=...),
// the sidebar tree, search, node pages (description, columns with column lineage, tests, SQL,
// config, upstream/downstream) and the two graphs. All text goes in through textContent; only the
// descriptions, rendered from Markdown at generate time with raw HTML escaped, use innerHTML.
// Plain ES2017 with no template literals, so it can sit inside this TS string as is.

export const PAGE_JS = String.raw`
(function () {
  var DATA = JSON.parse(document.getElementById("qe-docs").textContent);
  var byId = new Map();
  DATA.nodes.forEach(function (n) { byId.set(n.id, n); });
  var DAG = DATA.nodes.filter(function (n) { return ["model", "seed", "source", "snapshot"].indexOf(n.rt) >= 0; });
  var main = document.getElementById("main");
  var TYPES = [["model", "Models"], ["source", "Sources"], ["seed", "Seeds"], ["snapshot", "Snapshots"], ["macro", "Macros"], ["test", "Data tests"], ["unit_test", "Unit tests"]];

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "html") e.innerHTML = attrs[k];
      else if (k === "cls") e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function href(id) { return "#!/node/" + encodeURIComponent(id); }
  function link(id, text) {
    var n = byId.get(id);
    return el("a", { href: href(id), cls: "ref rt-" + (n ? n.rt : "none"), text: text || (n ? n.name : id) });
  }
  function shortCol(id, col) { var n = byId.get(id); return (n ? n.name : id) + "." + col; }
  function badge(rt) { return el("span", { cls: "badge rt-" + rt, text: rt.replace("_", " ") }); }

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
  function section(title, body, id) { return el("section", id ? { id: id } : {}, [el("h2", { text: title })].concat(body)); }

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

  function selectorName(n) { return n.rt === "source" ? "source:" + n.name : n.name; }

  function refList(ids) {
    return el("ul", { cls: "refs" }, ids.slice().sort().map(function (p) { var x = byId.get(p); return el("li", {}, [badge(x ? x.rt : "node"), " ", link(p)]); }));
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
    var withLineage = n.rt === "model";
    table.appendChild(el("thead", {}, [el("tr", {}, ["Column", "Type", "Description", "Tests"].concat(withLineage ? ["Computed from"] : []).map(function (h) { return el("th", { text: h }); }))]));
    var body = el("tbody");
    n.columns.forEach(function (c) {
      var from = el("td", { cls: "lineage-cell" });
      if (c.lin) from.appendChild(lineageSummary(c.lin, n, c));
      var tests = el("td", {}, c.tests.map(function (t) { return el("a", { cls: "chip", href: href(t.id), text: t.label }); }));
      var desc = el("td", {}, [c.desc ? el("div", { cls: "md", html: c.desc }) : el("span", { cls: "muted", text: "\u2014" })]);
      if (c.missing) desc.appendChild(el("div", { cls: "warn", text: "Documented, but the warehouse relation has no such column." }));
      body.appendChild(el("tr", { id: "col-" + c.name }, [el("td", { cls: "colname", text: c.name }), el("td", { cls: "type", text: c.type || "" }), desc, tests].concat(withLineage ? [from] : [])));
    });
    table.appendChild(body);
    return section("Columns", [table], "columns-section");
  }

  function lineageSummary(lin, n, c) {
    var box = el("div", { cls: "lin" });
    if (lin.s === "untraceable") box.appendChild(el("span", { cls: "untraceable", title: lin.why || "", text: "untraceable" }));
    lin.up.forEach(function (u) { box.appendChild(el("a", { cls: "chip col", href: href(u[0]) + "/" + encodeURIComponent(u[1]), text: shortCol(u[0], u[1]) })); });
    lin.vars.forEach(function (v) { box.appendChild(el("span", { cls: "chip var", text: "var " + v })); });
    if (lin.s === "traced" && lin.up.length === 0 && lin.vars.length === 0) box.appendChild(el("span", { cls: "muted", text: "no column (constant or row count)" }));
    if (lin.why) box.appendChild(el("div", { cls: "why", text: lin.why }));
    if (n.rt === "model") {
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

  // ---- model DAG ----
  var graphState = { select: "", exclude: "" };
  function renderGraph(params) {
    graphState.select = params.get("select") || "";
    graphState.exclude = params.get("exclude") || "";
    main.textContent = "";
    var sel = el("input", { id: "graph-select", type: "text", value: graphState.select, placeholder: "--select, e.g. +kpi_pass_rate or tag:marts", spellcheck: "false" });
    var exc = el("input", { id: "graph-exclude", type: "text", value: graphState.exclude, placeholder: "--exclude", spellcheck: "false" });
    var go = el("button", { type: "button", id: "graph-apply", text: "Update graph" });
    var msg = el("div", { id: "graph-message", cls: "muted" });
    var host = el("div", { cls: "graph-host", id: "dag" });
    var side = el("div", { id: "graph-node", cls: "graph-node" }, [el("p", { cls: "muted", text: "Click a node to focus on it; double-click opens its page. Drag to pan, wheel to zoom." })]);
    var zoomIn = el("button", { type: "button", text: "+", title: "zoom in" }), zoomOut = el("button", { type: "button", text: "\u2212", title: "zoom out" }), fit = el("button", { type: "button", text: "Fit", title: "fit to view" });
    main.appendChild(el("h1", { text: "Lineage graph" }));
    main.appendChild(el("div", { cls: "toolbar" }, [sel, exc, go, zoomIn, zoomOut, fit]));
    main.appendChild(msg);
    main.appendChild(el("div", { cls: "graph-wrap" }, [host, side]));
    function apply() {
      var q = "#!/graph?select=" + encodeURIComponent(sel.value.trim()) + (exc.value.trim() ? "&exclude=" + encodeURIComponent(exc.value.trim()) : "");
      if (location.hash === q) draw(); else location.hash = q;
    }
    go.addEventListener("click", apply);
    [sel, exc].forEach(function (i) { i.addEventListener("keydown", function (e) { if (e.key === "Enter") apply(); }); });
    var drawn = null;
    function draw() {
      var chosen;
      try {
        chosen = qeSelect(DAG, graphState.select);
        if (graphState.exclude) { var ex = qeSelect(DAG, graphState.exclude); chosen = new Set(Array.from(chosen).filter(function (x) { return !ex.has(x); })); }
      } catch (err) { msg.textContent = String(err.message || err); msg.className = "error"; host.textContent = ""; return; }
      msg.className = "muted";
      msg.textContent = chosen.size + " of " + DAG.length + " nodes" + (graphState.select ? " selected by \u201c" + graphState.select + "\u201d" : "");
      var nodes = DAG.filter(function (n) { return chosen.has(n.id); }).map(function (n) {
        return { id: n.id, label: n.name, sub: n.rt + (n.config && n.config.materialized && n.rt === "model" ? " \u00b7 " + n.config.materialized : ""), cls: "rt-" + n.rt };
      });
      var edges = [];
      nodes.forEach(function (m) { byId.get(m.id).parents.forEach(function (p) { if (chosen.has(p)) edges.push([p, m.id]); }); });
      drawn = qeDrawGraph(host, nodes, edges, { onClick: showNode, onDblClick: function (id) { location.hash = href(id); } });
    }
    function showNode(id) {
      var n = byId.get(id);
      side.textContent = "";
      side.appendChild(el("h3", {}, [badge(n.rt), " ", link(id)]));
      if (n.text) side.appendChild(el("p", { text: n.text.slice(0, 240) }));
      var up = el("input", { type: "number", min: "0", value: "1", id: "focus-up", cls: "depth" });
      var down = el("input", { type: "number", min: "0", value: "1", id: "focus-down", cls: "depth" });
      var focus = el("button", { type: "button", id: "focus-apply", text: "Focus" });
      focus.addEventListener("click", function () {
        var u = up.value === "" ? "" : String(Math.max(0, Number(up.value))), d = down.value === "" ? "" : String(Math.max(0, Number(down.value)));
        sel.value = (u === "0" ? "" : u + "+") + selectorName(n) + (d === "0" ? "" : "+" + d);
        exc.value = "";
        apply();
      });
      side.appendChild(el("div", { cls: "focus" }, [el("label", { text: "up " }), up, el("label", { text: " down " }), down, " ", focus]));
      side.appendChild(el("p", { cls: "muted", text: "Empty depth means all generations (+name+)." }));
    }
    zoomIn.addEventListener("click", function () { if (drawn) drawn.zoomIn(); });
    zoomOut.addEventListener("click", function () { if (drawn) drawn.zoomOut(); });
    fit.addEventListener("click", function () { if (drawn) drawn.fit(); });
    setTimeout(draw, 0);
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
})();
`;
