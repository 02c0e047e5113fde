/**
 * The workbook's tabs laid out as a planning team keeps them: title rows above
 * headers, subtotal and total rows, date headers on some tabs and text headers in
 * different spellings on others, an Excel table, a long snapshot ledger.
 * Pure: dataset in, sheet models out.
 */
import { FAMILIES, KEY_ACCOUNT_MANAGER, type Region, REGION_SPECS, regionSpec } from "./catalog";
import { daysInMonth, isoDay, isoMonth, mmSlashYYYY, monthDate, monYY, monYYYY, yearOf } from "./calendar";
import { type Dataset, plannedItems, promotionYear } from "./dataset";
import { historyCell } from "./demand";
import { forecastable, forecastValue, managerRound, rawForecast, SNAPSHOT_VERSIONS } from "./forecasts";
import {
  type CellStyle,
  type CellValue,
  type ColumnSpec,
  COLOR,
  colLetter,
  FMT,
  HEADER_STYLE,
  NOTE_STYLE,
  type RowSpec,
  type SheetModel,
  TITLE_STYLE,
} from "./model";
import { Rng } from "./rng";
import { familyRouting, RESOURCES, type RoutingLine } from "./supply";

const SUBTOTAL_STYLE: CellStyle = { bold: true, fill: COLOR.subtotalFill };
const TOTAL_STYLE: CellStyle = { bold: true, fill: COLOR.totalFill, topBorder: true };

function title(text: string): RowSpec {
  return { values: [text], style: TITLE_STYLE };
}

function note(text: string): RowSpec {
  return { values: [text], style: NOTE_STYLE };
}

function header(values: readonly CellValue[], cellStyles?: ReadonlyMap<number, CellStyle>): RowSpec {
  return cellStyles ? { values, style: HEADER_STYLE, cellStyles } : { values, style: HEADER_STYLE };
}

function monthColumns(count: number, width: number, numFmt: string): ColumnSpec[] {
  return Array.from({ length: count }, () => ({ width, numFmt }));
}

/** The day the ERP export was taken and the day the sales forecasts were submitted. */
function exportDay(data: Dataset): string {
  return isoDay(data.cycle, 2);
}
function submittedDay(data: Dataset): string {
  return isoDay(data.lastActual, 28);
}

// ---------------------------------------------------------------- Actuals

export function actualsSheet(data: Dataset): SheetModel {
  const months: number[] = [];
  for (let m = data.firstActual; m <= data.lastActual; m++) months.push(m);
  const headerRow = 4;
  const dateHeaderStyles = new Map<number, CellStyle>(months.map((_, k) => [4 + k, { ...HEADER_STYLE, numFmt: FMT.monthDate }]));
  const rows: (RowSpec | null)[] = [
    title("Shipments history (units)"),
    note(`Source: ERP export ${exportDay(data)}`),
    null,
    header(["Item", "Description", "Family", "Region", ...months.map(monthDate)], dateHeaderStyles),
  ];
  const subtotalRows: number[] = [];
  const grand = months.map(() => 0);
  FAMILIES.forEach((family) => {
    const first = rows.length + 1;
    const sums = months.map(() => 0);
    data.items.forEach((item, i) => {
      if (item.family !== family) return;
      const s = data.series[i];
      if (!s) return;
      const cells = months.map((m, k) => {
        const v = historyCell(item, s, m);
        if (v !== null) sums[k] = (sums[k] ?? 0) + v;
        return v;
      });
      rows.push({ values: [item.code, item.description, family.name, item.region, ...cells] });
    });
    const last = rows.length;
    if (last < first) return;
    rows.push({
      values: [
        `Subtotal ${family.name}`,
        null,
        null,
        null,
        ...months.map((_, k) => {
          const col = colLetter(5 + k);
          return { formula: `SUM(${col}${first}:${col}${last})`, result: sums[k] ?? 0 };
        }),
      ],
      style: SUBTOTAL_STYLE,
    });
    subtotalRows.push(rows.length);
    sums.forEach((v, k) => (grand[k] = (grand[k] ?? 0) + v));
  });
  rows.push({
    values: [
      "Grand total",
      null,
      null,
      null,
      ...months.map((_, k) => {
        const col = colLetter(5 + k);
        return { formula: subtotalRows.map((r) => `${col}${r}`).join("+"), result: grand[k] ?? 0 };
      }),
    ],
    style: TOTAL_STYLE,
  });
  return {
    name: "Actuals",
    columns: [{ width: 11 }, { width: 36 }, { width: 13 }, { width: 8 }, ...monthColumns(months.length, 9, FMT.units)],
    rows,
    headerRow,
    freeze: { rows: headerRow, cols: 4 },
    tabColor: "FF4472C4",
    description: "actuals — wide, date headers, subtotal per family and a grand total",
  };
}

