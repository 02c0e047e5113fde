/**
 * Renders the `SOP Forecast` sheet (DESIGN.md §2 step 2): for the total, each family and each
 * item, the last 12 actuals, the statistical forecast with its 80 % interval, method, reason
 * and holdout error, each contributor's forecast and the consensus, over the horizon.
 *
 * Layout: a header block (cycle, horizon, methods used, consensus rules), then one Excel
 * table with one row per series × line (`Actual`, `Statistical`, `Lower 80 %`, `Upper 80 %`,
 * each contributor, `Consensus`), so that the planner filters by level, family, item or line.
 * Period columns: the 12 months before the cycle (actual lines), then the horizon (forecast lines).
 *
 * Pure: engine results in, a `SheetSpec` out.
 */
import type { Consensus, ConsensusItem, FamilyStatForecast, ItemStatForecast, StatisticalForecast } from "../engine/demand/types";
import type { BlockStyle, ConditionalSpec, OutCell, SheetSpec } from "./sheetSpec";
import { HEADER_FILL } from "./sheetBlocks";

export const FORECAST_SHEET = "SOP Forecast";

/** Number of actual months shown before the cycle. */
export const HISTORY_SHOWN = 12;

/** A series of values over periods, per item / family / total (NaN = no value). */
export interface PeriodValues {
  readonly byItem: ReadonlyMap<string, Float64Array>;
  readonly byFamily: ReadonlyMap<string, Float64Array>;
  readonly total: Float64Array;
}

export interface ForecastSheetContext {
  readonly workbook: string;
  readonly cycle: string;
  readonly runAt: string;
  readonly statistical: StatisticalForecast;
  readonly consensus: Consensus;
  /** The `HISTORY_SHOWN` months before the cycle, and the actuals over them. */
  readonly historyPeriods: readonly string[];
  readonly actuals: PeriodValues;
  /** Contributor versions over the plan periods, by name (sorted). */
  readonly contributors: ReadonlyMap<string, PeriodValues>;
}

const FIXED = ["Level", "Family", "Item", "Line", "Method", "Reason", "Holdout sMAPE %", "Holdout MASE", "Flags"] as const;

/** Where each series' first line sits (zero-based sheet row), for links from other sheets and the pane. */
export interface ForecastSheetIndex {
  readonly firstRowOf: ReadonlyMap<string, number>;
}

const num = (v: number | undefined): OutCell => (v === undefined || !Number.isFinite(v) ? null : v);

