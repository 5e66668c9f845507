/** Where a problem is in a user's file; line and column are 1-based. */
export interface SourceLoc {
  file: string;
  line?: number;
  column?: number;
  lineText?: string;
}

/**
 * The root of every error we mean to show a user. `code` is stable and searchable;
 * the CLI maps any QeError to exit code 2 unless a subclass says otherwise.
 */
export abstract class QeError extends Error {
  abstract readonly code: string;
  /** Exit code the CLI uses when this error ends a command. */
  readonly exitCode: number = 2;
  constructor(
    message: string,
    readonly loc?: SourceLoc,
    readonly hint?: string,
    opts?: ErrorOptions,
  ) {
    super(message, opts);
    this.name = new.target.name;
  }
}

/** Bad command-line input: a flag out of range, an unreadable path. */
export class UsageError extends QeError {
  readonly code = "usage";
}

/** An error whose stable code is chosen where it is thrown (one class, many codes). */
export abstract class CodedError extends QeError {
  constructor(
    readonly code: string,
    message: string,
    loc?: SourceLoc,
    hint?: string,
    opts?: ErrorOptions,
  ) {
    super(message, loc, hint, opts);
  }
}

/** A problem in the project's own files (YAML, templates, config). */
export class ProjectError extends CodedError {}

/** Every problem found while loading or compiling, reported together, sorted by file and line. */
export class ProjectErrors extends QeError {
  readonly code = "project-errors";
  constructor(readonly errors: readonly QeError[]) {
    const sorted = [...errors].sort(compareByLoc);
    super(`${sorted.length} problem${sorted.length === 1 ? "" : "s"} found in the project`);
    this.errors = sorted;
  }
}

/** A statement DuckDB rejected; names the node and the compiled SQL path when known. */
export class DatabaseError extends QeError {
  readonly code = "database";
  constructor(
    message: string,
    readonly sql: string,
    readonly node?: string,
    loc?: SourceLoc,
    hint?: string,
    opts?: ErrorOptions,
  ) {
    super(message, loc, hint, opts);
  }
}

function compareByLoc(a: QeError, b: QeError): number {
  const fa = a.loc?.file ?? "";
  const fb = b.loc?.file ?? "";
  if (fa !== fb) return fa < fb ? -1 : 1;
  return (a.loc?.line ?? 0) - (b.loc?.line ?? 0) || (a.loc?.column ?? 0) - (b.loc?.column ?? 0);
}

/** One-line-per-part rendering used by plain reporters and tests. */
export function formatError(e: QeError): string {
  if (e instanceof ProjectErrors) return [e.message + ":", ...e.errors.map((x) => "  " + formatError(x))].join("\n");
  const where = e.loc ? `${e.loc.file}${e.loc.line ? `:${e.loc.line}` : ""}${e.loc.column ? `:${e.loc.column}` : ""}: ` : "";
  const hint = e.hint ? ` (${e.hint})` : "";
  return `${where}error[${e.code}]: ${e.message}${hint}`;
}
