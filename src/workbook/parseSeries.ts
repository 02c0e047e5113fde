/**
 * Time-phased roles (actuals, forecasts, capacity, production, budget) from grids
 * into `SeriesTable`s, in wide or long layout, several ranges stacked, with a
 * finding for every cell that is not read as written.
 *
 * Pure: grids in, engine inputs and findings out.
 */
import type { SeriesTable } from "../engine/inputs";
import { type Period, type PeriodKind, monthOfSerial, periodFromOrdinal, periodKey, periodOrdinal, serialToDate, weekOfSerial } from "../engine/period";
import { dateMessage, isDateCell, readNumber } from "./cellNumber";
import { fillMergedKeys } from "./mergedCells";
import type { FindingSink } from "./findings";
import { type Grid, cellAddress, cellAt, cellText, columnLetters, formatAt, gridWidth, isBlank, isCellError, rangeAddress } from "./grid";
import type { ColumnKind } from "./headerMatch";
import { isDateFormat, parsePeriodHeader } from "./periodHeader";
import {
  type ColumnInfo,
  type HeaderInfo,
  attributeColumns,
  attributeName,
  findColumn,
  headerOrFinding,
  isBlankRow,
  isRepeatedHeader,
  isTotalLabel,
  keyText,
} from "./tableLayout";

/** One grid to parse, with a label for messages. */
export interface SourceGrid {
  readonly grid: Grid;
  readonly label: string;
}

/** How a time-phased role is read. */
export interface SeriesSpec {
  readonly role: string;
  /** Accepted key columns, in order of preference (`item`, or `family` then `item`, or `resource`). */
  readonly keyKinds: readonly ColumnKind[];
  /** Value columns accepted in long layout, in order of preference. */
  readonly valueKinds: readonly ColumnKind[];
  /** Negative values kept (actuals: returns) or read as 0. */
  readonly allowNegative: boolean;
  /** Split a long table with a Version column into one table per version. */
  readonly byVersion?: boolean;
  /** Per-key numeric columns to keep (capacity: efficiency). */
  readonly extraNumeric?: readonly ColumnKind[];
  /** Force the layout instead of detecting it. */
  readonly layout?: "auto" | "wide" | "long";
}

/** A parsed time-phased role. */
export interface ParsedSeries {
  /** Tables by version (`""` when the role has no Version column). */
  readonly tables: ReadonlyMap<string, SeriesTable>;
  /** Per version, per row: address of the key cell of the row's first occurrence. */
  readonly rowAddress: ReadonlyMap<string, readonly string[]>;
  /** Per version, per row, the extra numeric columns (NaN when blank). */
  readonly extras: ReadonlyMap<string, ReadonlyMap<ColumnKind, Float64Array>>;
  /** Header infos by source label, for the mapping display. */
  readonly headers: readonly { label: string; header: HeaderInfo; layout: "wide" | "long" }[];
  /** Data lines read (rows in wide layout; lines in long layout). */
  readonly lines: number;
}

const ABSURD = 1e12;

interface Plan {
  src: SourceGrid;
  h: HeaderInfo;
  layout: "wide" | "long";
  key: ColumnInfo;
  attrs: ColumnInfo[];
  periodCols: ColumnInfo[];
  periodCol?: ColumnInfo;
  valueCol?: ColumnInfo;
  versionCol?: ColumnInfo;
  extraCols: { kind: ColumnKind; col: ColumnInfo }[];
  /** Long layout: the period of each data row (grid-relative row → ordinal), null when unreadable. */
  rowPeriods?: (number | null)[];
  rowPeriodsKind?: PeriodKind;
  transactions?: boolean;
}

class Accumulator {
  readonly index = new Map<string, number>();
  readonly keys: string[] = [];
  readonly attrs: (string | null)[][] = [];
  readonly rows: Float64Array[] = [];
  readonly address: string[] = [];
  readonly sourceOf: number[] = [];
  readonly extras = new Map<ColumnKind, number[]>();

