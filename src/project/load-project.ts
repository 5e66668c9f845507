// loadProject: dbt_project.yml → files under the configured paths → properties → typed Project.
// Every problem is collected first and thrown together as one ProjectErrors.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
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
import { duckdbPathOf, resolveTarget } from "./profiles.js";
import { databaseNameOf } from "./profile-target.js";
import { defaultTestConfig, testConfigFrom } from "./test-decl.js";
import { SOURCE_CONFIG_KEYS, TEST_CONFIG_KEYS } from "./known-keys.js";
import { loadWithPartialParse } from "./partial-parse.js";
import { DEFAULT_PACKAGES_PATH, findInstalledPackages, packageDirs, readPackageSpecs, type InstalledPackage } from "./packages.js";
import type { VersionProps } from "./versions.js";
import type { SnapshotNode } from "./types.js";
import { SNAPSHOT_CONFIG_KEYS, checkSnapshotConfig, toSnapshotConfig } from "./snapshot-config.js";
import { findSnapshotBlocks } from "./snapshot-blocks.js";
import { YamlMemo } from "./yaml-memo.js";

export interface LoadProjectOptions {
  projectDir: string;
  /** Overrides target-path; relative paths resolve against the project root. */
  targetPath?: string;
  /** Overrides the warehouse file (`--db`); relative paths resolve against the project root. */
  dbPath?: string;
  cliVars?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
  /** `--profiles-dir` (relative to the project root); else DBT_PROFILES_DIR, the project folder, ~/.dbt. */
  profilesDir?: string;
  /** `--target` / `-t`: the profile output to use instead of the profile's `target:`. */
  target?: string;
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

  const packages = findInstalledPackages(rootDir, cfg.packagesInstallPath ?? DEFAULT_PACKAGES_PATH, readPackageSpecs(rootDir, problems), problems);
  const warn = (m: string) => notes.add(`warning: ${m}`);
  // Package models and seeds: found under each package's own paths, named model.<package>.<name>.
  const owner = new Map<string, { pkg: string; modelPaths: string[]; seedPaths: string[] }>();
  for (const pkg of packages) {
    const own = { pkg: pkg.name, modelPaths: packageDirs(pkg, "modelPaths"), seedPaths: packageDirs(pkg, "seedPaths") };
    for (const f of listFiles(rootDir, own.modelPaths, [".sql"])) { modelFiles.push(f); owner.set(f, own); }
    for (const f of listFiles(rootDir, own.seedPaths, [".csv"])) { seedFiles.push(f); owner.set(f, own); }
    for (const f of listFiles(rootDir, [...own.modelPaths, ...own.seedPaths], [".yml", ".yaml"])) { ymlFiles.push(f); owner.set(f, own); }
  }
  const packageOf = (p: string) => owner.get(p)?.pkg ?? proj;

