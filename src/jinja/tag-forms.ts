// Jinja2 forms nunjucks' Parser does not read, rewritten per tag at the token level into token
// sequences it does read; each gives a node the evaluator reads with Jinja2's meaning. The
// template text is never rewritten, and every token keeps (or, when added, borrows) the position
// of a source token, so errors stay located.
//   f(a,)  [a,]  {k: v,}      → f(a)  [a]  {k: v}           trailing commas carry no meaning
//   (1, 2,)                   → (1, 2)
//   (1,)                      → #tuple(1)                    a one-element tuple
//   {% set a, b = b, a %}     → {% set a, b = (b, a) %}      tuples without parentheses: set
//   {{ a, b }}, for x in a, b → {{ (a, b) }}, ...            values, output, for iterables
//   x[1:], x[::-1]            → x[#slice(1, none, none)]     slices (None is an omitted bound)
//   x[a, b]                   → x[(a, b)]                    a tuple key
//   f(*xs, **kw)              → f(#star(xs), #kwstar(kw))    argument unpacking at a call
//   x is sameas none          → x is sameas(none)            a test's one argument, unparenthesised
//   {k | lower: v}            → {(k | lower): v}             a dict key that is more than a primary
//   {% if x: %}               → {% if x %}                   the colon Jinja2 allows after a header
//   'a' 'b'                   → 'ab'                         adjacent string literals
// The `#` names cannot come from a template (`#` never lexes into a name); the evaluator treats a
// call of one as the form above (INTRINSICS). Errors Jinja2 raises that nunjucks' Parser would not:
// `{% for x in xs if c else d %}` (that `if` filters the loop), call arguments out of Jinja2's
// order (`f(a=1, 2)`, `f(**kw, a=1)`), a subscript's trailing comma (`x[0,]`).
import nunjucks from "nunjucks";
import type { Token } from "./token-stream.js";

const L = (nunjucks as unknown as { lexer: Record<string, string> }).lexer;
const LP = L["TOKEN_LEFT_PAREN"]!;
const RP = L["TOKEN_RIGHT_PAREN"]!;
const LB = L["TOKEN_LEFT_BRACKET"]!;
const RB = L["TOKEN_RIGHT_BRACKET"]!;
const LC = L["TOKEN_LEFT_CURLY"]!;
const RC = L["TOKEN_RIGHT_CURLY"]!;
const COMMA = L["TOKEN_COMMA"]!;
const COLON = L["TOKEN_COLON"]!;
const OP = L["TOKEN_OPERATOR"]!;
const SYM = L["TOKEN_SYMBOL"]!;
const NONE = L["TOKEN_NONE"]!;
const BOOL = L["TOKEN_BOOLEAN"]!;
const VAR_START = L["TOKEN_VARIABLE_START"]!;
const BLOCK_START = L["TOKEN_BLOCK_START"]!;
const CLOSER: Record<string, string> = { [LP]: RP, [LB]: RB, [LC]: RC };
/** Words that end an expression's operand: a `(` after one opens a group, not a call. */
const KEYWORDS = new Set(["in", "and", "or", "not", "if", "else", "is"]);
const STR = L["TOKEN_STRING"]!;
const LITERALS = new Set([STR, L["TOKEN_INT"]!, L["TOKEN_FLOAT"]!, BOOL, NONE]);
/** Tags whose header may end in a colon (Jinja2's parse_statements skips one before the body). */
const BODY_TAGS = new Set(["if", "elif", "else", "for", "macro", "call", "filter", "with", "test", "materialization", "docs", "snapshot"]);
/** Token types that start a test's unparenthesised argument (Jinja2's parser.parse_test). */
const TEST_ARG_START = new Set([SYM, ...LITERALS, LB, LC]);

/** The names of the calls the rewrites produce; the evaluator gives each its Jinja2 meaning. */
export const INTRINSICS = { tuple: "#tuple", slice: "#slice", star: "#star", kwstar: "#kwstar" } as const;

