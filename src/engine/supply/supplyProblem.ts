/**
 * From the engine's inputs (consensus per item, capacity, bill of resources, inventory, prices,
 * overtime and outsourcing options) to the supply problem: plain data per family (or item) and
 * per resource, with every cost made absolute from the settings.
 *
 * Rules:
 * - demand = Σ consensus of the entity's items; on hand and safety stock = Σ items. An item's
 *   safety stock is its Safety stock cell; when blank and Target days is given, SS_t = target days
 *   × average daily demand of periods t … t+2 (DESIGN.md §4 days of supply); otherwise 0;
 * - price and unit cost per period: the item's row for that period, else its row without a period,
 *   else its nearest earlier (then later) period row; an entity's figure is the demand-weighted mean
 *   over its items that have one (weights: demand of the period, else of the horizon, else equal);
 * - routing: an item's own lines replace its family's lines; a family's hours per unit on a resource
 *   (per lead offset) is the horizon-demand-weighted mean over its items (equal weights without demand);
 * - available capacity = capacity × efficiency; a blank capacity leaves that period unconstrained;
 * - overtime: hours resources up to `overtimeShare` × available, units resources none (a supplier
 *   works no overtime), unless an overtime option says otherwise; outsourcing only where an option
 *   allows it (a later option replaces an earlier one for the same scope and periods);
 * - costs: holding = rate × unit cost per month (weeks: × 12/52), lost-demand and backlog penalties =
 *   rate × price, safety-stock penalty = rate × unit cost. Without a unit cost the price is the cost
 *   basis, without a price the unit cost is the price basis, without either a nominal 1: the plan
 *   still serves demand and keeps safety stock; revenue and margin count what is known (0).
 * - bad values never stop the run: negative or non-numeric demand, capacity, stock and prices
 *   become 0 (or are ignored) and are reported; negative hours per unit lines are ignored and reported.
 *
 * Pure; no I/O.
 */
import { daysInMonth, parsePeriodKey } from "../period";
import { resolveSupplySettings } from "./settings";
import type {
  ResolvedSupplySettings,
  RoutingLoad,
  SettingUsed,
  SupplyEntity,
  SupplyNote,
  SupplyPlanInput,
  SupplyProblem,
  SupplyResource,
  SupplySettings,
} from "./types";

/** The supply problem, the settings as used, and what was found on the way. */
export interface PreparedSupply {
  readonly problem: SupplyProblem;
  readonly settings: readonly SettingUsed[];
  readonly notes: readonly SupplyNote[];
}

interface ItemData {
  readonly item: string;
  readonly family: string;
  readonly demand: Float64Array;
  total: number;
}

interface PriceAt {
  readonly price: number | null;
  readonly cost: number | null;
}

