// Small hand-made seed marts in a real in-memory DuckDB, and the CompiledNodes that describe them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import type { CompiledNode } from "../../../src/compile/types.js";
import type { ExportFormat, ModelConfig } from "../../../src/project/types.js";
import { nodeId } from "../../../src/project/types.js";
import { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";

/** The repository root: its models/marts/charts/*.vl.json are the specs under test. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** The project's own vars, so the shipped chart specs resolve exactly as in a real export. */
export const VARS: Record<string, unknown> = {
  ...((parseYaml(readFileSync(join(REPO_ROOT, "dbt_project.yml"), "utf8")) as { vars?: Record<string, unknown> }).vars ?? {}),
  at_risk_pass_rate: 0.7, at_risk_survey_mean: 3.5, feedback_policy_days: 20,
};

export const EVIL = '../Evil/Prog "A"';

export function martNode(name: string, exportFormats: ExportFormat[], orderBy?: string[]): CompiledNode {
  const config: ModelConfig = {
    materialized: "table", tags: ["marts"], enabled: true, uniqueKey: [], preHook: [], postHook: [], meta: {},
    export: exportFormats, exportOrderBy: orderBy, ignored: {},
  };
  return {
    id: nodeId(`model.qe_analytics.${name}`), kind: "model", name, path: `models/marts/${name}.sql`, config,
    relation: { schema: "main", name }, sql: "", dependsOn: [], sourceLines: [], checksum: "",
  };
}

export const ALL = ["csv", "parquet", "arrow"] as ExportFormat[];

export function seedNodes(): CompiledNode[] {
  return [
    martNode("kpi_pass_rate", ALL, ["programme", "academic_year", "term"]),
    martNode("assessment_turnaround_bins", ["csv"], ["turnaround_bin"]),
    martNode("engagement_index", ALL, ["module_id"]),
    martNode("at_risk_modules", ["csv"], ["module_id"]),
  ];
}

/** Builds the four seed marts with tricky strings (a hostile programme name included). */
export async function seedWarehouse(): Promise<DuckDBAdapter> {
  const wh = await DuckDBAdapter.open(":memory:");
  await wh.exec(`
    create table kpi_pass_rate as select * from (values
      ('U-CMP-01', '2022/23', 'T1', 40::bigint, 30::bigint, 0.75::double),
      ('U-CMP-01', '2022/23', 'T2', 38, 31, 31/38),
      ('U-CMP-01', '2023/24', 'T1', 41, 35, 35/41),
      ('U-HIS-02', '2022/23', 'T1', 20, 12, 0.6),
      ('U-HIS-02', '2023/24', 'T1', 22, 15, 15/22),
      ('${EVIL.replaceAll("'", "''")}', '2023/24', 'T2', 10, 9, 0.9)
    ) t(programme, academic_year, term, enrolments, passed, pass_rate);
    create table assessment_turnaround_bins as select * from (values
      ('<=10', 1, 50::bigint, 0.5::double), ('11-15', 2, 25, 0.25), ('16-20', 3, 15, 0.15), ('>20', 4, 10, 0.1)
    ) t(turnaround_bin, bin_order, assessments, share);
    create table engagement_index as select *, 30::bigint as enrolments, 24::bigint as passed, 60::bigint as survey_answers, 12::bigint as respondents, 30::bigint as enrolled_students from (values
      (1::bigint, 'CMP101', 'U-CMP-01', '2022/23', 'T1', 4.1::double, 2.0::double, 4.1 * ln(3), 0.8::double),
      (2, 'CMP102', 'U-CMP-01', '2022/23', 'T2', 3.2, 1.0, 3.2 * ln(2), 0.55),
      (3, 'HIS101', 'U-HIS-02', '2022/23', 'T1', 3.0, 0.0, 0.0, 0.6),
      (4, 'HIS201', 'U-HIS-02', '2023/24', 'T1', 4.5, 3.5, 4.5 * ln(4.5), 0.95),
      (5, 'EVL100', '${EVIL.replaceAll("'", "''")}', '2023/24', 'T2', 3.9, 1.5, 3.9 * ln(2.5), 0.9)
    ) t(module_id, module_code, programme, academic_year, term, survey_mean, median_support_visits, engagement_index, pass_rate);
    create table at_risk_modules as select module_id, module_code, programme, academic_year, term, 20::bigint as enrolments, pass_rate, survey_mean,
        'Module ' || module_code as module_title, respondents, (0.7 - pass_rate) / 0.7 + (3.5 - survey_mean) / 3.5 as severity
      from engagement_index where pass_rate < 0.7 and survey_mean < 3.5;
  `);
  return wh;
}