  constructor(private readonly width: number) {}

  row(key: string, attrs: (string | null)[], address: string, source: number): { i: number; isNew: boolean; sameSource: boolean } {
    const k = attrs.length === 0 ? key : `${key}\u0001${attrs.map((a) => a ?? "").join("\u0001")}`;
    const found = this.index.get(k);
    if (found !== undefined) return { i: found, isNew: false, sameSource: this.sourceOf[found] === source };
    const i = this.keys.length;
    this.index.set(k, i);
    this.keys.push(key);
    this.attrs.push(attrs);
    this.rows.push(new Float64Array(this.width).fill(Number.NaN));
    this.address.push(address);
    this.sourceOf.push(source);
    return { i, isNew: true, sameSource: true };
  }

  add(i: number, p: number, v: number): void {
    const r = this.rows[i]!;
    const cur = r[p]!;
    r[p] = Number.isNaN(cur) ? v : cur + v;
  }

  extra(kind: ColumnKind, i: number, v: number): void {
    let a = this.extras.get(kind);
    if (a === undefined) {
      a = [];
      this.extras.set(kind, a);
    }
    while (a.length <= i) a.push(Number.NaN);
    if (Number.isNaN(a[i]!)) a[i] = v;
  }
}

/**
 * Parse the grids of one time-phased role. Returns null (with error findings) when no
 * grid could be read at all; grids that fail individually are reported and skipped.
 */
export function parseSeries(sources: readonly SourceGrid[], spec: SeriesSpec, out: FindingSink): ParsedSeries | null {
  const plans: Plan[] = [];
  let kind: PeriodKind | null = null;
  let kindSource = "";
  for (const src of sources) {
    const plan = planGrid(src, spec, out);
    if (plan === null) continue;
    const pk = planKind(plan);
    if (pk !== null) {
      if (kind !== null && pk !== kind) {
        out.add({
          severity: "error",
          code: "mixed-period-kinds",
          role: spec.role,
          address: src.label,
          message: `${src.label} has ${pk === "week" ? "weekly" : "monthly"} periods but ${kindSource} has ${kind === "week" ? "weekly" : "monthly"} periods; one role must use one kind of period.`,
        });
        continue;
      }
      kind = pk;
      kindSource = src.label;
    }
    plans.push(plan);
  }
  if (plans.length === 0 || kind === null) return null;

  // The period axis: contiguous from the first to the last period seen.
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of plans) {
    for (const o of planOrdinals(p)) {
      if (o < lo) lo = o;
      if (o > hi) hi = o;
    }
  }
  if (!Number.isFinite(lo)) return null;
  const width = hi - lo + 1;
  const periods: string[] = [];
  for (let o = lo; o <= hi; o++) periods.push(periodKey(periodFromOrdinal(kind, o)));

  // Attribute names: union in order of appearance.
  const attributeNames: string[] = [];
  for (const p of plans) for (const a of p.attrs) if (!attributeNames.includes(attributeName(a))) attributeNames.push(attributeName(a));

  const accs = new Map<string, Accumulator>();
  const acc = (version: string): Accumulator => {
    let a = accs.get(version);
    if (a === undefined) {
      a = new Accumulator(width);
      accs.set(version, a);
    }
    return a;
  };
  let lines = 0;
  plans.forEach((plan, si) => {
    lines += plan.layout === "wide" ? readWide(plan, si, spec, lo, attributeNames, acc, out) : readLong(plan, si, spec, lo, attributeNames, acc, out);
  });

  const tables = new Map<string, SeriesTable>();
  const rowAddress = new Map<string, string[]>();
  const extras = new Map<string, Map<ColumnKind, Float64Array>>();
  for (const [version, a] of accs) {
    const n = a.keys.length;
    const values = new Float64Array(n * width);
    for (let i = 0; i < n; i++) values.set(a.rows[i]!, i * width);
    tables.set(version, { kind, periods, keys: a.keys, attributeNames, attributes: a.attrs, values });
    rowAddress.set(version, a.address);
    const ex = new Map<ColumnKind, Float64Array>();
    for (const [k, arr] of a.extras) {
      const f = new Float64Array(n).fill(Number.NaN);
      for (let i = 0; i < Math.min(n, arr.length); i++) f[i] = arr[i]!;
      ex.set(k, f);
    }
    extras.set(version, ex);
  }
  return {
    tables,
    rowAddress,
    extras,
    headers: plans.map((p) => ({ label: p.src.label, header: p.h, layout: p.layout })),
    lines,
  };
}

