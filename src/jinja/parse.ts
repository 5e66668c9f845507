// Lexer and parser: nunjucks' own Parser (`nunjucks.parser.Parser`) over its lexer's tokens
// (token-stream.ts), used through its exports, giving a node tree whose nodes carry 0-based line
// and column. The tags dbt adds to
// Jinja (`do`, `test`, `materialization`, `snapshot`, `docs`, and loop controls, which dbt enables)
// come in through nunjucks' extension API (extension-tags.ts). Nothing rewrites the template text.
import nunjucks from "nunjucks";
import { TemplateSyntaxError } from "./errors.js";
import { EXTENSIONS } from "./extension-tags.js";
import { TokenStream } from "./token-stream.js";

/** A node of nunjucks' tree, read by the evaluator by `typename`; fields as nunjucks' nodes.js declares them. */
export interface JNode {
  readonly typename: string;
  lineno: number;
  colno: number;
  children: JNode[];
  value: unknown;
  target: JNode;
  val: JNode;
  left: JNode;
  right: JNode;
  cond: JNode;
  body: JNode;
  else_: JNode | null;
  arr: JNode;
  name: JNode;
  args: JNode;
  targets: JNode[];
  expr: JNode;
  ops: JNode[];
  type: string;
  key: JNode;
  extName: string;
  prop: string;
  contentArgs: JNode[];
  /** Evaluator caches (set once per node). */
  pyFloat?: boolean;
  itemLookup?: boolean;
  isSync?: boolean;
  dataLine?: number;
  usesNames?: ReadonlySet<string>;
}

interface NunjucksParser {
  Parser: new (tokens: TokenStream) => { extensions: readonly unknown[]; parseAsRoot(): JNode };
}
interface NunjucksTemplateError extends Error {
  lineno?: number;
  colno?: number;
}

const parser = (nunjucks as unknown as { parser: NunjucksParser }).parser;

/** A parsed template: its tree plus the source text (for line text in messages and float literals). */
export interface ParsedTemplate {
  file: string;
  source: string;
  root: JNode;
  /** Offsets of each line's first character, for reading a literal's token text. */
  lineStarts: number[];
}

/** Characters Python's str.isspace() accepts: what dbt's `contents.strip()` removes. */
const PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

export interface ParseOptions {
  /**
   * The source is a whole node file (a model, a singular test): dbt reads those with surrounding
   * whitespace stripped (load_file_contents(strip=True)), so leading and trailing whitespace is not
   * template text. Positions still count from the file's first line.
   */
  wholeFile?: boolean;
}

/**
 * Parses Jinja source. Like Jinja2 (keep_trailing_newline=False), one trailing newline is not output.
 * Throws TemplateSyntaxError at the file, line and column nunjucks reports.
 */
export function parseTemplate(source: string, file: string, opts: ParseOptions = {}): ParsedTemplate {
  let begin = 0;
  let text: string;
  if (opts.wholeFile) {
    let end = source.length;
    while (end > 0 && PY_SPACE.test(source[end - 1]!)) end--;
    while (begin < end && PY_SPACE.test(source[begin]!)) begin++;
    text = source.slice(0, end);
  } else {
    text = source.endsWith("\r\n") ? source.slice(0, -2) : source.endsWith("\n") ? source.slice(0, -1) : source;
  }
  let root: JNode;
  const starts = lineStarts(text);
  const tokens = new TokenStream(text, starts, begin);
  try {
    const p = new parser.Parser(tokens);
    p.extensions = EXTENSIONS;
    root = p.parseAsRoot();
  } catch (e) {
    const err = e as NunjucksTemplateError;
    if (!(err instanceof Error)) throw e;
    const open = err.lineno === undefined ? tokens.unclosed() : undefined;
    if (open) {
      const line = open.lineno + 1;
      throw new TemplateSyntaxError(`{% ${open.tag} %} is never closed`, { file, line, column: open.colno + 1, lineText: lineAt(source, line) },
        { cause: e, hint: `add {% end${open.tag} %}` });
    }
    const line = err.lineno ?? undefined;
    const column = err.colno ?? undefined;
    throw new TemplateSyntaxError(cleanMessage(err.message), { file, line, column, lineText: lineAt(source, line) }, { cause: e });
  }
  return { file, source: text, root, lineStarts: starts };
}

/** nunjucks prefixes messages with its internal function name ("parseSet: "); the rest is the message. */
function cleanMessage(msg: string): string {
  const colon = msg.indexOf(": ");
  return colon > 0 && /^parse\w*$/.test(msg.slice(0, colon)) ? msg.slice(colon + 2) : msg;
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) out.push(i + 1);
  return out;
}

export function lineAt(text: string, line: number | undefined): string | undefined {
  if (!line) return undefined;
  return text.split("\n")[line - 1]?.trim();
}

/** The token text at a node's position (0-based line and column), up to `len` characters. */
export function textAt(t: ParsedTemplate, node: JNode, len: number): string {
  const start = t.lineStarts[node.lineno];
  if (start === undefined) return "";
  return t.source.slice(start + node.colno, start + node.colno + len);
}
