// Ephemeral models are inlined as CTEs named __qe_ephemeral__<name>, prepended in dependency
// order. When the model's own SQL starts with WITH, the CTEs join its WITH list instead of
// nesting a second WITH (which would be a syntax error).

export interface Cte {
  name: string;
  sql: string;
}

export interface Inlined {
  sql: string;
  sourceLines: number[];
}

const LEADING = /^(\s*(?:--[^\n]*\n|\/\*[\s\S]*?\*\/|\s)*)with(\s+recursive)?\b/i;

/** Prepends `ctes` to `sql`; prefix lines map to source line 0 (unknown), the model's lines keep theirs. */
export function inlineCtes(sql: string, sourceLines: readonly number[], ctes: readonly Cte[]): Inlined {
  if (ctes.length === 0) return { sql, sourceLines: [...sourceLines] };
  const body = ctes.map((c) => `${c.name} as (\n${c.sql.trim()}\n)`).join(",\n");
  const m = LEADING.exec(sql);
  let text: string;
  if (m) {
    // Keep leading comments where they were; drop the model's WITH keyword and join the list.
    const before = m[1]!;
    const rest = sql.slice(m[0].length);
    text = `${before}with${m[2] ?? ""} ${body},\n${rest.replace(/^[ \t]*\n?/, "")}`;
    const prefixLines = `${before}with${m[2] ?? ""} ${body},\n`.split("\n").length - 1;
    const beforeLines = before.split("\n").length - 1;
    const restStart = (sql.slice(0, m[0].length).split("\n").length - 1) + (/^[ \t]*\n/.test(rest) ? 1 : 0);
    const lines: number[] = [
      ...sourceLines.slice(0, beforeLines),
      ...new Array<number>(prefixLines - beforeLines).fill(0),
      ...sourceLines.slice(restStart),
    ];
    return { sql: text, sourceLines: lines };
  }
  text = `with ${body}\n${sql}`;
  const prefix = `with ${body}\n`.split("\n").length - 1;
  return { sql: text, sourceLines: [...new Array<number>(prefix).fill(0), ...sourceLines] };
}
