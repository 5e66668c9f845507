// Typed errors of the load stage: each names the file (and line or table) and what to do.
import { QeError, type SourceLoc } from "../core/errors.js";

/** A SQLite source file or table is missing or unreadable, or a value does not fit its declared type. */
export class SourceLoadError extends QeError {
  readonly code = "source-load";
  constructor(message: string, loc: SourceLoc | undefined, hint?: string, opts?: ErrorOptions) {
    super(message, loc, hint, opts);
  }
}

/** A seed CSV is malformed, or a value does not convert to its column_types entry. */
export class SeedError extends QeError {
  readonly code = "seed";
  constructor(message: string, loc: SourceLoc, hint?: string, opts?: ErrorOptions) {
    super(message, loc, hint, opts);
  }
}
