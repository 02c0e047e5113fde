/**
 * XML text helpers for the .xlsx reader (`xlsxRead.ts`): entity decoding, the end-of-line
 * and attribute-value normalisation an XML parser applies, start-tag attributes, and a
 * walk over the elements of a small part. Plain strings, no DOM: browser-safe and fast.
 *
 * The reader must give what ExcelJS gave (its SAX parser decodes entities, turns CR LF and
 * lone CR into LF in text, and tabs and line breaks into spaces in attribute values), so
 * these follow XML 1.0 as that parser does. Element names are matched without namespace
 * processing: `<x:sheet>` is not `<sheet>` (ExcelJS did not read prefixed elements either).
 */

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|quot|apos|amp);/g;

function entity(_m: string, e: string): string {
  switch (e) {
    case "lt":
      return "<";
    case "gt":
      return ">";
    case "quot":
      return '"';
    case "apos":
      return "'";
    case "amp":
      return "&";
    default: {
      const code = e.charCodeAt(1) === 120 ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : _m;
    }
  }
}

/** Text content as an XML parser reports it: CR LF and CR become LF, entities decoded. */
export function xmlText(raw: string): string {
  let s = raw;
  if (s.includes("\r")) s = s.replace(/\r\n?/g, "\n");
  return s.includes("&") ? s.replace(ENTITY, entity) : s;
}

/** An attribute value as an XML parser reports it: line breaks and tabs become spaces, entities decoded. */
export function xmlAttrValue(raw: string): string {
  let s = raw;
  if (/[\r\n\t]/.test(s)) s = s.replace(/\r\n?|[\n\t]/g, " ");
  return s.includes("&") ? s.replace(ENTITY, entity) : s;
}

/**
 * ExcelJS's `xmlDecode`, applied by it a second time to some already-decoded texts
 * (sheet names, `t="str"` cells): only the five named entities, `&amp;lt;` stays `&lt;`.
 */
export function excelJsXmlDecode(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&([a-z]*);/g, (c) => {
    switch (c) {
      case "&lt;":
        return "<";
      case "&gt;":
        return ">";
      case "&amp;":
        return "&";
      case "&apos;":
        return "'";
      case "&quot;":
        return '"';
      default:
        return c;
    }
  });
}

/** Attributes of a start tag, by name as written (`r:id`), values decoded. */
export type Attrs = ReadonlyMap<string, string>;

const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The attributes in the text of a start tag (between its name and its `>`). */
export function parseAttrs(tagText: string): Map<string, string> {
  const out = new Map<string, string>();
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(tagText); m !== null; m = ATTR.exec(tagText)) {
    if (!out.has(m[1]!)) out.set(m[1]!, xmlAttrValue(m[2] ?? m[3] ?? ""));
  }
  return out;
}

/**
 * Index of the `>` closing the tag that starts at `from` (quoted attribute values may hold
 * `>`), or -1 when the part ends first.
 */
export function tagEnd(xml: string, from: number): number {
  let quote = 0;
  for (let i = from; i < xml.length; i++) {
    const ch = xml.charCodeAt(i);
    if (quote !== 0) {
      if (ch === quote) quote = 0;
    } else if (ch === 62) {
      return i;
    } else if (ch === 34 || ch === 39) {
      quote = ch;
    }
  }
  return -1;
}

/** One event of `walkXml`. */
export type XmlEvent =
  | { readonly kind: "open"; readonly name: string; readonly attrs: Attrs; readonly selfClosing: boolean }
  | { readonly kind: "close"; readonly name: string }
  | { readonly kind: "text"; readonly text: string };

/** Index after a comment, CDATA section, processing instruction or declaration starting at `lt`. */
export function skipSpecial(xml: string, lt: number): number {
  if (xml.startsWith("<!--", lt)) {
    const e = xml.indexOf("-->", lt + 4);
    return e < 0 ? xml.length : e + 3;
  }
  if (xml.startsWith("<![CDATA[", lt)) {
    const e = xml.indexOf("]]>", lt + 9);
    return e < 0 ? xml.length : e + 3;
  }
  if (xml.charCodeAt(lt + 1) === 63) {
    const e = xml.indexOf("?>", lt + 2);
    return e < 0 ? xml.length : e + 2;
  }
  const e = tagEnd(xml, lt + 2);
  return e < 0 ? xml.length : e + 1;
}

function nameEnd(xml: string, from: number, limit: number): number {
  let i = from;
  while (i < limit) {
    const ch = xml.charCodeAt(i);
    if (ch === 32 || ch === 9 || ch === 10 || ch === 13 || ch === 47 || ch === 62) break;
    i++;
  }
  return i;
}

/**
 * Walk the elements and texts of a (small) XML part in document order. Comments,
 * processing instructions and CDATA sections are skipped (ExcelJS ignored CDATA text).
 * Texts are decoded; texts outside the root element are not reported.
 */
export function* walkXml(xml: string, from = 0, to = xml.length): Generator<XmlEvent> {
  let p = from;
  let depth = 0;
  while (p < to) {
    const lt = xml.indexOf("<", p);
    const textEnd = lt < 0 || lt > to ? to : lt;
    if (textEnd > p && depth > 0) yield { kind: "text", text: xmlText(xml.slice(p, textEnd)) };
    if (textEnd >= to) return;
    const c1 = xml.charCodeAt(lt + 1);
    if (c1 === 33 || c1 === 63) {
      p = skipSpecial(xml, lt);
      continue;
    }
    const gt = tagEnd(xml, lt + 1);
    if (gt < 0) return;
    if (c1 === 47) {
      const name = xml.slice(lt + 2, gt).trim();
      depth--;
      yield { kind: "close", name };
    } else {
      const ne = nameEnd(xml, lt + 1, gt);
      const name = xml.slice(lt + 1, ne);
      const selfClosing = xml.charCodeAt(gt - 1) === 47;
      const attrs = parseAttrs(xml.slice(ne, selfClosing ? gt - 1 : gt));
      yield { kind: "open", name, attrs, selfClosing };
      if (selfClosing) yield { kind: "close", name };
      else depth++;
    }
    p = gt + 1;
  }
}

/** Start tags named `name` (not prefixed) anywhere in a part, with their attributes, in order. */
export function elements(xml: string, name: string): Attrs[] {
  const out: Attrs[] = [];
  const open = `<${name}`;
  let p = xml.indexOf(open);
  while (p >= 0) {
    const after = xml.charCodeAt(p + open.length);
    // The name must end here (`<sheet` is not `<sheets`).
    if (after === 32 || after === 9 || after === 10 || after === 13 || after === 47 || after === 62) {
      const gt = tagEnd(xml, p + open.length);
      if (gt < 0) break;
      const selfClosing = xml.charCodeAt(gt - 1) === 47;
      out.push(parseAttrs(xml.slice(p + open.length, selfClosing ? gt - 1 : gt)));
      p = xml.indexOf(open, gt);
    } else {
      p = xml.indexOf(open, p + open.length);
    }
  }
  return out;
}
