// The warehouse for templates (run_query, statement, adapter.* in the dbt context), opened the
// first time one asks: `qe compile` and `qe ls` open none otherwise. Wraps an adapter already open
// (qe run/build) without taking ownership of it.
import type { Adapter, TemplateAdapter } from "./types.js";

export class LazyAdapter {
  private opened: Promise<Adapter> | undefined;
  constructor(private readonly open: () => Promise<Adapter>, private readonly owned: boolean) {}

  static over(adapter: Adapter): LazyAdapter {
    return new LazyAdapter(async () => adapter, false);
  }

  get(): Promise<TemplateAdapter> {
    this.opened ??= this.open();
    return this.opened;
  }

  /** True once a template asked for the warehouse. */
  get used(): boolean {
    return this.opened !== undefined;
  }

  /** Closes the adapter if this opened it. */
  async close(): Promise<void> {
    if (!this.opened || !this.owned) return;
    const a = await this.opened.catch(() => undefined);
    await a?.close();
  }
}