// ---------------------------------------------------------------- Sales tabs

interface SalesTabLayout {
  readonly region: Region;
  readonly titleRows: readonly (RowSpec | null)[];
  readonly headerText: (m: number) => string;
}

function salesLayouts(data: Dataset): SalesTabLayout[] {
  const day = submittedDay(data);
  return [
    {
      region: "EU",
      titleRows: [title("Sales forecast EU (units)"), { values: [`Manager: ${regionSpec("EU").manager}`] }, note(`Forecast submitted ${day}`), null],
      headerText: monYYYY,
    },
    {
      region: "NA",
      titleRows: [title(`NA Sales Forecast — ${regionSpec("NA").manager}`), note(`Forecast submitted ${day}`), null],
      headerText: isoMonth,
    },
    {
      region: "APAC",
      titleRows: [
        title("APAC demand forecast"),
        { values: [`Manager: ${regionSpec("APAC").manager}`] },
        note(`Forecast submitted ${day}`),
        note("Units, whole boxes. Far months are rough estimates."),
        null,
      ],
      headerText: monYY,
    },
  ];
}

export function salesSheets(data: Dataset): SheetModel[] {
  const planned = plannedItems(data, data.cycle);
  return salesLayouts(data).map((layout) => {
    const manager = regionSpec(layout.region).manager;
    const rows: (RowSpec | null)[] = [...layout.titleRows];
    rows.push(header(["Item", "Family", "Manager", ...data.horizonMonths.map(layout.headerText)]));
    const headerRow = rows.length;
    for (const i of planned) {
      const item = data.items[i];
      if (!item || item.region !== layout.region || data.keyAccountItems.has(item.code)) continue;
      const ctx = data.context(i);
      const rng = Rng.derive(data.opts.seed, 51, item.key);
      const lazyTail = layout.region === "APAC" && rng.chance(0.06);
      const hn = data.horizonMonths.length;
      const cells = data.horizonMonths.map((m, k) => {
        if (!forecastable(item, m)) return null;
        if (rng.chance(0.015)) return null; // left empty by the manager
        if (lazyTail && k >= hn - 6) return null;
        return forecastValue(ctx, "Sales", data.cycle, m);
      });
      rows.push({ values: [item.code, item.family.name, manager, ...cells] });
    }
    return {
      name: `Sales ${layout.region}`,
      columns: [{ width: 11 }, { width: 13 }, { width: 16 }, ...monthColumns(h(data), 10, FMT.units)],
      rows,
      headerRow,
      freeze: { rows: headerRow, cols: 1 },
      tabColor: "FF70AD47",
      description: `forecast:Sales — ${layout.region} manager's tab, text headers like '${layout.headerText(data.cycle)}'`,
    };
  });
}

function h(data: Dataset): number {
  return data.horizonMonths.length;
}

