import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import { quoteLiteral } from "../../../src/adapters/quote.js";
import { exportMarts, type ExportManifest } from "../../../src/export/index.js";
import { ALL, martNode } from "./mart-fixture.js";

let wh: DuckDBAdapter;
let dir: string;
let manifest: ExportManifest;

beforeAll(async () => {
  wh = await DuckDBAdapter.open(":memory:");
  await wh.exec(`create table typed as select * from (values
    (2::bigint, 20::integer, 'b, "two"', 0.25::double, 1.5::decimal(9,2), date '2024-02-29', true, timestamp '2024-01-02 03:04:05'),
    (1, 10, 'ünï', 1/3, -2.25, date '1970-01-01', false, null),
    (3, null, null, null, null, null, null, timestamp '1999-12-31 23:59:59')
  ) t(id, n, label, x, amount, due, flag, "at")`);
  await wh.exec("create table empty_mart (id bigint, label varchar)");
  dir = mkdtempSync(join(tmpdir(), "qe-formats-"));
  manifest = await exportMarts(
    { wh, nodes: [martNode("typed", ALL, ["id"]), martNode("empty_mart", ALL)], projectRoot: dir, exportDir: dir, runId: "r1", vars: {}, charts: false, dashboard: false },
    () => undefined,
  );
});
afterAll(() => wh.close());

describe("Parquet", () => {
  it("reads back through DuckDB read_parquet with the mart's types and rows, in grain order", async () => {
    const file = quoteLiteral(join(dir, "typed.parquet"));
    const back = await wh.all(`select * from read_parquet(${file})`);
    const mart = await wh.all("select * from typed order by id");
    expect(back).toEqual(mart);
    const types = await wh.describe(`select * from read_parquet(${file})`);
    expect(types).toEqual(await wh.describe("select * from typed"));
    const diff = await wh.all(`select * from (select * from typed except select * from read_parquet(${file}))`);
    expect(diff).toEqual([]);
  });
});

describe("Arrow IPC", () => {
  it("reads back through apache-arrow with the documented type mapping", () => {
    const table = tableFromIPC(readFileSync(join(dir, "typed.arrow")));
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toEqual({
      id: "Int64", n: "Int32", label: "Utf8", x: "Float64", amount: "Float64",
      due: "Date32<DAY>", flag: "Bool", at: "Timestamp<MILLISECOND>",
    });
    const rows = table.toArray().map((r) => r.toJSON());
    expect(rows.map((r) => r.id)).toEqual([1n, 2n, 3n]);
    expect(rows[0]).toMatchObject({ n: 10, label: "ünï", x: 1 / 3, amount: -2.25, flag: false, at: null });
    expect(rows[1]).toMatchObject({ n: 20, label: 'b, "two"', x: 0.25, amount: 1.5, flag: true });
    expect(new Date(rows[1]!.due as number).toISOString().slice(0, 10)).toBe("2024-02-29");
    expect(new Date(rows[0]!.due as number).toISOString().slice(0, 10)).toBe("1970-01-01");
    expect(new Date(rows[1]!.at as number).toISOString()).toBe("2024-01-02T03:04:05.000Z");
    expect(rows[2]).toMatchObject({ n: null, label: null, x: null, amount: null, due: null, flag: null });
  });

  it("writes an empty mart as a readable file that still carries the schema", () => {
    const table = tableFromIPC(readFileSync(join(dir, "empty_mart.arrow")));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(["id:Int64", "label:Utf8"]);
  });
});

describe("manifest", () => {
  it("lists every data file with rows, columns and a checksum of its bytes", async () => {
    const { createHash } = await import("node:crypto");
    const paths = manifest.files.map((f) => f.path);
    expect(paths).toEqual([
      "empty_mart.arrow", "empty_mart.csv", "empty_mart.parquet", "typed.arrow", "typed.csv", "typed.parquet",
    ]);
    for (const f of manifest.files) {
      const bytes = readFileSync(join(dir, f.path));
      expect(f.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(f.bytes).toBe(bytes.length);
      expect(f.rows).toBe(f.mart === "typed" ? 3 : 0);
    }
    expect(manifest.files.find((f) => f.path === "typed.csv")?.columns?.map((c) => c.type)).toEqual([
      "BIGINT", "INTEGER", "VARCHAR", "DOUBLE", "DECIMAL(9,2)", "DATE", "BOOLEAN", "TIMESTAMP",
    ]);
    expect(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"))).toEqual(manifest);
  });
});
