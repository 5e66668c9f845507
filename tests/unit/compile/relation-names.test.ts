// Relations render as each dbt adapter's Relation class renders them: dbt-duckdb names the catalog
// (the DuckDB file's stem, target.database) before schema and identifier; dbt-spark names schema and
// identifier only, unquoted. The compiled three-part names must run against the file qe opens.
import { describe, expect, it } from "vitest";
import { loadProject } from "../../../src/project/index.js";
import { compileProject } from "../../../src/compile/index.js";
import { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import { LazyAdapter } from "../../../src/adapters/lazy-adapter.js";
import { DUCKDB_RELATION_POLICY, SPARK_RELATION_POLICY, renderRelation } from "../../../src/adapters/quote.js";
import { tempProject } from "../project/temp-project.js";

const profile = (outputs: string) => `demo:\n  target: dev\n  outputs:\n    dev:\n${outputs}`;
const DUCK = profile("      type: duckdb\n      path: target/warehouse.duckdb\n");
const SPARK = profile("      type: spark\n      method: connect\n      host: 127.0.0.1\n      schema: analytics\n");
const PROJECT = "name: demo\nconfig-version: 2\nprofile: demo\n";
const SOURCES = "version: 2\nsources:\n  - name: shop\n    schema: raw\n    tables:\n      - name: orders\n";

async function compiled(profiles: string, files: Record<string, string>, dbPath?: string) {
  const dir = tempProject({ "dbt_project.yml": PROJECT, "profiles.yml": profiles, "models/_sources.yml": SOURCES, ...files });
  const project = loadProject({ projectDir: dir, dbPath });
  return { dir, project, nodes: await compileProject(project, {}) };
}
const sqlOf = (nodes: { name: string; sql: string }[], name: string) => nodes.find((n) => n.name === name)!.sql;

describe("renderRelation: dbt's include and quote policies", () => {
  it("renders the parts that are set and included, quoted where the policy says", () => {
    expect(renderRelation({ database: "wh", schema: "main", name: "t" }, DUCKDB_RELATION_POLICY)).toBe('"wh"."main"."t"');
    expect(renderRelation({ schema: "s", name: "t" }, DUCKDB_RELATION_POLICY)).toBe('"s"."t"');
    expect(renderRelation({ database: "wh", schema: "main", name: "t" }, SPARK_RELATION_POLICY)).toBe("main.t");
    expect(renderRelation({ database: "wh", schema: "m", name: 'a"b' })).toBe('"wh"."m"."a""b"');
  });
});

describe("on DuckDB, as dbt-duckdb renders them", () => {
  const files = {
    "models/base.sql": "select 1 as id",
    "models/eph.sql": "{{ config(materialized='ephemeral') }}\nselect 2 as id",
    "models/m.sql": [
      "select * from {{ ref('base') }}",
      "-- {{ this }} | {{ source('shop', 'orders') }} | {{ this.include(database=false) }} | {{ this.quote(identifier=false) }}",
      "-- {{ ref('eph') }} | {{ api.Relation.create(schema='s', identifier='t') }} | {{ this.database }}",
    ].join("\n"),
  };
  it("names the file's stem as the database of every relation", async () => {
    const { nodes } = await compiled(DUCK, files);
    expect(sqlOf(nodes, "m")).toBe([
      "with __dbt__cte__eph as (\n\nselect 2 as id\n) select * from \"warehouse\".\"main\".\"base\"",
      '-- "warehouse"."main"."m" | "warehouse"."raw"."orders" | "main"."m" | "warehouse"."main".m',
      '-- __dbt__cte__eph | "s"."t" | warehouse',
    ].join("\n"));
  });
  it("with --db, names that file's stem (the catalog DuckDB opens it as)", async () => {
    const { nodes } = await compiled(DUCK, { "models/base.sql": "select 1 as id", "models/m.sql": "select * from {{ ref('base') }}" }, "elsewhere/other.duckdb");
    expect(sqlOf(nodes, "m")).toBe('select * from "other"."main"."base"');
  });
  it("runs the three-part names against the warehouse file qe opens", async () => {
    const { project, nodes } = await compiled(DUCK, { "models/base.sql": "select 1 as id", "models/m.sql": "select id + 1 as id from {{ ref('base') }}" });
    const wh = await DuckDBAdapter.open(project.databasePath);
    try {
      for (const n of nodes.filter((x) => x.kind === "model")) await wh.exec(wh.dialect.createAs("view", n.relation, n.sql));
      expect(await wh.all(`select * from ${'"warehouse"."main"."m"'}`)).toEqual([{ id: 2 }]);
    } finally {
      await wh.close();
    }
  });
  it("runs them in memory too, in a catalog named as the target's database", async () => {
    const wh = await DuckDBAdapter.open(":memory:", { catalog: "warehouse" });
    try {
      await wh.exec('create table "warehouse"."main"."t" as select 1 as x');
      expect(await wh.all("select x from main.t")).toEqual([{ x: 1 }]);
    } finally {
      await wh.close();
    }
  });
  it("gives adapter.get_relation's relation the database it lives in", async () => {
    const model = "{% if execute %}{{ adapter.get_relation(database=target.database, schema='main', identifier='present') }}{% endif %}";
    const dir = tempProject({ "dbt_project.yml": PROJECT, "profiles.yml": DUCK, "models/m.sql": model });
    const project = loadProject({ projectDir: dir });
    const setup = await DuckDBAdapter.open(project.databasePath);
    await setup.exec("create table main.present as select 1 as x");
    await setup.close();
    const warehouse = new LazyAdapter(() => DuckDBAdapter.open(project.databasePath), true);
    try {
      expect(sqlOf(await compileProject(project, { warehouse }), "m")).toBe('"warehouse"."main"."present"');
    } finally {
      await warehouse.close();
    }
  });
});

describe("on Spark, as dbt-spark renders them", () => {
  it("schema.identifier, no database and no quotes", async () => {
    const { nodes } = await compiled(SPARK, {
      "models/base.sql": "select 1 as id",
      "models/m.sql": "select * from {{ ref('base') }} join {{ source('shop', 'orders') }} -- {{ this }}",
    });
    expect(sqlOf(nodes, "m")).toBe("select * from analytics.base join raw.orders -- analytics.m");
  });
});
