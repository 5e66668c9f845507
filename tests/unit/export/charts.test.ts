import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import { exportMarts, type ExportManifest } from "../../../src/export/index.js";
import { loadChartSpec } from "../../../src/export/chart-spec.js";
import { REPO_ROOT, VARS, martNode, seedNodes, seedWarehouse } from "./mart-fixture.js";

let wh: DuckDBAdapter;
const runs: Record<number, { dir: string; manifest: ExportManifest }> = {};

beforeAll(async () => {
  wh = await seedWarehouse();
  for (const scale of [1, 2]) {
    const dir = mkdtempSync(join(tmpdir(), `qe-charts-${scale}-`));
    const manifest = await exportMarts({ wh, nodes: seedNodes(), projectRoot: REPO_ROOT, exportDir: dir, runId: "r", vars: VARS, scale }, () => undefined);
    runs[scale] = { dir, manifest };
  }
});
afterAll(() => wh.close());

const SEED_CHARTS = [
  "pass_rate_trend_U-CMP-01", "pass_rate_trend_U-HIS-02", "pass_rate_trend_Evil_Prog_A",
  "turnaround_distribution", "scatter_pass_vs_survey", "scatter_engagement_vs_pass",
];

describe("charts", () => {
  it("renders every seed chart to SVG and PNG, one trend chart per programme", () => {
    const { dir, manifest } = runs[1]!;
    for (const stem of SEED_CHARTS) {
      expect(existsSync(join(dir, `${stem}.png`)), stem).toBe(true);
      expect(readFileSync(join(dir, `${stem}.svg`), "utf8")).toMatch(/^<svg/);
    }
    const trend = manifest.files.filter((f) => f.chart === "pass_rate_trend" && f.kind === "png");
    expect(trend.map((f) => [f.path, f.rows])).toEqual([
      ["pass_rate_trend_Evil_Prog_A.png", 1], ["pass_rate_trend_U-CMP-01.png", 3], ["pass_rate_trend_U-HIS-02.png", 2],
    ]);
  });

  it.each(SEED_CHARTS)("%s.png decodes, is twice as large at scale 2, and is not blank", async (stem) => {
    const one = sharp(join(runs[1]!.dir, `${stem}.png`));
    const two = sharp(join(runs[2]!.dir, `${stem}.png`));
    const [m1, m2] = [await one.metadata(), await two.metadata()];
    expect(m1.format).toBe("png");
    expect(m1.width).toBeGreaterThan(300);
    expect(m1.height).toBeGreaterThan(200);
    expect(m2.width).toBe(m1.width * 2);
    expect(m2.height).toBe(m1.height * 2);
    const stats = await two.stats();
    // A white page has stdev 0 in every channel; axes, marks and text push it well above.
    expect(Math.max(...stats.channels.slice(0, 3).map((c) => c.stdev))).toBeGreaterThan(10);
    expect(stats.isOpaque).toBe(true);
  });

  it("draws titles, unit-bearing axis labels and substituted thresholds into the SVG", () => {
    const svg = (n: string) => readFileSync(join(runs[1]!.dir, `${n}.svg`), "utf8");
    expect(svg("scatter_pass_vs_survey")).toContain("Survey mean (score 1-5)");
    expect(svg("scatter_pass_vs_survey")).toContain("pass rate &lt; 0.7 and survey mean &lt; 3.5");
    expect(svg("turnaround_distribution")).toContain("Policy window: 20 calendar days");
    expect(svg("turnaround_distribution")).toContain("Turnaround (calendar days)");
    expect(svg("pass_rate_trend_U-CMP-01")).toContain("programme: U-CMP-01");
    expect(svg("pass_rate_trend_U-CMP-01")).toContain("Pass rate (% of enrolments passed)");
  });
});

