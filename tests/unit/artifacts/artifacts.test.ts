import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadProject } from "../../../src/project/index.js";
import { compileProject } from "../../../src/compile/index.js";
import { compiledPath, writeCompiled, writeManifest, writeRunResults } from "../../../src/artifacts/index.js";
import type { NodeResult } from "../../../src/core/results.js";
import { nodeId } from "../../../src/project/types.js";

const project = loadProject({ projectDir: resolve("tests/fixtures/shop") });
const nodes = await compileProject(project, {});

describe("artifacts", () => {
  it("writes compiled SQL under target/compiled/<project>/<path>, no temp files left", () => {
    const target = mkdtempSync(join(tmpdir(), "qe-target-"));
    writeCompiled(target, nodes);
    const orders = nodes.find((n) => n.name === "orders")!;
    expect(compiledPath(target, orders)).toBe(join(target, "compiled", "shop", "models", "marts", "orders.sql"));
    expect(readFileSync(compiledPath(target, orders), "utf8").trimEnd()).toBe(orders.sql.trimEnd());
    expect(existsSync(join(target, "compiled", "shop", "seeds"))).toBe(false);
    expect(readdirSync(join(target, "compiled", "shop", "models", "marts")).sort()).toEqual(["customers.sql", "order_status_log.sql", "orders.sql"]);
  });

  it("names generic-test files after the YAML they come from, by their short name as dbt does", () => {
    const t = { ...nodes[0]!, kind: "generic_test" as const, name: "unique_orders_order_id", path: "models/marts/_marts.yml", relation: { schema: "dbt_test__audit", name: "unique_orders_order_id" } };
    expect(compiledPath("/t", t)).toBe(join("/t", "compiled", "shop", "models", "marts", "_marts.yml", "unique_orders_order_id.sql"));
    const long = { ...t, name: "dbt_utils_accepted_range_january_date_day__cast_2024_01_31_as_date_", relation: { schema: "dbt_test__audit", name: "dbt_utils_accepted_range_janua_2844796d2544db0b324d20c6879b58f5" } };
    expect(compiledPath("/t", long)).toBe(join("/t", "compiled", "shop", "models", "marts", "_marts.yml", "dbt_utils_accepted_range_janua_2844796d2544db0b324d20c6879b58f5.sql"));
  });

  it("writes a dbt-shaped manifest", () => {
    const target = mkdtempSync(join(tmpdir(), "qe-target-"));
    writeManifest(target, project, nodes, { generatedAt: "2025-01-01T00:00:00Z" });
    const m = JSON.parse(readFileSync(join(target, "manifest.json"), "utf8"));
    expect(m.metadata).toMatchObject({ dbt_schema_version: "https://schemas.getdbt.com/dbt/manifest/v12.json", project_name: "shop", adapter_type: "duckdb", generated_at: "2025-01-01T00:00:00Z" });
    const o = m.nodes["model.shop.orders"];
    expect(o).toMatchObject({
      resource_type: "model", name: "orders", original_file_path: "models/marts/orders.sql", path: "marts/orders.sql",
      fqn: ["shop", "marts", "orders"], schema: "main", alias: "orders", relation_name: '"shop"."main"."orders"', database: "shop",
      config: { materialized: "table", tags: ["marts"], export: ["csv", "parquet"] },
      description: "One row per order, with the amount paid by each payment method.",
      depends_on: { nodes: ["model.shop.int_order_payments", "model.shop.stg_orders"] },
      compiled_path: join(target, "compiled/shop/models/marts/orders.sql"),
    });
    expect(o.checksum).toEqual({ name: "sha256", checksum: nodes.find((n) => n.name === "orders")!.checksum });
    expect(Object.keys(o.columns)).toEqual(["order_id", "amount"]);
    expect(m.nodes["seed.shop.raw_orders"].config.materialized).toBe("seed");
    expect(m.nodes["test.shop.assert_order_amount_not_negative"].resource_type).toBe("test");
    expect(m.child_map["model.shop.stg_orders"]).toEqual(["model.shop.order_status_log", "model.shop.orders"]);
    expect(m.parent_map["model.shop.customers"]).toEqual(["model.shop.orders", "model.shop.stg_customers"]);
    const inside = join(project.rootDir, "target-test-" + process.pid);
    writeManifest(inside, project, nodes);
    expect(JSON.parse(readFileSync(join(inside, "manifest.json"), "utf8")).nodes["model.shop.orders"].compiled_path).toBe(`target-test-${process.pid}/compiled/shop/models/marts/orders.sql`);
    rmSync(inside, { recursive: true });
    expect(m.docs["doc.shop.orders"].block_contents).toMatch(/^One row per order/);
  });

  it("writes dbt-shaped run_results", () => {
    const target = mkdtempSync(join(tmpdir(), "qe-target-"));
    const results: NodeResult[] = [
      { id: nodeId("model.shop.orders"), name: "orders", kind: "model", status: "success", elapsedMs: 1500, rowsAffected: 5 },
      { id: nodeId("test.shop.t"), name: "t", kind: "singular_test", status: "fail", elapsedMs: 20, failures: 3, message: "3 rows" },
    ];
    writeRunResults(target, results, 2000, { which: "build" });
    const r = JSON.parse(readFileSync(join(target, "run_results.json"), "utf8"));
    expect(r.metadata.dbt_schema_version).toBe("https://schemas.getdbt.com/dbt/run-results/v6.json");
    expect(r.elapsed_time).toBe(2);
    expect(r.args).toEqual({ which: "build" });
    expect(r.results[0]).toMatchObject({ unique_id: "model.shop.orders", status: "success", execution_time: 1.5, adapter_response: { rows_affected: 5 } });
    expect(r.results[1]).toMatchObject({ status: "fail", failures: 3, message: "3 rows" });
    expect(readdirSync(target).sort()).toEqual(["run_results.json"]);
  });
});

