// Text widths for laying out charts in Node. Vega measures text with a canvas when it has one
// (the browser) and otherwise guesses 0.8 em per character, which is far too wide for DejaVu Sans
// (librsvg's sans-serif on Debian): titles and rotated axis labels got big empty margins and
// legends were cut early. These are DejaVu Sans advance widths (1/1000 em, ASCII 32-126), so the
// layout matches what sharp draws; other characters count as a digit.
import * as vega from "vega";

const REGULAR: readonly number[] = [
  318,401,460,838,636,950,780,275,390,390,500,838,318,361,318,337,636,636,636,636,636,636,636,636,
  636,636,337,337,838,838,838,531,1000,684,686,698,770,632,575,775,752,295,295,656,557,863,748,
  787,603,787,695,635,611,732,684,989,685,611,685,390,337,390,838,500,500,613,635,550,635,615,352,
  635,634,278,278,579,278,974,634,612,635,635,411,521,392,634,592,818,592,592,525,636,337,636,838,
];

const BOLD: readonly number[] = [
  348,456,521,838,696,1002,872,306,457,457,523,838,380,415,380,365,696,696,696,696,696,696,696,
  696,696,696,400,400,838,838,838,580,1000,774,762,734,830,683,683,821,837,372,372,775,637,995,
  837,850,733,850,770,720,682,812,774,1103,771,724,725,457,365,457,838,500,500,675,716,593,716,
  678,435,716,712,343,343,665,343,1042,712,687,716,716,493,595,478,712,652,924,645,652,582,712,
  365,712,838,
];

const OTHER = 636;

function isBold(weight: unknown): boolean {
  return weight === "bold" || weight === "bolder" || (typeof weight === "number" && weight >= 600) || (typeof weight === "string" && Number(weight) >= 600);
}

/** Width in px of `text` at `fontSize` px in DejaVu Sans (bold when asked). */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const table = bold ? BOLD : REGULAR;
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    units += code >= 32 && code <= 126 ? table[code - 32]! : OTHER;
  }
  return (units * fontSize) / 1000;
}

interface TextItem {
  text?: unknown;
  fontSize?: number;
  fontWeight?: unknown;
  limit?: number;
}

let installed = false;

/** Makes vega (in this process) lay text out with these widths; idempotent. */
export function useDejaVuTextMetrics(): void {
  if (installed) return;
  installed = true;
  // Vega supports a user-defined textMetrics.width (vl-convert does the same); its typings omit it.
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } }).textMetrics;
  metrics.width = (item, text) => {
    const size = item.fontSize ?? 11;
    const s = text === undefined || text === null ? "" : String(text).trim();
    const w = size <= 0 ? 0 : textWidth(s, size, isBold(item.fontWeight));
    // Vega truncates a label to `limit` (calling back here for the pieces), so bounds never exceed it.
    return item.limit !== undefined && item.limit > 0 ? Math.min(w, item.limit) : w;
  };
}
