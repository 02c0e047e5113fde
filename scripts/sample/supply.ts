/**
 * Supply-side and finance inputs: resources and their capacity, the bill of
 * resources (routing), inventory positions and the budget. Capacity is sized from
 * the expected load so that most work centres have headroom while a couple
 * (WC-20 Machining, the castings supplier) run short in the summer peak.
 */
import { FAMILIES, type FamilySpec, type Item } from "./catalog";
import { daysInMonth, monthOfYear, yearOf } from "./calendar";
import { type ItemSeries, plannedUnits } from "./demand";
import { Rng } from "./rng";

export interface ResourceSpec {
  readonly name: string;
  readonly unit: "hours" | "units";
  readonly efficiency: number;
  /** Mean utilisation the capacity is sized for (over 1 in the peak for the critical ones). */
  readonly sizedUtilisation: number;
}

export const RESOURCES: readonly ResourceSpec[] = [
  { name: "WC-10 Assembly", unit: "hours", efficiency: 0.88, sizedUtilisation: 0.62 },
  { name: "WC-20 Machining", unit: "hours", efficiency: 0.82, sizedUtilisation: 0.9 },
  { name: "WC-30 Welding", unit: "hours", efficiency: 0.9, sizedUtilisation: 0.62 },
  { name: "WC-40 Painting", unit: "hours", efficiency: 0.93, sizedUtilisation: 0.55 },
  { name: "WC-50 Testing", unit: "hours", efficiency: 0.95, sizedUtilisation: 0.6 },
  { name: "WC-60 Packaging", unit: "hours", efficiency: 0.92, sizedUtilisation: 0.5 },
  { name: "WC-70 Winding", unit: "hours", efficiency: 0.85, sizedUtilisation: 0.72 },
  { name: "WC-80 Electronics", unit: "hours", efficiency: 0.9, sizedUtilisation: 0.7 },
  { name: "WC-90 Moulding", unit: "hours", efficiency: 0.8, sizedUtilisation: 0.6 },
  { name: "MAT-Castings", unit: "units", efficiency: 0.95, sizedUtilisation: 0.88 },
];

export interface RoutingLine {
  readonly family: string;
  /** Blank for a family-level line. */
  readonly item?: string;
  readonly resource: string;
  readonly hoursPerUnit: number;
  readonly leadOffset: number;
}

/** Family-level bill of resources: [resource, hours (or units) per unit, lead offset in months]. */
const FAMILY_ROUTING: Record<string, readonly (readonly [string, number, number])[]> = {
  Pumps: [["WC-20 Machining", 0.25, 1], ["WC-30 Welding", 0.2, 1], ["WC-10 Assembly", 0.9, 0], ["WC-40 Painting", 0.15, 0], ["WC-50 Testing", 0.3, 0], ["MAT-Castings", 1, 2]],
  Valves: [["WC-20 Machining", 0.08, 1], ["WC-10 Assembly", 0.2, 0], ["WC-50 Testing", 0.05, 0], ["MAT-Castings", 1, 2]],
  Motors: [["WC-70 Winding", 1.4, 1], ["WC-10 Assembly", 0.7, 0], ["WC-40 Painting", 0.1, 0], ["WC-50 Testing", 0.4, 0]],
  Controllers: [["WC-80 Electronics", 0.85, 0], ["WC-50 Testing", 0.25, 0]],
  Filters: [["WC-90 Moulding", 0.04, 0], ["WC-60 Packaging", 0.02, 0]],
  Seals: [["WC-90 Moulding", 0.01, 0], ["WC-60 Packaging", 0.004, 0]],
  "Spare Parts": [["WC-20 Machining", 0.3, 1], ["WC-60 Packaging", 0.05, 0]],
  Accessories: [["WC-30 Welding", 0.12, 0], ["WC-40 Painting", 0.08, 0], ["WC-60 Packaging", 0.03, 0]],
};

export function familyRouting(family: FamilySpec): RoutingLine[] {
  return (FAMILY_ROUTING[family.name] ?? []).map(([resource, hoursPerUnit, leadOffset]) => ({
    family: family.name,
    resource,
    hoursPerUnit,
    leadOffset,
  }));
}

/** Items with their own routing: a few big pumps, motors and controllers. */
export function itemRoutings(items: readonly Item[], seed: number): Map<string, RoutingLine[]> {
  const out = new Map<string, RoutingLine[]>();
  for (const item of items) {
    if (!["Pumps", "Motors", "Controllers"].includes(item.family.name)) continue;
    const rng = Rng.derive(seed, 21, item.key);
    if (!rng.chance(0.06) && item.indexInFamily !== 2) continue;
    const factor = Math.round(rng.uniform(1.4, 2.4) * 10) / 10;
    out.set(
      item.code,
      familyRouting(item.family).map((line) => ({
        ...line,
        item: item.code,
        hoursPerUnit:
          line.resource.startsWith("MAT-") ? line.hoursPerUnit : Math.round(line.hoursPerUnit * factor * 100) / 100,
      })),
    );
  }
  return out;
}

