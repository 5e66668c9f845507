// Legacy snapshots: `{% snapshot name %} select ... {% endsnapshot %}` blocks in snapshot-paths
// .sql files. The blocks are found with nunjucks' own lexer (its exported `lexer.lex`), so tags in
// strings, comments and raw blocks are read as Jinja reads them; the body is kept as written and
// later rendered like a model (its `config()` calls give the snapshot's config).
import nunjucks from "nunjucks";
import type { Problems } from "./problems.js";

export interface SnapshotBlock {
  name: string;
  /** The template text between the tags. */
  body: string;
  /** 1-based line of the body's first character in the file. */
  line: number;
}

interface Token { type: string; value: string; lineno: number; colno: number }

/** Every snapshot block in `text`; a block left open or without a name is a problem at its line. */
export function findSnapshotBlocks(text: string, file: string, problems: Problems): SnapshotBlock[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const offset = (t: Token) => lineStarts[t.lineno]! + t.colno;
  const tokens: Token[] = [];
  try {
    // nunjucks exports its lexer at run time; @types/nunjucks does not declare it.
    const lexer = (nunjucks as unknown as { lexer: { lex(src: string, opts: object): { nextToken(): Token | null } } }).lexer.lex(text, {});
    for (let t = lexer.nextToken(); t; t = lexer.nextToken()) if (t.type !== "whitespace") tokens.push(t);
  } catch (e) {
    problems.add("template-syntax", `cannot read ${file}: ${(e as Error).message}`, { file, line: 1 });
    return [];
  }
  const out: SnapshotBlock[] = [];
  let open: { name: string; bodyStart: number; line: number } | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== "block-start") continue;
    const tag = tokens[i + 1];
    if (tag?.type !== "symbol") continue;
    if (tag.value === "snapshot") {
      const name = tokens[i + 2];
      const end = tokens.slice(i + 2).find((x) => x.type === "block-end");
      if (name?.type !== "symbol" || !end) {
        problems.add("invalid-snapshot", "a {% snapshot %} block needs a name: {% snapshot my_snapshot %}", { file, line: t.lineno + 1 });
        continue;
      }
      if (open) problems.add("invalid-snapshot", `snapshot '${name.value}' starts inside snapshot '${open.name}'`, { file, line: t.lineno + 1 }, "close the first with {% endsnapshot %}");
      const bodyStart = offset(end) + end.value.length;
      open = { name: name.value, bodyStart, line: text.slice(0, bodyStart).split("\n").length };
    } else if (tag.value === "endsnapshot" && open) {
      out.push({ name: open.name, body: text.slice(open.bodyStart, offset(t)), line: open.line });
      open = undefined;
    }
  }
  if (open) problems.add("invalid-snapshot", `snapshot '${open.name}' has no {% endsnapshot %}`, { file, line: open.line }, "end the block with {% endsnapshot %}");
  return out;
}
