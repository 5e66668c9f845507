// Ephemeral models are inlined as CTEs named __dbt__cte__<name>, prepended in dependency order,
// with the text dbt-core's inject_ctes_into_sql writes: `with __dbt__cte__a as (\n<sql>\n)` before
// the model's first token, or, when the model starts with WITH, joined to its WITH list with ", "
// (sqlparse inserts them after the whitespace that follows WITH).

export interface Cte {
  name: string;
  sql: string;
}

export interface Inlined {
  sql: string;
  sourceLines: number[];
}

const LEADING_WITH = /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*with(?:\s+recursive)?\b/i;

/** Prepends `ctes` to `sql`; inserted lines map to source line 0 (unknown), the model's lines keep theirs. */
export function inlineCtes(sql: string, sourceLines: readonly number[], ctes: readonly Cte[]): Inlined {
  if (ctes.length === 0) return { sql, sourceLines: [...sourceLines] };
  // Each CTE's text starts with a space, as dbt's InjectedCTE.sql does.
  const joined = ctes.map((c) => ` ${c.name} as (\n${c.sql}\n)`).join(", ");
  const m = LEADING_WITH.exec(sql);
  // sqlparse's insert_after skips whitespace: after the model's WITH (or RECURSIVE) and the whitespace
  // that follows it go the CTEs and ", ". Else `with` and the CTEs go before the first token.
  const [at, inserted] = m
    ? [m[0].length + /^\s*/.exec(sql.slice(m[0].length))![0].length, `${joined}, `]
    : [sql.length - sql.trimStart().length, `with${joined} `];
  const before = sql.slice(0, at);
  const lineOfJunction = before.split("\n").length - 1;
  const added = inserted.split("\n").length - 1;
  return {
    sql: before + inserted + sql.slice(at),
    sourceLines: [...sourceLines.slice(0, lineOfJunction), ...new Array<number>(added).fill(0), ...sourceLines.slice(lineOfJunction)],
  };
}