function planKind(p: Plan): PeriodKind | null {
  if (p.layout === "wide") return p.h.periodKind;
  for (const c of p.periodCols) if (c.period) return c.period.kind;
  return p.rowPeriodsKind ?? null;
}

function* planOrdinals(p: Plan): Iterable<number> {
  if (p.layout === "wide") {
    for (const c of p.periodCols) if (c.period) yield periodOrdinal(c.period);
  } else if (p.rowPeriods) {
    for (const o of p.rowPeriods) if (o !== null) yield o;
  }
}

/** Detect header, layout and the columns that matter; report what is missing. */
function planGrid(source: SourceGrid, spec: SeriesSpec, out: FindingSink): Plan | null {
  const label = source.label;
  const role = spec.role;
  const h = headerOrFinding(source.grid, label, role, `a key column (${spec.keyKinds.join(" or ")}) with period columns, or a period column and a quantity column`, out);
  if (h === null) return null;
  // Keys and attributes merged down their rows are read on every row.
  const grid = fillMergedKeys(source.grid, h, label, role, out);
  const src = grid === source.grid ? source : { ...source, grid };
  const width = gridWidth(grid);
  const headerAddr = (c: number): string => cellAddress(grid.sheet, grid.top + h.row, grid.left + c);
  const key = findColumn(h, ...spec.keyKinds);
  if (key === undefined) {
    out.add({
      severity: "error",
      code: "key-column-missing",
      role,
      address: rangeAddress(grid.sheet, grid.top + h.row, grid.left, 1, width),
      message: `The header row of ${label} has no ${spec.keyKinds.join(" or ")} column (headers: ${h.columns.filter((c) => c.header !== "").map((c) => c.header).slice(0, 8).join(", ")}).`,
    });
    return null;
  }
  let hasData = false;
  for (let r = h.row + 1; r < grid.values.length && !hasData; r++) if (!isBlankRow(grid, r)) hasData = true;
  if (!hasData) {
    const headerRange = rangeAddress(grid.sheet, grid.top + h.row, grid.left, 1, width);
    out.add({ severity: "error", code: "range-empty", role, address: headerRange, message: `${label} has a header row but no data rows.` });
    return null;
  }
  const periodCols = h.columns.filter((c) => c.period !== null);
  const periodCol = findColumn(h, "period", "date");
  const valueCol = findColumn(h, ...spec.valueKinds);
  const versionCol = spec.byVersion ? findColumn(h, "version") : undefined;
  const extraCols: { kind: ColumnKind; col: ColumnInfo }[] = [];
  for (const k of spec.extraNumeric ?? []) {
    const c = findColumn(h, k);
    if (c) extraCols.push({ kind: k, col: c });
  }
  let layout: "wide" | "long";
  if (spec.layout === "wide" || spec.layout === "long") layout = spec.layout;
  else layout = periodCols.length >= 2 || periodCol === undefined ? "wide" : "long";

  const used = new Set<number>([key.col, ...periodCols.map((c) => c.col), ...extraCols.map((e) => e.col.col)]);
  if (periodCol) used.add(periodCol.col);
  if (valueCol) used.add(valueCol.col);
  if (versionCol) used.add(versionCol.col);
  // Other known numeric or key columns are not attributes.
  for (const c of h.columns) {
    const k = c.match?.kind;
    if (k && k !== "attribute" && k !== "family" && k !== "description" && k !== "unit" && !spec.keyKinds.includes(k)) used.add(c.col);
    if (k && spec.keyKinds.includes(k) && c.col !== key.col && k !== "family") used.add(c.col);
  }
  const attrs = attributeColumns(h, used);
  unheadedColumns(grid, h, label, role, out);

  if (layout === "wide") {
    if (periodCols.length === 0) {
      out.add({
        severity: "error",
        code: "no-periods",
        role,
        address: rangeAddress(grid.sheet, grid.top + h.row, grid.left, 1, width),
        message: `No period columns in the header row of ${label} (periods such as Jan 2025, 2025-01 or dates were expected).`,
      });
      return null;
    }
    const kinds = new Set(periodCols.map((c) => c.period!.kind));
    // The header row keeps the majority kind; a header of the other kind is a period all the same.
    const other = h.columns.find((c) => {
      if (c.period !== null || c.header === "") return false;
      const p = parsePeriodHeader(cellAt(grid, h.row, c.col), formatAt(grid, h.row, c.col), grid.date1904);
      return p !== null && p.kind !== h.periodKind;
    });
    if (kinds.size > 1 || other !== undefined) {
      const which = other ? ` (${cellText(cellAt(grid, h.row, other.col))} at ${headerAddr(other.col)} among ${h.periodKind === "week" ? "weeks" : "months"})` : "";
      out.add({
        severity: "error",
        code: "mixed-period-kinds",
        role,
        address: rangeAddress(grid.sheet, grid.top + h.row, grid.left, 1, width),
        message: `The header row of ${label} mixes months and weeks${which}; one range must use one kind of period.`,
      });
      return null;
    }
    // Duplicated, out-of-order and missing periods.
    const seen = new Map<number, number>();
    let prev = -Infinity;
    let outOfOrder = false;
    for (const c of periodCols) {
      const o = periodOrdinal(c.period!);
      const first = seen.get(o);
      if (first !== undefined) {
        out.add({
          severity: "error",
          code: "duplicate-period",
          role,
          address: headerAddr(c.col),
          message: `Period ${c.header} appears twice in the header of ${label}: ${headerAddr(first)} and ${headerAddr(c.col)}.`,
        });
        return null;
      }
      seen.set(o, c.col);
      if (o < prev) outOfOrder = true;
      prev = o;
    }
    if (outOfOrder) {
      out.add({
        severity: "info",
        code: "periods-out-of-order",
        role,
        address: rangeAddress(grid.sheet, grid.top + h.row, grid.left + periodCols[0]!.col, 1, periodCols[periodCols.length - 1]!.col - periodCols[0]!.col + 1),
        message: `The period columns of ${label} are not in calendar order; they are read in calendar order.`,
      });
    }
    const ords = [...seen.keys()].sort((a, b) => a - b);
    const missing = ords[ords.length - 1]! - ords[0]! + 1 - ords.length;
    if (missing > 0) {
      const pk = kinds.values().next().value!;
      const key = (o: number): string => periodKey(periodFromOrdinal(pk, o));
      // A gap longer than a year is more likely a mistyped year than missing columns: say where.
      let widest = 0;
      for (let i = 1; i < ords.length; i++) if (ords[i]! - ords[i - 1]! > ords[widest + 1]! - ords[widest]!) widest = i - 1;
      const a = ords[widest]!;
      const b = ords[widest + 1]!;
      const longGap = b - a - 1 > (pk === "week" ? 52 : 12);
      const where = longGap ? ` The widest gap is between ${key(a)} (${headerAddr(seen.get(a)!)}) and ${key(b)} (${headerAddr(seen.get(b)!)}): a mistyped year?` : "";
      out.add({
        severity: "warning",
        code: "periods-gap",
        role,
        address: rangeAddress(grid.sheet, grid.top + h.row, grid.left, 1, width),
        message: `${missing} period(s) between ${key(ords[0]!)} and ${key(ords[ords.length - 1]!)} have no column in ${label}; they are read as having no value.${where}`,
      });
    }
    return { src, h, layout, key, attrs, periodCols, extraCols };
  }

  // Long layout.
  if (periodCol === undefined) {
    out.add({
      severity: "error",
      code: "no-periods",
      role,
      address: rangeAddress(grid.sheet, grid.top + h.row, grid.left, 1, width),
      message: `${label} has no period or date column.`,
    });
    return null;
  }
  if (valueCol === undefined) {
    out.add({
      severity: "error",
      code: "column-missing",
      role,
      address: rangeAddress(grid.sheet, grid.top + h.row, grid.left, 1, width),
      message: `${label} has a ${periodCol.header} column but no ${spec.valueKinds[0]} column.`,
    });
    return null;
  }
  const weekly = /week|wk|kw/i.test(periodCol.header);
  const rowPeriods: (number | null)[] = new Array<number | null>(grid.values.length).fill(null);
  let pkind: PeriodKind | undefined;
  let transactions = false;
  for (let r = h.row + 1; r < grid.values.length; r++) {
    const v = cellAt(grid, r, periodCol.col);
    if (isBlank(v)) continue;
    const fmt = formatAt(grid, r, periodCol.col);
    let p: Period | null = parsePeriodHeader(v, fmt, grid.date1904);
    if (typeof v === "number" && (isDateFormat(fmt) || (periodCol.match?.kind === "date" && !(v >= 190001 && v <= 209912)))) {
      // A date cell: bucket it into its week (a Week column) or its month.
      const d = serialToDate(v, grid.date1904);
      if (d !== null) {
        p = weekly ? weekOfSerial(v, grid.date1904) : monthOfSerial(v, grid.date1904);
        if (!weekly && d.day !== 1) transactions = true;
        if (weekly && periodCol.match?.kind === "date") transactions = true;
      }
    }
    if (p === null) continue;
    if (pkind === undefined) pkind = p.kind;
    else if (p.kind !== pkind) {
      out.add({
        severity: "error",
        code: "mixed-period-kinds",
        role,
        address: cellAddress(grid.sheet, grid.top + r, grid.left + periodCol.col),
        message: `${label} mixes months and weeks in its ${periodCol.header} column.`,
      });
      return null;
    }
    rowPeriods[r] = periodOrdinal(p);
  }
  if (pkind === undefined) {
    out.add({
      severity: "error",
      code: "range-empty",
      role,
      address: label,
      message: `${label} has no data rows with a readable period.`,
    });
    return null;
  }
  const plan: Plan = { src, h, layout, key, attrs, periodCols: [], periodCol, valueCol, extraCols, rowPeriods, rowPeriodsKind: pkind, transactions };
  if (versionCol) plan.versionCol = versionCol;
  return plan;
}