/** A tag Jinja2 would refuse where nunjucks' Parser would not; lineno/colno are 1-based, as nunjucks' errors are. */
export class TagSyntaxError extends Error {
  constructor(message: string, readonly lineno: number, readonly colno: number) {
    super(message);
  }
}

/**
 * The Parser-ready tokens of one tag (`{{ ... }}` or `{% ... %}`, delimiters included): `tokens`
 * itself when no form above occurs (almost every tag), else a rewritten copy. Throws TagSyntaxError.
 */
export function desugarTag(tokens: Token[]): Token[] {
  const forTag = tokens[0]?.type === BLOCK_START && tokens[1]?.value === "for";
  let prev = "";
  for (const t of tokens) {
    const ty = t.type;
    if (ty === COMMA || ty === COLON || (ty === OP && (t.value === "*" || t.value === "**")) || (ty === SYM && (t.value === "is" || (forTag && t.value === "if")))
      || (ty === STR && prev === STR)) {
      return new TagRewrite(tokens).run();
    }
    prev = ty;
  }
  return tokens;
}

type ParenKind = "call" | "signature" | "group";

class TagRewrite {
  private readonly n: number;
  /** Opener index → its closer's index (and closer → opener); -1 elsewhere. */
  private readonly match: Int32Array;
  /** Per token, the index of the innermost bracket holding it (-1 at the top level). */
  private readonly parent: Int32Array;
  private readonly before = new Map<number, Token[]>();
  private readonly after = new Map<number, Token[]>();
  private readonly replace = new Map<number, Token[]>();

  constructor(private readonly t: Token[]) {
    this.n = t.length;
    this.match = new Int32Array(this.n).fill(-1);
    this.parent = new Int32Array(this.n).fill(-1);
  }

  run(): Token[] {
    if (!this.matchBrackets()) return this.t; // unbalanced: nunjucks' Parser reports it
    const t = this.t;
    const commas = new Map<number, number[]>();
    const colons = new Map<number, number[]>();
    for (let i = 0; i < this.n; i++) {
      const into = t[i]!.type === COMMA ? commas : t[i]!.type === COLON ? colons : null;
      if (into) {
        const p = this.parent[i]!;
        const list = into.get(p);
        if (list) list.push(i);
        else into.set(p, [i]);
      }
    }
    this.implicitTuple(commas.get(-1) ?? []);
    this.blockColon(colons.get(-1) ?? []);
    this.adjacentStrings();
    for (let i = 0; i < this.n; i++) {
      const ty = t[i]!.type;
      if (ty === LP) this.paren(i, commas.get(i) ?? []);
      else if (ty === LB) this.bracket(i, commas.get(i) ?? [], colons.get(i) ?? []);
      else if (ty === LC) this.dict(i, commas.get(i) ?? [], colons.get(i) ?? []);
      else if (ty === SYM && t[i]!.value === "is") this.testArgument(i);
    }
    if (this.before.size + this.after.size + this.replace.size === 0) return t;
    const out: Token[] = [];
    for (let i = 0; i <= this.n; i++) {
      const b = this.before.get(i);
      if (b) out.push(...b);
      if (i === this.n) break;
      const r = this.replace.get(i);
      if (r) out.push(...r);
      else out.push(t[i]!);
      const a = this.after.get(i);
      if (a) out.push(...a);
    }
    return out;
  }

  private matchBrackets(): boolean {
    const stack: number[] = [];
    for (let i = 0; i < this.n; i++) {
      const ty = this.t[i]!.type;
      this.parent[i] = stack.length > 0 ? stack[stack.length - 1]! : -1;
      if (ty === LP || ty === LB || ty === LC) stack.push(i);
      else if (ty === RP || ty === RB || ty === RC) {
        const open = stack.pop();
        if (open === undefined || CLOSER[this.t[open]!.type] !== ty) return false;
        this.match[open] = i;
        this.match[i] = open;
      }
    }
    return stack.length === 0;
  }

