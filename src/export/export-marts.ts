// The export stage: marts declared with `config: { export: [...] }` go out as CSV/Parquet/Arrow,
// chart specs beside the marts become SVG+PNG, and dashboard.html shows them. Everything is
// staged first and committed only when every file was written.
import { writeFileSync } from "node:fs";
import type { CompiledNode } from "../compile/types.js";
import { didYouMean } from "../core/did-you-mean.js";
import { ProjectError } from "../core/errors.js";
import type { EventSink } from "../core/results.js";
import { writeArrow } from "./arrow.js";
import { findChartSpecs, loadChartSpec, type ChartSpec } from "./chart-spec.js";
import { compileChart, loadChartRows, renderChart, splitValues, type ChartRow } from "./chart-render.js";
import { writeCsv } from "./csv.js";
import { buildDashboard, columnFormats, DASHBOARD_TABLES, type DashboardChart, type DashboardTable } from "./dashboard.js";
import { StagedExport } from "./export-set.js";
import { describeMart, type MartInfo } from "./mart-query.js";
import { writeParquet } from "./parquet.js";
import { StemAllocator, safeStem } from "./safe-name.js";
import { ExportError, type ExportManifest, type ExportOptions } from "./types.js";

const WRITERS = { csv: writeCsv, parquet: writeParquet, arrow: writeArrow } as const;

/**
 * Writes the export set into opts.exportDir and returns its manifest. Throws ExportError,
 * ProjectError or DatabaseError on any failure, in which case exportDir is left as it was.
 * Never prints; progress goes to `on`.
 */
export async function exportMarts(opts: ExportOptions, on: EventSink): Promise<ExportManifest> {
  const scale = opts.scale ?? 1;
  if (scale !== 1 && scale !== 2) throw new ExportError("export-scale", `PNG scale must be 1 or 2, not ${scale}`);
  const models = opts.nodes.filter((n) => n.kind === "model" && n.config.enabled !== false);
  const staged = StagedExport.create(opts.exportDir, opts.runId);
  try {
    const ctx = new MartCache(opts, models);
    // Reserved so no data-built chart name can take them.
    const stems = new StemAllocator();
    stems.take("manifest");
    stems.take("dashboard");

    const exported = models.filter((n) => n.config.export.length > 0).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const [i, node] of exported.entries()) {
      const info = await ctx.info(node.name, true);
      const stem = stems.take(safeStem(node.name));
      for (const format of [...new Set(node.config.export)].sort()) {
        const name = `${stem}.${format}`;
        const rows = await WRITERS[format](opts.wh, info!, staged.path(name));
        await staged.add({ path: name, kind: format, mart: node.name, rows, columns: info!.columns });
      }
      on({ type: "progress", label: "export marts", done: i + 1, total: exported.length, unit: "marts" });
    }

    const wantCharts = opts.charts !== false;
    const wantDashboard = opts.dashboard !== false;
    const charts: { spec: ChartSpec; rows: ChartRow[] }[] = [];
    if (wantCharts || wantDashboard) {
      for (const path of findChartSpecs(opts.projectRoot, opts.nodes)) {
        const spec = loadChartSpec(opts.projectRoot, path, opts.vars);
        const rows = await ctx.rows(spec.mart, (why) => on({ type: "info", message: `chart ${spec.name} skipped: ${why}` }));
        if (rows === undefined) continue;
        charts.push({ spec, rows });
      }
    }
    if (wantCharts) {
      for (const [i, { spec, rows }] of charts.entries()) {
        await renderChartFiles(spec, rows, await ctx.info(spec.mart, false), scale, stems, staged);
        on({ type: "progress", label: "render charts", done: i + 1, total: charts.length, unit: "charts" });
      }
    }
    if (wantDashboard) {
      const html = await dashboardHtml(opts, charts, ctx);
      writeFileSync(staged.path("dashboard.html"), html);
      await staged.add({ path: "dashboard.html", kind: "html" });
    }
    const manifest = staged.commit();
    on({ type: "info", message: `exported ${manifest.files.length} files to ${opts.exportDir}` });
    return manifest;
  } catch (e) {
    staged.discard();
    throw e;
  }
}

/** Describes and reads each mart at most once per export. */
class MartCache {
  /** A mart's description, or why it is absent. */
  private readonly infos = new Map<string, MartInfo | string>();
  private readonly data = new Map<string, ChartRow[]>();

  constructor(
    private readonly opts: ExportOptions,
    private readonly models: readonly CompiledNode[],
  ) {}

