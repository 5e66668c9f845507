// Charts: bind mart rows to a Vega-Lite spec, compile with vega-lite, render with vega to SVG
// (headless, renderer "none"), then rasterise with sharp to PNG. Text is drawn by librsvg with
// system fonts (fontconfig's sans-serif; DejaVu Sans on Debian).
import { createRequire } from "node:module";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { isDecimalType, isIntegerType, martSelect, quoteIdent, readRows, type MartInfo, type MartWarehouse } from "./mart-query.js";
import type { ChartSpec } from "./chart-spec.js";
import { hesaPublish } from "./hesa.js";
import { useDejaVuTextMetrics } from "./text-width.js";
import type { ExportColumn } from "./types.js";

// sharp is CommonJS: `require` skips the export lexing an ESM import costs (~0.1 s of CPU per process).
const sharp = createRequire(import.meta.url)("sharp") as (typeof import("sharp"))["default"];

useDejaVuTextMetrics();
registerHesaExpressions(vega);

/**
 * Vega expression functions for publication mode, so a spec can publish what it computes (a pooled
 * rate is computed from exact counts first, then suppressed): hesaCount(v, on), hesaRate(v, n, on),
 * hesaMean(v, n, on), where `on` is the qe_publication signal. The browser registers the same ones.
 */
export function registerHesaExpressions(v: { expressionFunction: (name: string, fn: (...args: never[]) => unknown) => unknown }): void {
  v.expressionFunction("hesaCount", (x: number | null, on: boolean) => (on ? hesaPublish("count", x, undefined) : x));
  v.expressionFunction("hesaRate", (x: number | null, n: number | null, on: boolean) => (on ? hesaPublish("rate", x, n ?? null) : x));
  v.expressionFunction("hesaMean", (x: number | null, n: number | null, on: boolean) => (on ? hesaPublish("average", x, n ?? null) : x));
}

export type ChartRow = Record<string, string | number | boolean | null>;

/** JSON-safe projection: numbers as doubles, dates as YYYY-MM-DD, the rest as text. */
function chartProjection(c: ExportColumn): string {
  const q = quoteIdent(c.name);
  if (isIntegerType(c.type) || isDecimalType(c.type) || c.type === "DOUBLE" || c.type === "FLOAT") return `${q}::DOUBLE`;
  if (c.type === "DATE") return `strftime(${q}, '%Y-%m-%d')`;
  if (c.type === "BOOLEAN") return q;
  return `${q}::VARCHAR`;
}

/** The mart's rows, in export order, as plain JSON values for Vega. */
export async function loadChartRows(wh: MartWarehouse, info: MartInfo): Promise<ChartRow[]> {
  return readRows<ChartRow>(wh, martSelect(info, chartProjection), info.node.name);
}

/**
 * House style under every chart (a spec's own `config` wins): text sizes that stay legible in a
 * 1x PNG pasted into a committee paper; long legend labels are not cut.
 */
export const CHART_CONFIG: Readonly<Record<string, Record<string, unknown>>> = {
  title: { fontSize: 15, subtitleFontSize: 12, subtitleColor: "#444", anchor: "middle", offset: 8 },
  axis: { labelFontSize: 11, titleFontSize: 12, titlePadding: 8 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320 },
  text: { fontSize: 11 },
  // Vega-Lite draws points and ticks at opacity 0.7 unless told; as SVG group opacity, librsvg
  // composites each mark on its own surface (a 2,000-point scatter took 1.5 s to rasterise, not
  // 0.2 s). The same look as fill and stroke opacity, which it paints directly.
  point: { opacity: 1, fillOpacity: 0.7, strokeOpacity: 0.7 },
  tick: { opacity: 1, fillOpacity: 0.7, strokeOpacity: 0.7 },
};

function withHouseStyle(own: unknown): Record<string, unknown> {
  const mine = typeof own === "object" && own !== null ? (own as Record<string, Record<string, unknown>>) : {};
  const out: Record<string, unknown> = { ...mine };
  for (const [k, v] of Object.entries(CHART_CONFIG)) out[k] = { ...v, ...(mine[k] ?? {}) };
  return out;
}

