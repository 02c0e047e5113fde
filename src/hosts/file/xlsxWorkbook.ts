/**
 * The workbook model (grids, sheet specs, workbook info) ⇄ .xlsx workbooks.
 *
 * Environment-neutral: no `fs`, no `path`. Reading goes through our own .xlsx reader
 * (`xlsxRead.ts`: an `XlsxBook` opened from bytes by the host); writing is the package
 * writer's (`xlsxWrite.ts`); `zipParts.ts` lists and inflates the parts of raw packages.
 */
import { ZipParts } from "./zipParts";
import { type Cell, type Grid, type A1Range, parseA1, cellA1, mergesInGrid } from "../../workbook/grid";
import type { NameInfo, SheetInfo, SourceError, TableInfo, WorkbookInfo } from "../../workbook/host";
import { type RangeSource, type Settings, SETTINGS_SHEET, sheetRangeOf } from "../../workbook/mapping";
import { settingsFromGrid } from "../../workbook/settingsSheet";
import type { SheetCells, XlsxSheet, XlsxTable, XlsxBook } from "./xlsxRead";

// ---------------------------------------------------------------------------
// Small helpers

/** Above this many cells (rows × columns), empty rows of a grid are not padded with nulls. */
const MAX_PADDED_CELLS = 4_000_000;

function lower(s: string): string {
  return s.toLowerCase();
}

// ---------------------------------------------------------------------------
// Sheets, tables, names

/** A worksheet by name: exact match first, then case-insensitive (as Excel compares). */
export function findSheet(book: XlsxBook, name: string): XlsxSheet | undefined {
  return book.findSheet(name);
}

function rangeText(r: A1Range): string {
  const a = cellA1(r.top, r.left);
  const b = cellA1(r.bottom, r.right);
  return a === b ? a : `${a}:${b}`;
}

interface NameRef {
  readonly name: string;
  readonly ranges: readonly string[];
}

/** Defined names of a workbook as the reader gives them (print areas and filter databases left out). */
function bookNames(book: XlsxBook): NameRef[] {
  return book.names.filter((n) => !n.name.startsWith("_xlnm."));
}

/**
 * Settings saved in the workbook's `SOP_Settings` sheet, or null. Synchronous: `openXlsxBook`
 * scans that sheet when it opens the workbook.
 */
export function readWorkbookSettings(book: XlsxBook): Settings | null {
  const sheet = book.findSheet(SETTINGS_SHEET);
  if (!sheet) return null;
  const cells = book.loadedCells(sheet);
  if (!cells) throw new Error(`${SETTINGS_SHEET} has not been read (open the workbook with openXlsxBook)`);
  return settingsFromGrid(readBlock(sheet, cells, 0, 0, Infinity, Infinity, false, {}));
}

/** Names of the sheets the add-in owns in this workbook (lower case): `ownedSheets` plus `SOP_Settings`. */
export function ownedSheetNames(book: XlsxBook | null, settings: Settings | null = book ? readWorkbookSettings(book) : null): Set<string> {
  const owned = new Set<string>([lower(SETTINGS_SHEET)]);
  for (const n of settings?.ownedSheets ?? []) owned.add(lower(n));
  return owned;
}

/** A sheet's visibility as the host interface names it. */
function visibilityOf(ws: XlsxSheet): SheetInfo["visibility"] {
  return ws.state === "hidden" ? "hidden" : ws.state === "veryHidden" ? "veryHidden" : "visible";
}

/** The sheets' names and visibility in tab order, without scanning any sheet. */
export function listWorkbookSheets(book: XlsxBook): Pick<SheetInfo, "name" | "visibility">[] {
  return book.sheets.map((ws) => ({ name: ws.name, visibility: visibilityOf(ws) }));
}

