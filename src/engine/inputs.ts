/**
 * Engine inputs: the planner's data after parsing and validation, as plain data.
 *
 * The workbook layer produces these from grids (`workbook/parseRole.ts`); every
 * engine step consumes them. Nothing here knows about cells, sheets or hosts.
 * Pure types and small helpers; no I/O.
 */
import type { PeriodKind } from "./period";

/**
 * A time-phased table: one row per key (item, family or resource, plus attributes),
 * one column per period. Values are row-major in a Float64Array; NaN means "no value"
 * (a blank cell, a launch not yet made), never zero.
 */
export interface SeriesTable {
  readonly kind: PeriodKind;
  /** Sorted, contiguous period keys (`2025-01` or `2025-W05`). */
  readonly periods: readonly string[];
  /** The key of each row: an item code, a family or a resource. */
  readonly keys: readonly string[];
  /** Attribute names kept for roll-ups and filters (Family, Region, Customer, …). */
  readonly attributeNames: readonly string[];
  /** Per row, the attribute values in the order of `attributeNames` (null when blank). */
  readonly attributes: readonly (readonly (string | null)[])[];
  /** keys.length × periods.length values, row-major; NaN = no value. */
  readonly values: Float64Array;
}

/** One archived forecast figure: the forecast made in `cycle` by `version` for `item` in `period`. */
export interface SnapshotRow {
  readonly cycle: string;
  readonly version: string;
  readonly item: string;
  readonly period: string;
  readonly quantity: number;
}

/** Per resource: capacity over periods, with its unit and efficiency. */
export interface CapacityInput {
  readonly table: SeriesTable;
  /** Per row of `table`: efficiency 0–1 (1 when not given). */
  readonly efficiency: Float64Array;
  /** Per row of `table`: `hours` for work centres, `units` for a material or supplier. */
  readonly units: readonly ("hours" | "units")[];
}

/** One line of the bill of resources: an item (or a whole family) loads a resource. */
export interface ResourceRow {
  readonly item: string | null;
  readonly family: string | null;
  readonly resource: string;
  /** Hours (or units) of the resource per unit produced. */
  readonly perUnit: number;
  /** Periods between the load and the demand it serves (0 = same period). */
  readonly leadOffset: number;
}

export interface InventoryRow {
  readonly item: string;
  readonly onHand: number;
  readonly safetyStock: number | null;
  readonly targetDays: number | null;
}

export interface PriceRow {
  readonly item: string;
  readonly price: number;
  readonly unitCost: number | null;
  /** When prices are given per period. */
  readonly period: string | null;
}

export interface ScenarioRow {
  readonly scenario: string;
  readonly lever: string;
  readonly scope: string;
  readonly from: string | null;
  readonly to: string | null;
  /** A number, or the text of a formula over named drivers. */
  readonly value: number | string;
  readonly notes: string | null;
}

/** Everything the cycle needs, as read from the planner's workbook. Only actuals are required. */
export interface PlanningInputs {
  readonly actuals: SeriesTable;
  /** Forecast versions by name (Statistical, Sales, Consensus, …). */
  readonly forecasts: ReadonlyMap<string, SeriesTable>;
  readonly snapshots: readonly SnapshotRow[];
  readonly capacity: CapacityInput | null;
  readonly resources: readonly ResourceRow[];
  readonly production: SeriesTable | null;
  readonly inventory: readonly InventoryRow[];
  readonly prices: readonly PriceRow[];
  readonly budget: SeriesTable | null;
  /** What the budget figures are. */
  readonly budgetMeasure: "revenue" | "volume";
  readonly scenarios: readonly ScenarioRow[];
}

/** Value of a series table at (row, column); NaN when no value. */
export function seriesValue(t: SeriesTable, row: number, col: number): number {
  return t.values[row * t.periods.length + col] ?? Number.NaN;
}

/**
 * True when two series tables hold the same figures: the same kind, periods, keys, attributes
 * and values to the last bit (NaN equal to NaN, 0 not equal to −0), whether or not they are one object.
 */
export function sameSeriesTable(a: SeriesTable, b: SeriesTable): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || !sameTexts(a.periods, b.periods) || !sameTexts(a.keys, b.keys) || !sameTexts(a.attributeNames, b.attributeNames)) return false;
  if (a.attributes.length !== b.attributes.length || a.values.length !== b.values.length) return false;
  for (let i = 0; i < a.attributes.length; i++) if (!sameTexts(a.attributes[i]!, b.attributes[i]!)) return false;
  for (let i = 0; i < a.values.length; i++) if (!Object.is(a.values[i], b.values[i])) return false;
  return true;
}

function sameTexts(a: readonly (string | null)[], b: readonly (string | null)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
