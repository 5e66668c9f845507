// SQLite declared types → DuckDB column types, following SQLite's own affinity rules
// (https://sqlite.org/datatype3.html §3.1) so a column means in DuckDB what it meant in SQLite.
//
//   declared type contains INT            → BIGINT
//   contains CHAR, CLOB or TEXT           → VARCHAR   (dates stored as TEXT stay VARCHAR: staging casts)
//   contains REAL, FLOA or DOUB           → DOUBLE
//   contains BLOB                         → BLOB
//   no declared type                      → VARCHAR   (values written as their SQLite text)
//   DATE                                  → DATE      (appended as text, then cast; a bad value fails the load)
//   DATETIME, TIMESTAMP                   → TIMESTAMP (likewise)
//   BOOLEAN, BOOL                         → BOOLEAN
//   DECIMAL(p,s), NUMERIC(p,s)            → DECIMAL(p,s) (appended as DOUBLE, then cast)
//   anything else (NUMERIC affinity)      → DOUBLE

/** How a value travels: the vector type we append into, and the final type if a cast follows. */
export interface ColumnPlan {
  name: string;
  declared: string;
  append: "BIGINT" | "DOUBLE" | "VARCHAR" | "BLOB" | "BOOLEAN";
  /** Final DuckDB type when it differs from `append` (cast after the append). */
  castTo?: string;
}

export function planColumn(name: string, declaredRaw: string): ColumnPlan {
  const declared = declaredRaw.trim();
  const t = declared.toUpperCase();
  const base = { name, declared };
  if (t.includes("INT")) return { ...base, append: "BIGINT" };
  if (/CHAR|CLOB|TEXT/.test(t)) return { ...base, append: "VARCHAR" };
  if (/REAL|FLOA|DOUB/.test(t)) return { ...base, append: "DOUBLE" };
  if (t.includes("BLOB")) return { ...base, append: "BLOB" };
  if (t === "") return { ...base, append: "VARCHAR" };
  if (t === "DATE") return { ...base, append: "VARCHAR", castTo: "DATE" };
  if (t === "DATETIME" || t === "TIMESTAMP") return { ...base, append: "VARCHAR", castTo: "TIMESTAMP" };
  if (t === "BOOLEAN" || t === "BOOL") return { ...base, append: "BOOLEAN" };
  const dec = /^(?:DECIMAL|NUMERIC)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/.exec(t);
  if (dec) return { ...base, append: "DOUBLE", castTo: `DECIMAL(${Math.min(Number(dec[1]), 38)}, ${dec[2] ?? 0})` };
  return { ...base, append: "DOUBLE" };
}

/** DuckDB type the column ends up with. */
export const finalType = (c: ColumnPlan): string => c.castTo ?? c.append;
