// Acceptance: usage and project errors on a copy of the real QE project exit 2 with one clear
// message naming the file (and line) at fault, a did-you-mean where a name was mistyped, and
// nothing built, generated or exported.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliOutcome } from "../helpers/run-cli.js";
import { cleanUpTempDirs, editFile, freshProject, generateSharedDb } from "../helpers/qe-e2e.js";

afterAll(cleanUpTempDirs);

let db: string;
beforeAll(async () => {
  db = await generateSharedDb();
});

/** Runs `qe-run` on a fresh copy after `edit`; checks nothing was built or exported. */
async function qeRunAfter(edit: (dir: string) => void, ...flags: string[]): Promise<CliOutcome> {
  const dir = freshProject(db);
  edit(dir);
  const out = await runCli(["main", "--project-dir", dir, ...flags], dir);
  expect(existsSync(join(dir, "exports", "manifest.json")), "exports written").toBe(false);
  expect(existsSync(join(dir, "target", "run_results.json")), "run_results.json written").toBe(false);
  return out;
}

function expectExit2(out: CliOutcome): void {
  expect(out.exitCode, out.stdout.slice(-1000)).toBe(2);
  expect(out.stdout).not.toMatch(/ of \d+ (SUCCESS|PASS) /); // nothing ran
}

describe("project errors exit 2 naming the file", () => {
  it("an unknown key in dbt_project.yml, with line and did-you-mean", async () => {
    const out = await qeRunAfter((d) => editFile(d, "dbt_project.yml", (t) => t.replace("\nmodel-paths:", "\nmodel-pathz:")));
    expectExit2(out);
    expect(out.stderr).toMatch(/dbt_project\.yml:\d+(:\d+)?: error\[[\w-]+\]: .*model-pathz/);
    expect(out.stderr).toMatch(/did you mean 'model-paths'/);
  });

  it("an unknown folder config in dbt_project.yml (a British spelling), with did-you-mean", async () => {
    const out = await qeRunAfter((d) => editFile(d, "dbt_project.yml", (t) => t.replace("+materialized: view", "+materialised: view")));
    expectExit2(out);
    expect(out.stderr).toMatch(/dbt_project\.yml:\d+/);
    expect(out.stderr).toMatch(/materialised/);
    expect(out.stderr).toMatch(/did you mean '\+?materialized'/);
  });

  it("a YAML syntax error in a properties file, with file and line", async () => {
    // An unclosed flow sequence on the `- name: kpi_pass_rate` line (line 7 of _marts.yml).
    const out = await qeRunAfter((d) => editFile(d, "models/marts/_marts.yml", (t) => t.replace("  - name: kpi_pass_rate\n", "  - name: [kpi_pass_rate\n")));
    expectExit2(out);
    expect(out.stderr).toMatch(/models\/marts\/_marts\.yml:\d+(:\d+)?: error\[yaml[\w-]*\]/);
    const lines = [...out.stderr.matchAll(/_marts\.yml:(\d+)/g)].map((m) => Number(m[1]));
    expect(Math.min(...lines)).toBeGreaterThanOrEqual(7);
    expect(Math.min(...lines)).toBeLessThanOrEqual(9);
  });

  it("an unknown ref, naming the model file and line, with did-you-mean", async () => {
    const edit = (d: string) =>
      editFile(d, "models/marts/kpi_pass_rate.sql", (t) => t.replace("ref('feat_enrolment_marks')", "ref('feat_enrolment_mark')"));
    for (const argv of [["compile"], ["ls"], ["main"]]) {
      const dir = freshProject(db);
      edit(dir);
      const out = await runCli([...argv, "--project-dir", dir], dir);
      expectExit2(out);
      expect(out.stderr, argv[0]).toMatch(/models\/marts\/kpi_pass_rate\.sql:\d+:\d+: error\[[\w-]+\]: ref\('feat_enrolment_mark'\)/);
      expect(out.stderr, argv[0]).toMatch(/did you mean ref\('feat_enrolment_marks'\)/);
    }
  });
});

