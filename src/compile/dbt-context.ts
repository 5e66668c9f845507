// dbt's template context on top of src/jinja: what a model, test or macro can name. Built once
// per compile (DbtContext: var, env_var, target, modules, adapter, exceptions, ...) and bound per
// render (RenderGlobals: ref, source, config, this, model, execute, is_incremental, statement
// results), so a macro sees the context of the node that called it, as in dbt.
import { createHash, randomUUID } from "node:crypto";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { ProjectError } from "../core/errors.js";
import { didYouMean } from "../core/did-you-mean.js";
import type { NodeId, Project, SourceTableNode } from "../project/types.js";
import { JINJA_GLOBALS, Kwargs, MacroReturn, Undefined, isDict, pyJson, pyStr, tuple, type Globals } from "../jinja/index.js";
import { cteValue, relationValue, type RelationValue } from "./relation-value.js";
import { relationPolicyOf, type RelationPolicy } from "../adapters/quote.js";
import type { CompileEnv } from "./compile-env.js";
import type { Relation } from "./types.js";
import type { MacroRegistry } from "./macro-registry.js";
import { apiOf, AdapterContext, statementFunctions, type LazyAdapter, type WarehouseScope } from "./warehouse-context.js";
import { pythonModules, PyDatetime } from "./python-modules.js";
import { eventTimeFiltered } from "./event-time-filter.js";
import { unpinnedRefNote } from "./version-warnings.js";
import type { BatchWindow } from "../core/node-types.js";

/** Where a ref() lands: filled in by compile from each model's final config. */
export interface RefTarget {
  id: NodeId;
  relation: Relation;
  ephemeral: boolean;
  enabled: boolean;
  /** The node's `event_time` config: what a microbatch child filters its rows by. */
  eventTime?: string;
}

/** One render of one node: what it reads (execute, this, config) and what it records (refs, config()). */
export interface RenderState {
  file: string;
  /** False in the parse pass (config(), ref() and source() are captured; the warehouse is not touched). */
  execute: boolean;
  refs: NodeId[];
  sources: NodeId[];
  ephemerals: string[];
  /** config(...) calls, merged in call order (parse pass). */
  config: Record<string, unknown>;
  /** The node's resolved config (raw dbt keys), for config.get(). */
  nodeConfig?: Record<string, unknown>;
  self?: RelationValue;
  /** dbt's `model`; a function builds it when a template first reads it. */
  model?: Record<string, unknown> | (() => Record<string, unknown>);
  isIncremental: boolean;
  results: Map<string, unknown>;
  /** A microbatch model's render for one batch: inputs with an event_time are filtered to it. */
  batch?: BatchWindow;
}

export function newRenderState(file: string, execute: boolean, extra: Partial<RenderState> = {}): RenderState {
  return { file, execute, refs: [], sources: [], ephemerals: [], config: {}, isIncremental: false, results: new Map(), ...extra };
}

type Target = Record<string, unknown>;

function kwargs(args: unknown[]): { pos: unknown[]; kw: Record<string, unknown> } {
  const last = args[args.length - 1];
  return last instanceof Kwargs ? { pos: args.slice(0, -1), kw: last.values } : { pos: args, kw: {} };
}

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

export interface ContextDeps {
  project: Project;
  env: CompileEnv;
  registry: MacroRegistry;
  /** Where ref(name) lands once every model's config is known; undefined for no such model or seed. */
  resolveRef(name: string): RefTarget | undefined;
  /** Node id for a name, before configs are known (the parse pass). */
  idOf(name: string): NodeId | undefined;
  refNames(): string[];
  /** dbt's `graph`, built when first read. */
  graph(): Record<string, unknown>;
  warehouse?: LazyAdapter;
}

export class DbtContext {
  private readonly shared = new Map<string, unknown>();
  readonly sourceIndex = new Map<string, SourceTableNode>();
  readonly target: Target;
  /** How the target's adapter renders relations (dbt's include and quote policies). */
  readonly policy: RelationPolicy;
  private readonly dispatchOrder: ReadonlyMap<string, readonly string[]>;