describe("writeCompiled: only what changed", () => {
  it("writes a first tree whole, then leaves unchanged files alone and rewrites changed ones", () => {
    const target = mkdtempSync(join(tmpdir(), "qe-target-"));
    const first = writeCompiled(target, nodes);
    const withSql = nodes.filter((n) => n.sql !== "").length;
    expect(first).toEqual({ written: withSql, unchanged: 0, swapped: true });
    expect(readdirSync(target)).toEqual(["compiled"]); // no staging folder left beside it
    const orders = nodes.find((n) => n.name === "orders")!;
    const customers = nodes.find((n) => n.name === "customers")!;
    const inode = (n: typeof orders) => statSync(compiledPath(target, n)).ino;
    const before = { orders: inode(orders), customers: inode(customers) };

    const again = writeCompiled(target, nodes);
    expect(again).toEqual({ written: 0, unchanged: withSql, swapped: false });
    expect(inode(orders)).toBe(before.orders);

    const edited = nodes.map((n) => (n === orders ? { ...n, sql: n.sql + "\n-- edited" } : n));
    expect(writeCompiled(target, edited)).toEqual({ written: 1, unchanged: withSql - 1, swapped: false });
    // As dbt writes compiled_code: the text as rendered, no newline added.
    expect(readFileSync(compiledPath(target, orders), "utf8")).toBe(orders.sql + "\n-- edited");
    expect(inode(customers)).toBe(before.customers);
    expect(readdirSync(join(target, "compiled", "shop", "models", "marts")).sort()).toEqual(["customers.sql", "order_status_log.sql", "orders.sql"]);
    rmSync(target, { recursive: true });
  });

  it("adds files into an existing tree and keeps the ones it was not asked to write", () => {
    const target = mkdtempSync(join(tmpdir(), "qe-target-"));
    const orders = nodes.find((n) => n.name === "orders")!;
    writeCompiled(target, [orders]);
    const rest = nodes.filter((n) => n !== orders && n.sql !== "");
    expect(writeCompiled(target, rest)).toMatchObject({ written: rest.length, swapped: false });
    for (const n of [orders, ...rest]) expect(existsSync(compiledPath(target, n)), n.name).toBe(true);
    rmSync(target, { recursive: true });
  });

  it("replaces a staging folder a killed run left behind", () => {
    const target = mkdtempSync(join(tmpdir(), "qe-target-"));
    const stale = join(target, `compiled.${process.pid}.tmp`, "shop");
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, "junk.sql"), "select 1\n");
    expect(writeCompiled(target, nodes).swapped).toBe(true);
    expect(existsSync(join(target, "compiled", "shop", "junk.sql"))).toBe(false);
    expect(readdirSync(target)).toEqual(["compiled"]);
    rmSync(target, { recursive: true });
  });

  it("writes manifest.json compact, as dbt does", () => {
    const target = mkdtempSync(join(tmpdir(), "qe-target-"));
    writeManifest(target, project, nodes);
    const text = readFileSync(join(target, "manifest.json"), "utf8");
    expect(text.trimEnd().split("\n")).toHaveLength(1);
    expect(JSON.parse(text).nodes["model.shop.orders"].name).toBe("orders");
    rmSync(target, { recursive: true });
  });
});
