// Loading into an engine without an embedded bulk route (Spark): the load runs as usual into an
// in-memory DuckDB, each loaded table is written to a Parquet file in the adapter's staging folder,
// and the adapter builds its table from that file under a temporary name and swaps it in.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Adapter } from "../adapters/types.js";
import { openDuckDB } from "../adapters/open.js";
import { quoteRelation } from "../adapters/quote.js";
import type { Relation } from "../core/node-types.js";
import type { BulkAdapter } from "./copy-in-thread.js";
import { tmpOf } from "./swap.js";

export function hasBulk(wh: Adapter): wh is BulkAdapter {
  return wh.bulk !== undefined;
}

/**
 * Runs `load` against a fresh in-memory DuckDB, then moves each of `relations` that it created
 * into `wh` (a relation the load did not create is skipped: its error was already reported).
 * Returns the row count moved per relation (0 for skipped ones). Staged files are always removed.
 */
export async function loadViaParquet(wh: Adapter, relations: readonly Relation[], load: (staging: BulkAdapter) => Promise<void>): Promise<number[]> {
  const base = wh.stagingDir ?? tmpdir();
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, ".qe-parquet-"));
  const staging = await openDuckDB(":memory:");
  try {
    await load(staging);
    const counts: number[] = [];
    for (const [i, rel] of relations.entries()) {
      if (!(await staging.relationKind(rel))) {
        counts.push(0);
        continue;
      }
      const file = join(dir, `${i}.parquet`);
      counts.push(await staging.bulk.copyToParquet(`select * from ${quoteRelation(rel)}`, file));
      const tmp = tmpOf(rel);
      await wh.exec(wh.dialect.createSchema(rel.schema));
      await wh.loadParquet(tmp, [file]);
      await wh.swapIn(tmp, rel);
    }
    return counts;
  } finally {
    await staging.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
