// Chart rendering at scale: a rerun reuses charts whose input did not change (byte for byte), and
// charts drawn on worker threads are byte-identical to charts drawn in this thread.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import { exportMarts, type ExportManifest } from "../../../src/export/index.js";
import { renderChartBatch, type ChartJob } from "../../../src/export/chart-batch.js";
import { compileChart, renderChart, SUBTITLE_SIGNAL, withSubtitleSignal } from "../../../src/export/chart-render.js";
import { loadChartSpec } from "../../../src/export/chart-spec.js";
import { REPO_ROOT, VARS, seedNodes, seedWarehouse } from "./mart-fixture.js";

let wh: DuckDBAdapter;
beforeAll(async () => {
  wh = await seedWarehouse();
});
afterAll(async () => wh.close());

async function exportOnce(dir: string): Promise<{ manifest: ExportManifest; note: string }> {
  const notes: string[] = [];
  const manifest = await exportMarts(
    { wh, nodes: seedNodes(), projectRoot: REPO_ROOT, exportDir: dir, runId: "r", vars: VARS, dashboard: false, scale: 1 },
    (e) => { if (e.type === "info" && e.message.startsWith("charts:")) notes.push(e.message); },
  );
  return { manifest, note: notes.join() };
}

describe("skipping unchanged charts", () => {
  it("renders every chart once, reuses them all on a rerun, and redraws only what new data touches", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "qe-skip-")), "exports");
    const first = await exportOnce(dir);
    const pngs = first.manifest.files.filter((f) => f.kind === "png");
    expect(first.note).toBe(`charts: ${pngs.length} rendered, 0 unchanged since the last export`);
    const second = await exportOnce(dir);
    expect(second.note).toBe(`charts: 0 rendered, ${pngs.length} unchanged since the last export`);
    const sums = (m: ExportManifest) => m.files.filter((f) => f.kind === "png" || f.kind === "svg").map((f) => [f.path, f.sha256, f.inputSha256]);
    expect(sums(second.manifest)).toEqual(sums(first.manifest));
    // One programme's pass rates change: its own trend file and the pooled pass-rate chart.
    await wh.exec("update kpi_pass_rate set passed = passed - 1, pass_rate = (passed - 1) / enrolments where programme = 'U-HIS-02' and term = 'T1' and academic_year = '2022/23'");
    try {
      const third = await exportOnce(dir);
      expect(third.note).toBe(`charts: 2 rendered, ${pngs.length - 2} unchanged since the last export`);
      const changed = third.manifest.files.filter((f) => f.kind === "png" && first.manifest.files.find((g) => g.path === f.path)!.sha256 !== f.sha256).map((f) => f.path);
      expect(changed).toEqual(["pass_rate_pooled.png", "pass_rate_trend_U-HIS-02.png"]);
    } finally {
      await wh.exec("update kpi_pass_rate set passed = passed + 1, pass_rate = (passed + 1) / enrolments where programme = 'U-HIS-02' and term = 'T1' and academic_year = '2022/23'");
    }
  });
});

// Workers run the compiled JavaScript, so this part runs against dist/ (npm run build; CI builds on install).
const DIST_BATCH = join(REPO_ROOT, "dist", "export", "chart-batch.js");
describe.skipIf(!existsSync(DIST_BATCH))("rendering on worker threads", () => {
  it("gives the same bytes as rendering in this thread", async () => {
    const spec = loadChartSpec(REPO_ROOT, "models/marts/charts/pass_rate_trend.vl.json", VARS);
    const vega = compileChart(spec, true);
    const rows = (await wh.all("select programme, academic_year, term, enrolments::double as enrolments, passed::double as passed, pass_rate from kpi_pass_rate order by all")) as Record<string, string | number>[];
    const jobs: ChartJob[] = ["U-CMP-01", "U-HIS-02", "U-CMP-01", "U-HIS-02"].map((p, i) => ({
      stem: `c${i}`, chart: "t", mart: "kpi_pass_rate", vega: withSubtitleSignal(vega), signals: { [SUBTITLE_SIGNAL]: `programme: ${p}` }, rows: rows.filter((r) => r.programme === p), scale: i % 2 ? 2 : 1,
    }));
    const dist = (await import(DIST_BATCH)) as { renderChartBatch: typeof renderChartBatch };
    const batch = { stage: () => { throw new Error("nothing to reuse"); }, onDone: () => undefined };
    const threaded = await dist.renderChartBatch(jobs, { ...batch, workers: 2 });
    const local = await renderChartBatch(jobs, { ...batch, workers: 0 });
    expect(threaded.map((o) => o.rendered!.png.equals(local[threaded.indexOf(o)]!.rendered!.png))).toEqual([true, true, true, true]);
    expect(threaded.map((o) => o.rendered!.svg)).toEqual(local.map((o) => o.rendered!.svg));
    expect(readFileSync(DIST_BATCH, "utf8")).toContain("new Worker");
    expect(threaded[1]!.rendered!.svg).toContain(">programme: U-HIS-02</text>");
  });
});

describe("per-file subtitles", () => {
  it("draw from one parsed spec exactly what a spec with the subtitle written in draws", async () => {
    const spec = loadChartSpec(REPO_ROOT, "models/marts/charts/pass_rate_trend.vl.json", VARS);
    const vega = compileChart(spec, false);
    const rows = (await wh.all("select programme, academic_year, term, enrolments::double as enrolments, passed::double as passed, pass_rate from kpi_pass_rate order by all")) as Record<string, string | number>[];
    const shared = withSubtitleSignal(vega);
    for (const p of ["U-CMP-01", "U-HIS-02"]) {
      const mine = rows.filter((r) => r.programme === p);
      const written = { ...vega, title: { ...(vega.title as object), subtitle: `programme: ${p}` } } as typeof vega;
      const a = await renderChart(shared, "kpi_pass_rate", mine, 1, { [SUBTITLE_SIGNAL]: `programme: ${p}` });
      const b = await renderChart(written, "kpi_pass_rate", mine, 1);
      expect(a.svg).toBe(b.svg);
      expect(a.svg).toContain(`>programme: ${p}</text>`);
    }
  });
});

describe("publication mode", () => {
  it("suppresses a rate on fewer than 23 people in the PNG/SVG, and shows it when turned off", async () => {
    const points = async (publication: boolean) => {
      const dir = join(mkdtempSync(join(tmpdir(), "qe-pub-")), "exports");
      await exportMarts({ wh, nodes: seedNodes(), projectRoot: REPO_ROOT, exportDir: dir, runId: "r", vars: VARS, scale: 1, publication }, () => undefined);
      // The hostile-named programme has one term on 10 enrolments.
      const svg = readFileSync(join(dir, "pass_rate_trend_Evil_Prog_A.svg"), "utf8");
      const html = readFileSync(join(dir, "dashboard.html"), "utf8");
      return { symbols: (svg.match(/class="mark-symbol role-mark/g) ?? []).length, paths: svg.split('class="mark-symbol role-mark')[1]?.split("</g>")[0]?.match(/<path/g)?.length ?? 0, html };
    };
    const on = await points(true);
    const off = await points(false);
    expect(on.paths).toBe(0);
    expect(off.paths).toBeGreaterThan(0);
    expect(on.html).toContain("Publication mode: counts rounded to the nearest 5");
    expect(off.html).toContain("Exact figures: publication rounding is off");
  });
});
