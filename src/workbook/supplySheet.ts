/**
 * Renders the `SOP Supply Plan` sheet (DESIGN.md §2 step 3): the constrained plan per family
 * and month (demand, production, outsourced, served, unmet or backlog, closing stock, safety
 * stock, days of supply), its totals (fill rate, revenue, margin, overtime, outsourcing), the
 * solver status and the settings used; load and overtime per resource; the unconstrained
 * (consensus) inventory projection for comparison; and the inventory strategy review (current
 * vs recommended safety stock per item, service level by ABC class, the investment it implies).
 *
 * Totals that a controller would trace (Σ over months, fill rate) are Excel formulas over the
 * cells of the same sheet, with the engine's values cached.
 * Pure: engine results in, a `SheetSpec` out.
 */
import type { InventoryProjection, InventoryStrategy, SeriesProjection } from "../engine/inventory/types";
import type { SupplyPlan } from "../engine/supply/types";
import { columnLetters } from "./grid";
import type { BlockStyle, ConditionalSpec, OutCell, SheetSpec, TableSpec } from "./sheetSpec";
import { pushHeader, pushSection } from "./sheetBlocks";

export const SUPPLY_SHEET = "SOP Supply Plan";

const PCT = "0.0%";
const UNITS = "#,##0";
const MONEY = "#,##0";

export interface SupplySheetContext {
  readonly workbook: string;
  readonly cycle: string;
  readonly runAt: string;
  readonly periods: readonly string[];
  /** Null when no solver ran (the reason is in `planNote`). */
  readonly plan: SupplyPlan | null;
  readonly planNote: string;
  readonly projection: InventoryProjection | null;
  readonly strategy: InventoryStrategy | null;
}

const num = (v: number | null | undefined): OutCell => (v === null || v === undefined || !Number.isFinite(v) ? null : v);