/**
 * Columns with figures under a blank header cell (a header merged across two columns, a
 * header deleted by mistake): not read, so reported once per column with its data range.
 */
function unheadedColumns(grid: Grid, h: HeaderInfo, label: string, role: string, out: FindingSink): void {
  const unheaded: boolean[] = [];
  let any = false;
  for (const c of h.columns) {
    if (c.header === "" && c.period === null) {
      unheaded[c.col] = true;
      any = true;
    }
  }
  if (!any) return;
  // One pass over the stored cells (rows are as long as their last cell).
  const found = new Map<number, { first: number; last: number; n: number }>();
  for (let r = h.row + 1; r < grid.values.length; r++) {
    const row = grid.values[r]!;
    for (let c = 0; c < row.length; c++) {
      if (unheaded[c] !== true) continue;
      const v = row[c]!;
      if (typeof v !== "number" && !(typeof v === "string" && readNumber(v).kind === "numberText")) continue;
      const f = found.get(c);
      if (f === undefined) found.set(c, { first: r, last: r, n: 1 });
      else {
        f.last = r;
        f.n++;
      }
    }
  }
  for (const [c, f] of [...found].sort((a, b) => a[0] - b[0])) {
    out.add(
      {
        severity: "warning",
        code: "column-without-header",
        role,
        address: rangeAddress(grid.sheet, grid.top + f.first, grid.left + c, f.last - f.first + 1, 1),
        message: `Column ${columnLetters(grid.left + c)} of ${label} has figures but no header (${f.n.toLocaleString("en-US")} cell(s); a merged or deleted header?); it is not read.`,
      },
      label,
    );
  }
}

