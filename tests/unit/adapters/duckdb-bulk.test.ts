// The DuckDB appender takes chunks of any size: a Spark Arrow batch copied into DuckDB for exports
// can hold far more than the 2048 rows one DuckDB data chunk takes.
import { afterEach, describe, expect, it } from "vitest";
import { openDuckDB } from "../../../src/adapters/open.js";
import type { DuckDBAdapter } from "../../../src/adapters/duckdb/duckdb-adapter.js";

let wh: DuckDBAdapter | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

describe("DuckDB appender", () => {
  it("appends a 5,000-row chunk whole, in order", async () => {
    wh = await openDuckDB(":memory:");
    await wh.exec("create table t (i BIGINT, s VARCHAR)");
    const rows = 5000;
    const ids = Array.from({ length: rows }, (_, i) => BigInt(i));
    const texts = ids.map((i) => (i % 7n === 0n ? null : `row ${i}`));
    const appender = await wh.bulk.appender({ schema: "main", name: "t" }, ["BIGINT", "VARCHAR"]);
    try {
      appender.appendChunk([ids, texts], rows);
      appender.flush();
    } finally {
      appender.close();
    }
    const [agg] = await wh.all<{ n: bigint; total: bigint; nulls: bigint; last: string }>(
      "select count(*) as n, sum(i) as total, count(*) filter (where s is null) as nulls, max_by(s, i) as last from t",
    );
    expect(Number(agg!.n)).toBe(rows);
    expect(Number(agg!.total)).toBe((rows * (rows - 1)) / 2);
    expect(Number(agg!.nulls)).toBe(Math.ceil(rows / 7));
    expect(agg!.last).toBe("row 4999");
  });
});
