/**
 * Renders the `SOP Accuracy` sheet (DESIGN.md §2 step 2, §4): a header block (cycle, window,
 * lag, versions and where their past forecasts came from, notes), then one Excel table per
 * section: accuracy by version (total, families, attributes), the lag table, the FVA
 * stairstep, the contributor league table, the top error contributors, tracking-signal
 * alerts, items where an override made the forecast worse, and accuracy by item with flags.
 *
 * Ratios are written as fractions with a `0.0%` format; FVA in WAPE points (`0.0`).
 * Pure: the engine's `DemandAccuracyResult` in, a `SheetSpec` and a row index out.
 */
import type { AccuracyFigures, AccuracyRow, DemandAccuracyResult } from "../engine/accuracy/types";
import type { BlockStyle, ConditionalSpec, OutCell, SheetSpec, TableSpec } from "./sheetSpec";
import { HEADER_FILL, pushSection } from "./sheetBlocks";

export const ACCURACY_SHEET = "SOP Accuracy";

const PCT = "0.0%";
const UNITS = "#,##0";

export interface AccuracySheetContext {
  readonly workbook: string;
  readonly runAt: string;
  readonly result: DemandAccuracyResult;
}

/** Zero-based sheet rows of the lines alerts point at. */
export interface AccuracySheetIndex {
  /** `tracking:<version>:<item>` → row. */
  readonly tracking: ReadonlyMap<string, number>;
  /** `override:<version>:<item>` → row. */
  readonly overrides: ReadonlyMap<string, number>;
  /** `item:<version>:<item>` → row of the by-item table. */
  readonly items: ReadonlyMap<string, number>;
}

const ratio = (v: number | null): OutCell => (v === null || !Number.isFinite(v) ? null : v);
const points = (v: number | null): OutCell => (v === null || !Number.isFinite(v) ? null : v * 100);

/**
 * Attribute rows worth a roll-up: an attribute with nearly one value per item (a description,
 * a name) is a label, not a grouping; it is left out when it has more values than half the items.
 */
export function groupingAttributes(rows: readonly AccuracyRow[], items: number): AccuracyRow[] {
  const values = new Map<string, number>();
  for (const a of rows) values.set(a.attribute ?? "", (values.get(a.attribute ?? "") ?? 0) + 1);
  return rows.filter((a) => (values.get(a.attribute ?? "") ?? 0) <= Math.max(1, items / 2));
}

