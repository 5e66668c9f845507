// profiles.yml values may hold `{{ env_var('NAME', 'default') }}`, optionally piped through
// `int`, `as_number`, `as_bool` or `as_text`: the part of dbt's profile rendering real profiles use.
// A small scanner over each `{{ ... }}`: anything else is reported, never silently kept.

type Report = (message: string, hint?: string) => void;

const EXPR = /^\s*env_var\s*\(\s*(?:'([^']*)'|"([^"]*)")\s*(?:,\s*(?:'([^']*)'|"([^"]*)"|(-?\d+(?:\.\d+)?))\s*)?\)((?:\s*\|\s*[a-z_]+)*)\s*$/;

/** Renders one value: strings with `{{ }}` are evaluated, mappings and lists recursively, others returned as they are. */
export function renderProfileValue(v: unknown, env: Record<string, string | undefined>, report: Report): unknown {
  if (Array.isArray(v)) return v.map((x) => renderProfileValue(x, env, report));
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, renderProfileValue(x, env, report)]));
  }
  if (typeof v !== "string" || !v.includes("{{")) return v;
  const parts: unknown[] = [];
  let rest = v;
  while (rest.length > 0) {
    const open = rest.indexOf("{{");
    if (open < 0) { parts.push(rest); break; }
    const close = rest.indexOf("}}", open);
    if (close < 0) { report(`unclosed '{{' in profile value '${v}'`); return v; }
    if (open > 0) parts.push(rest.slice(0, open));
    parts.push(evalExpr(rest.slice(open + 2, close), env, report));
    rest = rest.slice(close + 2);
  }
  // A value that is exactly one expression keeps its type (`{{ env_var('PORT') | int }}` is a number).
  return parts.length === 1 ? parts[0] : parts.map((p) => (p === undefined ? "" : String(p))).join("");
}

function evalExpr(src: string, env: Record<string, string | undefined>, report: Report): unknown {
  const m = EXPR.exec(src);
  if (!m) {
    report(`qe renders only env_var('NAME', 'default') in profiles.yml, not '{{${src}}}'`);
    return "";
  }
  const name = m[1] ?? m[2]!;
  const dflt = m[3] ?? m[4] ?? m[5];
  let value: unknown = env[name] ?? dflt;
  if (value === undefined) {
    report(`env_var('${name}') is required by the profile but not set`, `export ${name}=... or give a default: env_var('${name}', '...')`);
    return "";
  }
  for (const f of (m[6] ?? "").split("|").map((s) => s.trim()).filter(Boolean)) value = applyFilter(f, value, report);
  return value;
}

function applyFilter(f: string, v: unknown, report: Report): unknown {
  switch (f) {
    case "int": return Number.parseInt(String(v), 10) || 0;
    case "float": case "as_number": return Number(v);
    case "as_bool": return /^(true|1|yes)$/i.test(String(v).trim());
    case "as_text": case "string": return String(v);
    case "trim": return String(v).trim();
    default:
      report(`filter '${f}' is not supported in profiles.yml`, "use int, as_number, as_bool or as_text");
      return v;
  }
}
