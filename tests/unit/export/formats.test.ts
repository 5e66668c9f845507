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
  // DuckDB's SUM of BIGINT is HUGEINT: a count that fits int64 goes out as BIGINT, a wider one as DECIMAL(38,0).
  await wh.exec(`create table sums as select * from (values
    (1::bigint, 12::hugeint, 99999999999999999999999999999999999999::hugeint),
    (2, null, -5)) t(id, answers, huge)`);
  dir = mkdtempSync(join(tmpdir(), "qe-formats-"));
  manifest = await exportMarts(
    { wh, nodes: [martNode("typed", ALL, ["id"]), martNode("empty_mart", ALL), martNode("sums", ALL, ["id"])], projectRoot: dir, exportDir: dir, runId: "r1", vars: {}, charts: false, dashboard: false },
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
      id: "Int64", n: "Int32", label: "Utf8", x: "Float64", amount: "Decimal[9e+2]",
      due: "Date32<DAY>", flag: "Bool", at: "Timestamp<MILLISECOND>",
    });
    const rows = table.toArray().map((r) => r.toJSON());
    expect(rows.map((r) => r.id)).toEqual([1n, 2n, 3n]);
    expect(rows[0]).toMatchObject({ n: 10, label: "ünï", x: 1 / 3, flag: false, at: null });
    expect(rows[1]).toMatchObject({ n: 20, label: 'b, "two"', x: 0.25, flag: true });
    // Decimal128 holds the unscaled integer exactly: -2.25 at scale 2 is -225.
    const amount = table.getChild("amount")!;
    expect([amount.get(0), amount.get(1)].map((v) => String(v))).toEqual(["-225", "150"]);
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

describe("wide integers", () => {
  it("narrows a HUGEINT count to int64 and a too-wide one to DECIMAL(38,0) in every format, never to text", async () => {
    const table = tableFromIPC(readFileSync(join(dir, "sums.arrow")));
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(["id:Int64", "answers:Int64", "huge:Decimal[38e0]"]);
    expect(table.getChild("answers")!.toArray()[0]).toBe(12n);
    expect(String(table.getChild("huge")!.get(0))).toBe("99999999999999999999999999999999999999");
    expect(String(table.getChild("huge")!.get(1))).toBe("-5");
    const parquet = await wh.describe(`select * from read_parquet(${quoteLiteral(join(dir, "sums.parquet"))})`);
    expect(parquet.map((c) => c.type)).toEqual(["BIGINT", "BIGINT", "DECIMAL(38,0)"]);
    expect(readFileSync(join(dir, "sums.csv"), "utf8")).toBe("id,answers,huge\n1,12,99999999999999999999999999999999999999\n2,,-5\n");
    expect(manifest.files.find((f) => f.path === "sums.csv")?.columns).toEqual([
      { name: "id", type: "BIGINT", unit: "identifier" }, { name: "answers", type: "BIGINT", martType: "HUGEINT", unit: "count" },
      { name: "huge", type: "DECIMAL(38,0)", martType: "HUGEINT", unit: "number" },
    ]);
  });
});

describe("manifest", () => {
  it("lists every data file with rows, columns and a checksum of its bytes", async () => {
    const { createHash } = await import("node:crypto");
    const paths = manifest.files.map((f) => f.path);
    expect(paths).toEqual([
      "data_dictionary.csv", "empty_mart.arrow", "empty_mart.csv", "empty_mart.parquet", "sums.arrow", "sums.csv", "sums.parquet", "typed.arrow", "typed.csv", "typed.parquet",
    ]);
    for (const f of manifest.files.filter((f) => f.mart && f.mart !== "sums")) {
      const bytes = readFileSync(join(dir, f.path));
      expect(f.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(f.bytes).toBe(bytes.length);
      expect(f.rows).toBe(f.mart === "typed" ? 3 : 0);
    }
    expect(readFileSync(join(dir, "data_dictionary.csv"), "utf8").split("\n").slice(0, 3)).toEqual([
      "mart,column,type,mart_type,unit,population,description", "empty_mart,id,BIGINT,BIGINT,identifier,,", "empty_mart,label,VARCHAR,VARCHAR,text,,",
    ]);
    expect(manifest.files.find((f) => f.path === "typed.csv")?.columns?.map((c) => c.type)).toEqual([
      "BIGINT", "INTEGER", "VARCHAR", "DOUBLE", "DECIMAL(9,2)", "DATE", "BOOLEAN", "TIMESTAMP",
    ]);
    expect(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"))).toEqual(manifest);
  });
});