/** Vega-Lite logs spec warnings to the console; a stage never prints (the shipped specs are tested warning-free). */
const QUIET = {
  level() { return QUIET; },
  error() { return QUIET; },
  warn() { return QUIET; },
  info() { return QUIET; },
  debug() { return QUIET; },
} as unknown as NonNullable<Parameters<typeof compile>[1]>["logger"];

/** The signal every chart reads to know whether publication mode (HESA rounding) is on. */
export const PUBLICATION_SIGNAL = "qe_publication";

/**
 * Compiles the Vega-Lite spec to Vega with its data source named after the mart (rows bound later)
 * and the publication signal set. The subtitle, when given, replaces the spec's own.
 */
export function compileChart(chart: ChartSpec, publication: boolean): vega.Spec {
  const spec: Record<string, unknown> = { ...chart.spec, data: { name: chart.mart }, config: withHouseStyle(chart.spec.config) };
  delete spec.usermeta;
  const vg = compile(spec as unknown as TopLevelSpec, { logger: QUIET }).spec as vega.Spec & { signals?: vega.Signal[] };
  vg.signals = [...(vg.signals ?? []).filter((s) => s.name !== PUBLICATION_SIGNAL), { name: PUBLICATION_SIGNAL, value: publication }];
  return vg;
}

/** The signal a per-file subtitle is read from (see withSubtitleSignal). */
export const SUBTITLE_SIGNAL = "qe_subtitle";

/**
 * A copy of a compiled chart whose subtitle is the value of the signal SUBTITLE_SIGNAL: one spec,
 * parsed once, then serves every per-programme file (each sets the signal), instead of a spec and
 * a parse per file. The SVG is the same as with the subtitle written in.
 */
export function withSubtitleSignal(vg: vega.Spec): vega.Spec {
  const title = vg.title;
  const base = typeof title === "object" && title !== null && !Array.isArray(title) ? title : { text: (title as string | undefined) ?? "" };
  const signals = [...(vg.signals ?? []).filter((s) => s.name !== SUBTITLE_SIGNAL), { name: SUBTITLE_SIGNAL, value: "" }];
  return { ...vg, title: { ...base, subtitle: { signal: SUBTITLE_SIGNAL } } as vega.Title, signals };
}

export interface RenderedChart {
  svg: string;
  png: Buffer;
}

/** zlib level for the PNGs: 3 encodes in 55 % of the default 6's time for 5 % more bytes (the QE charts at 10k: 0.59 → 0.34 s, 3.39 → 3.56 MB). */
const PNG_COMPRESSION = 3;

/** Parsed specs by their JSON: a per-programme chart is parsed once per export, not once per file. */
const parsedSpecs = new Map<string, vega.Runtime>();
const PARSED_KEPT = 32;

function parsed(vg: vega.Spec): vega.Runtime {
  const key = JSON.stringify(vg);
  let runtime = parsedSpecs.get(key);
  if (!runtime) {
    runtime = vega.parse(vg);
    if (parsedSpecs.size >= PARSED_KEPT) parsedSpecs.delete(parsedSpecs.keys().next().value!);
    parsedSpecs.set(key, runtime);
  }
  return runtime;
}

/** Renders a compiled chart with `rows` and `signals` set, at `scale` (1 or 2), to an SVG string and a PNG. */
export async function renderChart(vg: vega.Spec, dataset: string, rows: readonly ChartRow[], scale: number, signals: Readonly<Record<string, unknown>> = {}): Promise<RenderedChart> {
  const view = new vega.View(parsed(vg), { renderer: "none" });
  try {
    for (const [name, value] of Object.entries(signals)) view.signal(name, value);
    view.data(dataset, rows.map((r) => ({ ...r })));
    const svg = await view.toSVG(scale);
    const png = await sharp(Buffer.from(svg)).png({ compressionLevel: PNG_COMPRESSION }).toBuffer();
    return { svg, png };
  } finally {
    view.finalize();
  }
}

/** Distinct values of `column` in first-seen order (rows arrive in export order, so this is stable). */
export function splitValues(rows: readonly ChartRow[], column: string): (string | number | boolean | null)[] {
  const seen = new Set<string | number | boolean | null>();
  for (const r of rows) seen.add(r[column] ?? null);
  return [...seen];
}
