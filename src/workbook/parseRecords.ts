/**
 * List roles (snapshots, bill of resources, inventory, prices, scenarios) from grids
 * into engine rows: one record per data row, with findings for what cannot be read.
 *
 * Pure: grids in, engine inputs and findings out.
 */
import type { InventoryRow, PriceRow, ResourceRow, ScenarioRow, SnapshotRow } from "../engine/inputs";
import { periodKey } from "../engine/period";
import { dateMessage, isDateCell, readNumber } from "./cellNumber";
import { fillMergedKeys } from "./mergedCells";
import type { FindingCollector } from "./findings";
import { type Cell, type Grid, cellAddress, cellAt, cellText, formatAt, gridWidth, rangeAddress } from "./grid";
import type { ColumnKind } from "./headerMatch";
import { parsePeriodHeader } from "./periodHeader";
import type { SourceGrid } from "./parseSeries";
import { type ColumnInfo, type HeaderInfo, findColumn, headerOrFinding, isBlankRow, isRepeatedHeader, isTotalLabel, keyText } from "./tableLayout";

/** One data row of a list role, with access to its cells by column kind. */
export interface RecordRow {
  readonly grid: Grid;
  /** Grid-relative row. */
  readonly r: number;
  readonly cols: ReadonlyMap<ColumnKind, ColumnInfo>;
  readonly label: string;
}

/** Value of a record's column, null when the column is absent. */
function val(rec: RecordRow, k: ColumnKind): Cell {
  const c = rec.cols.get(k);
  return c === undefined ? null : cellAt(rec.grid, rec.r, c.col);
}

function addr(rec: RecordRow, k: ColumnKind): string {
  const c = rec.cols.get(k);
  return cellAddress(rec.grid.sheet, rec.grid.top + rec.r, rec.grid.left + (c?.col ?? 0));
}

/**
 * Read the data rows of list grids. `required` lists column requirements, each a set of
 * acceptable kinds; a grid missing one is reported (error) and skipped.
 */
export function readRecords(
  sources: readonly SourceGrid[],
  role: string,
  required: readonly (readonly ColumnKind[])[],
  optional: readonly ColumnKind[],
  out: FindingCollector,
): { rows: RecordRow[]; headers: { label: string; header: HeaderInfo }[] } {
  const rows: RecordRow[] = [];
  const headers: { label: string; header: HeaderInfo }[] = [];
  for (const source of sources) {
    const label = source.label;
    const h = headerOrFinding(source.grid, label, role, `columns ${required.map((k) => k[0]).join(", ")}`, out);
    if (h === null) continue;
    // Keys and attributes merged down their rows (a scenario over its levers) are read on every row.
    const grid = fillMergedKeys(source.grid, h, label, role, out);
    const width = gridWidth(grid);
    const cols = new Map<ColumnKind, ColumnInfo>();
    let ok = true;
    for (const alts of required) {
      const c = findColumn(h, ...alts);
      if (c === undefined) {
        out.add({
          severity: "error",
          code: "column-missing",
          role,
          address: rangeAddress(grid.sheet, grid.top + h.row, grid.left, 1, width),
          message: `${label} has no ${alts.join(" / ")} column (headers: ${h.columns.filter((x) => x.header !== "").map((x) => x.header).slice(0, 10).join(", ")}).`,
        });
        ok = false;
      } else cols.set(c.match!.kind, c);
    }
    if (!ok) continue;
    for (const k of optional) {
      const c = findColumn(h, k);
      if (c && !cols.has(k)) cols.set(k, c);
    }
    headers.push({ label, header: h });
    let n = 0;
    const first = cols.values().next().value;
    for (let r = h.row + 1; r < grid.values.length; r++) {
      if (isBlankRow(grid, r)) continue;
      if (isRepeatedHeader(grid, r, h)) {
        out.add({ severity: "info", code: "repeated-header-skipped", role, address: cellAddress(grid.sheet, grid.top + r, grid.left + (first?.col ?? 0)), message: `Row ${grid.top + r + 1} of ${label} repeats the header row; skipped.` }, label);
        continue;
      }
      if (first && isTotalLabel(cellAt(grid, r, first.col))) {
        out.add({ severity: "info", code: "total-row-skipped", role, address: cellAddress(grid.sheet, grid.top + r, grid.left + first.col), message: `Total row skipped.` }, label);
        continue;
      }
      rows.push({ grid, r, cols, label });
      n++;
    }
    if (n === 0) {
      out.add({ severity: "error", code: "range-empty", role, address: rangeAddress(grid.sheet, grid.top + h.row, grid.left, 1, width), message: `${label} has a header row but no data rows.` });
    }
  }
  return { rows, headers };
}

