import type { NodeId } from "../project/types.js";

/** What compile needs from outside the project files. */
export interface CompileEnv {
  env?: Record<string, string | undefined>;
  /** "schema.name" of relations that exist: is_incremental() is true for an incremental model that exists, unless fullRefresh. */
  existingRelations?: ReadonlySet<string>;
  fullRefresh?: boolean;
  /** Render only these nodes (plus the ephemeral models they inline); the result holds only them. */
  only?: ReadonlySet<NodeId>;
}
