// Batch arithmetic against dbt-core 1.11's MicrobatchBuilder: its docstring examples, and the
// batches a first run, an incremental run (lookback) and --event-time-start/-end give.
import { describe, expect, it } from "vitest";
import {
  batchId, ceilingTimestamp, formatBatchStart, microbatchBatches, offsetTimestamp, parseWallTime, sqlTimestamp, truncateTimestamp,
  type BatchPlanInput,
} from "../../../src/execute/microbatch-batches.js";
import type { BatchSize } from "../../../src/core/node-types.js";

const t = (s: string): number => Date.parse(`${s}Z`);
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

describe("MicrobatchBuilder's timestamp arithmetic", () => {
  const at = t("2024-09-17T16:06:00");
  it.each<[BatchSize, string, string, string, string]>([
    // size, truncate, offset -1, offset +1, ceiling (dbt's docstrings)
    ["hour", "2024-09-17 16:00:00", "2024-09-17 15:00:00", "2024-09-17 17:00:00", "2024-09-17 17:00:00"],
    ["day", "2024-09-17 00:00:00", "2024-09-16 00:00:00", "2024-09-18 00:00:00", "2024-09-18 00:00:00"],
    ["month", "2024-09-01 00:00:00", "2024-08-01 00:00:00", "2024-10-01 00:00:00", "2024-10-01 00:00:00"],
    ["year", "2024-01-01 00:00:00", "2023-01-01 00:00:00", "2025-01-01 00:00:00", "2025-01-01 00:00:00"],
  ])("%s", (size, trunc, minus, plus, ceil) => {
    expect(iso(truncateTimestamp(at, size))).toBe(trunc);
    expect(iso(offsetTimestamp(at, size, -1))).toBe(minus);
    expect(iso(offsetTimestamp(at, size, 1))).toBe(plus);
    expect(iso(ceilingTimestamp(at, size))).toBe(ceil);
    // A boundary is its own ceiling.
    expect(ceilingTimestamp(truncateTimestamp(at, size), size)).toBe(truncateTimestamp(at, size));
  });

  it("moves months across year ends and short months, and offsets a day relative to its start", () => {
    expect(iso(offsetTimestamp(t("2024-01-31T12:00:00"), "month", -1))).toBe("2023-12-01 00:00:00");
    expect(iso(offsetTimestamp(t("2024-01-31T12:00:00"), "month", 1))).toBe("2024-02-01 00:00:00");
    expect(iso(offsetTimestamp(t("2024-03-15T00:00:00"), "month", -14))).toBe("2023-01-01 00:00:00");
    expect(iso(offsetTimestamp(t("2024-09-17T23:59:59"), "day", 1))).toBe("2024-09-18 00:00:00");
  });

  it("names batches as dbt does", () => {
    const s = t("2024-09-17T16:06:00");
    expect((["hour", "day", "month", "year"] as const).map((z) => formatBatchStart(s, z))).toEqual(["2024-09-17T16", "2024-09-17", "2024-09", "2024"]);
    expect(batchId(s, "hour")).toBe("20240917T16");
    expect(sqlTimestamp(t("2024-01-02T00:00:00"))).toBe("2024-01-02 00:00:00+00:00");
  });
});

describe("microbatchBatches", () => {
  const base: BatchPlanInput = { batchSize: "day", beginMs: t("2024-01-01T00:00:00"), lookback: 1, incremental: false, invokedAtMs: t("2024-01-04T10:30:00") };
  const show = (p: Partial<BatchPlanInput>) => microbatchBatches({ ...base, ...p }).map(([s, e]) => `${iso(s)} → ${iso(e)}`);

  it("runs from begin to the invocation's batch on a first run or full refresh", () => {
    expect(show({})).toEqual([
      "2024-01-01 00:00:00 → 2024-01-02 00:00:00",
      "2024-01-02 00:00:00 → 2024-01-03 00:00:00",
      "2024-01-03 00:00:00 → 2024-01-04 00:00:00",
      "2024-01-04 00:00:00 → 2024-01-05 00:00:00",
    ]);
    // begin mid-period starts at its period's start
    expect(show({ batchSize: "year", beginMs: t("2023-06-15T00:00:00") })).toEqual(["2023-01-01 00:00:00 → 2024-01-01 00:00:00", "2024-01-01 00:00:00 → 2025-01-01 00:00:00"]);
  });

  it("reprocesses the current batch and `lookback` before it on an incremental run", () => {
    expect(show({ incremental: true })).toEqual(["2024-01-03 00:00:00 → 2024-01-04 00:00:00", "2024-01-04 00:00:00 → 2024-01-05 00:00:00"]);
    expect(show({ incremental: true, lookback: 0 })).toEqual(["2024-01-04 00:00:00 → 2024-01-05 00:00:00"]);
    expect(show({ incremental: true, lookback: 2, batchSize: "hour" })).toEqual([
      "2024-01-04 08:00:00 → 2024-01-04 09:00:00", "2024-01-04 09:00:00 → 2024-01-04 10:00:00", "2024-01-04 10:00:00 → 2024-01-04 11:00:00",
    ]);
  });

  it("builds exactly the --event-time-start/--event-time-end window, first run or not", () => {
    const w = { eventTimeStartMs: t("2024-02-10T05:00:00"), eventTimeEndMs: t("2024-02-12T00:00:00") };
    const want = ["2024-02-10 00:00:00 → 2024-02-11 00:00:00", "2024-02-11 00:00:00 → 2024-02-12 00:00:00"];
    expect(show(w)).toEqual(want);
    expect(show({ ...w, incremental: true })).toEqual(want);
    // an end inside a batch is rounded up to its boundary
    expect(show({ ...w, eventTimeEndMs: t("2024-02-11T01:00:00") })).toEqual(want);
    expect(show({ ...w, batchSize: "month" })).toEqual(["2024-02-01 00:00:00 → 2024-03-01 00:00:00"]);
  });
});

describe("parseWallTime", () => {
  it("reads ISO dates and date-times as UTC wall times, dropping a zone as dbt's truncation does", () => {
    expect(parseWallTime("2024-01-01")).toBe(t("2024-01-01T00:00:00"));
    expect(parseWallTime("2024-01-01 06:30")).toBe(t("2024-01-01T06:30:00"));
    expect(parseWallTime("2024-01-01T06:30:15.5+02:00")).toBe(t("2024-01-01T06:30:15.500"));
    expect(["2024-02-30", "yesterday", "2024-1-1", "2024-01-01T25:00:00"].map(parseWallTime)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