/** Sheets (with visibility, used extent and ownership), tables and single-range defined names. Scans every sheet. */
export async function describeWorkbook(book: XlsxBook): Promise<WorkbookInfo> {
  const owned = ownedSheetNames(book);
  const sheets: SheetInfo[] = [];
  for (const ws of book.sheets) {
    const { rows, cols } = await book.cells(ws);
    sheets.push({ name: ws.name, visibility: visibilityOf(ws), rows, cols, owned: owned.has(lower(ws.name)) });
  }
  const tables: TableInfo[] = (await book.tables()).map((t) => ({ name: t.name, sheet: t.sheet.name, range: rangeText(t.range) }));
  const names: NameInfo[] = [];
  for (const n of bookNames(book)) {
    if (n.ranges.length !== 1) continue;
    const r = parseA1(n.ranges[0]!);
    if (!r || r.sheet === undefined) continue;
    const ws = book.findSheet(r.sheet);
    if (!ws) continue;
    names.push({ name: n.name, sheet: ws.name, range: rangeText(r) });
  }
  return { sheets, tables, names };
}

// ---------------------------------------------------------------------------
// Reading

interface BlockExtra {
  /** Table name when the block is an Excel table. */
  readonly table?: string;
}

/**
 * Read a block of a sheet into a grid. `top`/`left` are zero-based; `bottom`/`right`
 * are zero-based inclusive bounds (Infinity for the whole sheet). The grid is clipped
 * to the used area (trailing empty rows and columns are dropped) but always starts at
 * (`top`, `left`), so addresses computed from it stay true. `formats` rows are only as
 * long as their last formatted cell (memory stays low; `formatAt` reads missing as null).
 */
function readBlock(sheet: XlsxSheet, cells: SheetCells, top: number, left: number, bottom: number, right: number, date1904: boolean, extra: BlockExtra): Grid {
  const values: Cell[][] = [];
  const formats: (string | null)[][] = [];
  const hiddenRows: number[] = [];
  let uncalculated = 0;
  let firstUncalculated: { row: number; col: number } | null = null;
  let width = 0;
  let height = 0;

  const n = cells.count;
  const rowOf = cells.row;
  const colOf = cells.col;
  let i = cells.firstInRow(top);
  while (i < n) {
    const r = rowOf[i]!;
    if (r > bottom) break;
    const out: Cell[] = [];
    let fmts: (string | null)[] | null = null;
    for (; i < n && rowOf[i] === r; i++) {
      const cn = colOf[i]!;
      if (cn < left || cn > right) continue;
      const v = cells.value(i);
      if (v === null) {
        if (cells.uncalculated(i)) {
          uncalculated++;
          firstUncalculated ??= { row: r - top, col: cn - left };
        }
        continue;
      }
      const c = cn - left;
      while (out.length < c) out.push(null);
      out.push(v);
      if (typeof v === "number") {
        const fmt = cells.numberFormat(i);
        if (fmt !== null) {
          if (!fmts) fmts = [];
          while (fmts.length < c) fmts.push(null);
          fmts.push(fmt);
        }
      }
    }
    if (out.length === 0) continue;
    const at = r - top;
    while (values.length < at) {
      values.push([]);
      formats.push([]);
    }
    values.push(out);
    formats.push(fmts ?? []);
    if (cells.hiddenRows.has(r)) hiddenRows.push(at);
    if (out.length > width) width = out.length;
    height = at + 1;
  }

  // Rectangular values: pad every row to the grid's width. Past a few million cells (a stray
  // cell in row 1,048,576 or in XFD1048576), rows without any cell stay empty: padding them
  // would mean up to 17 billion nulls. Readers go through `cellAt` / `gridWidth` either way.
  const rectangular = height * width <= MAX_PADDED_CELLS;
  for (const row of values) if (rectangular || row.length > 0) while (row.length < width) row.push(null);
  values.length = height;
  formats.length = height;
  // Merges whose top-left cell (the only one with a value) is in the block, clipped to it.
  const merges = mergesInGrid(cells.merges, top, left, height, width);

  return {
    sheet: sheet.name,
    top,
    left,
    values,
    formats,
    hiddenRows,
    ...(extra.table !== undefined ? { table: extra.table } : {}),
    ...(firstUncalculated !== null ? { uncalculated: { count: uncalculated, first: firstUncalculated } } : {}),
    ...(merges.length > 0 ? { merges } : {}),
    date1904,
  };
}

