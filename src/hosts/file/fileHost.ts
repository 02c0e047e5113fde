/**
 * The .xlsx file host (Node only): the planner's workbook is a file, the add-in's
 * sheets go to a companion workbook next to it (`<name>.sop.xlsx`, DESIGN.md §7),
 * or, in in-place mode, into the file itself when a rewrite loses nothing.
 *
 * Everything but the file system is the in-memory host (`bufferHost.ts`, shared with
 * the standalone page): this module reads the files, and saves what it builds.
 * Writes are all or nothing: the new workbook is built in memory, written to a
 * temporary file in the target's folder, the previous target is copied to a backup
 * (under a temporary name, then renamed), and the temporary file is renamed over the
 * target. On any failure the temporary files are removed and the input, the
 * previous output and an earlier backup are left as they were; the error is a
 * `WorkbookWriteError` (an in-place rewrite refused: `InPlaceRefusedError`).
 * In companion mode the input file is only ever read.
 */
import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import type { Grid } from "../../workbook/grid";
import type { Progress, ReadResult, SheetInfo, WorkbookHost, WorkbookInfo, WriteResult } from "../../workbook/host";
import type { RangeSource, Settings } from "../../workbook/mapping";
import type { SheetSpec } from "../../workbook/sheetSpec";
import { BufferHost, type BuiltWorkbook, InPlaceRefusedError, WorkbookOpenError, companionName } from "./bufferHost";

export { InPlaceRefusedError, WorkbookOpenError };

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

/** `<dir>/<name>.sop.xlsx` for an input `<dir>/<name>.xlsx`. */
export function companionPath(inputPath: string): string {
  return path.join(path.dirname(inputPath), companionName(path.basename(inputPath)));
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
    /** The workbooks in memory: everything but the file system. */
    private readonly memory: BufferHost,
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
    const companionBytes = !inPlace && (await exists(output)) ? await readBytes(output, "The companion workbook") : null;
    const memory = await BufferHost.open(inputBytes, path.basename(input), companionBytes, { inPlace, companionName: path.basename(output) });
    return new FileHost(input, output, inPlace, backup, memory);
  }

  /** Why an in-place rewrite of the input would lose something (empty: safe). */
  async rewriteProblems(): Promise<string[]> {
    return this.memory.rewriteProblems();
  }

  async listSheets(): Promise<readonly Pick<SheetInfo, "name" | "visibility">[]> {
    return this.memory.listSheets();
  }

  async describe(): Promise<WorkbookInfo> {
    return this.memory.describe();
  }

  async read(sources: readonly RangeSource[], progress?: Progress): Promise<ReadResult[]> {
    return this.memory.read(sources, progress);
  }

  async readOwnedSheet(name: string): Promise<Grid | null> {
    return this.memory.readOwnedSheet(name);
  }

  async readSettings(): Promise<Settings | null> {
    return this.memory.readSettings();
  }

  async write(sheets: readonly SheetSpec[], settings: Settings, progress?: Progress): Promise<WriteResult> {
    const target = this.outputPath;
    // 1. Everything in memory, on a fresh copy (a failure leaves this host's state as it was).
    let built: BuiltWorkbook;
    try {
      built = await this.memory.build(sheets, settings, progress);
    } catch (e) {
      if (e instanceof InPlaceRefusedError) throw e;
      throw new WorkbookWriteError(`Could not save ${target}: building the workbook failed (${message(e)}). Nothing was changed.`);
    }

    // 2. Temp file, backup, atomic rename.
    progress?.(0.8, "saving");
    const notes: string[] = [...built.notes];
    const stamp = `${process.pid}.${randomBytes(4).toString("hex")}`;
    const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${stamp}.tmp`);
    const bak = backupPath(target);
    // The backup is copied under a temporary name too: a copy cut short never replaces an earlier backup.
    const bakTmp = path.join(path.dirname(bak), `.${path.basename(bak)}.${stamp}.tmp`);
    try {
      // The companion's folder may not exist yet (`--out reports/2026-11/plan.sop.xlsx`, or `out/` in a fresh clone).
      await fsp.mkdir(path.dirname(target), { recursive: true });
      await fsp.writeFile(tmp, built.bytes, { flag: "wx" });
      if (this.backup && (await exists(target))) {
        await fsp.copyFile(target, bakTmp);
        await fsp.rename(bakTmp, bak);
        notes.push(`The previous ${this.inPlace ? "workbook" : "output"} was kept as ${path.basename(bak)}.`);
      }
      await fsp.rename(tmp, target);
    } catch (e) {
      await fsp.rm(tmp, { force: true }).catch(() => undefined);
      await fsp.rm(bakTmp, { force: true }).catch(() => undefined);
      const code = errorCode(e);
      const hint = code === "EBUSY" || code === "EPERM" || code === "EACCES" ? " Is the file open in Excel? Close it and run again." : "";
      throw new WorkbookWriteError(`Could not save ${target}: ${message(e)}. Nothing was changed.${hint}`);
    }

    // 3. The new file is now the base for later reads and writes.
    this.memory.adopt(built);
    progress?.(1, "saved");
    return { sheets: built.sheets, target, notes };
  }
}
