/**
 * The .xlsx file host (Node only): the planner's workbook is a file, the add-in's
 * sheets go to a companion workbook next to it (`<name>.sop.xlsx`, DESIGN.md §7),
 * or, in in-place mode, into the file itself when a rewrite loses nothing.
 *
 * Writes are all or nothing: the new workbook is built in memory, written to a
 * temporary file in the target's folder, the previous target is copied to a backup,
 * and the temporary file is renamed over the target. On any failure the temporary
 * file is removed and the input and the previous output are left as they were.
 * In companion mode the input file is only ever read.
 */
import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import ExcelJS from "exceljs";
import type { Grid } from "../../workbook/grid";
import type { Progress, ReadResult, WorkbookHost, WorkbookInfo, WriteResult } from "../../workbook/host";
import { type RangeSource, type Settings, SETTINGS_SHEET } from "../../workbook/mapping";
import type { SheetSpec } from "../../workbook/sheetSpec";
import { settingsToSheet } from "../../workbook/settingsSheet";
import {
  describeWorkbook,
  findSheet,
  ownedSheetNames,
  packageKind,
  readSource,
  readWorkbookSettings,
  unsupportedForRewrite,
  writeSheets,
} from "./xlsxWorkbook";

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

/** Writing the output failed; nothing was changed. */
export class WorkbookWriteError extends Error {
  override readonly name = "WorkbookWriteError";
}

export interface FileHostOptions {
  /** Output path (companion mode); default `<dir>/<name>.sop.xlsx`. */
  readonly out?: string;
  /** Write the add-in's sheets into the input file itself. */
  readonly inPlace?: boolean;
  /** Keep a backup of the file being replaced (default true). */
  readonly backup?: boolean;
}

type Workbook = ExcelJS.Workbook;

/** `<dir>/<name>.sop.xlsx` for an input `<dir>/<name>.xlsx`. */
export function companionPath(inputPath: string): string {
  const dir = path.dirname(inputPath);
  const base = path.basename(inputPath).replace(/\.(xlsx|xlsm|xltx|xltm)$/i, "");
  return path.join(dir, `${base}.sop.xlsx`);
}

/** `<name>.bak.xlsx` next to `<name>.xlsx` (so `x.sop.xlsx` → `x.sop.bak.xlsx`). */
export function backupPath(target: string): string {
  const dir = path.dirname(target);
  const base = path.basename(target).replace(/\.xlsx$/i, "");
  return path.join(dir, `${base}.bak.xlsx`);
}

function errorCode(e: unknown): string | undefined {
  return typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "string" ? (e as { code: string }).code : undefined;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function readBytes(file: string, what: string): Promise<Buffer> {
  try {
    return await fsp.readFile(file);
  } catch (e) {
    const code = errorCode(e);
    if (code === "ENOENT") throw new WorkbookOpenError(`${what} ${file} does not exist.`);
    if (code === "EISDIR") throw new WorkbookOpenError(`${what} ${file} is a folder, not a workbook file.`);
    if (code === "EACCES" || code === "EPERM") throw new WorkbookOpenError(`${what} ${file} cannot be read (permission denied).`);
    throw new WorkbookOpenError(`${what} ${file} cannot be read: ${message(e)}`);
  }
}

/** Load .xlsx bytes with ExcelJS, turning every failure into a plain sentence. */
async function loadWorkbook(bytes: Buffer, file: string, what: string): Promise<Workbook> {
  const name = path.basename(file);
  const ext = path.extname(file).toLowerCase();
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
  if (kind !== "zip" || (ext !== ".xlsx" && ext !== ".xlsm")) {
    throw new WorkbookOpenError(`${what} ${name} is not an .xlsx workbook.`);
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer); // ExcelJS types its Buffer as an ArrayBuffer; Node Buffers load fine
  } catch (e) {
    throw new WorkbookOpenError(`${what} ${name} could not be read as an .xlsx workbook (the file may be damaged): ${message(e)}`);
  }
  return wb;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fsp.access(file);
    return true;
  } catch {
    return false;
  }
}

/** The .xlsx file host. Create it with `FileHost.open`. */
export class FileHost implements WorkbookHost {
  readonly label: string;

  private constructor(
    /** Absolute path of the planner's workbook. */
    readonly inputPath: string,
    /** Where `write` puts the sheets: the companion, or the input in in-place mode. */
    readonly outputPath: string,
    readonly inPlace: boolean,
    private readonly backup: boolean,
    private inputBytes: Buffer,
    private input: Workbook,
    /** Bytes and workbook of the previous companion (companion mode), when there is one. */
    private companionBytes: Buffer | null,
    private companion: Workbook | null,
  ) {
    this.label = path.basename(inputPath);
  }

  /**
   * Open a workbook file. Companion mode (default): the previous companion, when it
   * exists, is read too. Throws `WorkbookOpenError` with a plain sentence when the
   * input or the companion cannot be read.
   */
  static async open(inputPath: string, options: FileHostOptions = {}): Promise<FileHost> {
    const input = path.resolve(inputPath);
    const inPlace = options.inPlace === true;
    const backup = options.backup !== false;
    let output: string;
    if (inPlace) {
      if (options.out !== undefined && path.resolve(options.out) !== input) {
        throw new WorkbookOpenError("In-place mode writes into the input workbook; an output path cannot be given as well.");
      }
      output = input;
    } else {
      output = options.out !== undefined ? path.resolve(options.out) : companionPath(input);
      if (output === input) {
        throw new WorkbookOpenError(`The output ${path.basename(output)} is the input workbook itself; choose another output or use in-place mode.`);
      }
      if (path.extname(output).toLowerCase() !== ".xlsx") {
        throw new WorkbookOpenError(`The output ${path.basename(output)} must be an .xlsx file.`);
      }
    }

    const inputBytes = await readBytes(input, "The workbook");
    const wb = await loadWorkbook(inputBytes, input, "The workbook");

    let companionBytes: Buffer | null = null;
    let companion: Workbook | null = null;
    if (!inPlace && (await exists(output))) {
      companionBytes = await readBytes(output, "The companion workbook");
      companion = await loadWorkbook(companionBytes, output, "The companion workbook");
    }
    return new FileHost(input, output, inPlace, backup, inputBytes, wb, companionBytes, companion);
  }

