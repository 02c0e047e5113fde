/**
 * Shared pieces of the reliability tests (issue 8, "Nothing lost"): the bundled sample loaded
 * once per process, HiGHS loaded once, hashes of files, of a workbook's cells and of the fake
 * Excel's sheets, and a way to replace a method of `fs.promises` for one step of a write.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { promises as fsp } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ExcelJS from "exceljs";
import type { LpSolver } from "../../src/engine/supply/types";
import { loadHighsSolver } from "../../src/solver/highsSolver";
import { ExcelHost } from "../../src/hosts/excel/excelHost";
import { FileHost, companionPath } from "../../src/hosts/file/fileHost";
import { type RunReport, runCycle } from "../../src/workbook/runCycle";
import { FakeExcel, type SheetModel, fileWorkbook } from "../hosts/excel/fakeExcel";

export const SAMPLE = path.resolve(__dirname, "../../assets/sample/sop-sample.xlsx");
/** The clock of every run here (the sample's cycle is 2026-11). */
export const NOW = (): Date => new Date("2026-11-05T09:00:00Z");

/** The sheets a full run writes, and those a lock writes (DESIGN.md §2). */
export const RUN_SHEETS = ["SOP Data Check", "SOP Forecast", "SOP Accuracy", "SOP Capacity", "SOP Supply Plan", "SOP Financials", "SOP Scenarios", "SOP Decisions", "SOP Dashboard", "SOP Agenda"];
export const LOCK_SHEETS = ["SOP Snapshots", "SOP Plan 2026-11", "SOP MPS"];

let sampleWb: Promise<ExcelJS.Workbook> | null = null;
let solver: Promise<LpSolver> | null = null;
let fakes: Promise<SampleFakes> | null = null;
let companionRun: Promise<SampleCompanionRun> | null = null;

/** The bundled sample as ExcelJS reads it (loaded once per process; do not modify it). */
export function sampleWorkbook(): Promise<ExcelJS.Workbook> {
  sampleWb ??= (async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(SAMPLE);
    return wb;
  })();
  return sampleWb;
}

/** HiGHS, loaded once per process. */
export function highs(): Promise<LpSolver> {
  solver ??= loadHighsSolver();
  return solver;
}

/** The Office.js host over a fake (desktop budgets unless given; a fixed write id, so marks are the same from write to write). */
export function excelHostOf(fake: FakeExcel, writeSyncBytes?: number): ExcelHost {
  return new ExcelHost(fake.run, {
    supports: fake.supports,
    platform: fake.platform,
    label: "sop-sample.xlsx",
    runId: () => "f00d01",
    ...(writeSyncBytes !== undefined ? { writeSyncBytes } : {}),
  });
}

export interface SampleFakes {
  /** The sample's sheets, tables and names in a fake Excel (desktop), before any run. */
  readonly pristine: FakeExcel;
  /** The same after one successful full run (the ten output sheets and the settings). */
  readonly afterFirst: FakeExcel;
  readonly first: RunReport;
}

/** The sample in the fake Excel before and after a first full run, made once per process: clone before changing them. */
export function sampleFakes(): Promise<SampleFakes> {
  fakes ??= (async () => {
    const pristine = FakeExcel.fromWorkbook(await fileWorkbook(fs.readFileSync(SAMPLE)), { platform: "desktop" });
    const afterFirst = pristine.clone();
    const first = await runCycle(excelHostOf(afterFirst), { now: NOW, solver: await highs() });
    return { pristine, afterFirst, first };
  })();
  return fakes;
}

export interface SampleCompanionRun {
  /** A folder of its own holding a copy of the sample (`input`) and, after the run, its companion. */
  readonly dir: string;
  readonly input: string;
  /** The host that ran (it continues from the companion it wrote): one user only (inputsUntouched). */
  readonly host: FileHost;
  readonly report: RunReport;
  /** The companion's bytes right after the run. */
  readonly companion: Uint8Array;
  /** sha256 of the input before the run and after it. */
  readonly inputBefore: string;
  readonly inputAfter: string;
}

/**
 * A first full run of the cycle through the file host on a copy of the sample (companion mode),
 * made once per process (the run takes seconds): its folder is removed when the process exits.
 */
export function sampleCompanionRun(): Promise<SampleCompanionRun> {
  companionRun ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sop-reliability-"));
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    const input = path.join(dir, "sop-sample.xlsx");
    fs.copyFileSync(SAMPLE, input);
    const inputBefore = sha256(fs.readFileSync(input));
    const host = await FileHost.open(input);
    const report = await runCycle(host, { now: NOW, solver: await highs() });
    return { dir, input, host, report, companion: new Uint8Array(fs.readFileSync(companionPath(input))), inputBefore, inputAfter: sha256(fs.readFileSync(input)) };
  })();
  return companionRun;
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** A cell's value as stable text (dates as ISO, rich text, formulas with their result, errors). */
function valueKey(v: ExcelJS.CellValue): string {
  if (v instanceof Date) return `D${v.toISOString()}`;
  return JSON.stringify(v) ?? "u";
}