  constructor(readonly deps: ContextDeps) {
    const { project, env } = deps;
    for (const s of project.sources) this.sourceIndex.set(`${s.sourceName}.${s.name}`, s);
    this.target = targetOf(project);
    this.policy = relationPolicyOf(String(this.target["type"]));
    const now = env.now ?? (() => Date.now());
    this.dispatchOrder = new Map((project.config.dispatch ?? []).map((d) => [d.macroNamespace, d.searchOrder] as const));
    const s = (k: string, v: unknown) => this.shared.set(k, v);
    for (const [k, v] of Object.entries(JINJA_GLOBALS)) s(k, v);
    s("var", (...a: unknown[]) => this.variable(a));
    s("env_var", (...a: unknown[]) => this.envVar(a));
    s("doc", (name: unknown) => this.doc(name));
    s("return", (v: unknown) => { throw new MacroReturn(v); });
    s("target", this.target);
    s("project_name", project.config.name);
    s("database", this.target["database"]);
    s("schema", this.target["schema"]);
    s("dbt_version", "1.11.0");
    s("flags", { FULL_REFRESH: env.fullRefresh ?? false, STORE_FAILURES: false, WHICH: env.which ?? "compile" });
    s("invocation_id", randomUUID());
    s("run_started_at", new PyDatetime(now()));
    s("modules", pythonModules(now));
    s("log", (...a: unknown[]) => this.log(a));
    s("print", (msg: unknown) => { project.notes.push(`print: ${pyStr(msg)}`); return ""; });
    s("tojson", (v: unknown, ...rest: unknown[]) => pyJson(v, kwargs(rest).kw["sort_keys"] === true));
    s("fromjson", (v: unknown, dflt: unknown = null) => { try { return JSON.parse(String(v)); } catch { return dflt; } });
    s("toyaml", (v: unknown) => stringifyYaml(v, { indentSeq: false })); // PyYAML's block style
    s("fromyaml", (v: unknown, dflt: unknown = null) => { try { return parseYaml(String(v)) ?? null; } catch { return dflt; } });
    s("zip", (...lists: unknown[]) => zip(lists));
    s("set", (items: unknown = []) => { try { return [...new Set(items as Iterable<unknown>)]; } catch { return null; } });
    s("set_strict", (items: unknown = []) => [...new Set(items as Iterable<unknown>)]);
    s("local_md5", (v: unknown) => createHash("md5").update(pyStr(v)).digest("hex"));
    s("selected_resources", []);
    s("exceptions", {
      raise_compiler_error: (msg: unknown) => { throw new ProjectError("compiler-error", pyStr(msg)); },
      raise_not_implemented: (msg: unknown) => { throw new ProjectError("not-implemented", pyStr(msg)); },
      warn: (msg: unknown) => { project.notes.push(`warning: ${pyStr(msg)}`); return ""; },
    });
    s("api", apiOf(this.policy, this.target["type"] === "spark" ? "spark" : "duckdb"));
  }

  /** The names a render of `state` sees. */
  globalsFor(state: RenderState, lenient = false): RenderGlobals {
    return new RenderGlobals(this, state, lenient);
  }

  /** @internal shared names, then macros (root project, package namespaces, dbt's global project). */
  lookupShared(name: string): unknown {
    const v = this.shared.get(name);
    if (v !== undefined) return v;
    return this.deps.registry.resolve(name);
  }

  names(): string[] {
    return [...this.shared.keys(), ...this.deps.registry.names(), "ref", "source", "config", "this", "model", "execute", "is_incremental", "load_relation"];
  }

  /** @internal `adapter`, run_query, statement and load_result, bound to one render. */
  warehouseFunctions(scope: WarehouseScope): Record<string, unknown> {
    const adapter = new AdapterContext(scope, this.deps.warehouse, this.deps.registry, String(this.target["type"]), this.deps.project.config.name, this.dispatchOrder, this.policy,
      this.target["database"] === null || this.target["database"] === undefined ? null : String(this.target["database"]));
    // dbt's context load_relation(relation) is adapter.load_relation.
    return { adapter, load_relation: (r: unknown) => adapter.load_relation(r), ...statementFunctions(adapter, scope) };
  }

