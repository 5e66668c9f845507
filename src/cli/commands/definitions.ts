// What `qe --help` needs to know about each command, without importing what the command runs:
// DuckDB, sharp and vega load only when a command that uses them starts (keeps `qe --help` fast).
import type { Argv } from "yargs";
import type { Command } from "./command.js";
import { eventTimeOptions, projectOptions, runOptions, selectionOptions } from "./options.js";

const GENERATE_DEFAULTS_TEXT = { students: 10_000, seed: 42, years: 4, out: "data/qe.db" };

export const BUILDERS = {
  main: (y: Argv) =>
    runOptions(selectionOptions(projectOptions(y)))
      .option("students", { type: "number", describe: "students to generate when data/qe.db is missing" })
      .option("seed", { type: "string", describe: "generator seed when data/qe.db is missing" })
      .option("years", { type: "number", describe: "academic years to generate when data/qe.db is missing" })
      .option("export", { type: "boolean", default: true, describe: "write exports after the tests pass (--no-export skips)" })
      .option("scale", { type: "number", choices: [1, 2], default: 2, describe: "PNG chart pixel scale (2 for slides, 1 for small files)" })
      .option("publication", { type: "boolean", describe: "HESA rounding and suppression on charts and dashboard (default: var publication_mode, true)" })
      .option("store-failures", { type: "boolean", default: false, describe: "keep failing rows in schema dbt_test__audit" }),
  generate: (y: Argv) =>
    y
      .option("project-dir", { type: "string", default: ".", describe: "folder holding dbt_project.yml (vars generate_*)" })
      .option("students", { type: "string", describe: `number of students (default ${GENERATE_DEFAULTS_TEXT.students})` })
      .option("seed", { type: "string", describe: `random seed; same seed, same data (default ${GENERATE_DEFAULTS_TEXT.seed})` })
      .option("years", { type: "string", describe: `academic years covered, ending 2024/25 (default ${GENERATE_DEFAULTS_TEXT.years})` })
      .option("out", { type: "string", describe: `SQLite file to write, relative to --project-dir (default ${GENERATE_DEFAULTS_TEXT.out})` })
      .option("workers", { type: "string", describe: "threads writing the file; same data for any number (default: up to one per core, 1 below 5,000 students)" })
      .option("log-format", { choices: ["text", "json"] as const, default: "text" as const }),
  seed: (y: Argv) => runOptions(selectionOptions(projectOptions(y))),
  run: (y: Argv) =>
    eventTimeOptions(runOptions(selectionOptions(projectOptions(y)))).option("reload-sources", {
      type: "boolean",
      default: false,
      describe: "reload raw sources from SQLite even when already loaded",
    }),
  test: (y: Argv) =>
    selectionOptions(projectOptions(y))
      .option("store-failures", { type: "boolean", default: false, describe: "keep each failing test's rows in schema dbt_test__audit" })
      .option("junit", { type: "string", describe: "write a JUnit XML report here (e.g. target/junit.xml)" })
      .option("fail-fast", { alias: "x", type: "boolean", default: false, describe: "stop at the first failing test" }),
  build: (y: Argv) =>
    eventTimeOptions(runOptions(selectionOptions(projectOptions(y))))
      .option("store-failures", { type: "boolean", default: false, describe: "keep failing rows in schema dbt_test__audit" })
      .option("reload-sources", { type: "boolean", default: false, describe: "reload raw sources from SQLite even when loaded" }),
  compile: (y: Argv) => selectionOptions(projectOptions(y)),
  source: (y: Argv) =>
    selectionOptions(projectOptions(y)).positional("action", { choices: ["freshness"] as const, describe: "what to do with sources" }),
  snapshot: (y: Argv) => runOptions(selectionOptions(projectOptions(y))),
  ls: (y: Argv) =>
    selectionOptions(projectOptions(y))
      .option("output", { alias: "o", choices: ["name", "path", "json", "selector"] as const, default: "selector" as const })
      .option("resource-type", { type: "string", array: true, describe: "model, seed, source, test" }),
  deps: (y: Argv) => y.option("project-dir", { type: "string", default: ".", describe: "folder holding dbt_project.yml" }),
  export: (y: Argv) =>
    projectOptions(y)
      .option("scale", { type: "number", default: 2, describe: "PNG scale factor: 2 (default, for slides) or 1" })
      .option("publication", { type: "boolean", describe: "HESA rounding and suppression on charts and dashboard (default: var publication_mode, true); data files stay exact" })
      .option("charts", { type: "boolean", default: true, describe: "render charts to SVG and PNG (--no-charts to skip)" })
      .option("chart-workers", { type: "number", describe: "worker threads rendering charts (default: one per core, at most 4; 0: none)" })
      .option("dashboard", { type: "boolean", default: true, describe: "write dashboard.html (--no-dashboard to skip)" })
      .option("export-dir", { type: "string", default: "exports", describe: "output folder, relative to the project dir" }),
  docs: (y: Argv) =>
    projectOptions(y)
      .positional("action", { choices: ["generate", "serve"] as const, describe: "generate: target/catalog.json, column_lineage.json and docs/index.html; serve: the site on 127.0.0.1" })
      .option("port", { type: "number", default: 8080, describe: "serve: port on 127.0.0.1" }),
} satisfies Record<string, (y: Argv) => Argv>;

type Name = keyof typeof BUILDERS;

const lazy = (name: Name, describe: string, load: () => Promise<Command>, usage?: string): Command => ({
  name,
  ...(usage ? { usage } : {}),
  describe,
  builder: BUILDERS[name],
  run: async (args, ctx) => (await load()).run(args, ctx),
});

/** Every command `qe` knows; `main` is what `qe-run` runs, `test` what `qe-test` runs. */
export const COMMANDS: Command[] = [
  lazy("main", "the whole job: generate if missing, load, build, test, export (what `qe-run` runs)", async () => (await import("./main-job.js")).mainJobCommand),
  lazy("generate", "write the synthetic source system to data/qe.db", async () => (await import("./generate.js")).generateCommand),
  lazy("seed", "load seeds/*.csv into the warehouse", async () => (await import("./seed.js")).seedCommand),
  lazy("run", "build the selected models", async () => (await import("./run.js")).runCommand),
  lazy("test", "run data tests and unit tests against the built warehouse", async () => (await import("./test.js")).testCommand),
  lazy("build", "seed, run and test in DAG order", async () => (await import("./build.js")).buildCommand),
  lazy("snapshot", "record changes of the selected snapshots' sources (dbt snapshots)", async () => (await import("./snapshot.js")).snapshotCommand),
  lazy("source", "source freshness: check how recently each source was loaded (writes target/sources.json)", async () => (await import("./source.js")).sourceCommand, "source <action>"),
  lazy("compile", "render models to target/compiled without running them", async () => (await import("./compile.js")).compileCommand),
  lazy("ls", "list project nodes", async () => (await import("./ls.js")).lsCommand),
  lazy("deps", "install local packages from packages.yml into dbt_packages/", async () => (await import("./deps.js")).depsCommand),
  lazy("export", "write marts to exports/ as CSV, Parquet, Arrow, charts and a dashboard", async () => (await import("./export.js")).exportCommand),
  lazy("docs", "docs generate: catalog.json, column lineage and a static docs site; docs serve: serve it on 127.0.0.1", async () => (await import("./docs.js")).docsCommand, "docs <action>"),
];
