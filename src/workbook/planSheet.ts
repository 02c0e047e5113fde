/**
 * The `SOP Plan <cycle>` sheet (DESIGN.md §2 step 6, §7): the approved plan as frozen when the
 * cycle was locked. Values only (no formulas), read-only by convention: the add-in writes it once,
 * at the lock, and never again; the next cycles read it back to measure adherence.
 *
 * Layout (parsed back by `parsePlanSheet`, so keep the two in step):
 * - A1 the title; then label | value rows: `Cycle`, `Frozen at`, `Basis`, `Note`, `Periods`,
 *   `Read-only`;
 * - a blank row, then the header `Level | Family | Item | Line | <period> … | Total`;
 * - one row per line (`Consensus demand`, `Planned sales`, `Planned production`,
 *   `Planned ending inventory`, and `Planned revenue` when prices were known) of the total
 *   (Level `Total`), each family (`Family`) and each item (`Item`, from the MPS).
 * Cycle, period keys and texts are written as text (`@`) so that Excel keeps `2026-11` as typed;
 * a period or cycle read back as a date serial is still understood. The Total column is Σ over the
 * periods for the flows and blank for the inventory; it is not read back.
 *
 * Pure: a frozen plan in, a `SheetSpec` out; a grid in, a frozen plan and findings out.
 */
import { TOTAL_KEY, sumLines } from "../engine/execution/frozenPlan";
import type { FrozenBasis, FrozenLine, FrozenPlan } from "../engine/execution/types";
import { monthOfSerial, parsePeriodKey, periodKey } from "../engine/period";
import type { Finding } from "./findings";
import { type Cell, type Grid, cellAddress, cellAt, cellText, gridWidth, isBlank } from "./grid";
import type { BlockStyle, OutCell, SheetSpec } from "./sheetSpec";
import { pushHeader } from "./sheetBlocks";

/** Every frozen plan sheet's name starts with this. */
export const PLAN_SHEET_PREFIX = "SOP Plan ";

const ROLE = "frozen plan";
const UNITS = "#,##0";
const MONEY = "#,##0";

/** `SOP Plan 2026-11`. */
export function planSheetName(cycle: string): string {
  return `${PLAN_SHEET_PREFIX}${cycle}`;
}

/** The cycle of a frozen plan sheet's name (`SOP Plan 2026-11` → `2026-11`, case-insensitive), else null. */
export function planSheetCycle(name: string): string | null {
  const m = /^sop plan (\d{4}-\d{2})$/i.exec(name.trim());
  return m && parsePeriodKey(m[1]!)?.kind === "month" ? m[1]! : null;
}

/**
 * Among sheet names (the workbook's sheets, or the settings' `ownedSheets`), the frozen plan to
 * compare the `cycle` with: the most recent `SOP Plan <c>` with c before `cycle`; null when none.
 */
export function latestPlanSheet(names: Iterable<string>, cycle: string): string | null {
  let best: { name: string; cycle: string } | null = null;
  for (const n of names) {
    const c = planSheetCycle(n);
    if (c === null || c >= cycle) continue;
    if (best === null || c > best.cycle) best = { name: n, cycle: c };
  }
  return best?.name ?? null;
}

/**
 * The frozen plan sheets worth reading for a run, most recent first: the `count` (default 2) latest
 * `SOP Plan <c>` among `names` with c before `before` (every cycle when `before` is not given). Two,
 * because a run of a cycle already locked finds its own plan first and needs the one before it.
 * Names are deduplicated case-insensitively.
 */
export function recentPlanSheets(names: Iterable<string>, before?: string, count = 2): string[] {
  const seen = new Map<string, { name: string; cycle: string }>();
  for (const n of names) {
    const c = planSheetCycle(n);
    if (c === null || (before !== undefined && c >= before) || seen.has(n.trim().toLowerCase())) continue;
    seen.set(n.trim().toLowerCase(), { name: n, cycle: c });
  }
  return [...seen.values()]
    .sort((a, b) => (a.cycle < b.cycle ? 1 : a.cycle > b.cycle ? -1 : 0))
    .slice(0, Math.max(0, count))
    .map((x) => x.name);
}

/** The lines of a frozen line, in sheet order. */
const LINES: readonly { readonly label: string; readonly field: "demand" | "sales" | "production" | "inventory" | "revenue"; readonly flow: boolean }[] = [
  { label: "Consensus demand", field: "demand", flow: true },
  { label: "Planned sales", field: "sales", flow: true },
  { label: "Planned production", field: "production", flow: true },
  { label: "Planned ending inventory", field: "inventory", flow: false },
  { label: "Planned revenue", field: "revenue", flow: true },
];

const LEVELS = ["Total", "Family", "Item"] as const;
type Level = (typeof LEVELS)[number];

const num = (v: number): OutCell => (Number.isFinite(v) ? v : null);

