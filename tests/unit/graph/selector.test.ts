import { describe, expect, it } from "vitest";
import { buildGraph, selectNodes, SelectorError } from "../../../src/graph/index.js";
import { link, node, short } from "./fixtures.js";

// Eleven nodes: two sources, a seed, two staging views, a table, an incremental mart, an
// independent ephemeral model, and three tests (one spanning two models).
const graph = buildGraph(
  link([
    node("raw.students", { kind: "source" }),
    node("raw.modules", { kind: "source" }),
    node("country_codes", { kind: "seed", config: { tags: ["ref"] } }),
    node("stg_students", { path: "models/staging/stg_students.sql", deps: ["raw.students", "country_codes"], config: { tags: ["staging"] } }),
    node("stg_modules", { path: "models/staging/stg_modules.sql", deps: ["raw.modules"], config: { tags: ["staging"] } }),
    node("fct_progress", { path: "models/marts/fct_progress.sql", deps: ["stg_students", "stg_modules"], config: { materialized: "table", tags: ["kpi"] } }),
    node("kpi_pass_rate", { path: "models/marts/kpi_pass_rate.sql", deps: ["fct_progress"], config: { materialized: "incremental", tags: ["kpi", "daily"], uniqueKey: ["cohort"] } }),
    node("orphan", { path: "models/misc/orphan.sql", config: { materialized: "ephemeral" } }),
    node("not_null_stg_students_id", { kind: "generic_test", path: "models/staging/_staging.yml", deps: ["stg_students"] }),
    node("relationships_fct_progress_module", { kind: "generic_test", path: "models/marts/_marts.yml", deps: ["fct_progress", "stg_modules"] }),
    node("assert_pass_rate_range", { kind: "singular_test", path: "tests/assert_pass_rate_range.sql", deps: ["kpi_pass_rate"] }),
  ]),
);

const ALL = short(graph.order);
const T_STG = "not_null_stg_students_id";
const T_REL = "relationships_fct_progress_module";
const T_KPI = "assert_pass_rate_range";

// [select, exclude, expected (any order; compared sorted)]
const cases: [string[], string[], string[]][] = [
  [[], [], ALL],
  [["stg_students"], [], ["stg_students", T_STG]],
  [["stg_*"], [], ["stg_students", "stg_modules", T_STG, T_REL]],
  [["+fct_progress"], [], ["raw.students", "raw.modules", "country_codes", "stg_students", "stg_modules", "fct_progress", T_STG, T_REL]],
  [["1+fct_progress"], [], ["stg_students", "stg_modules", "fct_progress", T_STG, T_REL]],
  [["stg_modules+"], [], ["stg_modules", "fct_progress", "kpi_pass_rate", T_REL, T_KPI]],
  [["stg_modules+1"], [], ["stg_modules", "fct_progress", T_REL]],
  [["@stg_modules"], [], ["raw.students", "raw.modules", "country_codes", "stg_students", "stg_modules", "fct_progress", "kpi_pass_rate", T_STG, T_REL, T_KPI]],
  [["tag:kpi"], [], ["fct_progress", "kpi_pass_rate", T_REL, T_KPI]],
  [["tag:kpi,tag:daily"], [], ["kpi_pass_rate", T_KPI]],
  [["tag:staging tag:ref"], [], ["stg_students", "stg_modules", "country_codes", T_STG, T_REL]],
  [["tag:staging", "tag:ref"], [], ["stg_students", "stg_modules", "country_codes", T_STG, T_REL]],
  [["path:models/marts"], [], ["fct_progress", "kpi_pass_rate", T_REL, T_KPI]],
  [["path:models/marts/fct_progress.sql"], [], ["fct_progress", T_REL]],
  [["models/staging"], [], ["stg_students", "stg_modules", T_STG, T_REL]],
  [["config.materialized:view"], [], ["stg_students", "stg_modules", T_STG, T_REL]],
  [["config.materialized:incremental,config.unique_key:cohort"], [], ["kpi_pass_rate", T_KPI]],
  [["resource_type:seed"], [], ["country_codes"]],
  [["resource_type:source"], [], ["raw.students", "raw.modules"]],
  [["resource_type:test"], [], [T_STG, T_REL, T_KPI]],
  [["test_type:singular"], [], [T_KPI]],
  [["source:raw"], [], ["raw.students", "raw.modules"]],
  [["source:raw.modules+1"], [], ["raw.modules", "stg_modules", T_REL]],
  [["staging"], [], ["stg_students", "stg_modules", T_STG, T_REL]],
  [["proj.marts.kpi_pass_rate"], [], ["kpi_pass_rate", T_KPI]],
  [["file:orphan.sql"], [], ["orphan"]],
  [["+kpi_pass_rate"], ["tag:staging"], ["raw.students", "raw.modules", "country_codes", "fct_progress", "kpi_pass_rate", T_REL, T_KPI]],
  [["tag:staging"], ["stg_modules"], ["stg_students", T_STG]],
  [["stg_students+"], [T_KPI], ["stg_students", "fct_progress", "kpi_pass_rate", T_STG, T_REL]],
  [[], ["resource_type:test", "orphan"], ["raw.students", "raw.modules", "country_codes", "stg_students", "stg_modules", "fct_progress", "kpi_pass_rate"]],
  [[T_REL], [], [T_REL]],
  [["+" + T_KPI], [], ["raw.students", "raw.modules", "country_codes", "stg_students", "stg_modules", "fct_progress", "kpi_pass_rate", T_STG, T_REL, T_KPI]],
];

