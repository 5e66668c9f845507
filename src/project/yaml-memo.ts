// Partial parsing per file: properties YAML (most of a big project's parse time) whose text has not
// changed since the last load is restored from the parse cache instead of parsed again; only the
// files that changed are parsed. Everything after the YAML (checks, merging with models, configs)
// runs as before, so the loaded Project is the same as a full parse's.
import { createHash } from "node:crypto";
import type { Problems } from "./problems.js";
import { parseYamlFile, YamlFile } from "./yaml-file.js";
import { parseLossless, stringifyLossless } from "./lossless-json.js";

/** One parsed YAML file as the cache stores it. */
export interface YamlMemoEntry {
  /** sha256 of the file's text. */
  hash: string;
  /** The parsed data, as lossless JSON. */
  data: string;
  /** YamlFile.lineList() of that data. */
  lines: number[];
}

export class YamlMemo {
  /** The entries this load used or made: what the next cache should hold. */
  readonly entries = new Map<string, YamlMemoEntry>();
  /** Files parsed (not restored) by this load. */
  readonly parsed: string[] = [];

  /** `remember: false` (no cache to write) skips serialising what was parsed. */
  constructor(
    private readonly previous: ReadonlyMap<string, YamlMemoEntry> = new Map(),
    private readonly remember = true,
  ) {}

  /** parseYamlFile, or the earlier result when `text` is unchanged. */
  parse(text: string, file: string, problems: Problems): YamlFile {
    const hash = createHash("sha256").update(text).digest("hex");
    const prev = this.previous.get(file);
    if (prev?.hash === hash) {
      try {
        const yf = YamlFile.restore(file, parseLossless(prev.data), prev.lines);
        this.entries.set(file, prev);
        return yf;
      } catch {
        // A damaged entry: parse the text instead.
      }
    }
    this.parsed.push(file);
    const before = problems.list.length;
    const yf = parseYamlFile(text, file, problems);
    if (this.remember && problems.list.length === before) {
      try {
        this.entries.set(file, { hash, data: stringifyLossless(yf.data), lines: yf.lineList() });
      } catch {
        // Data the cache cannot hold exactly: this file is parsed every time.
      }
    }
    return yf;
  }
}

/** The entries of a cache file's `yaml` field, skipping any that are malformed. */
export function memoEntries(raw: unknown): Map<string, YamlMemoEntry> {
  const out = new Map<string, YamlMemoEntry>();
  if (raw === null || typeof raw !== "object") return out;
  for (const [file, e] of Object.entries(raw as Record<string, unknown>)) {
    const x = e as Partial<YamlMemoEntry> | null;
    if (x && typeof x.hash === "string" && typeof x.data === "string" && Array.isArray(x.lines)) out.set(file, x as YamlMemoEntry);
  }
  return out;
}
