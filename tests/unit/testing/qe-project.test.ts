// The QE project's own tests on freshly generated data (1,500 students): all pass; a duplicating
// join in a staging model makes `qe test` exit 1 naming the test, the model and sample rows.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandContext } from "../../../src/cli/context.js";
import { main } from "../../../src/cli/main.js";
import { TextReporter } from "../../../src/cli/reporter.js";
import { generate } from "../../../src/generate/index.js";

const ROOT = join(import.meta.dirname, "../../..");

function context(dir: string): { ctx: CommandContext; log: () => string } {
  let text = "";
  const out = { write: (s: string) => (text += s) };
  return { ctx: { reporter: new TextReporter(out, out, false), env: {}, now: () => 0, cwd: dir }, log: () => text };
}

describe("qe test on the QE project", () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qe-project-tests-"));
    for (const p of ["dbt_project.yml", "models", "macros", "seeds", "tests/data"]) cpSync(join(ROOT, p), join(dir, p), { recursive: true });
    mkdirSync(join(dir, "data"));
    await generate({ out: join(dir, "data/qe.db"), students: 1500, seed: 42, years: 4 });
    const { ctx, log } = context(dir);
    expect(await main(["seed", "--project-dir", dir], ctx.reporter, ctx), log()).toBe(0);
    expect(await main(["run", "--project-dir", dir], ctx.reporter, ctx), log()).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("passes every data test and unit test on generated data", async () => {
    const { ctx, log } = context(dir);
    expect(await main(["test", "--project-dir", dir, "--junit", "target/junit.xml"], ctx.reporter, ctx), log()).toBe(0);
    expect(log()).toMatch(/PASS unit_test /);
    expect(log()).toMatch(/PASS singular_test /);
    expect(readFileSync(join(dir, "target/junit.xml"), "utf8")).toContain('failures="0" errors="0"');
  });

  it("a duplicating join makes it exit 1, naming the test, the model and sample rows", async () => {
    const model = join(dir, "models/staging/stg_enrolments.sql");
    const sql = readFileSync(model, "utf8");
    const from = "from {{ source('qe', 'enrolments') }}";
    expect(sql).toContain(from);
    writeFileSync(model, sql.replace(from, `from (select * from {{ source('qe', 'enrolments') }} union all select * from {{ source('qe', 'enrolments') }} where enrolment_id % 100 = 0)`));
    const { ctx, log } = context(dir);
    expect(await main(["run", "--project-dir", dir, "-s", "stg_enrolments"], ctx.reporter, ctx)).toBe(0);
    expect(await main(["test", "--project-dir", dir, "-s", "stg_enrolments"], ctx.reporter, ctx)).toBe(1);
    expect(log()).toMatch(/FAIL generic_test unique_stg_enrolments_enrolment_id \d+ failing rows/);
    expect(log()).toMatch(/Got \d+ failing rows in stg_enrolments\.enrolment_id \(models\/staging\/_staging\.yml\)/);
    expect(log()).toMatch(/unique_field \| n_records\n.*\n +100 +\| 2 /);
  });
});
