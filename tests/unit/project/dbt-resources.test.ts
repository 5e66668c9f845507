// Versions, contracts, constraints, source freshness and YAML snapshots as the loader types them.
import { describe, expect, it } from "vitest";
import { loadProject } from "../../../src/project/index.js";
import { ProjectErrors, formatError } from "../../../src/core/errors.js";
import { tempProject } from "./temp-project.js";

function errorsOf(dir: string): string[] {
  try {
    loadProject({ projectDir: dir, partialParse: false });
  } catch (e) {
    if (e instanceof ProjectErrors) return e.errors.map(formatError);
    throw e;
  }
  throw new Error("expected ProjectErrors");
}
const load = (files: Record<string, string>) => loadProject({ projectDir: tempProject(files), partialParse: false });

describe("model versions", () => {
  const props = `
models:
  - name: dim_customers
    latest_version: 1
    config: {materialized: table}
    columns:
      - {name: id, data_type: int}
      - {name: email, data_type: varchar}
    versions:
      - v: 1
        defined_in: dim_customers
      - v: 2
        deprecation_date: 2030-01-01
        columns:
          - include: all
            exclude: [email]
          - {name: country, data_type: varchar}
`;
  it("makes one node per version with dbt's ids, relations and columns", () => {
    const p = load({ "models/_m.yml": props, "models/dim_customers.sql": "select 1 as id, 'a' as email", "models/dim_customers_v2.sql": "select 1 as id, 'uk' as country" });
    const byV = Object.fromEntries(p.models.map((m) => [m.version ?? "", m] as const));
    expect(Object.keys(byV).sort()).toEqual(["1", "2"]);
    expect(byV["1"]!.id).toBe("model.demo.dim_customers.v1");
    expect(byV["2"]!.id).toBe("model.demo.dim_customers.v2");
    expect(byV["1"]!.name).toBe("dim_customers");
    expect(byV["2"]!.config.alias).toBe("dim_customers_v2");
    expect(byV["2"]!.config.materialized).toBe("table");
    expect(byV["2"]!.columns.map((c) => c.name)).toEqual(["id", "country"]);
    expect(byV["1"]!.columns.map((c) => c.name)).toEqual(["id", "email"]);
    expect(byV["2"]!.latestVersion).toBe("1");
    expect(byV["2"]!.deprecationDate).toMatch(/^2030-01-01/);
  });

  it("reports a version without a file and a latest_version that is not declared", () => {
    const errs = errorsOf(tempProject({
      "models/_m.yml": "models:\n  - name: m\n    latest_version: 3\n    versions:\n      - v: 1\n      - v: 2\n",
      "models/m_v1.sql": "select 1 as id",
    }));
    expect(errs).toEqual([
      "models/_m.yml:3: error[invalid-properties]: latest_version: 3 is not one of model 'm' versions: [1, 2]",
      "models/_m.yml:6: error[unknown-model]: version 2 of model 'm' has no file: expected m_v2.sql (name the file <model>_v<version>.sql or set defined_in:)",
    ]);
  });
});

describe("contracts and constraints", () => {
  it("types contract config and column/model constraints", () => {
    const p = load({
      "models/_m.yml": `
models:
  - name: m
    config: {contract: {enforced: true}, on_schema_change: append_new_columns}
    constraints:
      - {type: primary_key, columns: [id]}
      - {type: check, expression: "id > 0"}
    columns:
      - name: id
        data_type: integer
        constraints: [{type: not_null}, {type: unique}]
`,
      "models/m.sql": "select 1 as id",
    });
    const m = p.models[0]!;
    expect(m.config.contract).toEqual({ enforced: true, aliasTypes: true });
    expect(m.config.onSchemaChange).toBe("append_new_columns");
    expect(m.constraints!.map((c) => c.type)).toEqual(["primary_key", "check"]);
    expect(m.columns[0]!.constraints!.map((c) => c.type)).toEqual(["not_null", "unique"]);
  });

  it("rejects unknown constraint types, check without expression and bad on_schema_change where written", () => {
    const errs = errorsOf(tempProject({
      "models/_m.yml": "models:\n  - name: m\n    config: {on_schema_change: sometimes}\n    columns:\n      - name: id\n        constraints: [{type: nonnull}, {type: check}]\n",
      "models/m.sql": "select 1 as id",
    }));
    expect(errs.join("\n")).toContain("on_schema_change 'sometimes' is not valid");
    expect(errs.join("\n")).toContain("constraint type 'nonnull'");
    expect(errs.join("\n")).toContain("check constraint on column 'id' of model 'm' needs an expression");
  });
});

