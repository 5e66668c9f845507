// tests/data/*.sql: a query returning failing rows, templated like a model. `{{ config(...) }}` in
// the file may set severity, warn_if, error_if, limit, store_failures, tags and enabled.
import { createHash } from "node:crypto";
import { ProjectError, QeError } from "../core/errors.js";
import { nodeId, type SingularTestNode, type TestConfig } from "../project/types.js";
import { dependencyIds, testModelConfig } from "./compile-generic-test.js";
import { parseCondition } from "./thresholds.js";
import { AUDIT_SCHEMA, type CompiledTest, type TestRenderer } from "./types.js";

/** Compiles one singular test; undefined when its config disables it. Rejects with ProjectError. */
export async function compileSingularTest(
  node: SingularTestNode,
  renderer: TestRenderer,
  projectDefaults: TestConfig,
  nameOf: (id: string) => string | undefined,
): Promise<CompiledTest | undefined> {
  let out;
  try {
    out = await renderer.render(node.rawSql, node.path);
  } catch (e) {
    if (e instanceof QeError) throw e;
    throw new ProjectError("test-render", (e as Error).message, { file: node.path }, undefined, { cause: e });
  }
  const cfg = singularConfig(out.config, projectDefaults, node.path);
  if (!cfg.enabled) return undefined;
  const dependsOn = [...new Set(dependencyIds(out))];
  const sql = out.sql.trim().replace(/;\s*$/, "") + "\n";
  const attachedTo = dependsOn.length === 1 ? dependsOn[0] : undefined;
  return {
    id: node.id,
    kind: "singular_test",
    name: node.name,
    path: node.path,
    config: testModelConfig(cfg.tags),
    relation: { schema: AUDIT_SCHEMA, name: node.name.slice(0, 63) },
    sql,
    dependsOn: dependsOn.map(nodeId),
    sourceLines: "sourceLines" in out && Array.isArray(out.sourceLines) ? (out.sourceLines as number[]) : [],
    checksum: createHash("sha256").update(node.rawSql).digest("hex"),
    ...(attachedTo ? { attachedTo: nodeId(attachedTo), attachedName: nameOf(attachedTo) } : {}),
    testConfig: cfg,
    loc: { file: node.path },
  };
}

/** Reads test keys from a `config()` result, whose exact shape belongs to the compile stage. */
function singularConfig(raw: unknown, d: TestConfig, file: string): TestConfig {
  const c = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const pick = (...keys: string[]) => keys.map((k) => c[k]).find((v) => v !== undefined);
  const severity = String(pick("severity") ?? d.severity).toLowerCase();
  if (severity !== "warn" && severity !== "error")
    throw new ProjectError("bad-test-config", `severity must be warn or error, got ${severity}`, { file });
  const cfg: TestConfig = {
    severity,
    warnIf: String(pick("warnIf", "warn_if") ?? d.warnIf),
    errorIf: String(pick("errorIf", "error_if") ?? d.errorIf),
    enabled: pick("enabled") !== false,
    tags: [...new Set([...d.tags, ...(toList(pick("tags")) ?? [])])],
  };
  const limit = pick("limit") ?? d.limit;
  if (limit !== undefined) cfg.limit = Number(limit);
  const store = pick("storeFailures", "store_failures") ?? d.storeFailures;
  if (store !== undefined) cfg.storeFailures = Boolean(store);
  for (const [k, v] of [["warn_if", cfg.warnIf], ["error_if", cfg.errorIf]] as const)
    if (!parseCondition(v)) throw new ProjectError("bad-test-config", `\`${k}: ${v}\` is not a condition`, { file }, 'write it like ">10" or "!=0"');
  return cfg;
}

function toList(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  return (Array.isArray(v) ? v : [v]).map(String);
}