/** Build the sheet and the row of each family's plan (for links). */
export function renderSupplySheet(ctx: SupplySheetContext): { readonly sheet: SheetSpec; readonly familyRow: ReadonlyMap<string, number> } {
  const periods = ctx.periods;
  const w = periods.length;
  const rows: OutCell[][] = [];
  const styles: BlockStyle[] = [];
  const tables: TableSpec[] = [];
  const conditionals: ConditionalSpec[] = [];
  const familyRow = new Map<string, number>();
  const plan = ctx.plan;

  rows.push(["S&OP Supply Plan: constrained plan, inventory projection and inventory strategy"]);
  styles.push({ row: 0, col: 0, rows: 1, cols: 1, bold: true, fontSize: 14 });
  const status = plan ? (plan.status === "Optimal" ? `optimal (${plan.solver})` : `${plan.status}: ${plan.explanation}`) : ctx.planNote;
  const head: [string, OutCell][] = [
    ["Workbook", ctx.workbook],
    ["Cycle", ctx.cycle],
    ["Plan", `${plan ? `per ${plan.level}, unmet demand ${plan.unmet === "lost" ? "lost" : "backlogged"}` : "no constrained plan"}; ${w} months (${periods[0] ?? ""} … ${periods[w - 1] ?? ""})`],
    ["Solver status", status],
    ["Run at", ctx.runAt],
  ];
  for (const [k, v] of head) rows.push([k, v]);
  styles.push({ row: 1, col: 0, rows: head.length, cols: 1, bold: true });
  if (plan && plan.status !== "Optimal") styles.push({ row: 4, col: 1, rows: 1, cols: 1, bold: true, fontColor: "#C00000" });

  const section = (title: string, subtitle: string): void => pushSection(rows, styles, title, subtitle);
  const header = (cells: readonly string[]): number => pushHeader(rows, styles, cells);

  if (plan) {
    // Totals.
    section("Totals over the plan", "revenue and margin of the demand served; penalties are the model's, not money spent");
    const t = plan.totals;
    const totTop = header(["Figure", "Value", "Unit"]);
    const tot: [string, number, string, string][] = [
      ["Demand", t.demand, "units", UNITS],
      ["Served", t.served, "units", UNITS],
      ["Fill rate", t.fillRate, "served / demand", PCT],
      [plan.unmet === "lost" ? "Unmet (lost)" : "Backlog at the end", t.unmetUnits, "units", UNITS],
      ["Production", t.production, "units", UNITS],
      ["Outsourced", t.outsourcedUnits, "units", UNITS],
      ["Overtime", t.overtimeHours, "hours", UNITS],
      ["Ending inventory", t.endingInventory, "units", UNITS],
      ["Ending inventory value", t.endingInventoryValue, "at unit cost", MONEY],
      ["Revenue", t.revenue, "money", MONEY],
      ["Cost of sales", t.costOfSales, "money", MONEY],
      ["Holding cost", t.holdingCost, "money", MONEY],
      ["Overtime cost", t.overtimeCost, "money", MONEY],
      ["Outsourcing cost", t.outsourcingCost, "money", MONEY],
      ["Margin", t.margin, "revenue − all costs", MONEY],
    ];
    tot.forEach(([k, v, u, f]) => {
      rows.push([k, v, u]);
      styles.push({ row: rows.length - 1, col: 1, rows: 1, cols: 1, numberFormat: f });
    });
    // Fill rate and margin as formulas over the cells above.
    const r0 = totTop + 1;
    rows[r0 + 2]![1] = { formula: `IF(B${r0 + 1}>0,B${r0 + 2}/B${r0 + 1},1)`, value: t.fillRate };
    rows[r0 + 14]![1] = { formula: `B${r0 + 10}-B${r0 + 11}-B${r0 + 12}-B${r0 + 13}-B${r0 + 14}`, value: t.margin };
    tables.push({ name: "tblSopSupplyTotals", row: totTop, col: 0, rows: tot.length + 1, cols: 3 });

    // Plan per family.
    section(`Plan per ${plan.level}`, "closing stock = opening + production + outsourced − served; the Total column is Σ over the months");
    const top = header([plan.level === "item" ? "Item" : "Family", "Line", ...periods, "Total"]);
    const lines: [string, (e: SupplyPlan["entities"][number]) => Float64Array, boolean][] = [
      ["Demand", (e) => e.demand, true],
      ["Production", (e) => e.production, true],
      ["Outsourced", (e) => e.outsourced, true],
      ["Served", (e) => e.served, true],
      [plan.unmet === "lost" ? "Unmet (lost)" : "Backlog", (e) => (plan.unmet === "lost" ? e.unmet : e.backlog), plan.unmet === "lost"],
      ["Closing stock", (e) => e.inventory, false],
      ["Safety stock", (e) => e.safetyStock, false],
      ["Below safety stock", (e) => e.shortfall, true],
    ];
    const constrainedByFamily = new Map<string, SeriesProjection>();
    for (const s of ctx.projection?.series ?? []) constrainedByFamily.set(s.key, s);
    for (const e of plan.entities) {
      familyRow.set(e.key, rows.length);
      lines.forEach(([label, pick, summable], li) => {
        const values = pick(e);
        const r = rows.length;
        const total: OutCell = summable && w > 0 ? { formula: `SUM(${columnLetters(2)}${r + 1}:${columnLetters(1 + w)}${r + 1})`, value: values.reduce((a, b) => a + b, 0) } : null;
        rows.push([e.key, label, ...Array.from(values, (v) => num(v)), total]);
        // Unmet demand in red, months below safety stock in amber.
        if (w > 0 && li === 4) conditionals.push({ row: r, col: 2, rows: 1, cols: w, operator: "greaterThan", value: 0.5, fill: "#FFC7CE", fontColor: "#9C0006" });
        if (w > 0 && li === 7) conditionals.push({ row: r, col: 2, rows: 1, cols: w, operator: "greaterThan", value: 0.5, fill: "#FFEB9C", fontColor: "#9C5700" });
      });
      const proj = constrainedByFamily.get(e.key)?.constrained;
      rows.push([e.key, "Days of supply", ...periods.map((_, j) => num(proj?.daysOfSupply[j] ?? null)), null]);
    }
    const body = rows.length - top - 1;
    if (body > 0) {
      styles.push({ row: top + 1, col: 2, rows: body, cols: w + 1, numberFormat: UNITS });
      tables.push({ name: "tblSopSupplyPlan", row: top, col: 0, rows: body + 1, cols: w + 3 });
    }

    // Resources.
    section("Load and overtime per resource", "load = Σ hours (or units) per unit × production of the month it serves; overtime used where the plan needs it");
    const rTop = header(["Resource", "Line", ...periods]);
    for (const res of plan.resources) {
      rows.push([res.resource, `Available (${res.unit})`, ...Array.from(res.available, (v, j): OutCell => (res.known[j] ? v : null))]);
      rows.push([res.resource, "Load", ...Array.from(res.load, (v) => num(v))]);
      rows.push([res.resource, "Overtime", ...Array.from(res.overtime, (v) => num(v))]);
      rows.push([res.resource, "Overtime allowed", ...Array.from(res.maxOvertime, (v) => num(v))]);
    }
    const rBody = rows.length - rTop - 1;
    if (rBody > 0) styles.push({ row: rTop + 1, col: 2, rows: rBody, cols: w, numberFormat: UNITS });

    // Settings used.
    section("Settings used", "defaults unless set; a setting changes the plan's costs and penalties");
    const sTop = header(["Setting", "Value", "Unit", "Source"]);
    for (const s of plan.settings) rows.push([s.label, s.value, s.unit, s.source]);
    if (plan.settings.length > 0) tables.push({ name: "tblSopSupplySettings", row: sTop, col: 0, rows: plan.settings.length + 1, cols: 4 });
    for (const n of plan.notes) rows.push([n.severity === "info" ? "Note" : n.severity === "warning" ? "Warning" : "Error", n.message]);
  }

  // Unconstrained projection.
  if (ctx.projection) {
    section("Unconstrained plan (the consensus as it is)", "supply = demand + safety stock − opening, whenever positive: what meeting every order would take");
    const uTop = header(["Family", "Line", ...periods]);
    for (const s of [...ctx.projection.families, ...(ctx.projection.total ? [ctx.projection.total] : [])]) {
      const u = s.unconstrained;
      rows.push([s.key, "Supply", ...Array.from(u.supply, (v) => num(v))]);
      rows.push([s.key, "Closing stock", ...Array.from(u.closing, (v) => num(v))]);
      rows.push([s.key, "Days of supply", ...u.daysOfSupply.map(num)]);
    }
    const uBody = rows.length - uTop - 1;
    if (uBody > 0) styles.push({ row: uTop + 1, col: 2, rows: uBody, cols: w, numberFormat: UNITS });
  }

  // Inventory strategy.
  if (ctx.strategy) {
    const st = ctx.strategy;
    section("Inventory strategy: safety stock", "recommended = z(service level of the ABC class) × forecast error over the replenishment lead time; investment at unit cost");
    const cTop = header(["Class", "Items", "Annual value", "Current safety stock", "Recommended", "Current investment", "Recommended investment", "Change"]);
    for (const c of [...st.byClass, st.total]) rows.push([c.key, c.items, c.annualValue, c.currentUnits, c.recommendedUnits, c.currentInvestment, c.recommendedInvestment, c.investmentChange]);
    styles.push({ row: cTop + 1, col: 2, rows: st.byClass.length + 1, cols: 6, numberFormat: UNITS });
    styles.push({ row: cTop + st.byClass.length + 1, col: 0, rows: 1, cols: 8, bold: true });
    rows.push([]);
    const iTop = header(["Item", "Family", "Class", "Service level", "z", "Lead time (months)", "Error over lead time", "Error source", "Current safety stock", "Recommended", "Change", "Investment change", "Days of supply (recommended)"]);
    for (const it of st.items) {
      rows.push([it.item, it.family ?? "", it.abcClass, it.serviceLevel, it.z, num(it.leadTime), num(it.sigmaLT), it.sigmaLabel, num(it.currentSafetyStock), num(it.recommendedSafetyStock), num(it.change), num(it.investmentChange), num(it.recommendedDaysOfSupply)]);
    }
    const k = st.items.length;
    if (k > 0) {
      styles.push({ row: iTop + 1, col: 3, rows: k, cols: 1, numberFormat: PCT }, { row: iTop + 1, col: 4, rows: k, cols: 1, numberFormat: "0.00" });
      styles.push({ row: iTop + 1, col: 6, rows: k, cols: 1, numberFormat: "#,##0.0" }, { row: iTop + 1, col: 8, rows: k, cols: 5, numberFormat: UNITS });
      tables.push({ name: "tblSopSafetyStock", row: iTop, col: 0, rows: k + 1, cols: 13 });
    }
  }

  return {
    sheet: {
      name: SUPPLY_SHEET,
      rows,
      styles,
      tables,
      conditionals,
      columnWidths: [22, 20, ...periods.map(() => 10), 12],
      freeze: { rows: 0, cols: 2 },
      tabColor: "#C55A11",
    },
    familyRow,
  };
}