  /** The workbook holding the add-in's own sheets and settings (null: none yet). */
  private get store(): Workbook | null {
    return this.inPlace ? this.input : this.companion;
  }

  /** Why an in-place rewrite of the input would lose something (empty: safe). */
  async rewriteProblems(): Promise<string[]> {
    const reasons = await unsupportedForRewrite(this.inputBytes);
    if (path.extname(this.inputPath).toLowerCase() !== ".xlsx") {
      reasons.unshift(`${path.basename(this.inputPath)} is not an .xlsx file.`);
    }
    return reasons;
  }

  async describe(): Promise<WorkbookInfo> {
    return describeWorkbook(this.input);
  }

  async read(sources: readonly RangeSource[], progress?: Progress): Promise<ReadResult[]> {
    const out: ReadResult[] = [];
    sources.forEach((s, i) => {
      out.push(readSource(this.input, s));
      progress?.((i + 1) / Math.max(sources.length, 1), `read ${i + 1} of ${sources.length}`);
    });
    return out;
  }

  async readOwnedSheet(name: string): Promise<Grid | null> {
    const store = this.store;
    if (!store) return null;
    if (!ownedSheetNames(store).has(name.toLowerCase())) return null;
    const ws = findSheet(store, name);
    if (!ws) return null;
    const g = readSource(store, { sheet: ws.name });
    return "values" in g ? g : null;
  }

  async readSettings(): Promise<Settings | null> {
    const store = this.store;
    const own = store ? readWorkbookSettings(store) : null;
    if (own || this.inPlace) return own;
    // First companion run on a workbook already set up by the Excel add-in: its settings.
    return readWorkbookSettings(this.input);
  }

  async write(sheets: readonly SheetSpec[], settings: Settings, progress?: Progress): Promise<WriteResult> {
    if (this.inPlace) {
      const reasons = await this.rewriteProblems();
      if (reasons.length > 0) throw new InPlaceRefusedError(this.label, reasons);
    }
    progress?.(0, "preparing the workbook");

    // 1. Everything in memory, on a fresh copy (a failure leaves this host's state as it was).
    const baseBytes = this.inPlace ? this.inputBytes : this.companionBytes;
    const wb = new ExcelJS.Workbook();
    if (baseBytes) await wb.xlsx.load(baseBytes as unknown as ArrayBuffer);
    else wb.creator = "S&OP Planner for Excel";
    const previousSettings = readWorkbookSettings(wb);
    const owned = ownedSheetNames(wb, previousSettings);
    const specs = sheets.filter((s) => s.name.toLowerCase() !== SETTINGS_SHEET.toLowerCase());
    const written = writeSheets(wb, specs, owned);

    const present = new Set(wb.worksheets.map((w) => w.name.toLowerCase()));
    const ownedList: string[] = [];
    const addOwned = (n: string): void => {
      if (present.has(n.toLowerCase()) && !ownedList.some((o) => o.toLowerCase() === n.toLowerCase())) ownedList.push(n);
    };
    for (const w of written) addOwned(w.written);
    for (const n of previousSettings?.ownedSheets ?? []) addOwned(n);
    if (this.inPlace) for (const n of settings.ownedSheets ?? []) addOwned(n);
    const finalSettings: Settings = { ...settings, ownedSheets: ownedList };
    writeSheets(wb, [settingsToSheet(finalSettings)], new Set([SETTINGS_SHEET]));
    progress?.(0.3, "building the file");
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());

    // 2. Temp file, backup, atomic rename.
    progress?.(0.8, "saving");
    const target = this.outputPath;
    const notes: string[] = [];
    const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
    try {
      await fsp.writeFile(tmp, buffer, { flag: "wx" });
      if (this.backup && (await exists(target))) {
        const bak = backupPath(target);
        await fsp.copyFile(target, bak);
        notes.push(`The previous ${this.inPlace ? "workbook" : "output"} was kept as ${path.basename(bak)}.`);
      }
      await fsp.rename(tmp, target);
    } catch (e) {
      await fsp.rm(tmp, { force: true }).catch(() => undefined);
      const code = errorCode(e);
      const hint = code === "EBUSY" || code === "EPERM" || code === "EACCES" ? " Is the file open in Excel? Close it and run again." : "";
      throw new WorkbookWriteError(`Could not save ${target}: ${message(e)}. Nothing was changed.${hint}`);
    }

    // 3. The new file is now the base for later reads and writes.
    if (this.inPlace) {
      this.inputBytes = buffer;
      this.input = wb;
    } else {
      this.companionBytes = buffer;
      this.companion = wb;
    }
    for (const w of written) {
      if (w.written !== w.requested) {
        notes.unshift(`A sheet named '${w.requested}' already exists and is not the add-in's: the output was written to '${w.written}'.`);
      }
    }
    progress?.(1, "saved");
    return { sheets: written, target, notes };
  }
}
