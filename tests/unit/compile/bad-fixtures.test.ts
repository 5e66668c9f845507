// One broken project per error code under tests/fixtures/bad/<code>/, each with the expected
// formatted error in error.txt (written when missing; review diffs like code).
import { describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadProject } from "../../../src/project/index.js";
import { compileProject } from "../../../src/compile/index.js";
import { QeError, ProjectErrors, formatError } from "../../../src/core/errors.js";

const BAD = resolve("tests/fixtures/bad");
const names = readdirSync(BAD).sort();

describe("bad projects", () => {
  it.each(names)("%s reports its error", async (name) => {
    let err: unknown;
    try {
      await compileProject(loadProject({ projectDir: join(BAD, name) }), {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProjectErrors);
    const errors = (err as ProjectErrors).errors;
    expect(errors.map((e) => e.code)).toContain(name);
    for (const e of errors) expect(e.loc?.line).toBeGreaterThan(0);
    await expect(formatError(err as QeError) + "\n").toMatchFileSnapshot(join(BAD, name, "error.txt"));
  });
});
