import { describe, expect, it } from "vitest";
import { join, resolve } from "node:path";
import { loadProject, parseVarsArg } from "../../../src/project/index.js";
import { ProjectErrors, UsageError, formatError } from "../../../src/core/errors.js";
import { tempProject } from "./temp-project.js";

const SHOP = resolve("tests/fixtures/shop");

function errorsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ProjectErrors) return e.errors.map(formatError);
    throw e;
  }
  throw new Error("expected ProjectErrors");
}

describe("loadProject on the shop fixture", () => {
  const p = loadProject({ projectDir: SHOP });

  it("reads paths, models, seeds, macros, docs and singular tests", () => {
    expect(p.config.name).toBe("shop");
    expect(p.models.map((m) => m.path)).toEqual([
      "models/intermediate/int_order_payments.sql", "models/marts/customers.sql", "models/marts/order_status_log.sql",
      "models/marts/orders.sql", "models/staging/stg_customers.sql", "models/staging/stg_orders.sql", "models/staging/stg_payments.sql",
    ]);
    expect(p.seeds.map((s) => s.name)).toEqual(["raw_customers", "raw_orders", "raw_payments"]);
    expect(p.macroFiles.map((m) => m.path)).toEqual(["macros/cents_to_pounds.sql", "macros/generate_schema_name.sql"]);
    expect(p.singularTests.map((t) => t.id)).toEqual(["test.shop.assert_order_amount_not_negative"]);
    expect(p.docs["orders"]).toMatch(/^One row per order/);
  });

  it("applies folder configs by path", () => {
    const m = (n: string) => p.models.find((x) => x.name === n)!;
    expect(m("stg_orders").config).toMatchObject({ materialized: "view", schema: "staging", tags: ["staging"] });
    expect(m("orders").config).toMatchObject({ materialized: "table", tags: ["marts"], export: ["csv", "parquet"], exportOrderBy: ["order_id"] });
    expect(m("int_order_payments").config.materialized).toBe("ephemeral");
    expect(m("stg_orders").fqn).toEqual(["staging"]);
    expect(p.seeds[0]!.config.schema).toBe("raw");
  });

  it("keeps seed column_types and delimiter", () => {
    const c = p.seeds.find((s) => s.name === "raw_customers")!.config;
    expect(c.columnTypes).toEqual({ id: "integer", branch_code: "varchar" });
    expect(c.delimiter).toBe(",");
  });

  it("parses generic tests with their config", () => {
    const stg = p.models.find((x) => x.name === "stg_orders")!;
    const status = stg.columns.find((c) => c.name === "status")!;
    expect(status.tests[0]).toMatchObject({ testName: "accepted_values", columnName: "status", args: { values: ["placed", "shipped", "completed", "returned"] } });
    expect(status.tests[0]!.loc).toEqual({ file: "models/staging/_staging.yml", line: 21 });
    const pay = p.models.find((x) => x.name === "stg_payments")!.columns.find((c) => c.name === "payment_method")!;
    expect(pay.tests[0]!.config.severity).toBe("warn");
    expect(pay.tests[0]!.args).not.toHaveProperty("config");
  });

  it("takes the warehouse path from profiles.yml, and --db over it", () => {
    expect(p.databasePath).toBe(join(SHOP, "target/shop.duckdb"));
    expect(loadProject({ projectDir: SHOP, dbPath: "/tmp/x.duckdb" }).databasePath).toBe("/tmp/x.duckdb");
  });
});

