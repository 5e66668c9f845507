// compileProject: every enabled model, seed, source table and singular test → CompiledNode.
// Templates are rendered once each (ephemeral parents memoised); errors are collected per file
// and thrown together.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ProjectError, ProjectErrors, QeError } from "../core/errors.js";
import type { ModelConfig, ModelNode, NodeId, Project } from "../project/types.js";
import { modelKey } from "../project/model-key.js";
import { Problems } from "../project/problems.js";
import { toModelConfig } from "../project/model-config.js";
import { testConfigFrom } from "../project/test-decl.js";
import { TEST_CONFIG_KEYS } from "../project/known-keys.js";
import type { CompiledNode } from "./types.js";
import type { CompileEnv } from "./compile-env.js";
import { TemplateRenderer, type RenderedSql, type Renderer } from "./renderer.js";
import { modelTargets, inFileConfig, configToRaw, type ModelTarget } from "./model-targets.js";
import { inlineCtes, type Cte } from "./ephemeral.js";
import { ephemeralCteName, relationValue } from "./relation-value.js";

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** A renderer for the data-tests engine (generic test macros, singular tests). Throws ProjectErrors on bad macros. */
export function createRenderer(project: Project, env: CompileEnv): Renderer {
  const { renderer, problems } = setup(project, env);
  problems.throwIfAny();
  return renderer;
}

function setup(project: Project, env: CompileEnv): { renderer: TemplateRenderer; targets: Map<string, ModelTarget>; problems: Problems } {
  const problems = new Problems();
  const notes = new Set(project.notes);
  const targets = new Map<string, ModelTarget>();
  const renderer = new TemplateRenderer(project, env, (n) => targets.get(n), () => [...targets.keys()]);
  for (const e of renderer.macroErrors) problems.push(e);
  for (const [k, v] of modelTargets(project, renderer, problems, notes)) targets.set(k, v);
  for (const n of notes) if (!project.notes.includes(n)) project.notes.push(n);
  return { renderer, targets, problems };
}

