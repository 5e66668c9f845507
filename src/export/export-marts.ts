// The export stage: marts declared with `config: { export: [...] }` go out as CSV/Parquet/Arrow
// with a data dictionary, chart specs beside the marts become SVG+PNG, and dashboard.html shows
// them. Everything is staged first and committed only when every file was written.
import { writeFileSync } from "node:fs";
import type { CompiledNode } from "../core/node-types.js";
import { didYouMean } from "../core/did-you-mean.js";
import { ProjectError } from "../core/errors.js";
import type { EventSink } from "../core/results.js";
import { writeArrow } from "./arrow.js";
import type { Spec } from "vega";
import { renderChartBatch, type ChartJob } from "./chart-batch.js";
import { findChartSpecs, loadChartSpec, type ChartSpec } from "./chart-spec.js";
import { compileChart, splitValues, SUBTITLE_SIGNAL, withSubtitleSignal, type ChartRow } from "./chart-render.js";
import { csvField, writeCsv } from "./csv.js";
import { buildDashboard, type DashboardChart, type DashboardMart } from "./dashboard.js";
import { DASHBOARD_TABLES, HEADLINES, PROGRAMME_DIMENSION } from "./dashboard-layout.js";
import { describeColumns, dictionaryCsv, type ColumnDoc, type ModelDocs } from "./dictionary.js";
import { readManifest, sha256File, StagedExport } from "./export-set.js";
import { MartCache } from "./mart-cache.js";
import type { MartInfo } from "./mart-query.js";
import { writeParquet } from "./parquet.js";
import { StemAllocator, safeStem } from "./safe-name.js";
import { ExportError, type ExportManifest, type ExportOptions, type ManifestColumn } from "./types.js";

const WRITERS = { csv: writeCsv, parquet: writeParquet, arrow: writeArrow } as const;
export const DICTIONARY_FILE = "data_dictionary.csv";

/**
 * Writes the export set into opts.exportDir and returns its manifest. Throws ExportError,
 * ProjectError or DatabaseError on any failure, in which case exportDir is left as it was.
 * Never prints; progress goes to `on`.
 */
