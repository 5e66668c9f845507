// Readability rules for the shipped charts and dashboard tables: pooled (not averaged) WP gap,
// no per-programme colour legends, table formats from column types, DejaVu text widths.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vega from "vega";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import { exportMarts } from "../../../src/export/index.js";
import "../../../src/export/chart-render.js";
import { inferUnit } from "../../../src/export/dictionary.js";
import { textWidth } from "../../../src/export/text-width.js";
import { REPO_ROOT, VARS, martNode, seedNodes, seedWarehouse } from "./mart-fixture.js";

let wh: DuckDBAdapter;
let dir: string;
const svg = (stem: string) => readFileSync(join(dir, `${stem}.svg`), "utf8");
const texts = (s: string) => [...s.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

beforeAll(async () => {
  wh = await seedWarehouse();
  // P1 2023/24: WP 5/10 vs other 8/10 (gap 30 pp); P2 2023/24: 27/30 vs 81/90 (gap 0).
  // Pooled: 32/40 = 80% vs 89/100 = 89% -> +9.0 pp; the mean of the programme gaps would be +15.0.
  // P1 2024/25 has no WP students: its gap is NULL and the year has no pooled bar.
  await wh.exec(`create table wp_attainment_gap as select *, wp_passed / nullif(wp_enrolments, 0) as wp_pass_rate,
      other_passed / nullif(other_enrolments, 0) as other_pass_rate,
      100 * (other_passed / nullif(other_enrolments, 0) - wp_passed / nullif(wp_enrolments, 0)) as pass_rate_gap_pp
    from (values ('P1', '2023/24', 10::bigint, 5::bigint, 10::bigint, 8::bigint), ('P2', '2023/24', 30, 27, 90, 81),
                 ('P1', '2024/25', 0, 0, 10, 9)) t(programme, academic_year, wp_enrolments, wp_passed, other_enrolments, other_passed)`);
  dir = join(mkdtempSync(join(tmpdir(), "qe-polish-")), "exports");
  await exportMarts({ wh, nodes: [...seedNodes(), martNode("wp_attainment_gap", [])], projectRoot: REPO_ROOT, exportDir: dir, runId: "r", vars: VARS, dashboard: false }, () => undefined);
});
afterAll(() => wh.close());

describe("WP attainment gap chart", () => {
  it("labels the enrolment-weighted gap per year, not the mean of programme gaps", () => {
    const t = texts(svg("wp_gap_by_year"));
    expect(t).toContain("+9.0");
    expect(t).not.toContain("+15.0");
    // One label drawn twice (white outline + text) for the one year with both groups present.
    expect(t.filter((s) => /^[+-]\d+\.\d$/.test(s!))).toEqual(["+9.0", "+9.0"]);
  });

  it("states the sign convention and has no programme legend", () => {
    const s = svg("wp_gap_by_year");
    expect(s).toContain("Other students' pass rate minus WP students' (pp)");
    expect(s).toContain("above 0: WP students behind");
    expect(s).toContain("Attainment gap (percentage points)");
    expect(s).not.toContain("role-legend");
  });
});

describe("legends", () => {
  it("draws no per-programme legend on the trend and engagement charts", () => {
    expect(svg("pass_rate_trend_U-CMP-01")).not.toContain("role-legend");
    // The engagement scatter's one legend is about support visits (index 0 by definition), not programmes.
    const s = svg("scatter_engagement_vs_pass");
    expect(texts(s)).toEqual(expect.arrayContaining(["Some support visits", "No support visits (median 0)"]));
    expect(s).not.toContain("U-CMP-01</text>");
  });

  it("labels the turnaround bins with ≤ and >, not <=", () => {
    const t = texts(svg("turnaround_distribution"));
    expect(t).toEqual(expect.arrayContaining(["≤ 10", "11-15", "16-20", "&gt; 20"]));
    expect(t.some((x) => x!.includes("&lt;="))).toBe(false);
  });

  it("colours the survey scatter by at-risk status instead, with the thresholds and shading kept", () => {
    const s = svg("scatter_pass_vs_survey");
    expect(texts(s)).toEqual(expect.arrayContaining(["Module run", "At risk (both below)", "Not at risk"]));
    expect(s).not.toContain("U-CMP-01</text>");
    expect(s.match(/class="mark-rule role-mark/g)?.length).toBe(2);
    expect(s).toContain('class="mark-rect role-mark');
  });
});

describe("mark opacity", () => {
  it("is drawn as fill and stroke opacity, never as a mark's group opacity", () => {
    // librsvg composites an element with 0 < opacity < 1 on a surface of its own: a 2,000-point
    // scatter took 1.5 s to rasterise instead of 0.2 s. Vega-Lite gives points that opacity unless told.
    const files = readdirSync(dir).filter((f) => f.endsWith(".svg"));
    expect(files).toEqual(expect.arrayContaining(["scatter_pass_vs_survey.svg", "scatter_engagement_vs_pass.svg", "wp_gap_by_year.svg"]));
    for (const f of files) {
      const s = readFileSync(join(dir, f), "utf8");
      const grouped = [...s.matchAll(/ opacity="([\d.]+)"/g)].filter((m) => Number(m[1]) > 0 && Number(m[1]) < 1);
      expect(grouped.length, f).toBeLessThanOrEqual(1);
    }
    expect(svg("scatter_pass_vs_survey")).toMatch(/fill-opacity="0\.54"[^>]*stroke-opacity="0\.9"/);
  });
});

describe("column units", () => {
  it("follow meta first, then the marts' naming conventions and types", () => {
    const units = [
      ["module_code", "VARCHAR"], ["enrolments", "BIGINT"], ["pass_rate", "DOUBLE"], ["survey_mean", "DOUBLE"], ["share", "DECIMAL(9,4)"],
      ["gap_pp", "DECIMAL(9,4)"], ["median_resolution_days", "DOUBLE"], ["module_id", "BIGINT"], ["theme_order", "INTEGER"],
      ["is_wp", "BOOLEAN"], ["complaints_per_1000_students", "DOUBLE"], ["continuation_threshold", "DOUBLE"],
    ].map(([n, t]) => inferUnit(n!, t!));
    expect(units).toEqual(["text", "count", "fraction", "number", "fraction", "percentage_points", "days", "identifier", "order", "flag", "per_1000_students", "fraction"]);
    expect(inferUnit("survey_mean", "DOUBLE", { unit: "score_1_5" })).toBe("score_1_5");
  });
});

describe("text widths", () => {
  it("uses DejaVu Sans advances instead of vega's 0.8 em per character", () => {
    expect(textWidth("0000", 10)).toBeCloseTo(25.44, 2);
    expect(textWidth("Wi", 10, true)).toBeGreaterThan(textWidth("Wi", 10));
    const metrics = (vega as unknown as { textMetrics: { width: (item: object, text: string) => number } }).textMetrics;
    expect(metrics.width({ fontSize: 10 }, "0000")).toBeCloseTo(25.44, 2);
    expect(metrics.width({ fontSize: 10, limit: 20 }, "0000")).toBe(20);
  });
});
