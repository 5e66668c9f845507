// Descriptions render as Markdown, but can never put markup or script into the docs page.
import { describe, expect, it } from "vitest";
import { plainText, renderMarkdown } from "../../../src/docs/markdown.js";

describe("renderMarkdown", () => {
  it("renders Markdown: emphasis, code, lists, tables, web links", () => {
    const html = renderMarkdown("**Pass rate** is `passed / enrolments`.\n\n- a\n- b\n\n| k | v |\n|---|---|\n| x | 1 |\n\n[OfS B3](https://www.officeforstudents.org.uk/)");
    expect(html).toContain("<strong>Pass rate</strong>");
    expect(html).toContain("<code>passed / enrolments</code>");
    expect(html).toContain("<li>a</li>");
    expect(html).toContain("<td>x</td>");
    expect(html).toContain('<a href="https://www.officeforstudents.org.uk/" rel="noopener noreferrer">OfS B3</a>');
  });

  it("shows raw HTML as text, drops script links and never loads images", () => {
    const html = renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) ![chart](https://example.org/x.png)');
    expect(html).not.toMatch(/<script|<img|javascript:|<a /);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("click");
    expect(html).toContain("chart");
  });

  it("gives nothing for no description", () => {
    expect(renderMarkdown(undefined)).toBe("");
    expect(renderMarkdown("  ")).toBe("");
  });
});

describe("plainText", () => {
  it("keeps names with underscores and link text, drops Markdown markers", () => {
    expect(plainText("**Seed KPI 1.** Uses `var('pass_mark')`; see [docs](https://x.org)\n# h")).toBe("Seed KPI 1. Uses var('pass_mark'); see docs h");
  });
});
