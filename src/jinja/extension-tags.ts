// The tags dbt's Jinja environment adds (jinja2.ext.do, jinja2.ext.loopcontrols, and dbt's
// MaterializationExtension, TestExtension, DocumentationExtension, plus snapshot blocks), parsed
// through nunjucks' public extension API: an extension lists its `tags` and returns a node built
// from `nodes`. Block tags that define macros return real Macro nodes named as dbt names them
// (`test_<name>`, `materialization_<name>_<adapter>`); the rest return CallExtension nodes whose
// `prop` the evaluator reads.
//
// Expression forms nunjucks' parser has no hook for (slices, loop filters, bare tuples, `*args`
// at call sites, a test's unparenthesised argument) are rewritten per tag at the token level:
// tag-forms.ts.

/* eslint-disable @typescript-eslint/no-explicit-any -- nunjucks' parser and nodes are untyped JS */
type Parser = any;
type Nodes = any;
type Lexer = any;

interface Extension {
  tags: string[];
  parse(parser: Parser, nodes: Nodes, lexer: Lexer): unknown;
}

function located<T extends { lineno?: number; colno?: number }>(node: T, tok: { lineno: number; colno: number }): T {
  node.lineno = tok.lineno;
  node.colno = tok.colno;
  return node;
}

/** `{% do expr %}`: evaluates for its side effect. `{% break %}` / `{% continue %}`: loop controls. */
const statementTags: Extension = {
  tags: ["do", "break", "continue"],
  parse(parser, nodes) {
    const tok = parser.nextToken();
    if (tok.value === "do") {
      const expr = parser.parseExpression();
      parser.advanceAfterBlockEnd(tok.value);
      return located(new nodes.CallExtension("dbt", "do", new nodes.NodeList(tok.lineno, tok.colno, [expr]), []), tok);
    }
    parser.advanceAfterBlockEnd(tok.value);
    return located(new nodes.CallExtension("dbt", tok.value, new nodes.NodeList(tok.lineno, tok.colno, []), []), tok);
  },
};

/** `{% test name(args) %}...{% endtest %}`: the macro `test_<name>`, as dbt's TestExtension defines it. */
const testTag: Extension = {
  tags: ["test"],
  parse(parser, nodes) {
    const tok = parser.nextToken();
    const name = parser.parsePrimary(true);
    const args = parser.parseSignature();
    parser.advanceAfterBlockEnd(tok.value);
    const body = parser.parseUntilBlocks("endtest");
    parser.advanceAfterBlockEnd();
    const macroName = located(new nodes.Symbol(name.lineno, name.colno, `test_${name.value}`), name);
    return located(new nodes.Macro(tok.lineno, tok.colno, macroName, args, body), tok);
  },
};

/**
 * `{% materialization name, default %}`, `{% materialization name, adapter='x', supported_languages=[...] %}`:
 * the macro `materialization_<name>_<adapter>` (adapter "default" unless given) with a
 * `supported_languages` parameter (default ['sql']), as dbt's MaterializationExtension makes it.
 */
const materializationTag: Extension = {
  tags: ["materialization"],
  parse(parser, nodes, lexer) {
    const tok = parser.nextToken();
    const name = parser.parsePrimary(true);
    let adapter = "default";
    let languages = null;
    while (parser.skip(lexer.TOKEN_COMMA)) {
      const key = parser.parsePrimary(true);
      if (key.value === "default") continue;
      if (key.value !== "adapter" && key.value !== "supported_languages") {
        parser.fail(`materialization '${name.value}' takes no argument '${key.value}' (only default, adapter=, supported_languages=)`, key.lineno, key.colno);
      }
      if (!parser.skipValue(lexer.TOKEN_OPERATOR, "=")) parser.fail("expected '=' after materialization argument", key.lineno, key.colno);
      const value = parser.parseExpression();
      if (key.value === "adapter") adapter = String(value.value);
      else languages = value;
    }
    parser.advanceAfterBlockEnd(tok.value);
    const body = parser.parseUntilBlocks("endmaterialization");
    parser.advanceAfterBlockEnd();
    const macroName = located(new nodes.Symbol(name.lineno, name.colno, `materialization_${name.value}_${adapter}`), name);
    const param = new nodes.KeywordArgs(tok.lineno, tok.colno);
    languages ??= new nodes.Array(tok.lineno, tok.colno, [new nodes.Literal(tok.lineno, tok.colno, "sql")]);
    param.addChild(new nodes.Pair(tok.lineno, tok.colno, new nodes.Symbol(tok.lineno, tok.colno, "supported_languages"), languages));
    return located(new nodes.Macro(tok.lineno, tok.colno, macroName, new nodes.NodeList(tok.lineno, tok.colno, [param]), body), tok);
  },
};

/** `{% snapshot name %}...{% endsnapshot %}` and `{% docs name %}...{% enddocs %}`: named blocks with a body. */
const namedBlocks: Extension = {
  tags: ["snapshot", "docs"],
  parse(parser, nodes) {
    const tok = parser.nextToken();
    const name = parser.parsePrimary(true);
    parser.advanceAfterBlockEnd(tok.value);
    const body = parser.parseUntilBlocks(`end${tok.value}`);
    parser.advanceAfterBlockEnd();
    const label = located(new nodes.Literal(name.lineno, name.colno, name.value), name);
    return located(new nodes.CallExtension("dbt", tok.value, new nodes.NodeList(tok.lineno, tok.colno, [label]), [body]), tok);
  },
};

/** `{% with a = 1, b = x %}...{% endwith %}`: names scoped to the block (Jinja2's built-in `with`). */
const withTag: Extension = {
  tags: ["with"],
  parse(parser, nodes, lexer) {
    const tok = parser.nextToken();
    const assigns = new nodes.KeywordArgs(tok.lineno, tok.colno);
    while (!parser.skip(lexer.TOKEN_BLOCK_END)) {
      if (assigns.children.length > 0 && !parser.skip(lexer.TOKEN_COMMA)) parser.fail("expected ',' between with assignments", tok.lineno, tok.colno);
      const name = parser.parsePrimary(true);
      if (!parser.skipValue(lexer.TOKEN_OPERATOR, "=")) parser.fail("expected '=' in with", name.lineno, name.colno);
      assigns.addChild(new nodes.Pair(name.lineno, name.colno, name, parser.parseExpression()));
    }
    const body = parser.parseUntilBlocks("endwith");
    parser.advanceAfterBlockEnd();
    return located(new nodes.CallExtension("dbt", "with", assigns, [body]), tok);
  },
};

export const EXTENSIONS: readonly Extension[] = [statementTags, testTag, materializationTag, namedBlocks, withTag];
