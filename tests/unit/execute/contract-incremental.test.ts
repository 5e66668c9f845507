// Contracts and incremental strategies through runModel on a real in-memory DuckDB.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import { runModel } from "../../../src/execute/run-model.js";
import { ContractError } from "../../../src/execute/contract.js";
import { SchemaChangeError } from "../../../src/execute/incremental.js";
import { nodeId, type CompiledNode, type ModelConfig } from "../../../src/core/node-types.js";
import { toModelConfig } from "../../../src/project/model-config.js";

let wh: DuckDBAdapter;
beforeEach(async () => {
  wh = await DuckDBAdapter.open(":memory:");
});
afterEach(async () => wh.close());

const model = (sql: string, config: Partial<ModelConfig>, extra: Partial<CompiledNode> = {}): CompiledNode => ({
  id: nodeId("model.p.m"), kind: "model", name: "m", path: "models/m.sql", config: { ...toModelConfig({ materialized: "table" }, "model"), ...config },
  relation: { schema: "main", name: "m" }, sql, dependsOn: [], sourceLines: [], checksum: "", ...extra,
});
const run = (n: CompiledNode) => runModel(n, wh, { fullRefresh: false });

describe("contracts", () => {
  const contract = { contract: { enforced: true, aliasTypes: true } };
  const cols = [
    { name: "id", dataType: "int", constraints: [{ type: "not_null" as const, warnUnenforced: true, warnUnsupported: true }] },
    { name: "label", dataType: "string", constraints: [] },
  ];

  it("builds the declared columns in order with their constraints, and DuckDB enforces them", async () => {
    await run(model("select 'x' as label, 1 as id", contract, { contractColumns: cols }));
    expect((await wh.describe("select * from m")).map((c) => `${c.name} ${c.type}`)).toEqual(["id INTEGER", "label VARCHAR"]);
    const e = await run(model("select 'x' as label, null::int as id", contract, { contractColumns: cols })).catch((x) => x);
    expect(String(e.message)).toMatch(/NOT NULL constraint failed/);
    expect(await wh.allJson("select * from m")).toEqual([{ id: 1, label: "x" }]); // the last good table stays
  });

  it("refuses a model whose columns differ, with dbt's mismatch table", async () => {
    const e = await run(model("select 1.5 as id, 'x' as name", contract, { contractColumns: cols })).catch((x) => x);
    expect(e).toBeInstanceOf(ContractError);
    expect(e.message).toBe([
      "This model has an enforced contract that failed.",
      "Please ensure the name, data_type, and number of columns in your contract match the columns in your model's definition.",
      "",
      "| column_name | definition_type | contract_type | mismatch_reason       |",
      "| ----------- | --------------- | ------------- | --------------------- |",
      "| id          | DECIMAL(2,1)    | INTEGER       | data type mismatch    |",
      "| label       |                 | VARCHAR       | missing in definition |",
      "| name        | VARCHAR         |               | missing in contract   |",
      "",
    ].join("\n"));
  });
});

describe("incremental", () => {
  const inc = (sql: string, c: Partial<ModelConfig>) => model(sql, { materialized: "incremental", ...c });

  it("merge updates matched keys and inserts the rest; delete+insert honours incremental_predicates", async () => {
    await run(inc("select 1 as id, 'a' as v union all select 2, 'b'", {}));
    await run(inc("select 2 as id, 'B' as v union all select 3, 'c'", { incrementalStrategy: "merge", uniqueKey: ["id"] }));
    expect(await wh.allJson("select * from m order by id")).toEqual([{ id: 1, v: "a" }, { id: 2, v: "B" }, { id: 3, v: "c" }]);
    await run(inc("select 1 as id, 'A' as v union all select 3, 'C'", { incrementalStrategy: "delete+insert", uniqueKey: ["id"], incrementalPredicates: ["id > 1"] }));
    expect(await wh.allJson("select * from m order by id, v")).toEqual([{ id: 1, v: "A" }, { id: 1, v: "a" }, { id: 2, v: "B" }, { id: 3, v: "C" }]);
  });

  it("on_schema_change: fail refuses a new column; append_new_columns adds it; ignore leaves it out", async () => {
    await run(inc("select 1 as id", {}));
    const e = await run(inc("select 2 as id, 'x' as extra", { onSchemaChange: "fail" })).catch((x) => x);
    expect(e).toBeInstanceOf(SchemaChangeError);
    expect(e.message).toContain("Source columns not in target: [extra]");
    await run(inc("select 2 as id, 'x' as extra", { onSchemaChange: "ignore" }));
    expect((await wh.describe("select * from m")).map((c) => c.name)).toEqual(["id"]);
    await run(inc("select 3 as id, 'y' as extra", { onSchemaChange: "append_new_columns" }));
    expect(await wh.allJson("select * from m order by id")).toEqual([{ id: 1, extra: null }, { id: 2, extra: null }, { id: 3, extra: "y" }]);
  });
});
