// A worker thread writing one shard (see run-shards.ts). Errors go back as data, so the main thread
// can raise them as it would have raised them itself (a full disk is still a UsageError there).
import { parentPort, workerData } from "node:worker_threads";
import { writeShard, type ShardJob } from "./shard-writer.js";
import { toWire, type ShardMessage } from "./shard-messages.js";

const post = (m: ShardMessage): void => parentPort!.postMessage(m);
try {
  const counts = writeShard(workerData as ShardJob, (done, rows) => post({ type: "progress", done, rows }));
  post({ type: "done", counts });
} catch (e) {
  post({ type: "fail", error: toWire(e) });
}
