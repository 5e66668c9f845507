// What `ref()`, `source()`, `this` and `api.Relation.create` return in templates: dbt's Relation.
// Renders as the target's adapter renders it (dbt-duckdb: "database"."schema"."identifier";
// dbt-spark: schema.identifier), through src/adapters/quote.ts; exposes dbt's attributes and the
// methods macros call (incorporate, include, quote, render).
import { DUCKDB_RELATION_POLICY, quoteIdent, renderRelation, type PathPolicy, type RelationPolicy } from "../adapters/quote.js";
import { Kwargs, PY_MAPPING, isDict } from "../jinja/index.js";

export type RelationKind = "table" | "view" | "cte" | "external" | "materialized_view" | null;

export interface RelationParts {
  database?: string | null;
  schema?: string | null;
  identifier: string;
  type?: RelationKind;
  policy?: RelationPolicy;
  /** What it renders as instead of its name: a microbatch input's event-time filtered subquery. */
  rendered?: string;
}

export class RelationValue {
  /** dbt's Relation is a Mapping (dbt_utils' _is_relation tests `obj is mapping`). */
  readonly [PY_MAPPING] = true;
  readonly database: string | null;
  private readonly rendered: string | undefined;
  readonly schema: string | null;
  readonly identifier: string;
  readonly type: RelationKind;
  readonly policy: RelationPolicy;

  constructor(parts: RelationParts) {
    this.database = parts.database ?? null;
    this.schema = parts.schema ?? null;
    this.identifier = parts.identifier;
    this.type = parts.type ?? null;
    this.policy = parts.policy ?? DUCKDB_RELATION_POLICY;
    this.rendered = parts.rendered;
  }
  get name(): string { return this.identifier; }
  get table(): string { return this.identifier; }
  get is_table(): boolean { return this.type === "table"; }
  get is_view(): boolean { return this.type === "view"; }
  get is_cte(): boolean { return this.type === "cte"; }
  get is_materialized_view(): boolean { return this.type === "materialized_view"; }
  get quoted_identifier(): string { return quoteIdent(this.identifier); }
  get path(): Record<string, string | null> { return { database: this.database, schema: this.schema, identifier: this.identifier }; }
  get include_policy(): PathPolicy { return this.policy.include; }
  get quote_policy(): PathPolicy { return this.policy.quote; }
  render(): string { return this.toString(); }
  /** Mapping access, as on dbt's Relation (its to_dict): `metadata.type` names the adapter's Relation class. */
  get(key: unknown, dflt: unknown = null): unknown {
    const d: Record<string, unknown> = {
      path: this.path, type: this.type, include_policy: { ...this.policy.include }, quote_policy: { ...this.policy.quote },
      quote_character: '"', metadata: { type: this.policy.relationClass },
    };
    return Object.prototype.hasOwnProperty.call(d, String(key)) ? d[String(key)] : dflt;
  }
  toString(): string {
    if (this.rendered !== undefined) return this.rendered;
    return renderRelation({ database: this.database, schema: this.schema, name: this.identifier }, this.policy);
  }

  /** A copy that renders as `text` in place of its name (a microbatch input's event-time filtered subquery). */
  renderedAs(text: string): RelationValue {
    return this.with({ rendered: text });
  }

  private with(parts: Partial<RelationParts>): RelationValue {
    return new RelationValue({ database: this.database, schema: this.schema, identifier: this.identifier, type: this.type, policy: this.policy, ...parts });
  }

  /** dbt's Relation.incorporate(path={...}, type=...): a copy with parts replaced. */
  incorporate(...args: unknown[]): RelationValue {
    const kw = kwargsOf(args);
    const path = (isDict(kw["path"]) ? kw["path"] : {}) as Record<string, unknown>;
    const part = (k: string, v: string | null) => (k in path ? (path[k] === null ? null : String(path[k])) : v);
    return this.with({
      database: part("database", this.database), schema: part("schema", this.schema), identifier: String(part("identifier", this.identifier)),
      type: "type" in kw ? (kw["type"] as RelationKind) : this.type,
    });
  }
  /** dbt's Relation.include(database=, schema=, identifier=): which parts render. */
  include(...args: unknown[]): RelationValue {
    return this.with({ policy: { ...this.policy, include: policyWith(this.policy.include, kwargsOf(args)) } });
  }
  /** dbt's Relation.quote(database=, schema=, identifier=): which parts are quoted. */
  quote(...args: unknown[]): RelationValue {
    return this.with({ policy: { ...this.policy, quote: policyWith(this.policy.quote, kwargsOf(args)) } });
  }
  replace_path(...args: unknown[]): RelationValue {
    return this.incorporate(new Kwargs({ path: kwargsOf(args) }));
  }
  /** dbt's Relation.without_identifier(): schema-level relation (database.schema). */
  without_identifier(): RelationValue {
    return this.with({ policy: { ...this.policy, include: { ...this.policy.include, identifier: false } } });
  }
}

function kwargsOf(args: unknown[]): Record<string, unknown> {
  const last = args[args.length - 1];
  return last instanceof Kwargs ? last.values : {};
}

function policyWith(p: PathPolicy, kw: Record<string, unknown>): PathPolicy {
  const pick = (k: keyof PathPolicy) => (kw[k] === undefined || kw[k] === null ? p[k] : Boolean(kw[k]));
  return { database: pick("database"), schema: pick("schema"), identifier: pick("identifier") };
}

/** A relation of the target's adapter. */
export function relationValue(schema: string, name: string, database: string | null, type: RelationKind = null, policy?: RelationPolicy): RelationValue {
  return new RelationValue({ database, schema, identifier: name, type, policy });
}

/** An inlined ephemeral model: dbt's create_ephemeral_from, the bare unquoted CTE name (`__dbt__cte__<name>`). */
export function cteValue(model: string, policy: RelationPolicy = DUCKDB_RELATION_POLICY): RelationValue {
  return new RelationValue({ identifier: ephemeralCteName(model), type: "cte", policy: { ...policy, quote: { ...policy.quote, identifier: false } } });
}

export const ephemeralCteName = (model: string): string => `__dbt__cte__${model}`;
