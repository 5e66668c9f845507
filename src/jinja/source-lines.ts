// Maps each line of rendered output back to the template line it came from, from the positions
// the evaluator recorded per output part: a database error in compiled SQL can then name the line
// of the model file. A line takes the first part with text on it; blank lines take the line above.
import type { Sink } from "./evaluator.js";

export function sourceLinesOf(sink: Sink): { text: string; sourceLines: number[] } {
  const text = sink.parts.join("");
  const lines = sink.lines ?? [];
  const out: number[] = [0];
  let cur = 0;
  sink.parts.forEach((part, i) => {
    const at = lines[i] ?? 0;
    const base = Math.abs(at);
    let from = 0;
    for (let j = 0; ; j++) {
      const nl = part.indexOf("\n", from);
      const segLen = (nl < 0 ? part.length : nl) - from;
      if (segLen > 0 && out[cur] === 0) out[cur] = at > 0 ? base + j : base;
      if (nl < 0) break;
      from = nl + 1;
      cur++;
      out[cur] = 0;
    }
  });
  for (let k = 1; k < out.length; k++) if (out[k] === 0) out[k] = out[k - 1]!;
  return { text, sourceLines: out };
}
