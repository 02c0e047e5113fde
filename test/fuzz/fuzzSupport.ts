/**
 * Property-based fuzzing support (issue 8): the reduced sample workbook, mutation
 * arbitraries over grids, random grids, and the invariants every run must keep.
 *
 * Shared by the mocha properties (`test/fuzz/*.test.ts`, 500 cases with a fixed seed) and
 * `npm run fuzz` (`scripts/fuzz.ts`, 20,000 cases). Mutations are plain data (a list of
 * records) applied deterministically to a fresh copy of the grids, so that a counterexample
 * printed by fast-check reproduces exactly.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { BufferHost } from "../../src/hosts/file/bufferHost";
import { type Finding, type FindingCode, TREATMENTS } from "../../src/workbook/findings";
import { type Cell, type Grid, columnIndex, isCellError } from "../../src/workbook/grid";
import type { NameInfo, ReadResult, WorkbookInfo } from "../../src/workbook/host";
import type { Layout, Mapping, RangeSource, RunParameters, Settings } from "../../src/workbook/mapping";
import { isFormulaCell, type SheetSpec } from "../../src/workbook/sheetSpec";
import { prepareRun, runCycle, type RunOptions, type RunReport } from "../../src/workbook/runCycle";
import type { LpSolver } from "../../src/engine/supply/types";
import { MemoryHost, type MemSheet } from "../helpers/grids";
import { Rng } from "../../scripts/sample/rng";

export const SAMPLE_PATH = path.resolve(__dirname, "../../assets/sample/sop-sample.xlsx");

/** The fixed seed of the mocha properties (reproducible CI); `npm run fuzz` draws its own unless told. */
export const SUITE_SEED = 20260811;

/** A fixed clock: the sample's cycle. */
export const NOW = (): Date => new Date("2026-11-05T09:00:00Z");

// ---------------------------------------------------------------------------
// The reduced sample

/** A workbook as the memory host holds it: sheets from A1 and defined names. */
export interface FuzzWorkbook {
  readonly sheets: Record<string, MemSheet>;
  readonly names: readonly NameInfo[];
}

/** A memory host that also lists defined names (scenario drivers). */
export class FuzzHost extends MemoryHost {
  constructor(
    sheets: Record<string, MemSheet>,
    settings: Settings | null,
    private readonly names: readonly NameInfo[],
  ) {
    super(sheets, settings);
  }

  override async describe(): Promise<WorkbookInfo> {
    const info = await super.describe();
    return { ...info, names: this.names.filter((n) => this.sheets[n.sheet] !== undefined) };
  }
}

export interface Sample {
  /** The reduced sample (a fresh deep copy on each call of `workbook()`). */
  workbook(): FuzzWorkbook;
  /** The mapping the proposal gives for the reduced sample. */
  readonly mapping: Mapping;
  /** Output sheets of earlier runs, as a host would hold them (`SOP Snapshots`, `SOP Plan 2026-10`, `SOP Decisions`). */
  readonly previous: Record<string, MemSheet>;
  /** Items kept. */
  readonly items: readonly string[];
}

const ITEM_RE = /^[A-Z]{3}-\d{4}$/;
/** Items kept from the sample: enough for every family and every forecast tab, small enough for a fast cycle. */
export const SAMPLE_ITEMS = 30;

function deepCopySheet(s: MemSheet): MemSheet {
  return {
    values: s.values.map((r) => r.map((c) => (isCellError(c) ? { error: c.error } : c))),
    ...(s.formats ? { formats: s.formats.map((r) => [...r]) } : {}),
    ...(s.tables ? { tables: s.tables.map((t) => ({ ...t })) } : {}),
  };
}

export function copyWorkbook(wb: FuzzWorkbook): FuzzWorkbook {
  const sheets: Record<string, MemSheet> = {};
  for (const [n, s] of Object.entries(wb.sheets)) sheets[n] = deepCopySheet(s);
  return { sheets, names: wb.names.map((n) => ({ ...n })) };
}

/** Turn written output sheets into memory sheets (what the next run reads back). */
function specToSheet(spec: SheetSpec): MemSheet {
  return { values: spec.rows.map((r) => r.map((c): Cell => (isFormulaCell(c) ? (c.value ?? null) : c))) };
}

let cached: Promise<Sample> | null = null;

/** Read the sample once, reduce it to `SAMPLE_ITEMS` items, and prepare earlier outputs. */
export function loadSample(): Promise<Sample> {
  cached ??= buildSample();
  return cached;
}

