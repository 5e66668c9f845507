// packages.yml / dependencies.yml as dbt reads them: installed packages under dbt_packages/ are
// loaded with their names; `qe deps` links local packages; nothing is downloaded.
import { existsSync, lstatSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProject } from "../../../src/project/index.js";
import { installPackages } from "../../../src/project/install-packages.js";
import { ProjectErrors } from "../../../src/core/errors.js";
import { tempProject } from "./temp-project.js";
import { runCli } from "../../helpers/run-cli.js";

const HELPERS = {
  "local_pkgs/helpers/dbt_project.yml": "name: helpers\nversion: '1.0'\nconfig-version: 2\n",
  "local_pkgs/helpers/macros/units.sql": "{% macro to_units(c) %}{{ c }} / 100{% endmacro %}\n",
  "local_pkgs/helpers/tests/generic/is_positive.sql": "{% test is_positive(model, column_name) %}select * from {{ model }} where {{ column_name }} <= 0{% endtest %}\n",
};

function errorsOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof ProjectErrors) return e.errors.map((x) => `${x.code}: ${x.message}`);
    throw e;
  }
  return [];
}

function write(dir: string, files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
}

describe("packages", () => {
  it("a local package must be installed (qe deps links it), then its macros and generic tests load under its name", () => {
    const dir = tempProject({ ...HELPERS, "packages.yml": "packages:\n  - local: local_pkgs/helpers\n", "macros/own.sql": "{% test own_check(model) %}select 1{% endtest %}" });
    expect(errorsOf(() => loadProject({ projectDir: dir, partialParse: false }))).toEqual([
      "package-not-installed: packages.yml lists a package not installed in dbt_packages/: helpers (local: local_pkgs/helpers)",
    ]);
    const r = installPackages(dir);
    expect(r.linked).toEqual([{ name: "helpers", from: "local_pkgs/helpers", copied: false }]);
    expect(lstatSync(join(dir, "dbt_packages/helpers")).isSymbolicLink()).toBe(true);
    const p = loadProject({ projectDir: dir, partialParse: false });
    expect(p.macroFiles.map((m) => [m.path, m.packageName])).toEqual([
      ["macros/own.sql", "demo"],
      ["dbt_packages/helpers/macros/units.sql", "helpers"],
      ["dbt_packages/helpers/tests/generic/is_positive.sql", "helpers"],
    ]);
    expect(p.genericTestNames).toEqual(["helpers.is_positive", "own_check"]);
    expect(p.packages?.map((x) => x.name)).toEqual(["helpers"]);
    // Running deps again replaces the link rather than failing.
    expect(installPackages(dir).linked).toHaveLength(1);
  });

  it("hub and git packages are never downloaded: missing ones are named, placed ones load", () => {
    const dir = tempProject({ "packages.yml": "packages:\n  - package: dbt-labs/dbt_utils\n    version: [\">=1.0.0\"]\n  - git: https://example.invalid/x.git\n" });
    expect(errorsOf(() => loadProject({ projectDir: dir, partialParse: false }))[0]).toMatch(
      /^package-not-installed: packages.yml lists packages not installed in dbt_packages\/: dbt-labs\/dbt_utils .*, https:\/\/example.invalid\/x.git$/,
    );
    expect(installPackages(dir).missing).toEqual(["dbt-labs/dbt_utils", "https://example.invalid/x.git"]);
    write(dir, {
      "dbt_packages/dbt_utils/dbt_project.yml": "name: dbt_utils\nmacro-paths: [\"macros\"]\n",
      "dbt_packages/dbt_utils/macros/generic_tests/expression_is_true.sql": "{% test expression_is_true(model, expression) %}select 1{% endtest %}",
      "dbt_packages/x/dbt_project.yml": "name: x_pkg\n",
    });
    const p = loadProject({ projectDir: dir, partialParse: false });
    expect(p.genericTestNames).toEqual(["dbt_utils.expression_is_true"]);
    expect(installPackages(dir).missing).toEqual([]);
  });

  it("qe deps links local packages and names, with exit 2, a hub package it will not download", async () => {
    const dir = tempProject({ ...HELPERS, "packages.yml": "packages:\n  - local: local_pkgs/helpers\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0\n" });
    const out = await runCli(["deps", "--project-dir", dir], dir);
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toContain("installed helpers from local_pkgs/helpers (linked into dbt_packages/helpers)");
    expect(out.stderr).toContain("not installed: dbt-labs/dbt_utils");
    expect(out.stderr).toContain("qe downloads nothing");
    expect(lstatSync(join(dir, "dbt_packages/helpers")).isSymbolicLink()).toBe(true);
  });

  it("dependencies.yml works like packages.yml; a package listed nowhere but installed still loads, as in dbt", () => {
    const dir = tempProject({ ...HELPERS, "dependencies.yml": "packages:\n  - local: local_pkgs/helpers\n" });
    installPackages(dir);
    expect(existsSync(join(dir, "dbt_packages/helpers/macros/units.sql"))).toBe(true);
    const bare = tempProject({ "dbt_packages/extra/dbt_project.yml": "name: extra\n", "dbt_packages/extra/macros/m.sql": "{% macro m() %}{% endmacro %}" });
    expect(loadProject({ projectDir: bare, partialParse: false }).macroFiles.map((m) => m.packageName)).toEqual(["extra"]);
  });

  it("loads a package's models and seeds with its own folder configs, which the root project's override", () => {
    const dir = tempProject({
      "dbt_project.yml": "name: demo\nmodels:\n  calendar:\n    marts:\n      +materialized: table\n",
      "models/a.sql": "select 1",
      "dbt_packages/calendar/dbt_project.yml": "name: calendar\nmodels:\n  calendar:\n    +schema: cal\n    marts:\n      +materialized: view\n      +tags: [cal]\n",
      "dbt_packages/calendar/models/marts/dim_dates.sql": "select 1 as d",
      "dbt_packages/calendar/models/marts/_dates.yml": "version: 2\nmodels:\n  - name: dim_dates\n    description: Dates.\n",
      "dbt_packages/calendar/seeds/holidays.csv": "day\n2024-12-25\n",
    });
    const p = loadProject({ projectDir: dir, partialParse: false });
    const dates = p.models.find((m) => m.name === "dim_dates")!;
    expect(dates).toMatchObject({ id: "model.calendar.dim_dates", packageName: "calendar", fqn: ["marts"], description: "Dates." });
    expect(dates.config).toMatchObject({ materialized: "table", schema: "cal", tags: ["cal"] });
    expect(p.models.find((m) => m.name === "a")).toMatchObject({ id: "model.demo.a" });
    expect(p.seeds.map((x) => [x.id, x.packageName])).toEqual([["seed.calendar.holidays", "calendar"]]);
    expect(p.notes).toEqual([]);
  });

  it("reads dispatch search orders and run hooks from dbt_project.yml", () => {
    const dir = tempProject({
      "dbt_project.yml": "name: demo\ndispatch:\n  - macro_namespace: dbt_utils\n    search_order: [demo, dbt_utils]\non-run-start: \"create schema if not exists audit\"\non-run-end: [\"select 1\", \"select 2\"]\n",
    });
    const p = loadProject({ projectDir: dir, partialParse: false });
    expect(p.config.dispatch).toEqual([{ macroNamespace: "dbt_utils", searchOrder: ["demo", "dbt_utils"] }]);
    expect(p.config.onRunStart).toEqual(["create schema if not exists audit"]);
    expect(p.config.onRunEnd).toEqual(["select 1", "select 2"]);
  });
});