/** Render the frozen plan (values only). */
export function renderPlanSheet(frozen: FrozenPlan): SheetSpec {
  const rows: OutCell[][] = [];
  const styles: BlockStyle[] = [];
  const w = frozen.periods.length;
  rows.push([`S&OP Plan ${frozen.cycle}: the approved plan, frozen at the lock of the cycle (values only, read-only by convention, never overwritten)`]);
  styles.push({ row: 0, col: 0, rows: 1, cols: 1, bold: true, fontSize: 14 });
  const head: [string, string][] = [
    ["Cycle", frozen.cycle],
    ["Frozen at", frozen.frozenAt],
    ["Basis", frozen.basis],
    ["Note", frozen.basisNote],
    ["Periods", w > 0 ? `${frozen.periods[0]!} … ${frozen.periods[w - 1]!} (${w})` : "none"],
    ["Read-only", `Frozen when cycle ${frozen.cycle} was locked. The add-in never writes this sheet again; the next cycles compare their actuals with it. Please do not edit it.`],
  ];
  for (const [k, v] of head) rows.push([k, v]);
  styles.push({ row: 1, col: 0, rows: head.length, cols: 1, bold: true }, { row: 1, col: 1, rows: head.length, cols: 1, numberFormat: "@" });
  rows.push([]);
  const top = pushHeader(rows, styles, ["Level", "Family", "Item", "Line", ...frozen.periods, "Total"]);
  styles.push({ row: top, col: 4, rows: 1, cols: w, numberFormat: "@" });

  const emit = (level: Level, line: FrozenLine): void => {
    for (const l of LINES) {
      const values = l.field === "revenue" ? line.revenue : line[l.field];
      if (values === null) continue;
      const total = l.flow ? values.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0) : null;
      rows.push([level, line.family, level === "Item" ? line.key : null, l.label, ...Array.from(values, num), total]);
      if (l.field === "revenue") revenueRows.push(rows.length - 1);
    }
  };
  const revenueRows: number[] = [];
  const first = rows.length;
  emit("Total", frozen.total);
  for (const f of frozen.families) emit("Family", f);
  for (const i of frozen.items) emit("Item", i);
  const n = rows.length - first;
  if (n > 0) {
    styles.push({ row: first, col: 0, rows: n, cols: 4, numberFormat: "@" });
    // Units everywhere, then money on the revenue rows (a later style wins).
    styles.push({ row: first, col: 4, rows: n, cols: w + 1, numberFormat: UNITS });
    for (const r of revenueRows) styles.push({ row: r, col: 4, rows: 1, cols: w + 1, numberFormat: MONEY });
    const totalRows = LINES.filter((l) => (l.field === "revenue" ? frozen.total.revenue !== null : true)).length;
    styles.push({ row: first, col: 0, rows: totalRows, cols: 5 + w, bold: true });
  }
  return {
    name: planSheetName(frozen.cycle),
    rows,
    styles,
    columnWidths: [8, 16, 14, 24, ...frozen.periods.map(() => 10), 12],
    freeze: { rows: top + 1, cols: 4 },
    tabColor: "#7F7F7F",
  };
}

/** Text of a cell, trimmed; "" for anything but text. */
const text = (v: Cell): string => (typeof v === "string" ? v.trim() : "");

/** A month or week key from a header or cycle cell: text `2026-11` / `2026-W05`, or a date serial (its month). */
function periodOfCell(v: Cell, date1904: boolean | undefined): string | null {
  if (typeof v === "string") {
    const p = parsePeriodKey(v.trim());
    return p === null ? null : periodKey(p);
  }
  if (typeof v === "number") {
    const m = monthOfSerial(v, date1904);
    return m === null ? null : periodKey(m);
  }
  return null;
}

/**
 * Read a `SOP Plan <cycle>` sheet back into a frozen plan. Null (with a finding) when the sheet
 * has no cycle, no header row or no period; unreadable cells are findings and read as 0.
 */
