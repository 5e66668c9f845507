// The docs page's model DAG: the CLI's selector and exclude, pan and zoom, and focus on a node with
// n generations up and down (written back as a selector, `2+kpi_pass_rate+1`).
// Plain ES2017 with no template literals, so it can sit inside this TS string as is.

export const PAGE_DAG_JS = String.raw`
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

`;