/** Beyond this a number in a record cell (price, hours, stock, quantity) is a typing or unit error, as in series roles. */
const ABSURD = 1e12;

/** A number from a record cell; reports text, errors and absurd values; `fallback` when blank. */
function num(rec: RecordRow, k: ColumnKind, role: string, out: FindingCollector, what: string, fallback: number | null): number | null {
  const col = rec.cols.get(k);
  if (col === undefined) return fallback;
  const v = cellAt(rec.grid, rec.r, col.col);
  if (typeof v === "number" && isDateCell(rec.grid, rec.r, col.col, v)) {
    out.add({ severity: "warning", code: "date-in-number", role, address: addr(rec, k), message: dateMessage(v, rec.grid.date1904, what) }, rec.label);
    return fallback;
  }
  const rd = readNumber(v);
  switch (rd.kind) {
    case "blank":
      return fallback;
    case "number":
    case "numberText":
      if (Math.abs(rd.value) > ABSURD) {
        out.add({ severity: "warning", code: "absurd-value", role, address: addr(rec, k), message: `Value ${rd.value} is implausibly large for ${what}; read as no value.` }, rec.label);
        return fallback;
      }
      if (rd.kind === "numberText") out.add({ severity: "info", code: "number-as-text", role, address: addr(rec, k), message: `Number stored as text '${rd.text}'; read as ${rd.value}.` }, rec.label);
      return rd.value;
    case "error":
      out.add({ severity: "warning", code: "excel-error", role, address: addr(rec, k), message: `Excel error ${rd.error} where ${what} was expected; read as no value.` }, rec.label);
      return fallback;
    case "text":
      out.add({ severity: "warning", code: "text-in-number", role, address: addr(rec, k), message: `${typeof v === "boolean" ? "Logical value" : "Text"} ${cellText(v)} where ${what} was expected; read as no value.` }, rec.label);
      return fallback;
  }
}

function nonNegative(x: number | null, rec: RecordRow, k: ColumnKind, role: string, out: FindingCollector, what: string): number | null {
  if (x !== null && x < 0) {
    out.add({ severity: "warning", code: "negative", role, address: addr(rec, k), message: `Negative ${what} ${x}; read as 0.` }, rec.label);
    return 0;
  }
  return x;
}

/** Period keys of text cells seen before: ledgers repeat the same few texts. */
const periodTextCache = new Map<string, string | null>();

/** A period key from a record cell (date or text), or null. */
function periodOf(rec: RecordRow, k: ColumnKind): string | null {
  const c = rec.cols.get(k);
  if (c === undefined) return null;
  const v = cellAt(rec.grid, rec.r, c.col);
  if (typeof v === "string") {
    const hit = periodTextCache.get(v);
    if (hit !== undefined) return hit;
    const p = parsePeriodHeader(v, null, rec.grid.date1904);
    const key = p === null ? null : periodKey(p);
    if (periodTextCache.size > 10000) periodTextCache.clear();
    periodTextCache.set(v, key);
    return key;
  }
  const p = parsePeriodHeader(v, formatAt(rec.grid, rec.r, c.col), rec.grid.date1904) ?? (typeof v === "number" ? parsePeriodHeader(v, "yyyy-mm-dd", rec.grid.date1904) : null);
  return p === null ? null : periodKey(p);
}

/** Small integer ids for repeated texts, so composite keys are numbers, not strings. */
class Interner {
  private readonly ids = new Map<string, number>();
  private last: string | null = null;
  private lastId = -1;
  id(s: string): number {
    if (s === this.last) return this.lastId;
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.ids.size;
      this.ids.set(s, i);
    }
    this.last = s;
    this.lastId = i;
    return i;
  }
}

/**
 * Where each kept row of a list role is (the address of one of its cells), stored as numbers
 * and written out only when a finding quotes it: a ledger has hundreds of thousands of rows.
 */
export class RowAddresses {
  private readonly grids: Grid[] = [];
  private readonly gridOf: number[] = [];
  private readonly rows: number[] = [];
  private readonly cols: number[] = [];

  /** Number of addresses kept. */
  get length(): number {
    return this.rows.length;
  }