export async function exportMarts(opts: ExportOptions, on: EventSink): Promise<ExportManifest> {
  const scale = opts.scale ?? 2;
  if (scale !== 1 && scale !== 2) throw new ExportError("export-scale", `PNG scale must be 1 or 2, not ${scale}`);
  const publication = opts.publication ?? true;
  const models = opts.nodes.filter((n) => n.kind === "model" && n.config.enabled !== false);
  const docsOf = (mart: string): ModelDocs | undefined => opts.docs?.find((d) => d.name === mart);
  const previous = readManifest(opts.exportDir);
  const staged = StagedExport.create(opts.exportDir, opts.runId);
  try {
    const ctx = new MartCache(opts.wh, models);
    // Reserved so no data-built chart name can take them.
    const stems = new StemAllocator();
    for (const reserved of ["manifest", "dashboard", "data_dictionary"]) stems.take(reserved);

    const dictionary: { mart: string; description?: string; columns: ColumnDoc[] }[] = [];
    const exported = models.filter((n) => n.config.export.length > 0).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const [i, node] of exported.entries()) {
      const info = (await ctx.info(node.name, true))!;
      const columns = describeColumns(info.columns, docsOf(node.name));
      dictionary.push({ mart: node.name, description: docsOf(node.name)?.description, columns });
      const stem = stems.take(safeStem(node.name));
      for (const format of [...new Set(node.config.export)].sort()) {
        const name = `${stem}.${format}`;
        const rows = await WRITERS[format](opts.wh, info, staged.path(name));
        await staged.add({ path: name, kind: format, mart: node.name, rows, columns: columns.map(manifestColumn) });
      }
      on({ type: "progress", label: "export marts", done: i + 1, total: exported.length, unit: "marts" });
    }
    if (dictionary.length > 0) {
      writeFileSync(staged.path(DICTIONARY_FILE), dictionaryCsv(dictionary, csvField));
      const rows = dictionary.reduce((n, m) => n + m.columns.length, 0);
      const columns = ["mart", "column", "type", "mart_type", "unit", "population", "description"].map((name) => ({ name, type: "VARCHAR", unit: "text" }));
      await staged.add({ path: DICTIONARY_FILE, kind: "csv", rows, columns });
    }

    const wantCharts = opts.charts !== false;
    const wantDashboard = opts.dashboard !== false;
    // Compiled once: the chart files and the dashboard draw from the same Vega spec.
    const charts: { spec: ChartSpec; rows: ChartRow[]; vega: Spec }[] = [];
    if (wantCharts || wantDashboard) {
      for (const path of findChartSpecs(opts.projectRoot, opts.nodes)) {
        const spec = loadChartSpec(opts.projectRoot, path, opts.vars);
        const rows = await ctx.rows(spec.mart, (why) => on({ type: "info", message: `chart ${spec.name} skipped: ${why}` }));
        if (rows === undefined) continue;
        charts.push({ spec, rows, vega: compileChart(spec, publication) });
      }
    }
    if (wantCharts) {
      const jobs: ChartJob[] = [];
      for (const { spec, rows, vega } of charts) jobs.push(...(await chartJobs(spec, rows, vega, await ctx.info(spec.mart, false), scale, stems)));
      const outputs = await renderChartBatch(jobs, {
        previous: previous && { files: new Map(previous.files.map((f) => [f.path, f])), dir: opts.exportDir, sha256: sha256File },
        stage: (name) => staged.path(name),
        workers: opts.chartWorkers ?? "auto",
        onDone: (done, total) => on({ type: "progress", label: "render charts", done, total, unit: "charts" }),
      });
      const drawn = outputs.filter((o) => o.rendered).length;
      on({ type: "info", message: `charts: ${drawn} rendered, ${outputs.length - drawn} unchanged since the last export` });
      for (const { job, inputSha256, rendered } of outputs) {
        if (rendered) {
          writeFileSync(staged.path(`${job.stem}.svg`), rendered.svg);
          writeFileSync(staged.path(`${job.stem}.png`), rendered.png);
        }
        for (const kind of ["svg", "png"] as const) {
          await staged.add({ path: `${job.stem}.${kind}`, kind, mart: job.mart, chart: job.chart, rows: job.rows.length, inputSha256 });
        }
      }
    }
    if (wantDashboard) {
      const html = await dashboardHtml(opts, charts, ctx, publication, docsOf);
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

function manifestColumn(c: ColumnDoc): ManifestColumn {
  const out: ManifestColumn = { name: c.name, type: c.type };
  if (c.martType) out.martType = c.martType;
  out.unit = c.unit;
  if (c.n) out.n = c.n;
  if (c.description) out.description = c.description;
  return out;
}

/** One job per output file: the whole mart, or one per value of the spec's split_by column. */
async function chartJobs(
  spec: ChartSpec, rows: ChartRow[], vega: Spec, info: MartInfo | undefined, scale: number, stems: StemAllocator,
): Promise<ChartJob[]> {
  const job = (stem: string, part: ChartRow[], vg = vega, signals?: Record<string, unknown>): ChartJob => ({ stem, chart: spec.name, mart: spec.mart, vega: vg, rows: part, scale, signals });
  if (spec.splitBy === undefined) return [job(stems.take(safeStem(spec.file)), rows)];
  const col = spec.splitBy;
  if (info && !info.columns.some((c) => c.name === col)) {
    const near = didYouMean(col, info.columns.map((c) => c.name));
    throw new ProjectError("chart-split-unknown", `chart ${spec.name} splits by '${col}', which mart ${spec.mart} does not have`, { file: spec.path }, near ? `did you mean '${near}'?` : undefined);
  }
  const perFile = withSubtitleSignal(vega);
  return splitValues(rows, col).map((value) => {
    const label = value === null ? "none" : String(value);
    // Clean the value on its own first, so "../x" cannot glue dots onto the template's text.
    const stem = stems.take(safeStem(spec.file.replaceAll(`{${col}}`, safeStem(label))));
    return job(stem, rows.filter((r) => (r[col] ?? null) === value), perFile, { [SUBTITLE_SIGNAL]: `${col}: ${label}` });
  });
}

async function dashboardHtml(
  opts: ExportOptions, charts: { spec: ChartSpec; vega: Spec }[], ctx: MartCache, publication: boolean, docsOf: (m: string) => ModelDocs | undefined,
): Promise<string> {
  const datasets: Record<string, ChartRow[]> = {};
  const marts: Record<string, DashboardMart> = {};
  const include = async (mart: string): Promise<boolean> => {
    if (datasets[mart]) return true;
    const rows = await ctx.rows(mart, () => undefined);
    const info = await ctx.info(mart, false);
    if (!rows || !info) return false;
    datasets[mart] = rows;
    marts[mart] = { description: docsOf(mart)?.description?.trim(), columns: describeColumns(info.columns, docsOf(mart)) };
    return true;
  };
  const dashCharts: DashboardChart[] = [];
  for (const { spec, vega } of charts) {
    if (spec.tabs.length === 0 || !(await include(spec.mart))) continue;
    const title = spec.spec.title;
    const text = typeof title === "string" ? title : typeof title === "object" && title !== null ? String((title as { text?: unknown }).text ?? spec.name) : spec.name;
    spec.tabs.forEach((tab, i) => {
      const id = safeStem(spec.name) + (i === 0 ? "" : `-${tab.toLowerCase()}`);
      dashCharts.push({ id, tab, mart: spec.mart, title: text, description: String(spec.spec.description ?? ""), vega });
    });
  }
  const tables = [];
  for (const t of DASHBOARD_TABLES) if (await include(t.mart)) tables.push(t);
  for (const h of HEADLINES) await include(h.mart);
  await include(PROGRAMME_DIMENSION);
  return buildDashboard({ title: "Quality Enhancement dashboard", runId: opts.runId, charts: dashCharts, tables, datasets, marts, publication });
}
