import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import type { RunEvent } from "../../../src/core/results.js";
import type { UnitTestDecl } from "../../../src/project/types.js";
import { runUnitTests } from "../../../src/testing/run-unit-tests.js";
import { compareRows, formatDiff, sameValue } from "../../../src/testing/unit-compare.js";
import { fixtureColumns, fixtureSelect, inferType } from "../../../src/testing/unit-fixtures.js";
import { sparkDialect } from "../../../src/adapters/spark/index.js";
import { column, miniRenderer, model, project, source } from "./helpers.js";

const PASS_RATE_SQL = `
select m.module_code, avg(case when s.mark >= {{ 40 }} then 1 else 0 end) as pass_rate, count(*) as n
from {{ ref('stg_marks') }} s
join {{ source('raw', 'modules') }} m on s.module_id = m.id
group by 1`;

const GIVEN: UnitTestDecl["given"] = [
  { input: "ref('stg_marks')", rows: [{ module_id: 1, mark: 50 }, { module_id: 1, mark: 30 }, { module_id: 2, mark: 70 }] },
  { input: "source('raw', 'modules')", rows: [{ id: 1, module_code: "QE101" }, { id: 2, module_code: "QE102" }] },
];

function unitTest(expectRows: Record<string, unknown>[], given = GIVEN): UnitTestDecl {
  return { name: "pass_rate_by_module", model: "kpi_pass_rate", given, expect: { rows: expectRows }, loc: { file: "models/marts/_marts.yml", line: 20 } };
}

function qeProject() {
  const p = project({
    models: [model("stg_marks"), model("kpi_pass_rate", [], [], PASS_RATE_SQL)],
    sources: [source("raw", "modules", [column("module_code")])],
  });
  p.databasePath = join(mkdtempSync(join(tmpdir(), "qe-unit-")), "qe.duckdb");
  return p;
}

describe("unit tests", () => {
  let wh: DuckDBAdapter;
  beforeEach(async () => {
    wh = await DuckDBAdapter.open(":memory:");
  });
  afterEach(async () => wh.close());

  it("pass when the model's output matches, in any order, reading fixtures only and creating nothing in the warehouse", async () => {
    const p = qeProject();
    // A real table where the model's ref points: the unit test must read its fixture, not this.
    await wh.exec("create table main.stg_marks as select 1 as module_id, 0 as mark");
    const events: RunEvent[] = [];
    const t = unitTest([{ module_code: "QE102", pass_rate: 1 }, { module_code: "QE101", pass_rate: 0.5 }]);
    const [r] = await runUnitTests(p, [t], miniRenderer(p), wh, (e) => events.push(e));
    expect(r).toMatchObject({ id: "unit_test.qe.kpi_pass_rate.pass_rate_by_module", kind: "unit_test", status: "pass" });
    expect(events.map((e) => e.type)).toEqual(["start", "done"]);
    expect([...(await wh.listRelations()).keys()]).toEqual(["main.stg_marks"]);
  });

  it("show a row diff on mismatch: + expected missing, - unexpected", async () => {
    const p = qeProject();
    const t = unitTest([{ module_code: "QE101", pass_rate: 0.75, n: 2 }, { module_code: "QE102", pass_rate: 1, n: 1 }]);
    const [r] = await runUnitTests(p, [t], miniRenderer(p), wh, () => {});
    expect(r!.status).toBe("fail");
    expect(r!.message).toBe(
      [
        "unit test pass_rate_by_module on model kpi_pass_rate (models/marts/_marts.yml):",
        "rows differ: 1 expected row missing (+), 1 unexpected row (-); compared on module_code, pass_rate, n",
        '+ {module_code: "QE101", pass_rate: 0.75, n: 2}',
        '- {module_code: "QE101", pass_rate: 0.5, n: 2}',
      ].join("\n"),
    );
  });

  it("report a missing input as an error naming what to give", async () => {
    const p = qeProject();
    const [r] = await runUnitTests(p, [unitTest([], GIVEN.slice(0, 1))], miniRenderer(p), wh, () => {});
    expect(r!.status).toBe("error");
    expect(r!.message).toMatch(/modules.*does not exist/is);
    expect(r!.message).toContain("needs a `given:` entry");
    expect(r!.error?.loc).toEqual({ file: "models/marts/_marts.yml", line: 20 });
  });

  it("use declared data_type over inference (CSV rows arrive as text)", async () => {
    const p = qeProject();
    p.sources[0]!.columns = [{ name: "module_code", dataType: "VARCHAR", meta: {}, tests: [] }];
    const given = [
      { input: "ref('stg_marks')", rows: [{ module_id: "1", mark: "40" }] },
      { input: "source('raw', 'modules')", rows: [{ id: "1", module_code: "007" }] },
    ];
    const [r] = await runUnitTests(p, [unitTest([{ module_code: "007", pass_rate: 1, n: 1 }], given)], miniRenderer(p), wh, () => {});
    expect(r).toMatchObject({ status: "pass" });
  });
});