export function keyAccountsSheet(data: Dataset): SheetModel {
  const rows: (RowSpec | null)[] = [
    title("Key account forecast (units)"),
    note(`Manager: ${KEY_ACCOUNT_MANAGER} — forecast submitted ${submittedDay(data)}`),
    null,
    header(["Customer", "Item", ...data.horizonMonths.map(isoMonth)]),
  ];
  const headerRow = rows.length;
  const index = new Map(data.items.map((item, i) => [item.code, i]));
  for (const line of data.keyAccountLines) {
    const ctx = data.context(index.get(line.item.code) ?? -1);
    rows.push({
      values: [
        line.customer,
        line.item.code,
        ...data.horizonMonths.map((m) => managerRound(rawForecast(ctx, "Sales", data.cycle, m) * line.share)),
      ],
    });
  }
  return {
    name: "Key Accounts",
    columns: [{ width: 28 }, { width: 11 }, ...monthColumns(h(data), 10, FMT.units)],
    rows,
    headerRow,
    freeze: { rows: headerRow, cols: 2 },
    tabColor: "FF70AD47",
    description: "forecast:Sales — key-account manager, Customer × Item, text headers 'YYYY-MM'",
  };
}

// ---------------------------------------------------------------- Statistical and consensus

export function statForecastSheet(data: Dataset): SheetModel {
  const rows: (RowSpec | null)[] = [
    title("Statistical forecast — baseline (units)"),
    note(`Forecasting tool run ${isoDay(data.cycle, 1)}, history to ${isoMonth(data.lastActual)}`),
    null,
    header(["Item", ...data.horizonMonths.map(isoMonth)]),
  ];
  const headerRow = rows.length;
  for (const i of plannedItems(data, data.cycle)) {
    const item = data.items[i];
    if (!item) continue;
    const ctx = data.context(i);
    rows.push({
      values: [item.code, ...data.horizonMonths.map((m) => (forecastable(item, m) ? forecastValue(ctx, "Statistical", data.cycle, m) : 0))],
    });
  }
  return {
    name: "Stat Forecast",
    columns: [{ width: 11 }, ...monthColumns(h(data), 10, FMT.units1)],
    rows,
    headerRow,
    freeze: { rows: headerRow, cols: 1 },
    table: { name: "tblStatForecast", headerRow, style: "TableStyleMedium2" },
    tabColor: "FFED7D31",
    description: "forecast:Statistical — Excel table tblStatForecast, text headers 'YYYY-MM'",
  };
}

export function consensusSheet(data: Dataset): SheetModel {
  const dateHeaderStyles = new Map<number, CellStyle>(
    data.horizonMonths.map((_, k) => [4 + k, { ...HEADER_STYLE, numFmt: FMT.monthDateLong }]),
  );
  const rows: (RowSpec | null)[] = [
    title(`Consensus forecast (units) — draft for the S&OP cycle ${isoMonth(data.cycle)}`),
    null,
    header(["Item", "Description", "Family", "Region", ...data.horizonMonths.map(monthDate)], dateHeaderStyles),
  ];
  const headerRow = rows.length;
  for (const i of plannedItems(data, data.cycle)) {
    const item = data.items[i];
    if (!item) continue;
    const ctx = data.context(i);
    rows.push({
      values: [
        item.code,
        item.description,
        item.family.name,
        item.region,
        ...data.horizonMonths.map((m) => (forecastable(item, m) ? forecastValue(ctx, "Consensus", data.cycle, m) : null)),
      ],
    });
  }
  return {
    name: "Consensus",
    columns: [{ width: 11 }, { width: 36 }, { width: 13 }, { width: 8 }, ...monthColumns(h(data), 10, FMT.units)],
    rows,
    headerRow,
    freeze: { rows: headerRow, cols: 4 },
    tabColor: "FFED7D31",
    description: "forecast:Consensus — wide, date headers",
  };
}

// ---------------------------------------------------------------- Snapshots

