// A tiny strict XML 1.0 well-formedness checker for the JUnit tests: balanced tags, quoted
// attributes, only the five predefined or numeric entities, no raw '<' or '&' in text.
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = "[A-Za-z_:][\\w:.-]*";
const ENTITY = /&(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const TAG = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`);
const ATTR = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, "g");

export function parseXml(xml: string): XmlElement {
  let s = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const root: XmlElement = { name: "#root", attrs: {}, children: [], text: "" };
  const stack = [root];
  while (s.length) {
    const lt = s.indexOf("<");
    const text = lt < 0 ? s : s.slice(0, lt);
    checkText(text);
    stack[stack.length - 1]!.text += decode(text);
    if (lt < 0) break;
    s = s.slice(lt);
    const m = TAG.exec(s);
    if (!m) throw new Error(`malformed tag near: ${s.slice(0, 40)}`);
    s = s.slice(m[0].length);
    const [, close, name, attrText, selfClose] = m;
    if (close) {
      const open = stack.pop()!;
      if (open.name !== name) throw new Error(`</${name}> closes <${open.name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText!.matchAll(ATTR)) {
      const v = a[2] ?? a[3]!;
      checkText(v);
      if (a[1]! in attrs) throw new Error(`duplicate attribute ${a[1]}`);
      attrs[a[1]!] = decode(v);
    }
    const el: XmlElement = { name: name!, attrs, children: [], text: "" };
    stack[stack.length - 1]!.children.push(el);
    if (!selfClose) stack.push(el);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (root.children.length !== 1 || root.text.trim()) throw new Error("document must have exactly one root element");
  return root.children[0]!;
}

function checkText(t: string): void {
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(t)) throw new Error("control character in XML");
  if (t.replace(ENTITY, "").includes("&")) throw new Error(`bad entity in: ${t.slice(0, 40)}`);
}

function decode(t: string): string {
  return t.replace(ENTITY, (e) => {
    const map: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&apos;": "'" };
    if (map[e]) return map[e]!;
    return String.fromCodePoint(e[2] === "x" ? parseInt(e.slice(3, -1), 16) : parseInt(e.slice(2, -1), 10));
  });
}

export function findAll(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => findAll(c, name))];
}
