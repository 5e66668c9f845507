// dbt's template context as nunjucks globals: ref, source, config, var, env_var, this,
// is_incremental, doc, return, target, adapter... Each reads the render in progress through
// the host, so the same functions serve models, tests and macros.
import nunjucks from "nunjucks";
import { ProjectError } from "../core/errors.js";
import { didYouMean } from "../core/did-you-mean.js";
import type { NodeId, Project, SourceTableNode } from "../project/types.js";
import { quoteIdent } from "../adapters/quote.js";
import { relationValue, cteValue, ephemeralCteName, type RelationValue } from "./relation-value.js";
import type { CompileEnv } from "./compile-env.js";
import type { Relation } from "./types.js";

/** Where a ref() lands: filled in by compile from each model's final config. */
export interface RefTarget {
  id: NodeId;
  relation: Relation;
  ephemeral: boolean;
  enabled: boolean;
}

export interface RenderState {
  file: string;
  refs: NodeId[];
  sources: NodeId[];
  ephemerals: string[];
  config: Record<string, unknown>;
  self?: RelationValue;
  isIncremental: boolean;
  configOnly: boolean;
  /** The node's resolved config (raw keys), for config.get(). */
  nodeConfig?: Record<string, unknown>;
}

export interface GlobalsHost {
  readonly project: Project;
  readonly compileEnv: CompileEnv;
  readonly sourceIndex: ReadonlyMap<string, SourceTableNode>;
  /** One slot per macro call in progress; return() fills the innermost. */
  readonly returnStack: unknown[];
  /** The render in progress; throws when called outside one. */
  current(what: string): RenderState;
  peek(): RenderState | undefined;
  resolveRef(name: string): RefTarget | undefined;
  refNames(): string[];
}

export const NO_RETURN = Symbol("no-return");
type Kwargs = Record<string, unknown> & { __keywords?: boolean };

export function installDbtGlobals(env: nunjucks.Environment, host: GlobalsHost): void {
    const g = (name: string, v: unknown) => env.addGlobal(name, v);
    const project = host.project;
    g("ref", (...args: unknown[]) => ref(host, args));
    g("source", (...args: unknown[]) => source(host, args));
    const config = (...args: unknown[]) => {
      const st = host.current("config()");
      const { pos, kw } = splitArgs(args);
      if (isPlainObject(pos[0])) Object.assign(st.config, pos[0]);
      Object.assign(st.config, kw);
      return "";
    };
    // dbt's `config.get('key', default)` / `config.require('key')` read the node's resolved config.
    const lookupConfig = (key: string): unknown => {
      const st = host.current("config.get()");
      return Object.prototype.hasOwnProperty.call(st.config, key) ? st.config[key] : st.nodeConfig?.[key];
    };
    g("config", Object.assign(config, {
      get: (key: unknown, dflt?: unknown) => lookupConfig(String(key)) ?? (isKw(dflt) ? undefined : dflt) ?? null,
      require: (key: unknown) => {
        const v = lookupConfig(String(key));
        if (v === undefined || v === null) throw new ProjectError("missing-config", `config.require('${String(key)}'): '${String(key)}' is not configured`);
        return v;
      },
    }));
    g("var", (...args: unknown[]) => {
      const name = String(args[0]);
      const cli = project.cliVars ?? {};
      if (Object.prototype.hasOwnProperty.call(cli, name)) return cli[name];
      if (Object.prototype.hasOwnProperty.call(project.config.vars, name)) return project.config.vars[name];
      if (args.length >= 2 && !isKw(args[1])) return args[1];
      const near = didYouMean(name, [...Object.keys(project.config.vars), ...Object.keys(cli)]);
      throw new ProjectError("undefined-var", `var('${name}') is not set and has no default`, undefined,
        near ? `did you mean var('${near}')?` : `set it under vars: in dbt_project.yml or pass --vars '{"${name}": ...}'`);
    });
    g("env_var", (...args: unknown[]) => {
      const name = String(args[0]);
      const env = host.compileEnv.env ?? project.env ?? {};
      const v = env[name];
      if (v !== undefined) return v;
      if (args.length >= 2 && !isKw(args[1])) return args[1];
      throw new ProjectError("undefined-env-var", `env_var('${name}') is not set and has no default`, undefined, `export ${name}=... or give a default: env_var('${name}', '...')`);
    });
    g("is_incremental", () => host.current("is_incremental()").isIncremental);
    g("doc", (name: unknown) => {
      const d = project.docs[String(name)];
      if (d === undefined) {
        const near = didYouMean(String(name), Object.keys(project.docs));
        throw new ProjectError("unknown-doc", `doc('${String(name)}') matches no {% docs %} block`, undefined, near && `did you mean doc('${near}')?`);
      }
      return d;
    });
    g("return", (v: unknown) => {
      const s = host.returnStack;
      if (s.length === 0) throw new ProjectError("template-error", "return() is only allowed inside a macro from the macro paths");
      if (s[s.length - 1] === NO_RETURN) s[s.length - 1] = v;
      return "";
    });
    g("target", { name: "dev", type: "duckdb", schema: "main", database: "main", threads: 1, profile_name: project.config.profile ?? project.config.name });
    g("project_name", project.config.name);
    g("execute", true);
    g("flags", { FULL_REFRESH: host.compileEnv.fullRefresh ?? false });
    g("log", () => "");
    g("print", () => "");
    g("tojson", (v: unknown) => JSON.stringify(v));
    g("fromjson", (s: unknown) => JSON.parse(String(s)));
    g("zip", (...lists: unknown[][]) => lists[0]?.map((_, i) => lists.map((l) => l[i])) ?? []);
    g("exceptions", {
      raise_compiler_error: (msg: unknown) => { throw new ProjectError("compiler-error", String(msg)); },
      warn: () => "",
    });
    g("adapter", {
      quote: (s: unknown) => quoteIdent(String(s)),
      dispatch: () => { throw unsupportedFn("adapter.dispatch", "call the macro directly (qe targets DuckDB only)"); },
      get_relation: () => { throw unsupportedFn("adapter.get_relation", "qe compiles without a database connection"); },
      get_columns_in_relation: () => { throw unsupportedFn("adapter.get_columns_in_relation", "qe compiles without a database connection"); },
    });
    g("run_query", () => { throw unsupportedFn("run_query", "qe compiles without a database connection; compute the value in SQL"); });
    g("statement", () => { throw unsupportedFn("statement", "qe compiles without a database connection"); });
    g("load_result", () => { throw unsupportedFn("load_result", "qe compiles without a database connection"); });
    // `this` depends on the model being rendered.
    Object.defineProperty(envGlobals(env), "this", {
      get() { return host.peek()?.self; }, enumerable: true, configurable: true,
    });
}

