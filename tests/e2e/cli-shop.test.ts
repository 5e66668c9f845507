// A project written for dbt-duckdb (tests/fixtures/shop) builds unmodified through the real CLI,
// and its incremental model appends/merges only new rows on a second run.
import { appendFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBAdapter } from "../../src/adapters/duckdb/index.js";
import { runCli, type CliOutcome } from "../helpers/run-cli.js";
import { copyProject } from "../helpers/temp-project.js";

const SHOP = resolve(import.meta.dirname, "../fixtures/shop");

async function query<T extends Record<string, unknown>>(dbPath: string, sql: string): Promise<T[]> {
  const wh = await DuckDBAdapter.open(dbPath);
  try {
    return await wh.all<T>(sql);
  } finally {
    wh.close();
  }
}

describe("qe build on a dbt-duckdb project (shop fixture)", () => {
  let dir: string;
  let db: string;
  let first: CliOutcome;

  beforeAll(async () => {
    dir = copyProject(SHOP, "qe-shop-");
    db = join(dir, "target", "shop.duckdb"); // profiles.yml's duckdb path
    first = await runCli(["build", "--project-dir", dir], dir);
  });

  afterAll(() => undefined);

  it("builds seeds, views, tables, the ephemeral and incremental models, and passes its schema.yml tests", () => {
    expect(first.exitCode, first.stderr + first.stdout).toBe(0);
    expect(first.stdout).toMatch(/SUCCESS seed raw_orders/);
    expect(first.stdout).toMatch(/SUCCESS model order_status_log/);
    expect(first.stdout).toMatch(/PASS generic_test unique_stg_orders_order_id/);
    expect(first.stdout).not.toMatch(/ (FAIL|ERROR|SKIPPED) /);
    expect(existsSync(db)).toBe(true);
    expect(existsSync(join(dir, "target", "run_results.json"))).toBe(true);
  });

  it("keeps seed codes exactly as written (column_types) and honours +schema", async () => {
    const rows = await query<{ branch_code: string }>(db, `select branch_code from "main"."customers" order by customer_id`);
    expect(rows.map((r) => r.branch_code)).toEqual(["0042", "0107", "0042", "1200"]);
    const schemas = await query<{ s: string }>(db, "select distinct table_schema as s from information_schema.tables order by 1");
    expect(schemas.map((r) => r.s)).toEqual(expect.arrayContaining(["main", "raw", "staging"]));
  });

  it("inlines the ephemeral model instead of creating it", async () => {
    const rows = await query(db, "select 1 from information_schema.tables where table_name = 'int_order_payments'");
    expect(rows).toEqual([]);
  });

  it("a second run of the incremental model adds only the new rows; --full-refresh rebuilds", async () => {
    const before = await query<{ n: bigint }>(db, `select count(*) as n from "main"."order_status_log"`);
    appendFileSync(join(dir, "seeds", "raw_orders.csv"), "7,2,2024-03-05,placed\n");
    const again = await runCli(["build", "--project-dir", dir], dir);
    expect(again.exitCode, again.stderr + again.stdout).toBe(0);
    expect(again.stdout).toMatch(/SUCCESS model order_status_log/);
    const added = await query(db, `select order_id from "main"."order_status_log" where order_id = 7`);
    expect(added.length).toBe(1);
    const after = await query<{ n: bigint }>(db, `select count(*) as n from "main"."order_status_log"`);
    // Rows on or after the previous max(order_date) are re-merged by unique_key, never duplicated.
    const dupes = await query(db, `select order_id from "main"."order_status_log" group by 1 having count(*) > 1`);
    expect(dupes).toEqual([]);
    expect(Number(after[0]!.n)).toBe(Number(before[0]!.n) + 1);
    const refreshed = await runCli(["run", "--project-dir", dir, "-s", "order_status_log", "--full-refresh"], dir);
    expect(refreshed.exitCode, refreshed.stderr).toBe(0);
    const total = await query<{ n: bigint }>(db, `select count(*) as n from "main"."order_status_log"`);
    expect(Number(total[0]!.n)).toBe(Number(before[0]!.n) + 1);
  });
});
