// Issue 6: with default-like generated data each seed KPI carries signal: several programmes and
// terms, all four turnaround bins non-empty, at least one and at most ~15% of module runs at risk.
// Read from the independent recomputation (no runner needed), at a small scale.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../src/generate/index.js";
import { median, referenceKpis, TURNAROUND_BINS, type ReferenceKpis } from "./qe-project-kpi-reference.js";

describe("seed KPIs carry signal on generated data (1,500 students, seed 42)", () => {
  let dir: string;
  let kpis: ReferenceKpis;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "qe-kpi-signal-"));
    const db = path.join(dir, "qe.db");
    await generate({ out: db, students: 1500, seed: 42, years: 4 });
    kpis = referenceKpis(db);
  });

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("pass rates span several programmes, years and terms, and vary", () => {
    const distinct = (k: "programme" | "academic_year" | "term") => new Set(kpis.passRate.map((r) => r[k])).size;
    expect(distinct("programme")).toBeGreaterThanOrEqual(3);
    expect(distinct("academic_year")).toBeGreaterThanOrEqual(3);
    expect(distinct("term")).toBeGreaterThanOrEqual(2);
    const rates = kpis.passRate.map((r) => r.pass_rate);
    expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(0.05);
    for (const r of kpis.passRate) expect(r.passed).toBeLessThanOrEqual(r.enrolments);
  });

  it("every turnaround bin is non-empty and the shares sum to 1", () => {
    expect(kpis.turnaround.map((b) => b.turnaround_bin)).toEqual([...TURNAROUND_BINS]);
    for (const b of kpis.turnaround) expect(b.assessments, b.turnaround_bin).toBeGreaterThan(0);
    expect(kpis.turnaround.reduce((s, b) => s + b.share, 0)).toBeCloseTo(1, 12);
  });

  it("some, but at most 15%, of module runs are at risk", () => {
    expect(kpis.engagement.length).toBeGreaterThan(50);
    expect(kpis.atRisk.length).toBeGreaterThanOrEqual(1);
    expect(kpis.atRisk.length / kpis.engagement.length).toBeLessThanOrEqual(0.15);
  });

  it("the engagement index varies across module runs", () => {
    const idx = new Set(kpis.engagement.map((r) => r.engagement_index.toFixed(6)));
    expect(idx.size).toBeGreaterThan(5);
    expect(kpis.engagement.some((r) => r.median_support_visits > 0)).toBe(true);
  });
});

describe("median (reference helper)", () => {
  it("averages the two middle values of an even count", () => {
    expect(median([3, 1, 4, 2])).toBe(2.5);
    expect(median([0, 0, 1])).toBe(0);
    expect(median([5])).toBe(5);
  });
});
