/**
 * A fast .xlsx reader for the file host: opens the package (`zipParts.ts`), parses its small
 * parts at once (workbook, relationships, styles, shared strings, tables) and scans a
 * worksheet's XML only when one of its cells is needed (`cells`), into compact arrays
 * (`xlsxReadSheet.ts`); the XML string is dropped right after the scan.
 *
 * Browser-safe (no `fs`, no `Buffer`, no Node zlib): the standalone task pane runs it in a
 * Web Worker. It reads what ExcelJS read (the file host used ExcelJS before): the same
 * sheets in the same order, the same values, tables and defined names; see the modules
 * `xlsxRead*.ts` for the rules kept.
 */
import { type A1Range, parseA1 } from "../../workbook/grid";
import { SETTINGS_SHEET } from "../../workbook/mapping";
import { type DefinedNameElement, type XlsxName, definedNamesOf } from "./xlsxReadNames";
import { type SheetCells, type SheetContext, XlsxDamagedError, scanSheet } from "./xlsxReadSheet";
import { parseSharedStrings } from "./xlsxReadStrings";
import { parseStyles } from "./xlsxReadStyles";
import { type Attrs, elements, excelJsXmlDecode, walkXml } from "./xlsxReadXml";
import { ZipParts } from "./zipParts";

export { XlsxDamagedError } from "./xlsxReadSheet";
export type { SheetCells } from "./xlsxReadSheet";
export type { XlsxName } from "./xlsxReadNames";

/** A worksheet of the workbook. */
export interface XlsxSheet {
  /** Name on the tab. */
  readonly name: string;
  /** `hidden`, `veryHidden`, or anything else for a visible sheet (as written in the file). */
  readonly state: string | undefined;
  /** Path of its part in the package (`xl/worksheets/sheet1.xml`). */
  readonly part: string;
}

/** An Excel table (ListObject). */
export interface XlsxTable {
  readonly name: string;
  readonly sheet: XlsxSheet;
  /** Whole table range incl. header (and totals row when present). */
  readonly range: A1Range;
  readonly totalsRow: boolean;
  readonly headerRow: boolean;
}

/** A table part as parsed (the sheet it belongs to is known once its sheet has been scanned). */
interface TablePart {
  readonly name: string | undefined;
  readonly ref: string | undefined;
  readonly totalsRow: boolean;
  readonly headerRow: boolean;
}

interface Relationship {
  readonly target: string;
  readonly type: string;
}

/** Parts of the package by path (a leading `/` dropped, as ExcelJS did). */
type Parts = ZipParts;

async function partText(parts: Parts, path: string): Promise<string | null> {
  return parts.text(path);
}

function relationships(xml: string | null): Map<string, Relationship> {
  const out = new Map<string, Relationship>();
  if (xml === null) return out;
  for (const a of elements(xml, "Relationship")) {
    const id = a.get("Id");
    if (id !== undefined) out.set(id, { target: a.get("Target") ?? "", type: a.get("Type") ?? "" });
  }
  return out;
}

/** The `<definedName>` elements of workbook.xml with their text. */
function definedNameElements(xml: string): DefinedNameElement[] {
  const out: DefinedNameElement[] = [];
  const start = /<definedNames(?=[\s>])/.exec(xml);
  if (!start) return out;
  const end = xml.indexOf("</definedNames>", start.index);
  let current: { name: string | undefined; localSheetId: string | undefined; text: string[] } | null = null;
  for (const e of walkXml(xml, start.index, end < 0 ? xml.length : end)) {
    if (e.kind === "open" && e.name === "definedName") {
      current = { name: e.attrs.get("name"), localSheetId: e.attrs.get("localSheetId"), text: [] };
    } else if (e.kind === "text") {
      current?.text.push(e.text);
    } else if (e.kind === "close" && e.name === "definedName" && current) {
      out.push({ name: current.name, localSheetId: current.localSheetId, text: current.text.join("") });
      current = null;
    }
  }
  return out;
}

/** An .xlsx workbook opened for reading. Create it with `openXlsxBook`. */
export class XlsxBook {
  private readonly loaded = new Map<string, SheetCells>();
  private readonly loading = new Map<string, Promise<SheetCells>>();

  constructor(
    private readonly parts: Parts,
    /** Worksheets in tab order. */
    readonly sheets: readonly XlsxSheet[],
    /** True when the workbook uses the 1904 date system. */
    readonly date1904: boolean,
    /** Defined names (as ExcelJS reported them; `_xlnm.` names included). */
    readonly names: readonly XlsxName[],
    private readonly context: SheetContext,
    /** Per worksheet part: its relationships. */
    private readonly sheetRels: ReadonlyMap<string, ReadonlyMap<string, Relationship>>,
    /** Table parts by the target their sheets' relationships name them with. */
    private readonly tableParts: ReadonlyMap<string, TablePart>,
  ) {}

  /** A worksheet by name: exact match first, then case-insensitive (as Excel compares). */
  findSheet(name: string): XlsxSheet | undefined {
    const lower = name.toLowerCase();
    return this.sheets.find((s) => s.name === name) ?? this.sheets.find((s) => s.name.toLowerCase() === lower);
  }

  /** The cells of a sheet, scanning its XML on first use. Throws `XlsxDamagedError` when the part cannot be read. */
  async cells(sheet: XlsxSheet): Promise<SheetCells> {
    const done = this.loaded.get(sheet.part);
    if (done) return done;
    let pending = this.loading.get(sheet.part);
    if (!pending) {
      pending = this.scan(sheet);
      this.loading.set(sheet.part, pending);
    }
    try {
      return await pending;
    } finally {
      this.loading.delete(sheet.part);
    }
  }