  /** Where a tag holds a bare tuple (set value, output, for iterable): the range and its top-level commas. */
  private implicitTuple(topCommas: readonly number[]): void {
    const t = this.t;
    const last = t[this.n - 1]!;
    const end = last.type === L["TOKEN_BLOCK_END"] || last.type === L["TOKEN_VARIABLE_END"] ? this.n - 1 : this.n;
    let start = -1;
    let stop = end;
    if (t[0]!.type === VAR_START) start = 1;
    else if (t[0]!.type === BLOCK_START && t[1]?.value === "set") {
      const eq = this.topLevel(2, end, (x) => x.type === OP && x.value === "=");
      if (eq >= 0) start = eq + 1;
    } else if (t[0]!.type === BLOCK_START && t[1]?.value === "for") {
      const inAt = this.topLevel(2, end, (x) => x.type === SYM && x.value === "in");
      if (inAt >= 0) {
        start = inAt + 1;
        const ifAt = this.topLevel(start, end, (x) => x.type === SYM && x.value === "if");
        if (ifAt >= 0) {
          stop = ifAt;
          this.checkLoopFilter(ifAt, end);
        }
      }
    }
    if (start < 0 || start >= stop) return;
    const inside = topCommas.filter((c) => c >= start && c < stop);
    if (inside.length === 0) return;
    const first = t[start]!;
    const trailing = inside[inside.length - 1] === stop - 1;
    if (trailing && inside.length === 1) this.add(this.before, start, [synth(SYM, INTRINSICS.tuple, first), synth(LP, "(", first)]);
    else this.add(this.before, start, [synth(LP, "(", first)]);
    if (trailing) this.replace.set(stop - 1, []);
    this.add(this.before, stop, [synth(RP, ")", t[stop - 1]!)]);
  }

  /** `'a' 'b'`: adjacent string literals are one string, as in Python and Jinja2. */
  private adjacentStrings(): void {
    const t = this.t;
    for (let i = 0; i < this.n - 1; i++) {
      if (t[i]!.type !== STR || t[i + 1]!.type !== STR) continue;
      let value = String(t[i]!.value);
      let j = i + 1;
      for (; j < this.n && t[j]!.type === STR; j++) {
        value += String(t[j]!.value);
        this.replace.set(j, []);
      }
      this.replace.set(i, [{ ...t[i]!, value }]);
      i = j - 1;
    }
  }

  /** `{% if x: %}`: Jinja2 skips a colon that ends the header of a tag with a body (dbt's own macros write one). */
  private blockColon(topColons: readonly number[]): void {
    const last = topColons[topColons.length - 1];
    const t = this.t;
    if (last === undefined || last !== this.n - 2 || t[0]!.type !== BLOCK_START || t[this.n - 1]!.type !== L["TOKEN_BLOCK_END"]) return;
    const tag = String(t[1]?.value);
    const blockSet = tag === "set" && this.topLevel(2, this.n - 1, (x) => x.type === OP && x.value === "=") < 0;
    if (BODY_TAGS.has(tag) || blockSet) this.replace.set(last, []);
  }

  /** `{k | f: v}`: a dict key is any expression in Jinja2, a primary for nunjucks' Parser, so a longer key is parenthesised. */
  private dict(open: number, commas: readonly number[], colons: readonly number[]): void {
    this.dropTrailingComma(open, commas);
    const close = this.match[open]!;
    const starts = [open + 1, ...commas.map((c) => c + 1)];
    for (const s of starts) {
      const colon = colons.find((c) => c >= s);
      if (colon === undefined || colon > close || colon - s < 2 || commas.some((c) => c > s && c < colon)) continue;
      this.add(this.before, s, [synth(LP, "(", this.t[s]!)]);
      this.add(this.before, colon, [synth(RP, ")", this.t[colon - 1]!)]);
    }
  }

