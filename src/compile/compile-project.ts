// compileProject: every enabled model, seed, source table and singular test → CompiledNode.
// Templates are rendered once each (ephemeral parents memoised) after the parse pass; errors are
// collected per file and thrown together.
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
import { modelTargets, capturedConfig, configLine, configToRaw, nodeInfo, type ModelTarget } from "./parse-pass.js";
import { inlineCtes, type Cte } from "./ephemeral.js";
import { ephemeralCteName } from "./relation-value.js";
import { newRenderState } from "./dbt-context.js";
import { graphOf } from "./graph-context.js";
import { batchContext } from "./event-time-filter.js";
import { isMicrobatch, microbatchProblems, noEventTimeInputWarning } from "./microbatch-check.js";
import { deprecationWarnings } from "./version-warnings.js";

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** A renderer for the data-tests engine (generic test macros, singular tests). Throws ProjectErrors on bad macros. */
export function createRenderer(project: Project, env: CompileEnv): Renderer {
  const { renderer, problems } = setup(project, env);
  problems.throwIfAny();
  return renderer;
}

/** The full renderer (parse pass done, so ref() resolves), for templates outside nodes (run hooks). Throws ProjectErrors. */
export function createRendererFor(project: Project, env: CompileEnv): TemplateRenderer {
  const { renderer, problems } = setup(project, env);
  problems.throwIfAny();
  return renderer;
}

interface Setup {
  renderer: TemplateRenderer;
  targets: Map<string, ModelTarget>;
  problems: Problems;
}

function setup(project: Project, env: CompileEnv): Setup {
  const problems = new Problems();
  const notes = new Set(project.notes);
  const targets = new Map<string, ModelTarget>();
  let graph: Record<string, unknown> | undefined;
  const renderer: TemplateRenderer = new TemplateRenderer(project, env, {
    resolveRef: (n) => targets.get(n),
    refNames: () => [...targets.keys()],
    graph: (): Record<string, unknown> => (graph ??= graphOf(project, targets, databaseOf(renderer.context.target))),
  });
  for (const e of renderer.macroErrors) problems.push(e);
  for (const [k, v] of modelTargets(project, renderer, problems, notes)) targets.set(k, v);
  for (const n of notes) if (!project.notes.includes(n)) project.notes.push(n);
  return { renderer, targets, problems };
}

/**
 * Compiles the project: a parse pass (execute false) for config(), then each node rendered with
 * execute true. Throws ProjectErrors listing every template problem. Opens the warehouse only if
 * a template asks for it (run_query, statement, adapter.*), through env.warehouse.
 */
