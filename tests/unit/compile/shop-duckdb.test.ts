// The shop's compiled SQL runs in real DuckDB, in dependency order: the fixture is real dbt SQL.
import { describe, expect, it } from "vitest";
import { resolve, join } from "node:path";
import { loadProject } from "../../../src/project/index.js";
import { compileProject } from "../../../src/compile/index.js";
import type { CompiledNode } from "../../../src/compile/types.js";
import { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import { quoteIdent, quoteLiteral, quoteRelation } from "../../../src/adapters/quote.js";

const SHOP = resolve("tests/fixtures/shop");

describe("shop in DuckDB", () => {
  it("builds seeds and models; seed column_types keep leading zeros", async () => {
    const project = loadProject({ projectDir: SHOP });
    const nodes = await compileProject(project, {});
    // In a catalog named as dbt-duckdb names the shop's file (target.database), where compiled SQL names relations.
    const wh = await DuckDBAdapter.open(":memory:", { catalog: project.target.database });
    try {
      const done = new Set<string>();
      const pending = nodes.filter((n) => n.kind === "model" || n.kind === "seed");
      while (pending.length > 0) {
        const i = pending.findIndex((n) => n.dependsOn.every((d) => done.has(d)));
        expect(i).toBeGreaterThanOrEqual(0);
        const n = pending.splice(i, 1)[0]!;
        await build(wh, n, project.rootDir, project.seeds.find((s) => s.id === n.id)?.config.columnTypes ?? {});
        done.add(n.id);
      }
      const rows = await wh.all(`select branch_code, round(lifetime_value, 2)::double as lifetime_value from "main"."customers" order by customer_id`);
      expect(rows.map((r) => r["branch_code"])).toEqual(["0042", "0107", "0042", "1200"]);
      expect(rows.map((r) => Number(r["lifetime_value"]))).toEqual([37.49, 30, 52.99, 0]);
    } finally {
      wh.close();
    }
  });
});

async function build(wh: DuckDBAdapter, n: CompiledNode, root: string, columnTypes: Record<string, string>): Promise<void> {
  await wh.exec(`create schema if not exists ${quoteIdent(n.relation.schema)}`);
  if (n.kind === "seed") {
    const types = Object.entries(columnTypes).map(([k, v]) => `${quoteLiteral(k)}: ${quoteLiteral(v)}`).join(", ");
    await wh.exec(`create table ${quoteRelation(n.relation)} as select * from read_csv(${quoteLiteral(join(root, n.path))}, header = true${types ? `, types = {${types}}` : ""})`);
    return;
  }
  if (n.config.materialized === "ephemeral") return;
  const kind = n.config.materialized === "view" ? "view" : "table";
  await wh.exec(`create ${kind} ${quoteRelation(n.relation)} as ${n.sql}`);
}
