// The CLI's selector syntax (`+kpi_pass_rate`, `tag:marts`, `path:models/staging`, `a,b`, `a b`,
// `@x`, `2+x+1`, `config.materialized:view`, `source:qe.grades`), evaluated in the page over the DAG
// (models, seeds, sources, snapshots). A port of src/graph's parser and matcher in plain browser
// JS, kept small; tests/unit/docs/page-selector.test.ts holds it to src/graph's answers.
// Plain ES2017 with no template literals, so it can sit inside this TS string as is.

export const SELECTOR_JS = String.raw`
function qeSelect(nodes, text) {
  var byId = new Map();
  nodes.forEach(function (n) { byId.set(n.id, n); });
  var union = new Set();
  var parts = String(text).trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) { nodes.forEach(function (n) { union.add(n.id); }); return union; }
  parts.forEach(function (part) {
    var acc = null;
    part.split(",").forEach(function (raw) {
      var c = qeParseCriterion(raw, part);
      var base = new Set();
      nodes.forEach(function (n) { if (qeMatches(c, n)) base.add(n.id); });
      if (base.size === 0) throw new Error("selector '" + raw + "' matches no node");
      var s = qeGraphOps(c, base, byId);
      acc = acc === null ? s : new Set(Array.from(acc).filter(function (id) { return s.has(id); }));
    });
    acc.forEach(function (id) { union.add(id); });
  });
  return union;
}

var QE_METHODS = ["fqn", "path", "file", "tag", "source", "resource_type", "test_type", "config"];

function qeParseCriterion(text, part) {
  var m = /^(@)?(?:(\d*)\+)?([^+@\s]+?)(?:\+(\d*))?$/.exec(text);
  if (!m || (m[1] && m[2] !== undefined)) throw new Error("cannot parse selector '" + text + "'");
  var body = m[3], method = "fqn", value = body, colon = body.indexOf(":");
  if (colon >= 0) { method = body.slice(0, colon); value = body.slice(colon + 1); }
  else if (value.indexOf("/") >= 0 || /\.(sql|csv|yml|yaml)$/.test(value)) method = "path";
  var configKey = null;
  if (method.indexOf("config.") === 0) { configKey = method.slice(7); method = "config"; }
  if (QE_METHODS.indexOf(method) < 0 || (method === "config" && !configKey)) throw new Error("unknown selector method '" + method + "' in '" + text + "'");
  if (value === "") throw new Error("selector '" + text + "' has no value after '" + method + ":'");
  var depth = function (s) { return s === undefined ? 0 : s === "" ? Infinity : Number(s); };
  return { raw: text, method: method, configKey: configKey, value: value, parents: depth(m[2]), children: depth(m[4]), at: m[1] === "@" };
}

function qeGlob(pattern, text) {
  if (!/[*?[]/.test(pattern)) return pattern === text;
  var src = "";
  for (var i = 0; i < pattern.length; i++) {
    var ch = pattern[i];
    if (ch === "*") src += ".*";
    else if (ch === "?") src += ".";
    else if (ch === "[") {
      var end = pattern.indexOf("]", i + 1);
      if (end < 0) src += "\\[";
      else { src += "[" + pattern.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\") + "]"; i = end; }
    } else src += ch.replace(/[.+^$(){}|\\]/g, "\\$&");
  }
  return new RegExp("^" + src + "$", "s").test(text);
}

function qeFqnMatch(sel, fqn) {
  if (sel.length === 0 || sel.length > fqn.length) return false;
  return sel.every(function (s, i) { return qeGlob(s, fqn[i]); });
}

function qeConfigValues(n, key) {
  if (key === "materialized" && n.rt !== "model") return n.rt === "seed" ? ["seed"] : n.rt === "snapshot" ? ["snapshot"] : [];
  var raw = n.config[key];
  if (raw === undefined && n.meta) raw = n.meta[key];
  if (raw === undefined || raw === null) return [];
  return Array.isArray(raw) ? raw.map(String) : [String(raw)];
}

function qeMatches(c, n) {
  var v = c.value;
  var fqn = n.fqn || [];
  switch (c.method) {
    case "fqn": {
      var short = n.rt === "source" ? n.id.split(".").slice(3).join(".") : n.name;
      return qeGlob(v, short) || qeFqnMatch(v.split("."), fqn) || qeFqnMatch(v.split("."), fqn.slice(1));
    }
    case "path": {
      var want = v.replace(/^\.\//, "").replace(/\/+$/, "");
      return n.path === want || n.path.indexOf(want + "/") === 0 || qeGlob(want, n.path);
    }
    case "file": {
      var base = n.path.slice(n.path.lastIndexOf("/") + 1);
      return qeGlob(v, base) || qeGlob(v, base.replace(/\.[^.]*$/, ""));
    }
    case "tag": return n.tags.some(function (t) { return qeGlob(v, t); });
    case "source": {
      if (n.rt !== "source") return false;
      var ids = n.id.split("."), dot = v.indexOf(".");
      var src = dot < 0 ? v : v.slice(0, dot), table = dot < 0 ? undefined : v.slice(dot + 1);
      return qeGlob(src, ids[2]) && (table === undefined || qeGlob(table, ids.slice(3).join(".")));
    }
    case "resource_type": return n.rt === v;
    case "test_type": return false;
    case "config": return qeConfigValues(n, c.configKey).some(function (x) { return qeGlob(v, x); });
  }
  return false;
}

function qeWalk(byId, from, dir, depth) {
  var seen = new Set(), frontier = Array.from(from);
  for (var d = 0; d < depth && frontier.length > 0; d++) {
    var next = [];
    frontier.forEach(function (id) {
      var n = byId.get(id);
      (n ? n[dir] : []).forEach(function (x) {
        if (seen.has(x) || !byId.has(x)) return;
        seen.add(x); next.push(x);
      });
    });
    frontier = next;
  }
  return seen;
}

function qeGraphOps(c, base, byId) {
  var out = new Set(base);
  if (c.at) {
    var down = qeWalk(byId, base, "children", Infinity);
    down.forEach(function (id) { out.add(id); });
    qeWalk(byId, new Set(Array.from(base).concat(Array.from(down))), "parents", Infinity).forEach(function (id) { out.add(id); });
    return out;
  }
  if (c.parents > 0) qeWalk(byId, base, "parents", c.parents).forEach(function (id) { out.add(id); });
  if (c.children > 0) qeWalk(byId, base, "children", c.children).forEach(function (id) { out.add(id); });
  return out;
}
`;
