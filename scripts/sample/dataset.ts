/**
 * Everything the sample workbook shows, computed before any layout: the catalogue,
 * the demand series, the key-account split, routing, capacity, inventory, budget.
 * Deterministic for a given set of options.
 */
import { buildCatalog, type Item, KEY_ACCOUNT_CUSTOMERS } from "./catalog";
import { monthOfYear, monthRange, yearOf } from "./calendar";
import { type ItemSeries, simulate } from "./demand";
import { type ForecastContext, plannedInCycle } from "./forecasts";
import { Rng } from "./rng";
import {
  budgetRevenue,
  type CapacityRow,
  inventoryRows,
  type InventoryRow,
  itemRoutings,
  type RoutingLine,
  sizeCapacity,
} from "./supply";

export interface DatasetOptions {
  readonly items: number;
  /** Months of history. */
  readonly months: number;
  readonly seed: number;
  /** Last month of history (month index). */
  readonly end: number;
  /** Forecast horizon of the forecast tabs (months from the cycle). */
  readonly horizon: number;
  /** Months of capacity from the cycle. */
  readonly capacityMonths: number;
}

export interface KeyAccountLine {
  readonly customer: string;
  readonly item: Item;
  readonly share: number;
}

export interface Dataset {
  readonly opts: DatasetOptions;
  readonly items: readonly Item[];
  readonly series: readonly ItemSeries[];
  readonly firstActual: number;
  readonly lastActual: number;
  /** The next cycle: the month after the last actual. */
  readonly cycle: number;
  readonly horizonMonths: readonly number[];
  readonly keyAccountItems: ReadonlySet<string>;
  readonly keyAccountLines: readonly KeyAccountLine[];
  readonly ownRoutings: Map<string, RoutingLine[]>;
  readonly capacityMonths: readonly number[];
  readonly capacity: readonly CapacityRow[];
  readonly inventory: readonly InventoryRow[];
  readonly budgetMonths: readonly number[];
  readonly budget: readonly (readonly number[])[];
  context(index: number): ForecastContext;
}

const KEY_ACCOUNT_FAMILIES = new Set(["Pumps", "Valves", "Motors", "Controllers"]);

export function buildDataset(opts: DatasetOptions): Dataset {
  const lastActual = opts.end;
  const firstActual = lastActual - opts.months + 1;
  const cycle = lastActual + 1;
  const items = buildCatalog({ seed: opts.seed, items: opts.items, firstActual, lastActual });
  const budgetMonths = monthRange(yearOf(lastActual) * 12, 24);
  const simEnd = Math.max(cycle + Math.max(opts.horizon, opts.capacityMonths) + 3, (budgetMonths[23] ?? 0) + 1);
  const series = items.map((item) => simulate(item, opts.seed, firstActual, simEnd, lastActual));

  // Key accounts: the largest established items of the project families.
  const volume = (i: number): number => {
    const s = series[i];
    if (!s) return 0;
    let v = 0;
    for (let m = lastActual - 11; m <= lastActual; m++) v += s.expected[m - s.start] ?? 0;
    return v;
  };
  const candidates = items
    .map((item, i) => ({ item, i, v: volume(i) }))
    .filter(({ item }) => KEY_ACCOUNT_FAMILIES.has(item.family.name) && !item.life.launch && !item.life.lastSale)
    .sort((a, b) => b.v - a.v || a.i - b.i);
  const kaCount = Math.min(candidates.length, Math.max(3, Math.round(items.length * 0.04)));
  const kaChosen = candidates.slice(0, kaCount).sort((a, b) => a.i - b.i);
  const keyAccountItems = new Set(kaChosen.map((c) => c.item.code));
  const lines: KeyAccountLine[] = [];
  for (const { item } of kaChosen) {
    const rng = Rng.derive(opts.seed, 41, item.key);
    const n = rng.int(1, 3);
    const picked: number[] = [];
    while (picked.length < n) {
      const c = rng.int(0, KEY_ACCOUNT_CUSTOMERS.length - 1);
      if (!picked.includes(c)) picked.push(c);
    }
    const weights = picked.map(() => rng.uniform(0.5, 1.5));
    const total = weights.reduce((a, b) => a + b, 0);
    picked.forEach((c, k) => {
      lines.push({ customer: KEY_ACCOUNT_CUSTOMERS[c] ?? "", item, share: (weights[k] ?? 0) / total });
    });
  }
  lines.sort(
    (a, b) =>
      KEY_ACCOUNT_CUSTOMERS.indexOf(a.customer) - KEY_ACCOUNT_CUSTOMERS.indexOf(b.customer) ||
      items.indexOf(a.item) - items.indexOf(b.item),
  );

  const ownRoutings = itemRoutings(items, opts.seed);
  const capacityMonths = monthRange(cycle, opts.capacityMonths);
  const capacity = sizeCapacity(items, series, ownRoutings, capacityMonths, lastActual);
  const inventory = inventoryRows(items, series, opts.seed, cycle);
  const budget = budgetRevenue(items, budgetMonths, lastActual);

  return {
    opts,
    items,
    series,
    firstActual,
    lastActual,
    cycle,
    horizonMonths: monthRange(cycle, opts.horizon),
    keyAccountItems,
    keyAccountLines: lines,
    ownRoutings,
    capacityMonths,
    capacity,
    inventory,
    budgetMonths,
    budget,
    context(index: number): ForecastContext {
      const item = items[index];
      const s = series[index];
      if (!item || !s) throw new Error(`no item ${index}`);
      return { seed: opts.seed, item, series: s, owner: keyAccountItems.has(item.code) ? "key-account" : "region" };
    },
  };
}

/** Items carried in the forecast of `cycle` (indexes into `items`). */
export function plannedItems(data: Dataset, cycle: number): number[] {
  const out: number[] = [];
  data.items.forEach((item, i) => {
    if (plannedInCycle(item, cycle)) out.push(i);
  });
  return out;
}

/** The summer (May–Aug) of the first year whose May is at least three months after the cycle. */
export function promotionYear(cycle: number): number {
  return monthOfYear(cycle) <= 2 ? yearOf(cycle) : yearOf(cycle) + 1;
}