  /** Keep the address of the grid-relative cell (r, col). */
  push(grid: Grid, r: number, col: number): void {
    let g = this.grids.length - 1;
    if (g < 0 || this.grids[g] !== grid) {
      this.grids.push(grid);
      g++;
    }
    this.gridOf.push(g);
    this.rows.push(r);
    this.cols.push(col);
  }

  /** The i-th address (`'Sheet'!C12`), or "" when there is none. */
  at(i: number): string {
    const g = this.grids[this.gridOf[i] ?? -1];
    if (g === undefined) return "";
    return cellAddress(g.sheet, g.top + this.rows[i]!, g.left + this.cols[i]!);
  }
}

/**
 * Snapshots ledger: Cycle, Version, Item, Period, Quantity. When `addresses` is given, the
 * address of each kept row's item cell is pushed to it (same order as the result). The rows
 * are appended to `result` (a new array by default), which is returned.
 */
export function parseSnapshots(sources: readonly SourceGrid[], out: FindingCollector, addresses?: RowAddresses, result: SnapshotRow[] = []): SnapshotRow[] {
  const role = "snapshots";
  const { rows } = readRecords(sources, role, [["cycle"], ["version"], ["item"], ["period", "date"], ["quantity", "value"]], [], out);
  // Duplicate detection on numeric keys: (cycle, version) → (period, item).
  const seen = new Map<number, Map<number, RecordRow>>();
  const cycles = new Interner();
  const versions = new Interner();
  const periods = new Interner();
  const items = new Interner();
  // The columns of the rows' grid, resolved once per grid (rows of one grid share their `cols`).
  let cols: ReadonlyMap<ColumnKind, ColumnInfo> | null = null;
  let itemCol = 0;
  let versionCol = 0;
  let periodKind: ColumnKind = "period";
  let qk: ColumnKind = "quantity";
  let qCol = 0;
  // Indexed: one pass over up to a million rows, unoptimised at first (no iterator result per row).
  for (let k = 0; k < rows.length; k++) {
    const rec = rows[k]!;
    if (rec.cols !== cols) {
      cols = rec.cols;
      itemCol = cols.get("item")!.col;
      versionCol = cols.get("version")!.col;
      periodKind = cols.has("period") ? "period" : "date";
      qk = cols.has("quantity") ? "quantity" : "value";
      qCol = cols.get(qk)!.col;
    }
    const item = keyText(cellAt(rec.grid, rec.r, itemCol));
    const version = keyText(cellAt(rec.grid, rec.r, versionCol));
    const cycle = periodOf(rec, "cycle");
    const period = periodOf(rec, periodKind);
    if (item === null || version === null) {
      out.add({ severity: "warning", code: "row-without-key", role, address: addr(rec, item === null ? "item" : "version"), message: `Snapshot row ${rec.grid.top + rec.r + 1} has no ${item === null ? "item" : "version"}; skipped.` }, rec.label);
      continue;
    }
    if (cycle === null || period === null) {
      const k: ColumnKind = cycle === null ? "cycle" : rec.cols.has("period") ? "period" : "date";
      out.add({ severity: "warning", code: "bad-period", role, address: addr(rec, k), message: `${cellText(val(rec, k))} is not a period; snapshot row skipped.` }, rec.label);
      continue;
    }
    // A plain number is read as `num` reads it, without building a reading.
    const qv = cellAt(rec.grid, rec.r, qCol);
    const plain = typeof qv === "number" && Number.isFinite(qv) && Math.abs(qv) <= ABSURD && !isDateCell(rec.grid, rec.r, qCol, qv);
    const q = nonNegative(plain ? qv : num(rec, qk, role, out, "a quantity", null), rec, qk, role, out, "quantity");
    if (q === null) continue;
    const outer = cycles.id(cycle) * 1048576 + versions.id(version);
    let inner = seen.get(outer);
    if (inner === undefined) {
      inner = new Map<number, RecordRow>();
      seen.set(outer, inner);
    }
    const key = periods.id(period) * 67108864 + items.id(item);
    const prev = inner.get(key);
    if (prev !== undefined) {
      const here = addr(rec, "item");
      out.add({ severity: "warning", code: "duplicate-key", role, address: here, message: `Snapshot ${cycle} ${version} ${item} ${period} appears again at ${here} (first at ${addr(prev, "item")}); the later row is ignored.` }, rec.label);
      continue;
    }
    inner.set(key, rec);
    result.push({ cycle, version, item, period, quantity: q });
    addresses?.push(rec.grid, rec.r, itemCol);
  }
  return result;
}

