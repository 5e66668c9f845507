// compileTests with the real loader and renderer: YAML locations, custom tests from tests/generic/.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileProject, createRenderer } from "../../../src/compile/index.js";
import { ProjectErrors, formatError } from "../../../src/core/errors.js";
import { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import { loadProject } from "../../../src/project/index.js";
import { compileTests } from "../../../src/testing/compile-tests.js";
import { runDataTest } from "../../../src/testing/run-data-test.js";

function writeProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "qe-tests-proj-"));
  const all = { "dbt_project.yml": "name: uni\nprofile: uni\ntest-paths: [tests]\n", ...files };
  for (const [p, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

async function compile(dir: string) {
  const project = loadProject({ projectDir: dir, env: {} });
  const nodes = await compileProject(project, { env: {} });
  return compileTests(project, nodes, createRenderer(project, { env: {} }));
}

const MODEL = "select 1 as student_id, 'UG' as level, 0.5 as rate";

describe("with the real loader and renderer", () => {
  let wh: DuckDBAdapter;
  beforeAll(async () => {
    // The catalog compiled SQL names: a project without a profile builds into target/qe.duckdb.
    wh = await DuckDBAdapter.open(":memory:", { catalog: "qe" });
    await wh.exec(`create table main.dim_student as ${MODEL}`);
  });
  afterAll(() => wh.close());

  it("a custom generic test in tests/generic/ runs with YAML kwargs", async () => {
    const dir = writeProject({
      "models/dim_student.sql": MODEL,
      "models/_schema.yml": "version: 2\nmodels:\n  - name: dim_student\n    columns:\n      - name: rate\n        data_tests:\n          - at_most:\n              value: 0.4\n",
      "tests/generic/at_most.sql": "{% test at_most(model, column_name, value) %}\nselect * from {{ model }} where {{ column_name }} > {{ value }}\n{% endtest %}\n",
    });
    const [t] = await compile(dir);
    expect(t).toMatchObject({ name: "at_most_dim_student_rate__0_4", path: "models/_schema.yml", attachedTo: "model.uni.dim_student", columnName: "rate" });
    expect(t!.sql).toContain(`"main"."dim_student" where rate > 0.4`);
    expect(await runDataTest(t!, wh)).toMatchObject({ status: "fail", failures: 1 });
  });

  it("bad declarations are reported together, each naming the YAML file and line, model and column", async () => {
    const dir = writeProject({
      "models/dim_student.sql": MODEL,
      "models/_schema.yml": [
        "version: 2",
        "models:",
        "  - name: dim_student",
        "    data_tests:",
        "      - not_null:",
        "          column_name: student_key",
        "    columns:",
        "      - name: student_id",
        "        data_tests: [uniqe]",
        "      - name: level",
        "        data_tests:",
        "          - accepted_values:",
        "              values: UG",
        "      - name: rate",
        "",
      ].join("\n"),
    });
    let err: unknown;
    try {
      await compile(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProjectErrors);
    const lines = (err as ProjectErrors).errors.map(formatError);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^models\/_schema\.yml:5: error\[test-column-missing\]: column 'student_key' is not declared for model dim_student \(test not_null on model dim_student, column student_key\) \(declared columns: student_id, level, rate\)$/);
    expect(lines[1]).toMatch(/^models\/_schema\.yml:9: error\[unknown-test\]: unknown test 'uniqe' \(test uniqe on model dim_student, column student_id\) \(did you mean 'unique'\?\)/);
    expect(lines[2]).toMatch(/^models\/_schema\.yml:12: error\[bad-test-args\]: accepted_values needs `values:` as a non-empty list \(test accepted_values on model dim_student, column level\)/);
  });
});
