import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import { csvField, exportMarts } from "../../../src/export/index.js";
import { martNode } from "./mart-fixture.js";

const TRICKY = `
  create table tricky as select * from (values
    (1::bigint, 'plain', 0.1::double, 2.5::decimal(18,3), date '2024-02-29', true),
    (2, 'comma, inside', 1e21, -0.125, date '1999-12-31', false),
    (3, 'quote "q" and ''apos''', 1/3, 0, null, null),
    (4, E'line\\nbreak and\\r\\nCRLF', -0.0, null, date '2000-01-01', true),
    (5, 'ünïcødé — 日本語 🎓', 123456789.123, 99.999, date '2023-09-01', false),
    (6, null, null, 1, date '2024-01-01', true),
    (7, '', 5e-324, 3, date '2024-01-02', false),
    (8, '  padded  ', 9007199254740993, 4, date '2024-01-03', true)
  ) t(id, label, x, amount, due, flag)`;

let wh: DuckDBAdapter;
beforeEach(async () => {
  wh = await DuckDBAdapter.open(":memory:");
  await wh.exec(TRICKY);
});
afterEach(() => wh.close());

async function exportCsv(dir: string, runId = "run-1"): Promise<string> {
  await exportMarts(
    { wh, nodes: [martNode("tricky", ["csv"], ["id"])], projectRoot: dir, exportDir: dir, runId, vars: {}, charts: false, dashboard: false },
    () => undefined,
  );
  return readFileSync(join(dir, "tricky.csv"), "utf8");
}

describe("csvField", () => {
  it.each([
    [null, ""],
    ["", '""'],
    ["a", "a"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["x\ny", '"x\ny"'],
    ["x\ry", '"x\ry"'],
    [" lead", '" lead"'],
    [0.1, "0.1"],
    [1e21, "1e+21"],
    [12n, "12"],
    [true, "true"],
  ] as const)("%s → %s", (v, out) => {
    expect(csvField(v)).toBe(out);
  });
});

describe("CSV export", () => {
  it("round-trips through a real CSV parser: strings, NULLs, dates, decimals and doubles", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qe-csv-"));
    const text = await exportCsv(dir);
    expect(text.endsWith("\n")).toBe(true);
    expect(text.split("\n")[0]).toBe("id,label,x,amount,due,flag");
    // Unquoted empty means NULL, quoted empty means "": keep that distinction when parsing.
    const rows = parse(text, {
      columns: true,
      cast: (value, ctx) => (ctx.header ? value : !ctx.quoting && value === "" ? null : value),
    }) as Record<string, string | null>[];
    const mart = await wh.all<Record<string, unknown>>("select id, label, x, amount::varchar as amount, strftime(due, '%Y-%m-%d') as due, flag from tricky order by id");
    expect(rows).toHaveLength(mart.length);
    rows.forEach((row, i) => {
      const m = mart[i]!;
      expect(BigInt(row.id!)).toBe(m.id);
      expect(row.label).toBe(m.label);
      if (m.x === null) expect(row.x).toBeNull();
      else expect(Object.is(Number(row.x), m.x === -0 ? 0 : m.x) || Number(row.x) === m.x).toBe(true);
      expect(row.amount).toBe(m.amount);
      expect(row.due).toBe(m.due);
      expect(row.flag).toBe(m.flag === null ? null : String(m.flag));
    });
    // Exact text for the choices we document.
    expect(rows[0]).toEqual({ id: "1", label: "plain", x: "0.1", amount: "2.500", due: "2024-02-29", flag: "true" });
    expect(rows[1]!.x).toBe("1e+21");
    expect(rows[2]!.x).toBe(String(1 / 3));
    expect(rows[6]!.label).toBe("");
    expect(rows[5]!.label).toBeNull();
  });

  it("gives byte-identical files for the same data, whatever the run id or insertion order", async () => {
    const first = await exportCsv(mkdtempSync(join(tmpdir(), "qe-csv-")), "run-a");
    const again = await exportCsv(mkdtempSync(join(tmpdir(), "qe-csv-")), "run-b");
    expect(again).toBe(first);
    // Same rows inserted in reverse order: the export sorts by the grain, so bytes match.
    await wh.exec("create or replace table tricky as select * from tricky order by id desc");
    const reordered = await exportCsv(mkdtempSync(join(tmpdir(), "qe-csv-")), "run-c");
    expect(reordered).toBe(first);
    expect(first).not.toContain("run-");
  });

  it("streams a mart larger than one DuckDB chunk", async () => {
    await wh.exec("create table big as select i::bigint as id, 'row ' || i as label from range(5000) r(i)");
    const dir = mkdtempSync(join(tmpdir(), "qe-csv-"));
    const m = await exportMarts(
      { wh, nodes: [martNode("big", ["csv"])], projectRoot: dir, exportDir: dir, runId: "r", vars: {}, charts: false, dashboard: false },
      () => undefined,
    );
    const lines = readFileSync(join(dir, "big.csv"), "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(5001);
    expect(lines[1]).toBe("0,row 0");
    expect(lines[5000]).toBe("4999,row 4999");
    expect(m.files.find((f) => f.path === "big.csv")?.rows).toBe(5000);
  });
});
