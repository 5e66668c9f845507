import type { NodeId } from "../project/types.js";
import type { LazyAdapter } from "./warehouse-context.js";

/** What compile needs from outside the project files. */
export interface CompileEnv {
  env?: Record<string, string | undefined>;
  /** "schema.name" of relations that exist: is_incremental() is true for an incremental model that exists, unless fullRefresh. */
  existingRelations?: ReadonlySet<string>;
  fullRefresh?: boolean;
  /** Render only these nodes (plus the ephemeral models they inline); the result holds only them. */
  only?: ReadonlySet<NodeId>;
  /**
   * The warehouse for run_query, statement and adapter.* with execute true: opened the first time a
   * template asks (qe compile and qe ls open none otherwise). Without it such a template is an error.
   */
  warehouse?: LazyAdapter;
  /**
   * `qe build` / `qe run` compile every node before any is built: a node whose warehouse query fails
   * then (its parent is not built yet) is kept with compileDeferred set, and compiled when it runs.
   */
  deferWarehouseErrors?: boolean;
  /** dbt's flags.WHICH: the command (compile, run, build, test...). */
  which?: string;
  /** The clock for run_started_at and modules.datetime (default: the system clock). */
  now?: () => number;
}
