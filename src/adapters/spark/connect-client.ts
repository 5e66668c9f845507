// A Spark Connect client: one gRPC channel, one server-side session, SQL in, Arrow batches out.
// Service and messages come from the .proto files of the installed spark-connect jar.
import { randomUUID } from "node:crypto";
import grpc from "@grpc/grpc-js";
import protoLoader from "@grpc/proto-loader";
import { tableFromIPC, type Table } from "apache-arrow";
import { connectJar, extractProtos } from "./connect-protos.js";

export interface ConnectOptions {
  host: string;
  port: number;
  /** A Spark 4 distribution (pyspark's package folder): its jars/ holds spark-connect. */
  sparkHome: string;
  /** Where the .proto files are cached. */
  protoCacheDir: string;
  /** Session settings applied on open (e.g. spark.sql.ansi.doubleQuotedIdentifiers). */
  conf?: Record<string, string>;
}

/** A failed call: Spark's message (with its error class), or the channel's. */
export class ConnectError extends Error {
  constructor(message: string, readonly grpcCode: number) {
    super(message);
  }
}

interface ExecuteResponse {
  arrow_batch?: { row_count: string; data: Buffer };
}

type Service = grpc.Client & {
  ExecutePlan(req: unknown): grpc.ClientReadableStream<ExecuteResponse>;
  Config(req: unknown, cb: (err: grpc.ServiceError | null, res: unknown) => void): void;
};

export class SparkConnectClient {
  private readonly sessionId = randomUUID();
  private readonly userContext = { user_id: "qe", user_name: "qe" };

  private constructor(private readonly service: Service) {}

  static async open(opts: ConnectOptions): Promise<SparkConnectClient> {
    const dir = extractProtos(connectJar(opts.sparkHome), opts.protoCacheDir);
    const def = protoLoader.loadSync("spark/connect/base.proto", { includeDirs: [dir], longs: String, keepCase: true, defaults: false, oneofs: true });
    const pkg = grpc.loadPackageDefinition(def) as unknown as { spark: { connect: { SparkConnectService: new (addr: string, creds: grpc.ChannelCredentials, o: object) => Service } } };
    const service = new pkg.spark.connect.SparkConnectService(`${opts.host}:${opts.port}`, grpc.credentials.createInsecure(), {
      // Arrow batches can be large; the server caps them (spark.connect.grpc.arrow.maxBatchSize).
      "grpc.max_receive_message_length": -1,
    });
    const client = new SparkConnectClient(service);
    await client.waitReady(opts, 10_000);
    if (opts.conf && Object.keys(opts.conf).length) await client.setConf(opts.conf);
    return client;
  }

  private waitReady(opts: ConnectOptions, ms: number): Promise<void> {
    return new Promise((res, rej) =>
      this.service.waitForReady(Date.now() + ms, (err) =>
        err ? rej(new ConnectError(`no Spark Connect server answers on ${opts.host}:${opts.port}: ${err.message}`, grpc.status.UNAVAILABLE)) : res(),
      ),
    );
  }

  private setConf(conf: Record<string, string>): Promise<void> {
    const pairs = Object.entries(conf).map(([key, value]) => ({ key, value }));
    return new Promise((res, rej) =>
      this.service.Config({ session_id: this.sessionId, user_context: this.userContext, operation: { set: { pairs } } }, (err) =>
        err ? rej(toError(err)) : res(),
      ),
    );
  }

  /** Runs one SQL statement (query or command) and yields its result as Arrow tables, batch by batch. */
  async *sql(query: string): AsyncGenerator<Table> {
    const call = this.service.ExecutePlan({ session_id: this.sessionId, user_context: this.userContext, plan: { root: { sql: { query } } } });
    try {
      for await (const m of call as AsyncIterable<ExecuteResponse>) {
        if (m.arrow_batch) yield tableFromIPC(m.arrow_batch.data);
      }
    } catch (e) {
      throw toError(e as grpc.ServiceError);
    } finally {
      call.cancel();
    }
  }

  close(): void {
    this.service.close();
  }
}

function toError(e: grpc.ServiceError): ConnectError {
  const text = (e.details || e.message || "").trim();
  return new ConnectError(text, e.code);
}
