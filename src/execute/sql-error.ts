// Turns a DuckDB error on a model's statement into a DatabaseError located in the SOURCE template.
import type { CompiledNode } from "../compile/types.js";
import { DatabaseError, type SourceLoc } from "../core/errors.js";
import type { Statement } from "./materialize.js";

/** Maps DuckDB's "LINE n:" or Spark's "(line n, position m)" (1-based within the statement) back to the template line via node.sourceLines. */
export function sourceLineOf(message: string, node: CompiledNode, stmt: Statement): number | undefined {
  if (stmt.modelLineOffset === undefined) return undefined;
  const m = /\bLINE (\d+):/.exec(message) ?? /\(line (\d+), position \d+\)/.exec(message);
  if (!m) return undefined;
  const compiledLine = Number(m[1]) - stmt.modelLineOffset;
  if (compiledLine < 1) return undefined;
  const src = node.sourceLines[compiledLine - 1];
  return src && src > 0 ? src : undefined;
}

/**
 * Wraps a failed statement: the message names the node (and the hook, if a hook failed) and keeps
 * DuckDB's text; loc points at the template line; the hint names the compiled SQL file.
 */
export function modelError(e: unknown, node: CompiledNode, stmt: Statement, compiledPath?: string): DatabaseError {
  const raw = (e as Error)?.message ?? String(e);
  const line = sourceLineOf(raw, node, stmt);
  const loc: SourceLoc = line ? { file: node.path, line } : { file: node.path };
  const what = stmt.role === "model" ? "" : ` (${stmt.role})`;
  const hint = stmt.role === "model" && compiledPath ? `compiled SQL: ${compiledPath}` : `statement: ${firstLine(stmt.sql)}`;
  const cause = e instanceof DatabaseError ? (e.cause ?? e) : e;
  return new DatabaseError(`${node.kind} ${node.name} failed${what}: ${raw}`, stmt.sql, node.id, loc, hint, { cause });
}

function firstLine(sql: string): string {
  const line = sql.trim().split("\n")[0] ?? "";
  return line.length > 100 ? line.slice(0, 97) + "..." : line;
}
