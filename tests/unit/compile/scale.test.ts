// A generated project of 1,000 models with realistic ref fan-in compiles correctly (the bench
// times it; here we only check the result).
import { describe, expect, it } from "vitest";
import { loadProject } from "../../../src/project/index.js";
import { compileProject } from "../../../src/compile/index.js";
import { tempProject } from "../project/temp-project.js";

describe("1,000-model project", () => {
  it("compiles every model with its refs", async () => {
    const files: Record<string, string> = {
      "dbt_project.yml": "name: big\nvars:\n  cutoff: 10\nmodels:\n  big:\n    layer_0:\n      +materialized: table\n",
      "macros/m.sql": "{% macro scaled(c, k=2) %}{{ c }} * {{ k }}{% endmacro %}",
    };
    for (let i = 0; i < 1000; i++) {
      const layer = Math.floor(i / 100);
      const parents = layer === 0 ? [] : [0, 1, 2, 3].map((k) => (layer - 1) * 100 + ((i * 7 + k * 13) % 100));
      const from = parents.length === 0 ? "(select 1 as id, 2 as v)" : `{{ ref('m${parents[0]}') }} as p0`;
      const joins = parents.slice(1).map((p, k) => `join {{ ref('m${p}') }} as p${k + 1} using (id)`).join("\n");
      files[`models/layer_${layer}/m${i}.sql`] = [
        "{% set cols = ['id', 'v'] %}",
        `select {% for c in cols %}p0.{{ c }}{% if not loop.last %}, {% endif %}{% endfor %}, {{ scaled('p0.v') }} as v2`,
        `from ${from}`, joins, "where p0.v < {{ var('cutoff') }}",
      ].join("\n").replaceAll("p0.", parents.length === 0 ? "" : "p0.").replace(" as p0", parents.length === 0 ? " as t" : " as p0");
    }
    const nodes = await compileProject(loadProject({ projectDir: tempProject(files) }), {});
    expect(nodes).toHaveLength(1000);
    const m512 = nodes.find((n) => n.name === "m512")!;
    expect(m512.dependsOn).toHaveLength(4);
    expect(m512.sql).toMatch(/^\nselect p0\.id, p0\.v, p0\.v \* 2 as v2\nfrom "qe"\."main"\."m4\d\d" as p0\njoin "qe"\."main"\."m4\d\d"/);
    expect(nodes.find((n) => n.name === "m5")!.config.materialized).toBe("table");
    expect(nodes.every((n) => !n.sql.includes("{{"))).toBe(true);
  });
});