function sheetList(book: XlsxBook): string {
  const names = book.sheets.map((w) => w.name);
  return names.length === 0 ? "the workbook has no sheets" : `sheets: ${names.join(", ")}`;
}

async function readSheetBlock(book: XlsxBook, sheet: XlsxSheet, top: number, left: number, bottom: number, right: number, extra: BlockExtra): Promise<Grid> {
  return readBlock(sheet, await book.cells(sheet), top, left, bottom, right, book.date1904, extra);
}

/** Read one source (whole sheet, range, table or defined name) as a grid, or say why it cannot be read. */
export async function readSource(book: XlsxBook, source: RangeSource): Promise<Grid | SourceError> {
  const fail = (message: string): SourceError => ({ source, message });

  if (source.table !== undefined) {
    const tables: XlsxTable[] = await book.tables();
    const want = source.table.trim();
    const t = tables.find((x) => x.name === want) ?? tables.find((x) => lower(x.name) === lower(want));
    if (!t) {
      const list = tables.length === 0 ? "the workbook has no tables" : `tables: ${tables.map((x) => x.name).join(", ")}`;
      return fail(`table ${want} not found (${list})`);
    }
    const bottom = t.totalsRow ? t.range.bottom - 1 : t.range.bottom;
    return readSheetBlock(book, t.sheet, t.range.top, t.range.left, bottom, t.range.right, { table: t.name });
  }

  if (source.name !== undefined) {
    const want = source.name.trim();
    const names = bookNames(book);
    const n = names.find((x) => x.name === want) ?? names.find((x) => lower(x.name) === lower(want));
    if (!n) return fail(`name ${want} not found (${names.length === 0 ? "the workbook has no defined names" : `names: ${names.map((x) => x.name).join(", ")}`})`);
    if (n.ranges.length !== 1) return fail(`name ${n.name} refers to ${n.ranges.length} ranges; it must refer to one range`);
    const r = parseA1(n.ranges[0]!);
    if (!r || r.sheet === undefined) return fail(`name ${n.name} does not refer to a range on a sheet (${n.ranges[0]!})`);
    const ws = book.findSheet(r.sheet);
    if (!ws) return fail(`name ${n.name} refers to sheet '${r.sheet}', which does not exist (${sheetList(book)})`);
    return readSheetBlock(book, ws, r.top, r.left, r.bottom, r.right, {});
  }

  const sr = sheetRangeOf(source);
  if ("error" in sr) return fail(sr.error);
  const { sheet: sheetName, range } = sr;
  const ws = book.findSheet(sheetName);
  if (!ws) return fail(`sheet '${sheetName}' does not exist (${sheetList(book)})`);
  if (range) return readSheetBlock(book, ws, range.top, range.left, range.bottom, range.right, {});
  return readSheetBlock(book, ws, 0, 0, Infinity, Infinity, {});
}

// ---------------------------------------------------------------------------
// What an in-place rewrite would lose

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  if (bytes.length < magic.length) return false;
  return magic.every((b, i) => bytes[i] === b);
}

/** True when an OLE compound file holds an encrypted OOXML package (a password-protected .xlsx). */
export function isEncryptedPackage(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, CFB_MAGIC)) return false;
  const needle = "EncryptedPackage";
  const limit = Math.min(bytes.length, 1 << 22);
  outer: for (let i = 0; i + needle.length * 2 <= limit; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (bytes[i + 2 * j] !== needle.charCodeAt(j) || bytes[i + 2 * j + 1] !== 0) continue outer;
    }
    return true;
  }
  return false;
}

