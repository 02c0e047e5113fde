/**
 * The in-memory .xlsx host (browser-safe): the planner's workbook and, when there is
 * one, the previous companion workbook are bytes; `write` builds the new companion
 * (`<name>.sop.xlsx`, DESIGN.md §7) in memory and exposes it as `outputBytes` /
 * `outputName` (the standalone page offers it for download).
 *
 * This is the companion logic shared by every .xlsx host: the Node file host
 * (`fileHost.ts`) adds only the file system (reading the files, a backup, a temporary
 * file and an atomic rename). No `fs`, no `path`, no `Buffer` here.
 *
 * The companion carries what a run must keep from cycle to cycle: the add-in's own
 * sheets (`SOP Snapshots`, `SOP Decisions`, `SOP Plan <cycle>`) and `SOP_Settings`.
 * A write starts from the previous companion, so its sheets carry over; sheets of
 * the same names are replaced, a planner's sheet is never touched.
 */
import type { Grid } from "../../workbook/grid";
import type { Progress, ReadResult, SheetInfo, WorkbookHost, WorkbookInfo, WriteResult } from "../../workbook/host";
import { type RangeSource, type Settings, SETTINGS_SHEET } from "../../workbook/mapping";
import type { SheetSpec } from "../../workbook/sheetSpec";
import { settingsToSheet } from "../../workbook/settingsSheet";
import { type XlsxBook, XlsxDamagedError, openXlsxBook } from "./xlsxRead";
import {
  describeWorkbook,
  listWorkbookSheets,
  ownedSheetNames,
  packageKind,
  readSource,
  readWorkbookSettings,
  unsupportedForRewrite,
} from "./xlsxWorkbook";
import { XlsxWriter } from "./xlsxWrite";
import { endOfCentralDirectory } from "./xlsxPackageZip";

/** The input (or the previous companion) cannot be opened; the message is a plain sentence. */
export class WorkbookOpenError extends Error {
  override readonly name = "WorkbookOpenError";
}

/** In-place writing refused because rewriting the file would lose something. */
export class InPlaceRefusedError extends Error {
  override readonly name = "InPlaceRefusedError";
  constructor(
    readonly file: string,
    readonly reasons: readonly string[],
  ) {
    super(
      `${file} cannot be updated in place without losing content:\n` +
        reasons.map((r) => `  - ${r}`).join("\n") +
        `\nWrite to a companion workbook instead (the default).`,
    );
  }
}

export interface BufferHostOptions {
  /** Write the add-in's sheets into the input workbook itself (its bytes become the output). */
  readonly inPlace?: boolean;
  /** File name of the output in companion mode (`outputName`); default `<name>.sop.xlsx`. */
  readonly companionName?: string;
  /** File name of the previous companion, for messages; default the output name. */
  readonly previousName?: string;
}

/** A new output workbook, built in memory; nothing is adopted until `adopt`. */
export interface BuiltWorkbook {
  readonly bytes: Uint8Array;
  /** For each requested sheet, the name it got. */
  readonly sheets: readonly { readonly requested: string; readonly written: string }[];
  /** Sentences for the user (renamed sheets). */
  readonly notes: readonly string[];
}

/** The last segment of a path or file name (`/x/y/plan.xlsx` or `C:\x\plan.xlsx` → `plan.xlsx`). */
export function fileBaseName(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] ?? file;
}

/** Lower-case extension with its dot (`.xlsx`), or "" when none. */
export function fileExtension(file: string): string {
  const base = fileBaseName(file);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot).toLowerCase() : "";
}