export function snapshotsSheet(data: Dataset, cycles: number, maxLag: number): SheetModel {
  const rows: (RowSpec | null)[] = [header(["Cycle", "Version", "Item", "Period", "Quantity"])];
  const shares = new Map<string, number[]>();
  for (const l of data.keyAccountLines) shares.set(l.item.code, [...(shares.get(l.item.code) ?? []), l.share]);
  for (let c = data.lastActual - cycles + 1; c <= data.lastActual; c++) {
    if (c < data.firstActual) continue;
    const planned = plannedItems(data, c);
    for (const version of SNAPSHOT_VERSIONS) {
      for (const i of planned) {
        const item = data.items[i];
        if (!item) continue;
        const ctx = data.context(i);
        for (let lag = 0; lag <= maxLag; lag++) {
          const period = c + lag;
          if (!forecastable(item, period)) continue;
          let q: number;
          if (version === "Sales" && ctx.owner === "key-account") {
            const raw = rawForecast(ctx, "Sales", c, period);
            q = (shares.get(item.code) ?? []).reduce((a, share) => a + managerRound(raw * share), 0);
          } else {
            q = forecastValue(ctx, version, c, period);
          }
          rows.push({ values: [isoMonth(c), version, item.code, isoMonth(period), q] });
        }
      }
    }
  }
  return {
    name: "Forecast Snapshots",
    autoFilterCols: 5,
    columns: [{ width: 9 }, { width: 12 }, { width: 11 }, { width: 9 }, { width: 10, numFmt: FMT.units1 }],
    rows,
    headerRow: 1,
    freeze: { rows: 1, cols: 0 },
    tabColor: "FF7F7F7F",
    description: `snapshots — long: Cycle | Version | Item | Period | Quantity, lags 0–${maxLag}`,
  };
}

// ---------------------------------------------------------------- Supply

export function capacitySheet(data: Dataset): SheetModel {
  const rows: (RowSpec | null)[] = [
    title("Available capacity per month"),
    note("Net hours after planned maintenance and holidays; MAT-Castings = supplier allocation in units"),
    null,
    header(["Resource", "Unit", "Efficiency", ...data.capacityMonths.map(monYYYY)]),
  ];
  const headerRow = rows.length;
  for (const row of data.capacity) {
    rows.push({ values: [row.resource.name, row.resource.unit, row.resource.efficiency, ...row.available] });
  }
  return {
    name: "Capacity",
    columns: [{ width: 20 }, { width: 8 }, { width: 10, numFmt: FMT.percent }, ...monthColumns(data.capacityMonths.length, 10, FMT.hours)],
    rows,
    headerRow,
    freeze: { rows: headerRow, cols: 1 },
    tabColor: "FFA5A5A5",
    description: "capacity — resources × months, text headers 'Mon YYYY', Efficiency column",
  };
}

export function routingSheet(data: Dataset): SheetModel {
  const rows: (RowSpec | null)[] = [header(["Family", "Item", "Resource", "Hours per unit", "Lead offset"])];
  const line = (l: RoutingLine): RowSpec => ({ values: [l.family, l.item ?? null, l.resource, l.hoursPerUnit, l.leadOffset] });
  for (const family of FAMILIES) {
    for (const l of familyRouting(family)) rows.push(line(l));
    for (const item of data.items) {
      if (item.family !== family) continue;
      for (const l of data.ownRoutings.get(item.code) ?? []) rows.push(line(l));
    }
  }
  return {
    name: "Routing",
    autoFilterCols: 5,
    columns: [{ width: 13 }, { width: 11 }, { width: 20 }, { width: 15, numFmt: "0.000" }, { width: 12, numFmt: "0" }],
    rows,
    headerRow: 1,
    freeze: { rows: 1, cols: 0 },
    tabColor: "FFA5A5A5",
    description: "resources — long bill of resources; family rows (Item blank) and item overrides",
  };
}

