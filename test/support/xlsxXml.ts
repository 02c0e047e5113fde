/**
 * The raw XML of a written .xlsx, for tests that must see what a file holds rather than what
 * ExcelJS makes of it: each sheet's cells by address, with the `<c>` tag's attributes and what is
 * inside it (`<f>…</f><v>…</v>`, `<is>…</is>`).
 */
import JSZip from "jszip";

/** One `<c>` element. */
export interface RawCell {
  /** The `<c …>` start tag's attributes. */
  readonly attrs: string;
  /** What is inside the cell element (`<f>…</f><v>…</v>`, `<v>3</v>`, `<is>…</is>`). */
  readonly inner: string;
}

/** XML text with its entities decoded. */
export function xmlText(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCharCode(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&amp;/g, "&");
}

/** For each sheet name, its cells by address (`B7`). */
export async function rawCells(bytes: Uint8Array): Promise<Map<string, Map<string, RawCell>>> {
  const zip = await JSZip.loadAsync(bytes);
  const workbook = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const target = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[0])?.[1];
    const t = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
    if (id && t) target.set(id, t.replace(/^\/?(xl\/)?/, "xl/"));
  }
  const out = new Map<string, Map<string, RawCell>>();
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const id = /\br:id="([^"]*)"/.exec(m[0])?.[1];
    const file = id ? target.get(id) : undefined;
    if (name === undefined || !file) continue;
    const xml = (await zip.file(file)?.async("string")) ?? "";
    const cells = new Map<string, RawCell>();
    for (const c of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const ref = /\br="([A-Z]+\d+)"/.exec(c[1]!)?.[1];
      if (ref) cells.set(ref, { attrs: c[1]!, inner: c[2] ?? "" });
    }
    out.set(xmlText(name), cells);
  }
  return out;
}
