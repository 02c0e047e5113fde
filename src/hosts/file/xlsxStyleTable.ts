/**
 * The workbook's style table (`xl/styles.xml`) for the .xlsx writer: the base workbook's
 * number formats, fonts, fills, borders, cell formats and differential formats stay at their
 * indices, byte for byte; the writer's own are appended (or reused when the base already has
 * the very same entry, as a companion written by this writer does), so kept sheets keep their
 * look and re-running a cycle does not grow the table.
 *
 * Browser-safe and pure.
 */
import type { CellStyle } from "./xlsxStyleCompose";
import { escapeAttr } from "./xlsxWriteText";
import { attrOf, elementPrefix, findElement, listElements } from "./xlsxPackageXml";

/**
 * Built-in number formats (ids Excel does not store in the file), as ExcelJS maps them, so a
 * format such as `#,##0` is written as id 3 and every reader gives back the same text.
 */
const BUILTIN_NUMFMTS: ReadonlyMap<string, number> = new Map([
  ["General", 0], ["0", 1], ["0.00", 2], ["#,##0", 3], ["#,##0.00", 4], ["0%", 9], ["0.00%", 10], ["0.00E+00", 11],
  ["# ?/?", 12], ["# ??/??", 13], ["mm-dd-yy", 14], ["d-mmm-yy", 15], ["d-mmm", 16], ["mmm-yy", 17], ["h:mm AM/PM", 18],
  ["h:mm:ss AM/PM", 19], ["h:mm", 20], ["h:mm:ss", 21], ['m/d/yy "h":mm', 22], ["#,##0 ;(#,##0)", 37],
  ["#,##0 ;[Red](#,##0)", 38], ["#,##0.00 ;(#,##0.00)", 39], ["#,##0.00 ;[Red](#,##0.00)", 40], ["mm:ss", 45],
  ["[h]:mm:ss", 46], ["mmss.0", 47], ["##0.0E+0", 48], ["@", 49],
]);

/** A style table for a workbook without one (what a fresh package starts from). */
export const EMPTY_STYLES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '<dxfs count="0"/>' +
  '<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
  "</styleSheet>";

/** The collections of a style sheet, in the order the schema gives them, with their item element. */
const COLLECTIONS = [
  ["numFmts", "numFmt"],
  ["fonts", "font"],
  ["fills", "fill"],
  ["borders", "border"],
  ["cellStyleXfs", "xf"],
  ["cellXfs", "xf"],
  ["cellStyles", "cellStyle"],
  ["dxfs", "dxf"],
] as const;
type CollectionName = (typeof COLLECTIONS)[number][0];

/** One collection: the base's items (for reuse) and the items this writer adds. */
class Collection {
  /** Item XML → index (the first one of each). */
  private readonly index = new Map<string, number>();
  readonly added: string[] = [];
  constructor(
    readonly name: CollectionName,
    readonly base: readonly string[],
  ) {
    base.forEach((xml, i) => {
      if (!this.index.has(xml)) this.index.set(xml, i);
    });
  }

  /** The index of an item with exactly this XML, added when the table has none. */
  put(xml: string): number {
    let i = this.index.get(xml);
    if (i === undefined) {
      i = this.base.length + this.added.length;
      this.added.push(xml);
      this.index.set(xml, i);
    }
    return i;
  }

  get count(): number {
    return this.base.length + this.added.length;
  }
}

/** A differential format for a conditional format: fill and, optionally, font colour (ARGB). */
export interface DxfStyle {
  readonly fill: string;
  readonly fontColor?: string;
}

/** The children of the base's default font (font 0) by element name, for fonts that differ from it in a few properties. */
function fontChildren(fontXml: string | undefined, p: string): { name: string; xml: string }[] {
  if (fontXml === undefined) return [];
  const inner = fontXml.replace(new RegExp(`^<${p}font\\b[^>]*>|</${p}font>$`, "g"), "");
  const out: { name: string; xml: string }[] = [];
  for (const m of inner.matchAll(/<([\w:]+)\b[^>]*?(?:\/>|>[\s\S]*?<\/\1>)/g)) out.push({ name: m[1]!.slice(p.length), xml: m[0] });
  return out;
}

