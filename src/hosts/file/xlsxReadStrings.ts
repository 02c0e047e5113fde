/**
 * The shared string table of an .xlsx package (`xl/sharedStrings.xml`) for the reader
 * (`xlsxRead.ts`): each `<si>` as the text a cell shows. Rich-text runs are joined,
 * phonetic runs (`<rPh>`) ignored, `_xHHHH_` escapes decoded; an `<si>` with neither text
 * nor runs is `null` (a cell pointing at it is present but empty), as ExcelJS read them.
 */
import { walkXml } from "./xlsxReadXml";

/** `_xHHHH_` escapes of a shared or rich text (upper-case hex only, as ExcelJS decodes them). */
export function decodeEscapes(s: string): string {
  return s.includes("_x") ? s.replace(/_x([0-9A-F]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

/** A plain `<si><t>…</t></si>` (the common case), without entities or escapes to decode. */
const PLAIN = /^<t(?:\s[^>]*)?>([^<&_\r]*)<\/t>$/;

/** One `<si>`'s inner XML as its text, or null when it has neither text nor runs. */
export function sharedItem(inner: string): string | null {
  const plain = PLAIN.exec(inner);
  if (plain) return plain[1]!;
  let text: string | null = null;
  let runs: (string | undefined)[] | null = null;
  let run: { text: string | undefined } | null = null;
  let parts: string[] | null = null;
  let skip = 0;
  for (const e of walkXml(`<si>${inner}</si>`)) {
    if (skip > 0) {
      if (e.kind === "open") skip++;
      else if (e.kind === "close") skip--;
      continue;
    }
    if (e.kind === "text") {
      if (parts) parts.push(e.text);
    } else if (e.kind === "open") {
      if (e.name === "t") parts = [];
      else if (e.name === "r" && !run) run = { text: undefined };
      else if (e.name === "rPh" || (e.name === "rPr" && run)) skip = 1;
    } else if (e.name === "t" && parts) {
      const t = decodeEscapes(parts.join(""));
      parts = null;
      if (run) run.text = t;
      else {
        text = t;
        runs = null;
      }
    } else if (e.name === "r" && run) {
      if (text === null) (runs ??= []).push(run.text);
      run = null;
    }
  }
  if (text !== null) return text;
  if (runs) return runs.filter((t): t is string => t !== undefined).join("");
  return null;
}

/** Parse `xl/sharedStrings.xml` into its strings, in order. */
export function parseSharedStrings(xml: string): (string | null)[] {
  const out: (string | null)[] = [];
  let p = xml.indexOf("<si");
  while (p >= 0) {
    const after = xml.charCodeAt(p + 3);
    if (after !== 62 && after !== 32 && after !== 47 && after !== 9 && after !== 10 && after !== 13) {
      p = xml.indexOf("<si", p + 3);
      continue;
    }
    const gt = xml.indexOf(">", p + 3);
    if (gt < 0) break;
    if (xml.charCodeAt(gt - 1) === 47) {
      out.push(null);
      p = xml.indexOf("<si", gt);
      continue;
    }
    const end = xml.indexOf("</si>", gt);
    if (end < 0) break;
    out.push(sharedItem(xml.slice(gt + 1, end)));
    p = xml.indexOf("<si", end + 5);
  }
  return out;
}
