// Generic test ids carry dbt's hash suffix; the expected ids below are what dbt-core 1.11 wrote for
// tests/fixtures/dbt-diff (tests/differential re-checks them against a live dbt when the venv exists).
import { describe, expect, it } from "vitest";
import { genericTestHash, pyRepr } from "../../../src/testing/test-unique-id.js";

describe("dbt's generic test hash", () => {
  it.each([
    ["unique_stg_customers_id", "unique", { column_name: "id" }, "ref('stg_customers')", "a6a76acf47"],
    ["not_null_stg_customers_id", "not_null", { column_name: "id" }, "ref('stg_customers')", "6bd2c50f02"],
    ["accepted_values_stg_customers_name__Ada__Bob__Cy", "accepted_values", { column_name: "name", values: ["Ada", "Bob", "Cy"] }, "ref('stg_customers')", "817a2a7e86"],
    ["customer_name_present", "not_null", { column_name: "name" }, "ref('stg_customers')", "a225c95910"],
    ["relationships_dim_customers_v2_id__id__ref_stg_customers_", "relationships", { column_name: "id", to: "ref('stg_customers')", field: "id" }, "ref('dim_customers', version='2')", "4510af75f4"],
  ])("%s", (name, testName, kwargs, targetExpr, hash) => {
    expect(genericTestHash(name, { testName, kwargs, targetExpr })).toBe(hash);
  });

  it("reproduces Python's repr for quotes, escapes and nesting", async () => {
    expect(pyRepr({ a: ["it's", 'say "hi"', "both ' \""], b: { c: "x\ny\\" } })).toBe(
      `{'a': ["it's", 'say "hi"', 'both \\' "'], 'b': {'c': 'x\\ny\\\\'}}`,
    );
  });
});