  /** `{% for x in xs if a else b %}`: the loop filter's `if` takes no `else` (one that belongs to a later inline if is fine). */
  private checkLoopFilter(ifAt: number, end: number): void {
    let open = 0;
    for (let i = ifAt + 1; i < end; i++) {
      const x = this.t[i]!;
      if (this.parent[i] !== -1 || x.type !== SYM) continue;
      if (x.value === "if") open++;
      else if (x.value === "else" && open-- === 0) {
        throw new TagSyntaxError("expected token 'end of statement block', got 'else' (a loop's `if` filters items and takes no else)", x.lineno + 1, x.colno + 1);
      }
    }
  }

  /** The first top-level token in [from, to) satisfying `test`, or -1. */
  private topLevel(from: number, to: number, test: (x: Token) => boolean): number {
    for (let i = from; i < to; i++) if (this.parent[i] === -1 && test(this.t[i]!)) return i;
    return -1;
  }

  /** Whether the `[` at `open` subscripts the value before it (`x[1:]`, `'abc'[1:]`), not a list literal. */
  private isSubscript(open: number): boolean {
    const prev = this.t[open - 1];
    if (!prev) return false;
    if (prev.type === SYM) return !(this.t[0]!.type === BLOCK_START && open === 2) && !KEYWORDS.has(String(prev.value));
    return prev.type === RP || prev.type === RB || prev.type === RC || LITERALS.has(prev.type);
  }

  private parenKind(open: number): ParenKind {
    const prev = this.t[open - 1];
    if (!prev) return "group";
    const block = this.t[0]!.type === BLOCK_START;
    // {% call(args) m() %}, {% macro m(args) %}, {% test m(args) %}: a signature, not a call.
    if (block && open === 2 && prev.value === "call") return "signature";
    if (block && open === 3 && (this.t[1]!.value === "macro" || this.t[1]!.value === "test")) return "signature";
    // After a tag's name (`{% if (a, b) %}`) or a keyword, `(` opens a group.
    if (prev.type === SYM) return (block && open === 2) || KEYWORDS.has(String(prev.value)) ? "group" : "call";
    return prev.type === RP || prev.type === RB ? "call" : "group";
  }

  private paren(open: number, commas: readonly number[]): void {
    const kind = this.parenKind(open);
    const close = this.match[open]!;
    if (kind === "call") this.starArguments(open, close, commas);
    if (kind !== "group") return this.dropTrailingComma(open, commas);
    if (commas.length === 0 || commas[commas.length - 1] !== close - 1) return;
    // (x,) is a one-element tuple; (x, y,) a tuple whatever the trailing comma.
    if (commas.length === 1) this.replace.set(open, [synth(SYM, INTRINSICS.tuple, this.t[open]!), this.t[open]!]);
    this.replace.set(close - 1, []);
  }

  private dropTrailingComma(open: number, commas: readonly number[]): void {
    const last = commas[commas.length - 1];
    if (last !== undefined && last === this.match[open]! - 1) this.replace.set(last, []);
  }

  /**
   * `f(*xs, **kw)`: each `*`/`**` starting an argument wraps that argument in #star/#kwstar. The
   * order Jinja2 requires (positional, `*xs`, keyword, `**kw` last) is checked here, as nunjucks'
   * Parser would take `f(a=1, 2)` or `f(**kw, a=1)`.
   */
  private starArguments(open: number, close: number, commas: readonly number[]): void {
    const t = this.t;
    const starts = [open + 1, ...commas.map((c) => c + 1)];
    const ends = [...commas, close];
    let star = false;
    let keyword = false;
    let kwstar = false;
    starts.forEach((s, k) => {
      if (s >= close) return;
      const tok = t[s]!;
      const unpack = tok.type === OP && (tok.value === "*" || tok.value === "**") ? tok.value : null;
      const named = unpack === null && tok.type === SYM && t[s + 1]?.type === OP && t[s + 1]!.value === "=";
      const bad = kwstar || (unpack === "*" && star) || (unpack === null && !named && (star || keyword));
      if (bad) throw new TagSyntaxError("invalid syntax for function call expression (arguments go positional, *args, keyword, **kwargs)", tok.lineno + 1, tok.colno + 1);
      if (unpack === "*") star = true;
      else if (unpack === "**") kwstar = true;
      else if (named) keyword = true;
      if (!unpack) return;
      this.replace.set(s, [synth(SYM, unpack === "*" ? INTRINSICS.star : INTRINSICS.kwstar, tok), synth(LP, "(", tok)]);
      this.add(this.before, ends[k]!, [synth(RP, ")", t[ends[k]! - 1]!)]);
    });
  }

