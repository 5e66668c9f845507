// Descriptions are Markdown (dbt renders them with `marked` in its docs site too). They are rendered
// here, once, at generate time, so the page carries HTML and no Markdown library. Raw HTML in a
// description is shown as text and links may only be web, mail or in-page ones: a description can
// never run script in the page (the page's CSP would block it anyway).
import { Marked, type Tokens } from "marked";

const SAFE_HREF = /^(https?:|mailto:|#|\.{0,2}\/|[\w.-]+(\/|$))/i;

const escapeHtml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const md = new Marked({ gfm: true, breaks: false, async: false });
md.use({
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(token.text);
    },
    link(this: { parser: { parseInline(t: Tokens.Generic[]): string } }, token: Tokens.Link): string {
      const text = this.parser.parseInline(token.tokens);
      if (!SAFE_HREF.test(token.href)) return text;
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : "";
      const external = /^https?:/i.test(token.href) ? ` rel="noopener noreferrer"` : "";
      return `<a href="${escapeHtml(token.href)}"${title}${external}>${text}</a>`;
    },
    image(token: Tokens.Image): string {
      // Images would be network requests; the site stays offline, so show the alt text.
      return escapeHtml(token.text || token.href);
    },
  },
});

/** HTML for a Markdown description; "" for none. */
export function renderMarkdown(text: string | undefined): string {
  if (!text || text.trim() === "") return "";
  return (md.parse(text) as string).trim();
}

/** Plain text of a description for search and snippets: links become their text, emphasis and code markers go, names keep their underscores. */
export function plainText(text: string | undefined): string {
  return (text ?? "")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/(\*\*|__|`|^#+\s|^>\s?)/gm, "")
    .replace(/\s+/g, " ")
    .trim();
}