async function buildSample(): Promise<Sample> {
  const host = await BufferHost.open(new Uint8Array(fs.readFileSync(SAMPLE_PATH)), "sop-sample.xlsx");
  const info = await host.describe();
  const reads = await host.read(info.sheets.map((s) => ({ sheet: s.name })));
  const full: Record<string, Grid> = {};
  reads.forEach((r) => {
    if ("values" in r) full[r.sheet] = r;
  });

  // Items: the first two of each forecast tab, then round robin over the families of Actuals.
  const chosen: string[] = [];
  const add = (it: unknown): void => {
    if (typeof it === "string" && ITEM_RE.test(it) && !chosen.includes(it) && chosen.length < SAMPLE_ITEMS) chosen.push(it);
  };
  for (const tab of ["Sales EU", "Sales NA", "Sales APAC", "Key Accounts"]) {
    const items = (full[tab]?.values ?? []).flatMap((r) => r.filter((c) => typeof c === "string" && ITEM_RE.test(c)));
    items.slice(0, 2).forEach(add);
  }
  const byFamily = new Map<string, string[]>();
  for (const r of full["Actuals"]?.values ?? []) {
    if (typeof r[0] === "string" && ITEM_RE.test(r[0]) && typeof r[2] === "string") {
      const l = byFamily.get(r[2]) ?? [];
      l.push(r[0]);
      byFamily.set(r[2], l);
    }
  }
  for (let k = 0; chosen.length < SAMPLE_ITEMS && k < 50; k++) for (const l of byFamily.values()) add(l[k]);
  const keep = new Set(chosen);

  const sheets: Record<string, MemSheet> = {};
  for (const s of info.sheets) {
    const g = full[s.name];
    if (!g) continue;
    const rows: number[] = [];
    g.values.forEach((r, i) => {
      const items = r.filter((c): c is string => typeof c === "string" && ITEM_RE.test(c));
      if (items.length === 0 || items.some((it) => keep.has(it))) rows.push(i);
    });
    // The ledger: the last two locked cycles only (lag accuracy still has lags 0–1).
    const ledgerRows = s.name === "Forecast Snapshots" ? rows.filter((i) => i === 0 || String(g.values[i]?.[0]) >= "2026-09") : rows;
    sheets[s.name] = {
      values: ledgerRows.map((i) => [...g.values[i]!]),
      ...(g.formats ? { formats: ledgerRows.map((i) => [...(g.formats![i] ?? [])]) } : {}),
    };
  }
  // The Excel table keeps its header row; its range follows the kept rows.
  for (const t of info.tables) {
    const sheet = sheets[t.sheet];
    const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(t.range);
    if (!sheet || !m) continue;
    sheet.tables = [{ name: t.name, range: `${m[1]}${m[2]}:${m[3]}${sheet.values.length}` }];
  }
  const base: FuzzWorkbook = { sheets, names: info.names };

  // The mapping the proposal gives (saved / explicit mapping modes reuse it).
  const prepared = await prepareRun(new FuzzHost(copyWorkbook(base).sheets, null, base.names));
  const mapping = prepared.mapping;

  // Earlier outputs: lock the previous cycle (ledger, frozen plan), then a run (decisions).
  const previous: Record<string, MemSheet> = {};
  const lockHost = new FuzzHost(copyWorkbook(base).sheets, null, base.names);
  const locked = await runCycle(lockHost, { now: NOW, lock: {}, parameters: { cycle: "2026-10" } });
  for (const s of locked.sheets) previous[s.name] = specToSheet(s);
  const runHost = new FuzzHost(copyWorkbook(base).sheets, null, base.names);
  const ran = await runCycle(runHost, { now: NOW });
  for (const s of ran.sheets) if (s.name === "SOP Decisions") previous[s.name] = specToSheet(s);

  return {
    workbook: () => copyWorkbook(base),
    mapping,
    previous,
    items: chosen,
  };
}

// ---------------------------------------------------------------------------
// Cells

const ERRORS = ["#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA", "#BLOCKED!", "#FIELD!"];

/** Texts that look like numbers, periods, totals, formulas, or are hostile. */
const NASTY_TEXT = [
  "NaN", "nan", "Infinity", "-Infinity", "inf", "1e309", "-1e309", "1e-400", "0x1F", "1_000", "∞", "-0", "+0",
  "1,234.5", "1.234,5", "12 %", "12%", "(45)", "-45", "1e3", "$12", "€ 12", " 12 ", "12-", "1 234", "½", "٣", "１２",
  "n/a", "N/A", "-", "—", "?", "TBD", "#N/A", "#REF!", "null", "undefined", "true", "FALSE", "[object Object]", "__proto__", "constructor", "toString", "hasOwnProperty",
  "Total", "Grand total", "Subtotal", "TOTAL ", "Sub-total Pumps", "Gesamt",
  "=cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1:A9)", "=1/0", "=A1", "=growth*", "=import('fs')", "=f(x)=x", "=evaluate(\"1\")", "=1e308*10",
  "2026-13", "2026-00", "2026-W00", "2026-W53", "2020-W53", "2026-W54", "M13 2026", "2026M00", "00/2026", "13/2026", "31/02/2026", "2026-02-30", "2026-01-06T00:00:00", "Jan-27", "January 2027", "Dec 2099", "Jan 1899", "KW05 2026", "Week 5 2026", "2026-11", "Nov 2026", "Nov-26", "11/2026", "2026M11",
  "\u202Eevil\u202C", "مرحبا", "עברית", "🙂", "👨‍👩‍👧", "\u200B", "e\u0301", "\uFEFFItem", "\uD800", "\u0000", "\t", "\n", "a\r\nb", "'", "''", "'quoted'", "\"", "\\", "<b>x</b>", "${x}", "%s",
  "Item", "SKU", "Product", "Family", "Resource", "Work center", "Hours per unit", "Units per hour", "Lead offset", "Efficiency", "Period", "Month", "Date", "Qty", "Quantity", "Version", "Cycle", "Scenario", "Lever", "Scope", "From", "To", "Value", "On hand", "Safety stock", "Price", "Unit cost", "Region", "Customer",
  "demand %", "demand units", "capacity hours", "capacity %", "overtime hours", "outsourcing units", "price %", "unit cost %", "All", "Pumps", "WC-20 Machining", "PMP-1001",
];

const HUGE = [1e308, -1e308, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -0, 1e15, -1e15, 2 ** 53 + 2, 2 ** 53, 1e20, 1e-300, 0.1 + 0.2, 2958465, 2958466, -1, 0, 60, 61, 1, 190001, 209912, 202613, 202600];

