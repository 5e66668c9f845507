// A worker thread writing one shard (see run-shards.ts). Errors go back as data, so the main thread
// can raise them as it would have raised them itself (a full disk is still a UsageError there).
import { workerData, type MessagePort } from "node:worker_threads";
import { writeShard, type ShardJob } from "./shard-writer.js";
import { toWire, type ShardMessage } from "./shard-messages.js";

const { job, port } = workerData as { job: ShardJob; port: MessagePort };
const post = (m: ShardMessage): void => port.postMessage(m);
try {
  const counts = writeShard(job, (done, rows) => post({ type: "progress", done, rows }));
  post({ type: "done", counts });
} catch (e) {
  post({ type: "fail", error: toWire(e) });
} finally {
  port.close();
}
