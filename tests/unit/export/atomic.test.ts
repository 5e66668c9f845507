import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import { exportMarts, readManifest, type ExportOptions } from "../../../src/export/index.js";
import { REPO_ROOT, VARS, martNode, seedNodes, seedWarehouse } from "./mart-fixture.js";

let wh: DuckDBAdapter;
let exportDir: string;
beforeEach(async () => {
  wh = await seedWarehouse();
  exportDir = join(mkdtempSync(join(tmpdir(), "qe-atomic-")), "exports");
});
afterEach(() => wh.close());

const opts = (over: Partial<ExportOptions> = {}): ExportOptions => ({
  wh, nodes: seedNodes(), projectRoot: REPO_ROOT, exportDir, runId: "run-1", vars: VARS, charts: false, dashboard: false, ...over,
});

/** Every file in the folder with its bytes, hidden staging folders included. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out[join(e.parentPath, e.name).slice(dir.length + 1)] = readFileSync(join(e.parentPath, e.name)).toString("base64");
  }
  return out;
}

describe("atomic export", () => {
  it("leaves the previous exports and manifest untouched when a mart fails mid-export", async () => {
    await exportMarts(opts(), () => undefined);
    const before = snapshot(exportDir);
    expect(Object.keys(before)).toContain("manifest.json");

    // Change the data, then add a mart that fails at query time, sorted after the good ones
    // so some new files were already staged when it fails.
    await wh.exec("update kpi_pass_rate set passed = passed - 1");
    await wh.exec("create view zz_broken as select cast('not a number' as integer) as n");
    const nodes = [...seedNodes(), martNode("zz_broken", ["csv"])];
    await expect(exportMarts(opts({ nodes, runId: "run-2" }), () => undefined)).rejects.toMatchObject({ code: "database" });

    expect(snapshot(exportDir)).toEqual(before);
    expect(readManifest(exportDir)?.runId).toBe("run-1");
  });

  it("leaves the previous set untouched when a chart spec is broken", async () => {
    await exportMarts(opts(), () => undefined);
    const before = snapshot(exportDir);
    const root = mkdtempSync(join(tmpdir(), "qe-atomic-root-"));
    mkdirSync(join(root, "models/marts/charts"), { recursive: true });
    writeFileSync(join(root, "models/marts/charts/bad.vl.json"), '{ "usermeta": { "qe": { "mart": "kpi_pass_rate" } }, "title": "${nope}" }');
    await expect(exportMarts(opts({ projectRoot: root, charts: true, runId: "run-2" }), () => undefined)).rejects.toMatchObject({ code: "chart-var-unknown" });
    expect(snapshot(exportDir)).toEqual(before);
  });

  it("fails, touching nothing, when a mart declared for export was never built", async () => {
    await exportMarts(opts(), () => undefined);
    const before = snapshot(exportDir);
    const nodes = [...seedNodes(), martNode("not_built", ["csv"])];
    await expect(exportMarts(opts({ nodes, runId: "run-2" }), () => undefined)).rejects.toMatchObject({ code: "export-mart-missing" });
    expect(snapshot(exportDir)).toEqual(before);
  });

  it("replaces the set on success: new manifest, files no longer exported are removed, no staging left", async () => {
    await exportMarts(opts(), () => undefined);
    expect(existsSync(join(exportDir, "kpi_pass_rate.parquet"))).toBe(true);
    writeFileSync(join(exportDir, "analyst-notes.txt"), "mine");
    const nodes = seedNodes().map((n) => (n.name === "kpi_pass_rate" ? martNode("kpi_pass_rate", ["csv"]) : n));
    const m = await exportMarts(opts({ nodes, runId: "run-2" }), () => undefined);
    expect(m.runId).toBe("run-2");
    expect(readManifest(exportDir)).toEqual(m);
    expect(existsSync(join(exportDir, "kpi_pass_rate.parquet"))).toBe(false);
    expect(existsSync(join(exportDir, "kpi_pass_rate.arrow"))).toBe(false);
    // Files the export never wrote are not ours to delete.
    expect(readFileSync(join(exportDir, "analyst-notes.txt"), "utf8")).toBe("mine");
    expect(readdirSync(exportDir).filter((n) => n.startsWith(".staging"))).toEqual([]);
    expect(readdirSync(exportDir).sort()).toEqual([...m.files.map((f) => f.path), "analyst-notes.txt", "manifest.json"].sort());
  });

  it("rejects a PNG scale other than 1 or 2 before writing anything", async () => {
    await expect(exportMarts(opts({ scale: 3 }), () => undefined)).rejects.toMatchObject({ code: "export-scale" });
    expect(existsSync(exportDir)).toBe(false);
  });
});