/** A weird cell: random and hostile texts, Excel errors, huge and negative numbers, dates, booleans, blanks. */
export const arbCell: fc.Arbitrary<Cell> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_TEXT), weight: 6 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 2 },
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }), weight: 1 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 8 }), weight: 1 },
  { arbitrary: fc.constantFrom(...ERRORS).map((error): Cell => ({ error })), weight: 2 },
  { arbitrary: fc.string({ maxLength: 6 }).map((s): Cell => ({ error: `#${s}` })), weight: 1 },
  { arbitrary: fc.constantFrom(...HUGE), weight: 2 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 2 },
  { arbitrary: fc.integer({ min: -1000, max: 100000 }), weight: 2 },
  { arbitrary: fc.integer({ min: 36526, max: 54789 }), weight: 2 }, // date serials 2000–2049
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constantFrom<Cell>(null, "", "   "), weight: 2 },
  { arbitrary: fc.integer({ min: 41, max: 400 }).map((n) => "x".repeat(n)), weight: 1 },
);

/** A very long text, kept as a recipe so that a failing case prints short: `{ long: 32767, text: "Ü" }`. */
export interface LongText {
  readonly long: number;
  readonly text: string;
}
export type CellSpec = Cell | LongText;

function isLongText(v: CellSpec): v is LongText {
  return typeof v === "object" && v !== null && typeof (v as LongText).long === "number";
}

/** The cell a spec stands for (long texts up to Excel's limit of 32,767 characters). */
export function cellOfSpec(v: CellSpec): Cell {
  return isLongText(v) ? v.text.repeat(Math.ceil(v.long / v.text.length)).slice(0, v.long) : v;
}

/** Extreme and odd numbers: huge, tiny (denormal), negative, fractional, a date serial. */
export const arbNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...HUGE, 5e-324, -5e-324, 1e-310, 2.2250738585072014e-308, -0.5, 0.5, 1e12, 1e12 + 1, -1e12, 999999999999.9, 1e11),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
);

/** A mutation's new cell value: a weird cell, or a very long text. */
export const arbCellSpec: fc.Arbitrary<CellSpec> = fc.oneof(
  { arbitrary: arbCell, weight: 20 },
  { arbitrary: fc.record({ long: fc.oneof(fc.integer({ min: 1000, max: 32767 }), fc.constant(32767)), text: fc.constantFrom("x", "Ü", "=A1&", "\u202E", "🙂", "Item ") }), weight: 1 },
);

/** Cells including what a host never produces (NaN, ±Infinity): the parser must still not throw. */
export const arbCellWild: fc.Arbitrary<Cell> = fc.oneof({ arbitrary: arbCell, weight: 9 }, { arbitrary: fc.constantFrom(NaN, Infinity, -Infinity), weight: 1 });

const FORMATS = ["General", "mmm-yy", "mmm yyyy", "yyyy-mm-dd", "dd/mm/yyyy", "m/d/yy h:mm", "#,##0", "0.0%", "@", "[$-409]mmmm yyyy;@", "hh:mm", "0.00E+00", '#,##0.00 "€"', "d", "yyyy"];
export const arbFormat: fc.Arbitrary<string | null> = fc.oneof(fc.constantFrom(...FORMATS), fc.constant(null), fc.string({ maxLength: 10 }));

// ---------------------------------------------------------------------------
// Mutations of a workbook

export type Mutation =
  | { readonly op: "set"; readonly s: number; readonly r: number; readonly c: number; readonly v: CellSpec }
  | { readonly op: "setHead"; readonly s: number; readonly r: number; readonly c: number; readonly v: CellSpec }
  | { readonly op: "format"; readonly s: number; readonly r: number; readonly c: number; readonly f: string | null }
  | { readonly op: "dropFormats"; readonly s: number }
  | { readonly op: "fillCol"; readonly s: number; readonly c: number; readonly v: CellSpec }
  | { readonly op: "fillRow"; readonly s: number; readonly r: number; readonly v: CellSpec }
  | { readonly op: "deleteRow" | "duplicateRow" | "truncateRow" | "insertBlankRow"; readonly s: number; readonly r: number }
  | { readonly op: "swapRows"; readonly s: number; readonly r: number; readonly r2: number }
  | { readonly op: "shuffleRows"; readonly s: number; readonly seed: number }
  | { readonly op: "deleteCol" | "duplicateCol"; readonly s: number; readonly c: number }
  | { readonly op: "swapCols"; readonly s: number; readonly c: number; readonly c2: number }
  | { readonly op: "swapHeads"; readonly s: number; readonly r: number; readonly c: number; readonly c2: number }
  | { readonly op: "copyHead"; readonly s: number; readonly r: number; readonly c: number; readonly c2: number }
  | { readonly op: "weekHead"; readonly s: number; readonly r: number; readonly c: number; readonly w: number }
  | { readonly op: "textHead"; readonly s: number; readonly r: number }
  | { readonly op: "truncateSheet"; readonly s: number; readonly n: number }
  | { readonly op: "truncateWidth"; readonly s: number; readonly n: number }
  | { readonly op: "titleRows"; readonly s: number; readonly n: number }
  | { readonly op: "emptySheet" | "deleteSheet" | "transpose"; readonly s: number }
  | { readonly op: "renameSheet"; readonly s: number; readonly name: string }
  | { readonly op: "scale"; readonly s: number; readonly k: number };