type AccFor = (version: string) => Accumulator;

function attrValues(plan: Plan, grid: Grid, r: number, names: readonly string[]): (string | null)[] {
  const out: (string | null)[] = new Array<string | null>(names.length).fill(null);
  for (const a of plan.attrs) out[names.indexOf(attributeName(a))] = keyText(cellAt(grid, r, a.col));
  return out;
}

function rowIsTotal(plan: Plan, grid: Grid, r: number): boolean {
  if (isTotalLabel(cellAt(grid, r, plan.key.col))) return true;
  for (const a of plan.attrs) if (isTotalLabel(cellAt(grid, r, a.col))) return true;
  return false;
}

/** Read one value cell; returns NaN when no value, reporting why. */
function valueOf(grid: Grid, r: number, c: number, spec: SeriesSpec, label: string, out: FindingSink): number {
  const v = cellAt(grid, r, c);
  if (typeof v === "number") {
    if (isDateCell(grid, r, c, v)) {
      out.add({ severity: "warning", code: "date-in-number", role: spec.role, address: cellAddress(grid.sheet, grid.top + r, grid.left + c), message: dateMessage(v, grid.date1904, "a quantity") }, label);
      return Number.NaN;
    }
    // Fast path: a plain quantity.
    if (v >= 0 && v <= ABSURD) return v;
  }
  if (v === null) return Number.NaN;
  // Made only off the fast path: a closure per cell would cost more than the cell.
  const addr = (): string => cellAddress(grid.sheet, grid.top + r, grid.left + c);
  const rd = readNumber(v);
  let x: number;
  switch (rd.kind) {
    case "blank":
      return Number.NaN;
    case "error":
      out.add({ severity: "warning", code: "excel-error", role: spec.role, address: addr(), message: `Excel error ${rd.error} where a quantity was expected; read as no value.` }, label);
      return Number.NaN;
    case "text":
      out.add({ severity: "warning", code: "text-in-number", role: spec.role, address: addr(), message: `${typeof v === "boolean" ? "Logical value" : "Text"} ${cellText(v)} where a quantity was expected; read as no value.` }, label);
      return Number.NaN;
    case "numberText":
      out.add({ severity: "info", code: "number-as-text", role: spec.role, address: addr(), message: `Number stored as text '${rd.text}'; read as ${rd.value}.` }, label);
      x = rd.value;
      break;
    case "number":
      x = rd.value;
      break;
  }
  if (Math.abs(x) > ABSURD) {
    out.add({ severity: "warning", code: "absurd-value", role: spec.role, address: addr(), message: `Value ${x} is implausibly large for a quantity; read as no value.` }, label);
    return Number.NaN;
  }
  if (x < 0) {
    if (spec.allowNegative) {
      out.add({ severity: "warning", code: "negative", role: spec.role, address: addr(), message: `Negative quantity ${x}; kept as returns.` }, label);
    } else {
      out.add({ severity: "warning", code: "negative", role: spec.role, address: addr(), message: `Negative value ${x} where a quantity was expected; read as 0.` }, label);
      return 0;
    }
  }
  return x;
}