/** Compiles the project. Throws ProjectErrors listing every template problem. Never touches the database. */
export function compileProject(project: Project, env: CompileEnv): CompiledNode[] {
  const { renderer, targets, problems } = setup(project, env);
  const only = env.only;
  const want = (id: NodeId) => !only || only.has(id);
  const out: CompiledNode[] = [];
  const rendered = new Map<string, RenderedSql | null>();
  const modelByName = new Map(project.models.map((m) => [modelKey(m), m]));

  const renderModel = (name: string): RenderedSql | null => {
    if (rendered.has(name)) return rendered.get(name)!;
    const m = modelByName.get(name)!;
    const t = targets.get(name)!;
    const rel = t.relation;
    const isIncremental = t.config.materialized === "incremental" && !env.fullRefresh
      && (env.existingRelations?.has(`${rel.schema}.${rel.name}`) ?? false);
    const self = t.ephemeral ? relationValue(rel.schema, ephemeralCteName(name)) : relationValue(rel.schema, rel.name);
    let r: RenderedSql | null = null;
    try {
      r = renderer.render(m.rawSql, m.path, {}, { self, isIncremental, nodeConfig: configToRaw(t.config) });
    } catch (e) {
      if (!(e instanceof QeError)) throw e;
      problems.push(e);
    }
    rendered.set(name, r);
    return r;
  };

  /** Ephemeral ancestors reachable through ephemeral refs, parents first. */
  const ctesFor = (r: RenderedSql, path: string): Cte[] => {
    const order: Cte[] = [];
    const done = new Set<string>();
    const visiting: string[] = [];
    const visit = (name: string): void => {
      if (done.has(name)) return;
      if (visiting.includes(name)) {
        problems.add("ephemeral-cycle", `ephemeral models form a cycle: ${[...visiting.slice(visiting.indexOf(name)), name].join(" → ")}`, { file: path, line: 1 });
        return;
      }
      visiting.push(name);
      const er = renderModel(name);
      if (er) for (const p of er.ephemerals ?? []) visit(p);
      visiting.pop();
      done.add(name);
      if (er) order.push({ name: ephemeralCteName(name), sql: er.sql });
    };
    for (const e of r.ephemerals ?? []) visit(e);
    return order;
  };

  for (const m of project.models) {
    const t = targets.get(modelKey(m))!;
    if (!t.enabled || !want(m.id)) continue;
    const r = renderModel(modelKey(m));
    if (!r) continue;
    const inl = inlineCtes(r.sql, r.sourceLines, ctesFor(r, m.path));
    out.push({
      id: m.id, kind: "model", name: m.name, path: m.path, config: t.config, relation: t.relation,
      sql: inl.sql, sourceLines: inl.sourceLines, dependsOn: [...r.refs, ...r.sources], checksum: sha256(m.rawSql),
      ...modelExtras(m, t.config),
    });
  }

  for (const s of project.snapshots ?? []) {
    const t = targets.get(s.name);
    if (!t || t.id !== s.id || !s.config.enabled || !want(s.id)) continue;
    let r: RenderedSql;
    try {
      r = renderer.render(s.rawSql, s.path, {}, { self: relationValue(t.relation.schema, t.relation.name), isIncremental: false, nodeConfig: configToRaw(s.config) });
    } catch (e) {
      if (!(e instanceof QeError)) throw e;
      problems.push(e.loc ? e : new ProjectError(e.code, e.message, s.loc, e.hint, { cause: e }));
      continue;
    }
    const inl = inlineCtes(r.sql, r.sourceLines, ctesFor(r, s.path));
    out.push({
      id: s.id, kind: "snapshot", name: s.name, path: s.path, config: s.config, relation: t.relation, snapshot: s.snapshot,
      sql: inl.sql, sourceLines: inl.sourceLines.map(() => s.loc.line ?? 0), dependsOn: [...r.refs, ...r.sources], checksum: sha256(s.rawSql),
    });
  }

  for (const s of project.seeds) {
    if (!s.config.enabled || !want(s.id)) continue;
    out.push({
      id: s.id, kind: "seed", name: s.name, path: s.path, config: s.config, relation: targets.get(s.name)!.relation,
      sql: "", sourceLines: [], dependsOn: [], checksum: sha256(readFileSync(join(project.rootDir, s.path), "utf8")),
    });
  }

  for (const s of project.sources) {
    if (!want(s.id)) continue;
    out.push({
      id: s.id, kind: "source", name: `${s.sourceName}.${s.name}`, path: s.loc.file, config: plainConfig([]),
      relation: { schema: s.schema, name: s.identifier }, sql: "", sourceLines: [], dependsOn: [], checksum: sha256(""),
    });
  }

  const cache = new Map();
  for (const t of project.singularTests) {
    if (!want(t.id)) continue;
    const over = inFileConfig(t.rawSql, t.path, renderer, problems, cache, (raw, loc) => {
      for (const k of Object.keys(raw)) if (!TEST_CONFIG_KEYS.includes(k)) problems.unknownKey(k, `config() in ${t.path}`, TEST_CONFIG_KEYS, loc);
      return raw;
    });
    const testConfig = testConfigFrom(over, t.config ?? testConfigFrom({}, { severity: "error", warnIf: "!=0", errorIf: "!=0", enabled: true, tags: [] }, () => ({ file: t.path, line: 1 }), problems), () => ({ file: t.path, line: 1 }), problems);
    if (!testConfig.enabled) continue;
    let r: RenderedSql;
    try {
      r = renderer.render(t.rawSql, t.path);
    } catch (e) {
      if (!(e instanceof QeError)) throw e;
      problems.push(e);
      continue;
    }
    const inl = inlineCtes(r.sql, r.sourceLines, ctesFor(r, t.path));
    out.push({
      id: t.id, kind: "singular_test", name: t.name, path: t.path, config: plainConfig(testConfig.tags), testConfig,
      relation: { schema: "dbt_test__audit", name: t.name }, sql: inl.sql, sourceLines: inl.sourceLines,
      dependsOn: [...r.refs, ...r.sources], checksum: sha256(t.rawSql), attachedTo: r.refs[0],
    });
  }

  if (problems.list.length > 0) throw new ProjectErrors(problems.list);
  return out;
}

/** Version, contract columns and constraints: what execute needs to build the model as declared. */
function modelExtras(m: ModelNode, config: ModelConfig): Partial<CompiledNode> {
  return {
    ...(m.version !== undefined ? { version: m.version } : {}),
    ...(config.contract?.enforced ? { contractColumns: m.columns.map((c) => ({ name: c.name, dataType: c.dataType, constraints: c.constraints ?? [] })) } : {}),
    ...(m.constraints?.length ? { constraints: m.constraints } : {}),
  };
}

function plainConfig(tags: string[]): ModelConfig {
  return toModelConfig({ tags }, "model");
}

export { ProjectError };