describe("loadProject on small projects", () => {
  it("defaults the database to <target>/qe.duckdb and honours --target-path", () => {
    const dir = tempProject({});
    expect(loadProject({ projectDir: dir }).databasePath).toBe(join(dir, "target", "qe.duckdb"));
    expect(loadProject({ projectDir: dir, targetPath: "out" }).databasePath).toBe(join(dir, "out", "qe.duckdb"));
  });

  it("merges project-scoped vars and keeps --vars separate (they win at render time)", () => {
    const dir = tempProject({ "dbt_project.yml": "name: demo\nvars:\n  a: 1\n  demo:\n    b: 2\n" });
    const p = loadProject({ projectDir: dir, cliVars: { a: 9 } });
    expect(p.config.vars).toEqual({ a: 1, b: 2 });
    expect(p.cliVars).toEqual({ a: 9 });
  });

  it("honours custom paths and ignores vitest files in the test path", () => {
    const dir = tempProject({
      "dbt_project.yml": "name: demo\nmodel-paths: [sql]\ntest-paths: [tests/data]\n",
      "sql/a.sql": "select 1 as x",
      "models/ignored.sql": "select 2",
      "tests/data/t.sql": "select 1 where false",
      "tests/data/helper.test.ts": "export {}",
      "tests/generic/positive.sql": "{% test positive(model, column_name) %}select 1{% endtest %}",
    });
    const p = loadProject({ projectDir: dir });
    expect(p.models.map((m) => m.path)).toEqual(["sql/a.sql"]);
    expect(p.singularTests.map((t) => t.path)).toEqual(["tests/data/t.sql"]);
  });

  it("applies folder-level tests: configs under the YAML's tests", () => {
    const dir = tempProject({
      "dbt_project.yml": "name: demo\ntests:\n  demo:\n    +severity: warn\n    +store_failures: true\n",
      "models/m.sql": "select 1 as id",
      "models/_p.yml": "models:\n  - name: m\n    columns:\n      - name: id\n        tests: [unique, {not_null: {severity: error}}]\n",
    });
    const [u, nn] = loadProject({ projectDir: dir }).models[0]!.columns[0]!.tests;
    expect(u!.config).toMatchObject({ severity: "warn", storeFailures: true });
    expect(nn!.config).toMatchObject({ severity: "error", storeFailures: true });
  });

  it("finds {% test %} blocks in macro files", () => {
    const dir = tempProject({ "macros/tests.sql": "{% test is_even(model, column_name) %}select 1{% endtest %}" });
    expect(loadProject({ projectDir: dir }).genericTestNames).toEqual(["is_even"]);
  });

  it("reads sqlite sources, schemas and test config at both levels", () => {
    const dir = tempProject({
      "models/_sources.yml": [
        "version: 2", "sources:", "  - name: sis", "    loader: sqlite", "    meta: {sqlite_path: data/qe.db}", "    tables:",
        "      - name: students", "        identifier: student", "        columns:", "          - name: id",
        "            tests:", "              - unique:", "                  severity: warn", "                  config: {where: 'id > 0', limit: 3}",
        "  - name: other", "    schema: ext", "    tables: [{name: t}]",
      ].join("\n"),
    });
    const p = loadProject({ projectDir: dir });
    const [s, o] = p.sources;
    expect(s).toMatchObject({ id: "source.demo.sis.students", identifier: "student", schema: "sis", loader: { kind: "sqlite", path: "data/qe.db" } });
    expect(s!.columns[0]!.tests[0]!.config).toMatchObject({ severity: "warn", where: "id > 0", limit: 3 });
    expect(o).toMatchObject({ schema: "ext", identifier: "t" });
  });

  it("parses dbt 1.8 unit tests, dict and csv rows", () => {
    const dir = tempProject({
      "models/m.sql": "select 1",
      "models/_unit.yml": [
        "unit_tests:", "  - name: t1", "    model: m", "    given:", "      - input: ref('x')", "        rows: [{a: 1}]",
        "      - input: source('s', 't')", "        format: csv", "        rows: |", "          a,b", "          1,2",
        "    expect:", "      rows: [{a: 1}]",
      ].join("\n"),
    });
    const u = loadProject({ projectDir: dir }).unitTests[0]!;
    expect(u.given).toEqual([{ input: "ref('x')", rows: [{ a: 1 }] }, { input: "source('s', 't')", rows: [{ a: "1", b: "2" }] }]);
    expect(u.expect.rows).toEqual([{ a: 1 }]);
  });

  it("accepts documented dbt keys it does not act on, as notes", () => {
    const dir = tempProject({
      "dbt_project.yml": "name: demo\nrequire-dbt-version: '>=1.7.0'\nclean-targets: [target]\nquery-comment: x\nmodels:\n  demo:\n    +persist_docs: {relation: true}\n",
      "models/m.sql": "select 1",
    });
    const p = loadProject({ projectDir: dir });
    expect(p.config.cleanTargets).toEqual(["target"]);
    expect(p.notes.some((n) => n.includes("query-comment"))).toBe(true);
    expect(p.notes.some((n) => n.includes("persist_docs"))).toBe(true);
  });

  it("rejects unknown keys everywhere with a suggestion, all at once, sorted", () => {
    const dir = tempProject({
      "dbt_project.yml": "name: demo\nmodel-path: [models]\nmodels:\n  demo:\n    +materialised: table\n    stagin:\n      +tags: [x]\n",
      "models/staging/a.sql": "select 1",
      "models/_p.yml": "version: 2\nmodels:\n  - name: a\n    descripton: x\n    config: {uniqe_key: id}\n",
    });
    expect(errorsOf(() => loadProject({ projectDir: dir }))).toEqual([
      "dbt_project.yml:2: error[unknown-key]: unknown key 'model-path' in dbt_project.yml (did you mean 'model-paths'?)",
      "dbt_project.yml:5: error[unknown-key]: unknown key 'materialised' in models config in dbt_project.yml (did you mean 'materialized'?)",
      "models/_p.yml:4: error[unknown-key]: unknown key 'descripton' in model 'a' (did you mean 'description'?)",
      "models/_p.yml:5: error[unknown-key]: unknown key 'uniqe_key' in config of model 'a' (did you mean 'unique_key'?)",
    ]);
  });

  it("warns, as dbt does, about a folder-config path that names nothing, and configures packages by name", () => {
    const dir = tempProject({
      "dbt_project.yml": "name: demo\nmodels:\n  demo:\n    stagin:\n      +tags: [x]\n  helpers:\n    +schema: h\n",
      "models/staging/a.sql": "select 1",
      "dbt_packages/helpers/dbt_project.yml": "name: helpers\n",
    });
    expect(loadProject({ projectDir: dir, partialParse: false }).notes).toEqual([
      "warning: dbt_project.yml:4: 'stagin' under models.demo names no folder, model or config, so this configuration path applies to nothing (did you mean 'staging'?)",
    ]);
  });

  it("names file and line of a YAML syntax error", () => {
    const dir = tempProject({ "models/_p.yml": "version: 2\nmodels:\n  - name: a\n   bad: [\n" });
    const errs = errorsOf(() => loadProject({ projectDir: dir }));
    expect(errs[0]).toMatch(/^models\/_p\.yml:4(:\d+)?: error\[yaml-syntax\]/);
  });

  it("warns, as dbt does, about properties for a model that does not exist, and loads the rest", () => {
    const dir = tempProject({ "models/orders.sql": "select 1", "models/_p.yml": "models:\n  - name: order\n" });
    const p = loadProject({ projectDir: dir });
    expect(p.models.map((m) => m.name)).toEqual(["orders"]);
    expect(p.notes).toEqual([
      "warning: models/_p.yml:2: did not find matching node for patch with name 'order' in the 'models' section (no model file is named order); did you mean 'orders'?",
    ]);
  });

  it("rejects unsupported materializations", () => {
    const dir = tempProject({ "models/m.sql": "select 1", "models/_p.yml": "models:\n  - name: m\n    config: {materialized: materialized_view}\n" });
    expect(errorsOf(() => loadProject({ projectDir: dir }))).toEqual(["models/_p.yml:3: error[invalid-config]: materialized 'materialized_view' is not supported (use one of view, table, incremental, ephemeral)"]);
  });
});

describe("parseVarsArg", () => {
  it("reads JSON and YAML mappings", () => {
    expect(parseVarsArg('{"pass_mark": 40}')).toEqual({ pass_mark: 40 });
    expect(parseVarsArg("pass_mark: 40\nterm: autumn")).toEqual({ pass_mark: 40, term: "autumn" });
    expect(parseVarsArg("")).toEqual({});
  });
  it("rejects non-mappings and bad syntax", () => {
    expect(() => parseVarsArg("[1, 2]")).toThrow(UsageError);
    expect(() => parseVarsArg("42")).toThrow(UsageError);
    expect(() => parseVarsArg("{a: [}")).toThrow(UsageError);
  });
});
