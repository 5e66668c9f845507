// dbt_utils' own macros (tests/fixtures/utils, a vendored 1.3.3 subset) through the real CLI on a
// fresh warehouse: models and tests whose templates query relations their parents build
// (get_column_values, star, union_relations, equality without compare_columns) are compiled again
// when they run, as dbt compiles each node then; the project's dispatch override wins.
// tests/e2e/dbt-differential.test.ts compares the same build with dbt's.
import { join, resolve } from "node:path";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { DuckDBAdapter } from "../../src/adapters/duckdb/index.js";
import { runCli, type CliOutcome } from "../helpers/run-cli.js";
import { copyProject } from "../helpers/temp-project.js";
import { tempProject } from "../unit/project/temp-project.js";

const UTILS = resolve(import.meta.dirname, "../fixtures/utils");

describe("qe build on a dbt_utils project (utils fixture)", () => {
  let dir: string;
  let build: CliOutcome;
  const query = async <T extends Record<string, unknown>>(sql: string): Promise<T[]> => {
    const wh = await DuckDBAdapter.open(join(dir, "target", "utils.duckdb"));
    try {
      return await wh.all<T>(sql);
    } finally {
      await wh.close();
    }
  };

  beforeAll(async () => {
    dir = copyProject(UTILS, "qe-utils-");
    const deps = await runCli(["deps", "--project-dir", dir], dir);
    expect(deps.exitCode, deps.stderr).toBe(0);
    build = await runCli(["build", "--project-dir", dir], dir);
  }, 120_000);

  it("builds everything; only the warn-severity tests warn", () => {
    expect(build.exitCode, build.stderr + build.stdout).toBe(0);
    const statuses = (JSON.parse(readFileSync(join(dir, "target/run_results.json"), "utf8")) as { results: { unique_id: string; status: string }[] }).results;
    const notOk = statuses.filter((r) => !["success", "pass"].includes(r.status)).map((r) => `${r.unique_id.split(".")[2]} ${r.status}`).sort();
    expect(notOk).toEqual(["amounts_under_fifty warn", "last_names_all_present warn", "orders_ship_one_item_each warn"]);
    expect(statuses.length).toBeGreaterThan(20);
  });

  it("pivots on the values the built staging view holds (get_column_values at run time)", async () => {
    const cols = await query<{ column_name: string }>(
      "select column_name from information_schema.columns where table_schema = 'main_marts' and table_name = 'orders_by_status' order by ordinal_position",
    );
    expect(cols.map((c) => c.column_name)).toEqual(["customer_id", "completed", "placed", "returned", "shipped"]);
    expect(readFileSync(join(dir, "target/compiled/utils_fixture/models/marts/orders_by_status.sql"), "utf8")).toContain(`as "completed"`);
  });

  it("stars the seed's columns but email, and unions relations with different columns", async () => {
    const star = await query<{ column_name: string }>(
      "select column_name from information_schema.columns where table_schema = 'main_staging' and table_name = 'stg_customers' order by ordinal_position",
    );
    expect(star.map((c) => c.column_name)).toEqual(["customer_id", "first_name", "last_name", "signup_date", "customer_key"]);
    const union = await query<{ channel: string | null; n: bigint }>("select channel, count(*) as n from main_marts.all_orders group by all order by all");
    expect(union).toEqual([{ channel: "store", n: 1n }, { channel: "web", n: 1n }, { channel: null, n: 2n }]);
  });

  it("dispatches safe_divide to the project's duckdb__ macro first", async () => {
    const rows = await query<{ unit_price: number | null }>("select unit_price from main_staging.stg_orders where order_id in (101, 104) order by order_id");
    expect(rows.map((r) => (r.unit_price === null ? null : Number(r.unit_price)))).toEqual([10, null]);
  });
});

// The same mechanism without dbt_utils:
// on an empty warehouse, templates that read relations their parents build compile when they run.
describe("qe build compiles warehouse-querying templates when their node runs", () => {
  const files = {
    "dbt_project.yml": "name: late\nconfig-version: 2\nprofile: late\n",
    "profiles.yml": "late:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/late.duckdb\n",
    "models/base.sql": "select 1 as a, 'x' as b union all select 2, 'y'",
    "models/star.sql": "{% set cols = adapter.get_columns_in_relation(ref('base')) %}select {{ cols | map(attribute='name') | join(', ') }} from {{ ref('base') }}",
    "models/vals.sql": "{% set r = run_query('select distinct b from ' ~ ref('base') ~ ' order by b') %}select {% for v in r.columns[0].values() %}'{{ v }}' as v{{ loop.index }}{{ ', ' if not loop.last }}{% endfor %}",
    "tests/generic/has_columns.sql": "{% test has_columns(model, n) %}{% set cols = adapter.get_columns_in_relation(model) %}select 1 as failure where {{ cols | length }} != {{ n }}{% endtest %}",
    "models/_m.yml": "version: 2\nmodels:\n  - name: star\n    data_tests:\n      - has_columns:\n          n: 2\n",
  };

  it("builds every node, with the SQL the built parents give", async () => {
    const dir = tempProject(files);
    const build = await runCli(["build", "--project-dir", dir], dir);
    expect(build.exitCode, build.stderr + build.stdout).toBe(0);
    const compiled = (p: string) => readFileSync(join(dir, "target/compiled/late", p), "utf8");
    expect(compiled("models/star.sql")).toBe('select a, b from "late"."main"."base"');
    expect(compiled("models/vals.sql")).toBe("select 'x' as v1, 'y' as v2");
    expect(compiled("models/_m.yml/has_columns_star_2.sql")).toBe("select 1 as failure where 2 != 2");
    const statuses = (JSON.parse(readFileSync(join(dir, "target/run_results.json"), "utf8")) as { results: { unique_id: string; status: string }[] }).results;
    expect(statuses.map((r) => r.status).sort()).toEqual(["pass", "success", "success", "success"]);
  });

  it("qe compile on the empty warehouse fails where dbt compile fails: the relation does not exist yet", async () => {
    const dir = tempProject(files);
    const out = await runCli(["compile", "--project-dir", dir], dir);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/base/);
  });
});

describe("a generic test's fail_calc, set by config() in its macro as dbt_utils.equality does", () => {
  it("is what warn_if / error_if compare, and the failure count reported", async () => {
    const dir = tempProject({
      "dbt_project.yml": "name: calc\nconfig-version: 2\nprofile: calc\n",
      "profiles.yml": "calc:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/calc.duckdb\n",
      "models/m.sql": "select 1 as x union all select 2 union all select 3",
      // Fails on rows with x > 1 (two of them), but counts their sum: 5.
      "tests/generic/summed.sql": "{% test summed(model, column_name) %}{{ config(fail_calc='sum(' ~ column_name ~ ')', warn_if='>4', error_if='>100') }}select {{ column_name }} from {{ model }} where {{ column_name }} > 1{% endtest %}",
      "models/_m.yml": "version: 2\nmodels:\n  - name: m\n    columns:\n      - name: x\n        data_tests: [summed]\n",
    });
    const build = await runCli(["build", "--project-dir", dir], dir);
    expect(build.exitCode, build.stderr + build.stdout).toBe(0);
    const results = (JSON.parse(readFileSync(join(dir, "target/run_results.json"), "utf8")) as { results: { unique_id: string; status: string; failures: number | null }[] }).results;
    expect(results.find((r) => r.unique_id.startsWith("test."))).toMatchObject({ status: "warn", failures: 5 });
  });
});
