// JUnit XML for CI: one <testcase> per data test (classname = the model it tests) and per unit
// test, failing rows in the failure body. Written to a temporary file and renamed, so a reader
// never sees half a report.
import type { CompiledNode } from "../compile/types.js";
import type { NodeResult } from "../core/results.js";
import { writeFileAtomic } from "../core/write-atomic.js";

const TEST_KINDS = new Set(["generic_test", "singular_test", "unit_test"]);

/** Writes the report for the test results among `results`; `nodes` (optional) supply each test's model name. */
export function writeJunit(path: string, results: readonly NodeResult[], nodes: readonly CompiledNode[] = []): void {
  writeFileAtomic(path, junitXml(results, nodes));
}

/** The report as text: suites "data tests" and "unit tests" (the latter only when there are any). */
export function junitXml(results: readonly NodeResult[], nodes: readonly CompiledNode[] = []): string {
  const byId = new Map(nodes.map((n) => [n.id as string, n]));
  const tests = results.filter((r) => TEST_KINDS.has(r.kind));
  const suites = [
    suite("data tests", tests.filter((r) => r.kind !== "unit_test"), byId),
    suite("unit tests", tests.filter((r) => r.kind === "unit_test"), byId),
  ].filter((s) => s.count > 0 || s.name === "data tests");
  const total = (k: "count" | "failures" | "errors" | "skipped") => suites.reduce((n, s) => n + s[k], 0);
  const time = seconds(tests.reduce((n, r) => n + r.elapsedMs, 0));
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="qe" tests="${total("count")}" failures="${total("failures")}" errors="${total("errors")}" skipped="${total("skipped")}" time="${time}">`,
    ...suites.map((s) => s.xml),
    `</testsuites>`,
    "",
  ].join("\n");
}

interface Suite {
  name: string;
  count: number;
  failures: number;
  errors: number;
  skipped: number;
  xml: string;
}

function suite(name: string, results: readonly NodeResult[], byId: ReadonlyMap<string, CompiledNode>): Suite {
  const n = (s: string) => results.filter((r) => r.status === s).length;
  const time = seconds(results.reduce((t, r) => t + r.elapsedMs, 0));
  const s = { name, count: results.length, failures: n("fail"), errors: n("error"), skipped: n("skipped") };
  const head = `  <testsuite name="${attr(name)}" tests="${s.count}" failures="${s.failures}" errors="${s.errors}" skipped="${s.skipped}" time="${time}">`;
  return { ...s, xml: [head, ...results.map((r) => testcase(r, byId.get(r.id))), `  </testsuite>`].join("\n") };
}

function testcase(r: NodeResult, node: CompiledNode | undefined): string {
  const open = `    <testcase classname="${attr(classname(r, node))}" name="${attr(r.name)}" time="${seconds(r.elapsedMs)}"`;
  const message = r.message ?? r.error?.message ?? r.status;
  const body = [message, r.failures !== undefined && r.kind !== "unit_test" ? `failing rows: ${r.failures}` : "", r.sampleRows?.length ? sampleTable(r.sampleRows) : ""]
    .filter(Boolean)
    .join("\n\n");
  switch (r.status) {
    case "fail":
      return `${open}>\n      <failure type="${attr(r.kind)}" message="${attr(firstLine(message))}">${text(body)}</failure>\n    </testcase>`;
    case "error":
      return `${open}>\n      <error type="${attr(r.error?.code ?? "error")}" message="${attr(firstLine(message))}">${text(body)}</error>\n    </testcase>`;
    case "skipped":
      return `${open}>\n      <skipped message="${attr(firstLine(message))}"/>\n    </testcase>`;
    case "warn":
      // A warning does not fail the build; it stays visible as a property and in the test's output.
      return `${open}>\n      <properties><property name="status" value="warn"/></properties>\n      <system-out>${text("WARN: " + body)}</system-out>\n    </testcase>`;
    default:
      return `${open}/>`;
  }
}

/** The tested model's name; unit tests carry it in their id (unit_test.<project>.<model>.<name>). */
function classname(r: NodeResult, node: CompiledNode | undefined): string {
  const attached = node && "attachedName" in node ? (node as { attachedName?: string }).attachedName : undefined;
  if (attached) return attached;
  if (node?.attachedTo) return node.attachedTo.split(".").slice(2).join(".");
  if (r.kind === "unit_test") return r.id.split(".")[2] ?? "unit_test";
  return r.kind === "singular_test" ? "singular" : "tests";
}

/** A small aligned table of sample rows. */
export function sampleTable(rows: readonly Record<string, unknown>[]): string {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => (v === null || v === undefined ? "NULL" : typeof v === "object" ? JSON.stringify(v) : String(v));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i]!)).join(" | ").trimEnd();
  return [line(cols), widths.map((w) => "-".repeat(w)).join("-+-"), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join("\n");
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function firstLine(s: string): string {
  return s.split("\n")[0]!;
}

// XML 1.0 forbids most control characters even when escaped; drop them.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function text(s: string): string {
  return s.replace(INVALID_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function attr(s: string): string {
  return text(s).replace(/"/g, "&quot;").replace(/'/g, "&apos;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}
