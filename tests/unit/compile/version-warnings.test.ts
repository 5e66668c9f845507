// Model version warnings on dbt-core 1.11's conditions: a model past its deprecation_date, refs to a
// deprecated model or one about to be, and an unpinned ref while a newer (prerelease) version exists.
// Warnings only: compile still succeeds. The clock is fixed. `dbt compile` (1.11.16) on these same
// files warns on exactly these six: DeprecatedModel for old and cust.v1, DeprecatedReference for
// uses_old and uses_cust_v1 (with "Migrate now: ref(..., v='2')"), UpcomingReferenceDeprecation for
// uses_soon, and UnpinnedRefNewVersionAvailable (info level) for uses_dim; not pins_dim, uses_cust or soon.
import { describe, expect, it } from "vitest";
import { loadProject } from "../../../src/project/index.js";
import { compileProject } from "../../../src/compile/index.js";
import { deprecationMs } from "../../../src/compile/version-warnings.js";
import { tempProject } from "../project/temp-project.js";

const NOW = Date.parse("2025-06-01T00:00:00Z");

const FILES: Record<string, string> = {
  "models/_m.yml": `
models:
  - name: dim
    latest_version: 1
    versions:
      - v: 1
        defined_in: dim
      - v: 2
  - name: cust
    latest_version: 2
    versions:
      - v: 1
        deprecation_date: 2020-01-01
      - v: 2
  - name: old
    deprecation_date: 2021-03-04
  - name: soon
    deprecation_date: 2999-01-01
`,
  "models/dim.sql": "select 1 as id",
  "models/dim_v2.sql": "select 1 as id, 2 as extra",
  "models/cust_v1.sql": "select 1 as id",
  "models/cust_v2.sql": "select 1 as id",
  "models/old.sql": "select 1 as id",
  "models/soon.sql": "select 1 as id",
  "models/uses_dim.sql": "select * from {{ ref('dim') }}",
  "models/pins_dim.sql": "select * from {{ ref('dim', v=1) }}",
  "models/uses_cust_v1.sql": "select * from {{ ref('cust', v=1) }}",
  "models/uses_cust.sql": "select * from {{ ref('cust') }}",
  "models/uses_old.sql": "select * from {{ ref('old') }}",
  "models/uses_soon.sql": "select * from {{ ref('soon') }}",
};

async function notes(files: Record<string, string>): Promise<string[]> {
  const project = loadProject({ projectDir: tempProject(files), partialParse: false });
  const before = project.notes.length;
  const nodes = await compileProject(project, { now: () => NOW });
  expect(nodes.filter((n) => n.kind === "model")).toHaveLength(Object.keys(files).filter((f) => f.endsWith(".sql")).length);
  return project.notes.slice(before);
}

describe("model version and deprecation warnings", () => {
  it("warns for each condition dbt warns on, naming model and file, and nothing else", async () => {
    const got = await notes(FILES);
    expect(got.sort()).toEqual([
      "models/uses_dim.sql: ref('dim') resolves to dim.v1 (its latest_version); v2 exists but is not yet latest, and this ref will move to it when it is: pin ref('dim', v='1') to stay, or try ref('dim', v='2')",
      "warning: models/cust_v1.sql: model cust.v1 passed its deprecation date (2020-01-01); disable or remove it, and move what refs it to another model",
      "warning: models/old.sql: model old passed its deprecation date (2021-03-04); disable or remove it, and move what refs it to another model",
      "warning: models/uses_cust_v1.sql: model uses_cust_v1 refs cust.v1, which was deprecated on 2020-01-01; ref('cust', v='2') is the latest version",
      "warning: models/uses_old.sql: model uses_old refs old, which was deprecated on 2021-03-04",
      "warning: models/uses_soon.sql: model uses_soon refs soon, which is to be deprecated on 2999-01-01",
    ]);
  });

  it("says nothing once the prerelease is latest and no date is set", async () => {
    const files = { ...FILES, "models/_m.yml": FILES["models/_m.yml"]!.replace("latest_version: 1", "latest_version: 2").replace(/\n\s+deprecation_date: [0-9-]+/g, "") };
    expect(await notes(files)).toEqual([]);
  });

  it("reads a date as local midnight and a zoned time as written, as dbt's normalize_date does", () => {
    expect(deprecationMs("2024-01-02")).toBe(new Date(2024, 0, 2).getTime());
    expect(deprecationMs("2024-01-02T10:00:00Z")).toBe(Date.parse("2024-01-02T10:00:00Z"));
    expect(deprecationMs("not a date")).toBeUndefined();
  });
});
