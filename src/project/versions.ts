// Model versions (dbt 1.5+): one properties entry, several SQL files.
//   - name: dim_customers
//     latest_version: 2
//     columns: [...]                      # shared by every version unless a version says otherwise
//     versions:
//       - v: 1
//         defined_in: dim_customers_old   # default <name>_v<v>
//         columns: [{include: all, exclude: [email]}, {name: legacy_id, data_type: int}]
//       - v: 2
// A version's columns are the model's (filtered by its include/exclude) followed by its own.
import type { SourceLoc } from "../core/errors.js";
import type { ColumnProps, Constraint, GenericTestDecl } from "./types.js";
import { PROPS_VERSION } from "./known-keys.js";
import { isMapping, type YamlFile, type YamlMap } from "./yaml-file.js";
import { checkConfig, isObj, type RawConfig } from "./model-config.js";
import { parseTestList } from "./test-decl.js";
import { parseConstraints } from "./constraints.js";
import type { PropsContext } from "./properties.js";

export interface VersionProps {
  v: string;
  /** The file (base name, no .sql) that defines this version. */
  definedIn: string;
  description?: string;
  config: RawConfig;
  columns: ColumnProps[];
  /** The version's own tests; undefined means the model's tests apply (dbt). */
  tests?: GenericTestDecl[];
  constraints?: Constraint[];
  deprecationDate?: string;
  loc: SourceLoc;
}

/** Versions of model entry `m`, or undefined (with problems) when the list is unusable. */
export function parseVersions(
  m: YamlMap, base: readonly ColumnProps[], yf: YamlFile, where: string, cx: PropsContext,
  parseColumns: (v: unknown) => ColumnProps[],
): { versions: VersionProps[]; latestVersion: string } | undefined {
  const list = m["versions"];
  const name = m["name"] as string;
  if (!Array.isArray(list) || list.length === 0) {
    cx.problems.add("invalid-properties", `versions of ${where} must be a non-empty list of {v: ...} entries`, yf.loc(m, "versions"));
    return undefined;
  }
  const out: VersionProps[] = [];
  list.forEach((e, i) => {
    if (!isMapping(e) || e["v"] === undefined || e["v"] === null) {
      cx.problems.add("invalid-properties", `each version of ${where} needs v: <version>`, yf.loc(list, i));
      return;
    }
    const v = String(e["v"]);
    const vw = `version ${v} of ${where}`;
    for (const k of Object.keys(e)) if (!PROPS_VERSION.includes(k)) cx.problems.unknownKey(k, vw, PROPS_VERSION, yf.loc(e, k));
    if (out.some((x) => x.v === v)) {
      cx.problems.add("invalid-properties", `Found duplicate version: '${v}' in versions list of model '${name}'`, yf.loc(e, "v"));
      return;
    }
    const c = e["config"];
    let config: RawConfig = {};
    if (isObj(c)) config = checkConfig(c, "model", `config of ${vw}`, (k) => yf.loc(c, k), cx.problems, cx.notes);
    else if (c !== undefined && c !== null) cx.problems.add("invalid-properties", `config of ${vw} must be a mapping`, yf.loc(e, "config"));
    const hasTests = e["data_tests"] !== undefined || e["tests"] !== undefined;
    const dep = e["deprecation_date"];
    out.push({
      v,
      definedIn: typeof e["defined_in"] === "string" ? e["defined_in"] : `${name}_v${v}`,
      description: typeof e["description"] === "string" ? e["description"] : undefined,
      config,
      columns: versionColumns(e["columns"], base, yf, vw, cx, parseColumns),
      ...(hasTests ? { tests: [...parseTestList(e["tests"], yf, vw, cx.problems, undefined, cx.testBase), ...parseTestList(e["data_tests"], yf, vw, cx.problems, undefined, cx.testBase)] } : {}),
      ...(e["constraints"] !== undefined ? { constraints: parseConstraints(e["constraints"], yf, vw, cx.problems, true) } : {}),
      ...(dep !== undefined && dep !== null ? { deprecationDate: dep instanceof Date ? dep.toISOString() : String(dep) } : {}),
      loc: yf.loc(e, "v"),
    });
  });
  if (out.length === 0) return undefined;
  const declared = m["latest_version"];
  let latestVersion = [...out].sort((a, b) => compareVersions(a.v, b.v)).at(-1)!.v;
  if (declared !== undefined && declared !== null) {
    if (!out.some((x) => x.v === String(declared))) {
      cx.problems.add("invalid-properties", `latest_version: ${String(declared)} is not one of model '${name}' versions: [${out.map((x) => x.v).join(", ")}]`, yf.loc(m, "latest_version"));
    } else latestVersion = String(declared);
  }
  return { versions: out, latestVersion };
}

/** dbt orders versions numerically when both are numbers, else as strings. */
export function compareVersions(a: string, b: string): number {
  const na = Number(a), nb = Number(b);
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

function versionColumns(
  v: unknown, base: readonly ColumnProps[], yf: YamlFile, where: string, cx: PropsContext, parseColumns: (v: unknown) => ColumnProps[],
): ColumnProps[] {
  let include: "all" | string[] = "all";
  let exclude: string[] = [];
  if (Array.isArray(v)) {
    const ie = v.filter((c) => isMapping(c) && c["name"] === undefined && ("include" in c || "exclude" in c)) as YamlMap[];
    if (ie.length > 1) cx.problems.add("invalid-properties", `${where} can have at most one include/exclude element`, yf.loc(ie[1]));
    const first = ie[0];
    if (first) {
      for (const k of Object.keys(first)) if (k !== "include" && k !== "exclude") cx.problems.unknownKey(k, `include/exclude of ${where}`, ["include", "exclude"], yf.loc(first, k));
      const inc = first["include"];
      if (inc === "all" || inc === "*" || inc === undefined) include = "all";
      else if (Array.isArray(inc)) include = inc.map(String);
      else cx.problems.add("invalid-properties", `include of ${where} must be 'all', '*' or a list of column names`, yf.loc(first, "include"));
      exclude = Array.isArray(first["exclude"]) ? first["exclude"].map(String) : [];
      if (exclude.length > 0 && include !== "all") cx.problems.add("invalid-properties", `exclude of ${where} can only be given with include: all`, yf.loc(first, "exclude"));
    }
  }
  const inherited = base.filter((c) => (include === "all" || include.includes(c.name)) && !exclude.includes(c.name));
  // Same-named columns: the version's entry wins, in the inherited position (dbt fills a dict by name).
  const out = [...inherited];
  for (const c of parseColumns(v)) {
    const i = out.findIndex((x) => x.name === c.name);
    if (i >= 0) out[i] = c;
    else out.push(c);
  }
  return out;
}