describe("unit test helpers", () => {
  it.each([
    [[1, 2, null], "BIGINT"], [[1, 2.5], "DOUBLE"], [["1", "2"], "BIGINT"], [["007"], "VARCHAR"], [[true], "BOOLEAN"],
    [["2024-09-30"], "DATE"], [["2024-09-30 10:00:00", "2024-09-30"], "TIMESTAMP"], [["x", 1], "VARCHAR"], [[null], "VARCHAR"],
  ] as const)("infers %j as %s", (values, type) => {
    expect(inferType(values)).toBe(type);
  });

  it("adds declared columns the rows leave out, as nulls", async () => {
    expect(fixtureColumns([{ a: 1 }], { B: "DATE" }, ["a", "b", "c"])).toEqual([{ name: "a", type: "BIGINT" }, { name: "b", type: "DATE" }, { name: "c", type: "VARCHAR" }]);
  });

  it("prefers declared types, case-insensitively", async () => {
    expect(fixtureColumns([{ Mark: 1, b: "x" }], { mark: "DECIMAL(5,2)" })).toEqual([{ name: "Mark", type: "DECIMAL(5,2)" }, { name: "b", type: "VARCHAR" }]);
  });

  it("writes fixture rows as a typed select, in the engine's text type and string literals", () => {
    const cols = [{ name: "name", type: "VARCHAR" }, { name: "n", type: "BIGINT" }];
    expect(fixtureSelect([{ name: "O'Brien", n: 1 }, { name: null, n: "" }], cols)).toBe(
      `select cast('O''Brien' as VARCHAR) as "name", cast(1 as BIGINT) as "n"\nunion all\nselect cast(null as VARCHAR) as "name", cast(null as BIGINT) as "n"`,
    );
    expect(fixtureSelect([{ name: "O'Brien", n: 1 }], cols, sparkDialect)).toBe(`select cast('O\\'Brien' as string) as "name", cast(1 as BIGINT) as "n"`);
    expect(fixtureSelect([], cols, sparkDialect)).toBe(`select cast(null as string) as "name", cast(null as BIGINT) as "n" where 1 = 0`);
    // A seed's column_types written for DuckDB (varchar): Spark wants no length-less varchar.
    expect(fixtureSelect([{ bin: "" }], [{ name: "bin", type: "varchar" }], sparkDialect)).toBe(`select cast('' as string) as "bin"`);
  });

  it("compares numbers with tolerance and text exactly", async () => {
    expect(sameValue(0.1 + 0.2, "0.3")).toBe(true);
    expect(sameValue(1, "1.0000001")).toBe(false);
    expect(sameValue("a", "A")).toBe(false);
    expect(sameValue(null, 0)).toBe(false);
    expect(sameValue(true, true)).toBe(true);
  });

  it("diffs duplicates as a multiset", async () => {
    const d = compareRows([{ a: 1 }, { a: 1 }], [{ a: 1, b: 9 }], ["a", "b"]);
    expect(formatDiff(d)).toBe("rows differ: 1 expected row missing (+); compared on a\n+ {a: 1}");
  });
});
