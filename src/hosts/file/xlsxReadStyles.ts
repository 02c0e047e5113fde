/**
 * Number formats of an .xlsx package for the reader (`xlsxRead.ts`): `styles.xml`'s
 * custom `<numFmts>` and `<cellXfs>`, so a cell's `s` attribute gives its number format,
 * and whether that format shows a date. Same rules as ExcelJS (which the file host used
 * to read with): style 0 and a missing style carry no format, built-in ids use ExcelJS's
 * table, backslash escapes are dropped from custom codes.
 */
import { elements } from "./xlsxReadXml";

/** Built-in number formats by id, as ExcelJS names them (`defaultnumformats.js`, the ids with a code). */
const BUILT_IN_FORMATS: Readonly<Record<number, string>> = {
  0: "General",
  1: "0",
  2: "0.00",
  3: "#,##0",
  4: "#,##0.00",
  9: "0%",
  10: "0.00%",
  11: "0.00E+00",
  12: "# ?/?",
  13: "# ??/??",
  14: "mm-dd-yy",
  15: "d-mmm-yy",
  16: "d-mmm",
  17: "mmm-yy",
  18: "h:mm AM/PM",
  19: "h:mm:ss AM/PM",
  20: "h:mm",
  21: "h:mm:ss",
  22: 'm/d/yy "h":mm',
  37: "#,##0 ;(#,##0)",
  38: "#,##0 ;[Red](#,##0)",
  39: "#,##0.00 ;(#,##0.00)",
  40: "#,##0.00 ;[Red](#,##0.00)",
  45: "mm:ss",
  46: "[h]:mm:ss",
  47: "mmss.0",
  48: "##0.0E+0",
  49: "@",
};

/** True when a number format shows a date or a time (ExcelJS's test: y m d h s b outside quotes and brackets). */
export function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const bare = fmt.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "");
  return /[ymdhMsb]+/.test(bare);
}

/** The number formats of a workbook's cell styles. */
export interface XlsxStyles {
  /** Number format of cell style `s` (the parsed `s` attribute), undefined when none. */
  numFmt(s: number): string | undefined;
  /** True when cell style `s` has a date (or time) format. */
  isDate(s: number): boolean;
}

/** The children of the first `<tag>` element (its inner text), or "" when absent or empty. */
function section(xml: string, tag: string): string {
  const re = new RegExp(`<${tag}(?=[\\s/>])[^>]*?(/?)>`);
  const m = re.exec(xml);
  if (!m || m[1] === "/") return "";
  const start = m.index + m[0].length;
  const end = xml.indexOf(`</${tag}>`, start);
  return end < 0 ? xml.slice(start) : xml.slice(start, end);
}

/** Parse `xl/styles.xml` (null when the package has none: no cell has a format). */
export function parseStyles(xml: string | null): XlsxStyles {
  const formats: (string | undefined)[] = [];
  const dates: boolean[] = [];
  if (xml !== null) {
    const custom = new Map<number, string>();
    for (const a of elements(section(xml, "numFmts"), "numFmt")) {
      const code = a.get("formatCode");
      if (code !== undefined) custom.set(parseInt(a.get("numFmtId") ?? "", 10), code.replace(/[\\](.)/g, "$1"));
    }
    for (const a of elements(section(xml, "cellXfs"), "xf")) {
      const id = parseInt(a.get("numFmtId") ?? "", 10);
      const fmt = id ? custom.get(id) || BUILT_IN_FORMATS[id] || undefined : undefined;
      formats.push(fmt);
      dates.push(isDateFormat(fmt));
    }
  }
  return {
    // Style 0 (and an unparsable `s`) carries no format: ExcelJS looked styles up only for a truthy id.
    numFmt: (s) => (s ? formats[s] : undefined),
    isDate: (s) => (s ? dates[s] === true : false),
  };
}