describe("selectNodes", () => {
  it.each(cases)("select %j exclude %j", (select, exclude, expected) => {
    expect(short(selectNodes(graph, select, exclude)).sort()).toEqual([...expected].sort());
  });

  it("returns ids in topological order", () => {
    const got = short(selectNodes(graph, ["+kpi_pass_rate"], []));
    expect(got.indexOf("stg_students")).toBeLessThan(got.indexOf("fct_progress"));
    expect(got.indexOf("fct_progress")).toBeLessThan(got.indexOf("kpi_pass_rate"));
  });

  it("rejects a name that matches nothing, with a did-you-mean hint", () => {
    const e = catchError(() => selectNodes(graph, ["stg_studnets"], []));
    expect(e).toBeInstanceOf(SelectorError);
    expect(e.message).toContain("stg_studnets");
    expect(e.hint).toBe("did you mean 'stg_students'?");
  });

  it("suggests the closest tag for an unknown tag", () => {
    expect(catchError(() => selectNodes(graph, ["tag:kpis"], [])).hint).toBe("did you mean 'tag:kpi'?");
  });

  it.each([["@+x"], ["a+b"], ["colour:red"], ["tag:"], ["config:view"]])("rejects bad syntax %s", (sel) => {
    expect(catchError(() => selectNodes(graph, [sel], []))).toBeInstanceOf(SelectorError);
  });

  it("suggests a method for a misspelt one", () => {
    expect(catchError(() => selectNodes(graph, ["tags:kpi"], [])).hint).toBe("did you mean 'tag:'?");
  });
});

function catchError(fn: () => unknown): SelectorError {
  try {
    fn();
  } catch (e) {
    return e as SelectorError;
  }
  throw new Error("expected an error");
}

describe("indirect selection of tests (--indirect-selection)", () => {
  // T_REL reads fct_progress and stg_modules.
  const rows: [string[], "eager" | "cautious" | "buildable", string[]][] = [
    [["fct_progress"], "eager", ["fct_progress", T_REL]],
    [["fct_progress"], "cautious", ["fct_progress"]],
    // stg_modules is upstream of fct_progress, so it exists after the run: buildable takes T_REL.
    [["fct_progress"], "buildable", ["fct_progress", T_REL]],
    [["1+fct_progress"], "buildable", ["stg_students", "stg_modules", "fct_progress", T_STG, T_REL]],
    [["fct_progress", "stg_modules"], "cautious", ["fct_progress", "stg_modules", T_REL]],
    // stg_modules selected, fct_progress neither selected nor upstream of it: buildable leaves T_REL out, eager takes it.
    [["stg_modules"], "buildable", ["stg_modules"]],
    [["stg_modules"], "eager", ["stg_modules", T_REL]],
  ];
  it.each(rows)("select %j with %s", (select, mode, expected) => {
    expect(short(selectNodes(graph, select, [], mode)).sort()).toEqual([...expected].sort());
  });
});