function extraOf(grid: Grid, r: number, c: number): number {
  const rd = readNumber(cellAt(grid, r, c));
  return rd.kind === "number" || rd.kind === "numberText" ? rd.value : Number.NaN;
}

/**
 * The data rows of a planned grid that carry a key: blank rows inside the table are
 * counted, total rows and rows with figures but no key are reported and skipped, hidden
 * rows are counted; all of it reported once per range.
 */
function keyedRows(plan: Plan, spec: SeriesSpec, out: FindingSink, valueCols: readonly number[]): { r: number; key: string }[] {
  const { grid, label } = plan.src;
  const rows: { r: number; key: string }[] = [];
  const hidden = new Set(grid.hiddenRows ?? []);
  let blankRows = 0;
  let hiddenData = 0;
  // Trailing blank rows are not "inside" the table.
  let last = grid.values.length - 1;
  while (last > plan.h.row && isBlankRow(grid, last)) last--;
  for (let r = plan.h.row + 1; r <= last; r++) {
    if (isBlankRow(grid, r)) {
      blankRows++;
      continue;
    }
    const keyAddr = (): string => cellAddress(grid.sheet, grid.top + r, grid.left + plan.key.col);
    if (isRepeatedHeader(grid, r, plan.h)) {
      out.add({ severity: "info", code: "repeated-header-skipped", role: spec.role, address: keyAddr(), message: `Row ${grid.top + r + 1} of ${label} repeats the header row; skipped.` }, label);
      continue;
    }
    if (rowIsTotal(plan, grid, r)) {
      out.add({ severity: "info", code: "total-row-skipped", role: spec.role, address: keyAddr(), message: `Total row ${cellText(firstText(plan, grid, r))} skipped.` }, label);
      continue;
    }
    const key = keyText(cellAt(grid, r, plan.key.col));
    if (key === null) {
      if (valueCols.some((c) => typeof cellAt(grid, r, c) === "number")) {
        const kv = cellAt(grid, r, plan.key.col);
        const why = isCellError(kv) ? `its ${plan.key.header} is the Excel error ${kv.error}` : `no ${plan.key.header}`;
        out.add({ severity: "warning", code: "row-without-key", role: spec.role, address: keyAddr(), message: `Row ${grid.top + r + 1} of ${label} has figures but ${why}; skipped.` }, label);
      }
      continue;
    }
    if (hidden.has(r)) hiddenData++;
    rows.push({ r, key });
  }
  if (blankRows > 0) {
    out.add({ severity: "info", code: "blank-row-skipped", role: spec.role, address: label, message: `${blankRows.toLocaleString("en-US")} blank row(s) inside ${label} skipped.` }, label);
  }
  if (hiddenData > 0) {
    out.add({ severity: "info", code: "hidden-rows", role: spec.role, address: label, message: `${hiddenData.toLocaleString("en-US")} hidden row(s) in ${label} are read like visible rows.` }, label);
  }
  return rows;
}

