// The bundled dbt.* cross-database macros rendered for a Spark target: the spark__ variants where
// Spark SQL differs from the default (dates, arrays, listagg with a limit, quotes in literals,
// safe_cast, the series), the defaults where it does not, and api.Column's Spark type names.
// tests/e2e/spark-cluster.test.ts runs the same probes on a cluster.
import { describe, expect, it } from "vitest";
import { SPARK_MACRO_PROBES, renderOnSpark } from "../../helpers/spark-macro-probes.js";

describe("dbt.* macros with target.type == spark", async () => {
  const rendered = await renderOnSpark(SPARK_MACRO_PROBES);
  it.each(SPARK_MACRO_PROBES.map((p) => [p.name, p] as const))("%s", (_, p) => {
    expect(rendered.get(p.name)?.replace(/\s+/g, " ")).toBe(p.sql);
  });
});
