// Typed errors of the graph stage: a cycle, an edge to a node that does not exist, a bad selector.
import { QeError, type SourceLoc } from "../core/errors.js";

/** The project's refs form a cycle; the message prints it as `a -> b -> a` (data flows left to right). */
export class CycleError extends QeError {
  readonly code = "cycle";
  constructor(readonly cycle: readonly { id: string; name: string; path: string }[]) {
    const first = cycle[0];
    const steps = [...cycle, ...(first ? [first] : [])].map((n) => `${n.name} (${n.path})`);
    super(
      `dependency cycle: ${steps.join(" -> ")}`,
      first ? { file: first.path } : undefined,
      "each node in the cycle selects from the previous one; remove one of these ref()/source() calls",
    );
  }
}

/** A node depends on an id that is not in the graph (compile normally reports unknown refs first). */
export class UnknownDependencyError extends QeError {
  readonly code = "unknown-dependency";
  constructor(
    readonly from: string,
    readonly missing: string,
    loc: SourceLoc,
    hint?: string,
  ) {
    super(`${from} depends on ${missing}, which is not in the project`, loc, hint);
  }
}

/** A --select/--exclude expression we cannot parse, or a criterion that matches nothing. */
export class SelectorError extends QeError {
  readonly code = "selector";
  constructor(
    readonly selector: string,
    message: string,
    hint?: string,
  ) {
    super(message, undefined, hint);
  }
}
