// The QE project itself, as the project loader sees it: three layers with their materializations,
// one staging view per source table, every model and column documented, and the seed marts
// exported under their issue-6 names with a stable order. No database needed.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadProject } from "../../src/project/load-project.js";
import type { ModelNode, Project } from "../../src/project/types.js";
import { TABLE_NAMES, tableDef } from "../../src/generate/schema.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const SEED_MARTS: Record<string, string[]> = {
  kpi_pass_rate: ["programme", "academic_year", "term", "enrolments", "passed", "pass_rate"],
  assessment_turnaround_bins: ["turnaround_bin", "assessments", "share"],
  engagement_index: ["module_id", "module_code", "programme", "academic_year", "term", "survey_mean", "median_support_visits", "engagement_index", "pass_rate"],
  at_risk_modules: ["module_id", "module_code", "programme", "academic_year", "term", "enrolments", "pass_rate", "survey_mean"],
};

describe("the QE project", () => {
  let project: Project;
  const model = (name: string): ModelNode => {
    const m = project.models.find((x) => x.name === name);
    if (!m) throw new Error(`no model ${name}`);
    return m;
  };

  beforeAll(() => {
    project = loadProject({ projectDir: REPO, env: {} });
  });

  it("loads with the documented vars", () => {
    expect(project.config.name).toBe("qe_analytics");
    expect(project.config.vars).toMatchObject({ pass_mark: 50, at_risk_pass_rate: 0.7, at_risk_survey_mean: 3.5, feedback_policy_days: 20 });
    for (const mode of ["ft", "pt"]) for (const level of ["ug", "pgt"]) for (const measure of ["continuation", "completion"]) {
      expect(typeof project.config.vars[`b3_${mode}_${level}_${measure}`], `b3_${mode}_${level}_${measure}`).toBe("number");
    }
  });

  it("has three layers: staging views, feature tables, mart tables", () => {
    const layers = new Map<string, ModelNode[]>();
    for (const m of project.models) layers.set(m.fqn[0] ?? "", [...(layers.get(m.fqn[0] ?? "") ?? []), m]);
    expect([...layers.keys()].sort()).toEqual(["features", "marts", "staging"]);
    for (const m of layers.get("staging")!) expect([m.name, m.config.materialized, m.config.tags]).toEqual([m.name, "view", ["staging"]]);
    for (const m of layers.get("features")!) expect([m.name, m.config.materialized]).toEqual([m.name, "table"]);
    for (const m of layers.get("marts")!) expect([m.name, m.config.materialized]).toEqual([m.name, "table"]);
  });

  it("declares every source table with a staging model over it", () => {
    expect(project.sources.map((s) => s.name).sort()).toEqual([...TABLE_NAMES].sort());
    for (const s of project.sources) {
      expect(s.loader, s.name).toEqual({ kind: "sqlite", path: "data/qe.db", loadedAtColumn: "_loaded_at" });
      // Freshness reads the loader's stamp: a nightly load stays under warn_after.
      expect([s.loadedAtField, s.freshness], s.name).toEqual(["_loaded_at", { warnAfter: { count: 26, period: "hour" }, errorAfter: { count: 50, period: "hour" } }]);
      const stg = model(`stg_${s.name}`);
      expect(stg.rawSql).toContain(`source('qe', '${s.name}')`);
      // Every raw column is read by name (a renamed or dropped source column shows up here first).
      for (const col of tableDef(s.name).columns) expect(stg.rawSql, `${stg.name}.${col.name}`).toMatch(new RegExp(`\\b${col.name}\\b`));
    }
  });

  it("documents every model and column and tests every model", () => {
    for (const m of project.models) {
      expect(m.description, m.name).toBeTruthy();
      expect(m.columns.length, m.name).toBeGreaterThan(0);
      for (const c of m.columns) expect(c.description, `${m.name}.${c.name}`).toBeTruthy();
      const tests = m.tests.length + m.columns.reduce((n, c) => n + c.tests.length, 0);
      expect(tests, `${m.name} has tests`).toBeGreaterThan(0);
    }
  });

  it("exports the four seed marts as CSV with their columns, ordered by their grain", () => {
    for (const [name, cols] of Object.entries(SEED_MARTS)) {
      const m = model(name);
      expect(m.config.export, name).toContain("csv");
      expect(m.config.exportOrderBy?.length, name).toBeGreaterThan(0);
      expect(m.columns.map((c) => c.name), name).toEqual(expect.arrayContaining(cols));
    }
  });

  it("carries singular tests for the KPI invariants", () => {
    const names = project.singularTests.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["assert_turnaround_shares_sum_to_one", "assert_at_risk_modules_meet_both_thresholds", "assert_pass_rate_consistent"]));
  });
});