/**
 * One hash per sheet of an ExcelJS workbook: its name, state, every cell's address, value and
 * number format, its merged cells, hidden rows and tables; plus the defined names under "#names".
 */
export function workbookCellHashes(wb: ExcelJS.Workbook, only?: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const ws of wb.worksheets) {
    if (only && !only.has(ws.name)) continue;
    const h = createHash("sha256");
    h.update(`${ws.name}\u0000${ws.state}\n`);
    ws.eachRow({ includeEmpty: true }, (row, r) => {
      if (row.hidden) h.update(`hidden ${r}\n`);
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        const v = cell.value;
        const f = cell.numFmt ?? "";
        if ((v === null || v === undefined) && f === "") return;
        h.update(`${r},${c}\u0000${valueKey(v)}\u0000${f}\n`);
      });
    });
    h.update(`merges ${JSON.stringify((ws.model as { merges?: unknown }).merges ?? [])}\n`);
    const tables = (ws as unknown as { tables?: Record<string, { table?: { name?: string; ref?: string; tableRef?: string } }> }).tables ?? {};
    for (const t of Object.values(tables)) h.update(`table ${t.table?.name ?? ""} ${t.table?.tableRef ?? t.table?.ref ?? ""}\n`);
    out.set(ws.name, h.digest("hex"));
  }
  const names = createHash("sha256");
  names.update(JSON.stringify((wb.definedNames as unknown as { model: unknown }).model));
  out.set("#names", names.digest("hex"));
  return out;
}

/** A hash of one sheet of the fake Excel: name, id, visibility, every value, number format and formula, hidden rows, and what else it holds. */
export function fakeSheetHash(fake: FakeExcel, s: SheetModel): string {
  const h = createHash("sha256");
  h.update(`${s.id}\u0000${s.name}\u0000${s.visibility}\u0000${s.tabColor}\n`);
  // Row by row (an empty cell, whether never set or cleared, is null).
  for (const row of s.values) h.update(row ? `${JSON.stringify(row)}\n` : "-\n");
  for (const row of s.formats) h.update(row ? `${JSON.stringify(row)}\n` : "-\n");
  h.update(JSON.stringify([...s.formulas.entries()].sort()));
  h.update(JSON.stringify([...s.hiddenRows].sort((a, b) => a - b)));
  h.update(JSON.stringify([...s.columnWidths.entries()].sort((a, b) => a[0] - b[0])));
  h.update(JSON.stringify(s.freeze));
  h.update(JSON.stringify([...s.customProperties.entries()].sort()));
  h.update(JSON.stringify([...s.names.entries()].sort()));
  h.update(JSON.stringify([s.conditionals, s.validations, s.autoFilter, s.formatOps.length]));
  h.update(JSON.stringify(s.charts.map((c) => ({ ...c, sourceSheet: c.sourceSheet.id, seriesTypes: [...c.seriesTypes] }))));
  h.update(JSON.stringify(fake.tables.filter((t) => t.sheet === s).map((t) => [t.name, t.box, t.showTotals, t.style])));
  return h.digest("hex");
}

/** Every sheet of the fake (by id) with its hash, and the workbook's names and sheet order. */
export function fakeHashes(fake: FakeExcel, only?: (s: SheetModel) => boolean): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of fake.sheets) if (!only || only(s)) out.set(s.id, fakeSheetHash(fake, s));
  out.set(
    "#names",
    sha256(JSON.stringify(fake.names.map((n) => [n.name, n.sheet?.id ?? null, n.box]))),
  );
  return out;
}

type FsPromises = typeof fsp;
type Method = "writeFile" | "copyFile" | "rename" | "rm" | "access" | "readFile";

/**
 * Replace one method of `fs.promises` (the file host calls it through that object) until the
 * returned function is called. `impl` gets the original and the arguments.
 */
export function patchFs<K extends Method>(method: K, impl: (original: FsPromises[K], ...args: Parameters<FsPromises[K]>) => ReturnType<FsPromises[K]>): () => void {
  const target = fsp as unknown as Record<string, unknown>;
  const original = target[method] as FsPromises[K];
  target[method] = (...args: Parameters<FsPromises[K]>) => impl(original, ...args);
  return () => {
    target[method] = original;
  };
}

/** An error like the one Node raises for a failed system call. */
export function fsError(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  const e = new Error(`${code}: injected failure, ${syscall} '${file}'`) as NodeJS.ErrnoException;
  e.code = code;
  e.syscall = syscall;
  e.path = file;
  return e;
}