function readWide(plan: Plan, si: number, spec: SeriesSpec, lo: number, names: readonly string[], accFor: AccFor, out: FindingSink): number {
  const { grid, label } = plan.src;
  const acc = accFor("");
  const cols = plan.periodCols.map((c) => ({ c: c.col, p: periodOrdinal(c.period!) - lo }));
  let blanks = 0;
  const rows = keyedRows(plan, spec, out, cols.map((x) => x.c));
  // Indexed loops: this runs once per range, over every row and period column (no iterator results while unoptimised).
  for (let k = 0; k < rows.length; k++) {
    const { r, key } = rows[k]!;
    const keyAddr = cellAddress(grid.sheet, grid.top + r, grid.left + plan.key.col);
    const { i, isNew, sameSource } = acc.row(key, attrValues(plan, grid, r, names), keyAddr, si);
    // A key found again: always worth a word in the same range; across ranges (history split
    // by year, one tab per region) only when both give a value for the same period.
    let overlap = false;
    const existing = acc.rows[i]!;
    for (let j = 0; j < cols.length; j++) {
      const { c, p } = cols[j]!;
      const x = valueOf(grid, r, c, spec, label, out);
      if (Number.isNaN(x)) {
        if (isBlank(cellAt(grid, r, c))) blanks++;
        continue;
      }
      if (!isNew && !Number.isNaN(existing[p]!)) overlap = true;
      acc.add(i, p, x);
    }
    if (!isNew && (sameSource || overlap)) {
      out.add(
        {
          severity: "warning",
          code: "duplicate-key",
          role: spec.role,
          address: keyAddr,
          message: sameSource
            ? `${plan.key.header} ${key} appears again at ${keyAddr} (first at ${acc.address[i]}); the rows are added together.`
            : `${plan.key.header} ${key} at ${keyAddr} also has figures for the same periods in another range (${acc.address[i]}); they are added together.`,
        },
        label,
      );
    }
    for (const e of plan.extraCols) acc.extra(e.kind, i, extraOf(grid, r, e.col.col));
  }
  if (blanks > 0) {
    out.add({ severity: "info", code: "blank-values", role: spec.role, address: label, message: `${blanks.toLocaleString("en-US")} blank cell(s) in ${label} read as 'no value' (not zero).` }, label);
  }
  return rows.length;
}

