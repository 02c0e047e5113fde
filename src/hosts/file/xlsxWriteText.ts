/**
 * Text as SpreadsheetML stores it, for the .xlsx writer: XML escaping of element text and
 * attribute values, Excel's `_xHHHH_` escapes for characters XML 1.0 cannot hold, and
 * numbers at full precision.
 *
 * Browser-safe and pure: strings in, strings out.
 */

/** Excel's limit on the text of one cell; longer text is clipped, as the old writer did. */
export const MAX_CELL_TEXT = 32767;

/**
 * Characters that need more than a copy in element text: markup characters, a CR (an XML
 * parser would turn it into LF), characters XML 1.0 forbids, lone surrogates, and `_x` (the
 * start of an `_xHHHH_` escape that must stay literal).
 */
// eslint-disable-next-line no-control-regex -- control characters are what these patterns find
const TEXT_SPECIAL = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]|_x[0-9A-Fa-f]{4}_/;
/** The same for attribute values, where tab, LF and quotes need escaping too. */
// eslint-disable-next-line no-control-regex -- as above
const ATTR_SPECIAL = /[&<>"\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** `_xHHHH_` for one UTF-16 code unit (upper-case hex, as Excel writes and ExcelJS reads). */
function excelEscape(code: number): string {
  return `_x${code.toString(16).toUpperCase().padStart(4, "0")}_`;
}

/** True when code unit `i` of `s` is half of a valid surrogate pair. */
function pairedSurrogate(s: string, i: number, code: number): boolean {
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = s.charCodeAt(i + 1);
    return next >= 0xdc00 && next <= 0xdfff;
  }
  const prev = s.charCodeAt(i - 1);
  return prev >= 0xd800 && prev <= 0xdbff;
}

/**
 * Cell text as the content of a `<t>` (or `<v>`) element: `&`, `<`, `>` as entities; CR and
 * every character XML 1.0 forbids (controls other than tab and LF, lone surrogates, U+FFFE,
 * U+FFFF) as Excel's `_xHHHH_`; a literal `_xHHHH_` in the text as `_x005F_xHHHH_`, so that
 * it reads back as written. Tab and LF stay as they are (XML keeps them in element text).
 */
export function escapeCellText(s: string): string {
  if (!TEXT_SPECIAL.test(s)) return s;
  let out = "";
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    let rep: string | null = null;
    if (code === 0x26) rep = "&amp;";
    else if (code === 0x3c) rep = "&lt;";
    else if (code === 0x3e) rep = "&gt;";
    else if (code === 0x5f) {
      // `_x` + 4 hex digits + `_`: escape the underscore.
      if (/^_x[0-9A-Fa-f]{4}_/.test(s.slice(i, i + 7))) rep = "_x005F_";
    } else if (code < 0x20) {
      if (code !== 0x09 && code !== 0x0a) rep = excelEscape(code);
    } else if (code >= 0xd800 && code <= 0xdfff) {
      if (!pairedSurrogate(s, i, code)) rep = excelEscape(code);
    } else if (code === 0xfffe || code === 0xffff) rep = excelEscape(code);
    if (rep === null) continue;
    out += s.slice(last, i) + rep;
    last = i + 1;
  }
  return out + s.slice(last);
}

/** True when a `<t>` element needs `xml:space="preserve"` (leading or trailing white space, or line breaks and tabs). */
export function needsPreserve(s: string): boolean {
  return /^\s|\s$|[\t\n\r]/.test(s);
}

/**
 * An attribute value (without the quotes): markup characters and quotes as entities, tab, LF
 * and CR as character references (an XML parser would turn them into spaces), characters XML
 * 1.0 forbids as Excel's `_xHHHH_`.
 */
export function escapeAttr(s: string): string {
  if (!ATTR_SPECIAL.test(s)) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code === 0x26) out += "&amp;";
    else if (code === 0x3c) out += "&lt;";
    else if (code === 0x3e) out += "&gt;";
    else if (code === 0x22) out += "&quot;";
    else if (code === 0x09 || code === 0x0a || code === 0x0d) out += `&#${code};`;
    else if (code < 0x20 || code === 0xfffe || code === 0xffff || (code >= 0xd800 && code <= 0xdfff && !pairedSurrogate(s, i, code))) out += excelEscape(code);
    else out += s[i];
  }
  return out;
}

/**
 * A table column name as Excel stores it in the table part: line breaks and other control
 * characters as `_xHHHH_` (Excel's own form there), then escaped for an attribute.
 */
export function escapeTableColumnName(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this replaces
  const controls = s.replace(/[\u0000-\u001F]/g, (c) => excelEscape(c.charCodeAt(0)));
  return escapeAttr(controls);
}

/** Element text that is not cell text (formulas, list items): markup characters only. */
export function escapeXml(s: string): string {
  if (!/[&<>]/.test(s)) return s;
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A finite number as `<v>` text: the shortest text that reads back as the same double (`0.30000000000000004`, `1e-12`). */
export function numberText(n: number): string {
  return Object.is(n, -0) ? "0" : String(n);
}

/** Cell text clipped to Excel's limit of 32,767 characters. */
export function clipCellText(s: string): string {
  return s.length > MAX_CELL_TEXT ? s.slice(0, MAX_CELL_TEXT) : s;
}