  /** The mart's description; a `required` mart must exist in the warehouse, others may be absent (undefined). */
  async info(mart: string, required: boolean): Promise<MartInfo | undefined> {
    const got = await this.lookup(mart);
    if (typeof got !== "string") return got;
    if (required) {
      const node = this.models.find((n) => n.name === mart);
      throw new ExportError("export-mart-missing", `mart ${mart} is declared for export but ${got}`, node && { file: node.path }, "build it first: qe run");
    }
    return undefined;
  }

  /** The mart's rows as chart data, or undefined (after telling `skip` why) when the mart is absent. */
  async rows(mart: string, skip: (why: string) => void): Promise<ChartRow[] | undefined> {
    const got = await this.lookup(mart);
    if (typeof got === "string") {
      skip(got);
      return undefined;
    }
    let rows = this.data.get(mart);
    if (!rows) {
      rows = await loadChartRows(this.opts.wh, got);
      this.data.set(mart, rows);
    }
    return rows;
  }

  private async lookup(mart: string): Promise<MartInfo | string> {
    const cached = this.infos.get(mart);
    if (cached !== undefined) return cached;
    const node = this.models.find((n) => n.name === mart);
    let got: MartInfo | string;
    if (!node) {
      const near = didYouMean(mart, this.models.map((n) => n.name));
      got = `no model named '${mart}' in the project${near ? ` (did you mean '${near}'?)` : ""}`;
    } else if ((await this.opts.wh.relationKind(node.relation)) === undefined) {
      got = `${node.relation.schema}.${node.relation.name} does not exist`;
    } else {
      got = await describeMart(this.opts.wh, node);
    }
    this.infos.set(mart, got);
    return got;
  }
}

async function renderChartFiles(
  spec: ChartSpec, rows: ChartRow[], info: MartInfo | undefined, scale: number, stems: StemAllocator, staged: StagedExport,
): Promise<void> {
  const parts: { stem: string; rows: ChartRow[]; subtitle?: string }[] = [];
  if (spec.splitBy === undefined) {
    parts.push({ stem: stems.take(safeStem(spec.file)), rows });
  } else {
    const col = spec.splitBy;
    if (info && !info.columns.some((c) => c.name === col)) {
      const near = didYouMean(col, info.columns.map((c) => c.name));
      throw new ProjectError("chart-split-unknown", `chart ${spec.name} splits by '${col}', which mart ${spec.mart} does not have`, { file: spec.path }, near ? `did you mean '${near}'?` : undefined);
    }
    for (const value of splitValues(rows, col)) {
      const label = value === null ? "none" : String(value);
      // Clean the value on its own first, so "../x" cannot glue dots onto the template's text.
      const stem = stems.take(safeStem(spec.file.replaceAll(`{${col}}`, safeStem(label))));
      parts.push({ stem, rows: rows.filter((r) => (r[col] ?? null) === value), subtitle: `${col}: ${label}` });
    }
  }
  for (const part of parts) {
    const { svg, png } = await renderChart(compileChart(spec, part.subtitle), spec.mart, part.rows, scale);
    writeFileSync(staged.path(`${part.stem}.svg`), svg);
    writeFileSync(staged.path(`${part.stem}.png`), png);
    for (const kind of ["svg", "png"] as const) {
      await staged.add({ path: `${part.stem}.${kind}`, kind, mart: spec.mart, chart: spec.name, rows: part.rows.length });
    }
  }
}

async function dashboardHtml(opts: ExportOptions, charts: { spec: ChartSpec; rows: ChartRow[] }[], ctx: MartCache): Promise<string> {
  const datasets: Record<string, ChartRow[]> = {};
  const dashCharts: DashboardChart[] = [];
  for (const { spec, rows } of charts) {
    if (!spec.tab) continue;
    datasets[spec.mart] = rows;
    dashCharts.push({ id: safeStem(spec.name), tab: spec.tab, mart: spec.mart, vega: compileChart(spec) });
  }
  const tables: DashboardTable[] = [];
  for (const t of DASHBOARD_TABLES) {
    const rows = await ctx.rows(t.mart, () => undefined);
    if (!rows) continue;
    datasets[t.mart] = rows;
    const present = rows.length > 0 ? t.columns.filter((c) => c in rows[0]!) : t.columns;
    const info = await ctx.info(t.mart, false);
    tables.push({ ...t, columns: present, formats: info ? columnFormats(info.columns) : undefined });
  }
  return buildDashboard({ title: "Quality Enhancement dashboard", runId: opts.runId, charts: dashCharts, tables, datasets });
}
