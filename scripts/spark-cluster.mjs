#!/usr/bin/env node
// A standalone Spark cluster on 127.0.0.1 for qe's spark target: a master, two workers and a SQL
// endpoint (the Thrift JDBC/ODBC server, with Spark Connect as a plugin of the same driver), each
// its own JVM. Warehouse, Derby metastore, logs and PIDs live under <project>/target/spark/.
//
//   node scripts/spark-cluster.mjs up [--project-dir .]     start and wait until SQL is served
//   node scripts/spark-cluster.mjs down [--project-dir .]   stop exactly the PIDs `up` recorded
//   node scripts/spark-cluster.mjs status
//
// SPARK_HOME defaults to the pyspark package in .venv/spark (pyspark ships bin/, sbin/, jars/).
// Ports: QE_SPARK_MASTER_PORT (7077), QE_SPARK_THRIFT_PORT (10000), QE_SPARK_CONNECT_PORT (15002).
// Plain JavaScript so it runs before `npm run build`; no Python runs here, only the JVMs.
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join, resolve } from "node:path";

const HOST = "127.0.0.1";
const env = process.env;
export function portsFrom(e = env) {
  return {
    master: Number(e.QE_SPARK_MASTER_PORT ?? 7077),
    thrift: Number(e.QE_SPARK_THRIFT_PORT ?? 10000),
    connect: Number(e.QE_SPARK_CONNECT_PORT ?? 15002),
  };
}
const WORKERS = 2;
const START_TIMEOUT_MS = Number(env.QE_SPARK_START_TIMEOUT_MS ?? 180_000);

function parseArgs(argv) {
  const cmd = argv[0];
  const i = argv.indexOf("--project-dir");
  return { cmd, projectDir: resolve(i >= 0 ? argv[i + 1] : ".") };
}

export function sparkHome(projectDir) {
  if (env.SPARK_HOME) return env.SPARK_HOME;
  const lib = join(projectDir, ".venv/spark/lib");
  if (existsSync(lib)) {
    for (const py of readdirSync(lib)) {
      const p = join(lib, py, "site-packages/pyspark");
      if (existsSync(join(p, "bin/spark-class"))) return p;
    }
  }
  return undefined;
}