export function inventorySheet(data: Dataset): SheetModel {
  const rows: (RowSpec | null)[] = [
    title(`Inventory position at ${isoDay(data.lastActual, daysInMonth(data.lastActual))} (units)`),
    null,
    header(["Item", "On hand", "Safety stock", "Target days of supply"]),
  ];
  const headerRow = rows.length;
  for (const r of data.inventory) rows.push({ values: [r.item, r.onHand, r.safetyStock, r.targetDays] });
  return {
    name: "Inventory",
    autoFilterCols: 4,
    columns: [{ width: 11 }, { width: 11, numFmt: FMT.units }, { width: 13, numFmt: FMT.units }, { width: 22, numFmt: "0" }],
    rows,
    headerRow,
    freeze: { rows: headerRow, cols: 0 },
    tabColor: "FFA5A5A5",
    description: "inventory — Item, On hand, Safety stock, Target days of supply",
  };
}

export function pricesSheet(data: Dataset): SheetModel {
  const rows: (RowSpec | null)[] = [header(["Item", "Price", "Unit cost"])];
  for (const item of data.items) rows.push({ values: [item.code, item.priceEur, item.unitCostEur] });
  return {
    name: "Prices",
    autoFilterCols: 3,
    columns: [{ width: 11 }, { width: 12, numFmt: FMT.eur }, { width: 12, numFmt: FMT.eur }],
    rows,
    headerRow: 1,
    freeze: { rows: 1, cols: 0 },
    tabColor: "FFFFC000",
    description: "prices — Item, Price, Unit cost (EUR)",
  };
}

export function budgetSheet(data: Dataset): SheetModel {
  const y0 = yearOf(data.budgetMonths[0] ?? data.lastActual);
  const rows: (RowSpec | null)[] = [
    title(`Budget ${y0}–${y0 + 1} — revenue (EUR)`),
    note(`Approved by the board ${y0 - 1}-12-15`),
    null,
    header(["Family", ...data.budgetMonths.map(mmSlashYYYY)]),
  ];
  const headerRow = rows.length;
  const first = headerRow + 1;
  FAMILIES.forEach((family, f) => rows.push({ values: [family.name, ...(data.budget[f] ?? [])] }));
  const last = rows.length;
  rows.push({
    values: [
      "Total",
      ...data.budgetMonths.map((_, k) => {
        const col = colLetter(2 + k);
        return { formula: `SUM(${col}${first}:${col}${last})`, result: data.budget.reduce((a, r) => a + (r[k] ?? 0), 0) };
      }),
    ],
    style: TOTAL_STYLE,
  });
  return {
    name: "Budget",
    columns: [{ width: 13 }, ...monthColumns(data.budgetMonths.length, 12, FMT.eur0)],
    rows,
    headerRow,
    freeze: { rows: headerRow, cols: 1 },
    tabColor: "FFFFC000",
    description: "budget — Family × month revenue, text headers 'MM/YYYY', Total row",
  };
}

export function scenariosSheet(data: Dataset): SheetModel {
  const y = promotionYear(data.cycle);
  const ym = (year: number, month: number): string => isoMonth(year * 12 + month - 1);
  const shiftFrom = isoMonth(data.cycle + 1);
  const shiftTo = isoMonth(data.cycle + 11);
  const table: CellValue[][] = [
    ["Summer promotion", "demand %", "Pumps", ym(y, 5), ym(y, 8), 15, "Dealer promotion agreed with marketing"],
    ["Summer promotion", "demand %", "Accessories", ym(y, 5), ym(y, 8), "=growth * 1.5", "Accessories follow the pumps"],
    ["Add a shift on WC-20", "capacity hours", "WC-20 Machining", shiftFrom, shiftTo, 320, "Second shift, 2 operators; cost 45 € per hour"],
    ["Price increase 3 %", "price %", "All", ym(yearOf(data.cycle) + 1, 1), ym(yearOf(data.cycle) + 1, 12), 3, "List prices from January"],
    ["Price increase 3 %", "unit cost %", "All", ym(yearOf(data.cycle) + 1, 1), ym(yearOf(data.cycle) + 1, 12), "=inflation * 0.8", "Suppliers pass on part of inflation"],
    ["Outsource Valves", "outsourcing units", "Valves", ym(y, 3), ym(y, 9), 500, "Subcontractor, cost 38 € per unit"],
  ];
  const drivers: [string, number][] = [
    ["growth", 4],
    ["inflation", 2.5],
  ];
  const rows: RowSpec[] = [];
  const hdr: CellValue[] = ["Scenario", "Lever", "Scope", "From", "To", "Value", "Notes", null, "Driver", "Driver value"];
  rows.push({
    values: hdr,
    style: HEADER_STYLE,
    cellStyles: new Map([[7, {}]]),
  });
  table.forEach((r, k) => {
    const d = drivers[k];
    rows.push({ values: [...r, null, ...(d ? d : [])], cellStyles: new Map([[5, { align: "right" as const }]]) });
  });
  return {
    name: "Scenarios",
    autoFilterCols: 7,
    columns: [{ width: 22 }, { width: 18 }, { width: 17 }, { width: 9 }, { width: 9 }, { width: 14 }, { width: 46 }, { width: 3 }, { width: 10 }, { width: 8 }],
    rows,
    headerRow: 1,
    freeze: { rows: 1, cols: 0 },
    tabColor: "FF7030A0",
    description: "scenarios — Scenario | Lever | Scope | From | To | Value | Notes; drivers in I1:J3 (names growth, inflation)",
  };
}

