// Escaping for the self-contained HTML pages qe writes (the dashboard, the docs site): their data and
// scripts are inlined, so text must not end a <script> early or be read as markup.

/** Text safe inside an inline <script>: no `</script`, no `<!--`. */
export function scriptSafe(text: string): string {
  return text.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

/** JSON safe inside an inline <script>; it stays valid JSON. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
