// Folder-level configs from dbt_project.yml (`models: {<project>: {staging: {+materialized: view}}}`).
// A key with `+` is always a config; a bare key is a config if dbt knows it, else a folder or node
// name, which must exist (a typo there would otherwise silently configure nothing).
import { didYouMean } from "../core/did-you-mean.js";
import { normKey } from "./known-keys.js";
import type { Problems } from "./problems.js";
import { isMapping, type YamlFile } from "./yaml-file.js";
import { mergeConfig, type RawConfig } from "./model-config.js";

export interface FolderTree {
  config: RawConfig;
  children: Map<string, FolderTree>;
}

/** Names that may appear at each level: project → folders → node names. */
export interface NameTrie {
  children: Map<string, NameTrie>;
}

export function nameTrie(paths: readonly string[][]): NameTrie {
  const root: NameTrie = { children: new Map() };
  for (const p of paths) {
    let t = root;
    for (const seg of p) {
      let c = t.children.get(seg);
      if (!c) t.children.set(seg, (c = { children: new Map() }));
      t = c;
    }
  }
  return root;
}

export interface FolderTreeOptions {
  section: string;
  knownConfig: readonly string[];
  /** When given, bare keys that are not configs must name a child here. */
  names?: NameTrie;
  /** Where a path that names nothing goes: dbt only warns ("unused configuration paths"). Without it, a problem. */
  warn?: (message: string) => void;
  /** Validates a config mapping (keys already stripped of `+`), returning the normalised one. */
  check: (raw: RawConfig, locOf: (k: string) => { file: string; line: number }) => RawConfig;
}

export function buildFolderTree(value: unknown, yf: YamlFile, opts: FolderTreeOptions, problems: Problems): FolderTree {
  return walk(value, opts.names, [opts.section]);

  function walk(v: unknown, names: NameTrie | undefined, trail: string[]): FolderTree {
    const tree: FolderTree = { config: {}, children: new Map() };
    if (v === null || v === undefined) return tree;
    if (!isMapping(v)) {
      problems.add("invalid-config", `${trail.join(".")} must be a mapping`, yf.loc(v));
      return tree;
    }
    const raw: RawConfig = {};
    const rawKeys: Record<string, string> = {};
    for (const [k, child] of Object.entries(v)) {
      const isPlus = k.startsWith("+");
      const bare = isPlus ? k.slice(1) : k;
      const isConfig = isPlus || (opts.knownConfig.includes(normKey(bare)) && !names?.children.has(k));
      if (isConfig) {
        raw[bare] = child;
        rawKeys[bare] = k;
        continue;
      }
      if (names && !names.children.has(k)) {
        const near = didYouMean(k, [...names.children.keys(), ...opts.knownConfig.map((c) => "+" + c)]);
        const what = trail.length === 1 ? "project" : "folder, model or config";
        const loc = yf.loc(v, k);
        if (opts.warn) opts.warn(`${loc.file}:${loc.line}: '${k}' under ${trail.join(".")} names no ${what}, so this configuration path applies to nothing${near ? ` (did you mean '${near}'?)` : ""}`);
        else problems.add("unknown-key", `'${k}' under ${trail.join(".")} names no ${what}`, loc, near ? `did you mean '${near}'?` : undefined);
        continue;
      }
      tree.children.set(k, walk(child, names?.children.get(k), [...trail, k]));
    }
    tree.config = opts.check(raw, (k) => yf.loc(v, rawKeys[k] ?? k) as { file: string; line: number });
    return tree;
  }
}

/** Config for a node at `path` ([project, ...folders, name]), outermost first. */
export function folderConfigFor(tree: FolderTree | undefined, path: readonly string[]): RawConfig {
  if (!tree) return {};
  let cfg = tree.config;
  let t: FolderTree | undefined = tree;
  for (const seg of path) {
    t = t.children.get(seg);
    if (!t) break;
    cfg = mergeConfig(cfg, t.config);
  }
  return cfg;
}
