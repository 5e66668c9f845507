// Line markers: prepTemplate writes MARK<line>MARK at the start of each template line; after
// rendering, each output line takes the first marker on it (or the last one seen), then markers
// are removed. Lines produced by loops carry their loop body's line; macro output the call's line.
export const MARK = "\u0001";
const MARKER = /\u0001(\d+)\u0001/g;

export function stripMarkers(rendered: string): { sql: string; sourceLines: number[] } {
  const lines = rendered.split("\n");
  const sourceLines: number[] = [];
  let last = 0;
  const out = lines.map((l) => {
    let first = 0;
    const clean = l.replace(MARKER, (_, n: string) => {
      const v = Number(n);
      if (first === 0) first = v;
      last = v;
      return "";
    });
    sourceLines.push(first || last);
    return clean;
  });
  return { sql: out.join("\n"), sourceLines };
}
