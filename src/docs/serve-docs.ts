// `qe docs serve`: the generated site over HTTP on 127.0.0.1 only, as `dbt docs serve` does. Serves
// target/docs/index.html at / and the JSON artifacts beside it; nothing else under target/.
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { DocsError } from "./errors.js";

export interface DocsServer {
  url: string;
  close(): Promise<void>;
}

const FILES: Record<string, { file: (target: string) => string; type: string }> = {
  "/": { file: (t) => join(t, "docs", "index.html"), type: "text/html; charset=utf-8" },
  "/index.html": { file: (t) => join(t, "docs", "index.html"), type: "text/html; charset=utf-8" },
  "/catalog.json": { file: (t) => join(t, "catalog.json"), type: "application/json" },
  "/manifest.json": { file: (t) => join(t, "manifest.json"), type: "application/json" },
  "/column_lineage.json": { file: (t) => join(t, "column_lineage.json"), type: "application/json" },
};

/** Starts serving; port 0 picks a free one. Throws DocsError when the site was not generated or the port is taken. */
export async function serveDocs(targetDir: string, port: number): Promise<DocsServer> {
  const index = join(targetDir, "docs", "index.html");
  if (!existsSync(index)) throw new DocsError("no-docs", `${index} does not exist`, { file: index }, "run `qe docs generate` first");
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const entry = FILES[path];
    if ((req.method !== "GET" && req.method !== "HEAD") || !entry || !existsSync(entry.file(targetDir))) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    // Read per request, so a `qe docs generate` in another terminal shows on reload.
    const body = readFileSync(entry.file(targetDir));
    res.writeHead(200, { "content-type": entry.type, "content-length": body.length, "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  await listen(server, port);
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(e.code === "EADDRINUSE" ? new DocsError("port-in-use", `port ${port} on 127.0.0.1 is in use`, undefined, "pass another --port, e.g. --port 8081") : e),
    );
    server.listen(port, "127.0.0.1", () => resolve());
  });
}