export async function compileProject(project: Project, env: CompileEnv): Promise<CompiledNode[]> {
  const { renderer, targets, problems } = setup(project, env);
  const only = env.only;
  const want = (id: NodeId) => !only || only.has(id);
  const out: CompiledNode[] = [];
  const rendered = new Map<string, RenderedSql | null>();
  const modelByName = new Map(project.models.map((m) => [modelKey(m), m]));
  const hooks = new Map<string, { pre: string[]; post: string[] }>();
  const database = databaseOf(renderer.context.target);
  const ctx = renderer.context;
  const eventTimeOf = new Map<NodeId, string | undefined>([...targets.values()].map((t) => [t.id, t.eventTime] as const));
  for (const src of project.sources) eventTimeOf.set(src.id, src.eventTime);
  const hasEventTimeInput = (...ids: NodeId[][]) => ids.flat().some((id) => eventTimeOf.get(id) !== undefined);
  const note = (text: string) => { if (!project.notes.includes(text)) project.notes.push(text); };

  // Synchronous unless a template waits on the warehouse: an await per model costs more than its render.
  const renderModel = (name: string): RenderedSql | null | Promise<RenderedSql | null> => {
    if (rendered.has(name)) return rendered.get(name)!;
    const m = modelByName.get(name)!;
    const t = targets.get(name)!;
    const rel = t.relation;
    const isIncremental = t.config.materialized === "incremental" && !env.fullRefresh
      && (env.existingRelations?.has(`${rel.schema}.${rel.name}`) ?? false);
    const self = ctx.relation(rel.schema, rel.name, t.ephemeral ? null : t.config.materialized === "view" ? "view" : "table", rel.database);
    const nodeConfig = configToRaw(t.config);
    let model: Record<string, unknown> | undefined;
    // `model` is built when a template first reads it (most do not).
    const modelOf = () => (model ??= { ...nodeInfo("model", m.name, m.path, m.fqn, t.config, project.config.name), schema: rel.schema, alias: rel.name, database });
    const state = () => newRenderState(m.path, true, { self, isIncremental, nodeConfig, model: modelOf });
    const failed = (e: unknown): null => {
      if (!(e instanceof QeError)) throw e;
      problems.push(e);
      rendered.set(name, null);
      return null;
    };
    // A render that asked the warehouse and failed (a relation not built yet): compiled when it runs.
    const deferred = (e: unknown): RenderedSql | null => {
      if (!env.deferWarehouseErrors || !(e instanceof QeError)) return failed(e);
      const parse = newRenderState(m.path, false, { self, nodeConfig, model: modelOf });
      try {
        const r = renderer.renderNode(m.rawSql, m.path, parse, { lenient: true, wholeFile: true });
        if (r instanceof Promise) r.catch(() => undefined);
      } catch {
        // The parse render records refs up to any error; dbt's parse is lenient the same way.
      }
      const d: RenderedSql = { sql: "", sourceLines: [], refs: parse.refs, sources: parse.sources, config: {}, ephemerals: parse.ephemerals, queried: true, deferred: true };
      rendered.set(name, d);
      return d;
    };
    const hasHooks = t.config.preHook.length + t.config.postHook.length > 0;
    let first: RenderedSql | Promise<RenderedSql>;
    try {
      first = renderer.renderNode(m.rawSql, m.path, state(), { wholeFile: true });
    } catch (e) {
      return failed(e);
    }
    if (!(first instanceof Promise) && !hasHooks) {
      rendered.set(name, first);
      return first;
    }
    return (async () => {
      try {
        const r = await first;
        // Hooks are templates too, rendered in the model's context (so `{{ this }}` is the model).
        if (hasHooks) {
          const pre: string[] = [];
          const post: string[] = [];
          for (const h of t.config.preHook) pre.push(await renderer.renderText(h, m.path, state()));
          for (const h of t.config.postHook) post.push(await renderer.renderText(h, m.path, state()));
          hooks.set(name, { pre, post });
        }
        const out = first instanceof Promise ? { ...r, queried: true } : r;
        rendered.set(name, out);
        return out;
      } catch (e) {
        return first instanceof Promise ? deferred(e) : failed(e);
      }
    })();
  };

  /** Ephemeral ancestors reachable through ephemeral refs, parents first. */
  const ctesFor = async (r: RenderedSql, path: string): Promise<Cte[]> => {
    const order: Cte[] = [];
    const done = new Set<string>();
    const visiting: string[] = [];
    const visit = async (name: string): Promise<void> => {
      if (done.has(name)) return;
      if (visiting.includes(name)) {
        problems.add("ephemeral-cycle", `ephemeral models form a cycle: ${[...visiting.slice(visiting.indexOf(name)), name].join(" → ")}`, { file: path, line: 1 });
        return;
      }
      visiting.push(name);
      const er = await renderModel(name);
      if (er) for (const p of er.ephemerals ?? []) await visit(p);
      visiting.pop();
      done.add(name);
      if (er) order.push({ name: ephemeralCteName(name), sql: er.sql });
    };
    for (const e of r.ephemerals ?? []) await visit(e);
    return order;
  };

  /** A microbatch model rendered again for one batch, with its ephemeral parents inlined. */
  const batchRenderer = (m: ModelNode, t: ModelTarget): CompiledNode["renderBatch"] => async (batch, isIncremental) => {
    const rel = t.relation;
    const model = () => ({ ...nodeInfo("model", m.name, m.path, m.fqn, t.config, project.config.name), schema: rel.schema, alias: rel.name, database, batch: batchContext(batch) });
    const state = newRenderState(m.path, true, { self: ctx.relation(rel.schema, rel.name, "table", rel.database), isIncremental, nodeConfig: configToRaw(t.config), model, batch });
    const r0 = renderer.renderNode(m.rawSql, m.path, state, { wholeFile: true });
    const r = r0 instanceof Promise ? await r0 : r0;
    const inl = inlineCtes(r.sql, r.sourceLines, r.ephemerals?.length ? await ctesFor(r, m.path) : []);
    return { sql: inl.sql, sourceLines: inl.sourceLines };
  };

  for (const m of project.models) {
    const t = targets.get(modelKey(m))!;
    if (!t.enabled || !want(m.id)) continue;
    const microbatch = isMicrobatch(t.config);
    if (microbatch) {
      // A bad value (reported where written, in this model's files) is not also a missing one.
      const files = [m.path, m.propertiesLoc?.file];
      const bad = microbatchProblems(m, t.config, (key) => problems.list.some((e) => e.code === "invalid-config" && files.includes(e.loc?.file) && e.message.startsWith(`${key} `)));
      if (bad.length > 0) {
        for (const e of bad) problems.push(e);
        continue;
      }
    }
    const r0 = renderModel(modelKey(m));
    const r = r0 instanceof Promise ? await r0 : r0;
    if (!r) continue;
    const inl = r.deferred ? { sql: "", sourceLines: [] } : inlineCtes(r.sql, r.sourceLines, r.ephemerals?.length ? await ctesFor(r, m.path) : []);
    const h = hooks.get(modelKey(m));
    const config = h ? { ...t.config, preHook: h.pre, postHook: h.post } : t.config;
    out.push({
      id: m.id, kind: "model", name: m.name, path: m.path, config, relation: t.relation,
      sql: inl.sql, sourceLines: inl.sourceLines, dependsOn: [...r.refs, ...r.sources], checksum: sha256(m.rawSql),
      ...modelExtras(m, t.config), ...warehouseFlags(r),
      ...(microbatch ? { renderBatch: batchRenderer(m, t) } : {}),
    });
    if (microbatch && !hasEventTimeInput(r.refs, r.sources)) note(noEventTimeInputWarning(m));
  }

  for (const s of project.snapshots ?? []) {
    const t = targets.get(s.name);
    if (!t || t.id !== s.id || !t.snapshot || !t.config.enabled || !want(s.id)) continue;
    let r: RenderedSql;
    try {
      const r0 = renderer.renderNode(s.rawSql, s.path, newRenderState(s.path, true, { self: ctx.relation(t.relation.schema, t.relation.name, "table", t.relation.database), nodeConfig: configToRaw(t.config) }));
      r = r0 instanceof Promise ? await r0 : r0;
    } catch (e) {
      if (!(e instanceof QeError)) throw e;
      problems.push(e.loc ? e : new ProjectError(e.code, e.message, s.loc, e.hint, { cause: e }));
      continue;
    }
    const inl = inlineCtes(r.sql, r.sourceLines, r.ephemerals?.length ? await ctesFor(r, s.path) : []);
    out.push({
      id: s.id, kind: "snapshot", name: s.name, path: s.path, config: t.config, relation: t.relation, snapshot: t.snapshot,
      sql: inl.sql, sourceLines: s.legacy ? inl.sourceLines.map((l) => (l > 0 ? l + s.legacy!.bodyLine - 1 : 0)) : inl.sourceLines.map(() => s.loc.line ?? 0), dependsOn: [...r.refs, ...r.sources], checksum: sha256(s.rawSql),
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
      relation: { ...(database === null ? {} : { database }), schema: s.schema, name: s.identifier }, sql: "", sourceLines: [], dependsOn: [], checksum: sha256(""),
    });
  }

  const defaults = () => testConfigFrom({}, { severity: "error", warnIf: "!=0", errorIf: "!=0", enabled: true, tags: [] }, () => ({ file: "", line: 1 }), problems);
  for (const t of project.singularTests) {
    if (!want(t.id)) continue;
    const raw = capturedConfig(renderer, t.rawSql, t.path, newRenderState(t.path, false), true);
    const loc = () => ({ file: t.path, line: configLine(t.rawSql) });
    for (const k of Object.keys(raw)) if (!TEST_CONFIG_KEYS.includes(k)) problems.unknownKey(k, `config() in ${t.path}`, TEST_CONFIG_KEYS, { file: t.path, line: configLine(t.rawSql, k) });
    const testConfig = testConfigFrom(raw, t.config ?? defaults(), loc, problems);
    if (!testConfig.enabled) continue;
    let r: RenderedSql;
    let queried = false;
    try {
      const r0 = renderer.renderNode(t.rawSql, t.path, newRenderState(t.path, true), { wholeFile: true });
      queried = r0 instanceof Promise;
      r = r0 instanceof Promise ? { ...(await r0), queried } : r0;
    } catch (e) {
      if (!(e instanceof QeError)) throw e;
      if (!(queried && env.deferWarehouseErrors)) {
        problems.push(e);
        continue;
      }
      r = { sql: "", sourceLines: [], refs: [], sources: [], config: {}, queried, deferred: true };
    }
    const inl = r.deferred ? { sql: "", sourceLines: [] } : inlineCtes(r.sql, r.sourceLines, r.ephemerals?.length ? await ctesFor(r, t.path) : []);
    out.push({
      id: t.id, kind: "singular_test", name: t.name, path: t.path, config: plainConfig(testConfig.tags), testConfig,
      relation: { schema: "dbt_test__audit", name: t.name }, sql: inl.sql, sourceLines: inl.sourceLines,
      dependsOn: [...r.refs, ...r.sources], checksum: sha256(t.rawSql), attachedTo: r.refs[0], ...warehouseFlags(r),
    });
  }

  if (problems.list.length > 0) throw new ProjectErrors(problems.list);
  for (const w of deprecationWarnings(project, out, (env.now ?? Date.now)())) note(w);
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

/** Marks a node whose render asked the warehouse (compiled again when it runs), or could not finish yet. */
function warehouseFlags(r: RenderedSql): Partial<CompiledNode> {
  return { ...(r.queried ? { queriesWarehouse: true } : {}), ...(r.deferred ? { compileDeferred: true } : {}) };
}

/** dbt's target.database: the catalog relations live in (null on Spark, which has none). */
function databaseOf(target: Record<string, unknown>): string | null {
  const db = target["database"];
  return db === null || db === undefined ? null : String(db);
}

function plainConfig(tags: string[]): ModelConfig {
  return toModelConfig({ tags }, "model");
}

export { ProjectError };