function firstText(plan: Plan, grid: Grid, r: number): string | null {
  const k = keyText(cellAt(grid, r, plan.key.col));
  if (k !== null) return k;
  for (const a of plan.attrs) {
    const t = keyText(cellAt(grid, r, a.col));
    if (t !== null) return t;
  }
  return null;
}

function readLong(plan: Plan, si: number, spec: SeriesSpec, lo: number, names: readonly string[], accFor: AccFor, out: FindingSink): number {
  const { grid, label } = plan.src;
  const valueCol = plan.valueCol!;
  const periodCol = plan.periodCol!;
  let lines = 0;
  const cellsSeen = new Map<string, string>();
  for (const { r, key } of keyedRows(plan, spec, out, [valueCol.col])) {
    const o = plan.rowPeriods![r];
    if (o === null || o === undefined) {
      out.add({ severity: "warning", code: "bad-period", role: spec.role, address: cellAddress(grid.sheet, grid.top + r, grid.left + periodCol.col), message: `${cellText(cellAt(grid, r, periodCol.col))} is not a period (expected a date or a text such as 2025-01); row skipped.` }, label);
      continue;
    }
    const version = plan.versionCol ? keyText(cellAt(grid, r, plan.versionCol.col)) ?? "" : "";
    const acc = accFor(version);
    const keyAddr = cellAddress(grid.sheet, grid.top + r, grid.left + plan.key.col);
    const attrs = attrValues(plan, grid, r, names);
    const { i } = acc.row(key, attrs, keyAddr, si);
    lines++;
    const x = valueOf(grid, r, valueCol.col, spec, label, out);
    if (!plan.transactions) {
      const ck = `${version}\u0001${i}\u0001${o}`;
      const prev = cellsSeen.get(ck);
      if (prev !== undefined) {
        out.add({ severity: "warning", code: "duplicate-key", role: spec.role, address: keyAddr, message: `${key} ${periodKey(periodFromOrdinal(plan.rowPeriodsKind!, o))} appears again at ${keyAddr} (first at ${prev}); the quantities are added together.` }, label);
      } else cellsSeen.set(ck, keyAddr);
    }
    for (const e of plan.extraCols) acc.extra(e.kind, i, extraOf(grid, r, e.col.col));
    if (Number.isNaN(x)) continue;
    acc.add(i, o - lo, x);
  }
  if (plan.transactions && lines > 0) {
    out.add({ severity: "info", code: "transactions-aggregated", role: spec.role, address: label, message: `${lines.toLocaleString("en-US")} transaction lines in ${label} summed into ${plan.rowPeriodsKind === "week" ? "weekly" : "monthly"} buckets.` }, label);
  }
  return lines;
}
