// `{% docs name %}...{% enddocs %}` blocks from *.md files, for `{{ doc('name') }}`.
import type { SourceLoc } from "../core/errors.js";
import { didYouMean } from "../core/did-you-mean.js";
import type { Problems } from "./problems.js";

const BLOCK = /{%-?\s*docs\s+([A-Za-z_][\w]*)\s*-?%}([\s\S]*?){%-?\s*enddocs\s*-?%}/g;

export function parseDocsBlocks(text: string, file: string, into: Record<string, string>, seen: Map<string, string>, problems: Problems): void {
  for (const m of text.matchAll(BLOCK)) {
    const name = m[1]!;
    const line = text.slice(0, m.index).split("\n").length;
    const prev = seen.get(name);
    if (prev) {
      problems.add("duplicate-node", `docs block '${name}' is defined twice`, { file, line }, `first defined in ${prev}`);
      continue;
    }
    seen.set(name, `${file}:${line}`);
    into[name] = m[2]!.trim();
  }
}

const DOC_CALL = /\{\{\s*doc\(\s*['"]([^'"]+)['"]\s*\)\s*\}\}/g;

/** Descriptions may be `{{ doc('name') }}` (dbt renders them); anything else is kept as written. */
export function renderDescription(text: string | undefined, docs: Record<string, string>, loc: SourceLoc, problems: Problems): string | undefined {
  if (text === undefined || !text.includes("doc(")) return text;
  return text.replace(DOC_CALL, (whole, name: string) => {
    const d = docs[name];
    if (d !== undefined) return d;
    const near = didYouMean(name, Object.keys(docs));
    problems.add("unknown-doc", `doc('${name}') matches no {% docs %} block`, loc, near ? `did you mean doc('${near}')?` : "docs blocks are read from *.md files");
    return whole;
  });
}