/** What kind of file the bytes are, before any parsing. */
export function packageKind(bytes: Uint8Array): "zip" | "encrypted" | "legacy" | "other" {
  if (startsWith(bytes, ZIP_MAGIC)) return "zip";
  if (startsWith(bytes, CFB_MAGIC)) return isEncryptedPackage(bytes) ? "encrypted" : "legacy";
  return "other";
}

/** Filter criteria inside an `autoFilter` element (a filter is applied). */
const FILTER_CRITERIA = /<(?:\w+:)?(?:filters|customFilters|top10|dynamicFilter|colorFilter|iconFilter)\b/;

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCharCode(Number(d)))
    .replace(/&#x([0-9a-fA-F]+);/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&amp;/g, "&");
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name.replace(/[:.]/g, "\\$&")}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  if (!m) return undefined;
  return decodeXml(m[2] ?? m[3] ?? "");
}

/** Relationships of a part: id → { type (last path segment), target (resolved zip path) }. */
function parseRels(xml: string, partPath: string): Map<string, { type: string; target: string }> {
  const dir = partPath.includes("/") ? partPath.slice(0, partPath.lastIndexOf("/")) : "";
  const out = new Map<string, { type: string; target: string }>();
  for (const m of xml.matchAll(/<Relationship\b[^>]*>/g)) {
    const tag = m[0];
    const id = attr(tag, "Id");
    const type = attr(tag, "Type") ?? "";
    const target = attr(tag, "Target") ?? "";
    if (id === undefined) continue;
    if (attr(tag, "TargetMode") === "External") {
      out.set(id, { type: type.slice(type.lastIndexOf("/") + 1), target: "" });
      continue;
    }
    out.set(id, { type: type.slice(type.lastIndexOf("/") + 1), target: resolvePath(dir, target) });
  }
  return out;
}