/** `<name>.sop.xlsx` for an input file name `<name>.xlsx` (no folder). */
export function companionName(fileName: string): string {
  return `${fileBaseName(fileName).replace(/\.(xlsx|xlsm|xltx|xltm)$/i, "")}.sop.xlsx`;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The sentence for a workbook whose package or parts cannot be read (`what`: "The workbook"). */
function damagedMessage(what: string, name: string, e: unknown): string {
  return `${what} ${name} could not be read as an .xlsx workbook (the file may be damaged): ${message(e)}`;
}

/**
 * Open .xlsx bytes for reading (`xlsxRead.ts`), turning every failure into a plain sentence
 * (`what`: "The workbook"). Worksheets are scanned later, when their cells are needed.
 */
export async function loadXlsx(bytes: Uint8Array, fileName: string, what: string): Promise<XlsxBook> {
  const name = fileBaseName(fileName);
  const ext = fileExtension(fileName);
  const kind = packageKind(bytes);
  if (kind === "encrypted") {
    throw new WorkbookOpenError(`${what} ${name} is password-protected. Remove the password in Excel (File > Info > Protect Workbook) and save it again.`);
  }
  if (kind === "legacy" || ext === ".xls") {
    throw new WorkbookOpenError(`${what} ${name} is an Excel 97-2003 workbook (.xls). Open it in Excel and save it as an Excel Workbook (.xlsx).`);
  }
  if (ext === ".xlsb") {
    throw new WorkbookOpenError(`${what} ${name} is an Excel binary workbook (.xlsb). Open it in Excel and save it as an Excel Workbook (.xlsx).`);
  }
  if (kind !== "zip") {
    if (bytes.length === 0) throw new WorkbookOpenError(`${what} ${name} is empty (0 bytes): it is not an .xlsx workbook. Was it copied or downloaded completely?`);
    const other = nonZipKind(bytes);
    throw new WorkbookOpenError(`${what} ${name} is not an .xlsx workbook${other ? `: it is ${other}. Open it in Excel and save it as an Excel Workbook (.xlsx)` : ""}.`);
  }
  if (ext !== ".xlsx" && ext !== ".xlsm") {
    throw new WorkbookOpenError(`${what} ${name} is not an .xlsx workbook.`);
  }
  const entries = zipEntryNames(bytes);
  if (entries !== null && !entries.has("xl/workbook.xml")) {
    const other = zipKind(entries);
    throw new WorkbookOpenError(`${what} ${name} is not an Excel workbook: it is ${other}${other.startsWith("an Excel") ? ". Open it in Excel and save it as an Excel Workbook (.xlsx)" : ""}.`);
  }
  try {
    return await openXlsxBook(bytes);
  } catch (e) {
    throw new WorkbookOpenError(damagedMessage(what, name, e));
  }
}

/** An opened workbook with what its messages call it. */
interface OpenBook {
  readonly book: XlsxBook;
  readonly name: string;
  readonly what: string;
}

/** What a file that is not a zip package is, for the message (`a text (CSV) file`), or null when unknown. */
export function nonZipKind(bytes: Uint8Array): string | null {
  const head = bytes.subarray(0, 4096);
  if (head.length >= 4 && head[0] === 0x25 && head[1] === 0x50 && head[2] === 0x44 && head[3] === 0x46) return "a PDF document";
  let text: string;
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    text = new TextDecoder(head[0] === 0xff ? "utf-16le" : "utf-16be").decode(head);
  } else {
    if (head.includes(0)) return null;
    text = new TextDecoder("utf-8").decode(head);
  }
  text = text.replace(/^\uFEFF/, "");
  const start = text.trimStart().slice(0, 512).toLowerCase();
  if (/^<\?xml[\s\S]*urn:schemas-microsoft-com:office:spreadsheet/.test(text.slice(0, 2048).toLowerCase())) return "an XML Spreadsheet 2003 file";
  if (/^(<!doctype html|<html|<table|<meta|<head|<body)/.test(start)) return "a web page (HTML) with a table";
  if (start.startsWith("<?xml") || start.startsWith("<")) return "an XML or HTML text file";
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "").slice(0, 20);
  const complete = lines.length > 1 && bytes.length > head.length ? lines.slice(0, -1) : lines;
  for (const sep of [";", ",", "\t", "|"]) {
    const counts = complete.map((l) => l.split(sep).length - 1);
    if (counts.length > 0 && counts[0]! > 0 && counts.every((c) => c === counts[0])) return sep === "\t" ? "a tab-separated text file" : "a text (CSV) file";
  }
  return "a text file";
}

/**
 * Names of the entries of a zip package, read from its central directory (no
 * decompression); null when the directory cannot be found (a damaged file).
 */
