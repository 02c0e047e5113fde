/**
 * The `SOP MPS` sheet (DESIGN.md §2 step 6): the master production schedule written at the lock
 * of a cycle — the approved plan per family and per item and month in whole units (consensus,
 * scheduled production, projected inventory, target), the rules it follows, and per ISO week
 * when asked. Rewritten at every lock (the frozen plan of each cycle is kept in `SOP Plan <cycle>`).
 *
 * Pure: a schedule in, a `SheetSpec` out.
 */
import type { Mps, MpsItem } from "../engine/execution/types";
import type { BlockStyle, OutCell, SheetSpec } from "./sheetSpec";
import { pushHeader, pushSection } from "./sheetBlocks";

export const MPS_SHEET = "SOP MPS";

const UNITS = "#,##0";

export interface MpsSheetContext {
  readonly cycle: string;
  readonly runAt: string;
  readonly workbook: string;
}

const BASIS: Readonly<Record<Mps["basis"], string>> = {
  "family plan": "the approved constrained plan per family, split over its items",
  "item plan": "the approved constrained plan per item",
  consensus: "the consensus (no constrained plan: production = demand), re-allocated within each family to meet the inventory targets",
};

const sum = (a: Float64Array): number => a.reduce((x, y) => x + (Number.isFinite(y) ? y : 0), 0);
const last = (a: Float64Array): number | null => (a.length > 0 ? a[a.length - 1]! : null);

