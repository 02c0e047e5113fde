/**
 * Applying a scenario's levers to the baseline (DESIGN.md §6): the adjusted supply input, what
 * each lever changed, and the scenario's fixed costs.
 *
 * Rules, lever by lever, in row order (later levers act on the result of earlier ones):
 * - demand %: consensus × (1 + value / 100) for the items in scope, periods in range;
 * - demand units: value units added per period in range, spread over the scope's items in
 *   proportion to their consensus in that period (equally when it is all zero); never below 0;
 * - capacity hours: value added to the capacity (before efficiency) of the resource, or of every
 *   hours resource for All, in the capacity columns in range; capacity %: capacity × (1 + value /
 *   100) (every resource for All). Blank capacity stays blank (unconstrained); never below 0;
 *   a cost per hour in the notes is a fixed cost per ADDED hour in the plan periods in range;
 * - overtime hours → an `OvertimeOption` (All: one per hours resource), cost per hour from the
 *   notes or the supply setting; outsourcing units → an `OutsourcingOption` (at family level an
 *   item's allowance goes to its family), cost per unit from the notes or the supply setting;
 * - price %, unit cost %: prices (or unit costs) × (1 + value / 100) of the items in scope. When
 *   the range covers every plan period the item's rows are scaled; otherwise the item gets one row
 *   per plan period (its price resolved as the supply plan does: that period's row, else its row
 *   without a period, else its nearest earlier, then later, period row), scaled in range;
 * - production strategy: the last one given is the scenario's strategy (default `optimal`);
 * - a lump-sum cost in the notes of any lever is a fixed cost of the scenario.
 * Pure: the baseline is never modified; parts no lever touches are shared with it.
 */
import type { PriceRow } from "../inputs";
import type { OutsourcingOption, OvertimeOption, SupplyPlanInput } from "../supply/types";
import { scopeKey } from "./levers";
import type { AdjustedScenario, AppliedLever, Lever, ProductionStrategyName, ScenarioBaseline, ScenarioIssue, ScenarioIssueCode } from "./types";

/** Options of `applyScenario`. */
export interface ApplyOptions {
  /** Level of the supply plan (default family): outsourcing on an item goes to its family at family level. */
  readonly level?: "family" | "item";
}

const NUM = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const fmt = (x: number): string => NUM.format(Math.abs(x) < 0.05 ? 0 : x);
const signed = (x: number): string => `${x >= 0 ? "+" : "−"}${fmt(Math.abs(x))}`;
const inRange = (p: string, l: Lever): boolean => (l.from === null || p >= l.from) && (l.to === null || p <= l.to);
const rangeText = (l: Lever): string => (l.from === null && l.to === null ? "every period" : l.from === l.to ? `${l.from}` : `${l.from ?? "start"} … ${l.to ?? "end"}`);
const scopeText = (l: Lever): string => (l.scope.kind === "all" ? "All" : (l.scope.name ?? ""));

type DemandItem = SupplyPlanInput["items"][number];

/** The working copy of a scenario: copy-on-write arrays over the baseline. */
class Working {
  readonly items: DemandItem[];
  private readonly copied = new Set<number>();
  capValues: Float64Array | null = null;
  prices: readonly PriceRow[];
  readonly overtime: OvertimeOption[];
  readonly outsourcing: OutsourcingOption[];

  constructor(readonly base: ScenarioBaseline) {
    this.items = [...base.items];
    this.prices = base.prices;
    this.overtime = [...(base.overtime ?? [])];
    this.outsourcing = [...(base.outsourcing ?? [])];
  }

  /** The consensus of item i, copied on first write. */
  consensus(i: number): Float64Array {
    const it = this.items[i]!;
    if (this.copied.has(i)) return it.consensus;
    const c = Float64Array.from(it.consensus);
    this.items[i] = { item: it.item, family: it.family, consensus: c };
    this.copied.add(i);
    return c;
  }

  /** The capacity values, copied on first write. */
  capacity(): Float64Array | null {
    if (this.base.capacity === null) return null;
    if (this.capValues === null) this.capValues = Float64Array.from(this.base.capacity.table.values);
    return this.capValues;
  }

  input(): SupplyPlanInput {
    const cap = this.base.capacity;
    return {
      ...this.base,
      items: this.items,
      capacity: cap !== null && this.capValues !== null ? { ...cap, table: { ...cap.table, values: this.capValues } } : cap,
      prices: this.prices,
      overtime: this.overtime,
      outsourcing: this.outsourcing,
    };
  }
}

/** Indices of the demand items in a lever's scope. */
function itemsInScope(w: Working, l: Lever): number[] {
  const key = l.scope.name === null ? "" : scopeKey(l.scope.name);
  const out: number[] = [];
  w.items.forEach((it, i) => {
    if (l.scope.kind === "all" || (l.scope.kind === "family" && scopeKey(it.family) === key) || (l.scope.kind === "item" && scopeKey(it.item) === key)) out.push(i);
  });
  return out;
}

