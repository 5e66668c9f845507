// A compact structural check of dbt's catalog v1 schema (schemas.getdbt.com/dbt/catalog/v1.json):
// the required keys, the allowed keys (the schema forbids any other) and each value's type.
// Returns every violation as "path: problem"; [] means the document fits.

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const strOrNull = (v: unknown) => v === null || typeof v === "string";

function keys(o: Json, path: string, required: string[], allowed: string[], out: string[]): void {
  for (const k of required) if (!(k in o)) out.push(`${path}: missing ${k}`);
  for (const k of Object.keys(o)) if (!allowed.includes(k)) out.push(`${path}: ${k} is not allowed`);
}

export function catalogV1Violations(doc: unknown): string[] {
  const out: string[] = [];
  if (!isObj(doc)) return ["$: not an object"];
  keys(doc, "$", ["metadata", "nodes", "sources"], ["metadata", "nodes", "sources", "errors", "_compile_results"], out);
  const m = doc["metadata"];
  if (!isObj(m)) out.push("$.metadata: not an object");
  else {
    keys(m, "$.metadata", [], ["dbt_schema_version", "dbt_version", "generated_at", "invocation_id", "env"], out);
    for (const k of ["dbt_schema_version", "dbt_version", "generated_at"]) if (k in m && typeof m[k] !== "string") out.push(`$.metadata.${k}: not a string`);
    if ("invocation_id" in m && !strOrNull(m["invocation_id"])) out.push("$.metadata.invocation_id: not a string or null");
    if ("env" in m && (!isObj(m["env"]) || Object.values(m["env"]).some((v) => typeof v !== "string"))) out.push("$.metadata.env: not a string map");
  }
  if ("errors" in doc && doc["errors"] !== null && !(Array.isArray(doc["errors"]) && doc["errors"].every((e) => typeof e === "string"))) out.push("$.errors: not a list of strings or null");
  for (const part of ["nodes", "sources"]) {
    const tables = doc[part];
    if (!isObj(tables)) { out.push(`$.${part}: not an object`); continue; }
    for (const [id, t] of Object.entries(tables)) table(t, `$.${part}["${id}"]`, out);
  }
  return out;
}

function table(t: unknown, path: string, out: string[]): void {
  if (!isObj(t)) { out.push(`${path}: not an object`); return; }
  keys(t, path, ["metadata", "columns", "stats"], ["metadata", "columns", "stats", "unique_id"], out);
  if ("unique_id" in t && !strOrNull(t["unique_id"])) out.push(`${path}.unique_id: not a string or null`);
  const md = t["metadata"];
  if (isObj(md)) {
    keys(md, `${path}.metadata`, ["type", "schema", "name"], ["type", "schema", "name", "database", "comment", "owner"], out);
    for (const k of ["type", "schema", "name"]) if (typeof md[k] !== "string") out.push(`${path}.metadata.${k}: not a string`);
    for (const k of ["database", "comment", "owner"]) if (k in md && !strOrNull(md[k])) out.push(`${path}.metadata.${k}: not a string or null`);
  } else out.push(`${path}.metadata: not an object`);
  const cols = t["columns"];
  if (isObj(cols)) {
    for (const [name, c] of Object.entries(cols)) {
      const cp = `${path}.columns.${name}`;
      if (!isObj(c)) { out.push(`${cp}: not an object`); continue; }
      keys(c, cp, ["type", "index", "name"], ["type", "index", "name", "comment"], out);
      if (typeof c["type"] !== "string") out.push(`${cp}.type: not a string`);
      if (!Number.isInteger(c["index"])) out.push(`${cp}.index: not an integer`);
      if (typeof c["name"] !== "string") out.push(`${cp}.name: not a string`);
      if ("comment" in c && !strOrNull(c["comment"])) out.push(`${cp}.comment: not a string or null`);
    }
  } else out.push(`${path}.columns: not an object`);
  const stats = t["stats"];
  if (isObj(stats)) {
    for (const [k, s] of Object.entries(stats)) {
      const sp = `${path}.stats.${k}`;
      if (!isObj(s)) { out.push(`${sp}: not an object`); continue; }
      keys(s, sp, ["id", "label", "value", "include"], ["id", "label", "value", "include", "description"], out);
      if (typeof s["id"] !== "string" || typeof s["label"] !== "string") out.push(`${sp}: id and label must be strings`);
      if (!["boolean", "string", "number"].includes(typeof s["value"]) && s["value"] !== null) out.push(`${sp}.value: not a boolean, string, number or null`);
      if (typeof s["include"] !== "boolean") out.push(`${sp}.include: not a boolean`);
      if ("description" in s && !strOrNull(s["description"])) out.push(`${sp}.description: not a string or null`);
    }
  } else out.push(`${path}.stats: not an object`);
}
