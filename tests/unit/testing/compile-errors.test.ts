import { describe, expect, it } from "vitest";
import { ProjectErrors, formatError } from "../../../src/core/errors.js";
import { compileTests } from "../../../src/testing/compile-tests.js";
import { column, compiledModels, decl, miniRenderer, model, project } from "./helpers.js";

async function errorsOf(p: ReturnType<typeof project>): Promise<string[]> {
  try {
    await compileTests(p, compiledModels(p), miniRenderer(p));
  } catch (e) {
    expect(e).toBeInstanceOf(ProjectErrors);
    return (e as ProjectErrors).errors.map((x) => formatError(x));
  }
  throw new Error("expected compileTests to throw");
}

describe("bad test declarations", () => {
  it("an unknown test name is located and gets a did-you-mean", async () => {
    const p = project({ models: [model("dim_student", [column("student_id", decl("uniqe", {}, {}, 7))])] });
    expect(await errorsOf(p)).toEqual([
      "models/_schema.yml:7: error[unknown-test]: unknown test 'uniqe' (test uniqe on model dim_student, column student_id) (did you mean 'unique'?)",
    ]);
  });

  it("a test on a column the model does not declare names the model and column", async () => {
    const p = project({
      models: [model("fct_marks", [column("mark")], [decl("not_null", { column_name: "marks" }, {}, 4), decl("unique_combination_of_columns", { combination_of_columns: ["mark", "module_code"] }, {}, 9)])],
    });
    const errs = await errorsOf(p);
    // combination_of_columns is not checked against the YAML, as dbt does not (the run-time check sees the built relation).
    expect(errs).toHaveLength(1);
    expect(errs[0]).toContain("models/_schema.yml:4: error[test-column-missing]: column 'marks' is not declared for model fct_marks");
    expect(errs[0]).toContain("did you mean 'mark'?");
  });

  it.each([
    ["values not a list", { values: "UG, PGT" }],
    ["values missing", {}],
    ["quote not a boolean", { values: ["UG"], quote: "yes" }],
  ])("malformed accepted_values (%s) names file, model and column", async (_n, args) => {
    const p = project({ models: [model("stg_module", [column("level", decl("accepted_values", args, {}, 12))])] });
    const [err] = await errorsOf(p);
    expect(err).toMatch(/^models\/_schema\.yml:12: error\[bad-test-args\]: accepted_values .*\(test accepted_values on model stg_module, column level\)/);
  });

  it("relationships to an unknown model suggests the near one", async () => {
    const p = project({ models: [model("fct", [column("student_id", decl("relationships", { to: "ref('dim_studnt')", field: "id" }))]), model("dim_student")] });
    expect((await errorsOf(p))[0]).toContain("matches no model or seed (test relationships on model fct, column student_id) (did you mean ref('dim_student')?)");
  });

  it("collects every problem before throwing, and compiles nothing on error", async () => {
    const p = project({
      models: [
        model("a", [column("x", decl("not_a_test", {}, {}, 2))]),
        model("b", [column("y", decl("accepted_values", { values: 3 }, {}, 5), decl("unique", {}, {}, 6))]),
      ],
    });
    expect(await errorsOf(p)).toHaveLength(2);
  });

  it("a column-level built-in without a column is rejected", async () => {
    const p = project({ models: [model("a", [], [decl("unique")])] });
    expect((await errorsOf(p))[0]).toContain("error[bad-test-args]: unique needs a column");
  });
});
