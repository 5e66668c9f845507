// The nunjucks environment for one project. dbt's context (ref, source, config, var, env_var, this,
// is_incremental, doc, target, ...) lives in env globals that read the render in progress, so the
// same functions work from models and from macros.
//
// Macros: each macro file is compiled once; its `{% macro x %}` is renamed `qe__raw__x` and a
// wrapper is registered as the global `x`. Every call, from a model or another macro, therefore
// goes through the wrapper, which is what makes `{{ return(v) }}` work: return() records `v` and
// the wrapper hands it back instead of the macro's text. `{% test t %}` becomes macro `test_t`.
import nunjucks from "nunjucks";
import { ProjectError, ProjectErrors, QeError } from "../core/errors.js";
import { didYouMean } from "../core/did-you-mean.js";
import type { NodeId, Project } from "../project/types.js";
import { prepTemplate, RAW_PREFIX } from "./template-prep.js";
import { stripMarkers } from "./line-markers.js";
import { templateError } from "./template-errors.js";
import { addCompatFilters, installJinjaCompat } from "./jinja-compat.js";
import { relationValue, cteValue, ephemeralCteName, type RelationValue } from "./relation-value.js";
import type { CompileEnv } from "./compile-env.js";
import type { Relation } from "./types.js";
import { quoteIdent } from "../db/quote.js";
import { cachedTemplate } from "./template-cache.js";
import { FallBack, parseFast, runFast, type FastProgram } from "./fast-template.js";

/** A prepared template: the fast path when it applies, nunjucks otherwise (compiled lazily). */
interface Prepared {
  src: string;
  fast?: FastProgram;
  tmpl?: nunjucks.Template;
}

export interface RenderedSql {
  sql: string;
  sourceLines: number[];
  refs: NodeId[];
  sources: NodeId[];
  config: Record<string, unknown>;
  /** Names of ephemeral models this render referenced (to inline as CTEs). */
  ephemerals?: string[];
}

export interface Renderer {
  /** Renders a template; throws ProjectError at `file`'s line on any template problem. */
  render(text: string, file: string, context?: Record<string, unknown>): RenderedSql;
  /** Names of `{% test name(...) %}` generic tests, callable as macros `test_<name>`. */
  genericTestNames(): string[];
}

/** Where a ref() lands: filled in by compile from each model's final config. */
export interface RefTarget {
  id: NodeId;
  relation: Relation;
  ephemeral: boolean;
  enabled: boolean;
}

export interface RenderOptions {
  self?: RelationValue;
  isIncremental?: boolean;
  /** Line markers for sourceLines (default true). */
  markers?: boolean;
}

interface RenderState {
  file: string;
  refs: NodeId[];
  sources: NodeId[];
  ephemerals: string[];
  config: Record<string, unknown>;
  self?: RelationValue;
  isIncremental: boolean;
  configOnly: boolean;
}

const NO_RETURN = Symbol("no-return");
type Kwargs = Record<string, unknown> & { __keywords?: boolean };

export class TemplateRenderer implements Renderer {
  readonly env: nunjucks.Environment;
  readonly macroErrors: QeError[] = [];
  private readonly macros = new Map<string, string>(); // name → file
  private readonly testNames: string[] = [];
  private readonly cache = new Map<string, Prepared>();
  private readonly returnStack: unknown[] = [];
  private state: RenderState | undefined;
  private readonly sourceIndex = new Map<string, Project["sources"][number]>();