const SHEET_NAMES = ["Sales 'EU'", "Données ventes", "مبيعات", "Sheet1", "A1", "R1C1", "x!y", "  padded  ", "SOP Data Check", "SOP_Settings", "Actuals", "Forecast", "Capacity", "Routing", "Budget", "Prices", "Inventory", "Scenarios", "Stat Forecast"];

const nat = (max = 1_000_000): fc.Arbitrary<number> => fc.nat({ max });

/** Headers sit in the first rows: header mutations pick a row among the first 8. */
export const arbMutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant("set" as const), s: nat(), r: nat(), c: nat(), v: arbCellSpec }), weight: 10 },
  { arbitrary: fc.record({ op: fc.constant("set" as const), s: nat(), r: nat(), c: nat(), v: arbNumber }), weight: 6 },
  { arbitrary: fc.record({ op: fc.constant("fillCol" as const), s: nat(), c: nat(), v: arbNumber }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant("setHead" as const), s: nat(), r: nat(7), c: nat(), v: arbCellSpec }), weight: 5 },
  { arbitrary: fc.record({ op: fc.constant("format" as const), s: nat(), r: nat(7), c: nat(), f: arbFormat }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant("dropFormats" as const), s: nat() }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant("fillCol" as const), s: nat(), c: nat(), v: arbCellSpec }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant("fillRow" as const), s: nat(), r: nat(), v: arbCellSpec }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constantFrom("deleteRow" as const, "duplicateRow" as const, "truncateRow" as const, "insertBlankRow" as const), s: nat(), r: nat() }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant("swapRows" as const), s: nat(), r: nat(), r2: nat() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant("shuffleRows" as const), s: nat(), seed: nat() }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constantFrom("deleteCol" as const, "duplicateCol" as const), s: nat(), c: nat() }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant("swapCols" as const), s: nat(), c: nat(), c2: nat() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant("swapHeads" as const), s: nat(), r: nat(7), c: nat(), c2: nat() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant("copyHead" as const), s: nat(), r: nat(7), c: nat(), c2: nat() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant("weekHead" as const), s: nat(), r: nat(7), c: nat(), w: fc.integer({ min: 0, max: 54 }) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant("textHead" as const), s: nat(), r: nat(7) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant("truncateSheet" as const), s: nat(), n: nat(40) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant("truncateWidth" as const), s: nat(), n: nat(30) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant("titleRows" as const), s: nat(), n: fc.integer({ min: 1, max: 35 }) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constantFrom("emptySheet" as const, "deleteSheet" as const, "transpose" as const), s: nat() }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant("renameSheet" as const), s: nat(), name: fc.oneof(fc.constantFrom(...SHEET_NAMES), fc.string({ minLength: 1, maxLength: 31 })) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant("scale" as const), s: nat(), k: fc.constantFrom(-1, 0, 1e-12, 1e12, 1e300, -1e300, 1000, 5e-324, 0.001) }), weight: 2 },
);

function width(s: MemSheet): number {
  let w = 0;
  for (const r of s.values) if (r.length > w) w = r.length;
  return w;
}

