import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { StemAllocator, resolveInside, safeStem } from "../../../src/export/safe-name.js";

describe("safeStem", () => {
  it.each([
    ['../Evil/Prog "A"', "Evil_Prog_A"],
    ["..", "_"],
    ["", "_"],
    ["a\u0000b\u001fc\u007f", "abc"],
    ["C:\\Windows\\system32", "C_Windows_system32"],
    ["line\nbreak\ttab", "line_break_tab"],
    ["x...y", "x.y"],
    ["U-CMP-01", "U-CMP-01"],
    ["Économie & Société", "Économie_&_Société"],
    [".hidden", "hidden"],
  ])("%j → %j", (raw, stem) => {
    const out = safeStem(raw);
    expect(out).toBe(stem);
    expect(out).not.toMatch(/[\/\\\u0000-\u001f]|\.\./);
  });

  it("caps the length so the name fits any file system", () => {
    expect([...safeStem("x".repeat(500))]).toHaveLength(120);
  });
});

describe("StemAllocator", () => {
  it("suffixes -2, -3 on collisions, ignoring case", () => {
    const a = new StemAllocator();
    expect(["p", "P", "p", "q"].map((s) => a.take(s))).toEqual(["p", "P-2", "p-3", "q"]);
  });
});

describe("resolveInside", () => {
  it("resolves plain names inside the folder and refuses anything that escapes it", () => {
    expect(resolveInside("/tmp/exports", "a.csv")).toBe(join("/tmp/exports", "a.csv"));
    for (const bad of ["../a.csv", "/etc/passwd", "x/../../a", "", "."]) {
      expect(() => resolveInside("/tmp/exports", bad), bad).toThrowError(expect.objectContaining({ code: "export-unsafe-path" }));
    }
  });
});
