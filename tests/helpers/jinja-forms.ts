// Which Jinja forms qe's parser reads yet (README "Not parsed yet"). Tests over unmodified public
// macros that use one of the missing forms skip, saying which, until src/jinja reads it.
import { parseTemplate } from "../../src/jinja/index.js";

function parses(text: string): boolean {
  try {
    parseTemplate(text, "probe.sql");
    return true;
  } catch {
    return false;
  }
}

/** dbt_utils 1.3.3 needs slices (`_is_ephemeral`), `**kwargs` (`not_null_proportion`) and `*varargs` (`surrogate_key`) at call sites. */
export const MISSING_FOR_DBT_UTILS: string[] = [
  ...(parses("{{ x[(p|length):] }}") ? [] : ["slices (x[a:])"]),
  ...(parses("{{ f(a, **kwargs) }}") ? [] : ["**kwargs at a call site"]),
  ...(parses("{{ f(a, *varargs) }}") ? [] : ["*varargs at a call site"]),
];