/** Rows of the capacity table a lever acts on. */
function capacityRows(w: Working, l: Lever, hoursOnly: boolean): number[] {
  const cap = w.base.capacity;
  if (cap === null) return [];
  const key = l.scope.name === null ? "" : scopeKey(l.scope.name);
  const out: number[] = [];
  cap.table.keys.forEach((k, r) => {
    if (l.scope.kind === "all" ? !hoursOnly || cap.units[r] !== "units" : scopeKey(k) === key) out.push(r);
  });
  return out;
}

/** Resolves one item's price row at a period as the supply plan does (supplyProblem.ts). */
function resolvePrice(rows: readonly PriceRow[], period: string): PriceRow | null {
  let exact: PriceRow | null = null;
  let general: PriceRow | null = null;
  let before: PriceRow | null = null;
  let after: PriceRow | null = null;
  for (const r of rows) {
    if (r.period === null) general = r;
    else if (r.period === period) exact = r;
  }
  if (exact) return exact;
  if (general) return general;
  for (const r of rows) {
    if (r.period === null) continue;
    if (r.period < period && (before === null || r.period >= (before.period ?? ""))) before = r;
    if (r.period > period && (after === null || r.period <= (after.period ?? ""))) after = r;
  }
  return before ?? after;
}

/**
 * Applies a scenario's levers to the baseline: the adjusted supply input, the strategy asked for,
 * what each lever changed (with its fixed cost) and the findings (warnings only: levers reaching
 * here were checked by `parseLevers`). Never modifies `baseline`.
 */
