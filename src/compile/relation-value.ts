// What `ref()`, `source()`, `this` and `api.Relation.create` return in templates: dbt's Relation.
// Renders as "schema"."name" (qe's compiled SQL names relations by schema and name); exposes
// dbt's attributes and the methods macros call (incorporate, include, render, quote).
import { quoteIdent, quoteRelation } from "../adapters/quote.js";
import { Kwargs } from "../jinja/index.js";

export type RelationKind = "table" | "view" | "cte" | "external" | null;

export class RelationValue {
  readonly identifier: string;
  constructor(
    readonly schema: string,
    readonly name: string,
    readonly database: string = "main",
    readonly type: RelationKind = null,
    /** Rendered text override: an inlined ephemeral model renders as its CTE name. */
    private readonly text?: string,
  ) {
    this.identifier = name;
  }
  get table(): string { return this.name; }
  get is_table(): boolean { return this.type === "table"; }
  get is_view(): boolean { return this.type === "view"; }
  get is_cte(): boolean { return this.type === "cte"; }
  render(): string { return this.toString(); }
  toString(): string {
    return this.text ?? quoteRelation({ schema: this.schema, name: this.name });
  }
  quote(): RelationValue { return this; }
  /** dbt's Relation.incorporate(path={...}, type=...): a copy with parts replaced. */
  incorporate(...args: unknown[]): RelationValue {
    const kw = args[args.length - 1] instanceof Kwargs ? (args[args.length - 1] as Kwargs).values : {};
    const path = (kw["path"] ?? {}) as Record<string, unknown>;
    return new RelationValue(
      String(path["schema"] ?? this.schema), String(path["identifier"] ?? this.name), String(path["database"] ?? this.database),
      (kw["type"] as RelationKind | undefined) ?? this.type,
    );
  }
  /** dbt's Relation.include(database=, schema=, identifier=): which parts render; qe renders schema.name either way. */
  include(): RelationValue { return this; }
  replace_path(...args: unknown[]): RelationValue { return this.incorporate(new Kwargs({ path: (args[args.length - 1] as Kwargs | undefined)?.values ?? {} })); }
  get quoted_identifier(): string { return quoteIdent(this.name); }
}

export function relationValue(schema: string, name: string, database = "main", type: RelationKind = null): RelationValue {
  return new RelationValue(schema, name, database, type);
}

/** An inlined ephemeral model renders as its CTE name. */
export function cteValue(cteName: string, schema: string, name: string): RelationValue {
  return new RelationValue(schema, name, "main", "cte", cteName);
}

export const ephemeralCteName = (model: string): string => `__qe_ephemeral__${model}`;