export function routingFor(item: Item, own: Map<string, RoutingLine[]>): RoutingLine[] {
  return own.get(item.code) ?? familyRouting(item.family);
}

function weekdays(month: number): number {
  let count = 0;
  const y = yearOf(month);
  const m = month % 12;
  for (let d = 1; d <= daysInMonth(month); d++) {
    const wd = new Date(Date.UTC(y, m, d)).getUTCDay();
    if (wd !== 0 && wd !== 6) count++;
  }
  return count;
}

/** Share of a normal month's capacity: working days, August holidays, December shutdown. */
export function calendarFactor(month: number): number {
  const moy = monthOfYear(month);
  const holiday = moy === 8 ? 0.72 : moy === 12 ? 0.82 : 1;
  return (weekdays(month) / 21.7) * holiday;
}

export interface CapacityRow {
  readonly resource: ResourceSpec;
  readonly available: readonly number[];
}

/**
 * Available hours (units for materials) per month over `months`, sized from the
 * expected load of the items over those months.
 */
export function sizeCapacity(
  items: readonly Item[],
  series: readonly ItemSeries[],
  own: Map<string, RoutingLine[]>,
  months: readonly number[],
  anchor: number,
): CapacityRow[] {
  const load = new Map<string, number[]>();
  for (const r of RESOURCES) load.set(r.name, months.map(() => 0));
  items.forEach((item, i) => {
    const s = series[i];
    if (!s) return;
    for (const line of routingFor(item, own)) {
      const arr = load.get(line.resource);
      if (!arr) continue;
      months.forEach((m, t) => {
        const target = m + line.leadOffset;
        const k = target - s.start;
        const units = k < s.expected.length ? (s.expected[k] ?? 0) : plannedUnits(item, target, anchor);
        arr[t] = (arr[t] ?? 0) + units * line.hoursPerUnit;
      });
    }
  });
  return RESOURCES.map((resource) => {
    const arr = load.get(resource.name) ?? [];
    const normalised = arr.map((v, t) => v / calendarFactor(months[t] ?? 0));
    const meanLoad = normalised.reduce((a, b) => a + b, 0) / Math.max(1, normalised.length);
    const base = meanLoad / (resource.efficiency * resource.sizedUtilisation);
    const step = resource.unit === "units" ? 100 : 10;
    const available = months.map((m) => Math.max(step, Math.round((base * calendarFactor(m)) / step) * step));
    return { resource, available };
  });
}

export interface InventoryRow {
  readonly item: string;
  readonly onHand: number;
  readonly safetyStock: number | null;
  readonly targetDays: number;
}

export function inventoryRows(items: readonly Item[], series: readonly ItemSeries[], seed: number, firstFuture: number): InventoryRow[] {
  return items.map((item, i) => {
    const s = series[i];
    const rng = Rng.derive(seed, 31, item.key);
    let next3 = 0;
    let past6 = 0;
    for (let d = 0; d < 3; d++) next3 += s?.expected[firstFuture + d - (s?.start ?? 0)] ?? 0;
    for (let d = 1; d <= 6; d++) past6 += s?.expectedIfContinued[firstFuture - d - (s?.start ?? 0)] ?? 0;
    const monthly = next3 / 3;
    const discontinued = item.life.lastSale !== undefined;
    const cover = rng.uniform(0.3, 2.2);
    const onHand = discontinued ? Math.round((past6 / 6) * rng.uniform(0.2, 1.5)) : Math.round(monthly * cover);
    const sigma = item.occurrence !== undefined ? monthly * 1.2 : monthly * item.noiseCv;
    const safety = discontinued ? 0 : Math.round(1.65 * sigma * Math.sqrt(item.family.targetDays / 30));
    return {
      item: item.code,
      onHand: Math.max(0, onHand),
      safetyStock: rng.chance(0.03) ? null : safety,
      targetDays: item.family.targetDays,
    };
  });
}

/** Budget revenue (EUR) per family and month, planned a year ahead with the family's ambition. */
export function budgetRevenue(items: readonly Item[], months: readonly number[], anchor: number): number[][] {
  return FAMILIES.map((family) =>
    months.map((m) => {
      let revenue = 0;
      for (const item of items) {
        if (item.family !== family) continue;
        // The budget did not know about this year's launches.
        if (item.life.launch !== undefined && item.life.launch > anchor - 12) continue;
        revenue += plannedUnits(item, m, anchor) * item.priceEur;
      }
      return Math.round((revenue * family.budgetUplift) / 100) * 100;
    }),
  );
}