describe("source freshness", () => {
  it("inherits source freshness into tables, key by key; null turns it off", () => {
    const p = load({
      "models/_s.yml": `
sources:
  - name: raw
    loaded_at_field: loaded_at
    freshness:
      warn_after: {count: 12, period: hour}
      error_after: {count: 1, period: day}
    tables:
      - name: a
      - name: b
        freshness: {warn_after: {count: 1, period: minute}, filter: "x > 0"}
        loaded_at_field: "cast(ts as timestamp)"
      - name: c
        freshness: null
`,
    });
    const t = Object.fromEntries(p.sources.map((s) => [s.name, s]));
    expect(t["a"]!.freshness).toEqual({ warnAfter: { count: 12, period: "hour" }, errorAfter: { count: 1, period: "day" } });
    expect(t["a"]!.loadedAtField).toBe("loaded_at");
    expect(t["b"]!.freshness).toEqual({ warnAfter: { count: 1, period: "minute" }, errorAfter: { count: 1, period: "day" }, filter: "x > 0" });
    expect(t["b"]!.loadedAtField).toBe("cast(ts as timestamp)");
    expect(t["c"]!.freshness).toBeUndefined();
  });

  it("names a bad period", () => {
    const errs = errorsOf(tempProject({ "models/_s.yml": "sources:\n  - name: raw\n    freshness:\n      warn_after: {count: 2, period: week}\n    tables: [{name: a}]\n" }));
    expect(errs).toEqual(["models/_s.yml:4: error[invalid-properties]: warn_after.period of source 'raw' is 'week' (use minute, hour, day)"]);
  });
});

describe("YAML snapshots", () => {
  it("types strategy, keys, hard deletes and meta column names, with dbt_project.yml folder config", () => {
    const p = load({
      "dbt_project.yml": "name: demo\nsnapshots:\n  demo:\n    +target_schema: snaps\n",
      "models/m.sql": "select 1 as id",
      "snapshots/_s.yml": `
snapshots:
  - name: m_history
    relation: ref('m')
    config:
      strategy: check
      unique_key: [id, kind]
      check_cols: all
      hard_deletes: new_record
      dbt_valid_to_current: "'9999-12-31'::timestamp"
      snapshot_meta_column_names: {dbt_valid_from: valid_from}
`,
    });
    const s = p.snapshots![0]!;
    expect(s.id).toBe("snapshot.demo.m_history");
    expect(s.rawSql).toBe("select * from {{ ref('m') }}");
    expect(s.targetSchema).toBe("snaps");
    expect(s.snapshot).toMatchObject({ strategy: "check", uniqueKey: ["id", "kind"], checkCols: "all", hardDeletes: "new_record", validToCurrent: "'9999-12-31'::timestamp" });
    expect(s.snapshot!.metaColumns.dbt_valid_from).toBe("valid_from");
    expect(s.snapshot!.metaColumns.dbt_valid_to).toBe("dbt_valid_to");
  });

  it("refuses a timestamp snapshot without updated_at, and an unknown config key", () => {
    const errs = errorsOf(tempProject({
      "models/m.sql": "select 1 as id",
      "snapshots/_s.yml": "snapshots:\n  - name: s\n    relation: ref('m')\n    config: {strategy: timestamp, unique_key: id, uniq_key: x}\n",
    }));
    expect(errs).toEqual([
      "snapshots/_s.yml:2: error[invalid-snapshot]: snapshot 's': the timestamp strategy needs updated_at (set updated_at: the column that changes when a row changes)",
      "snapshots/_s.yml:4: error[unknown-key]: unknown key 'uniq_key' in config of snapshot 's' (did you mean 'unique_key'?)",
    ]);
  });
});

describe("legacy {% snapshot %} blocks", () => {
  it("are found with nunjucks' lexer; config() in the body completes their config at compile time", async () => {
    const { compileProject } = await import("../../../src/compile/index.js");
    const p = load({
      "models/m.sql": "select 1 as id, now() as ts",
      "snapshots/s.sql": "{# {% snapshot in_a_comment %} #}\n{% snapshot m_snap %}\n{{ config(unique_key='id', strategy='timestamp', updated_at='ts', target_schema='snaps') }}\nselect * from {{ ref('m') }}\n{% endsnapshot %}\n",
      "snapshots/_s.yml": "snapshots:\n  - name: m_snap\n    description: history of m\n",
    });
    const s = p.snapshots!.find((x) => x.name === "m_snap")!;
    expect(s.legacy?.bodyLine).toBe(2);
    expect(s.description).toBe("history of m");
    const node = (await compileProject(p, { env: {} })).find((n) => n.id === "snapshot.demo.m_snap")!;
    expect(node.relation).toEqual({ database: "qe", schema: "snaps", name: "m_snap" });
    expect(node.snapshot).toMatchObject({ strategy: "timestamp", uniqueKey: ["id"], updatedAt: "ts" });
    expect(node.sql.trim()).toBe('select * from "qe"."main"."m"');
  });

  it("report a block left open", () => {
    expect(errorsOf(tempProject({ "snapshots/s.sql": "{% snapshot s %}\nselect 1\n" }))).toEqual([
      "snapshots/s.sql:1: error[invalid-snapshot]: snapshot 's' has no {% endsnapshot %} (end the block with {% endsnapshot %})",
    ]);
  });
});
