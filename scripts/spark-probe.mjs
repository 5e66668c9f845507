#!/usr/bin/env node
// Measures the two ways Node can talk to the running SQL endpoint (npm run spark:up first):
// HiveServer2 Thrift (hive-driver, as dbt-spark's `thrift` method) and Spark Connect over gRPC
// (@grpc/grpc-js with the .proto files of the installed spark-connect jar; Arrow batches read by
// apache-arrow). Same statements on both; prints one JSON line per case. Kept to re-run the
// comparison the adapter choice rests on (README, "Running on Spark").
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import hive from "hive-driver";
import grpc from "@grpc/grpc-js";
import protoLoader from "@grpc/proto-loader";
import { tableFromIPC } from "apache-arrow";
import { sparkHome } from "./spark-cluster.mjs";

const HOST = "127.0.0.1";
const projectDir = resolve(".");
const CASES = [
  ["select 1", "select 1 as x"],
  ["group by over 1M rows → 1000 rows", "select id % 1000 as k, count(*) as n, sum(id) as s, avg(id / 7) as m from range(1000000) group by 1 order by 1"],
  ["200k rows × 3 columns to the client", "select id, cast(id as double) / 7 as x, concat('row', cast(id as string)) as s from range(200000)"],
];

async function thrift() {
  const { TCLIService, TCLIService_types } = hive.thrift;
  const client = new hive.HiveClient(TCLIService, TCLIService_types);
  const utils = new hive.HiveUtils(TCLIService_types);
  const t0 = performance.now();
  await client.connect({ host: HOST, port: Number(process.env.QE_SPARK_THRIFT_PORT ?? 10000) }, new hive.connections.TcpConnection(), new hive.auth.NoSaslAuthentication());
  const session = await client.openSession({ client_protocol: TCLIService_types.TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10 });
  const out = [{ method: "thrift", case: "connect + open session", ms: performance.now() - t0 }];
  for (const [name, sql] of CASES) {
    for (const round of [1, 2]) {
      const t = performance.now();
      const op = await session.executeStatement(sql, { runAsync: true });
      await utils.waitUntilReady(op, false, () => undefined);
      op.setMaxRows(100_000);
      await utils.fetchAll(op);
      let rows = 0;
      for (const rs of op.getData()) rows += Object.values(rs.columns[0]).find((v) => v && v.values)?.values.length ?? 0;
      await op.close();
      out.push({ method: "thrift", case: name, round, rows, ms: performance.now() - t });
    }
  }
  await session.close();
  await client.close();
  return out;
}

function protoDir() {
  const dir = join(projectDir, "target/spark/proto");
  const jars = join(sparkHome(projectDir), "jars");
  const jar = readdirSync(jars).find((f) => /^spark-connect_.*\.jar$/.test(f));
  mkdirSync(dir, { recursive: true });
  execFileSync("unzip", ["-oq", join(jars, jar), "spark/connect/*.proto", "google/protobuf/*.proto", "-d", dir]);
  return dir;
}

async function connect() {
  const t0 = performance.now();
  const dir = protoDir();
  const def = protoLoader.loadSync(join(dir, "spark/connect/base.proto"), { includeDirs: [dir], longs: String, keepCase: true, defaults: false, oneofs: true });
  const pkg = grpc.loadPackageDefinition(def);
  const Service = pkg.spark.connect.SparkConnectService;
  const client = new Service(`${HOST}:${Number(process.env.QE_SPARK_CONNECT_PORT ?? 15002)}`, grpc.credentials.createInsecure());
  const session_id = randomUUID();
  const user_context = { user_id: "qe" };
  const run = (sql) => new Promise((res, rej) => {
    const call = client.ExecutePlan({ session_id, user_context, plan: { root: { sql: { query: sql } } } });
    let rows = 0;
    call.on("data", (m) => {
      if (m.arrow_batch) rows += tableFromIPC(m.arrow_batch.data).numRows;
    });
    call.on("error", rej);
    call.on("end", () => res(rows));
  });
  await run("select 1");
  const out = [{ method: "connect", case: "load protos + channel + first statement", ms: performance.now() - t0 }];
  for (const [name, sql] of CASES) {
    for (const round of [1, 2]) {
      const t = performance.now();
      const rows = await run(sql);
      out.push({ method: "connect", case: name, round, rows, ms: performance.now() - t });
    }
  }
  client.close();
  return out;
}

for (const r of [...(await thrift()), ...(await connect())]) console.log(JSON.stringify({ ...r, ms: Math.round(r.ms) }));