  /** `x[a:b:c]` with any part omitted → `x[#slice(a, b, c)]`, an omitted part being none. */
  private bracket(open: number, commas: readonly number[], colons: readonly number[]): void {
    const subscript = this.isSubscript(open);
    if (subscript && commas.length > 0 && colons.length === 0) return this.tupleKey(open, commas);
    if (colons.length === 0 || colons.length > 2 || commas.length > 0 || !subscript) return this.dropTrailingComma(open, commas);
    const close = this.match[open]!;
    const bounds = [open, ...colons, close];
    const none = (at: number) => synth(NONE, "none", this.t[at]!);
    const openTok = this.t[open]!;
    this.replace.set(open, [openTok, synth(SYM, INTRINSICS.slice, openTok), synth(LP, "(", openTok)]);
    for (let k = 1; k < bounds.length; k++) {
      const at = bounds[k]!;
      const empty = at === bounds[k - 1]! + 1;
      const fill = empty ? [none(at)] : [];
      if (at !== close) this.replace.set(at, [...fill, synth(COMMA, ",", this.t[at]!)]);
      else this.replace.set(at, [...fill, ...(colons.length === 1 ? [synth(COMMA, ",", this.t[at]!), none(at)] : []), synth(RP, ")", this.t[at]!), this.t[at]!]);
    }
  }

  /** `x[a, b]` subscripts with the tuple (a, b), as Python does (`validation.any[list, basestring]` in dbt-spark). */
  private tupleKey(open: number, commas: readonly number[]): void {
    const close = this.match[open]!;
    const [o, c] = [this.t[open]!, this.t[close]!];
    if (commas[commas.length - 1] === close - 1) throw new TagSyntaxError("unexpected ']' (a subscript takes no trailing comma)", c.lineno + 1, c.colno + 1);
    this.replace.set(open, [o, synth(LP, "(", o)]);
    this.replace.set(close, [synth(RP, ")", c), c]);
  }

  /**
   * `x is name arg`: Jinja2 reads one primary (with its postfix `.a`, `[i]`, `(args)`) as the test's
   * argument when the token after the test name can start one and is not `else`, `or`, `and`.
   */
  private testArgument(is: number): void {
    const t = this.t;
    let j = is + 1;
    if (t[j]?.type === SYM && t[j]!.value === "not") j++;
    const name = t[j];
    if (!name || (name.type !== SYM && name.type !== NONE && name.type !== BOOL)) return;
    j++;
    while (t[j]?.type === OP && t[j]!.value === "." && t[j + 1]?.type === SYM) j += 2;
    const arg = t[j];
    if (!arg || !TEST_ARG_START.has(arg.type) || (arg.type === SYM && ["else", "or", "and"].includes(String(arg.value)))) return;
    let end = arg.type === LB || arg.type === LC ? this.match[j]! : j;
    for (;;) {
      const next = t[end + 1];
      if (next?.type === OP && next.value === "." && t[end + 2] && (t[end + 2]!.type === SYM || t[end + 2]!.type === L["TOKEN_INT"])) end += 2;
      else if (next?.type === LB || next?.type === LP) end = this.match[end + 1]!;
      else break;
    }
    this.add(this.before, j, [synth(LP, "(", arg)]);
    this.add(this.after, end, [synth(RP, ")", t[end]!)]);
  }

  private add(map: Map<number, Token[]>, at: number, tokens: Token[]): void {
    const list = map.get(at);
    if (list) list.push(...tokens);
    else map.set(at, tokens);
  }
}

/** A token the rewrite adds, placed at the source token it stands for. */
function synth(type: string, value: string, at: Token): Token {
  return { type, value, lineno: at.lineno, colno: at.colno };
}
