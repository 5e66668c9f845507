// The Spark Connect .proto files come from the installed spark-connect jar (pyspark ships it), not
// from this repository: read once out of the jar (a zip) into a cache folder. Nothing downloads.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { DatabaseError } from "../../core/errors.js";

const WANTED = /^(spark\/connect|google\/protobuf)\/[^/]+\.proto$/;

/** The spark-connect jar under `sparkHome/jars`; throws DatabaseError naming what to install. */
export function connectJar(sparkHome: string): string {
  const jars = join(sparkHome, "jars");
  const jar = existsSync(jars) ? readdirSync(jars).find((f) => /^spark-connect_[\d.]+-.*\.jar$/.test(f)) : undefined;
  if (!jar) {
    throw new DatabaseError(`no spark-connect jar in ${jars}`, "", undefined, undefined, "install pyspark 4.x into .venv/spark (bash .ci/run does), or set SPARK_HOME to a Spark 4 distribution");
  }
  return join(jars, jar);
}

/** Extracts the .proto files of `jar` into `cacheDir` (once per jar) and returns that folder. */
export function extractProtos(jar: string, cacheDir: string): string {
  const dir = join(cacheDir, jar.replace(/^.*\//, "").replace(/\.jar$/, ""));
  if (existsSync(join(dir, "spark/connect/base.proto"))) return dir;
  for (const { name, data } of zipEntries(readFileSync(jar), (n) => WANTED.test(n))) {
    const out = join(dir, name);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, data);
  }
  return dir;
}

/** The entries of a zip archive whose names pass `want`, inflated (stored and deflate methods only). */
function* zipEntries(zip: Buffer, want: (name: string) => boolean): Generator<{ name: string; data: Buffer }> {
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_558); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a zip file");
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let k = 0; k < count; k++) {
    const method = zip.readUInt16LE(p + 10);
    const size = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString("utf8", p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (!want(name)) continue;
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + size);
    yield { name, data: method === 0 ? Buffer.from(raw) : inflateRawSync(raw) };
  }
}
