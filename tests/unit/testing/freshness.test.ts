// Source freshness on a real in-memory DuckDB: grading, filters, runtime errors, sources.json.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import { checkFreshness, freshnessTargets, grade } from "../../../src/testing/freshness.js";
import { buildSourcesJson } from "../../../src/artifacts/sources-json.js";
import { nodeId, type SourceTableNode } from "../../../src/project/types.js";

let wh: DuckDBAdapter;
beforeAll(async () => {
  wh = await DuckDBAdapter.open(":memory:");
  await wh.exec(`create schema raw; create table raw.loads (id int, loaded_at timestamp);
    insert into raw.loads values (1, '2025-01-01 00:00:00'), (2, '2025-01-03 00:00:00');
    create table raw.empty (loaded_at timestamp)`);
});
afterAll(async () => wh.close());

const NOW = Date.parse("2025-01-04T00:00:00Z");
const table = (name: string, over: Partial<SourceTableNode>): SourceTableNode => ({
  kind: "source", id: nodeId(`source.p.raw.${name}`), sourceName: "raw", name, identifier: name, schema: "raw",
  columns: [], tests: [], loc: { file: "models/_s.yml", line: 1 }, loadedAtField: "loaded_at", ...over,
});

describe("source freshness", () => {
  it("grades by age: past error_after is an error, past warn_after a warning (strictly older)", async () => {
    const rule = { warnAfter: { count: 1, period: "day" as const }, errorAfter: { count: 2, period: "day" as const } };
    expect(grade(rule, 86400)).toBe("pass");
    expect(grade(rule, 86401)).toBe("warn");
    expect(grade(rule, 2 * 86400 + 1)).toBe("error");
  });

  it("reads the newest load time after the filter, and reports missing tables and load fields per table", async () => {
    const tables = freshnessTargets([
      table("loads", { freshness: { warnAfter: { count: 12, period: "hour" } } }),
      table("filtered", { identifier: "loads", freshness: { errorAfter: { count: 2, period: "day" }, filter: "id = 1" } }),
      table("gone", { freshness: { warnAfter: { count: 1, period: "day" } } }),
      table("nofield", { identifier: "loads", loadedAtField: undefined, freshness: { warnAfter: { count: 1, period: "day" } } }),
      table("empty", { freshness: { errorAfter: { count: 1, period: "day" } } }),
      table("off", {}),
    ]);
    expect(tables.map((t) => t.name)).toEqual(["empty", "filtered", "gone", "loads", "nofield"]);
    const r = Object.fromEntries((await checkFreshness(tables, wh, () => NOW, () => 0)).map((x) => [x.tableName, x]));
    expect(r["loads"]).toMatchObject({ status: "warn", maxLoadedAt: "2025-01-03T00:00:00.000Z", ageSeconds: 86400 });
    expect(r["filtered"]).toMatchObject({ status: "error", maxLoadedAt: "2025-01-01T00:00:00.000Z", ageSeconds: 3 * 86400 });
    expect(r["gone"]!.status).toBe("runtime error");
    expect(r["gone"]!.error).toMatch(/raw\.gone|gone/);
    expect(r["nofield"]!.error).toMatch(/no 'loaded_at_field' provided/);
    expect(r["empty"]!.status).toBe("error");

    const json = buildSourcesJson(Object.values(r), 10) as { results: Record<string, unknown>[] };
    const loads = json.results.find((x) => x["unique_id"] === "source.p.raw.loads")!;
    expect(loads).toMatchObject({
      max_loaded_at: "2025-01-03T00:00:00+00:00", snapshotted_at: "2025-01-04T00:00:00+00:00", max_loaded_at_time_ago_in_s: 86400, status: "warn",
      criteria: { warn_after: { count: 12, period: "hour" }, error_after: { count: null, period: null }, filter: null },
    });
    expect(Object.keys(json.results.find((x) => x["unique_id"] === "source.p.raw.gone")!).sort()).toEqual(["error", "execution_time", "status", "thread_id", "timing", "unique_id"]);
  });
});