describe("more project errors", () => {
  it("a dependency cycle, with its path", async () => {
    const out = await qeRunAfter((d) => editFile(d, "models/features/feat_enrolment_marks.sql", (t) => `${t}\n-- {{ ref('kpi_pass_rate') }}\n`));
    expectExit2(out);
    expect(out.stderr).toMatch(/error\[cycle\]/);
    expect(out.stderr).toMatch(/feat_enrolment_marks \(models\/features\/feat_enrolment_marks\.sql\) -> kpi_pass_rate \(models\/marts\/kpi_pass_rate\.sql\) -> feat_enrolment_marks/);
  });

  it("an unknown key in a properties file, every occurrence with its line and did-you-mean", async () => {
    const out = await qeRunAfter((d) => editFile(d, "models/marts/_marts.yml", (t) => t.replace(/^ {4}description: >$/gm, "    descripton: >")));
    expectExit2(out);
    expect(out.stderr).toMatch(/models\/marts\/_marts\.yml:8: error\[unknown-key\]: unknown key 'descripton' in model 'kpi_pass_rate' \(did you mean 'description'\?\)/);
    expect(out.stderr.match(/descripton/g)!.length).toBeGreaterThanOrEqual(4); // one run reports them all
  });

  it("an undefined var in a model, with did-you-mean", async () => {
    const out = await qeRunAfter((d) => editFile(d, "models/features/feat_enrolment_marks.sql", (t) => t.replace("var('pass_mark')", "var('pass_marks')")));
    expectExit2(out);
    expect(out.stderr).toMatch(/models\/features\/feat_enrolment_marks\.sql:\d+:\d+: error\[[\w-]+\]: var\('pass_marks'\).*did you mean var\('pass_mark'\)/);
  });

  it("an undefined name in a template names that name, the file and the line", async () => {
    const out = await qeRunAfter((d) =>
      editFile(d, "models/marts/kpi_pass_rate.sql", (t) => t.replace("from {{ ref('feat_enrolment_marks') }}", "from {{ ref('feat_enrolment_marks') }} {{ undefined_thing.x }}")),
    );
    expectExit2(out);
    expect(out.stderr).toMatch(/models\/marts\/kpi_pass_rate\.sql:11:\d+: .*undefined_thing/);
    expect(out.stderr).not.toMatch(/'ref\('feat_enrolment_marks'\)' is undefined/);
  });

  // Printed alone, an undefined name renders as nothing (as in dbt); looked into, it is the error.
  it("an undefined name alone on its line is named", async () => {
    const out = await qeRunAfter((d) => editFile(d, "models/marts/kpi_pass_rate.sql", (t) => t.replace("group by", "{{ undefined_thing.x }}\ngroup by")));
    expectExit2(out);
    expect(out.stderr).toMatch(/models\/marts\/kpi_pass_rate\.sql:12:4: .*undefined_thing/);
  });

  it("bad --vars", async () => {
    const out = await qeRunAfter(() => undefined, "--vars", "{pass_mark: ");
    expectExit2(out);
    expect(out.stderr).toMatch(/--vars is not valid JSON or YAML/);
  });
});

describe("a SQL error in a model", () => {
  it("exits 1 naming the model, its source file and line, DuckDB's message and the compiled SQL", async () => {
    const dir = freshProject(db);
    // Line 8 of the source file; line 9 of the compiled SQL (DuckDB's LINE).
    editFile(dir, "models/marts/kpi_pass_rate.sql", (t) => t.replace("count(*) as enrolments,", "count(*) as enrolments, no_such_col,"));
    const out = await runCli(["main", "--project-dir", dir], dir);
    expect(out.exitCode, out.stderr).toBe(1);
    const lines = out.stdout.split("\n");
    const at = lines.findIndex((l) => / ERROR model kpi_pass_rate /.test(l));
    expect(at).toBeGreaterThanOrEqual(0);
    const block = lines.slice(at + 1, at + 10).join("\n");
    expect(block).toMatch(/models\/marts\/kpi_pass_rate\.sql:8: model kpi_pass_rate failed: Binder Error: .*no_such_col/);
    expect(block).toMatch(/compiled SQL: .*target\/compiled\/qe_analytics\/models\/marts\/kpi_pass_rate\.sql/);
    expect(out.stdout).toMatch(/SKIPPED model|skipped: upstream kpi_pass_rate|Exports left unchanged/);
    expect(existsSync(join(dir, "exports", "manifest.json"))).toBe(false);
  });
});

