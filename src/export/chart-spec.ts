// Chart specs are Vega-Lite files kept beside the marts (<marts dir>/charts/<chart>.vl.json).
// Vega-Lite's own `usermeta` carries our binding, so the file stays a valid Vega-Lite spec:
//   "usermeta": { "qe": { "mart": "kpi_pass_rate", "file": "pass_rate_trend_{programme}",
//                         "split_by": "programme", "tab": "Assessment" } }
// `${var}` anywhere in a string is replaced by the project var; a string that is exactly `${var}`
// becomes the var's own value (so a threshold stays a number).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import type { CompiledNode } from "../core/node-types.js";
import { didYouMean } from "../core/did-you-mean.js";
import { ProjectError } from "../core/errors.js";

import { DASHBOARD_TABS, type DashboardTab } from "./dashboard-layout.js";

export { DASHBOARD_TABS, type DashboardTab };

export interface ChartSpec {
  /** File name without `.vl.json`. */
  name: string;
  /** Project-relative path, forward slashes. */
  path: string;
  mart: string;
  /** Output stem; may hold `{<split_by>}`. Defaults to `name`. */
  file: string;
  splitBy?: string;
  /** Dashboard tabs showing the chart; charts without one are exported as files only. */
  tabs: DashboardTab[];
  /** The Vega-Lite spec with vars substituted (usermeta left in place). */
  spec: Record<string, unknown>;
}

/** Project-relative paths of every `charts/*.vl.json` beside a model folder, sorted. */
export function findChartSpecs(projectRoot: string, nodes: readonly CompiledNode[]): string[] {
  const dirs = new Set(nodes.filter((n) => n.kind === "model").map((n) => posix.join(posix.dirname(n.path), "charts")));
  const out: string[] = [];
  for (const dir of dirs) {
    const abs = join(projectRoot, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs)) if (f.endsWith(".vl.json")) out.push(posix.join(dir, f));
  }
  return out.sort();
}

/** Reads, validates and var-substitutes one chart spec; throws ProjectError located in the file. */
export function loadChartSpec(projectRoot: string, path: string, vars: Record<string, unknown>): ChartSpec {
  const text = readFileSync(join(projectRoot, path), "utf8");
  const fail = (code: string, msg: string, hint?: string, line?: number): never => {
    throw new ProjectError(code, msg, { file: path, line }, hint);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const pos = /position (\d+)/.exec((e as Error).message);
    const line = pos ? text.slice(0, Number(pos[1])).split("\n").length : undefined;
    fail("chart-json", `chart spec is not valid JSON: ${(e as Error).message}`, undefined, line);
  }
  if (!isObject(raw)) return fail("chart-spec", "chart spec must be a JSON object");
  const qe = isObject(raw.usermeta) ? raw.usermeta.qe : undefined;
  const lineOf = (needle: string) => {
    const i = text.indexOf(needle);
    return i < 0 ? undefined : text.slice(0, i).split("\n").length;
  };
  if (!isObject(qe) || typeof qe.mart !== "string") {
    return fail("chart-spec", "chart spec needs usermeta.qe.mart naming the mart it draws", 'add "usermeta": { "qe": { "mart": "<model name>" } }');
  }
  const name = posix.basename(path).replace(/\.vl\.json$/, "");
  const file = qe.file === undefined ? name : qe.file;
  if (typeof file !== "string") return fail("chart-spec", "usermeta.qe.file must be a string", undefined, lineOf('"file"'));
  const splitBy = qe.split_by;
  if (splitBy !== undefined && typeof splitBy !== "string") fail("chart-spec", "usermeta.qe.split_by must be a column name", undefined, lineOf('"split_by"'));
  for (const m of file.matchAll(/\{([^}]*)\}/g)) {
    if (m[1] !== splitBy) fail("chart-spec", `usermeta.qe.file uses {${m[1]}} but only {split_by column} may appear`, splitBy ? `use {${splitBy}}` : "set split_by", lineOf('"file"'));
  }
  // One tab, or a list when a chart belongs on several (e.g. Overview and its own tab).
  const tabs = qe.tab === undefined ? [] : Array.isArray(qe.tab) ? qe.tab : [qe.tab];
  for (const tab of tabs) {
    if (!DASHBOARD_TABS.includes(tab as DashboardTab)) {
      const near = didYouMean(String(tab), DASHBOARD_TABS);
      fail("chart-spec", `usermeta.qe.tab '${String(tab)}' is not a dashboard tab`, near ? `did you mean '${near}'?` : `tabs: ${DASHBOARD_TABS.join(", ")}`, lineOf('"tab"'));
    }
  }
  const spec = substituteVars(raw, vars, (v) => {
    const near = didYouMean(v, Object.keys(vars));
    fail("chart-var-unknown", `chart spec uses \${${v}}, which is not a project var`, near ? `did you mean \${${near}}?` : "declare it under vars: in dbt_project.yml", lineOf("${" + v + "}"));
  }) as Record<string, unknown>;
  return { name, path, mart: qe.mart, file, splitBy: splitBy as string | undefined, tabs: tabs as DashboardTab[], spec };
}

const WHOLE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const PART = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Deep copy of `value` with `${var}` replaced; calls `unknown` for a var not in `vars`. */
export function substituteVars(value: unknown, vars: Record<string, unknown>, unknown: (name: string) => void): unknown {
  if (typeof value === "string") {
    const whole = WHOLE.exec(value);
    if (whole) {
      if (!(whole[1]! in vars)) unknown(whole[1]!);
      return vars[whole[1]!];
    }
    return value.replace(PART, (_, v: string) => {
      if (!(v in vars)) unknown(v);
      return String(vars[v]);
    });
  }
  if (Array.isArray(value)) return value.map((v) => substituteVars(v, vars, unknown));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteVars(v, vars, unknown)]));
  return value;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
