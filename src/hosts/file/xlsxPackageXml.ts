/**
 * Small, exact edits of the XML parts of an .xlsx package (workbook.xml, styles.xml,
 * relationships, content types) for the package writer: find an element, read or set an
 * attribute, list the children of a collection. Everything not edited stays byte for byte.
 *
 * Not a general XML parser: it relies on what SpreadsheetML parts are (no CDATA or comments
 * inside the elements it edits, no nesting of an element in itself). Element names may carry
 * a namespace prefix (`<x:sheet>`); callers pass the prefix they found on the root element.
 * Browser-safe and pure.
 */

/** XML text or attribute value with its entities and character references decoded. */
export function decodeXml(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|quot|apos|amp);/g, (_m, e: string) => {
    if (e === "lt") return "<";
    if (e === "gt") return ">";
    if (e === "quot") return '"';
    if (e === "apos") return "'";
    if (e === "amp") return "&";
    const code = e.startsWith("#x") ? parseInt(e.slice(2), 16) : Number(e.slice(1));
    return String.fromCodePoint(code);
  });
}

/** Attributes of a start tag (quoted values may hold `>`). */
const ATTRS = `(?:\\s+[^\\s=/>]+\\s*=\\s*(?:"[^"]*"|'[^']*'))*\\s*`;

function attrPattern(name: string): RegExp {
  return new RegExp(`(\\s)${name.replace(/[:.]/g, "\\$&")}\\s*=\\s*("[^"]*"|'[^']*')`);
}

/** The decoded value of attribute `name` (with its prefix, `r:id`) in a start tag, or undefined. */
export function attrOf(tag: string, name: string): string | undefined {
  const m = attrPattern(name).exec(tag);
  return m ? decodeXml(m[2]!.slice(1, -1)) : undefined;
}

/** Escape an attribute value for double quotes (markup characters only: callers give plain values). */
function quoteAttr(v: string): string {
  return v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * A start tag with attribute `name` set to `value` (already escaped when `escaped`), or removed
 * when `value` is null. A new attribute goes at the end of the tag.
 */
export function setAttr(tag: string, name: string, value: string | null, escaped = false): string {
  const re = attrPattern(name);
  if (value === null) return tag.replace(re, "");
  const text = escaped ? value : quoteAttr(value);
  if (re.test(tag)) return tag.replace(re, (_m, space: string) => `${space}${name}="${text}"`);
  const close = tag.endsWith("/>") ? tag.length - 2 : tag.length - 1;
  return `${tag.slice(0, close).replace(/\s+$/, "")} ${name}="${text}"${tag.slice(close)}`;
}

/** The namespace prefix (`x:` or "") of the first element named `localName`, or null when there is none. */
export function elementPrefix(xml: string, localName: string): string | null {
  const m = new RegExp(`<([A-Za-z_][\\w.-]*:)?${localName}[\\s/>]`).exec(xml);
  return m ? (m[1] ?? "") : null;
}

/** Where an element sits in a text. */
export interface ElementSpan {
  /** Index of `<`. */
  readonly start: number;
  /** The start tag (`<sheets>`, `<dxfs count="0"/>`). */
  readonly tag: string;
  /** Index just after the start tag. */
  readonly innerStart: number;
  /** Index of the end tag (`</sheets>`); equals `innerStart` for an empty-element tag. */
  readonly innerEnd: number;
  /** Index just after the element. */
  readonly end: number;
  readonly selfClosing: boolean;
}

/**
 * The first element `<{prefix}{name}>` at or after `from` (its start tag, content and end tag),
 * or null. The element must not contain another element of the same name.
 */
export function findElement(xml: string, prefix: string, name: string, from = 0): ElementSpan | null {
  const open = new RegExp(`<${prefix}${name}(?=[\\s/>])${ATTRS}/?>`, "g");
  open.lastIndex = from;
  const m = open.exec(xml);
  if (!m) return null;
  const tag = m[0];
  const innerStart = m.index + tag.length;
  if (tag.endsWith("/>")) return { start: m.index, tag, innerStart, innerEnd: innerStart, end: innerStart, selfClosing: true };
  const closeTag = `</${prefix}${name}>`;
  const innerEnd = xml.indexOf(closeTag, innerStart);
  if (innerEnd < 0) throw new Error(`the element <${prefix}${name}> is not closed`);
  return { start: m.index, tag, innerStart, innerEnd, end: innerEnd + closeTag.length, selfClosing: false };
}

/** The elements `<{prefix}{name}>` in a text, whole (start tag to end tag), in order. They must not nest. */
export function listElements(xml: string, prefix: string, name: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${prefix}${name}(?=[\\s/>])${ATTRS}(?:/>|>[\\s\\S]*?</${prefix}${name}>)`, "g");
  for (const m of xml.matchAll(re)) out.push(m[0]);
  return out;
}

/** The start tag of an element text (`<sheet name="A" …/>` of `<sheet …>…</sheet>`). */
export function startTag(element: string): string {
  const m = new RegExp(`^<[^\\s/>]+${ATTRS}/?>`).exec(element);
  return m ? m[0] : element;
}
