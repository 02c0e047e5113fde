/**
 * The workbook's shared string table (`xl/sharedStrings.xml`) for the .xlsx writer: the base
 * workbook's strings stay at their indices, byte for byte; the writer's text cells reuse an
 * identical entry of the base (a companion written by this writer) or are appended.
 *
 * Browser-safe and pure.
 */
import { escapeCellText, needsPreserve } from "./xlsxWriteText";
import { attrOf, elementPrefix, findElement, listElements } from "./xlsxPackageXml";

/** `<si>` of a plain text as this writer (and Excel) writes it. */
function siXml(text: string, p: string): string {
  const t = escapeCellText(text);
  return needsPreserve(text) ? `<${p}si><${p}t xml:space="preserve">${t}</${p}t></${p}si>` : `<${p}si><${p}t>${t}</${p}t></${p}si>`;
}

/** Shared strings: the base's (if any), then the writer's. */
export class SharedStrings {
  private readonly p: string;
  private readonly baseCount: number;
  private readonly baseRefs: number;
  /** The base's items by their XML (first index of each), for reuse. */
  private readonly baseIndex = new Map<string, number>();
  private readonly byText = new Map<string, number>();
  private readonly added: string[] = [];
  private refs = 0;

  /** `baseXml`: the base workbook's sharedStrings.xml, or null when it has none. */
  constructor(private readonly baseXml: string | null) {
    if (baseXml === null) {
      this.p = "";
      this.baseCount = 0;
      this.baseRefs = 0;
      return;
    }
    const p = elementPrefix(baseXml, "sst");
    if (p === null) throw new Error("xl/sharedStrings.xml has no sst element");
    this.p = p;
    const root = findElement(baseXml, p, "sst");
    if (!root) throw new Error("xl/sharedStrings.xml has no sst element");
    const items = listElements(baseXml.slice(root.innerStart, root.innerEnd), p, "si");
    items.forEach((xml, i) => {
      if (!this.baseIndex.has(xml)) this.baseIndex.set(xml, i);
    });
    this.baseCount = items.length;
    const refs = Number(attrOf(root.tag, "count"));
    this.baseRefs = Number.isFinite(refs) && refs >= items.length ? refs : items.length;
  }

  /** The index of a text (already clipped to a cell's limit), added when new. */
  index(text: string): number {
    this.refs++;
    let i = this.byText.get(text);
    if (i !== undefined) return i;
    const xml = siXml(text, this.p);
    i = this.baseIndex.get(xml);
    if (i === undefined) {
      i = this.baseCount + this.added.length;
      this.added.push(xml);
    }
    this.byText.set(text, i);
    return i;
  }

  /** True when the writer added nothing (the base part, if any, can be kept as it is). */
  get unchanged(): boolean {
    return this.added.length === 0;
  }

  /** True when there is no string at all (no part needed). */
  get empty(): boolean {
    return this.baseXml === null && this.added.length === 0;
  }

  /** The part's text: the base's items, then the writer's. */
  toXml(): string {
    const p = this.p;
    const unique = this.baseCount + this.added.length;
    const counts = ` count="${this.baseRefs + this.refs}" uniqueCount="${unique}"`;
    if (this.baseXml === null) {
      return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"${counts}>${this.added.join("")}</sst>`;
    }
    const root = findElement(this.baseXml, p, "sst")!;
    const tag = root.tag
      .replace(/\s+(?:count|uniqueCount)\s*=\s*("[^"]*"|'[^']*')/g, "")
      .replace(/\s*\/?>$/, "");
    return `${this.baseXml.slice(0, root.start)}${tag}${counts}>${this.baseXml.slice(root.innerStart, root.innerEnd)}${this.added.join("")}</${p}sst>${this.baseXml.slice(root.end)}`;
  }
}
