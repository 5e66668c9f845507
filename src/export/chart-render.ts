// Charts: bind mart rows to a Vega-Lite spec, compile with vega-lite, render with vega to SVG
// (headless, renderer "none"), then rasterise with sharp to PNG. Text is drawn by librsvg with
// system fonts (fontconfig's sans-serif; DejaVu Sans on Debian).
import sharp from "sharp";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { Adapter } from "../adapters/types.js";
import { quoteIdent } from "../adapters/quote.js";
import { isDecimalType, isIntegerType, martSelect, type MartInfo } from "./mart-query.js";
import type { ChartSpec } from "./chart-spec.js";
import { useDejaVuTextMetrics } from "./text-width.js";
import type { ExportColumn } from "./types.js";

useDejaVuTextMetrics();

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
export async function loadChartRows(wh: Adapter, info: MartInfo): Promise<ChartRow[]> {
  return wh.all<ChartRow>(martSelect(info, chartProjection), { node: info.node.name });
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
};

function withHouseStyle(own: unknown): Record<string, unknown> {
  const mine = typeof own === "object" && own !== null ? (own as Record<string, Record<string, unknown>>) : {};
  const out: Record<string, unknown> = { ...mine };
  for (const [k, v] of Object.entries(CHART_CONFIG)) out[k] = { ...v, ...(mine[k] ?? {}) };
  return out;
}

/** Compiles the Vega-Lite spec to Vega with its data source named after the mart (rows bound later). */
export function compileChart(chart: ChartSpec, subtitle?: string): vega.Spec {
  const spec: Record<string, unknown> = { ...chart.spec, data: { name: chart.mart }, config: withHouseStyle(chart.spec.config) };
  if (subtitle !== undefined) {
    const title = spec.title;
    spec.title = typeof title === "object" && title !== null ? { ...title, subtitle } : { text: title ?? chart.name, subtitle };
  }
  return compile(spec as unknown as TopLevelSpec).spec as vega.Spec;
}

export interface RenderedChart {
  svg: string;
  png: Buffer;
}

/** Renders a compiled chart with `rows` at `scale` (1 or 2) to an SVG string and a PNG. */
export async function renderChart(vg: vega.Spec, dataset: string, rows: readonly ChartRow[], scale: number): Promise<RenderedChart> {
  const view = new vega.View(vega.parse(vg), { renderer: "none" });
  try {
    view.data(dataset, rows.map((r) => ({ ...r })));
    const svg = await view.toSVG(scale);
    const png = await sharp(Buffer.from(svg)).png().toBuffer();
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