  ref(state: RenderState, args: unknown[]): unknown {
    const { pos, kw } = kwargs(args);
    let name = String(pos[0]);
    if (pos.length >= 2) {
      const pkg = String(pos[0]);
      name = String(pos[1]);
      if (pkg !== this.deps.project.config.name) {
        throw new ProjectError("unknown-ref", `ref('${pkg}', '${name}') names package '${pkg}', which has no such model`, undefined, `use ref('${name}')`);
      }
    }
    // ref('m', v=2) / ref('m', version=2): one version of a versioned model.
    const v = kw["v"] ?? kw["version"];
    if (v !== undefined && v !== null) name = `${name}.v${String(v)}`;
    if (!state.execute) {
      // Parse pass (dbt's ParseRefResolver): record the dependency; the relation is not known yet.
      const id = this.deps.idOf(name);
      if (id && !state.refs.includes(id)) state.refs.push(id);
      return state.self ?? this.relation(String(this.target["schema"]), name);
    }
    const t = this.deps.resolveRef(name);
    if (!t) {
      const near = didYouMean(name, this.deps.refNames());
      throw new ProjectError("unknown-ref", `ref('${name}') matches no model or seed`, undefined, near && `did you mean ref('${near}')?`);
    }
    if (!t.enabled) throw new ProjectError("disabled-ref", `ref('${name}') points at a disabled model`, undefined, "enable it or remove the ref");
    if (!state.refs.includes(t.id)) state.refs.push(t.id);
    if (v === undefined || v === null) this.noteUnpinned(state.file, name);
    let rel: RelationValue;
    if (t.ephemeral) {
      if (!state.ephemerals.includes(name)) state.ephemerals.push(name);
      rel = cteValue(name, this.policy);
    } else rel = this.relation(t.relation.schema, t.relation.name, null, t.relation.database);
    return state.batch && t.eventTime ? eventTimeFiltered(rel, t.eventTime, state.batch) : rel;
  }

  private readonly unpinned = new Map<string, string | undefined>();

  /** dbt's UnpinnedRefNewVersionAvailable: once per file and model. */
  private noteUnpinned(file: string, name: string): void {
    if (!this.unpinned.has(name)) this.unpinned.set(name, unpinnedRefNote(this.deps.project, name));
    const note = this.unpinned.get(name);
    if (note === undefined) return;
    const text = `${file}: ${note}`;
    if (!this.deps.project.notes.includes(text)) this.deps.project.notes.push(text);
  }

  source(state: RenderState, args: unknown[]): unknown {
    const { pos } = kwargs(args);
    const key = `${String(pos[0])}.${String(pos[1])}`;
    const s = this.sourceIndex.get(key);
    if (!s) {
      const near = didYouMean(key, this.sourceIndex.keys());
      const hint = near ? `did you mean source('${near.split(".")[0]}', '${near.split(".")[1]}')?` : "declare it under sources: in a properties file";
      throw new ProjectError("unknown-source", `source('${String(pos[0])}', '${String(pos[1])}') matches no source table`, undefined, hint);
    }
    if (!state.sources.includes(s.id)) state.sources.push(s.id);
    const rel = this.relation(s.schema, s.identifier, "table");
    return state.batch && s.eventTime ? eventTimeFiltered(rel, s.eventTime, state.batch) : rel;
  }

  /** A relation of the target's adapter, in the target's database unless another is given. */
  relation(schema: string, name: string, type: RelationValue["type"] = null, database?: string): RelationValue {
    const db = database ?? this.target["database"];
    return relationValue(schema, name, db === null || db === undefined ? null : String(db), type, this.policy);
  }

  private variable(args: unknown[]): unknown {
    const { pos } = kwargs(args);
    const name = String(pos[0]);
    const project = this.deps.project;
    const cli = project.cliVars ?? {};
    if (has(cli, name)) return cli[name];
    const vars = project.config.vars;
    if (has(vars, name)) return vars[name];
    // dbt's project-scoped vars: `vars: {<project>: {name: v}}`.
    const scoped = vars[project.config.name];
    if (isDict(scoped) && has(scoped, name)) return scoped[name];
    if (pos.length >= 2) return pos[1];
    const near = didYouMean(name, [...Object.keys(vars), ...Object.keys(cli)]);
    throw new ProjectError("undefined-var", `var('${name}') is not set and has no default`, undefined,
      near ? `did you mean var('${near}')?` : `set it under vars: in dbt_project.yml or pass --vars '{"${name}": ...}'`);
  }

  private envVar(args: unknown[]): unknown {
    const { pos } = kwargs(args);
    const name = String(pos[0]);
    const env = this.deps.env.env ?? this.deps.project.env ?? {};
    const v = env[name];
    if (v !== undefined) return v;
    if (pos.length >= 2) return pos[1];
    throw new ProjectError("undefined-env-var", `env_var('${name}') is not set and has no default`, undefined, `export ${name}=... or give a default: env_var('${name}', '...')`);
  }

