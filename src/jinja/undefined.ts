// Jinja2's default Undefined, as dbt's execute-time environment uses it: prints as nothing, is
// false, iterates as empty; reading an attribute of it, or calling it, is an error naming it.
export class Undefined {
  constructor(
    /** The name or expression that was not found, for messages. */
    readonly name: string,
    /** Why: "'x' is undefined" or "'dict object' has no attribute 'y'". */
    readonly reason: string = `'${name}' is undefined`,
  ) {}
  toString(): string {
    return "";
  }
  toJSON(): null {
    return null;
  }
}

/** Thrown (with the node's position added by the evaluator) when an Undefined is used in a way Jinja forbids. */
export class UndefinedUse extends Error {
  constructor(readonly undef: Undefined) {
    super(undef.reason);
  }
}