export function readmeSheet(data: Dataset): SheetModel {
  const lines: (RowSpec | null)[] = [
    title("Aquila Flow Systems — S&OP workbook"),
    note("Fictitious company; all names and figures are generated."),
    null,
    { values: ["About us"], style: { bold: true } },
    { values: ["Aquila Flow Systems makes pumps, valves, motors, controllers and filtration products in one plant, and sells them"] },
    { values: ["through three regions (EU, NA, APAC) and a key-account team. Spare parts and accessories are sold to installers."] },
    null,
    { values: ["How this workbook is kept"], style: { bold: true } },
    { values: [`Actuals: ERP shipment export, pasted on the 2nd of each month (history from ${isoMonth(data.firstActual)} to ${isoMonth(data.lastActual)}).`] },
    { values: ["Sales EU / NA / APAC: each regional manager fills their own tab; Key Accounts: the key-account manager, per customer."] },
    { values: ["Stat Forecast: pasted from the forecasting tool into the table tblStatForecast."] },
    { values: ["Consensus: demand planning's draft for the S&OP meeting."] },
    { values: ["Forecast Snapshots: each cycle's forecasts, kept for accuracy by lag."] },
    { values: ["Capacity, Routing, Inventory: supply planning. Prices, Budget, Scenarios: finance."] },
    null,
    { values: ["Regional managers"], style: { bold: true } },
    ...REGION_SPECS.map((r): RowSpec => ({ values: [`${r.region}: ${r.manager}`] })),
    { values: [`Key accounts: ${KEY_ACCOUNT_MANAGER}`] },
    null,
    { values: ["Known issues"], style: { bold: true } },
    { values: ["WC-20 Machining and the castings supplier are tight every summer; August is short (plant holidays)."] },
    { values: [`Resources: ${RESOURCES.map((r) => r.name).join(", ")}.`] },
  ];
  return {
    name: "Readme",
    columns: [{ width: 110 }],
    rows: lines,
    headerRow: 0,
    tabColor: "FF000000",
    description: "planner's notes (not an input role)",
  };
}

export interface SheetSelection {
  /** Number of past cycles in the snapshot ledger. */
  readonly snapshotCycles: number;
  /** Highest lag kept in the snapshots. */
  readonly snapshotMaxLag: number;
}

export function allSheets(data: Dataset, sel: SheetSelection): SheetModel[] {
  return [
    actualsSheet(data),
    ...salesSheets(data),
    keyAccountsSheet(data),
    statForecastSheet(data),
    consensusSheet(data),
    snapshotsSheet(data, sel.snapshotCycles, sel.snapshotMaxLag),
    capacitySheet(data),
    routingSheet(data),
    inventorySheet(data),
    pricesSheet(data),
    budgetSheet(data),
    scenariosSheet(data),
    readmeSheet(data),
  ];
}
