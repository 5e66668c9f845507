// Every macro a project can call: its own, its packages', and dbt's global project (bundled at
// <package root>/global_project/macros, package "dbt"), found in dbt-core's order
// (dbt/context/macros.py MacroNamespace): the root project's macros, then package namespaces by
// name (`dbt_utils.star`, `dbt.current_timestamp`), then the global project's macros by bare name.
// A root-project macro therefore overrides dbt's (generate_schema_name, default__dateadd).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ProjectError, QeError } from "../core/errors.js";
import { Frame, MISSING, Macro, TemplateEval, parseTemplate } from "../jinja/index.js";

export const GLOBAL_PROJECT = "dbt";
const NO_GLOBALS = { get: () => MISSING };

export interface MacroSource {
  path: string;
  text: string;
  /** Missing means the root project (until every loader sets it). */
  packageName?: string;
}

/** A package's macros as templates see `pkg.name`. */
export class PackageNamespace {
  constructor(macros: ReadonlyMap<string, Macro>) {
    for (const [k, v] of macros) (this as unknown as Record<string, unknown>)[k] = v;
  }
}

export class MacroRegistry {
  readonly errors: QeError[] = [];
  private readonly byPackage = new Map<string, Map<string, Macro>>();
  private readonly namespaces = new Map<string, PackageNamespace>();
  /** Whether any project or package macro file mentions config (so any model might call it through one). */
  readonly projectMacrosNameConfig: boolean;

  constructor(readonly rootPackage: string, files: readonly MacroSource[], globalFiles: readonly MacroSource[] = globalProjectFiles()) {
    for (const f of [...globalFiles.map((g) => ({ ...g, packageName: GLOBAL_PROJECT })), ...files]) this.load(f);
    for (const [pkg, macros] of this.byPackage) this.namespaces.set(pkg, new PackageNamespace(macros));
    this.projectMacrosNameConfig = files.some((f) => f.text.includes("config"));
  }

  /** A bare name as a template resolves it: root macro, package namespace, then a global-project macro. */
  resolve(name: string): unknown {
    const own = this.byPackage.get(this.rootPackage)?.get(name);
    if (own) return own;
    const ns = this.namespaces.get(name);
    if (ns) return ns;
    return this.byPackage.get(GLOBAL_PROJECT)?.get(name) ?? MISSING;
  }

  /** dbt's get_from_package: `null` searches by bare name, as resolve() does. */
  fromPackage(pkg: string | null, name: string): Macro | undefined {
    if (pkg === null) {
      const m = this.resolve(name);
      return m instanceof Macro ? m : undefined;
    }
    return this.byPackage.get(pkg)?.get(name);
  }

  /** True when `name` resolves to dbt's own (global project) macro, not one the project overrides. */
  isGlobal(name: string): boolean {
    const m = this.fromPackage(null, name);
    return m !== undefined && m.packageName === GLOBAL_PROJECT;
  }

  hasPackage(pkg: string): boolean {
    return this.byPackage.has(pkg);
  }

  /** Names callable by bare name, for did-you-mean. */
  names(): string[] {
    return [...(this.byPackage.get(this.rootPackage)?.keys() ?? []), ...this.namespaces.keys(), ...(this.byPackage.get(GLOBAL_PROJECT)?.keys() ?? [])];
  }

  /** `{% test name %}` blocks and `test_<name>` macros (dbt's generic tests): the root project's bare, a package's `<package>.<name>`. */
  genericTestNames(): string[] {
    const out = new Set<string>();
    for (const [pkg, macros] of this.byPackage) {
      if (pkg === GLOBAL_PROJECT) continue;
      // The root project's by bare name, a package's as `<package>.<name>` (as the project loader names them).
      for (const k of macros.keys()) if (k.startsWith("test_")) out.add(pkg === this.rootPackage ? k.slice(5) : `${pkg}.${k.slice(5)}`);
    }
    return [...out].sort();
  }

  private load(f: MacroSource): void {
    const pkg = f.packageName ?? this.rootPackage;
    let ns = this.byPackage.get(pkg);
    if (!ns) this.byPackage.set(pkg, (ns = new Map()));
    let macros: Macro[];
    try {
      const parsed = parseCached(f.path, f.text);
      // A package's macros see their siblings by bare name (dbt renders them in their package's
      // namespace); the frame reads the package's map, which later files still add to.
      const closure = pkg === this.rootPackage || pkg === GLOBAL_PROJECT ? undefined : new Frame(null, NO_GLOBALS, ns as Map<string, unknown>);
      macros = new TemplateEval(parsed, pkg).topLevelMacros(closure);
    } catch (e) {
      if (!(e instanceof QeError)) throw e;
      this.errors.push(e);
      return;
    }
    for (const m of macros) {
      const prev = ns.get(m.name);
      if (prev) {
        this.errors.push(new ProjectError("duplicate-macro", `macro '${m.name}' is defined twice in package '${pkg}'`, { file: f.path, line: 1 }, `also in ${prev.file}`));
        continue;
      }
      ns.set(m.name, m);
    }
  }

}

const parsedCache = new Map<string, ReturnType<typeof parseTemplate>>();
/** Macro files are parsed once per process per text: the global project's, on every compile, are the same. */
function parseCached(path: string, text: string): ReturnType<typeof parseTemplate> {
  const key = `${path}\0${text}`;
  let p = parsedCache.get(key);
  if (!p) {
    p = parseTemplate(text, path);
    parsedCache.set(key, p);
  }
  return p;
}

/** The bundled global project's macro files (none until it is installed), read once per process. */
let globalFilesCache: MacroSource[] | undefined;
export function globalProjectFiles(): MacroSource[] {
  if (globalFilesCache) return globalFilesCache;
  const root = fileURLToPath(new URL("../../global_project/macros", import.meta.url));
  const out: MacroSource[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return; // no global project bundled yet
    }
    for (const n of names) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith(".sql")) out.push({ path: `global_project/macros/${relative(root, p).split("\\").join("/")}`, text: readFileSync(p, "utf8") });
    }
  };
  walk(root);
  globalFilesCache = out;
  return out;
}