/** Apply one mutation in place. `names` are the sheets it may pick from (mutable: renames and deletions update it). */
export function applyMutation(wb: Record<string, MemSheet>, m: Mutation): void {
  const names = Object.keys(wb);
  if (names.length === 0) return;
  const name = names[m.s % names.length]!;
  const sh = wb[name]!;
  const rows = sh.values.length;
  const w = width(sh);
  const fmtRow = (r: number): (string | null)[] => {
    sh.formats ??= [];
    while (sh.formats.length <= r) sh.formats.push([]);
    return sh.formats[r]!;
  };
  const setAt = (r: number, c: number, v: Cell): void => {
    while (sh.values.length <= r) sh.values.push([]);
    const row = sh.values[r]!;
    while (row.length < c) row.push(null);
    row[c] = v;
  };
  switch (m.op) {
    case "set":
      // Mostly inside the used range, sometimes just outside it.
      setAt(m.r % (rows + 2), m.c % (w + 2), cellOfSpec(m.v));
      return;
    case "setHead":
      setAt(m.r % Math.max(1, Math.min(rows, 8)), m.c % (w + 1), cellOfSpec(m.v));
      return;
    case "format":
      fmtRow(m.r % Math.max(1, rows))[m.c % Math.max(1, w)] = m.f;
      return;
    case "dropFormats":
      delete sh.formats;
      return;
    case "fillCol": {
      const c = m.c % Math.max(1, w);
      const v = cellOfSpec(m.v);
      for (let r = 1; r < rows; r++) setAt(r, c, v);
      return;
    }
    case "fillRow": {
      const r = m.r % Math.max(1, rows);
      const v = cellOfSpec(m.v);
      for (let c = 1; c < w; c++) setAt(r, c, v);
      return;
    }
    case "deleteRow":
      if (rows > 0) {
        const r = m.r % rows;
        sh.values.splice(r, 1);
        sh.formats?.splice(r, 1);
      }
      return;
    case "duplicateRow":
      if (rows > 0) {
        const r = m.r % rows;
        sh.values.splice(r, 0, [...sh.values[r]!]);
        if (sh.formats && sh.formats.length > r) sh.formats.splice(r, 0, [...(sh.formats[r] ?? [])]);
      }
      return;
    case "truncateRow":
      if (rows > 0) {
        const row = sh.values[m.r % rows]!;
        row.length = Math.floor(row.length / 2);
      }
      return;
    case "insertBlankRow":
      sh.values.splice(m.r % (rows + 1), 0, []);
      return;
    case "swapRows":
      if (rows > 1) {
        const a = m.r % rows;
        const b = m.r2 % rows;
        [sh.values[a], sh.values[b]] = [sh.values[b]!, sh.values[a]!];
        if (sh.formats && sh.formats.length > Math.max(a, b)) [sh.formats[a], sh.formats[b]] = [sh.formats[b]!, sh.formats[a]!];
      }
      return;
    case "shuffleRows": {
      // Shuffle the data rows below the first 6 (headers stay), formats follow.
      const gen = new Rng(m.seed);
      const rnd = (): number => gen.next();
      const idx = Array.from({ length: rows }, (_, i) => i);
      for (let i = rows - 1; i > 6; i--) {
        const j = 6 + Math.floor(rnd() * (i - 5));
        [idx[i], idx[j]] = [idx[j]!, idx[i]!];
      }
      const vals = idx.map((i) => sh.values[i]!);
      const fmts = sh.formats ? idx.map((i) => sh.formats![i] ?? []) : undefined;
      sh.values = vals;
      if (fmts) sh.formats = fmts;
      return;
    }
    case "deleteCol":
      if (w > 0) {
        const c = m.c % w;
        for (const r of sh.values) r.splice(c, 1);
        for (const r of sh.formats ?? []) r.splice(c, 1);
      }
      return;
    case "duplicateCol":
      if (w > 0) {
        const c = m.c % w;
        for (const r of sh.values) if (r.length > c) r.splice(c, 0, r[c]!);
        for (const r of sh.formats ?? []) if (r.length > c) r.splice(c, 0, r[c]!);
      }
      return;
    case "swapCols":
      if (w > 1) {
        const a = m.c % w;
        const b = m.c2 % w;
        for (const r of sh.values) {
          const x = r[a] ?? null;
          const y = r[b] ?? null;
          while (r.length <= Math.max(a, b)) r.push(null);
          r[a] = y;
          r[b] = x;
        }
      }
      return;
    case "swapHeads":
    case "copyHead": {
      // Periods shuffled or duplicated: only the header cells move, the data stay.
      if (rows === 0 || w < 2) return;
      const r = m.r % Math.min(rows, 8);
      const row = sh.values[r]!;
      while (row.length < w) row.push(null);
      const a = m.c % w;
      const b = m.c2 % w;
      const fr = sh.formats?.[r];
      if (m.op === "swapHeads") {
        [row[a], row[b]] = [row[b]!, row[a]!];
        if (fr) [fr[a], fr[b]] = [fr[b] ?? null, fr[a] ?? null];
      } else {
        row[b] = row[a]!;
        if (fr) fr[b] = fr[a] ?? null;
      }
      return;
    }
    case "weekHead": {
      // Weeks and months mixed: a period header becomes an ISO week.
      if (rows === 0) return;
      const r = m.r % Math.min(rows, 8);
      setAt(r, m.c % Math.max(1, w), `2026-W${String(m.w).padStart(2, "0")}`);
      return;
    }
    case "textHead": {
      // Date-serial headers become texts (`46327` with a date format → "46327"), formats lost.
      if (rows === 0) return;
      const r = m.r % Math.min(rows, 8);
      sh.values[r] = sh.values[r]!.map((v) => (typeof v === "number" ? String(v) : v));
      if (sh.formats?.[r]) sh.formats[r] = [];
      return;
    }
    case "truncateSheet":
      sh.values.length = Math.min(rows, m.n);
      if (sh.formats) sh.formats.length = Math.min(sh.formats.length, m.n);
      return;
    case "truncateWidth":
      for (const r of sh.values) if (r.length > m.n) r.length = m.n;
      return;
    case "titleRows": {
      const extra: Cell[][] = Array.from({ length: m.n }, (_, i) => (i === 0 ? ["A title row"] : []));
      sh.values.unshift(...extra);
      if (sh.formats) sh.formats.unshift(...extra.map(() => []));
      return;
    }
    case "emptySheet":
      sh.values = [];
      delete sh.formats;
      return;
    case "deleteSheet":
      delete wb[name];
      return;
    case "transpose": {
      const t: Cell[][] = [];
      for (let c = 0; c < Math.min(w, 400); c++) t.push(sh.values.slice(0, 400).map((r) => r[c] ?? null));
      sh.values = t;
      delete sh.formats;
      delete sh.tables;
      return;
    }
    case "renameSheet": {
      if (wb[m.name] !== undefined) return;
      wb[m.name] = sh;
      delete wb[name];
      return;
    }
    case "scale":
      for (const r of sh.values) for (let c = 0; c < r.length; c++) if (typeof r[c] === "number" && c > 0) r[c] = (r[c] as number) * m.k;
      return;
  }
}

// ---------------------------------------------------------------------------
// Random grids and mappings (parser property)

const ROLES = ["actuals", "forecast", "forecast:Sales", "forecast:Statistical", "snapshots", "capacity", "resources", "production", "inventory", "prices", "budget", "scenarios"] as const;

