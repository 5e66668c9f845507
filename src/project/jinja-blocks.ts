// Named Jinja blocks (`{% snapshot name %}...{% endsnapshot %}`, `{% macro name(...) %}...{% endmacro %}`)
// found with nunjucks' own lexer (its exported `lexer.lex`), so tags inside comments, strings and
// raw blocks are read exactly as Jinja reads them. Text is sliced, never rewritten.
import nunjucks from "nunjucks";
import type { Problems } from "./problems.js";

export interface JinjaBlock {
  name: string;
  /** The template text between the opening and closing tags. */
  body: string;
  /** The whole block, tags included (dbt's macro_sql). */
  text: string;
  /** 1-based line of the opening tag, and of the body's first character. */
  line: number;
  bodyLine: number;
}

interface Token { type: string; value: string; lineno: number; colno: number }

/** Every `tag` block in `text`; a block without a name or left open is a problem at its line. */
export function findBlocks(text: string, file: string, tag: string, problems: Problems): JinjaBlock[] {
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
  const out: JinjaBlock[] = [];
  let open: { name: string; start: number; bodyStart: number; line: number; bodyLine: number } | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== "block-start") continue;
    const kw = tokens[i + 1];
    if (kw?.type !== "symbol") continue;
    if (kw.value === tag) {
      const name = tokens[i + 2];
      const end = tokens.slice(i + 2).find((x) => x.type === "block-end");
      if (name?.type !== "symbol" || !end) {
        problems.add(`invalid-${tag}`, `a {% ${tag} %} block needs a name: {% ${tag} my_${tag}${tag === "macro" ? "()" : ""} %}`, { file, line: t.lineno + 1 });
        continue;
      }
      if (open) problems.add(`invalid-${tag}`, `${tag} '${name.value}' starts inside ${tag} '${open.name}'`, { file, line: t.lineno + 1 }, `close the first with {% end${tag} %}`);
      const bodyStart = offset(end) + end.value.length;
      open = { name: name.value, start: offset(t), bodyStart, line: t.lineno + 1, bodyLine: text.slice(0, bodyStart).split("\n").length };
    } else if (kw.value === `end${tag}` && open) {
      const close = tokens.slice(i + 1).find((x) => x.type === "block-end");
      const stop = close ? offset(close) + close.value.length : offset(t);
      out.push({ name: open.name, body: text.slice(open.bodyStart, offset(t)), text: text.slice(open.start, stop), line: open.line, bodyLine: open.bodyLine });
      open = undefined;
    }
  }
  if (open) problems.add(`invalid-${tag}`, `${tag} '${open.name}' has no {% end${tag} %}`, { file, line: open.bodyLine }, `end the block with {% end${tag} %}`);
  return out;
}
