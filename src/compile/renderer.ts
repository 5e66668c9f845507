// The project's renderer: parses each template once (src/jinja), renders it with the dbt context
// bound to one node (src/compile/dbt-context.ts), and reports what the render recorded (refs,
// sources, config() calls, ephemeral parents) with the compiled SQL.
import { ProjectError, QeError } from "../core/errors.js";
import type { NodeId, Project } from "../project/types.js";
import { callMacro, drive, parseTemplate, renderWithLines, TemplateEval, Macro, type ParsedTemplate } from "../jinja/index.js";
import type { CompileEnv } from "./compile-env.js";
import { MacroRegistry } from "./macro-registry.js";
import { DbtContext, newRenderState, type ContextDeps, type RefTarget, type RenderState } from "./dbt-context.js";
import type { LazyAdapter } from "./warehouse-context.js";
import type { RelationValue } from "./relation-value.js";

export interface RenderedSql {
  sql: string;
  sourceLines: number[];
  refs: NodeId[];
  sources: NodeId[];
  config: Record<string, unknown>;
  /** Names of ephemeral models this render referenced (to inline as CTEs). */
  ephemerals?: string[];
  /** The render waited on the warehouse (run_query, adapter.*). */
  queried?: boolean;
  /** The render needs relations the warehouse does not hold yet: no SQL until it runs. */
  deferred?: boolean;
}

export interface Renderer {
  /** Renders a template with execute true (a Promise when it waits on the warehouse); throws a located QeError on any template problem. */
  render(text: string, file: string, context?: Record<string, unknown>): RenderedSql | Promise<RenderedSql>;
  /** Names of `{% test name(...) %}` generic tests, callable as macros `test_<name>`. */
  genericTestNames(): string[];
}

export type { RefTarget };

export interface RendererDeps {
  resolveRef(name: string): RefTarget | undefined;
  refNames(): string[];
  graph(): Record<string, unknown>;
}

export class TemplateRenderer implements Renderer {
  readonly registry: MacroRegistry;
  readonly context: DbtContext;
  private readonly parsed = new Map<string, { text: string; wholeFile: boolean; t: ParsedTemplate }[]>();
  private readonly ids = new Map<string, NodeId>();

  constructor(readonly project: Project, env: CompileEnv, deps: RendererDeps, warehouse?: LazyAdapter) {
    this.registry = new MacroRegistry(project.config.name, project.macroFiles);
    for (const m of project.models) this.ids.set(m.name, m.id);
    for (const s of project.seeds) if (!this.ids.has(s.name)) this.ids.set(s.name, s.id);
    const ctx: ContextDeps = {
      project, env, registry: this.registry, warehouse: warehouse ?? env.warehouse,
      resolveRef: deps.resolveRef, refNames: deps.refNames, graph: deps.graph, idOf: (n) => this.ids.get(n),
    };
    this.context = new DbtContext(ctx);
  }

  get macroErrors(): QeError[] {
    return this.registry.errors;
  }

  genericTestNames(): string[] {
    return this.registry.genericTestNames();
  }

  /** Parses once per file and text. Throws TemplateSyntaxError. */
  parse(text: string, file: string, wholeFile = false): ParsedTemplate {
    // Keyed by file, then compared by text: a model's text is one string, compared by identity first.
    let list = this.parsed.get(file);
    if (!list) this.parsed.set(file, (list = []));
    const hit = list.find((e) => e.text === text && e.wholeFile === wholeFile);
    if (hit) return hit.t;
    const t = parseTemplate(text, file, { wholeFile });
    list.push({ text, wholeFile, t });
    return t;
  }

  /**
   * Renders a node's template for `state`, keeping source lines; a Promise when the warehouse was
   * asked. `wholeFile`: the text is a node file's (a model's, a singular test's), which dbt strips.
   */
  renderNode(text: string, file: string, state: RenderState, opts: { lenient?: boolean; wholeFile?: boolean } = {}): RenderedSql | Promise<RenderedSql> {
    const lenient = opts.lenient ?? false;
    const t = this.parse(text, file, opts.wholeFile);
    const globals = this.context.globalsFor(state, lenient);
    const r = renderWithLines(t, globals);
    const done = (x: { text: string; sourceLines: number[] }): RenderedSql => ({
      sql: x.text, sourceLines: x.sourceLines, refs: state.refs, sources: state.sources, config: state.config, ephemerals: state.ephemerals,
    });
    return r instanceof Promise ? r.then(done) : done(r);
  }

  /** Renders a snippet (a hook, a test call) for `state`, without source lines. */
  renderText(text: string, file: string, state: RenderState, locals: Record<string, unknown> = {}): string | Promise<string> {
    const t = this.parse(text, file);
    return drive(new TemplateEval(t).render(this.context.globalsFor(state), locals));
  }

  /**
   * Renders a test's template (a generic test's macro call, a singular test) with execute true;
   * a Promise when the template waits on the warehouse (run_query, adapter.get_columns_in_relation).
   */
  render(text: string, file: string, context: Record<string, unknown> = {}): RenderedSql | Promise<RenderedSql> {
    const config = this.parseConfig(text, file, context);
    const state = newRenderState(file, true);
    const done = (sql: string): RenderedSql => ({ sql, sourceLines: sql.split("\n").map(() => 0), refs: state.refs, sources: state.sources, config, ephemerals: state.ephemerals });
    const r = this.renderText(text, file, state, context);
    return r instanceof Promise ? r.then(done) : done(r);
  }

  /**
   * The config() calls a test's template makes, as dbt's parse captures them (execute false): a test
   * macro may set fail_calc, severity... (dbt_utils.equality sets fail_calc). Errors are left to the real render.
   */
  private parseConfig(text: string, file: string, context: Record<string, unknown>): Record<string, unknown> {
    if (!text.includes("config") && !this.registry.projectMacrosNameConfig) return {};
    const state = newRenderState(file, false);
    try {
      const r = this.renderText(text, file, state, context);
      if (r instanceof Promise) r.catch(() => undefined);
    } catch {
      // reported by the render with execute true
    }
    return state.config;
  }

  /** dbt's Relation for a node's relation, as the target's adapter renders it. */
  relation(rel: { database?: string; schema: string; name: string }): RelationValue {
    return this.context.relation(rel.schema, rel.name, null, rel.database);
  }

  /** Calls a macro by bare name for a node (generate_schema_name); undefined when no macro has that name. */
  callMacro(name: string, args: unknown[], state: RenderState): { value: unknown } | undefined {
    const m = this.registry.fromPackage(null, name);
    if (!(m instanceof Macro)) return undefined;
    const v = callMacro(m, args, {}, this.context.globalsFor(state));
    if (v instanceof Promise) {
      v.catch(() => undefined);
      throw new ProjectError("no-warehouse", `macro '${name}' queries the warehouse, which it cannot do while names are resolved`, { file: m.file });
    }
    return { value: v };
  }
}
