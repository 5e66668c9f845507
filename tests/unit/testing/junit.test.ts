import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeResult } from "../../../src/core/results.js";
import { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import { nodeId } from "../../../src/project/types.js";
import { compileTests } from "../../../src/testing/compile-tests.js";
import { junitXml, writeJunit } from "../../../src/testing/junit.js";
import { runDataTest } from "../../../src/testing/run-data-test.js";
import { column, compiledModels, decl, miniRenderer, model, project } from "./helpers.js";
import { findAll, parseXml } from "./xml-check.js";

describe("the XML checker itself", () => {
  it.each(["<a><b></a></b>", "<a x=1/>", "<a>&nbsp;</a>", "<a>1 < 2</a>", "<a/><b/>", "<a>\u0001</a>"])("rejects %s", (bad) => {
    expect(() => parseXml(bad)).toThrow();
  });
});

describe("JUnit report", () => {
  let wh: DuckDBAdapter;
  beforeAll(async () => {
    wh = await DuckDBAdapter.open(":memory:");
    await wh.exec(`create table "fct_marks" as select * from (values (1, 'A&B <"x">'), (1, 'tab\there'), (2, null)) t(id, note)`);
  });
  afterAll(() => wh.close());

  it("has one testcase per data test, failures carry count and sample rows, warnings stay visible", async () => {
    const p = project({
      models: [model("fct_marks", [column("id", decl("unique"), decl("not_null")), column("note", decl("not_null", {}, { severity: "warn" }), decl("accepted_values", { values: ["A&B <\"x\">"] }))])],
    });
    const tests = await compileTests(p, compiledModels(p), miniRenderer(p));
    const results: NodeResult[] = [];
    for (const t of tests) results.push({ ...(await runDataTest(t, wh)), elapsedMs: 12 });
    results.push({ id: nodeId("model.qe.fct_marks"), name: "fct_marks", kind: "model", status: "success", elapsedMs: 5 });
    results.push({ id: nodeId("unit_test.qe.fct_marks.counts"), name: "counts", kind: "unit_test", status: "fail", elapsedMs: 3, message: "rows differ\n+ {id: 1}\n- {id: 2}" });

    const dir = mkdtempSync(join(tmpdir(), "qe-junit-"));
    const path = join(dir, "reports", "junit.xml");
    writeJunit(path, results, tests);
    expect(readdirSync(join(dir, "reports"))).toEqual(["junit.xml"]); // no temp file left behind
    const doc = parseXml(readFileSync(path, "utf8"));

    expect(doc.name).toBe("testsuites");
    const [data, unit] = findAll(doc, "testsuite");
    const cases = findAll(data!, "testcase");
    expect(cases.map((c) => c.attrs["name"])).toEqual(tests.map((t) => t.name));
    expect(cases.every((c) => c.attrs["classname"] === "fct_marks")).toBe(true);
    expect(data!.attrs).toMatchObject({ tests: "4", failures: "2", errors: "0" });

    const unique = cases.find((c) => c.attrs["name"] === "unique_fct_marks_id")!;
    const failure = findAll(unique, "failure")[0]!;
    expect(failure.attrs["message"]).toContain("Got 1 failing row in fct_marks.id");
    expect(failure.text).toContain("failing rows: 1");
    expect(failure.text).toMatch(/unique_field \| n_records\n.*\n1 +\| 2/);

    const accepted = cases.find((c) => c.attrs["name"]!.startsWith("accepted_values"))!;
    expect(findAll(accepted, "failure")[0]!.text).toContain("tab\there");

    const warn = cases.find((c) => c.attrs["name"] === "not_null_fct_marks_note")!;
    expect(findAll(warn, "failure")).toEqual([]);
    expect(findAll(warn, "system-out")[0]!.text).toMatch(/^WARN: Got 1 failing row/);
    expect(findAll(warn, "property")[0]!.attrs).toEqual({ name: "status", value: "warn" });

    expect(findAll(unit!, "testcase")[0]!.attrs).toMatchObject({ classname: "fct_marks", name: "counts" });
    expect(findAll(unit!, "failure")[0]!.text).toBe("rows differ\n+ {id: 1}\n- {id: 2}");
  });

  it("escapes quotes and newlines in attributes and drops control characters", async () => {
    const xml = junitXml([{ id: nodeId("test.qe.t"), name: `t "1" <&>`, kind: "generic_test", status: "error", elapsedMs: 0, message: "bad\u0007 line\nsecond" }]);
    const tc = findAll(parseXml(xml), "testcase")[0]!;
    expect(tc.attrs["name"]).toBe(`t "1" <&>`);
    expect(findAll(tc, "error")[0]!.attrs["message"]).toBe("bad line");
  });
});