/** Render the schedule. */
export function renderMpsSheet(mps: Mps, ctx: MpsSheetContext): SheetSpec {
  const rows: OutCell[][] = [];
  const styles: BlockStyle[] = [];
  const T = mps.periods.length;
  const numberBlocks: { row: number; rows: number; cols: number }[] = [];

  rows.push(["S&OP Master Production Schedule: the approved plan per item, whole units"]);
  styles.push({ row: 0, col: 0, rows: 1, cols: 1, bold: true, fontSize: 14 });
  const head: [string, string][] = [
    ["Workbook", ctx.workbook],
    ["Cycle", ctx.cycle],
    ["Basis", BASIS[mps.basis]],
    ["Months", T > 0 ? `${mps.periods[0]!} … ${mps.periods[T - 1]!} (${T})` : "none"],
    ["Weeks", mps.weeks ? `${mps.weeks.periods.length} ISO weeks (${mps.weeks.periods[0] ?? ""} … ${mps.weeks.periods[mps.weeks.periods.length - 1] ?? ""})` : "not asked for"],
    ["Run at", ctx.runAt],
  ];
  for (const [k, v] of head) rows.push([k, v]);
  styles.push({ row: 1, col: 0, rows: head.length, cols: 1, bold: true }, { row: 1, col: 1, rows: head.length, cols: 1, numberFormat: "@" });

  pushSection(rows, styles, "Rules", "how the schedule was made");
  mps.rules.forEach((r, i) => rows.push([`Rule ${i + 1}`, r]));

  // Per family.
  pushSection(rows, styles, "Per family", "MPS production is Σ of the items; the approved plan's figure before rounding is shown above it");
  const famTop = pushHeader(rows, styles, ["Family", "Items", "Line", ...mps.periods, "Total"]);
  styles.push({ row: famTop, col: 3, rows: 1, cols: T, numberFormat: "@" });
  const famFirst = rows.length;
  for (const f of mps.families) {
    const lines: [string, Float64Array, boolean][] = [
      ["Consensus", f.demand, true],
      [f.basis === "consensus" ? "Plan (consensus)" : "Approved plan", f.planProduction, true],
      ["MPS production", f.production, true],
      ["Projected inventory", f.inventory, false],
      ["Target", f.target, false],
      ["Unmet", f.unmet, true],
    ];
    for (const [label, v, flow] of lines) rows.push([f.family, f.items, label, ...Array.from(v), flow ? sum(v) : last(v)]);
  }
  numberBlocks.push({ row: famFirst, rows: rows.length - famFirst, cols: T + 1 });
  if (rows.length > famFirst) styles.push({ row: famFirst, col: 0, rows: rows.length - famFirst, cols: 1, numberFormat: "@" });

  // Per item.
  pushSection(rows, styles, "Per item", "production in whole units; projected inventory = max(0, opening + production − consensus); Total: Σ for flows, the last month for stocks");
  const itemTop = pushHeader(rows, styles, ["Family", "Item", "Line", ...mps.periods, "Total"]);
  styles.push({ row: itemTop, col: 3, rows: 1, cols: T, numberFormat: "@" });
  const itemFirst = rows.length;
  const belowRows: number[] = [];
  const emitItem = (i: MpsItem): void => {
    const lines: [string, Float64Array, boolean][] = [
      ["Consensus", i.demand, true],
      ["MPS production", i.production, true],
      ["Projected inventory", i.inventory, false],
      [`Target (${i.targetSource})`, i.target, false],
    ];
    for (const [label, v, flow] of lines) rows.push([i.family, i.item, label, ...Array.from(v), flow ? sum(v) : last(v)]);
    if (i.monthsBelowTarget > 0) belowRows.push(rows.length - 2);
  };
  for (const i of mps.items) emitItem(i);
  numberBlocks.push({ row: itemFirst, rows: rows.length - itemFirst, cols: T + 1 });
  if (rows.length > itemFirst) styles.push({ row: itemFirst, col: 0, rows: rows.length - itemFirst, cols: 2, numberFormat: "@" });

  // Per week.
  let weekCols = 0;
  if (mps.weeks) {
    const wk = mps.weeks;
    const W = wk.periods.length;
    weekCols = W;
    pushSection(rows, styles, "Per ISO week", "each month split over its working days (Monday–Friday); a week spanning two months takes its share of each");
    const wTop = pushHeader(rows, styles, ["Family", "Item", "Line", ...wk.periods, "Total"]);
    styles.push({ row: wTop, col: 3, rows: 1, cols: W, numberFormat: "@" });
    const wFirst = rows.length;
    rows.push(["", "", "Working days", ...wk.workingDays, wk.workingDays.reduce((a, b) => a + b, 0)]);
    rows.push(["", "", "Months", ...wk.parts.map((ps) => ps.map((p) => `${p.month}: ${p.days}`).join(", ")), null]);
    styles.push({ row: wFirst, col: 0, rows: 2, cols: 3 + W + 1, italic: true }, { row: wFirst + 1, col: 3, rows: 1, cols: W, numberFormat: "@" });
    mps.families.forEach((f, k) => {
      const v = wk.families[k]!;
      rows.push([f.family, `(${f.items} items)`, "MPS production", ...Array.from(v), sum(v)]);
      styles.push({ row: rows.length - 1, col: 0, rows: 1, cols: 3 + W + 1, bold: true });
    });
    mps.items.forEach((i, k) => {
      const v = wk.items[k]!;
      rows.push([i.family, i.item, "MPS production", ...Array.from(v), sum(v)]);
    });
    numberBlocks.push({ row: wFirst, rows: 1, cols: W + 1 }, { row: wFirst + 2, rows: rows.length - wFirst - 2, cols: W + 1 });
    if (rows.length > wFirst + 2) styles.push({ row: wFirst + 2, col: 0, rows: rows.length - wFirst - 2, cols: 2, numberFormat: "@" });
  }

  for (const b of numberBlocks) if (b.rows > 0) styles.push({ row: b.row, col: 3, rows: b.rows, cols: b.cols, numberFormat: UNITS });
  for (const r of belowRows) styles.push({ row: r, col: 3, rows: 1, cols: T, fontColor: "#C00000" });

  const widest = Math.max(T, weekCols);
  return {
    name: MPS_SHEET,
    rows,
    styles,
    columnWidths: [16, 14, 22, ...Array.from({ length: widest }, () => 10), 12],
    freeze: { rows: 1, cols: 3 },
    tabColor: "#1F4E3D",
  };
}