/** A random grid: a header row made of role vocabulary and period texts, data rows of weird cells. */
export const arbGrid = (sheet: string): fc.Arbitrary<Grid> =>
  fc
    .record({
      top: fc.oneof(fc.constant(0), nat(50)),
      left: fc.oneof(fc.constant(0), nat(30)),
      titles: nat(4),
      header: fc.array(fc.oneof(fc.constantFrom(...NASTY_TEXT), arbCellWild), { maxLength: 14 }),
      rows: fc.array(fc.array(arbCellWild, { maxLength: 14 }), { maxLength: 14 }),
      formats: fc.option(fc.array(fc.array(arbFormat, { maxLength: 14 }), { maxLength: 18 }), { nil: undefined }),
      hidden: fc.option(fc.array(nat(20), { maxLength: 3 }), { nil: undefined }),
      date1904: fc.option(fc.boolean(), { nil: undefined }),
      table: fc.option(fc.constantFrom("tbl", "tbl 'x'"), { nil: undefined }),
    })
    .map((g): Grid => ({
      sheet,
      top: g.top,
      left: g.left,
      values: [...Array.from({ length: g.titles }, (): Cell[] => ["Title"]), g.header, ...g.rows],
      ...(g.formats ? { formats: g.formats } : {}),
      ...(g.hidden ? { hiddenRows: g.hidden } : {}),
      ...(g.date1904 !== undefined ? { date1904: g.date1904 } : {}),
      ...(g.table ? { table: g.table } : {}),
    }));

export interface ParserCase {
  readonly mapping: Mapping;
  readonly reads: ReadResult[];
}