/** A workbook's style table: the base's entries, then the writer's. */
export class StyleTable {
  private readonly p: string;
  private readonly collections = new Map<CollectionName, Collection>();
  /** Custom number formats: format code → id (the base's and the writer's). */
  private readonly numFmtIds = new Map<string, number>();
  private nextNumFmtId = 164;
  private readonly defaultFont: { name: string; xml: string }[];
  private readonly xfByKey = new Map<string, number>();
  private emptyBorderId: number | null = null;

  /** Parse a base style sheet (`EMPTY_STYLES_XML` for a new workbook). Throws when it is not one. */
  constructor(private readonly xml: string) {
    const p = elementPrefix(xml, "styleSheet");
    if (p === null) throw new Error("xl/styles.xml has no styleSheet element");
    this.p = p;
    for (const [name, item] of COLLECTIONS) {
      const span = findElement(xml, p, name);
      const items = span ? listElements(xml.slice(span.innerStart, span.innerEnd), p, item) : [];
      this.collections.set(name, new Collection(name, items));
    }
    for (const nf of this.collection("numFmts").base) {
      const id = Number(attrOf(nf, "numFmtId"));
      const code = attrOf(nf, "formatCode");
      if (!Number.isInteger(id)) continue;
      if (code !== undefined && !this.numFmtIds.has(code)) this.numFmtIds.set(code, id);
      if (id >= this.nextNumFmtId) this.nextNumFmtId = id + 1;
    }
    this.defaultFont = fontChildren(this.collection("fonts").base[0], p);
  }

  private collection(name: CollectionName): Collection {
    return this.collections.get(name)!;
  }

  private numFmtId(code: string): number {
    const builtin = BUILTIN_NUMFMTS.get(code);
    if (builtin !== undefined) return builtin;
    let id = this.numFmtIds.get(code);
    if (id === undefined) {
      id = this.nextNumFmtId++;
      this.numFmtIds.set(code, id);
      this.collection("numFmts").put(`<${this.p}numFmt numFmtId="${id}" formatCode="${escapeAttr(code)}"/>`);
    }
    return id;
  }

  /** The default font with bold, italic, size and colour as the style says. */
  private fontXml(s: CellStyle): string {
    const p = this.p;
    const parts: string[] = [];
    if (s.bold === true) parts.push(`<${p}b/>`);
    if (s.italic === true) parts.push(`<${p}i/>`);
    let sized = false;
    let coloured = false;
    for (const c of this.defaultFont) {
      if ((c.name === "b" && s.bold !== undefined) || (c.name === "i" && s.italic !== undefined)) continue;
      if (c.name === "sz" && s.size !== undefined) {
        parts.push(`<${p}sz val="${s.size}"/>`);
        sized = true;
      } else if (c.name === "color" && s.color !== undefined) {
        parts.push(`<${p}color rgb="${s.color}"/>`);
        coloured = true;
      } else parts.push(c.xml);
    }
    if (s.size !== undefined && !sized) parts.push(`<${p}sz val="${s.size}"/>`);
    if (s.color !== undefined && !coloured) parts.push(`<${p}color rgb="${s.color}"/>`);
    return `<${p}font>${parts.join("")}</${p}font>`;
  }

  /** An empty border: the base's first when it is one, else one of ours. */
  private borderId(): number {
    if (this.emptyBorderId === null) {
      const p = this.p;
      const first = this.collection("borders").base[0];
      const empty = first === undefined ? false : new RegExp(`^<${p}border\\s*(?:/>|>(?:<${p}(?:left|right|top|bottom|diagonal)\\s*/>)*</${p}border>)$`).test(first);
      this.emptyBorderId = empty ? 0 : this.collection("borders").put(`<${p}border><${p}left/><${p}right/><${p}top/><${p}bottom/><${p}diagonal/></${p}border>`);
    }
    return this.emptyBorderId;
  }

