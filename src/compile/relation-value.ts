// What `ref()`, `source()` and `this` return in templates: renders as "schema"."name", and
// exposes dbt's relation attributes for `{{ this.schema }}` and friends.
import { quoteRelation } from "../adapters/quote.js";

export interface RelationValue {
  schema: string;
  name: string;
  identifier: string;
  database: string;
  toString(): string;
}

export function relationValue(schema: string, name: string, database = "main"): RelationValue {
  const text = quoteRelation({ schema, name });
  return {
    schema, name, identifier: name, database,
    toString: () => text,
  };
}

/** An inlined ephemeral model renders as its CTE name. */
export function cteValue(cteName: string, schema: string, name: string): RelationValue {
  return { schema, name, identifier: name, database: "main", toString: () => cteName };
}

export const ephemeralCteName = (model: string): string => `__qe_ephemeral__${model}`;
