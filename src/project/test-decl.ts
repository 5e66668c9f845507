// Generic test entries as dbt writes them in properties YAML:
//   - unique
//   - accepted_values: {values: [a, b], quote: false, severity: warn, config: {where: "x > 0"}}
//   - relationships: {arguments: {to: ref('m'), field: id}}      (dbt 1.10 `arguments:`)
//   - {name: custom_name, test_name: unique, config: {...}}
import type { SourceLoc } from "../core/errors.js";
import type { GenericTestDecl, TestConfig } from "./types.js";
import { TEST_CONFIG_KEYS } from "./known-keys.js";
import type { Problems } from "./problems.js";
import { isMapping, type YamlFile } from "./yaml-file.js";
import { asList } from "./model-config.js";

export function defaultTestConfig(): TestConfig {
  return { severity: "error", warnIf: "!=0", errorIf: "!=0", enabled: true, tags: [] };
}

/** Parses a `tests:`/`data_tests:` list. `where` names the owner for messages. */
export function parseTestList(
  list: unknown, yf: YamlFile, where: string, problems: Problems, columnName?: string, base: TestConfig = defaultTestConfig(),
): GenericTestDecl[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    problems.add("invalid-properties", `tests of ${where} must be a list`, yf.loc(list));
    return [];
  }
  const out: GenericTestDecl[] = [];
  list.forEach((entry, i) => {
    const loc = yf.loc(list, i);
    if (typeof entry === "string") {
      out.push({ testName: entry, args: {}, config: { ...base, tags: [...base.tags] }, columnName, loc });
      return;
    }
    if (!isMapping(entry)) {
      problems.add("invalid-properties", `a test of ${where} must be a name or a mapping`, loc);
      return;
    }
    let testName: string | undefined;
    let body: Record<string, unknown>;
    if (typeof entry["test_name"] === "string") {
      testName = entry["test_name"];
      body = entry;
    } else {
      const keys = Object.keys(entry);
      if (keys.length !== 1) {
        problems.add("invalid-properties", `a test of ${where} must have exactly one test name as key, found ${keys.map((k) => `'${k}'`).join(", ")}`, loc);
        return;
      }
      testName = keys[0]!;
      const v = entry[testName];
      body = isMapping(v) ? v : {};
      if (v !== null && v !== undefined && !isMapping(v)) {
        problems.add("invalid-properties", `arguments of test '${testName}' on ${where} must be a mapping`, yf.loc(entry, testName));
        return;
      }
    }
    const config: TestConfig = { ...base, tags: [...base.tags] };
    const args: Record<string, unknown> = {};
    const applyConfig = (src: Record<string, unknown>, key: string, value: unknown): boolean => {
      if (!TEST_CONFIG_KEYS.includes(key)) return false;
      setTestConfig(config, key, value, yf.loc(src, key), problems);
      return true;
    };
    for (const [k, v] of Object.entries(body)) {
      if (body === entry && (k === "test_name")) continue;
      if (k === "name") continue;
      if (k === "description") continue;
      if (k === "config") {
        if (!isMapping(v)) { problems.add("invalid-properties", `config of test '${testName}' must be a mapping`, yf.loc(body, k)); continue; }
        for (const [ck, cv] of Object.entries(v)) {
          if (!applyConfig(v, ck, cv)) problems.unknownKey(ck, `config of test '${testName}' on ${where}`, TEST_CONFIG_KEYS, yf.loc(v, ck));
        }
        continue;
      }
      if (k === "arguments" && isMapping(v)) {
        Object.assign(args, v);
        continue;
      }
      if (applyConfig(body, k, v)) continue;
      args[k] = v;
    }
    const customName = typeof body["name"] === "string" ? body["name"] : undefined;
    out.push({ testName, args, config, columnName, customName, loc });
  });
  return out;
}

/** Folder-level `tests:` configs from dbt_project.yml, applied over `base`. */
export function testConfigFrom(raw: Record<string, unknown>, base: TestConfig, locOf: (k: string) => SourceLoc, problems: Problems): TestConfig {
  const c: TestConfig = { ...base, tags: [...base.tags] };
  for (const [k, v] of Object.entries(raw)) setTestConfig(c, k, v, locOf(k), problems);
  return c;
}

function setTestConfig(c: TestConfig, key: string, v: unknown, loc: SourceLoc, problems: Problems): void {
  switch (key) {
    case "severity": {
      const s = String(v).toLowerCase();
      if (s === "warn" || s === "error") c.severity = s;
      else problems.add("invalid-config", `severity '${String(v)}' is not valid`, loc, "use warn or error");
      return;
    }
    case "warn_if": case "error_if": {
      const s = String(v).trim();
      if (!/^(==|!=|<>|>=|<=|>|<|=)\s*-?\d+(\.\d+)?$/.test(s)) {
        problems.add("invalid-config", `${key} '${s}' is not a comparison like ">10" or "!=0"`, loc);
        return;
      }
      if (key === "warn_if") c.warnIf = s; else c.errorIf = s;
      return;
    }
    case "limit": {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) problems.add("invalid-config", `limit must be a non-negative integer`, loc);
      else c.limit = n;
      return;
    }
    case "where": c.where = v === null ? undefined : String(v); return;
    case "store_failures": c.storeFailures = v === true || v === "true"; return;
    case "fail_calc": c.failCalc = String(v); return;
    case "enabled": c.enabled = v !== false && v !== "false"; return;
    case "tags": c.tags = [...new Set([...c.tags, ...asList(v).map(String)])]; return;
    default: return; // documented by dbt, no effect here (meta, alias, ...)
  }
}
