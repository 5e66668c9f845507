// One properties file (models/_schema.yml...): models, seeds, sources and unit_tests entries,
// validated key by key and normalised into plain records the loader attaches to nodes.
import type { SourceLoc } from "../core/errors.js";
import type { ColumnProps, GenericTestDecl, SourceTableNode, TestConfig, UnitTestDecl } from "./types.js";
import { nodeId } from "./types.js";
import * as K from "./known-keys.js";
import type { Problems } from "./problems.js";
import { isMapping, type YamlFile, type YamlMap } from "./yaml-file.js";
import { checkConfig, isObj, type RawConfig } from "./model-config.js";
import { checkSnapshotConfig } from "./snapshot-config.js";
import { parseTestList } from "./test-decl.js";
import { parseUnitTest } from "./unit-tests.js";
import { parseConstraints } from "./constraints.js";
import { freshnessDecl, inheritFreshness } from "./freshness.js";
import { parseVersions, type VersionProps } from "./versions.js";
import type { Constraint } from "./types.js";

export interface NodeProps {
  name: string;
  description?: string;
  columns: ColumnProps[];
  tests: GenericTestDecl[];
  config: RawConfig;
  loc: SourceLoc;
  /** Models: model-level constraints. */
  constraints?: Constraint[];
  /** Versioned models: one entry per declared version, columns already resolved (include/exclude). */
  versions?: VersionProps[];
  latestVersion?: string;
  deprecationDate?: string;
  /** Snapshots declared in YAML (dbt 1.9+): the relation they record, as written (`ref('x')`). */
  relation?: string;
}

export interface PropertiesFile {
  models: NodeProps[];
  seeds: NodeProps[];
  sources: SourceTableNode[];
  unitTests: UnitTestDecl[];
  snapshots: NodeProps[];
}

export interface PropsContext {
  projectName: string;
  /** Test config defaults for this file (folder-level `tests:` configs). */
  testBase: TestConfig;
  problems: Problems;
  notes: Set<string>;
}

export function parseProperties(yf: YamlFile, cx: PropsContext): PropertiesFile {
  const out: PropertiesFile = { models: [], seeds: [], sources: [], unitTests: [], snapshots: [] };
  const doc = yf.data;
  if (doc === null || doc === undefined) return out;
  if (!isMapping(doc)) {
    cx.problems.add("invalid-properties", "a properties file must be a mapping", yf.loc(doc));
    return out;
  }
  checkKeys(doc, K.PROPS_TOP, "properties file", yf, cx, ["version", "models", "sources", "seeds", "unit_tests", "snapshots"]);
  for (const m of listOf(doc, "models", yf, cx)) {
    const p = nodeProps(m, "model", K.PROPS_MODEL, yf, cx);
    if (p) out.models.push(p);
  }
  for (const s of listOf(doc, "seeds", yf, cx)) {
    const p = nodeProps(s, "seed", K.PROPS_SEED, yf, cx);
    if (p) out.seeds.push(p);
  }
  for (const s of listOf(doc, "snapshots", yf, cx)) {
    const p = nodeProps(s, "snapshot", K.PROPS_SNAPSHOT, yf, cx);
    if (p) out.snapshots.push(p);
  }
  for (const src of listOf(doc, "sources", yf, cx)) out.sources.push(...sourceTables(src, yf, cx));
  for (const u of listOf(doc, "unit_tests", yf, cx)) {
    const t = parseUnitTest(u, yf, cx.problems);
    if (t) out.unitTests.push(t);
  }
  return out;
}

function listOf(doc: YamlMap, key: string, yf: YamlFile, cx: PropsContext): YamlMap[] {
  const v = doc[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    cx.problems.add("invalid-properties", `'${key}' must be a list`, yf.loc(doc, key));
    return [];
  }
  return v.filter((e, i) => {
    if (isMapping(e) && typeof e["name"] === "string") return true;
    cx.problems.add("invalid-properties", `each entry of '${key}' needs a name`, yf.loc(v, i));
    return false;
  }) as YamlMap[];
}

