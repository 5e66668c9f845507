// YAML with line numbers: every mapping and key remembers where it was written, so a
// validation error can point at the exact line of the offending key.
import { createRequire } from "node:module";
import type { LineCounter, Node, Document } from "yaml";
import type * as YamlLib from "yaml";
import type { SourceLoc } from "../core/errors.js";
import type { Problems } from "./problems.js";

export type YamlMap = Record<string, unknown>;

const require = createRequire(import.meta.url);
let yamlLib: typeof YamlLib | undefined;

/** The yaml package, loaded on first use: a command served from the parse cache never parses YAML, and skips its start-up cost. */
export function yamlPackage(): typeof YamlLib {
  return (yamlLib ??= require("yaml") as typeof YamlLib);
}

export class YamlFile {
  private readonly objLines = new WeakMap<object, number>();
  private readonly keyLines = new WeakMap<object, Map<string, number>>();
  data: unknown = undefined;

  constructor(readonly file: string) {}

  /** Location of a mapping (or of one of its keys). */
  loc(obj: unknown, key?: string | number): SourceLoc {
    if (obj !== null && typeof obj === "object") {
      const kl = key === undefined ? undefined : this.keyLines.get(obj)?.get(String(key));
      return { file: this.file, line: kl ?? this.objLines.get(obj) ?? 1 };
    }
    return { file: this.file, line: 1 };
  }

  /**
   * The remembered lines as one flat list, in a fixed walk of `data` (each mapping or sequence:
   * its own line, then one per key or index; 0 where none is known), so `restore` can rebuild
   * them on a copy of the data without parsing the text again.
   */
  lineList(): number[] {
    const out: number[] = [];
    walkContainers(this.data, (c, keys) => {
      out.push(this.objLines.get(c) ?? 0);
      const kl = this.keyLines.get(c);
      for (const k of keys) out.push(kl?.get(k) ?? 0);
    });
    return out;
  }

  /** A YamlFile for `data` (a copy of an earlier parse's) with the lines `lineList` recorded. Throws Error when they do not fit. */
  static restore(file: string, data: unknown, lines: readonly number[]): YamlFile {
    const yf = new YamlFile(file);
    yf.data = data;
    let i = 0;
    const next = (): number => {
      if (i >= lines.length) throw new Error(`line list of ${file} is too short`);
      return lines[i++]!;
    };
    walkContainers(data, (c, keys) => {
      const own = next();
      if (own > 0) yf.objLines.set(c, own);
      const kl = new Map<string, number>();
      for (const k of keys) {
        const line = next();
        if (line > 0) kl.set(k, line);
      }
      yf.keyLines.set(c, kl);
    });
    if (i !== lines.length) throw new Error(`line list of ${file} is too long`);
    return yf;
  }

  /** @internal used by parseYamlFile */
  build(node: Node | null | undefined, doc: Document, lc: LineCounter): unknown {
    if (!node) return null;
    const { isAlias, isMap, isPair, isScalar, isSeq } = yamlPackage();
    if (isAlias(node)) return this.build(node.resolve(doc) as Node, doc, lc);
    if (isScalar(node)) return node.value;
    const line = node.range ? lc.linePos(node.range[0]).line : 1;
    if (isSeq(node)) {
      const arr = node.items.map((it) => this.build(it as Node, doc, lc));
      this.objLines.set(arr, line);
      // Remember each item's line, keyed by index.
      const lines = new Map<string, number>();
      node.items.forEach((it, i) => {
        const n = it as Node;
        if (n?.range) lines.set(String(i), lc.linePos(n.range[0]).line);
      });
      this.keyLines.set(arr, lines);
      return arr;
    }
    if (isMap(node)) {
      const obj: YamlMap = {};
      const lines = new Map<string, number>();
      let first: number | undefined;
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const kn = pair.key as Node | null;
        const kl = kn?.range ? lc.linePos(kn.range[0]).line : line;
        first ??= kl;
        lines.set(k, kl);
        obj[k] = this.build(pair.value as Node, doc, lc);
      }
      this.objLines.set(obj, first ?? line);
      this.keyLines.set(obj, lines);
      return obj;
    }
    return null;
  }
}

/** Parses `text`; syntax errors go to `problems` with file and line, and the result's data is null. */
export function parseYamlFile(text: string, file: string, problems: Problems): YamlFile {
  const { LineCounter, parseDocument } = yamlPackage();
  const lc = new LineCounter();
  const yf = new YamlFile(file);
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
      const msg = e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
      problems.add("yaml-syntax", `YAML syntax error: ${msg}`, { file, line: pos.line, column: pos.col });
    }
    return yf;
  }
  yf.data = yf.build(doc.contents as Node, doc, lc);
  return yf;
}

/** Visits every mapping and sequence depth-first, parents first, with its keys (indexes as strings) in order. */
function walkContainers(v: unknown, visit: (c: object, keys: string[]) => void): void {
  if (v === null || typeof v !== "object") return;
  const keys = Array.isArray(v) ? v.map((_, i) => String(i)) : Object.keys(v);
  visit(v, keys);
  for (const k of keys) walkContainers((v as Record<string, unknown>)[k], visit);
}

export function isMapping(v: unknown): v is YamlMap {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
