// The docs page's selector (plain JS in the page) must pick the same DAG nodes as the CLI's
// --select (src/graph) on the real QE project, for every form the page accepts.
import { describe, expect, it } from "vitest";
import { buildManifest } from "../../../src/artifacts/index.js";
import { compileProject } from "../../../src/compile/index.js";
import { buildSiteData, type ManifestLike, type SiteNode } from "../../../src/docs/site/site-data.js";
import { SELECTOR_JS } from "../../../src/docs/site/page-selector.js";
import { buildGraph, selectNodes } from "../../../src/graph/index.js";
import { loadProject } from "../../../src/project/index.js";
import { REPO_ROOT } from "../../helpers/qe-e2e.js";

const project = loadProject({ projectDir: REPO_ROOT, env: {}, partialParse: false });
const nodes = compileProject(project, { env: {}, existingRelations: new Set(), fullRefresh: false });
const graph = buildGraph(nodes);
const manifest = buildManifest(`${REPO_ROOT}/target`, project, nodes) as unknown as ManifestLike;
const site = buildSiteData({ project, manifest, catalog: [], lineage: [], generatedAt: "2026-01-01T00:00:00Z" });
const DAG = site.nodes.filter((n) => ["model", "seed", "source", "snapshot"].includes(n.rt));
const qeSelect = new Function(`${SELECTOR_JS}\nreturn qeSelect;`)() as (nodes: SiteNode[], text: string) => Set<string>;

const DAG_KINDS = new Set(["model", "seed", "source"]);
const cli = (sel: string) => selectNodes(graph, [sel], []).filter((id) => DAG_KINDS.has(graph.nodes.get(id)!.kind)).sort();
const page = (sel: string) => [...qeSelect(DAG, sel)].sort();

describe("the page's selector agrees with --select", () => {
  it.each([
    "+kpi_pass_rate", "kpi_pass_rate+", "1+kpi_pass_rate", "2+at_risk_modules+1", "@stg_grades", "tag:marts", "tag:staging tag:reference",
    "tag:features,+kpi_pass_rate", "stg_*", "staging", "qe_analytics.marts.*", "marts.kpi_*", "path:models/staging", "models/features",
    "file:kpi_pass_rate.sql", "config.materialized:view", "config.materialized:table,+engagement_index", "resource_type:seed",
    "source:qe", "source:qe.grades+", "source:qe.gra*+1", "turnaround_bins+",
  ])("%s", (sel) => {
    const want = cli(sel);
    expect(want.length).toBeGreaterThan(0);
    expect(page(sel)).toEqual(want);
  });

  it("selects every DAG node for an empty selector and rejects what the CLI rejects", () => {
    expect(page("").length).toBe(DAG.length);
    expect(DAG.length).toBe(nodes.filter((n) => DAG_KINDS.has(n.kind)).length);
    expect(() => cli("kpi_pass_rat")).toThrow(/matches no node/);
    expect(() => page("kpi_pass_rat")).toThrow(/matches no node/);
    expect(() => page("tagg:marts")).toThrow(/unknown selector method 'tagg'/);
    expect(() => page("@2+x")).toThrow(/cannot parse/);
  });
});
