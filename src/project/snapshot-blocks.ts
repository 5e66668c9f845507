// Legacy snapshots: `{% snapshot name %} select ... {% endsnapshot %}` blocks in snapshot-paths
// .sql files. The body is kept as written and later rendered like a model (its `config()` calls
// give the snapshot's config).
import type { Problems } from "./problems.js";
import { findBlocks } from "./jinja-blocks.js";

export interface SnapshotBlock {
  name: string;
  /** The template text between the tags. */
  body: string;
  /** 1-based line of the body's first character in the file. */
  line: number;
}

export function findSnapshotBlocks(text: string, file: string, problems: Problems): SnapshotBlock[] {
  return findBlocks(text, file, "snapshot", problems).map((b) => ({ name: b.name, body: b.body, line: b.bodyLine }));
}