/** A random mapping of random grids (sometimes a read error, sometimes several sources for one role). */
export const arbParserCase: fc.Arbitrary<ParserCase> = fc
  .array(
    fc.record({
      role: fc.oneof(fc.constantFrom(...ROLES), fc.string({ maxLength: 6 }).map((v) => `forecast:${v}`)),
      layout: fc.option(fc.constantFrom<Layout>("auto", "wide", "long"), { nil: undefined }),
      measure: fc.option(fc.constantFrom("revenue" as const, "volume" as const), { nil: undefined }),
      grids: fc.array(fc.oneof({ arbitrary: fc.constantFrom("Sheet 1", "Sales 'EU'", "Données", "X"), weight: 1 }).chain((s) => fc.oneof({ arbitrary: arbGrid(s), weight: 9 }, { arbitrary: fc.constant(null), weight: 1 })), { minLength: 1, maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((bs) => {
    const reads: ReadResult[] = [];
    const roles = bs.map((b) => {
      const sources: RangeSource[] = b.grids.map((g, i) => {
        const src: RangeSource = { sheet: g?.sheet ?? `Missing ${i}` };
        reads.push(g ?? { source: src, message: `sheet '${src.sheet}' does not exist` });
        return src;
      });
      return { role: b.role as Mapping["roles"][number]["role"], sources, ...(b.layout ? { layout: b.layout } : {}), ...(b.measure ? { measure: b.measure } : {}) };
    });
    return { mapping: { roles }, reads };
  });

// ---------------------------------------------------------------------------
// Invariants

const SEVERITIES = new Set(["error", "warning", "info"]);
/** Codes that are always about one cell (or a block of cells) of the planner's data. */
const CELL_CODES = new Set<FindingCode>(["text-in-number", "date-in-number", "number-as-text", "excel-error", "negative", "absurd-value", "duplicate-period", "total-row-skipped", "row-without-key", "bad-period", "efficiency-out-of-range", "zero-rate"]);
const CODES = new Set(Object.keys(TREATMENTS) as FindingCode[]);
const SHEET_PART = String.raw`(?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)`;
const CELL_ADDRESS = new RegExp(String.raw`^(${SHEET_PART})!(\$?[A-Z]{1,3}\$?[0-9]{1,7})(?::(\$?[A-Z]{1,3}\$?[0-9]{1,7}))?$`);

function unquote(s: string): string {
  return s.startsWith("'") ? s.slice(1, -1).replace(/''/g, "'") : s;
}

function cellOf(a1: string): { row: number; col: number } {
  const m = /^\$?([A-Z]{1,3})\$?([0-9]+)$/.exec(a1)!;
  return { row: Number(m[2]) - 1, col: columnIndex(m[1]!) };
}

/**
 * Every finding has a severity, a known code, a role and a message; an address that names a
 * sheet is in `'Sheet'!A1` (or `'Sheet'!A1:B2`) form and, when the sheet is one of `grids`,
 * points inside one of its grids. Returns the problems (empty: fine).
 */
export function findingProblems(findings: readonly Finding[], grids: readonly Grid[]): string[] {
  const problems: string[] = [];
  for (const f of findings) {
    const where = JSON.stringify(f).slice(0, 300);
    if (!SEVERITIES.has(f.severity)) problems.push(`bad severity: ${where}`);
    if (!CODES.has(f.code)) problems.push(`unknown code: ${where}`);
    if (typeof f.role !== "string" || f.role.trim() === "") problems.push(`no role: ${where}`);
    if (typeof f.message !== "string" || f.message.trim() === "") problems.push(`no message: ${where}`);
    if (typeof f.address !== "string") {
      problems.push(`address not a string: ${where}`);
      continue;
    }
    const looksLikeCell = /![$A-Z]+[$0-9]+(:[$A-Z]+[$0-9]+)?$/.test(f.address);
    if (CELL_CODES.has(f.code) && f.role !== "decisions" && !looksLikeCell) problems.push(`a finding about a cell without its address: ${where}`);
    if (!looksLikeCell) continue; // mapping-level: '', "table X", "'Sheet' (whole sheet)", "name X"
    const m = CELL_ADDRESS.exec(f.address);
    if (!m) {
      problems.push(`address not in 'Sheet'!A1 form: ${where}`);
      continue;
    }
    const sheet = unquote(m[1]!);
    const mine = grids.filter((g) => g.sheet === sheet);
    if (mine.length === 0) continue; // an address on another sheet (output sheets, ledger)
    const corners = [cellOf(m[2]!), ...(m[3] ? [cellOf(m[3])] : [])];
    const inside = corners.every((p) =>
      mine.some((g) => {
        let w = 0;
        for (const r of g.values) if (r.length > w) w = r.length;
        return p.row >= g.top && p.row < g.top + Math.max(g.values.length, 1) && p.col >= g.left && p.col < g.left + Math.max(w, 1);
      }),
    );
    if (!inside) problems.push(`address outside the grid: ${where} (grids: ${mine.map((g) => `${g.top},${g.left} ${g.values.length}×${Math.max(0, ...g.values.map((r) => r.length))}`).join("; ")})`);
  }
  return problems;
}

/** Excel limits a written sheet must keep. */
const MAX_CELL_TEXT = 32767;
const FORBIDDEN_SHEET_CHARS = /[\\/?*[\]:]/;

/** Every written number is finite (formula values included); texts fit a cell; sheet names are valid and distinct. */
export function sheetProblems(sheets: readonly SheetSpec[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const s of sheets) {
    if (s.name.length === 0 || s.name.length > 31 || FORBIDDEN_SHEET_CHARS.test(s.name)) problems.push(`bad sheet name '${s.name}'`);
    if (seen.has(s.name.toLowerCase())) problems.push(`sheet '${s.name}' twice`);
    seen.add(s.name.toLowerCase());
    let shown = 0;
    s.rows.forEach((row, r) =>
      row.forEach((c, col) => {
        if (shown > 5) return;
        const v = isFormulaCell(c) ? c.value : c;
        if (typeof v === "number" && !Number.isFinite(v)) {
          problems.push(`'${s.name}'!R${r + 1}C${col + 1}: ${v}${isFormulaCell(c) ? ` (formula ${c.formula})` : ""}`);
          shown++;
        }
        if (typeof v === "string" && v.length > MAX_CELL_TEXT) {
          problems.push(`'${s.name}'!R${r + 1}C${col + 1}: text of ${v.length} characters (Excel's limit is ${MAX_CELL_TEXT})`);
          shown++;
        }
        if (isFormulaCell(c) && c.formula.length > 8192) {
          problems.push(`'${s.name}'!R${r + 1}C${col + 1}: formula of ${c.formula.length} characters`);
          shown++;
        }
        if (c !== null && typeof c === "object" && !isFormulaCell(c)) {
          problems.push(`'${s.name}'!R${r + 1}C${col + 1}: not a cell value ${JSON.stringify(c).slice(0, 80)}`);
          shown++;
        }
      }),
    );
  }
  return problems;
}

/** Numbers anywhere in a JSON-like value that are not finite (settings are saved as JSON). */
export function nonFinite(value: unknown, at = "$", out: string[] = []): string[] {
  if (typeof value === "number" && !Number.isFinite(value)) out.push(`${at}: ${value}`);
  else if (Array.isArray(value)) value.forEach((v, i) => nonFinite(v, `${at}[${i}]`, out));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) nonFinite(v, `${at}.${k}`, out);
  return out;
}

// ---------------------------------------------------------------------------
// The cycle case

export type MappingMode = "proposed" | "saved" | "explicit";

export interface CycleCase {
  readonly mutations: readonly Mutation[];
  readonly mode: MappingMode;
  /** Earlier outputs present (ledger, frozen plan, decisions), themselves mutated by `previousMutations`. */
  readonly previous: boolean;
  readonly previousMutations: readonly Mutation[];
  readonly action: "run" | "check" | "lock" | "lock-force";
  readonly parameters: RunParameters;
  /** Per-role layout forced in the explicit mapping. */
  readonly layouts: readonly (Layout | null)[];
}

export const arbParameters: fc.Arbitrary<RunParameters> = fc.record(
  {
    cycle: fc.oneof(fc.constantFrom("2026-11", "2026-12", "2026-10", "2027-06", "2020-01", "2030-12"), fc.tuple(fc.integer({ min: 1990, max: 2060 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, "0")}`)),
    horizon: fc.integer({ min: 12, max: 24 }),
    consensusRule: fc.constantFrom("replace" as const, "weighted" as const),
    supply: fc.record(
      {
        level: fc.constantFrom("family" as const, "item" as const),
        unmet: fc.constantFrom("lost" as const, "backlog" as const),
        holdingRate: fc.constantFrom(0, 0.02, 0.5, 5),
        overtimeShare: fc.constantFrom(0, 0.1, 1),
        overtimeCostPerHour: fc.constantFrom(0, 45, 1e6),
        outsourcingCostRate: fc.constantFrom(0, 0.25, 3),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

export const arbCycleCase = (maxMutations = 8): fc.Arbitrary<CycleCase> =>
  fc.record({
    // Half the cases change one or two things (they mostly run through), half up to `maxMutations`.
    mutations: fc.oneof(fc.array(arbMutation, { minLength: 1, maxLength: 2 }), fc.array(arbMutation, { minLength: 0, maxLength: maxMutations })),
    mode: fc.constantFrom<MappingMode>("proposed", "saved", "explicit"),
    previous: fc.boolean(),
    previousMutations: fc.array(arbMutation, { maxLength: 3 }),
    action: fc.oneof({ arbitrary: fc.constant("run" as const), weight: 6 }, { arbitrary: fc.constantFrom("check" as const, "lock" as const, "lock-force" as const), weight: 2 }),
    parameters: fc.oneof({ arbitrary: fc.constant({}), weight: 2 }, { arbitrary: arbParameters, weight: 1 }),
    layouts: fc.array(fc.option(fc.constantFrom<Layout>("auto", "wide", "long"), { nil: null }), { maxLength: 12 }),
  });

export interface CycleOutcome {
  readonly report: RunReport;
  readonly host: FuzzHost;
}

/** Build the host of a case (mutated sample, earlier outputs, mapping) and run the cycle. */
export async function runCase(sample: Sample, c: CycleCase, solver: LpSolver | null, neutralise?: (sheets: Record<string, MemSheet>) => void): Promise<CycleOutcome> {
  const wb = sample.workbook();
  for (const m of c.mutations) applyMutation(wb.sheets, m);
  let settings: Settings | null = null;
  if (c.previous) {
    const prev: Record<string, MemSheet> = {};
    for (const [n, s] of Object.entries(sample.previous)) prev[n] = deepCopySheet(s);
    for (const m of c.previousMutations) applyMutation(prev, m);
    for (const [n, s] of Object.entries(prev)) if (wb.sheets[n] === undefined) wb.sheets[n] = s;
    settings = { version: 1, ownedSheets: Object.keys(prev) };
  }
  neutralise?.(wb.sheets);
  const mapping: Mapping = {
    roles: sample.mapping.roles.map((b, i) => {
      const l = c.layouts[i];
      return l ? { ...b, layout: l } : b;
    }),
  };
  if (c.mode === "saved") settings = { ...(settings ?? { version: 1 }), mapping };
  const host = new FuzzHost(wb.sheets, settings, wb.names);
  const options: RunOptions = {
    now: NOW,
    parameters: c.parameters,
    solver,
    ...(c.mode === "explicit" ? { mapping } : {}),
    ...(c.action === "check" ? { checkOnly: true } : {}),
    ...(c.action === "lock" ? { lock: {} } : c.action === "lock-force" ? { lock: { force: true } } : {}),
  };
  const report = await runCycle(host, options);
  return { report, host };
}

/** The cycle's invariants; returns the problems (empty: fine). */
export function cycleProblems(c: CycleCase, o: CycleOutcome): string[] {
  const { report, host } = o;
  const problems: string[] = [];
  const errors = report.findings.filter((f) => f.severity === "error");
  if (report.blocked) {
    if (errors.length === 0) problems.push("blocked without an error finding");
    if (host.writes.length > 0) problems.push("blocked but wrote");
    if (report.written !== null) problems.push("blocked but reports a write");
  } else {
    if (errors.length > 0) problems.push(`not blocked but has error findings: ${errors.slice(0, 3).map((f) => `${f.code} ${f.address} ${f.message}`).join(" | ")}`);
    if (report.inputs === null) problems.push("not blocked without inputs");
    if (c.action === "check" && host.writes.length > 0) problems.push("check wrote");
    if (c.action === "run" && host.writes.length !== 1) problems.push(`run wrote ${host.writes.length} times`);
  }
  if (host.writes.length > 1) problems.push("wrote more than once");
  for (const w of host.writes) {
    problems.push(...sheetProblems(w.sheets));
    problems.push(...nonFinite(w.settings).map((p) => `settings ${p}`));
  }
  problems.push(...sheetProblems(report.sheets));
  // Addresses on the workbook's sheets point inside their used range.
  const grids: Grid[] = Object.entries(host.sheets).map(([sheet, s]) => ({ sheet, top: 0, left: 0, values: s.values }));
  problems.push(...findingProblems(report.findings, grids));
  return problems;
}

// ---------------------------------------------------------------------------
// Known issues: bugs found by fuzzing in files the fuzzing work may not change, described in
// test/fuzz/regressions.test.ts (skipped cases). A failing case that passes once the known
// cause is taken out of its grids is reported as known, not as a new failure. When the bug is
// fixed, its entry here (and the `it.skip`) can go.

/** Thrown by a property when a case fails only because of a known issue. */
export class KnownIssue extends Error {
  constructor(
    readonly id: string,
    readonly detail: string,
  ) {
    super(`known issue ${id}: ${detail}`);
  }
}

export interface KnownIssueDef {
  readonly id: string;
  readonly title: string;
  /** Take the known cause out of the grids (what the fix would make of them): for wrong output. */
  readonly neutralise?: (sheets: Record<string, MemSheet>) => void;
  /** The exception it throws (message and stack): for crashes. */
  readonly signature?: RegExp;
  /** The broken invariant it causes (a line of the problems a property lists): for wrong findings. */
  readonly problem?: RegExp;
}

/**
 * None open. Fixed so far (regressions.test.ts, "parsing"): readInputs crashing on a long range
 * with no keyed row, parseRecords reading absurd numbers (overflow to Infinity), parsePlanSheet
 * addresses outside the sheet. An entry: `{ id, title, signature }` for a crash (matched on the
 * exception's message and stack), `{ id, title, problem }` for a broken invariant (matched on
 * every problem line), `{ id, title, neutralise }` for wrong output that goes away once the cause
 * is taken out of the grids.
 */
export const KNOWN_ISSUES: readonly KnownIssueDef[] = [];

/** The known issue an exception belongs to, or null: a `KnownIssue`, or a crash with a known signature. */
export function asKnown(e: unknown): KnownIssue | null {
  if (e instanceof KnownIssue) return e;
  if (!(e instanceof Error)) return null;
  const text = `${e.name}: ${e.message}\n${e.stack ?? ""}`;
  const k = KNOWN_ISSUES.find((d) => d.signature?.test(text));
  return k ? new KnownIssue(k.id, e.message) : null;
}