/**
 * Bill of resources: Item or Family, Resource, Hours per unit (or Units per hour), Lead offset.
 * When `addresses` is given, the address of each kept line's resource cell is pushed to it.
 */
export function parseResources(sources: readonly SourceGrid[], out: FindingCollector, addresses?: string[]): ResourceRow[] {
  const role = "resources";
  const { rows } = readRecords(sources, role, [["resource"], ["hoursPerUnit", "unitsPerHour"]], ["item", "family", "leadOffset"], out);
  const result: ResourceRow[] = [];
  const inverted = new Set<string>();
  for (const rec of rows) {
    const item = keyText(val(rec, "item"));
    const family = keyText(val(rec, "family"));
    const resource = keyText(val(rec, "resource"));
    if (resource === null || (item === null && family === null)) {
      out.add({ severity: "warning", code: "row-without-key", role, address: addr(rec, resource === null ? "resource" : rec.cols.has("item") ? "item" : "family"), message: `Routing row ${rec.grid.top + rec.r + 1} has no ${resource === null ? "resource" : "item or family"}; skipped.` }, rec.label);
      continue;
    }
    let perUnit: number | null;
    if (rec.cols.has("hoursPerUnit")) {
      perUnit = num(rec, "hoursPerUnit", role, out, "hours per unit", null);
      perUnit = nonNegative(perUnit, rec, "hoursPerUnit", role, out, "hours per unit");
    } else {
      const rate = nonNegative(num(rec, "unitsPerHour", role, out, "units per hour", null), rec, "unitsPerHour", role, out, "rate");
      perUnit = rate === null || rate === 0 ? null : 1 / rate;
      if (!inverted.has(rec.label)) {
        inverted.add(rec.label);
        out.add({ severity: "info", code: "rate-inverted", role, address: addr(rec, "unitsPerHour"), message: `${rec.cols.get("unitsPerHour")!.header} in ${rec.label} is a rate in units per hour; it is inverted into hours per unit.` }, rec.label);
      }
    }
    if (perUnit === null) continue;
    if (perUnit === 0) {
      out.add({ severity: "warning", code: "zero-rate", role, address: addr(rec, rec.cols.has("hoursPerUnit") ? "hoursPerUnit" : "unitsPerHour"), message: `${item ?? `Family ${family}`} on ${resource}: 0 hours per unit; the line loads nothing.` }, rec.label);
    }
    const lead = num(rec, "leadOffset", role, out, "a lead offset in periods", 0) ?? 0;
    result.push({ item, family: item === null ? family : family, resource, perUnit, leadOffset: Math.max(0, Math.round(lead)) });
    addresses?.push(addr(rec, "resource"));
  }
  return result;
}

/** Inventory: Item, On hand, optional Safety stock and Target days of supply. */
export function parseInventory(sources: readonly SourceGrid[], out: FindingCollector): InventoryRow[] {
  const role = "inventory";
  const { rows } = readRecords(sources, role, [["item"], ["onHand"]], ["safetyStock", "targetDays"], out);
  const result: InventoryRow[] = [];
  const seen = new Map<string, string>();
  for (const rec of rows) {
    const item = keyText(val(rec, "item"));
    if (item === null) continue;
    const here = addr(rec, "item");
    const prev = seen.get(item);
    if (prev !== undefined) {
      out.add({ severity: "warning", code: "duplicate-key", role, address: here, message: `Item ${item} appears again at ${here} (first at ${prev}); on-hand quantities are added.` }, rec.label);
    }
    seen.set(item, prev ?? here);
    const onHand = num(rec, "onHand", role, out, "an on-hand quantity", 0) ?? 0;
    if (onHand < 0) out.add({ severity: "warning", code: "negative", role, address: addr(rec, "onHand"), message: `Negative on-hand stock ${onHand}; kept (backorders).` }, rec.label);
    const ss = nonNegative(num(rec, "safetyStock", role, out, "a safety stock", null), rec, "safetyStock", role, out, "safety stock");
    const td = nonNegative(num(rec, "targetDays", role, out, "target days of supply", null), rec, "targetDays", role, out, "target days");
    result.push({ item, onHand, safetyStock: ss, targetDays: td });
  }
  // Duplicates: add on-hand quantities into the first row.
  const merged = new Map<string, InventoryRow>();
  for (const r of result) {
    const m = merged.get(r.item);
    merged.set(r.item, m === undefined ? r : { ...m, onHand: m.onHand + r.onHand });
  }
  return [...merged.values()];
}