  /** The cells of a sheet when already scanned (the settings sheet always is), else undefined. */
  loadedCells(sheet: XlsxSheet): SheetCells | undefined {
    return this.loaded.get(sheet.part);
  }

  private async scan(sheet: XlsxSheet): Promise<SheetCells> {
    let xml: string | null;
    try {
      xml = await partText(this.parts, sheet.part);
    } catch (e) {
      throw new XlsxDamagedError(e instanceof Error ? e.message : String(e));
    }
    const cells = scanSheet(xml ?? "", this.context);
    this.loaded.set(sheet.part, cells);
    return cells;
  }

  /** Tables of every sheet, in sheet order (scans every sheet: a sheet's XML lists its tables). */
  async tables(): Promise<XlsxTable[]> {
    const out: XlsxTable[] = [];
    for (const sheet of this.sheets) {
      const cells = await this.cells(sheet);
      const rels = this.sheetRels.get(sheet.part);
      // ExcelJS kept a sheet's tables by name: a second table of the same name replaced the first, in its place.
      const byName = new Map<string, XlsxTable | null>();
      for (const rid of cells.tableParts) {
        const rel = rels?.get(rid);
        const part = rel ? this.tableParts.get(rel.target) : undefined;
        if (!part || part.name === undefined) continue;
        const range = part.ref !== undefined ? parseA1(part.ref) : null;
        byName.set(part.name, range ? { name: part.name, sheet, range, totalsRow: part.totalsRow, headerRow: part.headerRow } : null);
      }
      for (const t of byName.values()) if (t) out.push(t);
    }
    return out;
  }
}

/**
 * Open .xlsx bytes for reading: the package directory and the small parts now, the
 * worksheets when their cells are asked for (the `SOP_Settings` sheet at once, so that
 * `readWorkbookSettings` can answer without waiting). Throws the zip library's error for a package
 * it cannot open, `XlsxDamagedError` for a part that cannot be read.
 */
export async function openXlsxBook(bytes: Uint8Array): Promise<XlsxBook> {
  const parts = ZipParts.open(bytes);
  const text = async (path: string): Promise<string | null> => {
    try {
      return await partText(parts, path);
    } catch (e) {
      throw new XlsxDamagedError(e instanceof Error ? e.message : String(e));
    }
  };

  const workbookXml = (await text("xl/workbook.xml")) ?? "";
  const workbookRels = relationships(await text("xl/_rels/workbook.xml.rels"));
  const date1904 = elements(workbookXml, "workbookPr").some((a) => a.get("date1904") === "1");
  const styles = parseStyles(await text("xl/styles.xml"));
  const sstXml = await text("xl/sharedStrings.xml");
  const context: SheetContext = { styles, sharedStrings: sstXml === null ? null : parseSharedStrings(sstXml), date1904 };

  // Worksheets: ExcelJS read the parts named xl/worksheets/sheet<N>.xml, named them after the
  // <sheet> elements whose relationship points at them, kept one per sheetId and ordered them
  // by the position of that id among the <sheet> elements.
  const sheetElements: Attrs[] = (() => {
    const start = /<sheets(?=[\s>])/.exec(workbookXml);
    if (!start) return [];
    const end = workbookXml.indexOf("</sheets>", start.index);
    return elements(workbookXml.slice(start.index, end < 0 ? undefined : end), "sheet");
  })();
  const worksheetParts = parts.paths.filter((p) => /xl\/worksheets\/sheet(\d+)[.]xml/.test(p));
  const named = new Map<string, { name: string; id: number; state: string | undefined }>();
  for (const a of sheetElements) {
    const rel = workbookRels.get(a.get("r:id") ?? "");
    if (!rel) continue;
    const path = `xl/${rel.target.replace(/^(\s|\/xl\/)+/, "")}`;
    if (!worksheetParts.includes(path)) continue;
    named.set(path, { name: excelJsXmlDecode(a.get("name") ?? ""), id: parseInt(a.get("sheetId") ?? "", 10), state: a.get("state") });
  }
  const byId = new Map<number, XlsxSheet>();
  for (const part of worksheetParts) {
    const n = named.get(part);
    if (!n || !Number.isInteger(n.id) || n.id < 1) continue;
    byId.set(n.id, { name: n.name, state: n.state, part });
  }
  const order = (id: number): number => sheetElements.findIndex((a) => parseInt(a.get("sheetId") ?? "", 10) === id);
  const sheets = [...byId.entries()]
    .sort((x, y) => x[0] - y[0])
    .sort((x, y) => order(x[0]) - order(y[0]))
    .map(([, s]) => s);

  const sheetRels = new Map<string, Map<string, Relationship>>();
  for (const s of sheets) {
    const m = /xl\/worksheets\/sheet(\d+)[.]xml/.exec(s.part)!;
    sheetRels.set(s.part, relationships(await text(`xl/worksheets/_rels/sheet${m[1]!}.xml.rels`)));
  }
  const tableParts = new Map<string, TablePart>();
  for (const path of parts.paths) {
    const m = /xl\/tables\/(table\d+)[.]xml/.exec(path);
    if (!m) continue;
    const xml = (await text(path)) ?? "";
    const a = elements(xml, "table")[0];
    if (!a) continue;
    tableParts.set(`../tables/${m[1]!}.xml`, {
      name: a.get("name"),
      ref: a.get("ref"),
      totalsRow: a.get("totalsRowCount") === "1",
      headerRow: a.get("headerRowCount") === "1",
    });
  }

  const book = new XlsxBook(parts, sheets, date1904, definedNamesOf(definedNameElements(workbookXml)), context, sheetRels, tableParts);
  const settings = book.findSheet(SETTINGS_SHEET);
  if (settings) await book.cells(settings);
  return book;
}
