import { describe, expect, it } from "vitest";
import { genericTestNames, testTarget } from "../../../src/testing/test-names.js";

describe("dbt test names", () => {
  it("joins test, target and flattened args", async () => {
    expect(genericTestNames("unique", "orders", { column_name: "order_id" })).toEqual({ name: "unique_orders_order_id", shortName: "unique_orders_order_id" });
    expect(genericTestNames("dbt_utils.accepted_range", "fct_marks", { column_name: "mark", min_value: 0, max_value: 100 }).name).toBe(
      "dbt_utils_accepted_range_fct_marks_mark__100__0",
    );
  });

  it("hashes long names as dbt does (jaffle_shop's orders.status test)", async () => {
    const values = ["placed", "shipped", "completed", "return_pending", "returned"];
    expect(genericTestNames("accepted_values", "orders", { column_name: "status", values })).toEqual({
      name: "accepted_values_orders_status__placed__shipped__completed__return_pending__returned",
      shortName: "accepted_values_orders_1ce6ab157c285f7cd2ac656013faf758",
    });
  });

  it("names source tests source_<test>_<source>_<table>, as dbt does, and cleans odd characters", async () => {
    const target = testTarget({ kind: "source", name: "students", sourceName: "raw" });
    expect(genericTestNames("relationships", target, { column_name: "programme_id", to: "ref('dim programme')", field: "id" }).name).toBe(
      "source_relationships_raw_students_programme_id__id__ref_dim_programme_",
    );
    expect(genericTestNames("dbt_utils.accepted_range", target, { column_name: "year", min_value: 1 }).name).toBe(
      "dbt_utils_source_accepted_range_raw_students_year__1",
    );
  });
});