function ref(host: GlobalsHost, args: unknown[]): unknown {
  const st = host.current("ref()");
  const { pos, kw } = splitArgs(args);
  if (st.configOnly) throw new ProjectError("template-error", "ref() inside config() is not supported");
  let name = String(pos[0]);
  // ref('m', v=2) / ref('m', version=2): one version of a versioned model.
  const v = kw["v"] ?? kw["version"];
  if (pos.length >= 2) {
    const pkg = String(pos[0]);
    name = String(pos[1]);
    if (pkg !== host.project.config.name) {
      throw new ProjectError("unknown-ref", `ref('${pkg}', '${name}') names package '${pkg}'; qe projects have no packages`, undefined, `use ref('${name}')`);
    }
  }
  if (v !== undefined && v !== null) name = `${name}.v${String(v)}`;
  const t = host.resolveRef(name);
  if (!t) {
    const near = didYouMean(name, host.refNames());
    throw new ProjectError("unknown-ref", `ref('${name}') matches no model or seed`, undefined, near && `did you mean ref('${near}')?`);
  }
  if (!t.enabled) throw new ProjectError("disabled-ref", `ref('${name}') points at a disabled model`, undefined, "enable it or remove the ref");
  if (!st.refs.includes(t.id)) st.refs.push(t.id);
  if (t.ephemeral) {
    if (!st.ephemerals.includes(name)) st.ephemerals.push(name);
    return cteValue(ephemeralCteName(name), t.relation.schema, t.relation.name);
  }
  return relationValue(t.relation.schema, t.relation.name);
}

function source(host: GlobalsHost, args: unknown[]): unknown {
  const st = host.current("source()");
  const { pos } = splitArgs(args);
  const key = `${String(pos[0])}.${String(pos[1])}`;
  const s = host.sourceIndex.get(key);
  if (!s) {
    const near = didYouMean(key, host.sourceIndex.keys());
    const hint = near ? `did you mean source('${near.split(".")[0]}', '${near.split(".")[1]}')?` : "declare it under sources: in a properties file";
    throw new ProjectError("unknown-source", `source('${String(pos[0])}', '${String(pos[1])}') matches no source table`, undefined, hint);
  }
  if (!st.sources.includes(s.id)) st.sources.push(s.id);
  return relationValue(s.schema, s.identifier);
}

/** nunjucks keeps globals on the environment; its types do not declare the field. */
export function envGlobals(env: nunjucks.Environment): Record<string, unknown> {
  return (env as unknown as { globals: Record<string, unknown> }).globals;
}

function unsupportedFn(name: string, hint: string): ProjectError {
  return new ProjectError("unsupported-jinja", `${name}() is not supported`, undefined, hint);
}

function isKw(v: unknown): boolean {
  return isPlainObject(v) && (v as Kwargs).__keywords === true;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** nunjucks passes keyword arguments as a trailing object flagged `__keywords`. */
export function splitArgs(args: unknown[]): { pos: unknown[]; kw: Record<string, unknown> } {
  const last = args[args.length - 1];
  if (isKw(last)) {
    const { __keywords, ...kw } = last as Kwargs;
    void __keywords;
    return { pos: args.slice(0, -1), kw };
  }
  return { pos: args, kw: {} };
}