  // --- folder configs, validated against the names that really exist (packages may be configured too);
  // a path that names nothing is only a warning, as in dbt.
  const modelFolders = (p: string) => folderParts(p, owner.get(p)?.modelPaths ?? cfg.modelPaths);
  const seedFolders = (p: string) => folderParts(p, owner.get(p)?.seedPaths ?? cfg.seedPaths);
  const modelPathOf = (p: string) => [packageOf(p), ...modelFolders(p), baseName(p)];
  const seedPathOf = (p: string) => [packageOf(p), ...seedFolders(p), baseName(p)];
  const modelsTree = buildFolderTree(cfg.modelsConfig, pf.yf, {
    section: "models", knownConfig: knownConfigKeys("model"), names: nameTrie([...modelFiles.map(modelPathOf), ...packages.map((p) => [p.name])]), warn,
    check: (raw, locOf) => checkConfig(raw, "model", "models config in dbt_project.yml", locOf, problems, notes),
  }, problems);
  const seedsTree = buildFolderTree(cfg.seedsConfig, pf.yf, {
    section: "seeds", knownConfig: knownConfigKeys("seed"), names: nameTrie([...seedFiles.map(seedPathOf), ...packages.map((p) => [p.name])]), warn,
    check: (raw, locOf) => checkConfig(raw, "seed", "seeds config in dbt_project.yml", locOf, problems, notes),
  }, problems);
  // A package's own dbt_project.yml configures its nodes first; the root project's `<package>:` wins.
  const packageTrees = new Map(packages.map((pkg) => [pkg.name, {
    models: buildFolderTree(pkg.modelsConfig, pf.yf, { section: "models", knownConfig: knownConfigKeys("model"), check: (raw) => normalisedOnly(raw) }, problems),
    seeds: buildFolderTree(pkg.seedsConfig, pf.yf, { section: "seeds", knownConfig: knownConfigKeys("seed"), check: (raw) => normalisedOnly(raw) }, problems),
  }]));
  const folderConfig = (kind: "models" | "seeds", path: string[]): RawConfig => {
    const rootTree = kind === "models" ? modelsTree : seedsTree;
    const own = packageTrees.get(path[0]!);
    return own ? mergeConfig(folderConfigFor(own[kind], path), folderConfigFor(rootTree, path)) : folderConfigFor(rootTree, path);
  };
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
    const pfile = parseProperties(yf, { projectName: packageOf(file), problems, notes, testBase: testBaseFor(file, base) });
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
    const raw = mergeConfig(folderConfig("models", modelPathOf(path)), props?.config ?? {});
    const rawSql = read(path);
    const pkg = packageOf(path);
    models.push({
      kind: "model", id: nodeId(`model.${pkg}.${name}`), name, path, rawSql,
      description: props?.description, columns: props?.columns ?? [], tests: props?.tests ?? [],
      config: toModelConfig(raw, "model"),
      fqn: modelFolders(path), propertiesLoc: props?.loc,
      ...(pkg === proj ? {} : { packageName: pkg }),
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
    const raw = mergeConfig(folderConfig("seeds", seedPathOf(path)), props?.config ?? {});
    const pkg = packageOf(path);
    const loc = props?.loc ?? { file: path, line: 1 };
    const base = toModelConfig(raw, "seed");
    const ct = raw["column_types"];
    if (ct !== undefined && !isObj(ct)) problems.add("invalid-config", `column_types of seed '${name}' must be a mapping`, loc);
    seeds.push({
      kind: "seed", id: nodeId(`seed.${pkg}.${name}`), name, path, ...(pkg === proj ? {} : { packageName: pkg }),
      description: props?.description, columns: props?.columns ?? [], tests: props?.tests ?? [],
      config: {
        ...base, materialized: "table",
        columnTypes: isObj(ct) ? Object.fromEntries(Object.entries(ct).map(([k, v]) => [k, String(v)])) : {},
        delimiter: typeof raw["delimiter"] === "string" ? raw["delimiter"] : ",",
        quoteColumns: raw["quote_columns"] === undefined ? undefined : raw["quote_columns"] === true,
      },
      fqn: seedFolders(path),
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
  const macros: MacroFile[] = [
    ...macroFiles.map((path) => ({ path, packageName: proj, text: read(path) })),
    ...packages.flatMap((pkg) => packageMacroFiles(rootDir, pkg).map((path) => ({ path, packageName: pkg.name, text: read(path) }))),
  ];
  // Generic tests: the root project's by bare name, a package's as `<package>.<name>`.
  const genericTestNames = [...new Set(macros.flatMap((m) => [...m.text.matchAll(GENERIC_TEST_DEF)]
    .map((x) => (m.packageName === proj ? x[1]! : `${m.packageName}.${x[1]!}`))))].sort();
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
  const target = resolveTarget({ rootDir, targetDir, createdDirs: [targetDir, resolve(rootDir, cfg.targetPath)], profile: cfg.profile, profilesDir: opts.profilesDir, target: opts.target, env }, problems);
  const databasePath = opts.dbPath ? resolve(rootDir, opts.dbPath)
    : target.type === "duckdb" ? duckdbPathOf(target.path, rootDir)
    : join(targetDir, "qe.duckdb");
  // DuckDB names the catalog of the file it opens after the file's stem, and compiled SQL names
  // relations in it (dbt-duckdb's target.database): a --db file gives its own stem.
  if (opts.dbPath && target.type === "duckdb" && target.raw["database"] === undefined) target.database = databaseNameOf(databasePath);

  problems.throwIfAny();
  return {
    rootDir,
    config: { ...cfg, vars: projectVars(pf), targetPath: opts.targetPath ?? cfg.targetPath, targetDir },
    models, seeds, sources, singularTests, unitTests, macroFiles: macros, docs, databasePath, target,
    notes: [...notes].sort(), genericTestNames, packages, cliVars: opts.cliVars ?? {}, env, snapshots,
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
    const legacyBlocks = snapshotSqlFiles.flatMap((file) => findSnapshotBlocks(read(file), file, problems).map((b) => ({ ...b, file })));
    for (const { props, file } of snapshotProps) {
      // An entry without `relation` describes a legacy block (properties patch), or is a mistake.
      if (!props.relation) {
        if (!legacyBlocks.some((b) => b.name === props.name)) {
          problems.add("invalid-snapshot", `snapshot '${props.name}' has no relation and no {% snapshot ${props.name} %} block`, props.loc, "add relation: ref('model') or source('source', 'table')");
        }
        continue;
      }
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
    // Legacy blocks: config comes from folder configs, a YAML patch without `relation`, and config() in the body (compile).
    for (const b of legacyBlocks) {
      const prev = seen.get(b.name);
      if (prev || modelByName.has(b.name) || seedByName.has(b.name)) {
        problems.add("duplicate-node", `snapshot '${b.name}' has the same name as another node`, { file: b.file, line: b.line }, prev ? `first at ${prev.file}:${prev.line}` : undefined);
        continue;
      }
      seen.set(b.name, { file: b.file, line: b.line });
      const props = snapshotProps.find((p) => p.props.name === b.name && !p.props.relation)?.props;
      const fqn = folderParts(b.file, snapshotPaths);
      const rawConfig = mergeConfig(folderConfigFor(snapshotsTree, [proj, ...fqn, b.name]), props?.config ?? {});
      out.push({
        kind: "snapshot", id: nodeId(`snapshot.${proj}.${b.name}`), name: b.name, path: b.file, rawSql: b.body,
        description: props?.description, columns: props?.columns ?? [], tests: props?.tests ?? [],
        config: { ...toModelConfig(rawConfig, "model"), materialized: "table", ignored: {} }, fqn, loc: { file: b.file, line: b.line },
        legacy: { rawConfig, bodyLine: b.line },
      });
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

  /** dbt only warns ("Did not find matching node for patch") when properties name a missing node. */
  function unknownProps(props: Map<string, NodeProps>, files: Map<string, string>, kind: string, section: string): void {
    for (const p of props.values()) {
      if (files.has(p.name)) continue;
      const near = didYouMean(p.name, files.keys());
      notes.add(`warning: ${p.loc.file}:${p.loc.line ?? 1}: did not find matching node for patch with name '${p.name}' in the '${section}' section (no ${kind} file is named ${p.name})${near ? `; did you mean '${near}'?` : ""}`);
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

/** A package's macro files (its macro paths and <test path>/generic), root-relative. */
function packageMacroFiles(rootDir: string, pkg: InstalledPackage): string[] {
  const dirs = [...pkg.macroPaths, ...pkg.testPaths.map((t) => `${t}/generic`)].map((d) => `${pkg.dir}/${d}`);
  return listFiles(rootDir, dirs, [".sql"]);
}

/** A package's folder configs are its own business: keys normalised (`-` → `_`), not checked. */
function normalisedOnly(raw: RawConfig): RawConfig {
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.replace(/-/g, "_"), v]));
}
