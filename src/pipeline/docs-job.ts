// `qe docs generate` as a job: compile (tests included, as dbt's docs do), write manifest.json, and
// run the docs stage against the project's warehouse through its adapter.
import { buildManifest, writeManifest } from "../artifacts/index.js";
import { readCatalog, sqlParserOf } from "../adapters/catalog.js";
import { generateDocs, type DocsSummary } from "../docs/index.js";
import type { ManifestLike } from "../docs/site/site-data.js";
import type { GlobalOptions, PipelineContext } from "./context.js";
import { artifactMeta, openProject, withDataTests } from "./session.js";
import { withAdapter } from "./with-adapter.js";

/** Writes target/manifest.json, catalog.json, column_lineage.json and docs/index.html. */
export async function generateDocsJob(opts: GlobalOptions, ctx: PipelineContext): Promise<DocsSummary> {
  const project = openProject(opts, ctx);
  const meta = artifactMeta(ctx);
  return withAdapter(project, opts, ctx, async (s, wh) => {
    writeManifest(s.targetDir, project, s.nodes, meta);
    return generateDocs({
      project,
      nodes: s.nodes,
      manifest: buildManifest(s.targetDir, project, s.nodes, meta) as unknown as ManifestLike,
      warehouse: { engine: wh.type, catalog: () => readCatalog(wh), parse: sqlParserOf(wh) },
      targetDir: s.targetDir,
      generatedAt: meta.generatedAt,
    });
  }, withDataTests(ctx));
}
