// Partial parsing, like dbt's target/partial_parse.msgpack: the loaded Project is cached in
// <target>/partial_parse.json under a fingerprint of every input the load reads (file stats,
// options, the env vars it looked at, the qe code). A matching fingerprint returns the cached
// Project; anything else (no cache, corrupt cache, any change) loads normally and rewrites it.
// Failed loads are never cached, so errors are always reported from a real parse. On a miss, the
// properties YAML files whose text did not change are restored from the cache, not parsed again
// (see yaml-memo.ts): an edit to one file re-parses that file only.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import type { LoadProjectOptions } from "./load-project.js";
import type { Project, ProjectConfig } from "./types.js";
import { listFiles } from "./files.js";
import { PROJECT_FILE, readProjectFile } from "./project-file.js";
import { Problems } from "./problems.js";
import { parseLossless, stringifyLossless } from "./lossless-json.js";
import { writeFileAtomic } from "../core/write-atomic.js";
import { memoEntries, YamlMemo, type YamlMemoEntry } from "./yaml-memo.js";

export const PARTIAL_PARSE_FILE = "partial_parse.json";
/** Bump when the cache layout or the meaning of a cached Project changes. */
export const PARTIAL_PARSE_SCHEMA = 2;

/** Extensions of every file the loader reads or lists under the project's folders (a superset is safe). */
const SOURCE_EXTS = [".sql", ".csv", ".yml", ".yaml", ".md"];

type Env = Record<string, string | undefined>;

interface CacheFile {
  schema: number;
  /** sha256 of the inputs (see `fingerprint`); names and stats only, never env values. */
  key: string;
  /** Folders walked when the cache was written; dbt_project.yml's stat in the key vouches for them. */
  dirs: string[];
  /** Env vars the load read; null when it enumerated the whole env. */
  envNames: string[] | null;
  project: string;
  /** The qe code that parsed `yaml`: entries are reused only by the same code. */
  codeKey: string;
  /** Parsed properties YAML by project-relative path, reused for files whose text is unchanged. */
  yaml: Record<string, YamlMemoEntry>;
}

/** loadProject with the cache around it; `parse` is the uncached load, reading YAML through `memo`. */
export function loadWithPartialParse(opts: LoadProjectOptions, parse: (o: LoadProjectOptions, memo: YamlMemo) => Project): Project {
  const rootDir = resolve(opts.projectDir);
  const env = opts.env ?? {};
  const cache = readCacheFile(rootDir, opts);
  const hit = cache && cachedProject(cache, rootDir, opts, env);
  if (hit) return hit;
  const memo = new YamlMemo(cache?.codeKey === codeKey() ? memoEntries(cache.yaml) : undefined);

  // Stats are taken before the files are read: an edit during the load then only costs a miss next time.
  const problems = new Problems();
  const pf = readProjectFile(rootDir, problems, new Set());
  if (!pf || problems.list.length > 0) return parse(opts, memo); // it reports the problems
  const dirs = sourceDirs(pf.config);
  const inputs = inputsOf(rootDir, opts, dirs);
  const recorder = recordingEnv(env);
  const project = parse({ ...opts, env: recorder.env }, memo);
  project.env = env; // as the loader would have set it, not the recording proxy
  const targetDir = project.config.targetDir;
  if (targetDir && isDeepStrictEqual(sourceDirs(project.config), dirs)) {
    writeCache(join(targetDir, PARTIAL_PARSE_FILE), project, dirs, recorder.names(), inputs, env, memo);
  }
  return project;
}

/** The folders the loader walks: model, seed, macro, test (incl. generic) and docs paths. */
export function sourceDirs(cfg: ProjectConfig): string[] {
  return [...new Set([...cfg.modelPaths, ...cfg.seedPaths, ...cfg.macroPaths, ...cfg.testPaths, ...cfg.docsPaths, ...(cfg.snapshotPaths ?? [])])];
}

/** Project-relative paths of the files whose stats make up the fingerprint. */
export function fingerprintFiles(rootDir: string, dirs: readonly string[]): string[] {
  return listFiles(rootDir, dirs, SOURCE_EXTS);
}

/** The cache file in the target folder, when there is one of this schema. */
function readCacheFile(rootDir: string, opts: LoadProjectOptions): (CacheFile & { targetDir: string }) | undefined {
  try {
    const targetDir = resolve(rootDir, opts.targetPath ?? guessTargetPath(rootDir));
    const cache = JSON.parse(readFileSync(join(targetDir, PARTIAL_PARSE_FILE), "utf8")) as CacheFile;
    if (cache.schema !== PARTIAL_PARSE_SCHEMA || !Array.isArray(cache.dirs) || typeof cache.project !== "string") return undefined;
    return { ...cache, targetDir };
  } catch {
    return undefined; // missing, unreadable or corrupt: load normally and rewrite it
  }
}

