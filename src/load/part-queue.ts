// Hands the exporter's parts to the loader one job at a time, in job order. Workers finish jobs out
// of order: a later job's parts wait here. Asking for a job skips (drains) the earlier ones nobody
// asked for, so their files are deleted and their workers' slots freed; a skipped table is then
// loaded another way by the caller.
import { rmSync } from "node:fs";
import type { ExportMessage, Exporter } from "./sqlite-export.js";

type Part = Extract<ExportMessage, { type: "part" }>;

export class PartQueue {
  private readonly held = new Map<number, Part[]>();
  private failure: Extract<ExportMessage, { type: "fail" }> | undefined;
  /** The first job not yet read to its end. */
  private cursor = 0;

  constructor(private readonly exporter: Exporter) {}

  /** The job indexes of `table`, in order. */
  jobsOf(table: number): number[] {
    return this.exporter.jobs.flatMap((j, i) => (j.table === table ? [i] : []));
  }

  /** Whether `table`'s jobs can still be read (none was skipped or read already). */
  canRead(table: number): boolean {
    return this.jobsOf(table).every((j) => j >= this.cursor);
  }

  /** The next part of `job`; after a failure of any worker, that failure. Call `release` after loading a part's file. */
  async next(job: number): Promise<ExportMessage> {
    while (this.cursor < job && !this.failure) await this.drain(this.cursor);
    const m = await this.take(job);
    if (m.type === "part" && m.last) this.cursor = job + 1;
    return m;
  }

  /** Deletes a loaded (or unwanted) part's file and frees its worker's slot. */
  release(part: Part): void {
    if (part.file === undefined) return;
    rmSync(part.file, { force: true });
    this.exporter.done(part.worker);
  }

  private async drain(job: number): Promise<void> {
    for (;;) {
      const m = await this.take(job);
      if (m.type === "fail") return;
      this.release(m);
      if (m.last) break;
    }
    this.cursor = job + 1;
  }

  private async take(job: number): Promise<ExportMessage> {
    const mine = this.held.get(job);
    if (mine?.length) return mine.shift()!;
    if (this.failure) return this.failure;
    for (;;) {
      const m = await this.exporter.next();
      if (m.type === "fail") {
        this.failure = m;
        return m;
      }
      if (m.job === job) return m;
      this.held.set(m.job, [...(this.held.get(m.job) ?? []), m]);
    }
  }
}
