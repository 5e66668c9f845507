// All identifier and literal quoting goes through here, so no caller builds SQL with raw names.

/** "name" with embedded quotes doubled. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** "schema"."name" */
export function quoteRelation(rel: { schema: string; name: string }): string {
  return `${quoteIdent(rel.schema)}.${quoteIdent(rel.name)}`;
}

/** 'text' with embedded quotes doubled. */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