/** "A, B, C and 4 more". */
function listNames(names: readonly string[], max = 5): string {
  const head = names.slice(0, max).join(", ");
  return names.length > max ? `${head} and ${names.length - max} more` : head;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Days in a period key (months by calendar, weeks 7; 30 when the key is not a period). */
function daysIn(key: string): number {
  const p = parsePeriodKey(key);
  if (p === null) return 30;
  return p.kind === "week" ? 7 : daysInMonth(p.year, p.num);
}

/** Is `key` within [from, to] (inclusive, null = open)? Keys of one kind compare as text. */
function inRange(key: string, from: string | null, to: string | null): boolean {
  return (from === null || key >= from) && (to === null || key <= to);
}

const finiteOr = (x: number | null | undefined, d: number): number => (typeof x === "number" && Number.isFinite(x) ? x : d);
const norm = (s: string): string => s.trim().toLowerCase();

/**
 * Demand-weighted mean over members that have a value (`values[m]`, NaN = none): weights are the
 * members' demand in the period, else their horizon demand, else equal. Null when no member has one.
 */
function weightedMean(members: readonly ItemData[], t: number, values: Float64Array): number | null {
  let any = false;
  for (let m = 0; m < members.length; m++) if (!Number.isNaN(values[m]!)) any = true;
  if (!any) return null;
  for (let kind = 0; kind < 3; kind++) {
    let sw = 0;
    let swv = 0;
    for (let m = 0; m < members.length; m++) {
      const v = values[m]!;
      if (Number.isNaN(v)) continue;
      const w = kind === 0 ? (members[m]!.demand[t] ?? 0) : kind === 1 ? members[m]!.total : 1;
      sw += w;
      swv += w * v;
    }
    if (sw > 0) return swv / sw;
  }
  return null;
}

/** A routing line and the key of its (resource, lead offset), made once. */
type Line = { readonly load: RoutingLoad; readonly key: string };

const NO_LINES: readonly Line[] = [];

/** An item's price rows: the one without a period, and those per period (by period key). */
interface PriceRows {
  readonly general: Map<number, PriceAt>;
  readonly byPeriod: Map<number, Map<string, PriceAt>>;
}

/** The plan's items and their demand per period (an item listed twice: summed), with notes on bad values. */
function readDemand(input: SupplyPlanInput, periods: readonly string[], T: number, notes: SupplyNote[]): { items: ItemData[]; itemIndex: Map<string, number> } {
  const items: ItemData[] = [];
  const itemIndex = new Map<string, number>();
  // One buffer for every item's demand (item k's periods are a view of it).
  const demandBuffer = new Float64Array(input.items.length * T);
  const negDemand: string[] = [];
  const badDemand: string[] = [];
  const dupItems: string[] = [];
  for (const it of input.items) {
    let k = itemIndex.get(it.item);
    if (k === undefined) {
      k = items.length;
      itemIndex.set(it.item, k);
      items.push({ item: it.item, family: it.family, demand: demandBuffer.subarray(k * T, (k + 1) * T), total: 0 });
    } else dupItems.push(it.item);
    const d = items[k]!;
    for (let t = 0; t < T; t++) {
      const v = it.consensus[t];
      if (v === undefined || !Number.isFinite(v)) {
        if (v !== undefined) badDemand.push(it.item);
        continue;
      }
      if (v < 0) {
        negDemand.push(`${it.item} ${periods[t]}`);
        continue;
      }
      d.demand[t] = (d.demand[t] ?? 0) + v;
      d.total += v;
    }
  }
  if (negDemand.length > 0) notes.push({ severity: "warning", code: "negative-demand", message: `Negative demand taken as 0 (${plural(negDemand.length, "value")}: ${listNames(negDemand)}).` });
  if (badDemand.length > 0) notes.push({ severity: "warning", code: "bad-value", message: `Demand that is not a number taken as 0 (${plural(badDemand.length, "value")}: ${listNames([...new Set(badDemand)])}).` });
  if (dupItems.length > 0) notes.push({ severity: "warning", code: "duplicate", message: `Items listed twice in the demand: their demand is summed (${listNames([...new Set(dupItems)])}).` });
  return { items, itemIndex };
}

/** On hand and safety stock per item (safety stock from target days where it is blank), with notes. */
function readInventory(input: SupplyPlanInput, items: readonly ItemData[], itemIndex: ReadonlyMap<string, number>, periods: readonly string[], T: number, notes: SupplyNote[]): { onHand: Float64Array; safety: Float64Array[] } {
  const onHand = new Float64Array(items.length);
  const safetyBuffer = new Float64Array(items.length * T);
  const safety: Float64Array[] = items.map((_, k) => safetyBuffer.subarray(k * T, (k + 1) * T));
  const ssFromDays: string[] = [];
  const negStock: string[] = [];
  // Days of each plan period, worked out once (not per item and period).
  const daysOf = periods.map(daysIn);
  let unknownInv = 0;
  const seenInv = new Set<string>();
  const dupInv: string[] = [];
  for (const row of input.inventory) {
    const k = itemIndex.get(row.item);
    if (k === undefined) {
      unknownInv++;
      continue;
    }
    if (seenInv.has(row.item)) dupInv.push(row.item);
    seenInv.add(row.item);
    const oh = finiteOr(row.onHand, 0);
    if (oh < 0) negStock.push(row.item);
    onHand[k] = (onHand[k] ?? 0) + Math.max(0, oh);
    const ss = safety[k]!;
    const item = items[k]!;
    if (row.safetyStock !== null && Number.isFinite(row.safetyStock)) {
      if (row.safetyStock < 0) negStock.push(row.item);
      for (let t = 0; t < T; t++) ss[t] = (ss[t] ?? 0) + Math.max(0, row.safetyStock);
    } else if (row.targetDays !== null && Number.isFinite(row.targetDays) && row.targetDays > 0) {
      ssFromDays.push(row.item);
      for (let t = 0; t < T; t++) {
        let q = 0;
        let days = 0;
        for (let j = t; j < Math.min(T, t + 3); j++) {
          q += item.demand[j] ?? 0;
          days += daysOf[j]!;
        }
        ss[t] = (ss[t] ?? 0) + (days > 0 ? (row.targetDays * q) / days : 0);
      }
    }
  }
  if (negStock.length > 0) notes.push({ severity: "warning", code: "negative-stock", message: `Negative on-hand or safety stock taken as 0 (${listNames([...new Set(negStock)])}).` });
  if (ssFromDays.length > 0) notes.push({ severity: "info", code: "safety-stock-from-days", message: `Safety stock from target days of supply × average daily demand of the next 3 periods for ${plural(ssFromDays.length, "item")} without a safety-stock value (${listNames(ssFromDays)}).` });
  if (unknownInv > 0) notes.push({ severity: "info", code: "ignored-rows", message: `${plural(unknownInv, "inventory row")} for items without demand in the plan ignored.` });
  if (dupInv.length > 0) notes.push({ severity: "info", code: "duplicate", message: `Items with several inventory rows: summed (${listNames([...new Set(dupInv)])}).` });
  return { onHand, safety };
}

/** Price rows per item: the one without a period, and those per period; notes on bad values. */
function readPrices(input: SupplyPlanInput, itemIndex: ReadonlyMap<string, number>, notes: SupplyNote[]): PriceRows {
  const general = new Map<number, PriceAt>();
  const byPeriod = new Map<number, Map<string, PriceAt>>();
  const badPrice: string[] = [];
  for (const row of input.prices) {
    const k = itemIndex.get(row.item);
    if (k === undefined) continue;
    const price = Number.isFinite(row.price) && row.price >= 0 ? row.price : null;
    const cost = row.unitCost !== null && Number.isFinite(row.unitCost) && row.unitCost >= 0 ? row.unitCost : null;
    if (price === null || (row.unitCost !== null && cost === null)) badPrice.push(row.item);
    const at: PriceAt = { price, cost };
    if (row.period === null) general.set(k, at);
    else {
      let m = byPeriod.get(k);
      if (m === undefined) byPeriod.set(k, (m = new Map()));
      m.set(row.period, at);
    }
  }
  if (badPrice.length > 0) notes.push({ severity: "warning", code: "bad-value", message: `Negative or non-numeric prices or unit costs ignored (${listNames([...new Set(badPrice)])}).` });
  return { general, byPeriod };
}

/** Item k's price row for period t: its row for the period, else its row without one, else the nearest earlier (then later) period row. */
function priceOf(rows: PriceRows, periods: readonly string[], k: number, t: number): PriceAt | null {
  const { general, byPeriod } = rows;
  const m = byPeriod.get(k);
  if (m === undefined) return general.get(k) ?? null;
  const key = periods[t] ?? "";
  const exact = m.get(key);
  if (exact) return exact;
  const g = general.get(k);
  if (g) return g;
  let before: [string, PriceAt] | null = null;
  let after: [string, PriceAt] | null = null;
  for (const [p, v] of m) {
    if (p < key && (before === null || p > before[0])) before = [p, v];
    if (p > key && (after === null || p < after[0])) after = [p, v];
  }
  return (before ?? after)?.[1] ?? null;
}

/** Routing lines per item and per family, with notes on bad hours and lead offsets and on lines for items not planned. */
function readRouting(input: SupplyPlanInput, itemIndex: ReadonlyMap<string, number>, notes: SupplyNote[]): { itemLines: Map<string, Line[]>; familyLines: Map<string, Line[]> } {
  const itemLines = new Map<string, Line[]>();
  const familyLines = new Map<string, Line[]>();
  const negHours: string[] = [];
  const badLead: string[] = [];
  let orphanLines = 0;
  for (const row of input.resources) {
    const who = row.item ?? row.family ?? "";
    if (!Number.isFinite(row.perUnit) || row.perUnit < 0) {
      negHours.push(`${who} on ${row.resource} (${String(row.perUnit)})`);
      continue;
    }
    if (row.perUnit === 0) continue;
    let lead = finiteOr(row.leadOffset, 0);
    if (lead < 0 || lead !== Math.round(lead) || !Number.isFinite(row.leadOffset)) {
      badLead.push(`${who} on ${row.resource} (${String(row.leadOffset)})`);
      lead = Math.max(0, Math.round(lead));
    }
    const load: RoutingLoad = { resource: row.resource, perUnit: row.perUnit, leadOffset: lead };
    const key = row.item ?? row.family;
    const map = row.item !== null ? itemLines : familyLines;
    if (key === null) {
      orphanLines++;
      continue;
    }
    let list = map.get(key);
    if (list === undefined) map.set(key, (list = []));
    list.push({ load, key: `${load.resource}\u0000${load.leadOffset}` });
  }
  if (negHours.length > 0) notes.push({ severity: "warning", code: "negative-hours", message: `Routing lines with negative or non-numeric hours per unit ignored (${listNames(negHours)}).` });
  if (badLead.length > 0) notes.push({ severity: "warning", code: "bad-lead-offset", message: `Lead offsets that are not whole numbers ≥ 0 rounded (negative or blank: 0) (${listNames(badLead)}).` });
  for (const key of itemLines.keys()) if (!itemIndex.has(key)) orphanLines++;
  if (orphanLines > 0) notes.push({ severity: "info", code: "ignored-rows", message: `${plural(orphanLines, "routing line")} for items not in the plan (or without item and family) ignored.` });
  return { itemLines, familyLines };
}

/** What every entity of one build shares: settings, periods, the items' stock, prices and routing, and the lists of what is missing. */
interface EntityContext {
  readonly s: ResolvedSupplySettings;
  readonly periods: readonly string[];
  readonly T: number;
  readonly holdingFactor: number;
  readonly itemIndex: ReadonlyMap<string, number>;
  readonly onHand: Float64Array;
  readonly safety: readonly Float64Array[];
  readonly prices: PriceRows;
  readonly itemLines: ReadonlyMap<string, readonly Line[]>;
  readonly familyLines: ReadonlyMap<string, readonly Line[]>;
  readonly noPrice: string[];
  readonly noPriceEntities: string[];
  readonly noCost: string[];
  readonly itemsNoCost: string[];
  readonly noRouting: string[];
  readonly tally: { pricedByFamily: number; costByFamily: number };
}

/** One entity (a family, or an item at item level) from its member items. */
function buildEntity(members: readonly ItemData[], ctx: EntityContext): SupplyEntity {
  const { s, periods, T, holdingFactor, itemIndex, onHand, safety, prices, itemLines, familyLines, noPrice, noPriceEntities, noCost, itemsNoCost, noRouting, tally } = ctx;
  const { general, byPeriod } = prices;
  const first = members[0]!;
  const key = s.level === "item" ? first.item : first.family;
  const idx = members.map((m) => itemIndex.get(m.item) ?? 0);
  const demand = new Float64Array(T);
  const ss = new Float64Array(T);
  let oh = 0;
  members.forEach((m, j) => {
    const k = idx[j]!;
    oh += onHand[k] ?? 0;
    for (let t = 0; t < T; t++) {
      demand[t] = (demand[t] ?? 0) + (m.demand[t] ?? 0);
      ss[t] = (ss[t] ?? 0) + (safety[k]?.[t] ?? 0);
    }
  });
  // Routing: weighted mean per (resource, lead).
  const totalD = members.reduce((a, m) => a + m.total, 0);
  const loads = new Map<string, { resource: string; leadOffset: number; perUnit: number }>();
  members.forEach((m) => {
    const w = totalD > 0 ? m.total / totalD : 1 / members.length;
    const lines = itemLines.get(m.item) ?? familyLines.get(m.family) ?? NO_LINES;
    if (lines.length === 0 && s.level === "family") noRouting.push(m.item);
    for (const { load: l, key: lk } of lines) {
      let acc = loads.get(lk);
      if (acc === undefined) loads.set(lk, (acc = { resource: l.resource, leadOffset: l.leadOffset, perUnit: 0 }));
      acc.perUnit = acc.perUnit + w * l.perUnit;
    }
  });
  const routing = [...loads.values()].filter((l) => l.perUnit > 0);
  if (routing.length === 0 && s.level === "item") noRouting.push(key);
  // Prices.
  const price = new Float64Array(T);
  const unitCost = new Float64Array(T);
  const holdingCost = new Float64Array(T);
  const unmetPenalty = new Float64Array(T);
  const backlogPenalty = new Float64Array(T);
  const safetyStockPenalty = new Float64Array(T);
  let anyPrice = false;
  let anyCost = false;
  const costBasis = new Float64Array(T);
  const memberPrice = new Float64Array(members.length);
  const memberCost = new Float64Array(members.length);
  // A member without period rows has the same price in every period: read once.
  const perPeriod: number[] = [];
  for (let m = 0; m < members.length; m++) {
    const k = idx[m]!;
    if (byPeriod.has(k)) perPeriod.push(m);
    else {
      const at = general.get(k);
      memberPrice[m] = at?.price ?? Number.NaN;
      memberCost[m] = at?.cost ?? Number.NaN;
    }
  }
  for (let t = 0; t < T; t++) {
    for (const m of perPeriod) {
      const at = priceOf(prices, periods, idx[m]!, t);
      memberPrice[m] = at?.price ?? Number.NaN;
      memberCost[m] = at?.cost ?? Number.NaN;
    }
    const p = weightedMean(members, t, memberPrice);
    const c = weightedMean(members, t, memberCost);
    if (p !== null) anyPrice = true;
    if (c !== null) anyCost = true;
    price[t] = p ?? 0;
    unitCost[t] = c ?? 0;
    const cb = c !== null && c > 0 ? c : p !== null && p > 0 ? p : 1;
    const pb = p !== null && p > 0 ? p : c !== null && c > 0 ? c : 1;
    costBasis[t] = cb;
    holdingCost[t] = s.holdingRate * cb * holdingFactor;
    unmetPenalty[t] = s.unmetPenaltyRate * pb;
    backlogPenalty[t] = s.backlogPenaltyRate * pb;
    safetyStockPenalty[t] = s.safetyStockPenaltyRate * cb;
  }
  members.forEach((m, j) => {
    const k = idx[j]!;
    if (!general.has(k) && !byPeriod.has(k)) {
      noPrice.push(m.item);
      if (anyPrice) tally.pricedByFamily++;
      return;
    }
    const rows = [general.get(k), ...(byPeriod.get(k)?.values() ?? [])];
    if (rows.every((r) => r === undefined || r.cost === null)) {
      itemsNoCost.push(m.item);
      if (anyCost) tally.costByFamily++;
    }
  });
  if (!anyPrice && T > 0) noPriceEntities.push(key);
  if (anyPrice && !anyCost) noCost.push(key);
  return {
    key,
    family: first.family,
    items: members.length,
    demand,
    onHand: oh,
    safetyStock: ss,
    price,
    unitCost,
    routing,
    holdingCost,
    unmetPenalty,
    backlogPenalty,
    safetyStockPenalty,
    outsourcingMax: new Float64Array(T),
    outsourcingCost: costBasis.map((cb) => s.outsourcingCostRate * cb),
  };
}

/** Outsourcing options onto the entities (at item level a family's allowance is split by horizon demand); unknown scopes listed. */
function applyOutsourcing(input: SupplyPlanInput, entities: readonly SupplyEntity[], s: ResolvedSupplySettings, periods: readonly string[], T: number, unknownScopes: string[]): void {
  const horizon = entities.map((e) => e.demand.reduce((a, v) => a + v, 0));
  for (const opt of input.outsourcing ?? []) {
    const scope = norm(opt.scope);
    const max = Math.max(0, finiteOr(opt.maxUnits, 0));
    const direct = entities.map((e) => norm(e.key) === scope);
    const viaFamily = entities.map((e, i) => !direct[i] && s.level === "item" && norm(e.family) === scope);
    const famCount = viaFamily.filter(Boolean).length;
    const famTotal = horizon.reduce((a, h, i) => (viaFamily[i] ? a + h : a), 0);
    let matched = false;
    entities.forEach((e, i) => {
      if (!direct[i] && !viaFamily[i]) return;
      matched = true;
      const share = direct[i] ? 1 : famTotal > 0 ? (horizon[i] ?? 0) / famTotal : 1 / famCount;
      for (let t = 0; t < T; t++) {
        if (!inRange(periods[t] ?? "", opt.from, opt.to)) continue;
        e.outsourcingMax[t] = max * share;
        if (opt.costPerUnit !== null && Number.isFinite(opt.costPerUnit)) e.outsourcingCost[t] = Math.max(0, opt.costPerUnit);
      }
    });
    if (!matched) unknownScopes.push(`outsourcing for ${opt.scope}`);
  }
}

/** Resources from the capacity (available = capacity × efficiency, overtime allowance), with notes. */
function readResources(input: SupplyPlanInput, s: ResolvedSupplySettings, periods: readonly string[], T: number, notes: SupplyNote[]): { resources: SupplyResource[]; resIndex: Map<string, number> } {
  const resources: SupplyResource[] = [];
  const resIndex = new Map<string, number>();
  const cap = input.capacity;
  const negCap: string[] = [];
  const zeroCap: string[] = [];
  const unknownCap: string[] = [];
  const dupRes: string[] = [];
  if (cap !== null) {
    const colOf = new Map(cap.table.periods.map((p, j) => [p, j] as const));
    const W = cap.table.periods.length;
    cap.table.keys.forEach((resource, row) => {
      if (resIndex.has(resource)) {
        dupRes.push(resource);
        return;
      }
      const unit = cap.units[row] === "units" ? "units" : "hours";
      const effRaw = cap.efficiency[row];
      const eff = effRaw !== undefined && Number.isFinite(effRaw) ? Math.max(0, effRaw) : 1;
      const available = new Float64Array(T);
      const known: boolean[] = [];
      const missing: string[] = [];
      for (let t = 0; t < T; t++) {
        const j = colOf.get(periods[t] ?? "");
        const v = j === undefined ? Number.NaN : (cap.table.values[row * W + j] ?? Number.NaN);
        if (!Number.isFinite(v)) {
          known.push(false);
          missing.push(periods[t] ?? "");
          continue;
        }
        known.push(true);
        if (v < 0) negCap.push(`${resource} ${periods[t]}`);
        available[t] = Math.max(0, v) * eff;
        if (available[t] === 0) zeroCap.push(`${resource} ${periods[t]}`);
      }
      if (missing.length > 0) unknownCap.push(`${resource} (${missing.length === 1 ? missing[0] : `${missing[0]} … ${missing[missing.length - 1]}, ${missing.length} periods`})`);
      const share = unit === "hours" ? s.overtimeShare : 0;
      resIndex.set(resource, resources.length);
      resources.push({
        resource,
        unit,
        available,
        known,
        maxOvertime: available.map((a) => share * a),
        overtimeCost: new Float64Array(T).fill(s.overtimeCostPerHour),
      });
    });
  }
  if (negCap.length > 0) notes.push({ severity: "warning", code: "negative-capacity", message: `Negative capacity taken as 0 (${listNames(negCap)}).` });
  if (zeroCap.length > 0) notes.push({ severity: "info", code: "zero-capacity", message: `Zero available capacity in ${plural(zeroCap.length, "resource-period")} (${listNames(zeroCap)}): nothing loading it can be produced there beyond overtime.` });
  if (unknownCap.length > 0) notes.push({ severity: "warning", code: "unknown-capacity", message: `No capacity value for ${listNames(unknownCap)}: production is not limited by that resource in those periods.` });
  if (dupRes.length > 0) notes.push({ severity: "warning", code: "duplicate", message: `Resources listed twice in the capacity: the first row is used (${listNames(dupRes)}).` });
  return { resources, resIndex };
}

/**
 * Build the supply problem from the engine's inputs. Never throws: bad values are replaced and
 * reported in `notes`.
 */
export function buildSupplyProblem(input: SupplyPlanInput, settingsIn?: SupplySettings): PreparedSupply {
  const resolved = resolveSupplySettings(settingsIn);
  const s: ResolvedSupplySettings = resolved.settings;
  const notes: SupplyNote[] = [...resolved.notes];
  const periods = input.periods;
  const T = periods.length;
  const weekly = periods.length > 0 && parsePeriodKey(periods[0] ?? "")?.kind === "week";
  const holdingFactor = weekly ? 12 / 52 : 1;

  const { items, itemIndex } = readDemand(input, periods, T, notes);
  const { onHand, safety } = readInventory(input, items, itemIndex, periods, T, notes);
  const prices = readPrices(input, itemIndex, notes);
  const { itemLines, familyLines } = readRouting(input, itemIndex, notes);

  // Entities.
  const groups: ItemData[][] = [];
  if (s.level === "item") for (const d of items) groups.push([d]);
  else {
    const gi = new Map<string, number>();
    for (const d of items) {
      let g = gi.get(d.family);
      if (g === undefined) {
        gi.set(d.family, (g = groups.length));
        groups.push([]);
      }
      groups[g]!.push(d);
    }
  }
  const noPrice: string[] = [];
  const noPriceEntities: string[] = [];
  const noCost: string[] = [];
  const itemsNoCost: string[] = [];
  const noRouting: string[] = [];
  const tally = { pricedByFamily: 0, costByFamily: 0 };
  const ctx: EntityContext = { s, periods, T, holdingFactor, itemIndex, onHand, safety, prices, itemLines, familyLines, noPrice, noPriceEntities, noCost, itemsNoCost, noRouting, tally };
  const entities: SupplyEntity[] = groups.map((members) => buildEntity(members, ctx));
  if (noPrice.length > 0) {
    const whole =
      noPriceEntities.length > 0
        ? ` No price at all for ${listNames(noPriceEntities)}: margin 0 (revenue not counted); the plan still serves demand and keeps safety stock, with penalties on a nominal price of 1.`
        : "";
    const mean = tally.pricedByFamily > 0 ? ` ${tally.pricedByFamily === noPrice.length ? "They get" : `${tally.pricedByFamily} of them get`} their family's demand-weighted mean price.` : "";
    notes.push({ severity: "warning", code: "missing-price", message: `${plural(noPrice.length, "item")} without a price (${listNames(noPrice)}).${mean}${whole}` });
  }
  if (itemsNoCost.length > 0 || noCost.length > 0) {
    const mean = tally.costByFamily > 0 ? ` ${tally.costByFamily === itemsNoCost.length ? "They get" : `${tally.costByFamily} of them get`} their family's demand-weighted mean unit cost.` : "";
    const none = noCost.length > 0 ? ` No unit cost at all for ${listNames(noCost)}: unit cost taken as 0 (margin = price); holding and safety-stock penalties use the price.` : "";
    const head = itemsNoCost.length > 0 ? `${plural(itemsNoCost.length, "item")} with a price but no unit cost (${listNames(itemsNoCost)}).` : "";
    notes.push({ severity: "warning", code: "missing-unit-cost", message: `${head}${mean}${none}`.trim() });
  }
  if (noRouting.length > 0) notes.push({ severity: "warning", code: "no-routing", message: `${plural(noRouting.length, "item")} without a routing line (${listNames(noRouting)}): ${s.level === "family" ? "they load no resource in their family's mean" : "their production is not limited by capacity"}.` });

  // Outsourcing options.
  const unknownScopes: string[] = [];
  applyOutsourcing(input, entities, s, periods, T, unknownScopes);

  // Resources.
  const { resources, resIndex } = readResources(input, s, periods, T, notes);
  const routed = new Set<string>();
  for (const e of entities) for (const l of e.routing) routed.add(l.resource);
  const noCapacity = [...routed].filter((r) => !resIndex.has(r));
  if (noCapacity.length > 0) notes.push({ severity: "warning", code: "resource-without-capacity", message: `Resources in the routing without capacity (${listNames(noCapacity)}): production is not limited by them.` });

  for (const opt of input.overtime ?? []) {
    const r = resIndex.get(opt.resource) ?? resources.findIndex((x) => norm(x.resource) === norm(opt.resource));
    const res = resources[r];
    if (res === undefined) {
      unknownScopes.push(`overtime on ${opt.resource}`);
      continue;
    }
    for (let t = 0; t < T; t++) {
      if (!inRange(periods[t] ?? "", opt.from, opt.to)) continue;
      res.maxOvertime[t] = Math.max(0, finiteOr(opt.maxPerPeriod, 0));
      if (opt.costPerHour !== null && Number.isFinite(opt.costPerHour)) res.overtimeCost[t] = Math.max(0, opt.costPerHour);
    }
  }
  if (unknownScopes.length > 0) notes.push({ severity: "warning", code: "unknown-scope", message: `Options for unknown families, items or resources ignored: ${listNames(unknownScopes)}.` });

  return {
    problem: { periods, level: s.level, unmet: s.unmet, entities, resources },
    settings: resolved.used,
    notes,
  };
}