describe("usage errors exit 2 with a clear message", () => {
  let dir: string;
  beforeAll(() => {
    dir = freshProject(db);
  });

  it.each([
    ["tag:", /selector 'tag:' has no value/],
    ["foo:bar", /unknown selector method 'foo'/],
    ["+kpi_pass_rate,,", /cannot parse selector/],
    ["kpi_pass_rat", /kpi_pass_rat.*(did you mean|kpi_pass_rate)/],
  ])("--select %s", async (sel, message) => {
    const out = await runCli(["ls", "--project-dir", dir, "-s", sel], dir);
    expect(out.exitCode, out.stdout).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stdout).toBe("");
  });

  it("an unknown command, with did-you-mean", async () => {
    const out = await runCli(["biuld", "--project-dir", dir], dir);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/unknown command 'biuld'.*did you mean `qe build`/);
    const far = await runCli(["frobnicate"], dir);
    expect(far.exitCode).toBe(2);
    expect(far.stderr).toMatch(/unknown command 'frobnicate'.*commands: main, generate/);
  });

  it("an unknown flag, with did-you-mean", async () => {
    const out = await runCli(["run", "--project-dir", dir, "--ful-refresh"], dir);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/unknown flag --ful-refresh for `qe run` \(did you mean --full-refresh\?\)/);
    expect(out.stderr).not.toMatch(/fulRefresh/); // not yargs' camelCase echo
    const two = await runCli(["ls", "--project-dir", dir, "--outptu", "json", "--frobnicate"], dir);
    expect(two.exitCode).toBe(2);
    expect(two.stderr).toMatch(/unknown flags --outptu, --frobnicate for `qe ls` \(did you mean --output for --outptu\?\)/);
    const far = await runCli(["ls", "--project-dir", dir, "--frobnicate"], dir);
    expect(far.exitCode).toBe(2);
    expect(far.stderr).toMatch(/unknown flag --frobnicate.*qe ls --help/);
  });

  it("--help prints usage and exits 0 (yargs does not exit the process)", async () => {
    const log: string[] = [];
    const orig = console.log;
    console.log = (...a: unknown[]) => void log.push(a.join(" "));
    try {
      const out = await runCli(["run", "--help"], dir);
      expect(out.exitCode).toBe(0);
    } finally {
      console.log = orig;
    }
    expect(log.join("\n")).toMatch(/--full-refresh/);
  });

  it("no command at all", async () => {
    const out = await runCli([], dir);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/give a command/);
  });

  it("--students 0 on qe-run, whether or not data/qe.db exists", async () => {
    for (const withDb of [false, true]) {
      const d = freshProject(withDb ? db : undefined);
      const out = await runCli(["main", "--project-dir", d, "--students", "0"], d);
      expect(out.exitCode, `data/qe.db present: ${withDb}; ${out.stdout.slice(-500)}`).toBe(2);
      expect(out.stderr).toMatch(/--students must be a whole number from 1/);
      expect(existsSync(join(d, "target", "qe.duckdb"))).toBe(false);
      expect(existsSync(join(d, "data", "qe.db"))).toBe(withDb);
    }
  });

  it("--students 0 on qe generate", async () => {
    const out = await runCli(["generate", "--project-dir", dir, "--students", "0", "--out", "data/other.db"], dir);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/--students must be a whole number from 1/);
    expect(existsSync(join(dir, "data", "other.db"))).toBe(false);
  });

  it("--project-dir that does not exist", async () => {
    const out = await runCli(["run", "--project-dir", join(dir, "nope")], dir);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/nope/);
  });
});