/** The cached Project when every input still matches its fingerprint. */
function cachedProject(cache: CacheFile & { targetDir: string }, rootDir: string, opts: LoadProjectOptions, env: Env): Project | undefined {
  try {
    const key = fingerprint(inputsOf(rootDir, opts, cache.dirs), cache.envNames, env);
    if (key !== cache.key) return undefined;
    const project = parseLossless(cache.project) as Project;
    if (project.rootDir !== rootDir || project.config.targetDir !== cache.targetDir) return undefined;
    project.env = env;
    return project;
  } catch {
    return undefined;
  }
}

function writeCache(path: string, project: Project, dirs: string[], envNames: string[] | null, inputs: unknown[], env: Env, memo: YamlMemo): void {
  try {
    const { env: _omit, ...rest } = project; // the env is never written: it is passed fresh on every load
    // Exact or refused (NotJsonSafe): stringifyLossless checks every value as it writes, so reading
    // the text back to compare (a quarter of a second on 1,000 models) would find nothing more.
    const text = stringifyLossless(rest);
    const cache: CacheFile = {
      schema: PARTIAL_PARSE_SCHEMA, key: fingerprint(inputs, envNames, env), dirs, envNames, project: text,
      codeKey: codeKey(), yaml: Object.fromEntries(memo.entries),
    };
    writeFileAtomic(path, JSON.stringify(cache));
  } catch {
    // Not cacheable (unusual values) or target not writable: the next load simply parses again.
  }
}

/** Everything but the env that can change the load's result. */
function inputsOf(rootDir: string, opts: LoadProjectOptions, dirs: readonly string[]): unknown[] {
  const files = fingerprintFiles(rootDir, dirs);
  return [
    PARTIAL_PARSE_SCHEMA, qeVersion(), codeStamp(),
    rootDir, opts.targetPath ?? null, opts.dbPath ?? null, stringifyLossless(opts.cliVars ?? null),
    stamp(join(rootDir, PROJECT_FILE)), stamp(join(rootDir, "profiles.yml")),
    dirs, files.map((f) => [f, stamp(join(rootDir, f))]),
  ];
}

function fingerprint(inputs: unknown[], envNames: string[] | null, env: Env): string {
  const names = envNames ?? Object.keys(env).sort();
  const envPart = names.map((n) => [n, env[n] ?? null]);
  return createHash("sha256").update(JSON.stringify([inputs, envNames === null, envPart])).digest("hex");
}

/** Size and times of a file; ctime too, which no tool can set back, unlike mtime. */
function stamp(abs: string): string {
  const st = statSync(abs, { throwIfNoEntry: false });
  return st ? `${st.size}:${st.mtimeMs}:${st.ctimeMs}` : "absent";
}

/** An env that remembers which names were read; enumerating it makes the whole env count. */
function recordingEnv(env: Env): { env: Env; names: () => string[] | null } {
  const read = new Set<string>();
  let all = false;
  const proxy = new Proxy(env, {
    get: (t, k) => (typeof k === "string" && read.add(k), Reflect.get(t, k)),
    has: (t, k) => (typeof k === "string" && read.add(k), Reflect.has(t, k)),
    getOwnPropertyDescriptor: (t, k) => (typeof k === "string" && read.add(k), Reflect.getOwnPropertyDescriptor(t, k)),
    ownKeys: (t) => ((all = true), Reflect.ownKeys(t)),
  });
  return { env: proxy, names: () => (all ? null : [...read].sort()) };
}

/** Where the cache is looked for before dbt_project.yml is parsed (parsing it is what we save).
 * A wrong guess only costs a miss: a cache found anywhere must still match the fingerprint. */
export function guessTargetPath(rootDir: string): string {
  const text = readFileSync(join(rootDir, PROJECT_FILE), "utf8");
  const m = /^target-path:[ \t]*(["']?)([^"'#\r\n]*?)\1[ \t]*(?:#.*)?$/m.exec(text);
  return m?.[2] ? m[2].replace(/\/+$/, "") : "target";
}

const HERE = dirname(fileURLToPath(import.meta.url));
let cachedCodeStamp: string | undefined;
let cachedVersion: string | undefined;

/** Stats of the loader's own modules, so a rebuilt or edited qe never reads an older qe's cache. */
function codeStamp(): string {
  cachedCodeStamp ??= readdirSync(HERE).filter((f) => /\.(js|ts)$/.test(f)).sort().map((f) => `${f}=${stamp(join(HERE, f))}`).join(",");
  return cachedCodeStamp;
}

/** Which qe wrote a cache: its version and the stats of the loader's modules. */
function codeKey(): string {
  return `${PARTIAL_PARSE_SCHEMA}:${qeVersion()}:${codeStamp()}`;
}

function qeVersion(): string {
  if (cachedVersion === undefined) {
    try {
      cachedVersion = String((JSON.parse(readFileSync(join(HERE, "..", "..", "package.json"), "utf8")) as { version?: unknown }).version);
    } catch {
      cachedVersion = "unknown";
    }
  }
  return cachedVersion;
}