function dirs(projectDir) {
  const root = join(projectDir, "target/spark");
  return { root, logs: join(root, "logs"), warehouse: join(root, "warehouse"), metastore: join(root, "metastore_db"), pids: join(root, "pids.json") };
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function readPids(file) {
  if (!existsSync(file)) return [];
  return JSON.parse(readFileSync(file, "utf8")).processes ?? [];
}

function portOpen(port) {
  return new Promise((res) => {
    const s = connect({ host: HOST, port });
    s.once("connect", () => (s.destroy(), res(true)));
    s.once("error", () => res(false));
  });
}

async function waitFor(what, test, procs, d) {
  const t0 = Date.now();
  while (Date.now() - t0 < START_TIMEOUT_MS) {
    if (await test()) return;
    const dead = procs.find((p) => !alive(p.pid));
    if (dead) throw new Error(`${dead.name} (PID ${dead.pid}) exited while waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out after ${START_TIMEOUT_MS / 1000}s waiting for ${what}`);
}

function start(name, file, args, d, extraEnv = {}) {
  const log = join(d.logs, `${name}.log`);
  const fd = openSync(log, "w");
  // spark-class execs java, so the PID we get is the JVM's own.
  const child = spawn(file, args, {
    detached: true,
    stdio: ["ignore", fd, fd],
    env: { ...env, SPARK_LOG_DIR: d.logs, SPARK_PID_DIR: d.root, SPARK_LOCAL_IP: HOST, SPARK_LOCAL_DIRS: join(d.root, "local"), SPARK_NO_DAEMONIZE: "1", ...extraEnv },
  });
  closeSync(fd);
  child.unref();
  return { name, pid: child.pid, log };
}

function tail(file, lines = 40) {
  if (!existsSync(file)) return "(no log)";
  return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
}

function logText(log) {
  return existsSync(log) ? readFileSync(log, "utf8") : "";
}

/** Starts the cluster; resolves once SQL is served, with the processes (name, pid, log). Throws with every log's tail. */
export async function up(projectDir, ports = portsFrom()) {
  const home = sparkHome(projectDir);
  if (!home) throw new Error("no Spark found: install pyspark into .venv/spark (bash .ci/run does) or set SPARK_HOME");
  const d = dirs(projectDir);
  const running = readPids(d.pids).filter((p) => alive(p.pid));
  if (running.length) throw new Error(`a cluster is already up (PIDs ${running.map((p) => p.pid).join(", ")}); run spark:down first`);
  for (const [what, port] of Object.entries(ports)) {
    if (await portOpen(port)) throw new Error(`port ${port} (${what}) on ${HOST} is in use; stop what holds it or set QE_SPARK_${what.toUpperCase()}_PORT`);
  }
  for (const p of [d.logs, d.warehouse, join(d.root, "local")]) mkdirSync(p, { recursive: true });
  const cls = join(home, "bin/spark-class");
  const submit = join(home, "bin/spark-submit");
  const javaOpts = { SPARK_DAEMON_MEMORY: "256m" };
  const procs = [];
  const save = () => writeFileSync(d.pids, JSON.stringify({ sparkHome: home, ports, processes: procs }, null, 2) + "\n");
  try {
    procs.push(start("master", cls, ["org.apache.spark.deploy.master.Master", "--host", HOST, "--port", String(ports.master), "--webui-port", "0"], d, javaOpts));
    save();
    const masterUrl = `spark://${HOST}:${ports.master}`;
    await waitFor("the master", () => portOpen(ports.master), procs, d);
    for (let i = 1; i <= WORKERS; i++) {
      const work = join(d.root, `work-${i}`);
      mkdirSync(work, { recursive: true });
      procs.push(start(`worker-${i}`, cls, ["org.apache.spark.deploy.worker.Worker", masterUrl, "--host", HOST, "--cores", "1", "--memory", "1g", "--webui-port", "0", "--work-dir", work], d, javaOpts));
      save();
    }
    await waitFor("both workers to register", () => procs.filter((p) => p.name.startsWith("worker")).every((p) => /Successfully registered with master/.test(logText(p.log))), procs, d);
    procs.push(start("sql-endpoint", submit, [
      "--class", "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2",
      "--name", "qe-sql-endpoint",
      "--master", masterUrl,
      "--driver-memory", "1g",
      "--executor-memory", "768m",
      "--total-executor-cores", String(WORKERS),
      "--conf", "spark.executor.cores=1",
      "--conf", `spark.driver.host=${HOST}`,
      "--conf", "spark.driver.bindAddress=127.0.0.1",
      "--conf", "spark.ui.enabled=false",
      "--conf", `spark.sql.warehouse.dir=${d.warehouse}`,
      "--conf", "spark.sql.catalogImplementation=hive",
      "--conf", `spark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName=${d.metastore};create=true`,
      "--conf", `spark.driver.extraJavaOptions=-Dderby.system.home=${d.root}`,
      "--conf", "spark.sql.shuffle.partitions=2",
      "--conf", "spark.sql.adaptive.enabled=true",
      "--conf", "spark.sql.session.timeZone=UTC",
      // ANSI SQL with double-quoted identifiers: the models' "schema"."name" quoting means the same as in DuckDB.
      "--conf", "spark.sql.ansi.enabled=true",
      "--conf", "spark.sql.ansi.doubleQuotedIdentifiers=true",
      "--conf", "spark.plugins=org.apache.spark.sql.connect.SparkConnectPlugin",
      "--conf", `spark.connect.grpc.binding.address=${HOST}`,
      "--conf", `spark.connect.grpc.binding.port=${ports.connect}`,
      "--hiveconf", `hive.server2.thrift.port=${ports.thrift}`,
      "--hiveconf", `hive.server2.thrift.bind.host=${HOST}`,
      "--hiveconf", "hive.server2.authentication=NOSASL",
      "--hiveconf", "hive.server2.enable.doAs=false",
      "spark-internal",
    ], d, { SPARK_DRIVER_MEMORY: "1g" }));
    save();
    await waitFor(`the SQL endpoint on ${HOST}:${ports.thrift}`, () => portOpen(ports.thrift), procs, d);
    return { procs, ports, root: d.root };
  } catch (e) {
    const logs = procs.map((p) => `--- ${p.name} (${p.log}):\n${tail(p.log)}`).join("\n");
    await stopAll(procs);
    rmSync(d.pids, { force: true });
    throw new Error(`${e.message}\n${logs}`);
  }
}

async function stopAll(procs) {
  // Endpoint first (it holds executors on the workers), then workers, then the master.
  for (const p of [...procs].reverse()) {
    if (alive(p.pid)) process.kill(p.pid, "SIGTERM");
  }
  const t0 = Date.now();
  while (procs.some((p) => alive(p.pid)) && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 200));
  for (const p of procs) if (alive(p.pid)) process.kill(p.pid, "SIGKILL");
}

/** Stops exactly the processes `up` recorded (SIGTERM, then SIGKILL after 20 s); returns them. */
export async function down(projectDir) {
  const d = dirs(projectDir);
  const procs = readPids(d.pids);
  await stopAll(procs);
  rmSync(d.pids, { force: true });
  return procs;
}

async function cli() {
  const { cmd, projectDir } = parseArgs(process.argv.slice(2));
  const ports = portsFrom();
  try {
    if (cmd === "up") {
      const t0 = Date.now();
      const { procs } = await up(projectDir);
      for (const p of procs) console.log(`${p.name.padEnd(13)} PID ${p.pid}  log ${p.log}`);
      console.log(`Spark is up in ${((Date.now() - t0) / 1000).toFixed(1)}s: Thrift ${HOST}:${ports.thrift}, Spark Connect ${HOST}:${ports.connect}. Run: npx qe-run --target spark`);
    } else if (cmd === "down") {
      const procs = await down(projectDir);
      console.log(procs.length ? `stopped ${procs.map((p) => `${p.name} (${p.pid})`).join(", ")}` : "no cluster was recorded as running");
    } else if (cmd === "status") {
      const procs = readPids(dirs(projectDir).pids);
      if (!procs.length) console.log("not running");
      for (const p of procs) console.log(`${p.name.padEnd(13)} PID ${p.pid} ${alive(p.pid) ? "running" : "gone"}`);
    } else {
      console.error("usage: spark-cluster up|down|status [--project-dir DIR]");
      process.exitCode = 2;
    }
  } catch (e) {
    console.error(`spark-cluster ${cmd}: ${e.message}`);
    process.exitCode = 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("spark-cluster.mjs")) await cli();
