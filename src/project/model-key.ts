// A model's key among models: its name, or "<name>.v<version>" for one version of a versioned model
// (several nodes share a versioned model's name; ref('m', v=2) resolves to the key "m.v2").
import type { ModelNode } from "./types.js";

export function modelKey(m: Pick<ModelNode, "name" | "version">): string {
  return m.version === undefined ? m.name : `${m.name}.v${m.version}`;
}