export function parsePlanSheet(grid: Grid): { readonly plan: FrozenPlan | null; readonly findings: Finding[] } {
  const findings: Finding[] = [];
  // A cell outside what was read (a sheet emptied by hand) is reported at the sheet's A1.
  const at = (r: number, c: number): string => (r < grid.values.length && c < Math.max(gridWidth(grid), 1) ? cellAddress(grid.sheet, grid.top + r, grid.left + c) : cellAddress(grid.sheet, grid.top, grid.left));
  const fail = (message: string, r = 0, c = 0): { plan: null; findings: Finding[] } => {
    findings.push({ severity: "warning", code: "plan-sheet-unreadable", role: ROLE, address: at(r, c), message });
    return { plan: null, findings };
  };

  // Label | value rows above the header.
  const nRows = grid.values.length;
  let header = -1;
  const labels = new Map<string, { r: number; v: Cell }>();
  for (let r = 0; r < nRows; r++) {
    const a = text(cellAt(grid, r, 0)).toLowerCase();
    if (a === "level" && text(cellAt(grid, r, 3)).toLowerCase() === "line") {
      header = r;
      break;
    }
    if (a !== "" && !labels.has(a)) labels.set(a, { r, v: cellAt(grid, r, 1) });
  }
  const cycleCell = labels.get("cycle");
  const cycle = cycleCell ? periodOfCell(cycleCell.v, grid.date1904) : null;
  if (cycle === null || parsePeriodKey(cycle)?.kind !== "month") return fail(`${grid.sheet} has no cycle month next to 'Cycle' (found ${cycleCell ? cellText(cycleCell.v) : "no 'Cycle' row"}): it is not read as a frozen plan.`, cycleCell?.r ?? 0, 1);
  if (header < 0) return fail(`${grid.sheet} has no header row 'Level | Family | Item | Line | periods': it is not read as a frozen plan.`);
  const frozenAtCell = labels.get("frozen at")?.v ?? null;
  const frozenAt = typeof frozenAtCell === "string" ? frozenAtCell.trim() : typeof frozenAtCell === "number" ? String(frozenAtCell) : "";
  const basisText = text(labels.get("basis")?.v ?? null).toLowerCase();
  const basis: FrozenBasis = basisText === "supply plan" ? "supply plan" : "consensus";
  const basisNote = text(labels.get("note")?.v ?? null);

  // Period columns: from column E to 'Total' (or the first blank).
  const periods: string[] = [];
  const width = gridWidth(grid);
  for (let c = 4; c < width; c++) {
    const v = cellAt(grid, header, c);
    if (isBlank(v) || text(v).toLowerCase() === "total") break;
    const p = periodOfCell(v, grid.date1904);
    if (p === null) return fail(`${grid.sheet}: header ${cellText(v)} is not a period: the sheet is not read as a frozen plan.`, header, c);
    if (periods.includes(p)) return fail(`${grid.sheet}: period ${p} appears twice in the header: the sheet is not read as a frozen plan.`, header, c);
    periods.push(p);
  }
  if (periods.length === 0) return fail(`${grid.sheet} has no period columns: it is not read as a frozen plan.`, header, 4);
  const T = periods.length;

  // Lines.
  type Draft = { level: Level; key: string; family: string; fields: Map<string, Float64Array> };
  const drafts: Draft[] = [];
  const byKey = new Map<string, Draft>();
  let badCells = 0;
  let firstBad = "";
  for (let r = header + 1; r < nRows; r++) {
    const levelText = text(cellAt(grid, r, 0)).toLowerCase();
    if (levelText === "") continue;
    const level = LEVELS.find((l) => l.toLowerCase() === levelText);
    const lineText = text(cellAt(grid, r, 3)).toLowerCase();
    const line = LINES.find((l) => l.label.toLowerCase() === lineText);
    if (level === undefined || line === undefined) {
      findings.push({ severity: "warning", code: "plan-sheet-unreadable", role: ROLE, address: at(r, 0), message: `${grid.sheet}: row ${grid.top + r + 1} is not a plan line (level ${cellText(cellAt(grid, r, 0))}, line ${cellText(cellAt(grid, r, 3))}): skipped.` });
      continue;
    }
    const family = text(cellAt(grid, r, 1));
    const key = level === "Total" ? TOTAL_KEY : level === "Family" ? family : text(cellAt(grid, r, 2));
    if (key === "") {
      findings.push({ severity: "warning", code: "plan-sheet-unreadable", role: ROLE, address: at(r, level === "Item" ? 2 : 1), message: `${grid.sheet}: row ${grid.top + r + 1} has no ${level === "Item" ? "item" : "family"}: skipped.` });
      continue;
    }
    const id = `${level}\u0000${key}`;
    let d = byKey.get(id);
    if (d === undefined) {
      d = { level, key, family: level === "Total" ? TOTAL_KEY : family, fields: new Map() };
      byKey.set(id, d);
      drafts.push(d);
    }
    const values = new Float64Array(T);
    for (let t = 0; t < T; t++) {
      const v = cellAt(grid, r, 4 + t);
      if (typeof v === "number" && Number.isFinite(v)) values[t] = v;
      else if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v.replace(/,/g, "")))) values[t] = Number(v.replace(/,/g, ""));
      else if (!isBlank(v)) {
        badCells++;
        if (firstBad === "") firstBad = at(r, 4 + t);
      }
    }
    d.fields.set(line.field, values);
  }
  if (badCells > 0)
    findings.push({ severity: "warning", code: "plan-sheet-unreadable", role: ROLE, address: firstBad, message: `${grid.sheet}: ${badCells.toLocaleString("en-US")} ${badCells === 1 ? "cell is" : "cells are"} not a number: read as 0.` });

  const toLine = (d: Draft): FrozenLine => {
    const get = (f: string): Float64Array => d.fields.get(f) ?? new Float64Array(T);
    return { key: d.key, family: d.family, demand: get("demand"), sales: get("sales"), production: get("production"), inventory: get("inventory"), revenue: d.fields.get("revenue") ?? null };
  };
  const families = drafts.filter((d) => d.level === "Family").map(toLine);
  const items = drafts.filter((d) => d.level === "Item").map(toLine);
  if (families.length === 0) return fail(`${grid.sheet} has no family lines: it is not read as a frozen plan.`, header, 0);
  const totalDraft = drafts.find((d) => d.level === "Total");
  const total = totalDraft ? toLine(totalDraft) : sumLines(TOTAL_KEY, TOTAL_KEY, families, T);
  return { plan: { cycle, frozenAt, periods, basis, basisNote, families, items, total }, findings };
}