  /** The cell format index (`s`) of a composed style; 0 for the empty style. */
  xf(s: CellStyle): number {
    const key = `${s.numFmt ?? ""}\u0000${s.bold ?? ""}\u0000${s.italic ?? ""}\u0000${s.size ?? ""}\u0000${s.color ?? ""}\u0000${s.fill ?? ""}\u0000${s.wrap ?? ""}`;
    const known = this.xfByKey.get(key);
    if (known !== undefined) return known;
    let id = 0;
    if (key !== "\u0000\u0000\u0000\u0000\u0000\u0000") {
      const p = this.p;
      const numFmtId = s.numFmt !== undefined ? this.numFmtId(s.numFmt) : 0;
      const hasFont = s.bold !== undefined || s.italic !== undefined || s.size !== undefined || s.color !== undefined;
      const fontId = hasFont ? this.collection("fonts").put(this.fontXml(s)) : 0;
      const fillId = s.fill !== undefined ? this.collection("fills").put(`<${p}fill><${p}patternFill patternType="solid"><${p}fgColor rgb="${s.fill}"/></${p}patternFill></${p}fill>`) : 0;
      let attrs = `numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${this.borderId()}" xfId="0"`;
      if (s.numFmt !== undefined) attrs += ' applyNumberFormat="1"';
      if (hasFont) attrs += ' applyFont="1"';
      if (s.fill !== undefined) attrs += ' applyFill="1"';
      const xml = s.wrap === true ? `<${p}xf ${attrs} applyAlignment="1"><${p}alignment wrapText="1"/></${p}xf>` : `<${p}xf ${attrs}/>`;
      id = this.collection("cellXfs").put(xml);
    }
    this.xfByKey.set(key, id);
    return id;
  }

  /** The differential format index (`dxfId`) of a conditional format's look. */
  dxf(d: DxfStyle): number {
    const p = this.p;
    const font = d.fontColor !== undefined ? `<${p}font><${p}color rgb="${d.fontColor}"/></${p}font>` : "";
    return this.collection("dxfs").put(`<${p}dxf>${font}<${p}fill><${p}patternFill patternType="solid"><${p}bgColor rgb="${d.fill}"/></${p}patternFill></${p}fill></${p}dxf>`);
  }

  /** True when the writer added nothing: the base's styles.xml can be kept byte for byte. */
  get unchanged(): boolean {
    return [...this.collections.values()].every((c) => c.added.length === 0);
  }

  /** The style sheet: the base's text with the writer's entries appended to each collection and the counts updated. */
  toXml(): string {
    let xml = this.xml;
    const p = this.p;
    // Collections in reverse document order, so earlier offsets stay valid; a missing one is created where the schema puts it.
    for (let k = COLLECTIONS.length - 1; k >= 0; k--) {
      const [name] = COLLECTIONS[k]!;
      const c = this.collection(name);
      if (c.added.length === 0) continue;
      const span = findElement(xml, p, name);
      const count = ` count="${c.count}"`;
      if (span) {
        const tag = span.tag.replace(/\s+count\s*=\s*("[^"]*"|'[^']*')/, "").replace(/\s*\/?>$/, "");
        const body = xml.slice(span.innerStart, span.innerEnd) + c.added.join("");
        xml = `${xml.slice(0, span.start)}${tag}${count}>${body}</${p}${name}>${xml.slice(span.end)}`;
      } else {
        const at = this.insertionPoint(xml, k);
        xml = `${xml.slice(0, at)}<${p}${name}${count}>${c.added.join("")}</${p}${name}>${xml.slice(at)}`;
      }
    }
    return xml;
  }

  /** Where a missing collection goes: after the nearest earlier collection present, else right after the root's start tag. */
  private insertionPoint(xml: string, k: number): number {
    for (let j = k - 1; j >= 0; j--) {
      const span = findElement(xml, this.p, COLLECTIONS[j]![0]);
      if (span) return span.end;
    }
    const root = findElement(xml, this.p, "styleSheet");
    if (!root) throw new Error("xl/styles.xml has no styleSheet element");
    return root.innerStart;
  }
}
