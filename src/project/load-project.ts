// loadProject: dbt_project.yml → files under the configured paths → properties → typed Project.
// Every problem is collected first and thrown together as one ProjectErrors.
import { readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { didYouMean } from "../core/did-you-mean.js";
import type { SourceLoc } from "../core/errors.js";
import type { ColumnProps, MacroFile, ModelNode, Project, SeedNode, SingularTestNode, SourceTableNode, TestConfig, UnitTestDecl } from "./types.js";
import { nodeId } from "./types.js";
import { Problems } from "./problems.js";
import { readProjectFile, type ProjectFile } from "./project-file.js";
import { baseName, folderParts, listFiles } from "./files.js";
import { buildFolderTree, folderConfigFor, nameTrie } from "./folder-config.js";
import { checkConfig, isObj, knownConfigKeys, mergeConfig, toModelConfig, type RawConfig } from "./model-config.js";
import { parseProperties, type NodeProps } from "./properties.js";
import { parseDocsBlocks, renderDescription } from "./docs-blocks.js";
import { profileDbPath } from "./profiles.js";
import { defaultTestConfig, testConfigFrom } from "./test-decl.js";
import { SOURCE_CONFIG_KEYS, TEST_CONFIG_KEYS } from "./known-keys.js";
import { loadWithPartialParse } from "./partial-parse.js";
import type { VersionProps } from "./versions.js";
import type { SnapshotNode } from "./types.js";
import { SNAPSHOT_CONFIG_KEYS, checkSnapshotConfig, toSnapshotConfig } from "./snapshot-config.js";
import { YamlMemo } from "./yaml-memo.js";

export interface LoadProjectOptions {
  projectDir: string;
  /** Overrides target-path; relative paths resolve against the project root. */
  targetPath?: string;
  /** Overrides the warehouse file (`--db`); relative paths resolve against the project root. */
  dbPath?: string;
  cliVars?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
  /** Reuse `<target>/partial_parse.json` when no input changed (default true), like dbt's partial parsing. */
  partialParse?: boolean;
}

const GENERIC_TEST_DEF = /{%-?\s*test\s+([A-Za-z_]\w*)\s*\(/g;

/** Loads and validates a project. Throws ProjectErrors listing every problem found. Reads files; writes only the parse cache. */
export function loadProject(opts: LoadProjectOptions): Project {
  return opts.partialParse === false ? parseProject(opts, new YamlMemo(undefined, false)) : loadWithPartialParse(opts, parseProject);
}

/** The real load: every file checked; properties YAML parsed unless `memo` holds it unchanged. */
function parseProject(opts: LoadProjectOptions, memo: YamlMemo): Project {
  const rootDir = resolve(opts.projectDir);
  const problems = new Problems();
  const notes = new Set<string>();
  const pf = readProjectFile(rootDir, problems, notes);
  if (!pf) {
    problems.throwIfAny();
    throw new Error("unreachable: project file unreadable without problems");
  }
  const cfg = pf.config;
  const proj = cfg.name;
  const read = (p: string): string => readFileSync(join(rootDir, p), "utf8");

  // --- files
  const genericDirs = cfg.testPaths.map((t) => `${t}/generic/`);
  const modelFiles = listFiles(rootDir, cfg.modelPaths, [".sql"]);
  const seedFiles = listFiles(rootDir, cfg.seedPaths, [".csv"]);
  const macroFiles = listFiles(rootDir, [...cfg.macroPaths, ...cfg.testPaths.map((t) => `${t}/generic`)], [".sql"]);
  const testFiles = listFiles(rootDir, cfg.testPaths, [".sql"]).filter((p) => !genericDirs.some((g) => p.startsWith(g)));
  const snapshotPaths = cfg.snapshotPaths ?? ["snapshots"];
  const ymlFiles = listFiles(rootDir, [...new Set([...cfg.modelPaths, ...cfg.seedPaths, ...cfg.testPaths, ...snapshotPaths])], [".yml", ".yaml"]);
  const snapshotSqlFiles = listFiles(rootDir, snapshotPaths, [".sql"]);
  const docDirs = cfg.docsPaths.length > 0 ? cfg.docsPaths : [...cfg.modelPaths, ...cfg.seedPaths, ...cfg.testPaths, ...cfg.macroPaths];
  const mdFiles = listFiles(rootDir, docDirs, [".md"]);

  // --- folder configs, validated against the names that really exist
  const modelPathOf = (p: string) => [proj, ...folderParts(p, cfg.modelPaths), baseName(p)];
  const seedPathOf = (p: string) => [proj, ...folderParts(p, cfg.seedPaths), baseName(p)];
  const modelsTree = buildFolderTree(cfg.modelsConfig, pf.yf, {
    section: "models", knownConfig: knownConfigKeys("model"), names: nameTrie(modelFiles.map(modelPathOf)),
    check: (raw, locOf) => checkConfig(raw, "model", "models config in dbt_project.yml", locOf, problems, notes),
  }, problems);
  const seedsTree = buildFolderTree(cfg.seedsConfig, pf.yf, {
    section: "seeds", knownConfig: knownConfigKeys("seed"), names: nameTrie(seedFiles.map(seedPathOf)),
    check: (raw, locOf) => checkConfig(raw, "seed", "seeds config in dbt_project.yml", locOf, problems, notes),
  }, problems);
  const testsTree = buildFolderTree(cfg.testsConfig, pf.yf, {
    section: "tests", knownConfig: TEST_CONFIG_KEYS,
    check: (raw, locOf) => checkKeysOnly(raw, TEST_CONFIG_KEYS, "tests config in dbt_project.yml", locOf),
  }, problems);
  if (isObj(pf.doc["sources"])) {
    buildFolderTree(pf.doc["sources"], pf.yf, {
      section: "sources", knownConfig: SOURCE_CONFIG_KEYS,
      check: (raw, locOf) => checkKeysOnly(raw, SOURCE_CONFIG_KEYS, "sources config in dbt_project.yml", locOf),
    }, problems);
  }
  const testBaseFor = (p: string, bases: readonly string[]): TestConfig => {
    const raw = folderConfigFor(testsTree, [proj, ...folderParts(p, bases)]);
    return testConfigFrom(raw, defaultTestConfig(), () => ({ file: pf.yf.file, line: 1 }), problems);
  };

  // --- properties files
  const modelProps = new Map<string, NodeProps>();
  const seedProps = new Map<string, NodeProps>();
  const snapshotProps: { props: NodeProps; file: string }[] = [];
  const sources: SourceTableNode[] = [];
  const unitTests: UnitTestDecl[] = [];
  for (const file of ymlFiles) {
    const yf = memo.parse(read(file), file, problems);
    const base = [...cfg.modelPaths, ...cfg.seedPaths, ...cfg.testPaths];
    const pfile = parseProperties(yf, { projectName: proj, problems, notes, testBase: testBaseFor(file, base) });
    addProps(pfile.models, modelProps, "model");
    addProps(pfile.seeds, seedProps, "seed");
    snapshotProps.push(...pfile.snapshots.map((props) => ({ props, file })));
    for (const s of pfile.sources) {
      const dup = sources.find((x) => x.id === s.id);
      if (dup) problems.add("duplicate-node", `source table '${s.sourceName}.${s.name}' is declared twice`, s.loc, `first declared at ${dup.loc.file}:${dup.loc.line}`);
      else sources.push(s);
    }
    unitTests.push(...pfile.unitTests);
  }

  // --- models (a versioned model's files are named by its versions: <name>_v<v> or defined_in)
  const models: ModelNode[] = [];
  const modelByName = new Map<string, string>();
  const versionFiles = new Map<string, { props: NodeProps; version: VersionProps }>();
  for (const p of modelProps.values()) for (const version of p.versions ?? []) versionFiles.set(version.definedIn, { props: p, version });
  const seenVersions = new Set<string>();
  for (const path of modelFiles) {
    const base = baseName(path);
    const versioned = versionFiles.get(base);
    const name = versioned ? versioned.props.name : base;
    const key = versioned ? `${name}.v${versioned.version.v}` : name;
    const prev = modelByName.get(key);
    if (prev || (!versioned && versionFiles.size > 0 && [...versionFiles.values()].some((x) => x.props.name === base))) {
      problems.add("duplicate-node", `two models are named '${name}'`, { file: path, line: 1 }, `the other is ${prev ?? "a version of it"}; model names must be unique`);
      continue;
    }
    modelByName.set(key, path);
    if (versioned) {
      seenVersions.add(key);
      modelByName.set(name, modelByName.get(name) ?? path);
      models.push(versionedModel(path, versioned.props, versioned.version));
      continue;
    }
    const props = modelProps.get(name);
    const raw = mergeConfig(folderConfigFor(modelsTree, modelPathOf(path)), props?.config ?? {});
    const rawSql = read(path);
    models.push({
      kind: "model", id: nodeId(`model.${proj}.${name}`), name, path, rawSql,
      description: props?.description, columns: props?.columns ?? [], tests: props?.tests ?? [],
      config: toModelConfig(raw, "model"),
      fqn: folderParts(path, cfg.modelPaths), propertiesLoc: props?.loc,
      ...(props?.constraints?.length ? { constraints: props.constraints } : {}),
      ...(props?.deprecationDate ? { deprecationDate: props.deprecationDate } : {}),
    });
  }
  for (const { props, version } of versionFiles.values()) {
    if (seenVersions.has(`${props.name}.v${version.v}`)) continue;
    problems.add("unknown-model", `version ${version.v} of model '${props.name}' has no file: expected ${version.definedIn}.sql`, version.loc, "name the file <model>_v<version>.sql or set defined_in:");
  }
  unknownProps(new Map([...modelProps].filter(([, p]) => !p.versions)), modelByName, "model", "models");

  // --- seeds
  const seeds: SeedNode[] = [];
  const seedByName = new Map<string, string>();
  for (const path of seedFiles) {
    const name = baseName(path);
    if (seedByName.has(name) || modelByName.has(name)) {
      problems.add("duplicate-node", `seed '${name}' has the same name as another model or seed`, { file: path, line: 1 });
      continue;
    }
    seedByName.set(name, path);
    const props = seedProps.get(name);
    const raw = mergeConfig(folderConfigFor(seedsTree, seedPathOf(path)), props?.config ?? {});
    const loc = props?.loc ?? { file: path, line: 1 };
    const base = toModelConfig(raw, "seed");
    const ct = raw["column_types"];
    if (ct !== undefined && !isObj(ct)) problems.add("invalid-config", `column_types of seed '${name}' must be a mapping`, loc);
    seeds.push({
      kind: "seed", id: nodeId(`seed.${proj}.${name}`), name, path,
      description: props?.description, columns: props?.columns ?? [], tests: props?.tests ?? [],
      config: {
        ...base, materialized: "table",
        columnTypes: isObj(ct) ? Object.fromEntries(Object.entries(ct).map(([k, v]) => [k, String(v)])) : {},
        delimiter: typeof raw["delimiter"] === "string" ? raw["delimiter"] : ",",
        quoteColumns: raw["quote_columns"] === undefined ? undefined : raw["quote_columns"] === true,
      },
      fqn: folderParts(path, cfg.seedPaths),
    });
  }
  unknownProps(seedProps, seedByName, "seed", "seeds");

  // --- snapshots declared in YAML (legacy {% snapshot %} blocks need the template engine)
  const snapshots = yamlSnapshots();

  // --- singular tests, macros, docs
  const singularTests: SingularTestNode[] = testFiles.map((path) => ({
    kind: "singular_test", id: nodeId(`test.${proj}.${baseName(path)}`), name: baseName(path), path, rawSql: read(path),
    config: testBaseFor(path, cfg.testPaths), fqn: folderParts(path, cfg.testPaths),
  }));
  const macros: MacroFile[] = macroFiles.map((path) => ({ path, text: read(path) }));
  const genericTestNames = [...new Set(macros.flatMap((m) => [...m.text.matchAll(GENERIC_TEST_DEF)].map((x) => x[1]!)))].sort();
  const docs: Record<string, string> = {};
  const seenDocs = new Map<string, string>();
  for (const f of mdFiles) parseDocsBlocks(read(f), f, docs, seenDocs, problems);
  const described: { description?: string; columns: ColumnProps[] }[] = [...models, ...seeds, ...sources, ...snapshots];
  for (const node of described) {
    const loc = "loc" in node ? (node.loc as SourceLoc) : (node as ModelNode).propertiesLoc ?? { file: "", line: 1 };
    node.description = renderDescription(node.description, docs, loc, problems);
    for (const c of node.columns) c.description = renderDescription(c.description, docs, loc, problems);
  }

  for (const u of unitTests) {
    if (!modelByName.has(u.model)) {
      const near = didYouMean(u.model, modelByName.keys());
      problems.add("unknown-model", `unit test '${u.name}' is for model '${u.model}', which does not exist`, u.loc, near && `did you mean '${near}'?`);
    }
  }

  // --- where things go
  const targetDir = resolve(rootDir, opts.targetPath ?? cfg.targetPath);
  const env = opts.env ?? {};
  const profilePath = profileDbPath(rootDir, cfg.profile, env, problems);
  const databasePath = opts.dbPath ? resolve(rootDir, opts.dbPath)
    : profilePath ? (profilePath === ":memory:" ? profilePath : isAbsolute(profilePath) ? profilePath : resolve(rootDir, profilePath))
    : join(targetDir, "qe.duckdb");

  problems.throwIfAny();
  return {
    rootDir,
    config: { ...cfg, vars: projectVars(pf), targetPath: opts.targetPath ?? cfg.targetPath, targetDir },
    models, seeds, sources, singularTests, unitTests, macroFiles: macros, docs, databasePath,
    notes: [...notes].sort(), genericTestNames, cliVars: opts.cliVars ?? {}, env, snapshots,
  };

  function versionedModel(path: string, props: NodeProps, version: VersionProps): ModelNode {
    const raw = mergeConfig(mergeConfig(folderConfigFor(modelsTree, modelPathOf(path)), props.config), version.config);
    const config = toModelConfig(raw, "model");
    const constraints = version.constraints ?? props.constraints ?? [];
    const deprecationDate = version.deprecationDate ?? props.deprecationDate;
    return {
      kind: "model", id: nodeId(`model.${proj}.${props.name}.v${version.v}`), name: props.name, path, rawSql: read(path),
      description: version.description ?? props.description, columns: version.columns, tests: version.tests ?? props.tests,
      // dbt names a version's relation <name>_v<v> unless an alias says otherwise.
      config: { ...config, alias: config.alias ?? `${props.name}_v${version.v}` },
      fqn: folderParts(path, cfg.modelPaths), propertiesLoc: props.loc,
      version: version.v, latestVersion: props.latestVersion,
      ...(constraints.length ? { constraints } : {}),
      ...(deprecationDate ? { deprecationDate } : {}),
    };
  }

  function yamlSnapshots(): SnapshotNode[] {
    const out: SnapshotNode[] = [];
    const snapshotsTree = buildFolderTree(cfg.snapshotsConfig ?? {}, pf!.yf, {
      section: "snapshots", knownConfig: SNAPSHOT_CONFIG_KEYS,
      check: (raw, locOf) => checkSnapshotConfig(raw, "snapshots config in dbt_project.yml", locOf, problems),
    }, problems);
    const seen = new Map<string, SourceLoc>();
    for (const { props, file } of snapshotProps) {
      const prev = seen.get(props.name);
      if (prev) {
        problems.add("duplicate-node", `snapshot '${props.name}' is declared twice`, props.loc, `first at ${prev.file}:${prev.line}`);
        continue;
      }
      seen.set(props.name, props.loc);
      if (modelByName.has(props.name) || seedByName.has(props.name)) {
        problems.add("duplicate-node", `snapshot '${props.name}' has the same name as a model or seed`, props.loc);
        continue;
      }
      if (!props.relation) {
        const legacy = snapshotSqlFiles.length > 0;
        problems.add("invalid-snapshot", `snapshot '${props.name}' has no relation`, props.loc,
          legacy ? "legacy {% snapshot %} blocks are not run by qe yet: declare the snapshot in YAML with relation: ref('model')" : "add relation: ref('model') or source('source', 'table')");
        continue;
      }
      const fqn = folderParts(file, snapshotPaths.some((p) => file.startsWith(p + "/")) ? snapshotPaths : [...cfg.modelPaths, ...cfg.seedPaths, ...cfg.testPaths]);
      const raw = mergeConfig(folderConfigFor(snapshotsTree, [proj, ...fqn, props.name]), props.config);
      const typed = toSnapshotConfig(raw, props.name, props.loc, problems);
      if (!typed) continue;
      out.push({
        kind: "snapshot", id: nodeId(`snapshot.${proj}.${props.name}`), name: props.name, path: file,
        rawSql: `select * from {{ ${props.relation} }}`,
        description: props.description, columns: props.columns, tests: props.tests,
        config: typed.general, snapshot: typed.snapshot, fqn, loc: props.loc,
        ...(typed.targetSchema ? { targetSchema: typed.targetSchema } : {}),
      });
    }
    if (snapshotSqlFiles.length > 0) {
      notes.add(`legacy {% snapshot %} blocks (${snapshotSqlFiles.join(", ")}) are not run by qe yet; declare snapshots in YAML (dbt 1.9+)`);
    }
    return out;
  }

  function addProps(list: NodeProps[], into: Map<string, NodeProps>, kind: string): void {
    for (const p of list) {
      const prev = into.get(p.name);
      if (prev) problems.add("duplicate-node", `${kind} '${p.name}' has properties in two places`, p.loc, `first at ${prev.loc.file}:${prev.loc.line}`);
      else into.set(p.name, p);
    }
  }

  function unknownProps(props: Map<string, NodeProps>, files: Map<string, string>, kind: string, section: string): void {
    for (const p of props.values()) {
      if (files.has(p.name)) continue;
      const near = didYouMean(p.name, files.keys());
      problems.add("unknown-model", `properties for ${kind} '${p.name}', but no ${section} file is named ${p.name}`, p.loc, near && `did you mean '${near}'?`);
    }
  }

  function checkKeysOnly(raw: RawConfig, known: readonly string[], where: string, locOf: (k: string) => SourceLoc): RawConfig {
    const out: RawConfig = {};
    for (const [k, v] of Object.entries(raw)) {
      if (known.includes(k)) out[k] = v;
      else problems.unknownKey(k, where, known, locOf(k));
    }
    return out;
  }
}

/** Global vars plus vars scoped under this project's name (dbt allows both). */
function projectVars(pf: ProjectFile): Record<string, unknown> {
  const vars = pf.config.vars;
  const scoped = vars[pf.config.name];
  const out: Record<string, unknown> = { ...vars };
  if (isObj(scoped)) {
    delete out[pf.config.name];
    Object.assign(out, scoped);
  }
  return out;
}
