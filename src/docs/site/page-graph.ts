// The page's graph drawing, shared by the model DAG and the column lineage graph: a layered layout
// (rank = longest path from a root, order in a rank by the barycentre of neighbours, a few sweeps),
// drawn as SVG with pan (drag) and zoom (wheel, buttons) and a fit-to-view.
// Plain ES2017 with no template literals, so it can sit inside this TS string as is.

export const GRAPH_JS = String.raw`
var QE_NODE_W = 190, QE_NODE_H = 34, QE_GAP_X = 70, QE_GAP_Y = 14;

/** nodes: [{id, label, sub, cls}], edges: [[from, to]] -> {pos: Map id -> {x, y}, width, height} */
function qeLayout(nodes, edges) {
  var ids = nodes.map(function (n) { return n.id; });
  var parents = new Map(), children = new Map();
  ids.forEach(function (id) { parents.set(id, []); children.set(id, []); });
  edges.forEach(function (e) {
    if (!parents.has(e[0]) || !parents.has(e[1])) return;
    parents.get(e[1]).push(e[0]); children.get(e[0]).push(e[1]);
  });
  var rank = new Map(), visiting = new Set();
  function rankOf(id) {
    if (rank.has(id)) return rank.get(id);
    if (visiting.has(id)) return 0;
    visiting.add(id);
    var r = 0;
    parents.get(id).forEach(function (p) { r = Math.max(r, rankOf(p) + 1); });
    visiting.delete(id);
    rank.set(id, r);
    return r;
  }
  ids.forEach(rankOf);
  var layers = [];
  ids.slice().sort().forEach(function (id) { var r = rank.get(id); (layers[r] = layers[r] || []).push(id); });
  for (var i = 0; i < layers.length; i++) layers[i] = layers[i] || [];
  var order = new Map();
  function index() { layers.forEach(function (l) { l.forEach(function (id, i) { order.set(id, i); }); }); }
  index();
  function sweep(layer, neighbours) {
    var bary = new Map();
    layer.forEach(function (id) {
      var ns = neighbours.get(id);
      bary.set(id, ns.length ? ns.reduce(function (a, n) { return a + order.get(n); }, 0) / ns.length : order.get(id));
    });
    layer.sort(function (a, b) { return bary.get(a) - bary.get(b) || (a < b ? -1 : 1); });
  }
  for (var s = 0; s < 6; s++) {
    for (var d = 1; d < layers.length; d++) { sweep(layers[d], parents); index(); }
    for (var u = layers.length - 2; u >= 0; u--) { sweep(layers[u], children); index(); }
  }
  var tallest = layers.reduce(function (m, l) { return Math.max(m, l.length); }, 0);
  var pos = new Map();
  layers.forEach(function (l, r) {
    var offset = (tallest - l.length) * (QE_NODE_H + QE_GAP_Y) / 2;
    l.forEach(function (id, i) { pos.set(id, { x: r * (QE_NODE_W + QE_GAP_X), y: offset + i * (QE_NODE_H + QE_GAP_Y) }); });
  });
  return { pos: pos, width: layers.length * (QE_NODE_W + QE_GAP_X) - QE_GAP_X, height: tallest * (QE_NODE_H + QE_GAP_Y) - QE_GAP_Y };
}

function qeSvg(tag, attrs) {
  var el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
  return el;
}

function qeClip(text, max) { return text.length > max ? text.slice(0, max - 1) + "\u2026" : text; }

/**
 * Draws nodes and edges into host (emptied first); returns {svg, select(id)}.
 * opts: {onClick(id), onDblClick(id), highlight: id}
 */
function qeDrawGraph(host, nodes, edges, opts) {
  host.textContent = "";
  var layout = qeLayout(nodes, edges);
  var svg = qeSvg("svg", { class: "graph-svg", role: "img" });
  var view = qeSvg("g", { class: "view" });
  svg.appendChild(view);
  var edgeLayer = qeSvg("g", { class: "edges" }), nodeLayer = qeSvg("g", { class: "nodes" });
  view.appendChild(edgeLayer); view.appendChild(nodeLayer);
  var edgeEls = [];
  edges.forEach(function (e) {
    var a = layout.pos.get(e[0]), b = layout.pos.get(e[1]);
    if (!a || !b) return;
    var x1 = a.x + QE_NODE_W, y1 = a.y + QE_NODE_H / 2, x2 = b.x, y2 = b.y + QE_NODE_H / 2, mx = (x1 + x2) / 2;
    var p = qeSvg("path", { d: "M" + x1 + "," + y1 + " C" + mx + "," + y1 + " " + mx + "," + y2 + " " + x2 + "," + y2, class: "edge" });
    p.dataset.from = e[0]; p.dataset.to = e[1];
    edgeLayer.appendChild(p); edgeEls.push(p);
  });
  var nodeEls = new Map();
  nodes.forEach(function (n) {
    var at = layout.pos.get(n.id);
    var g = qeSvg("g", { class: "node " + (n.cls || ""), transform: "translate(" + at.x + "," + at.y + ")" });
    g.dataset.id = n.id;
    var title = qeSvg("title"); title.textContent = n.title || n.label; g.appendChild(title);
    g.appendChild(qeSvg("rect", { width: QE_NODE_W, height: QE_NODE_H, rx: 5 }));
    var t = qeSvg("text", { x: 8, y: n.sub ? 14 : 21 }); t.textContent = qeClip(n.label, 27); g.appendChild(t);
    if (n.sub) { var st = qeSvg("text", { x: 8, y: 28, class: "sub" }); st.textContent = qeClip(n.sub, 32); g.appendChild(st); }
    g.addEventListener("click", function (ev) { ev.stopPropagation(); select(n.id); if (opts.onClick) opts.onClick(n.id); });
    g.addEventListener("dblclick", function (ev) { ev.stopPropagation(); if (opts.onDblClick) opts.onDblClick(n.id); });
    nodeLayer.appendChild(g); nodeEls.set(n.id, g);
  });
  host.appendChild(svg);
  var state = { k: 1, x: 0, y: 0 };
  function apply() { view.setAttribute("transform", "translate(" + state.x + "," + state.y + ") scale(" + state.k + ")"); }
  function fit() {
    var w = host.clientWidth || 800, h = host.clientHeight || 500, pad = 20;
    state.k = Math.min(1.4, Math.max(0.15, Math.min((w - 2 * pad) / Math.max(layout.width, 1), (h - 2 * pad) / Math.max(layout.height, 1))));
    state.x = (w - layout.width * state.k) / 2; state.y = (h - layout.height * state.k) / 2;
    apply();
  }
  function zoom(factor, cx, cy) {
    var k = Math.min(4, Math.max(0.1, state.k * factor));
    state.x = cx - (cx - state.x) * k / state.k; state.y = cy - (cy - state.y) * k / state.k; state.k = k;
    apply();
  }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var r = svg.getBoundingClientRect();
    zoom(ev.deltaY < 0 ? 1.15 : 1 / 1.15, ev.clientX - r.left, ev.clientY - r.top);
  }, { passive: false });
  var drag = null;
  svg.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX - state.x, y: ev.clientY - state.y }; svg.classList.add("panning"); });
  window.addEventListener("mousemove", function (ev) { if (!drag) return; state.x = ev.clientX - drag.x; state.y = ev.clientY - drag.y; apply(); });
  window.addEventListener("mouseup", function () { drag = null; svg.classList.remove("panning"); });
  function select(id) {
    nodeEls.forEach(function (g, key) { g.classList.toggle("selected", key === id); });
    edgeEls.forEach(function (p) { p.classList.toggle("hot", p.dataset.from === id || p.dataset.to === id); });
  }
  if (opts.highlight) select(opts.highlight);
  fit();
  return { svg: svg, select: select, fit: fit, zoomIn: function () { zoom(1.25, (host.clientWidth || 800) / 2, (host.clientHeight || 500) / 2); }, zoomOut: function () { zoom(0.8, (host.clientWidth || 800) / 2, (host.clientHeight || 500) / 2); } };
}
`;
