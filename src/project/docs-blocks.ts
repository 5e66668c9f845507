// `{% docs name %}...{% enddocs %}` blocks from *.md files, for `{{ doc('name') }}`.
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
