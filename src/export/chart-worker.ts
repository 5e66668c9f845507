// A worker thread that renders charts: it receives compiled Vega specs with their rows and returns
// SVG text and PNG bytes. The same renderChart runs here as in the main thread, so a file is
// byte-identical whichever thread drew it.
import { parentPort } from "node:worker_threads";
import type { Spec } from "vega";
import { renderChart, type ChartRow } from "./chart-render.js";

export interface ChartJobMessage {
  id: number;
  vega: Spec;
  dataset: string;
  rows: ChartRow[];
  scale: number;
  signals?: Record<string, unknown>;
}

export type ChartJobReply = { id: number; svg: string; png: Uint8Array } | { id: number; error: string };

parentPort?.on("message", (job: ChartJobMessage) => {
  renderChart(job.vega, job.dataset, job.rows, job.scale, job.signals).then(
    ({ svg, png }) => {
      const bytes = new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
      parentPort!.postMessage({ id: job.id, svg, png: bytes } satisfies ChartJobReply);
    },
    (e: Error) => parentPort!.postMessage({ id: job.id, error: e.stack ?? e.message } satisfies ChartJobReply),
  );
});
