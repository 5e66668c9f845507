// Acceptance: `qe-test` (the `test` command) on a built copy of the real QE project: passing data,
// a JUnit report with one testcase per data test, and a broken model or declaration making it exit 1
// with the test, the model and sample rows.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliOutcome } from "../helpers/run-cli.js";
import { cleanUpTempDirs, editFile, freshProject, generateSharedDb } from "../helpers/qe-e2e.js";
import { parseXml, type XmlElement } from "../unit/testing/xml-check.js";

afterAll(cleanUpTempDirs);

function testcases(el: XmlElement): XmlElement[] {
  return el.name === "testcase" ? [el] : el.children.flatMap(testcases);
}

/** Unique ids of the data tests `qe ls` lists for the project (generic + singular). */
async function dataTestIds(dir: string): Promise<string[]> {
  const out = await runCli(["ls", "--project-dir", dir, "--resource-type", "test", "--output", "json"], dir);
  expect(out.exitCode, out.stderr).toBe(0);
  return out.stdout.trim().split("\n").map((l) => (JSON.parse(l) as { unique_id: string }).unique_id).filter((id) => id.startsWith("test."));
}

describe("qe-test on a built copy of the QE project", () => {
  let dir: string;

  beforeAll(async () => {
    dir = freshProject(await generateSharedDb());
    const built = await runCli(["main", "--project-dir", dir, "--no-export"], dir);
    expect(built.exitCode, built.stderr + built.stdout.slice(-1500)).toBe(0);
  });

  it("passes, and --junit writes one testcase per data test (plus the unit tests)", async () => {
    const out = await runCli(["test", "--project-dir", dir, "--junit", "target/junit.xml"], dir);
    expect(out.stderr).toBe("");
    expect(out.exitCode).toBe(0);
    expect(out.stdout).not.toMatch(/ (FAIL|ERROR|SKIPPED) /);

    const file = join(dir, "target", "junit.xml");
    expect(existsSync(file)).toBe(true);
    const root = parseXml(readFileSync(file, "utf8"));
    const dataSuite = root.children.find((s) => s.attrs["name"] === "data tests");
    expect(dataSuite).toBeDefined();
    const cases = testcases(dataSuite!);
    const ids = await dataTestIds(dir);
    expect(ids.length).toBeGreaterThan(100); // generic tests on every layer, not just the singular ones
    expect(cases.length).toBe(ids.length);
    expect(new Set(cases.map((c) => c.attrs["name"])).size).toBe(cases.length);
    expect(cases.filter((c) => c.children.some((x) => x.name === "failure" || x.name === "error"))).toEqual([]);
    expect(cases.map((c) => c.attrs["name"])).toContain("unique_combination_of_columns_kpi_pass_rate_programme__academic_year__term");
  });

  describe("after a model is broken and rebuilt", () => {
    let out: CliOutcome;

    beforeAll(async () => {
      // A fan-out join: every enrolment mark counted twice in kpi_pass_rate.
      editFile(dir, "models/marts/kpi_pass_rate.sql", (sql) =>
        sql.replace("from {{ ref('feat_enrolment_marks') }}", "from {{ ref('feat_enrolment_marks') }}\ncross join (select 1 as k union all select 2) as dup"),
      );
      const rebuilt = await runCli(["run", "--project-dir", dir, "-s", "kpi_pass_rate"], dir);
      expect(rebuilt.exitCode, rebuilt.stderr).toBe(0);
      out = await runCli(["test", "--project-dir", dir, "--junit", "target/junit.xml"], dir);
    });

    it("exits 1 naming the failing test, the model and sample rows", () => {
      expect(out.exitCode, out.stderr).toBe(1);
      const lines = out.stdout.split("\n");
      const at = lines.findIndex((l) => / FAIL singular_test assert_pass_rate_covers_every_graded_enrolment 1 failing row/.test(l));
      expect(at, out.stdout.split("\n").filter((l) => / FAIL /.test(l)).join("\n")).toBeGreaterThanOrEqual(0);
      const block = lines.slice(at, at + 5).join("\n");
      expect(block).toMatch(/kpi_pass_rate/);
      expect(block).toMatch(/mart_enrolments\s*\|\s*graded_enrolments/);
      expect(block).toMatch(/\n\s+(\d+)\s*\|\s*(\d+)/);
      const [, mart, graded] = /\n\s+(\d+)\s*\|\s*(\d+)/.exec(block)!;
      expect(Number(mart)).toBe(2 * Number(graded)); // the sample shows the doubling
    });

    it("records the failure in the JUnit report with its sample rows", () => {
      const root = parseXml(readFileSync(join(dir, "target", "junit.xml"), "utf8"));
      const failing = testcases(root).filter((c) => c.children.some((x) => x.name === "failure"));
      expect(failing.map((c) => c.attrs["name"])).toContain("assert_pass_rate_covers_every_graded_enrolment");
      expect(JSON.stringify(failing)).toMatch(/mart_enrolments/);
    });

    // In `qe test` no test skips another; dbt runs them all (fixed in execute by 81e106c).
    it("runs every data test: a failing test skips no other test", () => {
      expect(out.stdout).not.toMatch(/ SKIPPED /);
    });
  });

  it("a failing accepted_values declaration in the copied YAML fails with the offending values", async () => {
    const d = freshProject(await generateSharedDb());
    editFile(d, "models/marts/_marts.yml", (y) =>
      y.replace(
        "          - accepted_values: { values: [T1, T2, T3] }\n      - name: enrolments",
        "          - accepted_values: { values: [T1, T2] }\n      - name: enrolments",
      ),
    );
    const built = await runCli(["run", "--project-dir", d, "-s", "+kpi_pass_rate"], d);
    expect(built.exitCode, built.stderr).toBe(0);
    const out = await runCli(["test", "--project-dir", d, "-s", "kpi_pass_rate"], d);
    expect(out.exitCode, out.stderr).toBe(1);
    const lines = out.stdout.split("\n");
    const at = lines.findIndex((l) => / FAIL generic_test accepted_values_kpi_pass_rate_term__T1__T2 /.test(l));
    expect(at, out.stdout).toBeGreaterThanOrEqual(0);
    const block = lines.slice(at, at + 6).join("\n");
    expect(block).toMatch(/kpi_pass_rate/);
    expect(block).toMatch(/\bT3\b/);
  });

  it("refuses to run before a build, with exit 2 and a hint", async () => {
    const d = freshProject();
    const out = await runCli(["test", "--project-dir", d], d);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/no warehouse at .*qe\.duckdb/);
    expect(out.stderr).toMatch(/qe run|qe build/);
  });
});