/** Unknown keys are problems; documented keys outside `used` become notes. */
export function checkKeys(obj: YamlMap, known: readonly string[], where: string, yf: YamlFile, cx: PropsContext, used?: readonly string[]): void {
  for (const k of Object.keys(obj)) {
    if (!known.includes(k)) cx.problems.unknownKey(k, where, known, yf.loc(obj, k));
    else if (used && !used.includes(k)) cx.notes.add(`key '${k}' in ${where} is accepted for dbt compatibility but has no effect in qe`);
  }
}

function nodeProps(m: YamlMap, kind: "model" | "seed" | "snapshot", known: readonly string[], yf: YamlFile, cx: PropsContext): NodeProps | undefined {
  const name = m["name"] as string;
  const where = `${kind} '${name}'`;
  const used = ["name", "description", "config", "tests", "data_tests", "columns", "meta"];
  if (kind === "model") used.push("constraints", "versions", "latest_version", "deprecation_date");
  if (kind === "snapshot") used.push("relation");
  checkKeys(m, known, where, yf, cx, used);
  let config: RawConfig = {};
  if (m["config"] !== undefined && m["config"] !== null) {
    const c = m["config"];
    if (!isObj(c)) cx.problems.add("invalid-properties", `config of ${where} must be a mapping`, yf.loc(m, "config"));
    else if (kind === "snapshot") config = checkSnapshotConfig(c, `config of ${where}`, (k) => yf.loc(c, k), cx.problems);
    else config = checkConfig(c, kind, `config of ${where}`, (k) => yf.loc(c, k), cx.problems, cx.notes);
  }
  if (isObj(m["meta"])) config = { ...config, meta: { ...(m["meta"] as object), ...(isObj(config["meta"]) ? config["meta"] : {}) } };
  const columnList = columns(m["columns"], yf, where, cx);
  const out: NodeProps = {
    name,
    description: str(m["description"]),
    columns: columnList,
    tests: [...parseTestList(m["tests"], yf, where, cx.problems, undefined, cx.testBase), ...parseTestList(m["data_tests"], yf, where, cx.problems, undefined, cx.testBase)],
    config,
    loc: yf.loc(m, "name"),
  };
  if (kind === "model") {
    out.constraints = parseConstraints(m["constraints"], yf, where, cx.problems, true);
    const dep = m["deprecation_date"];
    if (dep !== undefined && dep !== null) out.deprecationDate = dep instanceof Date ? dep.toISOString() : String(dep);
    if (m["versions"] !== undefined && m["versions"] !== null) {
      const v = parseVersions(m, columnList, yf, where, cx, (c) => columns(c, yf, where, cx, true));
      if (v) Object.assign(out, v);
    }
  }
  if (kind === "snapshot" && m["relation"] !== undefined) {
    if (typeof m["relation"] === "string" && m["relation"].trim() !== "") out.relation = m["relation"].trim();
    else cx.problems.add("invalid-properties", `relation of ${where} must be ref('model') or source('source', 'table')`, yf.loc(m, "relation"));
  }
  return out;
}

/** A `columns:` list; version column lists may hold one `{include, exclude}` entry, skipped here. */
export function columns(v: unknown, yf: YamlFile, where: string, cx: PropsContext, allowIncludeExclude = false): ColumnProps[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    cx.problems.add("invalid-properties", `columns of ${where} must be a list`, yf.loc(v));
    return [];
  }
  const out: ColumnProps[] = [];
  v.forEach((c, i) => {
    if (allowIncludeExclude && isMapping(c) && c["name"] === undefined && ("include" in c || "exclude" in c)) return;
    if (!isMapping(c) || typeof c["name"] !== "string") {
      cx.problems.add("invalid-properties", `each column of ${where} needs a name`, yf.loc(v, i));
      return;
    }
    const cw = `column '${c["name"]}' of ${where}`;
    checkKeys(c, K.PROPS_COLUMN, cw, yf, cx, ["name", "description", "data_type", "meta", "tests", "data_tests", "constraints"]);
    out.push({
      name: c["name"],
      description: str(c["description"]),
      dataType: str(c["data_type"]),
      meta: isObj(c["meta"]) ? c["meta"] : {},
      constraints: parseConstraints(c["constraints"], yf, cw, cx.problems, false),
      tests: [...parseTestList(c["tests"], yf, cw, cx.problems, c["name"], cx.testBase), ...parseTestList(c["data_tests"], yf, cw, cx.problems, c["name"], cx.testBase)],
    });
  });
  return out;
}

