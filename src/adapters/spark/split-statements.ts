// Spark runs one statement per call; hooks and multi-statement SQL arrive as one string. Splits on
// `;` outside quotes and comments, dropping empty pieces.
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (quote) {
      if (c === quote) quote = sql[i + 1] === quote ? (i++, quote) : undefined;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") quote = c;
    else if (c === "-" && sql[i + 1] === "-") i = (sql.indexOf("\n", i) + 1 || sql.length + 1) - 1;
    else if (c === "/" && sql[i + 1] === "*") i = (sql.indexOf("*/", i + 2) + 2 || sql.length + 1) - 1;
    else if (c === ";") {
      out.push(sql.slice(start, i));
      start = i + 1;
    }
  }
  out.push(sql.slice(start));
  return out.filter((s) => s.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, "").trim() !== "");
}
