import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import { loadSeed, loadSeeds, SeedError } from "../../../src/load/index.js";
import { nodeId, type SeedNode } from "../../../src/project/types.js";
import { config } from "../graph/fixtures.js";

let wh: DuckDBAdapter;
let root: string;
beforeEach(async () => {
  wh = await DuckDBAdapter.open(":memory:");
  root = mkdtempSync(join(tmpdir(), "qe-seed-"));
  mkdirSync(join(root, "seeds"));
});
afterEach(() => wh.close());

function seed(name: string, csv: string, columnTypes: Record<string, string> = {}, schema?: string): SeedNode {
  writeFileSync(join(root, "seeds", `${name}.csv`), csv);
  return {
    kind: "seed",
    id: nodeId(`seed.proj.${name}`),
    name,
    path: `seeds/${name}.csv`,
    columns: [],
    tests: [],
    fqn: [name],
    config: { ...config({ schema }), columnTypes, delimiter: "," },
  };
}

const types = async (rel: string) =>
  Object.fromEntries((await wh.describe(`select * from ${rel}`)).map((c) => [c.name, c.type]));

describe("loadSeed", () => {
  it("infers the narrowest type that keeps every value", async () => {
    const csv = [
      "id,code,price,ratio,flag,day,at,note,big,empty,wide,minute",
      "1,0042,12.50,1e3,true,2024-01-31,2024-01-31 10:00:00,x,12345678901234567890,,3000000000,2024-01-31 10:00",
      "2,0100,3,0.25,False,2024-02-29,2024-02-01T09:30,,1,,-5,2024-01-31 10:01",
    ].join("\n");
    const r = await loadSeed(wh, seed("s", csv), root);
    expect(r.rows).toBe(2);
    // INTEGER as dbt-duckdb types agate integers; BIGINT past int32 (dbt-duckdb would fail to load);
    // "YYYY-MM-DD hh:mm" stays text, as agate leaves it.
    expect(await types("main.s")).toEqual({
      id: "INTEGER",
      wide: "BIGINT",
      minute: "VARCHAR",
      code: "VARCHAR",
      price: "DOUBLE",
      ratio: "DOUBLE",
      flag: "BOOLEAN",
      day: "DATE",
      at: "TIMESTAMP",
      note: "VARCHAR",
      big: "VARCHAR",
      empty: "VARCHAR",
    });
    const rows = await wh.allJson("select code, big, note from main.s order by id");
    expect(rows).toEqual([
      { code: "0042", big: "12345678901234567890", note: "x" },
      { code: "0100", big: "1", note: null },
    ]);
  });

  it("keeps text that only looks numeric or dated: mixed, signed, impossible dates", async () => {
    const csv = "a,b,c,d\n1,+5,2024-02-30,1.5\nx,6,2024-01-01,007\n";
    await loadSeed(wh, seed("m", csv), root);
    expect(await types("main.m")).toEqual({ a: "VARCHAR", b: "VARCHAR", c: "VARCHAR", d: "VARCHAR" });
  });

  it("honours column_types exactly, in the configured schema", async () => {
    const r = await loadSeed(wh, seed("codes", "code,n\n0042,1\n7,2\n", { code: "VARCHAR", n: "INTEGER" }, "ref"), root);
    expect(r.types).toEqual({ code: "VARCHAR", n: "INTEGER" });
    expect(await wh.allJson("select code from ref.codes order by n")).toEqual([{ code: "0042" }, { code: "7" }]);
  });

  it("names the file and line of a value that does not fit column_types", async () => {
    const e = await loadSeed(wh, seed("bad", "n\n1\n2\nabc\n", { n: "INTEGER" }), root).catch((x) => x);
    expect(e).toBeInstanceOf(SeedError);
    expect(e.loc).toEqual({ file: "seeds/bad.csv", line: 4 });
    expect(e.message).toContain("'abc'");
  });

  it("rejects a column_types key the file lacks, with a suggestion", async () => {
    const e = await loadSeed(wh, seed("c", "code\n1\n", { cod: "VARCHAR" }), root).catch((x) => x);
    expect(e).toBeInstanceOf(SeedError);
    expect(e.hint).toBe("did you mean 'code'?");
  });

  it("names file and line for malformed CSV and keeps the previous table", async () => {
    const s = seed("t", "a,b\n1,2\n");
    await loadSeed(wh, s, root);
    writeFileSync(join(root, "seeds", "t.csv"), "a,b\n1,2\n3\n4,5\n");
    const e = await loadSeed(wh, s, root).catch((x) => x);
    expect(e).toBeInstanceOf(SeedError);
    expect(e.loc).toEqual({ file: "seeds/t.csv", line: 3 });
    expect(await wh.allJson("select * from main.t")).toEqual([{ a: 1, b: 2 }]); // INTEGERs as JSON numbers
  });

  it("reports an unclosed quote", async () => {
    const e = await loadSeed(wh, seed("q", 'a,b\n1,"open\n2,3\n'), root).catch((x) => x);
    expect(e).toBeInstanceOf(SeedError);
    expect(e.loc.file).toBe("seeds/q.csv");
  });

  it("replaces a previous load and preserves row order", async () => {
    const s = seed("r", "k\nb\na\n");
    await loadSeed(wh, s, root);
    writeFileSync(join(root, "seeds", "r.csv"), "k\nz\ny\nx\n");
    await loadSeed(wh, s, root);
    expect((await wh.allJson<{ k: string }>("select k from main.r")).map((r) => r.k)).toEqual(["z", "y", "x"]);
  });

  it("loadSeeds reports each seed as a result and keeps going after a bad one", async () => {
    const results = await loadSeeds(wh, [seed("ok1", "a\n1\n"), seed("bad", "a,b\n1\n"), seed("ok2", "a\n2\n")], root, () => {});
    expect(results.map((r) => r.status)).toEqual(["success", "error", "success"]);
  });
});