/** Build the sheet and the row index of each series (`item:<code>`, `family:<name>`, `total`). */
export function renderForecastSheet(ctx: ForecastSheetContext): { readonly sheet: SheetSpec; readonly index: ForecastSheetIndex } {
  const { statistical: stat, consensus } = ctx;
  const h = stat.periods.length;
  const hist = ctx.historyPeriods.length;
  const rows: OutCell[][] = [];
  const styles: BlockStyle[] = [];
  const conditionals: ConditionalSpec[] = [];

  rows.push(["S&OP Forecast: statistical forecast, contributors and consensus"]);
  styles.push({ row: 0, col: 0, rows: 1, cols: 1, bold: true, fontSize: 14 });
  rows.push(["Workbook", ctx.workbook, "", "Run at", ctx.runAt]);
  rows.push(["Cycle", ctx.cycle, "", "Horizon (months)", h]);
  const methods = Object.entries(stat.counts.byMethod).sort((a, b) => b[1] - a[1]).map(([m, n]) => `${m} ${n}`).join(", ");
  rows.push(["Statistical methods", methods, "", "New / short history / discontinued?", `${stat.counts.newItems} / ${stat.counts.shortHistory} / ${stat.counts.discontinued}`]);
  const ruleText = consensus.ruleCounts.slice(0, 6).map((r) => `${r.label} ${r.count}`).join(", ");
  rows.push(["Consensus rule", `${consensus.rule === "replace" ? "statistical, replaced by contributors' entries where they exist" : "weighted mean of statistical and contributors"} — item-periods: ${ruleText}`]);
  rows.push(["Contributors", consensus.contributors.length > 0 ? consensus.contributors.join(", ") : "none mapped"]);
  styles.push({ row: 1, col: 0, rows: 5, cols: 1, bold: true }, { row: 1, col: 3, rows: 3, cols: 1, bold: true });
  rows.push([]);

  const headerRow = rows.length;
  rows.push([...FIXED, ...ctx.historyPeriods.map((p) => `Actual ${p}`), ...stat.periods]);
  const cols = FIXED.length + hist + h;
  styles.push({ row: headerRow, col: 0, rows: 1, cols, bold: true, fill: HEADER_FILL, fontColor: "#FFFFFF", wrap: true });

  const firstRowOf = new Map<string, number>();
  const contributorNames = [...ctx.contributors.keys()];
  const consensusByItem = new Map<string, ConsensusItem>(consensus.items.map((c) => [c.item, c]));
  const consensusByFamily = new Map(consensus.families.map((f) => [f.family, f.consensus]));
  const statFamily = new Map(stat.families.map((f) => [f.family, f]));

  // A row is made at its full width at once (tens of thousands of rows at 10,000 items).
  const F = FIXED.length;
  const line = (level: string, family: string, item: string, label: string, extra: readonly OutCell[], history: ArrayLike<number> | null, plan: ArrayLike<number> | null): void => {
    const o = Math.max(F, 4 + extra.length); // the first period's column
    const r = new Array<OutCell>(o + hist + h).fill(null);
    r[0] = level;
    r[1] = family;
    r[2] = item;
    r[3] = label;
    for (let k = 0; k < extra.length; k++) r[4 + k] = extra[k]!;
    if (history) for (let i = 0; i < hist; i++) r[o + i] = num(history[i]);
    if (plan) for (let i = 0; i < h; i++) r[o + hist + i] = num(plan[i]);
    rows.push(r);
  };

  const block = (key: string, level: string, family: string, item: string, s: ItemStatForecast | FamilyStatForecast | null, meta: readonly OutCell[], history: Float64Array | undefined, contributors: (name: string) => Float64Array | undefined, cons: Float64Array | undefined): void => {
    firstRowOf.set(key, rows.length);
    line(level, family, item, "Actual", [], history ?? null, null);
    line(level, family, item, "Statistical", meta, null, s ? s.point : null);
    line(level, family, item, "Lower 80 %", [], null, s ? s.lower80 : null);
    line(level, family, item, "Upper 80 %", [], null, s ? s.upper80 : null);
    for (const name of contributorNames) {
      const v = contributors(name);
      if (v !== undefined) line(level, family, item, name, [], null, v);
    }
    line(level, family, item, "Consensus", [], null, cons ?? null);
  };

  block("total", "Total", "", "", stat.total, [], ctx.actuals.total, (n) => ctx.contributors.get(n)?.total, consensus.total.consensus);
  const itemsByFamily = new Map<string, ItemStatForecast[]>();
  for (const it of stat.items) {
    const list = itemsByFamily.get(it.family) ?? [];
    list.push(it);
    itemsByFamily.set(it.family, list);
  }
  // Items only in contributors (new items) join their family at the end.
  const statItems = new Set(stat.items.map((s) => s.item));
  const extra = consensus.items.filter((c) => !statItems.has(c.item));
  const families = [...new Set([...stat.families.map((f) => f.family), ...extra.map((c) => c.family)])];
  for (const fam of families) {
    block(`family:${fam}`, "Family", fam, "", statFamily.get(fam) ?? null, [], ctx.actuals.byFamily.get(fam), (n) => ctx.contributors.get(n)?.byFamily.get(fam), consensusByFamily.get(fam));
    for (const it of itemsByFamily.get(fam) ?? []) {
      const c = consensusByItem.get(it.item);
      const flags = [...it.flags, ...(c?.flags ?? [])].join("; ");
      block(
        `item:${it.item}`,
        "Item",
        fam,
        it.item,
        it.method === "none" ? null : it,
        [it.method, it.reason, it.holdout ? it.holdout.smape : null, it.holdout ? it.holdout.mase : null, flags],
        ctx.actuals.byItem.get(it.item),
        (n) => ctx.contributors.get(n)?.byItem.get(it.item),
        c?.consensus,
      );
    }
    for (const c of extra.filter((x) => x.family === fam)) {
      block(`item:${c.item}`, "Item", fam, c.item, null, ["none", "new item: no history", null, null, c.flags.join("; ")], undefined, (n) => ctx.contributors.get(n)?.byItem.get(c.item), c.consensus);
    }
  }

  const last = rows.length - 1;
  const bodyRows = last - headerRow;
  if (bodyRows > 0) {
    styles.push({ row: headerRow + 1, col: 6, rows: bodyRows, cols: 1, numberFormat: "0.0" });
    styles.push({ row: headerRow + 1, col: 7, rows: bodyRows, cols: 1, numberFormat: "0.00" });
    styles.push({ row: headerRow + 1, col: FIXED.length, rows: bodyRows, cols: hist + h, numberFormat: "#,##0" });
    conditionals.push({ row: headerRow + 1, col: 8, rows: bodyRows, cols: 1, operator: "textContains", value: "new item", fill: "#FFF2CC" });
    conditionals.push({ row: headerRow + 1, col: 3, rows: bodyRows, cols: 1, operator: "equal", value: "Consensus", fill: "#E2EFDA" });
  }
  return {
    sheet: {
      name: FORECAST_SHEET,
      rows,
      styles,
      conditionals,
      columnWidths: [8, 14, 14, 12, 16, 48, 10, 9, 24, ...Array<number>(hist + h).fill(10)],
      freeze: { rows: headerRow + 1, cols: 4 },
      tables: bodyRows > 0 ? [{ name: "tblSopForecast", row: headerRow, col: 0, rows: bodyRows + 1, cols }] : [],
      tabColor: "#2E75B6",
    },
    index: { firstRowOf },
  };
}
