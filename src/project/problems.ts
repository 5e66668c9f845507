// Loading collects every problem before failing, so one run reports every bad file.
import { ProjectError, ProjectErrors, type QeError, type SourceLoc } from "../core/errors.js";
import { didYouMean } from "../core/did-you-mean.js";

export class Problems {
  readonly list: QeError[] = [];

  add(code: string, message: string, loc?: SourceLoc, hint?: string, cause?: unknown): void {
    this.list.push(new ProjectError(code, message, loc, hint, cause === undefined ? undefined : { cause }));
  }

  push(e: QeError): void {
    this.list.push(e);
  }

  /** Unknown key with a did-you-mean hint drawn from the keys dbt (and we) accept there. */
  unknownKey(key: string, where: string, known: Iterable<string>, loc: SourceLoc, extraHint?: string): void {
    const near = didYouMean(key, known);
    this.add("unknown-key", `unknown key '${key}' in ${where}`, loc, near ? `did you mean '${near}'?` : extraHint);
  }

  /** Throws one ProjectErrors if anything was collected. */
  throwIfAny(): void {
    if (this.list.length > 0) throw new ProjectErrors(this.list);
  }
}