export function applyScenario(baseline: ScenarioBaseline, levers: readonly Lever[], options: ApplyOptions = {}): AdjustedScenario {
  const w = new Working(baseline);
  const periods = baseline.periods;
  const applied: AppliedLever[] = [];
  const issues: ScenarioIssue[] = [];
  let strategy: ProductionStrategyName = "optimal";
  let fixedCost = 0;
  const level = options.level ?? "family";
  for (const l of levers) {
    const note = (code: ScenarioIssueCode, message: string, severity: ScenarioIssue["severity"] = "warning"): void => {
      issues.push({ severity, code, row: l.row, field: code === "no-capacity" || code === "not-applied" ? "scope" : "value", scenario: l.scenario, message });
    };
    const touched = periods.filter((p) => inRange(p, l));
    let leverCost = l.cost?.per === "total" ? l.cost.amount : 0;
    let summary = "";
    const f = 1 + l.value / 100;
    switch (l.kind) {
      case "production strategy":
        strategy = l.strategy ?? "optimal";
        summary = `Production strategy: ${strategy}`;
        break;
      case "demand %":
      case "demand units": {
        const members = itemsInScope(w, l);
        if (members.length === 0) {
          note("not-applied", `No item of ${scopeText(l)} has demand in the plan: the lever changes nothing.`);
          summary = `${scopeText(l)} demand: no items`;
          break;
        }
        let delta = 0;
        let clamped = 0;
        periods.forEach((p, t) => {
          if (!inRange(p, l)) return;
          if (l.kind === "demand %") {
            for (const i of members) {
              const c = w.consensus(i);
              const old = c[t] ?? 0;
              if (!Number.isFinite(old)) continue;
              c[t] = Math.max(0, old * f);
              delta += (c[t] ?? 0) - old;
            }
            return;
          }
          let total = 0;
          for (const i of members) {
            const v = w.items[i]!.consensus[t] ?? 0;
            if (Number.isFinite(v) && v > 0) total += v;
          }
          for (const i of members) {
            const c = w.consensus(i);
            const old = Number.isFinite(c[t] ?? 0) ? Math.max(0, c[t] ?? 0) : 0;
            const share = total > 0 ? old / total : 1 / members.length;
            const next = old + l.value * share;
            if (next < 0) clamped++;
            c[t] = Math.max(0, next);
            delta += (c[t] ?? 0) - old;
          }
        });
        if (clamped > 0) note("clamped", `Removing ${fmt(-l.value)} units a month takes ${scopeText(l)} below zero demand in some periods: demand set to 0 there.`);
        summary = `${scopeText(l)} demand ${l.kind === "demand %" ? `${signed(l.value)} %` : `${signed(l.value)} units a month`} in ${rangeText(l)}: ${signed(delta)} units`;
        break;
      }
      case "capacity hours":
      case "capacity %": {
        const values = w.capacity();
        const cap = baseline.capacity;
        if (values === null || cap === null) {
          note("no-capacity", `There is no capacity table: the ${l.kind} lever changes nothing.`);
          summary = `${scopeText(l)} capacity: no capacity table`;
          break;
        }
        const rows = capacityRows(w, l, l.kind === "capacity hours");
        if (rows.length === 0) note("no-capacity", `${scopeText(l)} has no row in the capacity table (its production is not limited by it): the ${l.kind} lever changes nothing.`);
        const W = cap.table.periods.length;
        const planSet = new Set(periods);
        let added = 0;
        let blanks = 0;
        let clamped = 0;
        for (const r of rows) {
          cap.table.periods.forEach((p, j) => {
            if (!inRange(p, l)) return;
            const old = values[r * W + j] ?? Number.NaN;
            if (!Number.isFinite(old)) {
              if (planSet.has(p)) blanks++;
              return;
            }
            let next = l.kind === "capacity hours" ? old + l.value : old * f;
            if (next < 0) {
              clamped++;
              next = 0;
            }
            values[r * W + j] = next;
            if (planSet.has(p)) {
              added += next - old;
              if (l.cost !== null && l.cost.per !== "total" && next > old) leverCost += (next - old) * l.cost.amount;
            }
          });
        }
        if (blanks > 0) note("not-applied", `${blanks} resource-months of ${scopeText(l)} in range have no capacity figure (unconstrained): left blank.`, "info");
        if (clamped > 0) note("clamped", `The ${l.kind} lever takes ${scopeText(l)} below zero capacity in ${clamped} months: capacity set to 0 there.`);
        const unit = rows.length === 1 && cap.units[rows[0]!] === "units" ? "units" : "hours";
        summary = `${scopeText(l)} capacity ${l.kind === "capacity %" ? `${signed(l.value)} %` : `${signed(l.value)} ${unit} a month`} (before efficiency) in ${rangeText(l)}: ${signed(added)} ${unit} over the plan`;
        break;
      }
      case "overtime hours": {
        const cap = baseline.capacity;
        const rows = capacityRows(w, l, true);
        const names = l.scope.kind === "resource" ? [l.scope.name ?? ""] : rows.map((r) => cap?.table.keys[r] ?? "");
        if (cap === null) note("no-capacity", `There is no capacity table: overtime changes nothing.`);
        else if (l.scope.kind === "resource" && rows.length === 0) note("no-capacity", `${scopeText(l)} has no row in the capacity table (its production is not limited by it): overtime changes nothing.`);
        const costPerHour = l.cost !== null && l.cost.per !== "total" ? l.cost.amount : null;
        for (const resource of names) w.overtime.push({ resource, from: l.from, to: l.to, maxPerPeriod: l.value, costPerHour });
        summary = `Overtime up to ${fmt(l.value)} hours a month on ${scopeText(l)} in ${rangeText(l)}${costPerHour !== null ? ` at ${fmt(costPerHour)} per hour` : " at the default cost"}`;
        break;
      }
      case "outsourcing units": {
        let scope = l.scope.name ?? "";
        if (l.scope.kind === "item" && level === "family") {
          const it = baseline.items.find((x) => scopeKey(x.item) === scopeKey(scope));
          if (it !== undefined) {
            note("not-applied", `The plan is made per family: outsourcing for item ${scope} is allowed for its family ${it.family}.`, "info");
            scope = it.family;
          }
        }
        const costPerUnit = l.cost !== null && l.cost.per !== "total" ? l.cost.amount : null;
        w.outsourcing.push({ scope, from: l.from, to: l.to, maxUnits: l.value, costPerUnit });
        summary = `Outsourcing up to ${fmt(l.value)} units a month for ${scope} in ${rangeText(l)}${costPerUnit !== null ? ` at ${fmt(costPerUnit)} per unit` : " at the default cost"}`;
        break;
      }
      case "price %":
      case "unit cost %": {
        const isPrice = l.kind === "price %";
        const targets = new Set(itemsInScope(w, l).map((i) => w.items[i]!.item));
        const byItem = new Map<string, PriceRow[]>();
        const keep: PriceRow[] = [];
        for (const r of w.prices) {
          if (!targets.has(r.item)) {
            keep.push(r);
            continue;
          }
          let list = byItem.get(r.item);
          if (list === undefined) byItem.set(r.item, (list = []));
          list.push(r);
        }
        const whole = periods.every((p) => inRange(p, l));
        const scale = (r: PriceRow, on: boolean): PriceRow =>
          !on ? r : isPrice ? { ...r, price: r.price * f } : { ...r, unitCost: r.unitCost === null ? null : r.unitCost * f };
        let unpriced = 0;
        const out: PriceRow[] = [...keep];
        for (const item of targets) {
          const rows = byItem.get(item);
          if (rows === undefined) {
            unpriced++;
            continue;
          }
          if (whole) {
            for (const r of rows) out.push(scale(r, true));
            continue;
          }
          for (const p of periods) {
            const r = resolvePrice(rows, p);
            if (r === null) continue;
            out.push(scale({ item, price: r.price, unitCost: r.unitCost, period: p }, inRange(p, l)));
          }
        }
        w.prices = out;
        if (unpriced > 0) note("no-price", `${unpriced} item${unpriced === 1 ? "" : "s"} of ${scopeText(l)} have no price row: the ${l.kind} lever does not change them.`, "info");
        summary = `${scopeText(l)} ${isPrice ? "prices" : "unit costs"} ${signed(l.value)} % in ${rangeText(l)} (${targets.size - unpriced} items)`;
        break;
      }
    }
    if (leverCost > 0) summary += `; fixed cost ${fmt(leverCost)}`;
    fixedCost += leverCost;
    applied.push({ lever: l, periods: l.kind === "production strategy" ? [] : touched, summary, fixedCost: leverCost });
  }
  return { input: w.input(), strategy, applied, fixedCost, issues };
}
