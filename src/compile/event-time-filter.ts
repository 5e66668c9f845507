// A microbatch model's inputs, as dbt-core renders them for one batch: a ref() or source() whose
// node declares `event_time` reads only the batch's rows, through a filtering subquery.
import type { BatchWindow } from "../core/node-types.js";
import { sqlTimestamp } from "../core/wall-time.js";
import { PyDatetime } from "./python-modules.js";
import type { RelationValue } from "./relation-value.js";

/**
 * dbt's BaseRelation.render_event_time_filtered: `(select * from <rel> where <field> >= '<start>' and
 * <field> < '<end>')`, with no alias (dbt-duckdb's relations do not require one).
 */
export function eventTimeFiltered(rel: RelationValue, field: string, batch: BatchWindow): RelationValue {
  const where = `${field} >= '${sqlTimestamp(batch.startMs)}' and ${field} < '${sqlTimestamp(batch.endMs)}'`;
  return rel.renderedAs(`(select * from ${rel.toString()} where ${where})`);
}

/** A UTC datetime as dbt's batch context holds it: prints with its +00:00 offset. */
class UtcDatetime extends PyDatetime {
  override toString(): string { return `${super.toString()}+00:00`; }
  override isoformat(): string { return `${super.isoformat()}+00:00`; }
}

/** `model.batch` during a batch's render: id, event_time_start, event_time_end. */
export function batchContext(batch: BatchWindow): Record<string, unknown> {
  return { id: batch.id, event_time_start: new UtcDatetime(batch.startMs), event_time_end: new UtcDatetime(batch.endMs) };
}
