/**
 * Renders the `SOP Financials` sheet (DESIGN.md §2 step 4, §4): revenue, cost of goods and
 * margin by family and month for the consensus (unconstrained) plan and the constrained plan;
 * the gap to budget by family — per month, year to date and full year; and the volume / price /
 * mix bridge from budget to plan.
 *
 * Figures a controller traces are Excel formulas over cells of the same sheet, with the engine's
 * value cached: margin = revenue − cost, totals = SUM of the months, margin % = margin / revenue,
 * gap = plan − budget, gap % = gap / budget, and the bridge's plan = budget + effects.
 * Pure: the engine's finance results in, a `SheetSpec` out.
 */
import type { Bridge, BudgetGap, FinancialsResult, PlanFinancials } from "../engine/finance/types";
import { columnLetters } from "./grid";
import type { BlockStyle, OutCell, SheetSpec, TableSpec } from "./sheetSpec";
import { pushHeader, pushSection } from "./sheetBlocks";

export const FINANCIALS_SHEET = "SOP Financials";

const MONEY = "#,##0";
const PCT = "0.0%";

export interface FinancialsSheetContext {
  readonly workbook: string;
  readonly cycle: string;
  readonly runAt: string;
  readonly financials: FinancialsResult;
  readonly gap: BudgetGap;
  readonly bridge: Bridge;
}

/** A cell reference `C12` from zero-based row and column. */
const ref = (row: number, col: number): string => `${columnLetters(col)}${row + 1}`;

