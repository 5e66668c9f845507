// Golden compiled SQL for the shop fixture: review diffs of tests/fixtures/shop/.golden like code.
import { describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { loadProject } from "../../../src/project/index.js";
import { compileProject } from "../../../src/compile/index.js";
import { nodeId } from "../../../src/project/types.js";

const SHOP = resolve("tests/fixtures/shop");

const project = loadProject({ projectDir: SHOP });
const nodes = await compileProject(project, {});

describe("compiling the shop fixture", () => {
  const byName = new Map(nodes.map((n) => [n.name, n]));

  it.each(nodes.filter((n) => n.sql !== "").map((n) => [n.path, n] as const))("%s matches its golden", async (path, n) => {
    await expect(n.sql).toMatchFileSnapshot(resolve(SHOP, ".golden/compiled", path));
  });

  it("returns models, seeds and singular tests with relations and parents", () => {
    expect(nodes.map((n) => `${n.kind}:${n.name}`).sort()).toEqual([
      "model:customers", "model:int_order_payments", "model:order_status_log", "model:orders",
      "model:stg_customers", "model:stg_orders", "model:stg_payments",
      "seed:raw_customers", "seed:raw_orders", "seed:raw_payments", "singular_test:assert_order_amount_not_negative",
    ]);
    expect(byName.get("stg_orders")!.relation).toEqual({ database: "shop", schema: "staging", name: "stg_orders" });
    expect(byName.get("raw_orders")!.relation).toEqual({ database: "shop", schema: "raw", name: "raw_orders" });
    expect(byName.get("orders")!.dependsOn).toEqual(["model.shop.stg_orders", "model.shop.int_order_payments"]);
    expect(byName.get("orders")!.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it("takes config() in the SQL over folder config", () => {
    const log = byName.get("order_status_log")!;
    expect(log.config).toMatchObject({ materialized: "incremental", uniqueKey: ["order_id"], tags: ["marts"] });
    expect(log.config.incrementalStrategy).toBeUndefined();
  });

  it("renders is_incremental() only when the relation exists and not on full refresh", async () => {
    const only = new Set([nodeId("model.shop.order_status_log")]);
    const existing = new Set(["main.order_status_log"]);
    const inc = await compileProject(project, { existingRelations: existing, only });
    expect(inc).toHaveLength(1);
    expect(inc[0]!.sql).toContain(`where order_date >= (select max(order_date) from "shop"."main"."order_status_log")`);
    const full = await compileProject(project, { existingRelations: existing, only, fullRefresh: true });
    expect(full[0]!.sql).not.toContain("where order_date");
    expect(byName.get("order_status_log")!.sql).not.toContain("where order_date");
  });

  it("maps compiled lines back to template lines", () => {
    const n = byName.get("stg_payments")!;
    const lines = n.sql.split("\n");
    const i = lines.findIndex((l) => l.includes("round(amount / 100.0, 2)"));
    expect(n.sourceLines[i]).toBe(5);
    const orders = byName.get("orders")!;
    const j = orders.sql.split("\n").findIndex((l) => l.includes("coalesce(payments.voucher_amount, 0)"));
    expect(orders.sourceLines[j]).toBe(18); // the loop body line in models/marts/orders.sql
  });
});