function sourceTables(src: YamlMap, yf: YamlFile, cx: PropsContext): SourceTableNode[] {
  const sourceName = src["name"] as string;
  const where = `source '${sourceName}'`;
  checkKeys(src, K.PROPS_SOURCE, where, yf, cx, ["name", "description", "schema", "loader", "meta", "tables", "config", "freshness", "loaded_at_field"]);
  const sourceFreshness = freshnessDecl(src, yf, where, cx.problems);
  if (isObj(src["config"])) checkKeys(src["config"], K.SOURCE_CONFIG_KEYS, `config of ${where}`, yf, cx, ["freshness", "loaded_at_field", "event_time"]);
  const meta = isObj(src["meta"]) ? src["meta"] : {};
  let loader: SourceTableNode["loader"];
  if (src["loader"] === "sqlite") {
    const p = meta["sqlite_path"];
    const stamp = meta["loaded_at_column"];
    if (stamp !== undefined && (typeof stamp !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(stamp))) {
      cx.problems.add("invalid-properties", `meta.loaded_at_column of ${where} must be a column name`, yf.loc(meta, "loaded_at_column"), "e.g. loaded_at_column: _loaded_at");
    }
    if (typeof p === "string") loader = { kind: "sqlite", path: p, ...(typeof stamp === "string" ? { loadedAtColumn: stamp } : {}) };
    else cx.problems.add("invalid-properties", `${where} has loader: sqlite but no meta.sqlite_path`, yf.loc(src, "loader"), "add meta: { sqlite_path: data/qe.db }");
  }
  const sourceEventTime = isObj(src["config"]) ? src["config"]["event_time"] : undefined;
  const schema = typeof src["schema"] === "string" ? src["schema"] : sourceName;
  const tables = src["tables"];
  if (!Array.isArray(tables)) {
    if (tables !== undefined) cx.problems.add("invalid-properties", `tables of ${where} must be a list`, yf.loc(src, "tables"));
    return [];
  }
  const out: SourceTableNode[] = [];
  tables.forEach((t, i) => {
    if (!isMapping(t) || typeof t["name"] !== "string") {
      cx.problems.add("invalid-properties", `each table of ${where} needs a name`, yf.loc(tables, i));
      return;
    }
    const tw = `source table '${sourceName}.${t["name"]}'`;
    checkKeys(t, K.PROPS_SOURCE_TABLE, tw, yf, cx, ["name", "description", "identifier", "meta", "columns", "tests", "data_tests", "config", "freshness", "loaded_at_field"]);
    if (isObj(t["config"])) checkKeys(t["config"], K.SOURCE_CONFIG_KEYS, `config of ${tw}`, yf, cx, ["freshness", "loaded_at_field", "event_time"]);
    const eventTime = (isObj(t["config"]) && t["config"]["event_time"] !== undefined ? t["config"]["event_time"] : sourceEventTime) ?? undefined;
    if (eventTime !== undefined && typeof eventTime !== "string") cx.problems.add("invalid-properties", `event_time of ${tw} must be a column name or SQL expression`, yf.loc(t, "config"));
    const fresh = inheritFreshness(sourceFreshness, freshnessDecl(t, yf, tw, cx.problems));
    out.push({
      kind: "source",
      id: nodeId(`source.${cx.projectName}.${sourceName}.${t["name"]}`),
      sourceName,
      name: t["name"],
      identifier: typeof t["identifier"] === "string" ? t["identifier"] : t["name"],
      schema,
      description: str(t["description"]),
      columns: columns(t["columns"], yf, tw, cx),
      tests: [...parseTestList(t["tests"], yf, tw, cx.problems, undefined, cx.testBase), ...parseTestList(t["data_tests"], yf, tw, cx.problems, undefined, cx.testBase)],
      loader,
      ...(fresh.freshness ? { freshness: fresh.freshness } : {}),
      ...(fresh.loadedAtField ? { loadedAtField: fresh.loadedAtField } : {}),
      ...(typeof eventTime === "string" ? { eventTime } : {}),
      loc: yf.loc(t, "name"),
    });
  });
  return out;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}
