// The docs page's shared state and DOM helpers: the embedded data, lookups, and element builders
// that put all text in through textContent (descriptions, rendered at generate time, via innerHTML).
// The page's script parts run inside one function scope (see site-html.ts), so these are visible to all.
// Plain ES2017 with no template literals, so it can sit inside this TS string as is.

export const PAGE_DOM_JS = String.raw`
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

function section(title, body, id) { return el("section", id ? { id: id } : {}, [el("h2", { text: title })].concat(body)); }

function selectorName(n) { return n.rt === "source" ? "source:" + n.name : n.name; }

function refList(ids) {
  return el("ul", { cls: "refs" }, ids.slice().sort().map(function (p) { var x = byId.get(p); return el("li", {}, [badge(x ? x.rt : "node"), " ", link(p)]); }));
}

`;