/** Build the sheet. */
export function renderFinancialsSheet(ctx: FinancialsSheetContext): { readonly sheet: SheetSpec } {
  const rows: OutCell[][] = [];
  const styles: BlockStyle[] = [];
  const tables: TableSpec[] = [];
  const fin = ctx.financials;

  rows.push(["S&OP Financials: revenue, margin and the gap to budget"]);
  styles.push({ row: 0, col: 0, rows: 1, cols: 1, bold: true, fontSize: 14 });
  const head: [string, OutCell][] = [
    ["Workbook", ctx.workbook],
    ["Cycle", ctx.cycle],
    ["Definitions", "revenue = quantity × price; cost = quantity × unit cost; margin = revenue − cost; the constrained plan sells what the supply plan serves"],
    ["Run at", ctx.runAt],
  ];
  for (const [k, v] of head) rows.push([k, v]);
  styles.push({ row: 1, col: 0, rows: head.length, cols: 1, bold: true });
  for (const n of fin.notes) rows.push(["Note", n]);

  const section = (title: string, subtitle: string): void => pushSection(rows, styles, title, subtitle);
  const header = (cells: readonly string[]): number => pushHeader(rows, styles, cells);

  /** Revenue / cost / margin / margin % per family and month, with formulas. */
  const planBlock = (plan: PlanFinancials): void => {
    section(`${plan.label}: revenue and margin by family and month`, "margin = revenue − cost; Total = Σ of the months; margin % = margin / revenue");
    const months = plan.months;
    const w = months.length;
    const top = header(["Family", "Line", ...months, "Total"]);
    const firstCol = 2;
    const totalCol = firstCol + w;
    const lines = [...plan.families, { key: "Total", family: "", byMonth: plan.byMonth, total: plan.total }];
    for (const f of lines) {
      const rRev = rows.length;
      const rCost = rRev + 1;
      const rMargin = rRev + 2;
      const sum = (r: number, v: number): OutCell => (w > 0 ? { formula: `SUM(${ref(r, firstCol)}:${ref(r, totalCol - 1)})`, value: v } : v);
      rows.push([f.key, "Revenue", ...f.byMonth.map((x) => x.revenue), sum(rRev, f.total.revenue)]);
      rows.push([f.key, "Cost of goods", ...f.byMonth.map((x) => x.costOfGoods), sum(rCost, f.total.costOfGoods)]);
      // Margin = costed revenue − cost; when every unit has a cost that is revenue − cost (the formula).
      const marginCell = (j: number, x: { revenue: number; costedRevenue: number; margin: number }): OutCell =>
        Math.abs(x.revenue - x.costedRevenue) < 1e-9 * Math.max(1, Math.abs(x.revenue)) ? { formula: `${ref(rRev, j)}-${ref(rCost, j)}`, value: x.margin } : x.margin;
      rows.push([f.key, "Margin", ...f.byMonth.map((x, j) => marginCell(firstCol + j, x)), marginCell(totalCol, f.total)]);
      rows.push([
        f.key,
        "Margin %",
        ...[...f.byMonth, f.total].map((x, j): OutCell => {
          const c = firstCol + j;
          return x.marginPct === null ? null : Math.abs(x.revenue - x.costedRevenue) < 1e-9 * Math.max(1, Math.abs(x.revenue)) ? { formula: `IF(${ref(rRev, c)}<>0,${ref(rMargin, c)}/${ref(rRev, c)},"")`, value: x.marginPct } : x.marginPct;
        }),
      ]);
      styles.push({ row: rRev, col: firstCol, rows: 3, cols: w + 1, numberFormat: MONEY }, { row: rRev + 3, col: firstCol, rows: 1, cols: w + 1, numberFormat: PCT });
      if (f.key === "Total") styles.push({ row: rRev, col: 0, rows: 4, cols: w + 3, bold: true });
    }
    tables.push({ name: `tblSopFin${plan.name.replace(/[^A-Za-z0-9]/g, "")}`, row: top, col: 0, rows: rows.length - top, cols: w + 3 });
  };
  planBlock(fin.consensus);
  if (fin.constrained) planBlock(fin.constrained);
  if (fin.actual.months.length > 0) planBlock(fin.actual);

  // Gap to budget.
  const gap = ctx.gap;
  const measure = gap.measure === "volume" ? "units" : "revenue";
  section(`Gap to budget (${measure})`, `${gap.basis.yearToDate} ${gap.basis.fullYear}`);
  if (gap.months.length === 0) rows.push(["(no budget mapped, or no budget month in the cycle's year)"]);
  for (const plan of gap.plans) {
    rows.push([plan.label]);
    styles.push({ row: rows.length - 1, col: 0, rows: 1, cols: 1, bold: true });
    const top = header(["Family", "Line", ...gap.months, "Year to date", "Full year"]);
    const firstCol = 2;
    const w = gap.months.length;
    for (const f of [...plan.families, plan.total]) {
      const rB = rows.length;
      const rV = rB + 1;
      const rG = rB + 2;
      const label = f === plan.total ? "Total" : f.family;
      rows.push([label, "Budget", ...f.byMonth.map((c) => c.budget), f.yearToDate.budget, f.fullYear.budget]);
      rows.push([label, "Actual / plan", ...f.byMonth.map((c) => c.value), f.yearToDate.value, f.fullYear.value]);
      const cells = [...f.byMonth.map((c) => ({ gap: c.gap, pct: c.gapPct })), { gap: f.yearToDate.gap, pct: f.yearToDate.gapPct }, { gap: f.fullYear.gap, pct: f.fullYear.gapPct }];
      rows.push([label, "Gap", ...cells.map((c, j): OutCell => (c.gap === null ? null : { formula: `${ref(rV, firstCol + j)}-${ref(rB, firstCol + j)}`, value: c.gap }))]);
      rows.push([label, "Gap %", ...cells.map((c, j): OutCell => (c.pct === null ? null : { formula: `IF(${ref(rB, firstCol + j)}<>0,${ref(rG, firstCol + j)}/${ref(rB, firstCol + j)},"")`, value: c.pct }))]);
      styles.push({ row: rB, col: firstCol, rows: 3, cols: w + 2, numberFormat: MONEY }, { row: rB + 3, col: firstCol, rows: 1, cols: w + 2, numberFormat: PCT });
    }
    if (rows.length - top > 1) tables.push({ name: `tblSopGap${plan.name.replace(/[^A-Za-z0-9]/g, "")}`, row: top, col: 0, rows: rows.length - top, cols: w + 4 });
  }

  // Bridge.
  const br = ctx.bridge;
  section(`Budget to plan bridge (${br.from} … ${br.to})`, br.method.join(" "));
  for (const p of br.plans) {
    const top = header([p.label, "Revenue"]);
    const r0 = rows.length;
    rows.push(["Budget", p.budgetRevenue]);
    rows.push(["Volume effect", p.volumeEffect]);
    rows.push(["Mix effect", p.mixEffect]);
    rows.push(["Price effect", p.priceEffect]);
    rows.push(["Other (not decomposed)", p.otherEffect]);
    rows.push(["Plan", { formula: `SUM(B${r0 + 1}:B${r0 + 5})`, value: p.planRevenue }]);
    styles.push({ row: r0, col: 1, rows: 6, cols: 1, numberFormat: MONEY }, { row: r0 + 5, col: 0, rows: 1, cols: 2, bold: true });
    tables.push({ name: `tblSopBridge${p.name.replace(/[^A-Za-z0-9]/g, "")}`, row: top, col: 0, rows: 7, cols: 2 });
    rows.push([]);
  }
  for (const e of br.excludedMonths) rows.push(["Left out", `${e.month}: ${e.reason}`]);

  return {
    sheet: {
      name: FINANCIALS_SHEET,
      rows,
      styles,
      tables,
      columnWidths: [22, 16, ...Array<number>(30).fill(12)],
      freeze: { rows: 0, cols: 2 },
      tabColor: "#7030A0",
    },
  };
}
