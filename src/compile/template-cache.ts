// nunjucks turns each template into JavaScript source and then a function; both steps cost far
// more than rendering. The compiled functions do not depend on the environment they were made
// in (it is passed at render time), so they are kept per process, keyed by template text: a
// second compile in the same process (compile, then run; watch mode; the bench) skips them.
import nunjucks from "nunjucks";

const compiled = new Map<string, Record<string, unknown>>();
const MAX_ENTRIES = 20_000;

interface Compiler {
  compile(src: string, asyncFilters: unknown, extensions: unknown, name: string, opts: unknown): string;
}

/** A Template for `src`, compiled at most once per process. Throws nunjucks' parse errors. */
export function cachedTemplate(src: string, env: nunjucks.Environment, path: string): nunjucks.Template {
  let props = compiled.get(src);
  if (!props) {
    const e = env as unknown as { asyncFilters: unknown; extensionsList: unknown; opts: unknown };
    const code = (nunjucks as unknown as { compiler: Compiler }).compiler.compile(src, e.asyncFilters, e.extensionsList, path, e.opts);
    props = new Function(code)() as Record<string, unknown>; // eslint-disable-line no-new-func -- this is how nunjucks loads templates
    if (compiled.size >= MAX_ENTRIES) compiled.clear();
    compiled.set(src, props);
  }
  const ctor = nunjucks.Template as unknown as new (src: { type: "code"; obj: unknown }, env: nunjucks.Environment, path: string) => nunjucks.Template;
  return new ctor({ type: "code", obj: props }, env, path);
}