export function zipEntryNames(bytes: Uint8Array): Set<string> | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = endOfCentralDirectory(bytes, view);
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const names = new Set<string>();
  const decoder = new TextDecoder("utf-8");
  for (let e = 0; e < count; e++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) return null;
    const n = view.getUint16(p + 28, true);
    if (p + 46 + n > bytes.length) return null;
    names.add(decoder.decode(bytes.subarray(p + 46, p + 46 + n)).replace(/^\//, ""));
    p += 46 + n + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return names;
}

/** What a zip package without a workbook part is, for the message. */
function zipKind(entries: ReadonlySet<string>): string {
  if (entries.has("xl/workbook.bin")) return "an Excel binary workbook (.xlsb)";
  if (entries.has("word/document.xml")) return "a Word document (.docx)";
  if (entries.has("ppt/presentation.xml")) return "a PowerPoint presentation (.pptx)";
  if (entries.has("content.xml") && entries.has("mimetype")) return "an OpenDocument file (.ods or .odt): open it and save it as an Excel Workbook (.xlsx)";
  return "a zip archive without a workbook part (xl/workbook.xml)";
}

/**
 * The in-memory .xlsx host. Create it with `BufferHost.open`.
 *
 * Reading goes through `XlsxBook`s (`xlsxRead.ts`), opened from the bytes: `inputBook()` for
 * the planner's workbook, `storeBook()` for the workbook holding the add-in's own sheets and
 * settings (the previous companion, or the input in place; null when there is none yet).
 * After `adopt`, the book of the adopted bytes is opened again, lazily, from those bytes.
 * A part that turns out to be damaged when a sheet is first read gives the same
 * `WorkbookOpenError` sentence as a package that cannot be opened at all.
 */
export class BufferHost implements WorkbookHost {
  readonly label: string;
  private output: Uint8Array | null = null;
  /** The books as opened (null: open again from the bytes when next needed). */
  private input: OpenBook | null;
  private companion: OpenBook | null;
  /** True once a built companion (which always carries `SOP_Settings`) has been adopted. */
  private adoptedCompanion = false;

  private constructor(
    /** File name of the planner's workbook (no folder). */
    readonly fileName: string,
    /** Name of what `write` produces: the companion, or the input itself in in-place mode. */
    readonly outputName: string,
    readonly inPlace: boolean,
    private inputBytesValue: Uint8Array,
    input: XlsxBook,
    /** Bytes of the previous companion (companion mode), when there is one. */
    private companionBytes: Uint8Array | null,
    companion: XlsxBook | null,
    /** File name of the previous companion, for messages. */
    private readonly companionLabel: string,
  ) {
    this.label = fileName;
    this.input = { book: input, name: fileName, what: "The workbook" };
    this.companion = companion ? { book: companion, name: companionLabel, what: "The companion workbook" } : null;
  }

  /**
   * Open a workbook from its bytes. `previousCompanion`: the companion of an earlier run
   * (companion mode), read for its settings and its sheets that carry over. Throws
   * `WorkbookOpenError` with a plain sentence when either cannot be read.
   */
  static async open(inputBytes: Uint8Array, fileName: string, previousCompanion?: Uint8Array | null, options: BufferHostOptions = {}): Promise<BufferHost> {
    const inPlace = options.inPlace === true;
    const name = fileBaseName(fileName);
    const outputName = inPlace ? name : options.companionName !== undefined ? fileBaseName(options.companionName) : companionName(name);
    const input = await loadXlsx(inputBytes, name, "The workbook");
    const previousName = fileBaseName(options.previousName ?? outputName);
    let companionBytes: Uint8Array | null = null;
    let companion: XlsxBook | null = null;
    if (!inPlace && previousCompanion) {
      companionBytes = previousCompanion;
      companion = await loadXlsx(previousCompanion, previousName, "The companion workbook");
    }
    return new BufferHost(name, outputName, inPlace, inputBytes, input, companionBytes, companion, previousName);
  }

  /** The planner's workbook (in in-place mode, as last adopted), opened for reading. */
  private async inputBook(): Promise<OpenBook> {
    this.input ??= { book: await loadXlsx(this.inputBytesValue, this.fileName, "The workbook"), name: this.fileName, what: "The workbook" };
    return this.input;
  }

  /** The workbook holding the add-in's own sheets and settings (null: none yet), opened for reading. */
  private async storeOpen(): Promise<OpenBook | null> {
    if (this.inPlace) return this.inputBook();
    if (this.companionBytes === null) return null;
    this.companion ??= { book: await loadXlsx(this.companionBytes, this.companionLabel, "The companion workbook"), name: this.companionLabel, what: "The companion workbook" };
    return this.companion;
  }

  /** `storeOpen()`'s book (what `build` reads the previous settings and owned sheets from). */
  private async storeBook(): Promise<XlsxBook | null> {
    return (await this.storeOpen())?.book ?? null;
  }

  /** Run a read on a book; a part found damaged now is reported as the workbook being unreadable. */
  private async reading<T>(open: OpenBook, f: (book: XlsxBook) => Promise<T> | T): Promise<T> {
    try {
      return await f(open.book);
    } catch (e) {
      if (e instanceof XlsxDamagedError) throw new WorkbookOpenError(damagedMessage(open.what, open.name, e));
      throw e;
    }
  }

  /** The planner's workbook as it is now (in in-place mode, after the last write). */
  get inputBytes(): Uint8Array {
    return this.inputBytesValue;
  }

  /** Bytes of the workbook the last `write` produced (the companion, or the input in place); null before. */
  get outputBytes(): Uint8Array | null {
    return this.output;
  }

  /** True when a previous companion was given (or one has been written since). */
  get hasPreviousCompanion(): boolean {
    return this.companionBytes !== null;
  }

  /** True when the previous companion carries the add-in's settings (it is the result of an earlier run). */
  get previousHasSettings(): boolean {
    if (this.companionBytes === null) return false;
    if (this.companion) return readWorkbookSettings(this.companion.book) !== null;
    return this.adoptedCompanion;
  }

  /** Why an in-place rewrite of the input would lose something (empty: safe). */
  async rewriteProblems(): Promise<string[]> {
    const reasons = await unsupportedForRewrite(this.inputBytesValue);
    if (fileExtension(this.fileName) !== ".xlsx") reasons.unshift(`${this.fileName} is not an .xlsx file.`);
    return reasons;
  }

  async describe(): Promise<WorkbookInfo> {
    const input = await this.inputBook();
    return this.reading(input, (book) => describeWorkbook(book));
  }

  async listSheets(): Promise<readonly Pick<SheetInfo, "name" | "visibility">[]> {
    return listWorkbookSheets((await this.inputBook()).book);
  }

  async read(sources: readonly RangeSource[], progress?: Progress): Promise<ReadResult[]> {
    const input = await this.inputBook();
    const out: ReadResult[] = [];
    for (const [i, s] of sources.entries()) {
      out.push(await this.reading(input, (book) => readSource(book, s)));
      progress?.((i + 1) / Math.max(sources.length, 1), `read ${i + 1} of ${sources.length}`);
    }
    return out;
  }

  async readOwnedSheet(name: string): Promise<Grid | null> {
    const store = await this.storeOpen();
    if (!store) return null;
    if (!ownedSheetNames(store.book).has(name.toLowerCase())) return null;
    const ws = store.book.findSheet(name);
    if (!ws) return null;
    const g = await this.reading(store, (book) => readSource(book, { sheet: ws.name }));
    return "values" in g ? g : null;
  }

  async readSettings(): Promise<Settings | null> {
    const store = await this.storeOpen();
    const own = store ? readWorkbookSettings(store.book) : null;
    if (own || this.inPlace) return own;
    // First companion run on a workbook already set up by the Excel add-in: its settings.
    return readWorkbookSettings((await this.inputBook()).book);
  }

  /**
   * Build the new output workbook in memory, on a fresh copy of its base (the previous
   * companion, or the input in place): this host's state does not change. Throws
   * `InPlaceRefusedError` when an in-place rewrite would lose something.
   */
  async build(sheets: readonly SheetSpec[], settings: Settings, progress?: Progress): Promise<BuiltWorkbook> {
    if (this.inPlace) {
      const reasons = await this.rewriteProblems();
      if (reasons.length > 0) throw new InPlaceRefusedError(this.label, reasons);
    }
    progress?.(0, "preparing the workbook");
    // The base's settings and owned sheets, from the reader; the sheets are written by the package writer,
    // which keeps everything of the base that is not a replaced sheet (xlsxWrite.ts).
    const store = await this.storeBook();
    const previousSettings = store ? readWorkbookSettings(store) : null;
    const owned = ownedSheetNames(store, previousSettings);
    const writer = XlsxWriter.open(this.inPlace ? this.inputBytesValue : this.companionBytes);
    const specs = sheets.filter((s) => s.name.toLowerCase() !== SETTINGS_SHEET.toLowerCase());
    const written = writer.putSheets(specs, owned);

    const present = new Set(writer.sheetNames.map((n) => n.toLowerCase()));
    const ownedList: string[] = [];
    const addOwned = (n: string): void => {
      if (present.has(n.toLowerCase()) && !ownedList.some((o) => o.toLowerCase() === n.toLowerCase())) ownedList.push(n);
    };
    for (const w of written) addOwned(w.written);
    for (const n of previousSettings?.ownedSheets ?? []) addOwned(n);
    const finalSettings: Settings = { ...settings, ownedSheets: ownedList };
    writer.putSheets([settingsToSheet(finalSettings)], new Set([SETTINGS_SHEET.toLowerCase()]));
    progress?.(0.3, "building the file");
    const bytes = writer.toBytes();

    const notes: string[] = [];
    for (const w of written) {
      if (w.written !== w.requested) {
        notes.push(`A sheet named '${w.requested}' already exists and is not the add-in's: the output was written to '${w.written}'.`);
      }
    }
    return { bytes, sheets: written, notes };
  }

  /** Make a built workbook the base for later reads and writes, and the output (its book is opened again when next read). */
  adopt(built: BuiltWorkbook): void {
    if (this.inPlace) {
      this.inputBytesValue = built.bytes;
      this.input = null;
    } else {
      this.companionBytes = built.bytes;
      this.companion = null;
      this.adoptedCompanion = true;
    }
    this.output = built.bytes;
  }

  /** Build the output in memory and adopt it; `outputBytes` then holds the file to save or download. */
  async write(sheets: readonly SheetSpec[], settings: Settings, progress?: Progress): Promise<WriteResult> {
    const built = await this.build(sheets, settings, progress);
    this.adopt(built);
    progress?.(1, "built");
    return { sheets: built.sheets, target: this.outputName, notes: built.notes };
  }
}
