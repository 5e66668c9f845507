// The nunjucks environment for one project. dbt's context (ref, source, config, var, env_var, this,
// is_incremental, doc, target, ...) lives in env globals that read the render in progress, so the
// same functions work from models and from macros.
//
// Macros: each macro file is compiled once; its `{% macro x %}` is renamed `qe__raw__x` and a
// wrapper is registered as the global `x`. Every call, from a model or another macro, therefore
// goes through the wrapper, which is what makes `{{ return(v) }}` work: return() records `v` and
// the wrapper hands it back instead of the macro's text. `{% test t %}` becomes macro `test_t`.
import nunjucks from "nunjucks";
import { ProjectError, QeError } from "../core/errors.js";
import type { NodeId, Project } from "../project/types.js";
import { prepTemplate, RAW_PREFIX } from "./template-prep.js";
import { stripMarkers } from "./line-markers.js";
import { templateError } from "./template-errors.js";
import { addCompatFilters, installJinjaCompat } from "./jinja-compat.js";
import type { RelationValue } from "./relation-value.js";
import type { CompileEnv } from "./compile-env.js";
import { installDbtGlobals, envGlobals, NO_RETURN, type GlobalsHost, type RefTarget, type RenderState } from "./dbt-context.js";
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

export interface RenderOptions {
  self?: RelationValue;
  isIncremental?: boolean;
  /** Line markers for sourceLines (default true). */
  markers?: boolean;
  /** The node's resolved config (raw dbt keys), for config.get(). */
  nodeConfig?: Record<string, unknown>;
}

export type { RefTarget };

export class TemplateRenderer implements Renderer, GlobalsHost {
  readonly env: nunjucks.Environment;
  readonly macroErrors: QeError[] = [];
  private readonly macros = new Map<string, string>(); // name → file
  private readonly testNames: string[] = [];
  private readonly cache = new Map<string, Prepared>();
  readonly returnStack: unknown[] = [];
  private state: RenderState | undefined;
  readonly sourceIndex = new Map<string, Project["sources"][number]>();

  constructor(
    readonly project: Project,
    readonly compileEnv: CompileEnv,
    readonly resolveRef: (name: string) => RefTarget | undefined,
    readonly refNames: () => string[],
  ) {
    installJinjaCompat();
    this.env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true, dev: true });
    addCompatFilters(this.env);
    for (const s of project.sources) this.sourceIndex.set(`${s.sourceName}.${s.name}`, s);
    installDbtGlobals(this.env, this);
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
      isIncremental: opts.isIncremental ?? false, configOnly, nodeConfig: opts.nodeConfig,
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
          throw templateError(e, file, text, "render", () => this.callableNames(), prep.src);
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

  peek(): RenderState | undefined {
    return this.state;
  }

  current(what: string): RenderState {
    if (!this.state) throw new ProjectError("template-error", `${what} is only available while rendering`);
    return this.state;
  }
}

interface Exportable {
  getExported(ctx: object, frame: null, cb: (e: unknown, exported: Record<string, unknown>) => void): void;
}

function lineOf(text: string, name: string): number {
  const i = text.search(new RegExp(`\\{%-?\\s*(macro|test)\\s+${name}\\b`));
  return i < 0 ? 1 : text.slice(0, i).split("\n").length;
}
