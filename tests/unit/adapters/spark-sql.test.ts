// The Spark adapter's pure parts: statement splitting, Arrow decimal text, the plans Spark gets, and
// target selection. The cluster itself is exercised by tests/e2e/spark-cluster.test.ts.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { splitStatements, sparkDialect } from "../../../src/adapters/spark/index.js";
import { decimalText } from "../../../src/adapters/spark/arrow-values.js";
import { planModel } from "../../../src/execute/index.js";
import { resolveTarget } from "../../../src/project/profiles.js";
import { Problems } from "../../../src/project/problems.js";
import type { CompiledNode } from "../../../src/compile/types.js";

const node = (materialized: string, extra: Record<string, unknown> = {}): CompiledNode =>
  ({
    id: "model.p.m", name: "m", kind: "model", path: "models/m.sql", sql: "select 1 as x", sourceLines: [1], dependsOn: [],
    relation: { schema: "marts", name: "m" },
    config: { materialized, preHook: [], postHook: [], uniqueKey: [], tags: [], export: [], ...extra },
  }) as unknown as CompiledNode;

describe("splitStatements", () => {
  it("splits on semicolons outside quotes and comments, dropping empty pieces", () => {
    expect(splitStatements("select 1; select ';' as \"a;b\" -- x;y\n; /* ; */ ;")).toEqual(["select 1", " select ';' as \"a;b\" -- x;y\n"]);
    expect(splitStatements("select 'it''s; fine'")).toEqual(["select 'it''s; fine'"]);
  });
});

describe("decimalText", () => {
  it("places the scale's point in Arrow's unscaled integer, sign and leading zeros kept", () => {
    expect(decimalText("1250", 3)).toBe("1.250");
    expect(decimalText("-1250", 3)).toBe("-1.250");
    expect(decimalText("5", 3)).toBe("0.005");
    expect(decimalText("-5", 2)).toBe("-0.05");
    expect(decimalText("42", 0)).toBe("42");
  });
});

describe("plans on Spark", () => {
  it("builds a table under a temporary name after dropping a leftover one, then drops and renames; no row count job", () => {
    const plan = planModel(node("table"), "table", false, sparkDialect);
    expect([...plan.prepare, ...plan.build, ...plan.commit].map((s) => s.sql.split("\n")[0])).toEqual([
      'create schema if not exists "marts"',
      'drop table if exists "marts"."m__qe_tmp"',
      'create table "marts"."m__qe_tmp" using parquet as (',
      'drop table "marts"."m"',
      'alter table "marts"."m__qe_tmp" rename to "marts"."m"',
    ]);
    expect(plan.count).toBeUndefined();
  });

  it("replaces a view in one statement, but a table in the way is dropped and swapped", () => {
    expect(planModel(node("view"), "view", false, sparkDialect).build[0]!.sql).toMatch(/^create or replace view "marts"."m" as \(\n/);
    expect(planModel(node("view"), "table", false, sparkDialect).commit[0]!.sql).toBe('drop table "marts"."m"');
  });

  it("appends by name and overwrites with insert overwrite, as dbt-spark does for Parquet", () => {
    expect(planModel(node("incremental"), "table", false, sparkDialect).commit[0]!.sql).toBe('insert into "marts"."m" by name\nselect 1 as x');
    const ow = planModel(node("incremental", { incrementalStrategy: "insert_overwrite" }), "table", false, sparkDialect);
    expect(ow.commit[0]!.sql).toBe('insert overwrite table "marts"."m"\nselect 1 as x');
  });

  it("refuses delete+insert on Parquet with a hint naming the strategies it has", () => {
    expect(() => planModel(node("incremental", { uniqueKey: ["x"] }), "table", false, sparkDialect)).toThrow(/row-level deletes/);
  });

  it("builds an enforced contract's table as a select of the declared columns, in their order (no constraints on Parquet)", () => {
    const contracted = { ...node("table"), contractColumns: [{ name: "x", dataType: "int", constraints: [{ type: "not_null" }] }, { name: "y", dataType: "string", constraints: [] }] } as unknown as CompiledNode;
    const plan = planModel(contracted, undefined, false, sparkDialect);
    expect(plan.build).toEqual([{ sql: 'create table "marts"."m__qe_tmp" using parquet as (\nselect x, y\n    from (\nselect 1 as x\n    ) as model_subq\n)', role: "model", modelLineOffset: 3 }]);
  });
});

describe("the Spark dialect's literals and snapshot capability", () => {
  it("escapes quotes and backslashes in string literals with a backslash, as Spark reads them", () => {
    expect(sparkDialect.stringLiteral("it's a \\ b")).toBe("'it\\'s a \\\\ b'");
  });
  it("says tables take no row updates (snapshots rebuild and swap) and names text `string`", () => {
    expect(sparkDialect.updatesRows).toBe(false);
    expect(sparkDialect.textType).toBe("string");
    expect(sparkDialect.translateType("string")).toBe("string");
  });
});

describe("spark targets in profiles.yml", () => {
  const dir = mkdtempSync(join(tmpdir(), "qe-target-"));
  writeFileSync(
    join(dir, "profiles.yml"),
    "p:\n  target: dev\n  outputs:\n    dev: { type: duckdb, path: target/x.duckdb }\n" +
      "    spark: { type: spark, method: connect, host: \"{{ env_var('H', 'localhost') }}\", schema: main, threads: 3 }\n",
  );
  const pick = (target: string | undefined, env: Record<string, string | undefined> = {}) => {
    const problems = new Problems();
    const t = resolveTarget({ rootDir: dir, targetDir: join(dir, "target"), createdDirs: [join(dir, "target")], profile: "p", target, env }, problems);
    return { t, problems: problems.list };
  };
  it("reads a spark output in dbt-spark's shape with method connect (port 15002 by default), env_var rendered", () => {
    expect(pick("spark", { H: "10.0.0.1" }).t).toMatchObject({ type: "spark", method: "connect", host: "10.0.0.1", port: 15002, schema: "main", threads: 3 });
    expect(pick(undefined).t).toMatchObject({ type: "duckdb" });
  });
  it("names the unknown target as a problem", () => {
    expect(pick("prod").problems.map((p) => p.message).join("\n")).toMatch(/prod/);
  });
});
