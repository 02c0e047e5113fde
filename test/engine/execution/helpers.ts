/** Builders for the execution tests: a consensus, a supply plan entity and a plan from readable numbers. */
import type { Consensus, ConsensusItem } from "../../../src/engine/demand/types";
import { emptyTotals } from "../../../src/engine/supply/supplyPlan";
import type { EntityPlan, SupplyPlan } from "../../../src/engine/supply/types";

export const arr = (a: ArrayLike<number>): number[] => Array.from(a, (x) => Math.round(x * 1e6) / 1e6);

/** A consensus of items `[item, family, values]` over `periods`. */
export function consensusOf(periods: string[], rows: [string, string, number[]][]): Consensus {
  const items: ConsensusItem[] = rows.map(([item, family, v]) => ({ item, family, isNew: false, consensus: Float64Array.from(v), rules: v.map(() => ({ code: "statistical", label: "statistical" })), flags: [] }));
  const famNames = [...new Set(rows.map((r) => r[1]))];
  const sum = (rs: ConsensusItem[]): Float64Array => Float64Array.from(periods, (_, t) => rs.reduce((a, r) => a + r.consensus[t]!, 0));
  const families = famNames.map((f) => {
    const rs = items.filter((i) => i.family === f);
    return { family: f, items: rs.length, consensus: sum(rs) };
  });
  return {
    rule: "replace",
    periods,
    items,
    families,
    total: { family: "(total)", items: items.length, consensus: sum(items) },
    ruleCounts: [],
    codeCounts: { statistical: items.length * periods.length, contributor: 0, mean: 0, weighted: 0, none: 0 },
    contributors: [],
  };
}

/** A supply plan entity with the given figures (others zero). */
export function entityPlan(key: string, family: string, f: { demand?: number[]; production: number[]; outsourced?: number[]; served?: number[]; inventory?: number[] }): EntityPlan {
  const T = f.production.length;
  const a = (v: number[] | undefined): Float64Array => (v ? Float64Array.from(v) : new Float64Array(T));
  return {
    key,
    family,
    demand: a(f.demand),
    production: a(f.production),
    outsourced: a(f.outsourced),
    served: a(f.served),
    unmet: new Float64Array(T),
    backlog: new Float64Array(T),
    inventory: a(f.inventory),
    safetyStock: new Float64Array(T),
    shortfall: new Float64Array(T),
    onHand: 0,
    revenue: 0,
    grossMargin: 0,
    fillRate: 1,
  };
}

/** A solved plan with these entities (totals and sizes zero: not read by the execution step). */
export function supplyPlanOf(level: "family" | "item", periods: string[], entities: EntityPlan[], status: SupplyPlan["status"] = "Optimal"): SupplyPlan {
  return {
    status,
    explanation: "",
    solver: "HiGHS (test)",
    level,
    unmet: "lost",
    periods,
    entities,
    resources: [],
    totals: emptyTotals(0),
    size: { variables: 0, constraints: 0, nonZeros: 0 },
    settings: [],
    notes: [],
  };
}
