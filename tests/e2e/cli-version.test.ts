import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";

describe("qe --version", () => {
  it("prints the package version and exits 0 without running a command", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    const writes: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => void writes.push(a.join(" "));
    try {
      const out = await runCli(["--version"]);
      expect(out.exitCode).toBe(0);
      expect(out.stderr).toBe("");
    } finally {
      console.log = log;
    }
    expect(writes.join("\n")).toContain(pkg.version);
  });
});
