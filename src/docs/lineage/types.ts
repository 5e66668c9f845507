// Column-level lineage: what each output column of a model is computed from, one hop up.
// Chains across models are followed by the reader (the site, column_lineage.json's consumers).

/** One upstream column: a model, seed or source id (or a bare relation name) and its column. */
export interface ColumnRef {
  node: string;
  column: string;
}

/**
 * The inputs of one output column. `traced` means every column the expression reads was found;
 * `untraceable` means at least one could not be followed (the reason says which), so `upstream`
 * is what was found and is not the whole story. Never guessed: a name that resolves nowhere is
 * reported, not attributed.
 */
export interface ColumnLineage {
  column: string;
  status: "traced" | "untraceable";
  /** Sorted by node, then column. Empty for a constant or count(*). */
  upstream: ColumnRef[];
  /** dbt vars whose value appears as a literal in the expression (recovered from the raw SQL). */
  vars: string[];
  /** True when the column is one upstream column passed through unchanged (perhaps renamed). */
  passthrough: boolean;
  reason?: string;
}

export interface ModelLineage {
  id: string;
  columns: ColumnLineage[];
  /** Why no column could be traced at all (parse failure, no catalog entry). */
  error?: string;
}

/** A relation the SQL reads, as the catalog knows it. */
export interface KnownRelation {
  node: string;
  /** Column names in warehouse order; undefined when the warehouse does not have the relation. */
  columns?: string[];
}

/** Finds the relation a table reference names; undefined for a relation outside the project. */
export type RelationResolver = (schema: string | undefined, name: string) => KnownRelation | undefined;

/** Recognises a literal that came from a var: returns the var's name for the literal at this byte offset. */
export type VarLookup = (byteOffset: number, value: unknown) => string | undefined;
