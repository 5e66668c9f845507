// dbt 1.8 unit tests: `given` fixture rows per input, `expect` rows. Rows may be a list of
// mappings (format: dict, the default) or CSV text (format: csv).
import { createRequire } from "node:module";
import type { UnitTestDecl } from "./types.js";
import { PROPS_UNIT_EXPECT, PROPS_UNIT_GIVEN, PROPS_UNIT_TEST } from "./known-keys.js";
import type { Problems } from "./problems.js";
import { isMapping, type YamlFile, type YamlMap } from "./yaml-file.js";

export function parseUnitTest(u: YamlMap, yf: YamlFile, problems: Problems): UnitTestDecl | undefined {
  const name = u["name"] as string;
  const where = `unit test '${name}'`;
  for (const k of Object.keys(u)) if (!PROPS_UNIT_TEST.includes(k)) problems.unknownKey(k, where, PROPS_UNIT_TEST, yf.loc(u, k));
  if (typeof u["model"] !== "string") {
    problems.add("invalid-properties", `${where} needs a model`, yf.loc(u, "name"));
    return undefined;
  }
  const given: UnitTestDecl["given"] = [];
  const g = u["given"] ?? [];
  if (!Array.isArray(g)) problems.add("invalid-properties", `given of ${where} must be a list`, yf.loc(u, "given"));
  else g.forEach((e, i) => {
    if (!isMapping(e) || typeof e["input"] !== "string") {
      problems.add("invalid-properties", `each given of ${where} needs an input such as ref('model')`, yf.loc(g, i));
      return;
    }
    for (const k of Object.keys(e)) if (!PROPS_UNIT_GIVEN.includes(k)) problems.unknownKey(k, `given of ${where}`, PROPS_UNIT_GIVEN, yf.loc(e, k));
    given.push({ input: e["input"], rows: rows(e, yf, `given ${e["input"]} of ${where}`, problems) });
  });
  const ex = u["expect"];
  let expectRows: Record<string, unknown>[] = [];
  if (!isMapping(ex)) problems.add("invalid-properties", `${where} needs expect: {rows: [...]}`, yf.loc(u, "name"));
  else {
    for (const k of Object.keys(ex)) if (!PROPS_UNIT_EXPECT.includes(k)) problems.unknownKey(k, `expect of ${where}`, PROPS_UNIT_EXPECT, yf.loc(ex, k));
    expectRows = rows(ex, yf, `expect of ${where}`, problems);
  }
  return { name, model: u["model"], given, expect: { rows: expectRows }, loc: yf.loc(u, "name") };
}

function rows(e: YamlMap, yf: YamlFile, where: string, problems: Problems): Record<string, unknown>[] {
  const format = e["format"] ?? "dict";
  const r = e["rows"];
  if (format === "csv") {
    if (typeof r !== "string") {
      problems.add("invalid-properties", `rows of ${where} must be CSV text with format: csv`, yf.loc(e, "rows"));
      return [];
    }
    return parseCsv()(r, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, unknown>[];
  }
  if (format !== "dict") {
    problems.add("unsupported", `format '${String(format)}' in ${where} is not supported`, yf.loc(e, "format"), "use dict or csv rows");
    return [];
  }
  if (r === undefined || r === null) return [];
  if (!Array.isArray(r) || !r.every(isMapping)) {
    problems.add("invalid-properties", `rows of ${where} must be a list of mappings`, yf.loc(e, "rows"));
    return [];
  }
  return r as Record<string, unknown>[];
}

const require = createRequire(import.meta.url);

/** csv-parse, loaded only for a unit test that gives its rows as CSV: a cached project never needs it. */
function parseCsv(): typeof import("csv-parse/sync").parse {
  return (require("csv-parse/sync") as typeof import("csv-parse/sync")).parse;
}
