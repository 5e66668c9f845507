// Tokens of one `{{ ... }}` / `{% ... %}` tag, as nunjucks' lexer (src/lexer.js, in-code mode)
// makes them: the same token types (its exported TOKEN_* names), values and positions, so
// nunjucks' Parser reads them unchanged. Written here because nunjucks' Tokenizer builds every
// token a character at a time through method calls: lexing tags with it cost a third of a
// 1,000-model compile. Differences: no whitespace tokens (the Parser skips them), no `r/regex/`
// literals (not Jinja; `r/2` divides), and Jinja2's `+` modifiers (`{%+`, `{{+`, `+%}`), which
// turn off lstrip_blocks/trim_blocks: dbt enables neither, so they are read and change nothing.
import nunjucks from "nunjucks";
import type { Token } from "./token-stream.js";

const T = (nunjucks as unknown as { lexer: Record<string, string> }).lexer;
const WHITESPACE = " \n\t\r\u00a0";
const DELIMITERS = "()[]{}%*-+~/#,:|.<>=!";
const COMPLEX_OPS = new Set(["==", "===", "!=", "!==", "<=", ">=", "//", "**"]);
const SINGLE: Record<string, string> = {
  "(": T["TOKEN_LEFT_PAREN"]!, ")": T["TOKEN_RIGHT_PAREN"]!, "[": T["TOKEN_LEFT_BRACKET"]!, "]": T["TOKEN_RIGHT_BRACKET"]!,
  "{": T["TOKEN_LEFT_CURLY"]!, "}": T["TOKEN_RIGHT_CURLY"]!, ",": T["TOKEN_COMMA"]!, ":": T["TOKEN_COLON"]!, "~": T["TOKEN_TILDE"]!, "|": T["TOKEN_PIPE"]!,
};
const INT = /^[-+]?[0-9]+$/;

/**
 * Lexes src[start, end) (one tag, from its opening delimiter) into `out`. `line` and `lineStart`
 * are the 0-based line of `start` and the offset where that line begins.
 */
export function lexTag(src: string, start: number, end: number, line: number, lineStart: number, out: Token[]): void {
  let i = start;
  const push = (type: string, value: unknown, at: number, ln: number, ls: number) => out.push({ type, value, lineno: ln, colno: at - ls });
  const open = src.startsWith("{%", i) ? "{%" : "{{";
  const openTok = src[i + 2] === "-" ? `${open}-` : open;
  push(open === "{%" ? T["TOKEN_BLOCK_START"]! : T["TOKEN_VARIABLE_START"]!, openTok, i, line, lineStart);
  i += openTok.length + (src[i + 2] === "+" ? 1 : 0);
  while (i < end) {
    const at = i;
    const ln = line;
    const ls = lineStart;
    const c = src[i]!;
    if (c === '"' || c === "'") {
      let s = "";
      i++;
      while (i < end && src[i] !== c) {
        if (src[i] === "\\") {
          i++;
          const e = src[i];
          s += e === "n" ? "\n" : e === "t" ? "\t" : e === "r" ? "\r" : e ?? "";
        } else {
          if (src[i] === "\n") { line++; lineStart = i + 1; }
          s += src[i];
        }
        i++;
      }
      i++;
      push(T["TOKEN_STRING"]!, s, at, ln, ls);
    } else if (WHITESPACE.includes(c)) {
      while (i < end && WHITESPACE.includes(src[i]!)) {
        if (src[i] === "\n") { line++; lineStart = i + 1; }
        i++;
      }
    } else if (src.startsWith("%}", i) || src.startsWith("-%}", i) || src.startsWith("+%}", i)) {
      const v = c === "-" ? "-%}" : "%}";
      i += c === "%" ? 2 : 3;
      push(T["TOKEN_BLOCK_END"]!, v, at, ln, ls);
    } else if (src.startsWith("}}", i) || src.startsWith("-}}", i)) {
      const v = c === "-" ? "-}}" : "}}";
      i += v.length;
      push(T["TOKEN_VARIABLE_END"]!, v, at, ln, ls);
    } else if (DELIMITERS.includes(c)) {
      i++;
      let op = c;
      if (COMPLEX_OPS.has(c + (src[i] ?? ""))) {
        op = c + src[i];
        i++;
        if (COMPLEX_OPS.has(op + (src[i] ?? ""))) {
          op += src[i];
          i++;
        }
      }
      push(SINGLE[op] ?? T["TOKEN_OPERATOR"]!, op, at, ln, ls);
    } else {
      while (i < end && !WHITESPACE.includes(src[i]!) && !DELIMITERS.includes(src[i]!)) i++;
      const tok = src.slice(at, i);
      if (INT.test(tok)) {
        if (src[i] === ".") {
          i++;
          const d = i;
          while (i < end && src.charCodeAt(i) >= 48 && src.charCodeAt(i) <= 57) i++;
          push(T["TOKEN_FLOAT"]!, `${tok}.${src.slice(d, i)}`, at, ln, ls);
        } else push(T["TOKEN_INT"]!, tok, at, ln, ls);
      } else if (tok === "true" || tok === "false") push(T["TOKEN_BOOLEAN"]!, tok, at, ln, ls);
      else if (tok === "none" || tok === "null") push(T["TOKEN_NONE"]!, tok, at, ln, ls);
      else push(T["TOKEN_SYMBOL"]!, tok, at, ln, ls);
    }
  }
}