function resolvePath(dir: string, target: string): string {
  const parts = target.startsWith("/") ? [] : dir.split("/").filter((p) => p !== "");
  for (const p of target.replace(/^\//, "").split("/")) {
    if (p === "..") parts.pop();
    else if (p !== "." && p !== "") parts.push(p);
  }
  return parts.join("/");
}

function relsPathOf(part: string): string {
  const i = part.lastIndexOf("/");
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

/**
 * Why rewriting this .xlsx in place would lose something (charts, pivots, macros,
 * external links, slicers, …). An empty list means a rewrite keeps the workbook's content.
 */
export async function unsupportedForRewrite(bytes: Uint8Array | ArrayBuffer): Promise<string[]> {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const kind = packageKind(u8);
  if (kind === "encrypted") return ["The workbook is password-protected (encrypted); it cannot be rewritten."];
  if (kind === "legacy") return ["The file is an Excel 97-2003 workbook (.xls), not an .xlsx workbook."];
  if (kind === "other") return ["The file is not an .xlsx workbook (it is not a zip package)."];

  let zip: ZipParts;
  try {
    zip = ZipParts.open(u8);
  } catch (e) {
    return [`The file is not a readable .xlsx package (${e instanceof Error ? e.message : String(e)}).`];
  }
  const names = zip.paths;
  const has = (p: string): boolean => zip.has(p);
  const under = (prefix: string): string[] => names.filter((n) => n.startsWith(prefix));
  const text = async (p: string): Promise<string> => zip.text(p) ?? "";
  const reasons: string[] = [];
  const add = (r: string): void => {
    if (!reasons.includes(r)) reasons.push(r);
  };

  const contentTypes = await text("[Content_Types].xml");
  if (has("xl/workbook.bin") || /sheet\.binary\.macroEnabled/i.test(contentTypes)) {
    add("The file is an Excel binary workbook (.xlsb), not an .xlsx workbook.");
  } else if (/macroEnabled\.main\+xml/i.test(contentTypes)) {
    add("The file is a macro-enabled workbook (.xlsm); rewriting it would drop its macros.");
  } else if (/template\.main\+xml/i.test(contentTypes)) {
    add("The file is an Excel template (.xltx), not an .xlsx workbook.");
  }
  if (!has("xl/workbook.xml") && !has("xl/workbook.bin")) {
    add("The package has no workbook part (xl/workbook.xml); it is not an .xlsx workbook.");
    return reasons;
  }

  const workbookXml = await text("xl/workbook.xml");
  if (/<(?:\w+:)?workbookProtection\b/.test(workbookXml)) add("The workbook's structure protection would be removed.");
  const ref = "(?:'(?:[^']|'')+'|[^'!,()\"]+)!\\$?[A-Z]{1,3}\\$?[0-9]+(?::\\$?[A-Z]{1,3}\\$?[0-9]+)?";
  const rangeList = new RegExp(`^${ref}(?:,${ref})*$`);
  for (const m of workbookXml.matchAll(/<(?:\w+:)?definedName\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?definedName>/g)) {
    const tag = `<x ${m[1] ?? ""}>`;
    const name = attr(tag, "name") ?? "";
    if (name.startsWith("_xlnm.")) continue;
    const body = decodeXml(m[2] ?? "").trim();
    if (!rangeList.test(body)) add(`Defined name '${name}' (a formula, a constant or a whole-column reference) would be damaged.`);
    else if (attr(tag, "localSheetId") !== undefined) add(`Defined name '${name}' belongs to one sheet and would become workbook-wide.`);
  }

  // Features already reported with their sheet (the generic sentence is then left out).
  const found = new Set<string>();
  // Sheet names by part path.
  const sheetName = new Map<string, string>();
  const wbRels = parseRels(await text("xl/_rels/workbook.xml.rels"), "xl/workbook.xml");
  for (const m of (await text("xl/workbook.xml")).matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = attr(m[0], "name");
    const rid = attr(m[0], "r:id");
    const rel = rid !== undefined ? wbRels.get(rid) : undefined;
    if (name !== undefined && rel) {
      sheetName.set(rel.target, name);
      if (rel.type === "chartsheet") {
        add(`Chart sheet '${name}' would be lost.`);
        found.add("chart");
      }
      if (rel.type === "dialogsheet") add(`Dialog sheet '${name}' would be lost.`);
      if (/macrosheet/i.test(rel.type)) add(`Excel 4 macro sheet '${name}' would be lost.`);
    }
  }

  for (const [part, name] of sheetName) {
    if (!part.startsWith("xl/worksheets/")) continue;
    const rels = parseRels(await text(relsPathOf(part)), part);
    for (const rel of rels.values()) {
      switch (rel.type) {
        case "pivotTable":
          add(`Pivot table on sheet '${name}' would be lost.`);
          found.add("pivot");
          break;
        case "drawing": {
          const dRels = parseRels(await text(relsPathOf(rel.target)), rel.target);
          for (const d of dRels.values()) {
            if (d.type === "chart" || d.type === "chartEx") {
              add(`Chart on sheet '${name}' would be lost.`);
              found.add("chart");
            }
            if (d.type === "diagramData") add(`SmartArt graphic on sheet '${name}' would be lost.`);
          }
          const dXml = await text(rel.target);
          if (/<(?:\w+:)?sp[\s>]/.test(dXml) || /<(?:\w+:)?cxnSp[\s>]/.test(dXml)) {
            add(`Shapes or text boxes on sheet '${name}' would be lost.`);
          }
          break;
        }
        case "ctrlProp":
          add(`Form controls on sheet '${name}' would be lost.`);
          found.add("ctrl");
          break;
        case "control":
          add(`ActiveX controls on sheet '${name}' would be lost.`);
          found.add("activex");
          break;
        case "slicer":
          add(`Slicers on sheet '${name}' would be lost.`);
          found.add("slicer");
          break;
        case "timeline":
          add(`Timelines on sheet '${name}' would be lost.`);
          found.add("timeline");
          break;
        case "oleObject":
        case "package":
          add(`Embedded objects on sheet '${name}' would be lost.`);
          found.add("ole");
          break;
        case "threadedComment":
          add(`Threaded comments on sheet '${name}' would be lost.`);
          found.add("threaded");
          break;
        default:
          break;
      }
    }
    const xml = await text(part);
    const filter = /<(?:\w+:)?autoFilter\b[^>]*>([\s\S]*?)<\/(?:\w+:)?autoFilter>/.exec(xml);
    if (filter && FILTER_CRITERIA.test(filter[1] ?? "")) add(`The filter applied on sheet '${name}' would be lost (clear it first).`);
    if (/<(?:\w+:)?extLst\b/.test(xml)) {
      if (/x14:sparklineGroups/.test(xml)) add(`Sparklines on sheet '${name}' would be lost.`);
      if (/x14:dataValidations/.test(xml)) add(`Data validation lists referring to other sheets on sheet '${name}' would be lost.`);
    }
  }

  for (const part of under("xl/tables/")) {
    const xml = await text(part);
    const tableTag = /<(?:\w+:)?table\b[^>]*>/.exec(xml)?.[0] ?? "";
    const filter = /<(?:\w+:)?autoFilter\b[^>]*>([\s\S]*?)<\/(?:\w+:)?autoFilter>/.exec(xml);
    if (filter && FILTER_CRITERIA.test(filter[1] ?? "")) {
      add(`The filter applied in table ${attr(tableTag, "name") ?? part} would be lost (clear it first).`);
    }
  }

  const global: [boolean, string, string][] = [
    [under("xl/charts/").length > 0 || under("xl/chartsheets/").length > 0, "chart", "The workbook contains charts, which would be lost."],
    [under("xl/pivotTables/").length > 0 || under("xl/pivotCache/").length > 0, "pivot", "The workbook contains pivot tables or pivot caches, which would be lost."],
    [has("xl/vbaProject.bin"), "vba", "The workbook contains macros (a VBA project), which would be lost."],
    [under("xl/externalLinks/").length > 0, "ext", "The workbook links to other workbooks (external links), which would be lost."],
    [under("xl/slicers/").length > 0 || under("xl/slicerCaches/").length > 0, "slicer", "The workbook contains slicers, which would be lost."],
    [under("xl/timelines/").length > 0 || under("xl/timelineCaches/").length > 0, "timeline", "The workbook contains timelines, which would be lost."],
    [under("xl/ctrlProps/").length > 0, "ctrl", "The workbook contains form controls, which would be lost."],
    [under("xl/activeX/").length > 0, "activex", "The workbook contains ActiveX controls, which would be lost."],
    [under("xl/model/").length > 0, "model", "The workbook contains a data model (Power Pivot), which would be lost."],
    [has("xl/connections.xml"), "conn", "The workbook contains data connections (Power Query or external data), which would be lost."],
    [under("xl/queryTables/").length > 0, "query", "The workbook contains query tables, which would be lost."],
    [under("xl/threadedComments/").length > 0 || under("xl/persons/").length > 0, "threaded", "The workbook contains threaded comments, which would be lost."],
    [under("customXml/").length > 0, "customxml", "The workbook contains custom XML parts, which would be lost."],
    [under("xl/embeddings/").length > 0, "ole", "The workbook contains embedded objects, which would be lost."],
    [under("xl/diagrams/").length > 0, "smartart", "The workbook contains SmartArt graphics, which would be lost."],
    [under("xl/macrosheets/").length > 0, "xlm", "The workbook contains Excel 4 macro sheets, which would be lost."],
    [under("xl/webextensions/").length > 0, "webext", "The workbook contains Office add-in parts (web extensions), which would be lost."],
    [under("xl/richData/").length > 0, "richdata", "The workbook contains data types or pictures in cells, which would be lost."],
    [has("xl/metadata.xml"), "metadata", "The workbook contains cell metadata (dynamic array formulas), which would be lost."],
    [has("docProps/custom.xml"), "custom", "The workbook has custom document properties (such as sensitivity labels), which would be lost."],
  ];
  for (const [present, key, reason] of global) {
    if (present && !found.has(key)) add(reason);
  }
  return reasons;
}