  constructor(readonly project: Project, readonly compileEnv: CompileEnv, private readonly resolveRef: (name: string) => RefTarget | undefined, private readonly refNames: () => string[]) {
    installJinjaCompat();
    this.env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true, dev: true });
    addCompatFilters(this.env);
    for (const s of project.sources) this.sourceIndex.set(`${s.sourceName}.${s.name}`, s);
    this.addGlobals();
    this.loadMacros();
  }

  genericTestNames(): string[] {
    return [...this.testNames].sort();
  }

  /** Calls a project macro outside any template (e.g. generate_schema_name); undefined if there is none. */
  callMacro(name: string, args: unknown[]): { value: unknown } | undefined {
    const file = this.macros.get(name);
    if (!file) return undefined;
    const fn = envGlobals(this.env)[name] as (...a: unknown[]) => unknown;
    const prev = this.state;
    this.state = { file, refs: [], sources: [], ephemerals: [], config: {}, isIncremental: false, configOnly: true };
    try {
      return { value: fn(...args) };
    } catch (e) {
      if (e instanceof QeError) throw e.loc ? e : new ProjectError(e.code, `${e.message} (in macro ${name})`, { file }, e.hint, { cause: e });
      throw templateError(e, file, "", "render", () => this.callableNames());
    } finally {
      this.state = prev;
    }
  }

  macroNames(): string[] {
    return [...this.macros.keys()];
  }

  render(text: string, file: string, context: Record<string, unknown> = {}, opts: RenderOptions = {}): RenderedSql {
    return this.renderWith(text, file, context, opts, false);
  }

  /** Evaluates just a `{{ config(...) }}` snippet, returning the config it sets. */
  renderConfigOnly(snippet: string, file: string): Record<string, unknown> {
    return this.renderWith(snippet, file, {}, { markers: false }, true).config;
  }

  private renderWith(text: string, file: string, context: Record<string, unknown>, opts: RenderOptions, configOnly: boolean): RenderedSql {
    const markers = opts.markers ?? true;
    const prep = this.prepare(text, file, markers);
    const prev = this.state;
    const fresh = (): RenderState => ({
      file, refs: [], sources: [], ephemerals: [], config: {}, self: opts.self,
      isIncremental: opts.isIncremental ?? false, configOnly,
    });
    let st = fresh();
    this.state = st;
    let out: string | undefined;
    try {
      if (prep.fast) {
        try {
          out = runFast(prep.fast, {
            lookup: (name) => (Object.prototype.hasOwnProperty.call(context, name) ? context[name] : envGlobals(this.env)[name]),
            locate: (e, line) => {
              if (e instanceof QeError && !e.loc?.line) throw new ProjectError(e.code, e.message, { file, line }, e.hint, { cause: e });
              if (e instanceof QeError) throw e;
              throw new FallBack();
            },
          });
        } catch (e) {
          if (!(e instanceof FallBack)) throw e;
          st = fresh(); // nunjucks starts over, so the partial run's refs and config must not count
          this.state = st;
        }
      }
      if (out === undefined) {
        const tmpl = this.nunjucksTemplate(prep, text, file);
        try {
          out = tmpl.render(context);
        } catch (e) {
          throw templateError(e, file, text, "render", () => this.callableNames());
        }
      }
    } finally {
      this.state = prev;
    }
    const { sql, sourceLines } = markers ? stripMarkers(out) : { sql: out, sourceLines: out.split("\n").map(() => 0) };
    return { sql, sourceLines, refs: st.refs, sources: st.sources, config: st.config, ephemerals: st.ephemerals };
  }

  private prepare(text: string, file: string, markers: boolean): Prepared {
    const key = `${markers ? 1 : 0}\0${file}\0${text}`;
    let p = this.cache.get(key);
    if (p) return p;
    const src = prepTemplate(text, file, { markers, macroFile: false });
    p = { src, fast: parseFast(src) };
    this.cache.set(key, p);
    return p;
  }

  private nunjucksTemplate(p: Prepared, text: string, file: string): nunjucks.Template {
    if (p.tmpl) return p.tmpl;
    try {
      p.tmpl = cachedTemplate(p.src, this.env, file);
    } catch (e) {
      throw templateError(e, file, text, "parse", () => this.callableNames());
    }
    return p.tmpl;
  }

  private callableNames(): string[] {
    return [...this.macros.keys(), ...Object.keys(envGlobals(this.env))];
  }

  private loadMacros(): void {
    for (const mf of this.project.macroFiles) {
      let exported: Record<string, unknown> = {};
      try {
        const src = prepTemplate(mf.text, mf.path, { markers: false, macroFile: true });
        const t = cachedTemplate(src, this.env, mf.path);
        let err: unknown;
        (t as unknown as Exportable).getExported({}, null,  (e: unknown, ex: Record<string, unknown>) => { err = e; exported = ex ?? {}; });
        if (err) throw err;
      } catch (e) {
        this.macroErrors.push(e instanceof ProjectError ? e : templateError(e, mf.path, mf.text, "parse", () => this.callableNames()));
        continue;
      }
      for (const [rawName, fn] of Object.entries(exported)) {
        if (!rawName.startsWith(RAW_PREFIX) || typeof fn !== "function") continue;
        const name = rawName.slice(RAW_PREFIX.length);
        const prev = this.macros.get(name);
        if (prev) {
          this.macroErrors.push(new ProjectError("duplicate-macro", `macro '${name}' is defined twice`, { file: mf.path, line: lineOf(mf.text, name) }, `also in ${prev}`));
          continue;
        }
        this.macros.set(name, mf.path);
        if (name.startsWith("test_")) this.testNames.push(name.slice(5));
        this.env.addGlobal(name, this.wrapMacro(fn as (...a: unknown[]) => unknown));
      }
    }
  }

  private wrapMacro(fn: (...a: unknown[]) => unknown): (...a: unknown[]) => unknown {
    const stack = this.returnStack;
    return function macro(this: unknown, ...args: unknown[]) {
      stack.push(NO_RETURN);
      try {
        const out = fn.apply(this, args);
        const r = stack[stack.length - 1];
        return r === NO_RETURN ? out : r;
      } finally {
        stack.pop();
      }
    };
  }

  private cur(what: string): RenderState {
    if (!this.state) throw new ProjectError("template-error", `${what} is only available while rendering`);
    return this.state;
  }

  private addGlobals(): void {
    const g = (name: string, v: unknown) => this.env.addGlobal(name, v);
    const project = this.project;
    g("ref", (...args: unknown[]) => this.ref(args));
    g("source", (...args: unknown[]) => this.source(args));
    g("config", (...args: unknown[]) => {
      const st = this.cur("config()");
      const { pos, kw } = splitArgs(args);
      if (isPlainObject(pos[0])) Object.assign(st.config, pos[0]);
      Object.assign(st.config, kw);
      return "";
    });
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
      const env = this.compileEnv.env ?? project.env ?? {};
      const v = env[name];
      if (v !== undefined) return v;
      if (args.length >= 2 && !isKw(args[1])) return args[1];
      throw new ProjectError("undefined-env-var", `env_var('${name}') is not set and has no default`, undefined, `export ${name}=... or give a default: env_var('${name}', '...')`);
    });
    g("is_incremental", () => this.cur("is_incremental()").isIncremental);
    g("doc", (name: unknown) => {
      const d = project.docs[String(name)];
      if (d === undefined) {
        const near = didYouMean(String(name), Object.keys(project.docs));
        throw new ProjectError("unknown-doc", `doc('${String(name)}') matches no {% docs %} block`, undefined, near && `did you mean doc('${near}')?`);
      }
      return d;
    });
    g("return", (v: unknown) => {
      const s = this.returnStack;
      if (s.length === 0) throw new ProjectError("template-error", "return() is only allowed inside a macro from the macro paths");
      if (s[s.length - 1] === NO_RETURN) s[s.length - 1] = v;
      return "";
    });
    g("target", { name: "dev", type: "duckdb", schema: "main", database: "main", threads: 1, profile_name: project.config.profile ?? project.config.name });
    g("project_name", project.config.name);
    g("execute", true);
    g("flags", { FULL_REFRESH: this.compileEnv.fullRefresh ?? false });
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
    const self = this;
    Object.defineProperty(envGlobals(this.env), "this", {
      get() { return self.state?.self; }, enumerable: true, configurable: true,
    });
  }

  private ref(args: unknown[]): unknown {
    const st = this.cur("ref()");
    const { pos } = splitArgs(args);
    if (st.configOnly) throw new ProjectError("template-error", "ref() inside config() is not supported");
    let name = String(pos[0]);
    if (pos.length >= 2) {
      const pkg = String(pos[0]);
      name = String(pos[1]);
      if (pkg !== this.project.config.name) {
        throw new ProjectError("unknown-ref", `ref('${pkg}', '${name}') names package '${pkg}'; qe projects have no packages`, undefined, `use ref('${name}')`);
      }
    }
    const t = this.resolveRef(name);
    if (!t) {
      const near = didYouMean(name, this.refNames());
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

  private source(args: unknown[]): unknown {
    const st = this.cur("source()");
    const { pos } = splitArgs(args);
    const key = `${String(pos[0])}.${String(pos[1])}`;
    const s = this.sourceIndex.get(key);
    if (!s) {
      const near = didYouMean(key, this.sourceIndex.keys());
      const hint = near ? `did you mean source('${near.split(".")[0]}', '${near.split(".")[1]}')?` : "declare it under sources: in a properties file";
      throw new ProjectError("unknown-source", `source('${String(pos[0])}', '${String(pos[1])}') matches no source table`, undefined, hint);
    }
    if (!st.sources.includes(s.id)) st.sources.push(s.id);
    return relationValue(s.schema, s.identifier);
  }
}

interface Exportable {
  getExported(ctx: object, frame: null, cb: (e: unknown, exported: Record<string, unknown>) => void): void;
}

/** nunjucks keeps globals on the environment; its types do not declare the field. */
function envGlobals(env: nunjucks.Environment): Record<string, unknown> {
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

function lineOf(text: string, name: string): number {
  const i = text.search(new RegExp(`\\{%-?\\s*(macro|test)\\s+${name}\\b`));
  return i < 0 ? 1 : text.slice(0, i).split("\n").length;
}

export { ProjectErrors };