  private doc(name: unknown): string {
    const docs = this.deps.project.docs;
    const d = docs[String(name)];
    if (d === undefined) {
      const near = didYouMean(String(name), Object.keys(docs));
      throw new ProjectError("unknown-doc", `doc('${String(name)}') matches no {% docs %} block`, undefined, near && `did you mean doc('${near}')?`);
    }
    return d;
  }

  private log(args: unknown[]): string {
    const { pos, kw } = kwargs(args);
    if (pos[1] === true || kw["info"] === true) this.deps.project.notes.push(`log: ${pyStr(pos[0])}`);
    return "";
  }
}

/**
 * The names one render sees: its own (ref, config, this...) over the compile's shared context.
 * Its functions are made on first use: most renders read only a few of them.
 */
export class RenderGlobals implements Globals {
  private readonly own = new Map<string, unknown>();
  constructor(private readonly ctx: DbtContext, readonly state: RenderState, readonly lenient: boolean) {}

  get(name: string): unknown {
    const v = this.own.get(name);
    if (v !== undefined) return v;
    const made = this.make(name);
    if (made !== undefined) {
      this.own.set(name, made);
      return made;
    }
    return this.ctx.lookupShared(name);
  }

  names(): string[] {
    return this.ctx.names();
  }

  private make(name: string): unknown {
    const st = this.state;
    switch (name) {
      case "ref": return (...a: unknown[]) => this.ctx.ref(st, a);
      case "source": return (...a: unknown[]) => this.ctx.source(st, a);
      case "config": return configObject(st);
      case "builtins": return { ref: this.get("ref"), source: this.get("source"), config: this.get("config") };
      case "execute": return st.execute;
      case "this": return st.self ?? new Undefined("this");
      case "model": return typeof st.model === "function" ? st.model() : st.model ?? {};
      case "is_incremental": return () => st.isIncremental;
      case "graph": return st.execute ? this.ctx.deps.graph() : { nodes: {}, sources: {}, macros: {}, exposures: {} };
      case "adapter": case "run_query": case "statement": case "load_result": case "store_result": case "load_relation": {
        const fns = this.ctx.warehouseFunctions({ execute: st.execute, results: st.results, globals: this, file: st.file });
        for (const [k, f] of Object.entries(fns)) this.own.set(k, f);
        return fns[name];
      }
      default: return undefined;
    }
  }
}

function configObject(st: RenderState): unknown {
  return Object.assign((...a: unknown[]) => configCall(st, a), {
    get: (...a: unknown[]) => {
      const { pos, kw } = kwargs(a);
      const v = configValue(st, String(pos[0]));
      return v !== undefined ? v : pos[1] ?? kw["default"] ?? null;
    },
    require: (key: unknown) => {
      const v = configValue(st, String(key));
      if (v === undefined || v === null) throw new ProjectError("missing-config", `config.require('${String(key)}'): '${String(key)}' is not configured`);
      return v;
    },
  });
}

function configCall(st: RenderState, args: unknown[]): string {
  // dbt's RuntimeConfigObject ignores config() at execute time; the parse pass captured it.
  if (st.execute) return "";
  const { pos, kw } = kwargs(args);
  if (isDict(pos[0])) Object.assign(st.config, pos[0]);
  Object.assign(st.config, kw);
  return "";
}

function configValue(st: RenderState, key: string): unknown {
  if (!st.execute && has(st.config, key)) return st.config[key];
  if (st.nodeConfig && has(st.nodeConfig, key)) return st.nodeConfig[key];
  return has(st.config, key) ? st.config[key] : undefined;
}

function zip(lists: unknown[]): unknown[] {
  const arrays = lists.map((l) => [...(l as Iterable<unknown>)]);
  const n = Math.min(...arrays.map((a) => a.length));
  return Array.from({ length: arrays.length ? n : 0 }, (_, i) => tuple(arrays.map((a) => a[i])));
}

/** `target`: from the resolved profile when the loader provides one, else qe's default DuckDB target. */
function targetOf(project: Project): Target {
  const t = (project as { target?: { name: string; type: string; schema: string; threads: number; profileName?: string; database?: string; path?: string; raw?: Record<string, unknown> } }).target;
  if (t) {
    return { ...(t.raw ?? {}), name: t.name, type: t.type, schema: t.schema, threads: t.threads, database: t.type === "spark" ? null : t.database ?? "main", path: t.path, profile_name: t.profileName ?? project.config.profile ?? project.config.name };
  }
  return { name: "dev", type: "duckdb", schema: "main", database: "main", threads: 1, profile_name: project.config.profile ?? project.config.name };
}
