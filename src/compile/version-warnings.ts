// Model version and deprecation warnings, on the conditions dbt-core 1.11 fires them (in qe's words,
// naming model and file). Warnings only: the project still compiles and runs.
//   - a model past its deprecation_date (dbt's DeprecatedModel)
//   - a model that refs a model past its deprecation_date (DeprecatedReference), or one with a
//     deprecation_date still to come (UpcomingReferenceDeprecation)
//   - an unpinned ref to a versioned model that has a version newer than latest_version
//     (UnpinnedRefNewVersionAvailable: info level in dbt, a note here too)
import type { CompiledNode } from "../core/node-types.js";
import type { ModelNode, NodeId, Project } from "../project/types.js";
import { compareVersions } from "../project/versions.js";

/**
 * `deprecation_date` as dbt reads it: a date is midnight, and a time without a zone is the
 * machine's local time (dbt's normalize_date). Returns epoch ms, or undefined when unreadable.
 */
export function deprecationMs(text: string): number | undefined {
  const t = text.trim();
  const local = /^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00` : t.replace(" ", "T");
  const ms = Date.parse(local);
  return Number.isNaN(ms) ? undefined : ms;
}

const shown = (m: ModelNode): string => (m.version !== undefined ? `${m.name}.v${m.version}` : m.name);

/** Warnings for deprecated models and the models that ref them, sorted by file. `nowMs`: the clock. */
export function deprecationWarnings(project: Project, nodes: readonly CompiledNode[], nowMs: number): string[] {
  const byId = new Map(project.models.map((m) => [m.id, m] as const));
  const compiled = new Map(nodes.map((n) => [n.id, n] as const));
  const out: string[] = [];
  for (const m of project.models) {
    if (!m.deprecationDate || !compiled.has(m.id)) continue;
    const at = deprecationMs(m.deprecationDate);
    if (at === undefined) continue;
    const past = at < nowMs;
    if (past) out.push(`warning: ${m.path}: model ${shown(m)} passed its deprecation date (${m.deprecationDate}); disable or remove it, and move what refs it to another model`);
    const newer = m.version !== undefined && m.latestVersion !== undefined && m.version !== m.latestVersion ? m.latestVersion : undefined;
    for (const child of nodes) {
      if (child.kind !== "model" || !child.dependsOn.includes(m.id)) continue;
      const c = byId.get(child.id as NodeId);
      const who = c ? shown(c) : child.name;
      const move = newer !== undefined ? `; ref('${m.name}', v='${newer}') is the latest version` : "";
      out.push(past
        ? `warning: ${child.path}: model ${who} refs ${shown(m)}, which was deprecated on ${m.deprecationDate}${move}`
        : `warning: ${child.path}: model ${who} refs ${shown(m)}, which is to be deprecated on ${m.deprecationDate}${move}`);
    }
  }
  return out.sort();
}

/**
 * The note for an unpinned ref('name') (prefix it with the file) when the versioned model has a
 * version newer than its latest_version (a prerelease); undefined otherwise.
 */
export function unpinnedRefNote(project: Project, name: string): string | undefined {
  const versions = project.models.filter((m) => m.name === name && m.version !== undefined);
  if (versions.length === 0) return undefined;
  const latest = versions[0]!.latestVersion;
  if (latest === undefined) return undefined;
  const max = versions.map((m) => m.version!).sort(compareVersions).at(-1)!;
  if (compareVersions(max, latest) <= 0) return undefined;
  return `ref('${name}') resolves to ${name}.v${latest} (its latest_version); v${max} exists but is not yet latest, and this ref will move to it when it is: pin ref('${name}', v='${latest}') to stay, or try ref('${name}', v='${max}')`;
}