/** Build the sheet. */
export function renderAccuracySheet(ctx: AccuracySheetContext): { readonly sheet: SheetSpec; readonly index: AccuracySheetIndex } {
  const r = ctx.result;
  const rows: OutCell[][] = [];
  const styles: BlockStyle[] = [];
  const tables: TableSpec[] = [];
  const conditionals: ConditionalSpec[] = [];
  const tracking = new Map<string, number>();
  const overrides = new Map<string, number>();
  const items = new Map<string, number>();
  let widest = 8;

  rows.push(["S&OP Accuracy: forecast accuracy, bias and value added"]);
  styles.push({ row: 0, col: 0, rows: 1, cols: 1, bold: true, fontSize: 14 });
  const window = r.windowPeriods.length > 0 ? `${r.windowPeriods[0]} … ${r.windowPeriods[r.windowPeriods.length - 1]} (${r.windowPeriods.length} closed months)` : "none";
  const head: [string, OutCell][] = [
    ["Workbook", ctx.workbook],
    ["Cycle", r.cycle],
    ["Window", window],
    ["Accuracy lag", `lag ${r.accuracyLag}: the forecast made ${r.accuracyLag} month(s) before the month it is for`],
    ["Versions", r.versions.map((v) => `${v.name} (${v.source}${v.snapshotRows > 0 ? `, ${v.snapshotRows.toLocaleString("en-US")} snapshot rows` : ""})`).join("; ")],
    ["Weighting", r.hasPrices ? "volume (units) and value (units × price)" : "volume (units); no prices mapped, so no value figures"],
    ["Definitions", "error e = forecast − actual; WAPE = Σ|e| / Σ|A|; accuracy = max(0, 1 − WAPE); bias = Σe / ΣA (positive = over-forecast); FVA = WAPE of the previous step − WAPE of this step, in points"],
    ["Run at", ctx.runAt],
  ];
  for (const [k, v] of head) rows.push([k, v]);
  styles.push({ row: 1, col: 0, rows: head.length, cols: 1, bold: true });
  for (const n of r.notes) rows.push(["Note", n]);

  const section = (title: string, subtitle: string): void => pushSection(rows, styles, title, subtitle);
  /** A table: header, body rows, formats per column. Returns the zero-based row of the first body row. */
  const table = (name: string, header: readonly string[], body: readonly (readonly OutCell[])[], formats: readonly (string | null)[]): number => {
    const top = rows.length;
    rows.push([...header]);
    widest = Math.max(widest, header.length);
    styles.push({ row: top, col: 0, rows: 1, cols: header.length, bold: true, fill: HEADER_FILL, fontColor: "#FFFFFF", wrap: true });
    if (body.length === 0) {
      rows.push(["(none)"]);
      styles.push({ row: top + 1, col: 0, rows: 1, cols: 1, italic: true });
      return top + 1;
    }
    for (const b of body) rows.push([...b]);
    formats.forEach((f, c) => {
      if (f !== null) styles.push({ row: top + 1, col: c, rows: body.length, cols: 1, numberFormat: f });
    });
    tables.push({ name, row: top, col: 0, rows: body.length + 1, cols: header.length });
    return top + 1;
  };

  const figureCells = (f: AccuracyFigures): OutCell[] => [f.count, f.actual, f.forecast, f.absError, ratio(f.accuracy), ratio(f.wape), ratio(f.biasPct), ratio(f.mape), f.mad, f.rmse, ratio(f.smape), f.mase];
  const figureHeader = ["Points", "Actual", "Forecast", "Abs error", "Accuracy %", "WAPE %", "Bias %", "MAPE %", "MAD", "RMSE", "sMAPE %", "MASE"];
  const figureFormats = [UNITS, UNITS, UNITS, UNITS, PCT, PCT, PCT, PCT, "#,##0.0", "#,##0.0", PCT, "0.00"];
  const rowCells = (version: string, source: string, a: AccuracyRow): OutCell[] => [
    version,
    source,
    a.level === "attribute" ? (a.attribute ?? "attribute") : a.level === "total" ? "Total" : a.level === "family" ? "Family" : "Item",
    a.key,
    a.items,
    ...figureCells(a.volume),
    a.value ? ratio(a.value.accuracy) : null,
    a.value ? ratio(a.value.biasPct) : null,
  ];

  // 1. By version: total, families, attributes.
  section("Accuracy by version", `lag ${r.accuracyLag}, over the window; roll-ups from sums`);
  const byVersion: OutCell[][] = [];
  for (const v of r.headline) {
    byVersion.push(rowCells(v.version, v.source, v.total));
    for (const f of v.families) byVersion.push(rowCells(v.version, v.source, f));
    for (const a of groupingAttributes(v.attributes, v.total.items)) byVersion.push(rowCells(v.version, v.source, a));
  }
  const versionTop = table(
    "tblSopAccVersions",
    ["Version", "Source", "Level", "Group", "Items", ...figureHeader, "Value accuracy %", "Value bias %"],
    byVersion,
    [null, null, null, null, UNITS, ...figureFormats, PCT, PCT],
  );
  if (byVersion.length > 0) {
    conditionals.push({ row: versionTop, col: 11, rows: byVersion.length, cols: 1, operator: "greaterThan", value: 0.1, fill: "#FCE4D6" });
    conditionals.push({ row: versionTop, col: 11, rows: byVersion.length, cols: 1, operator: "lessThan", value: -0.1, fill: "#DDEBF7" });
  }

  // 2. Lag table.
  section("Accuracy by lag", "lag k = the forecast made k months before the month it is for (from the snapshot ledger)");
  const lagBody: OutCell[][] = [];
  for (const l of r.lagTable) {
    for (const g of [l.total, ...l.families]) {
      lagBody.push([l.version, l.source, l.label, g.key, ratio(g.accuracy), ratio(g.wape), ratio(g.biasPct), g.count, g.cycles, g.actual, g.forecast, g.absError]);
    }
  }
  table("tblSopAccLags", ["Version", "Source", "Lag", "Group", "Accuracy %", "WAPE %", "Bias %", "Points", "Cycles", "Actual", "Forecast", "Abs error"], lagBody, [null, null, null, null, PCT, PCT, PCT, UNITS, UNITS, UNITS, UNITS, UNITS]);

  // 3. FVA stairstep.
  section("Forecast value added (FVA) stairstep", "each step against the previous one, on the item-periods both have; positive = the step made the forecast better");
  const fvaBody: OutCell[][] = [];
  for (const s of [r.fva.total, ...r.fva.families]) {
    for (const st of s.steps) fvaBody.push([s.key, st.step, st.version, st.source, st.previousVersion ?? "", ratio(st.wape), ratio(st.previousWape), points(st.fva), st.count]);
  }
  const fvaTop = table("tblSopAccFva", ["Group", "Step", "Version", "Source", "Compared with", "WAPE %", "Previous WAPE %", "FVA (points)", "Points"], fvaBody, [null, "0", null, null, null, PCT, PCT, "+0.0;-0.0;0.0", UNITS]);
  if (fvaBody.length > 0) {
    conditionals.push({ row: fvaTop, col: 7, rows: fvaBody.length, cols: 1, operator: "lessThan", value: 0, fill: "#FFC7CE", fontColor: "#9C0006" });
    conditionals.push({ row: fvaTop, col: 7, rows: fvaBody.length, cols: 1, operator: "greaterThan", value: 0, fill: "#C6EFCE", fontColor: "#006100" });
  }

  // 4. League table.
  section("Contributor league table", "who adds value: FVA of each contributor against the statistical forecast and the naive forecast");
  const leagueBody = r.league.map((l) => [l.version, l.manager ?? "(all)", ratio(l.wape), ratio(l.biasPct), points(l.fvaVsStatistical), points(l.fvaVsNaive), l.items, l.count] as OutCell[]);
  table("tblSopAccLeague", ["Version", "Manager", "WAPE %", "Bias %", "FVA vs statistical (points)", "FVA vs naive (points)", "Items", "Points"], leagueBody, [null, null, PCT, PCT, "+0.0;-0.0;0.0", "+0.0;-0.0;0.0", UNITS, UNITS]);

  // 5. Top error contributors.
  section(`Top error contributors (volume)`, "the item × version pairs with the largest absolute error");
  const top = (list: DemandAccuracyResult["topByVolume"]): OutCell[][] =>
    list.map((t, i) => [i + 1, t.item, t.family, t.version, t.actual, t.forecast, t.absError, t.error, ratio(t.wape), t.absErrorValue, ratio(t.share)]);
  const topHeader = ["Rank", "Item", "Family", "Version", "Actual", "Forecast", "Abs error", "Error", "WAPE %", "Abs error value", "Share of error %"];
  const topFormats = ["0", null, null, null, UNITS, UNITS, UNITS, "+#,##0;-#,##0;0", PCT, "#,##0", PCT];
  table("tblSopAccTopVolume", topHeader, top(r.topByVolume), topFormats);
  if (r.hasPrices) {
    section("Top error contributors (value)", "by absolute error × price");
    table("tblSopAccTopValue", topHeader, top(r.topByValue), topFormats);
  }

  // 6. Tracking-signal alerts.
  section("Tracking-signal alerts", `tracking signal = Σe / MAD over ${r.trackingPeriods.length} months (${r.trackingPeriods[0] ?? ""} … ${r.trackingPeriods[r.trackingPeriods.length - 1] ?? ""}); alert when |TS| > ${r.trackingLimit}`);
  const tsTop = table(
    "tblSopAccTracking",
    ["Item", "Family", "Version", "Tracking signal", "Direction", "Months", "Σ error", "MAD"],
    r.trackingAlerts.map((a) => [a.item, a.family, a.version, a.trackingSignal, a.direction, a.periods, a.sumError, a.mad]),
    [null, null, null, "+0.0;-0.0;0.0", null, "0", "+#,##0;-#,##0;0", "#,##0.0"],
  );
  r.trackingAlerts.forEach((a, i) => tracking.set(`${a.version}:${a.item}`, tsTop + i));

  // 7. Overrides that made the forecast worse.
  section("Overrides that made the forecast worse", "items where a contributor or the consensus had a larger error than the statistical forecast on the same months");
  const ovTop = table(
    "tblSopAccOverrides",
    ["Item", "Family", "Version", "WAPE %", "Statistical WAPE %", "Abs error", "Statistical abs error", "Extra error", "Points"],
    r.overridesWorse.map((o) => [o.item, o.family, o.version, ratio(o.wape), ratio(o.statisticalWape), o.absError, o.statisticalAbsError, o.extraError, o.count]),
    [null, null, null, PCT, PCT, UNITS, UNITS, UNITS, UNITS],
  );
  r.overridesWorse.forEach((o, i) => overrides.set(`${o.version}:${o.item}`, ovTop + i));

  // 8. By item, with flags.
  section("Accuracy by item", "every item measured, per version, with flags");
  const itemBody: OutCell[][] = [];
  const itemKeys: string[] = [];
  for (const v of r.headline) {
    for (const a of v.items) {
      itemBody.push([v.version, a.key, a.family ?? "", a.volume.count, a.volume.actual, a.volume.forecast, ratio(a.volume.accuracy), ratio(a.volume.wape), ratio(a.volume.biasPct), a.volume.mase, a.flags.map((f) => f.text).join("; ")]);
      itemKeys.push(`${v.version}:${a.key}`);
    }
  }
  const itemTop = table(
    "tblSopAccItems",
    ["Version", "Item", "Family", "Points", "Actual", "Forecast", "Accuracy %", "WAPE %", "Bias %", "MASE", "Flags"],
    itemBody,
    [null, null, null, UNITS, UNITS, UNITS, PCT, PCT, PCT, "0.00", null],
  );
  itemKeys.forEach((k, i) => items.set(k, itemTop + i));
  if (itemBody.length > 0) conditionals.push({ row: itemTop, col: 10, rows: itemBody.length, cols: 1, operator: "textContains", value: "worse", fill: "#FFC7CE" });

  return {
    sheet: {
      name: ACCURACY_SHEET,
      rows,
      styles,
      tables,
      conditionals,
      columnWidths: [16, 14, 12, 18, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 12, 12].slice(0, Math.max(widest, 2)),
      freeze: { rows: 1 },
      tabColor: "#2E75B6",
    },
    index: { tracking, overrides, items },
  };
}