/** Prices: Item, Price, optional Unit cost and Period. */
export function parsePrices(sources: readonly SourceGrid[], out: FindingCollector): PriceRow[] {
  const role = "prices";
  const { rows } = readRecords(sources, role, [["item"], ["price"]], ["unitCost", "period"], out);
  const result: PriceRow[] = [];
  const seen = new Map<string, string>();
  for (const rec of rows) {
    const item = keyText(val(rec, "item"));
    if (item === null) continue;
    const price = nonNegative(num(rec, "price", role, out, "a price", null), rec, "price", role, out, "price");
    if (price === null) continue;
    const cost = nonNegative(num(rec, "unitCost", role, out, "a unit cost", null), rec, "unitCost", role, out, "unit cost");
    const period = periodOf(rec, "period");
    const key = `${item}\u0001${period ?? ""}`;
    const here = addr(rec, "item");
    const prev = seen.get(key);
    if (prev !== undefined) {
      out.add({ severity: "warning", code: "duplicate-key", role, address: here, message: `Price of ${item}${period ? ` for ${period}` : ""} appears again at ${here} (first at ${prev}); the first is used.` }, rec.label);
      continue;
    }
    seen.set(key, here);
    result.push({ item, price, unitCost: cost, period });
  }
  return result;
}

/** Scenarios: Scenario, Lever, Scope, From, To, Value (number or formula text), Notes. */
/**
 * Scenario levers: Scenario, Lever, Scope, From, To, Value, Notes. When `addresses` is given,
 * the cell address of each field of each kept row is pushed to it (same order as the result).
 */
export function parseScenarios(sources: readonly SourceGrid[], out: FindingCollector, addresses?: ScenarioAddresses[]): ScenarioRow[] {
  const role = "scenarios";
  const { rows, headers } = readRecords(sources, role, [["scenario"], ["lever"], ["value", "quantity"]], ["scope", "from", "to", "attribute", "description"], out);
  // The notes column (costs such as "cost 45 € per hour" live there): any header saying note,
  // comment or remark, matched to a kind or not.
  const notesByLabel = new Map<string, number>();
  for (const { label, header } of headers) {
    const c = header.columns.find((x) => /note|comment|remark/i.test(x.header));
    if (c) notesByLabel.set(label, c.col);
  }
  const result: ScenarioRow[] = [];
  for (const rec of rows) {
    const scenario = keyText(val(rec, "scenario"));
    const lever = keyText(val(rec, "lever"));
    if (scenario === null || lever === null) continue;
    const vk: ColumnKind = rec.cols.has("value") ? "value" : "quantity";
    const raw = val(rec, vk);
    const rd = readNumber(raw);
    let value: number | string;
    if (rd.kind === "number" || rd.kind === "numberText") value = rd.value;
    else if (rd.kind === "text") value = rd.text;
    else {
      out.add({ severity: "warning", code: rd.kind === "error" ? "excel-error" : "text-in-number", role, address: addr(rec, vk), message: `Scenario ${scenario}, lever ${lever} has no value; the lever is skipped.` }, rec.label);
      continue;
    }
    const notesCol = notesByLabel.get(rec.label);
    result.push({
      scenario,
      lever,
      scope: keyText(val(rec, "scope")) ?? "all",
      from: periodOf(rec, "from") ?? keyText(val(rec, "from")),
      to: periodOf(rec, "to") ?? keyText(val(rec, "to")),
      value,
      notes: notesCol !== undefined ? keyText(cellAt(rec.grid, rec.r, notesCol)) : null,
    });
    if (addresses) {
      const at = (k: ColumnKind): string => (rec.cols.has(k) ? addr(rec, k) : addr(rec, "lever"));
      addresses.push({ scenario: at("scenario"), lever: at("lever"), scope: at("scope"), from: at("from"), to: at("to"), value: addr(rec, vk), notes: notesCol !== undefined ? cellAddress(rec.grid.sheet, rec.grid.top + rec.r, rec.grid.left + notesCol) : at("lever") });
    }
  }
  return result;
}

/** Cell addresses of one scenario row's fields. */
export type ScenarioAddresses = Readonly<Record<"scenario" | "lever" | "scope" | "from" | "to" | "value" | "notes", string>>;
