// The token source nunjucks' Parser (exported as `parser.Parser`) reads. nunjucks' own Tokenizer
// scans template text one character at a time, building strings a character at a time: on a
// 1,000-model project it was over half of compile time (measured with --cpu-prof). This stream
// finds where tags start and end with indexOf, emits the text between them as nunjucks'
// TOKEN_DATA / TOKEN_COMMENT tokens, and lexes each `{{ }}` / `{% %}` tag as nunjucks' lexer does
// (tag-lexer.ts): same token types, values and 0-based positions, so the Parser and its node tree
// are nunjucks' own. `_extractRegex` and `backN` are the members the Parser calls on its token
// source for `{% raw %}`. Jinja2 forms the Parser does not read are rewritten per tag, at the
// token level, by tag-forms.ts.
import nunjucks from "nunjucks";
import { lexTag } from "./tag-lexer.js";
import { desugarTag } from "./tag-forms.js";

export interface Token {
  type: string;
  value: unknown;
  lineno: number;
  colno: number;
}

interface Lexer {
  TOKEN_DATA: string;
  TOKEN_COMMENT: string;
}

const lexer = (nunjucks as unknown as { lexer: Lexer & Record<string, string> }).lexer;
const SYMBOL_TOKEN = lexer["TOKEN_SYMBOL"];
const BLOCK_TAGS = new Set(["if", "for", "macro", "call", "filter", "set", "raw", "test", "materialization", "snapshot", "docs", "with"]);

export class TokenStream {
  /** The delimiters the Parser reads to apply whitespace control. */
  readonly tags = { BLOCK_START: "{%", BLOCK_END: "%}", VARIABLE_START: "{{", VARIABLE_END: "}}", COMMENT_START: "{#", COMMENT_END: "#}" };
  private index: number;
  private trimNext = false;
  private pending: Token[] = [];
  private pendingAt = 0;

  /** Tokens of src[start, src.length); positions are offsets in the whole of `src`. */
  constructor(private readonly src: string, private readonly lineStarts: readonly number[], start = 0) {
    this.index = start;
  }

  nextToken(): Token | null {
    if (this.pendingAt < this.pending.length) return this.pending[this.pendingAt++]!;
    const src = this.src;
    const at = this.index;
    if (at >= src.length) return null;
    const { line, col } = this.position(at);
    if (src.charCodeAt(at) === 123 /* { */) {
      const next = src[at + 1];
      if (next === "{" || next === "%") {
        const end = tagEnd(src, at + 2, next === "{" ? "}}" : "%}");
        const lexed: Token[] = [];
        lexTag(src, at, end, line, at - col, lexed);
        if (next === "%") this.trackBlock(lexed);
        this.pending = desugarTag(lexed);
        this.pendingAt = 0;
        this.trimNext = this.pending[this.pending.length - 1]?.value === "-%}";
        this.index = end;
        return this.nextToken();
      }
      if (next === "#") {
        const close = src.indexOf("#}", at + 2);
        const end = close < 0 ? src.length : close + 2;
        this.index = end;
        return { type: lexer.TOKEN_COMMENT, value: src.slice(at, end), lineno: line, colno: col };
      }
    }
    const end = nextTagStart(src, at + (src.charCodeAt(at) === 123 ? 1 : 0));
    this.index = end;
    let value = src.slice(at, end);
    // After `-%}` the text's leading whitespace goes (Jinja). The Parser does this itself except
    // where it consumes the tag end with skip() (a `{% set x -%}` block): stripping here too is the same.
    if (this.trimNext) value = value.replace(/^\s+/, "");
    this.trimNext = false;
    return { type: lexer.TOKEN_DATA, value, lineno: line, colno: col };
  }

  /** The innermost block tag still open (for "never closed" when the parser reaches the end). */
  unclosed(): { tag: string; lineno: number; colno: number } | undefined {
    return this.open[this.open.length - 1];
  }

  private readonly open: { tag: string; lineno: number; colno: number }[] = [];

  private trackBlock(words: readonly Token[]): void {
    const name = words[1]?.type === SYMBOL_TOKEN ? String(words[1].value) : "";
    if (BLOCK_TAGS.has(name) && !(name === "set" && words.some((t) => t.value === "="))) {
      this.open.push({ tag: name, lineno: words[0]!.lineno, colno: words[0]!.colno });
    } else if (name.startsWith("end")) {
      const i = this.open.map((o) => o.tag).lastIndexOf(name.slice(3));
      if (i >= 0) this.open.length = i;
    }
  }

  /** For `{% raw %}`: matches `regex` at the current position and moves past the match. */
  _extractRegex(regex: RegExp): RegExpMatchArray | null {
    const m = this.src.slice(this.index).match(regex);
    if (!m) return null;
    this.index += m[0].length;
    return m;
  }

  backN(n: number): void {
    this.index -= n;
  }

  /** 0-based line and column of a source offset. */
  private position(offset: number): { line: number; col: number } {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, col: offset - starts[lo]! };
  }
}

/** Where the next `{{`, `{%` or `{#` starts at or after `from` (or the end). */
function nextTagStart(src: string, from: number): number {
  for (let i = src.indexOf("{", from); i >= 0; i = src.indexOf("{", i + 1)) {
    const c = src[i + 1];
    if (c === "{" || c === "%" || c === "#") return i;
  }
  return src.length;
}

/** The offset just past the tag's closing delimiter; quoted strings inside the tag are skipped, as nunjucks' lexer does. */
function tagEnd(src: string, from: number, close: "}}" | "%}"): number {
  let quote = "";
  for (let i = from; i < src.length; i++) {
    const ch = src[i]!;
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = "";
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === close[0] && src[i + 1] === close[1]) return i + 2;
  }
  return src.length;
}