describe("file names built from data", () => {
  it('turns a programme named ../Evil/Prog "A" into a safe, unique name inside exportDir', () => {
    const { dir, manifest } = runs[1]!;
    for (const f of manifest.files) {
      expect(f.path).not.toMatch(/[\/\\\u0000-\u001f]|\.\./);
      const rel = relative(dir, resolve(dir, f.path));
      expect(rel.startsWith("..")).toBe(false);
      expect(existsSync(join(dir, f.path))).toBe(true);
    }
    // Nothing was written next to (or above) the export folder.
    expect(existsSync(join(dir, "..", "Evil"))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes("Evil"))).toEqual(["pass_rate_trend_Evil_Prog_A.png", "pass_rate_trend_Evil_Prog_A.svg"]);
  });

  it("suffixes names that collide after cleaning", async () => {
    await wh.exec(`create table clash as select * from (values ('A/B', '2023/24', 'T1', 1::bigint, 1::bigint, 1.0::double), ('A:B', '2023/24', 'T1', 1, 0, 0.0), ('a b', '2023/24', 'T1', 2, 1, 0.5)) t(programme, academic_year, term, enrolments, passed, pass_rate)`);
    const root = mkdtempSync(join(tmpdir(), "qe-clash-"));
    mkdirSync(join(root, "models/marts/charts"), { recursive: true });
    const spec = JSON.parse(readFileSync(join(REPO_ROOT, "models/marts/charts/pass_rate_trend.vl.json"), "utf8"));
    spec.usermeta.qe.mart = "clash";
    writeFileSync(join(root, "models/marts/charts/trend.vl.json"), JSON.stringify(spec));
    const dir = join(root, "exports");
    const m = await exportMarts({ wh, nodes: [martNode("clash", [])], projectRoot: root, exportDir: dir, runId: "r", vars: VARS, dashboard: false }, () => undefined);
    expect(m.files.filter((f) => f.kind === "png").map((f) => f.path)).toEqual([
      "pass_rate_trend_A_B-2.png", "pass_rate_trend_A_B.png", "pass_rate_trend_a_b-3.png",
    ]);
  });
});

describe("chart specs", () => {
  function specFile(body: object): { root: string; path: string } {
    const root = mkdtempSync(join(tmpdir(), "qe-spec-"));
    mkdirSync(join(root, "models/marts/charts"), { recursive: true });
    const path = "models/marts/charts/c.vl.json";
    writeFileSync(join(root, path), JSON.stringify(body, null, 2));
    return { root, path };
  }

  it("keeps a whole-string ${var} as the var's own value and interpolates inside text", () => {
    const { root, path } = specFile({ usermeta: { qe: { mart: "m" } }, title: "below ${at_risk_pass_rate}", encoding: { y: { datum: "${at_risk_pass_rate}" } } });
    const spec = loadChartSpec(root, path, VARS);
    expect(spec.spec.title).toBe("below 0.7");
    expect((spec.spec.encoding as { y: { datum: unknown } }).y.datum).toBe(0.7);
    expect(spec.file).toBe("c");
  });

  it("rejects an unknown var with its line and a did-you-mean hint", () => {
    const { root, path } = specFile({ usermeta: { qe: { mart: "m" } }, title: "${at_risk_pass_rat}" });
    expect(() => loadChartSpec(root, path, VARS)).toThrowError(expect.objectContaining({
      code: "chart-var-unknown", loc: { file: path, line: 7 }, hint: "did you mean ${at_risk_pass_rate}?",
    }));
  });

  it("rejects a spec without a mart binding, and a file template naming another column", () => {
    const a = specFile({ mark: "bar" });
    expect(() => loadChartSpec(a.root, a.path, VARS)).toThrowError(/usermeta.qe.mart/);
    const b = specFile({ usermeta: { qe: { mart: "m", file: "x_{term}", split_by: "programme" } } });
    expect(() => loadChartSpec(b.root, b.path, VARS)).toThrowError(/\{term\}/);
  });

  it("skips a chart whose mart is not in the project and says so", async () => {
    const { root } = specFile({ usermeta: { qe: { mart: "kpi_pass_rat" } }, mark: "bar" });
    const messages: string[] = [];
    const m = await exportMarts(
      { wh, nodes: [martNode("kpi_pass_rate", [])], projectRoot: root, exportDir: join(root, "exports"), runId: "r", vars: VARS },
      (e) => { if (e.type === "info") messages.push(e.message); },
    );
    expect(m.files.map((f) => f.path)).toEqual(["dashboard.html"]);
    expect(messages[0]).toBe("chart c skipped: no model named 'kpi_pass_rat' in the project (did you mean 'kpi_pass_rate'?)");
  });
});
