// What run_query and load_result(...).table give templates: dbt's agate.Table, as far as macros
// read it: `table.rows[0][0]`, `row['name']`, `table.columns[0].values()`, `table.columns['c']`,
// `table.column_names`, iteration over rows, `| length`.
import type { QueryTable } from "../adapters/types.js";
import { tuple } from "../jinja/index.js";

export class AgateRow {
  constructor(private readonly names: readonly string[], private readonly cells: readonly unknown[]) {
    names.forEach((n, i) => { (this as unknown as Record<string, unknown>)[n] = cells[i]; });
  }
  __getitem__(k: unknown): unknown {
    return typeof k === "number" ? this.cells[k < 0 ? this.cells.length + k : k] : this.cells[this.names.indexOf(String(k))];
  }
  get length(): number { return this.cells.length; }
  [Symbol.iterator](): Iterator<unknown> { return this.cells[Symbol.iterator](); }
  values(): unknown[] { return [...this.cells]; }
  keys(): string[] { return [...this.names]; }
  items(): unknown[][] { return this.names.map((n, i) => tuple([n, this.cells[i]])); }
  dict(): Record<string, unknown> { return Object.fromEntries(this.names.map((n, i) => [n, this.cells[i]])); }
}

export class AgateColumn {
  constructor(readonly name: string, readonly data_type: string, private readonly data: readonly unknown[]) {}
  values(): unknown[] { return [...this.data]; }
  values_distinct(): unknown[] { return [...new Set(this.data)]; }
  values_without_nulls(): unknown[] { return this.data.filter((v) => v !== null && v !== undefined); }
}

class Indexed<T> {
  constructor(private readonly items: readonly T[], private readonly names: readonly string[]) {}
  __getitem__(k: unknown): T | undefined {
    return typeof k === "number" ? this.items[k < 0 ? this.items.length + k : k] : this.items[this.names.indexOf(String(k))];
  }
  get length(): number { return this.items.length; }
  [Symbol.iterator](): Iterator<T> { return this.items[Symbol.iterator](); }
  keys(): string[] { return [...this.names]; }
  values(): T[] { return [...this.items]; }
}

export class AgateTable {
  readonly rows: Indexed<AgateRow>;
  readonly columns: Indexed<AgateColumn>;
  readonly column_names: string[];
  readonly column_types: string[];
  constructor(t: QueryTable) {
    this.column_names = [...t.columnNames];
    this.column_types = [...t.columnTypes];
    const rows = t.rows.map((r) => new AgateRow(t.columnNames, r));
    this.rows = new Indexed(rows, []);
    this.columns = new Indexed(t.columnNames.map((n, i) => new AgateColumn(n, t.columnTypes[i] ?? "", t.rows.map((r) => r[i]))), t.columnNames);
  }
  get length(): number { return this.rows.length; }
  [Symbol.iterator](): Iterator<AgateRow> { return this.rows[Symbol.iterator](); }
  print_table(): string { return ""; }
  __getitem__(k: unknown): AgateRow | undefined { return this.rows.__getitem__(k); }
}
