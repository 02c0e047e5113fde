/** Small builders for the supply-plan tests: entities and resources from readable numbers, random problems. */
import type { LpSolution, LpSolver, RoutingLoad, SupplyEntity, SupplyProblem, SupplyResource } from "../../../src/engine/supply/types";

export const close = (a: number, b: number, tol = 1e-6): void => {
  if (!(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)))) throw new Error(`${a} ≉ ${b}`);
};
export const arr = (a: Float64Array): number[] => [...a].map((x) => Math.round(x * 1e6) / 1e6);
export const periods = (n: number, from = 2026): string[] => Array.from({ length: n }, (_, t) => `${from + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, "0")}`);

const fill = (T: number, v: number | readonly number[] | undefined, d = 0): Float64Array =>
  v === undefined ? new Float64Array(T).fill(d) : typeof v === "number" ? new Float64Array(T).fill(v) : Float64Array.from(v);

export interface EntitySpec {
  demand: readonly number[];
  onHand?: number;
  safetyStock?: number | readonly number[];
  price?: number | readonly number[];
  unitCost?: number | readonly number[];
  holding?: number;
  unmetPenalty?: number;
  backlogPenalty?: number;
  ssPenalty?: number;
  routing?: readonly RoutingLoad[];
  outsourcingMax?: number | readonly number[];
  outsourcingCost?: number;
}

/** An entity with explicit absolute costs (defaults: price 10, unit cost 6, holding 0.5, penalties 1, 0.5, 1). */
export function entity(key: string, s: EntitySpec): SupplyEntity {
  const T = s.demand.length;
  return {
    key,
    family: key,
    items: 1,
    demand: Float64Array.from(s.demand),
    onHand: s.onHand ?? 0,
    safetyStock: fill(T, s.safetyStock),
    price: fill(T, s.price, 10),
    unitCost: fill(T, s.unitCost, 6),
    routing: s.routing ?? [],
    holdingCost: fill(T, s.holding, 0.5),
    unmetPenalty: fill(T, s.unmetPenalty, 1),
    backlogPenalty: fill(T, s.backlogPenalty, 0.5),
    safetyStockPenalty: fill(T, s.ssPenalty, 1),
    outsourcingMax: fill(T, s.outsourcingMax),
    outsourcingCost: fill(T, s.outsourcingCost),
  };
}

/** A resource with its available capacity per period (overtime none unless given). */
export function resource(name: string, available: readonly number[], o: { unit?: "hours" | "units"; maxOvertime?: number | readonly number[]; overtimeCost?: number } = {}): SupplyResource {
  const T = available.length;
  return {
    resource: name,
    unit: o.unit ?? "hours",
    available: Float64Array.from(available),
    known: available.map(() => true),
    maxOvertime: fill(T, o.maxOvertime),
    overtimeCost: fill(T, o.overtimeCost, 45),
  };
}

export function problem(entities: SupplyEntity[], resources: SupplyResource[], unmet: "lost" | "backlog" = "lost"): SupplyProblem {
  return { periods: periods(entities[0]?.demand.length ?? resources[0]?.available.length ?? 0), level: "family", unmet, entities, resources };
}

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random small supply problem: families, periods, resources (hours and units), leads 0–2, overtime, outsourcing, safety stock. */
export function randomProblem(seed: number, E = 4, T = 6, R = 3): SupplyProblem {
  const r = rng(seed);
  const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;
  const resources = Array.from({ length: R }, (_, j) =>
    resource(
      `R${j}`,
      Array.from({ length: T }, () => round(20 + r() * 80)),
      j === R - 1 ? { unit: "units" } : { maxOvertime: round(5 + r() * 20), overtimeCost: round(5 + r() * 25) },
    ),
  );
  const entities = Array.from({ length: E }, (_, i) => {
    const price = round(20 + r() * 80);
    const routing: RoutingLoad[] = resources.filter(() => r() < 0.7).map((res) => ({ resource: res.resource, perUnit: round(0.2 + r() * 2), leadOffset: Math.floor(r() * 3) }));
    return entity(`F${i}`, {
      demand: Array.from({ length: T }, () => round(r() * 60)),
      onHand: round(r() * 40),
      safetyStock: round(r() * 30),
      price,
      unitCost: round(price * (0.45 + r() * 0.4)),
      holding: round(price * 0.01, 4),
      unmetPenalty: round(price * 0.1, 4),
      backlogPenalty: round(price * 0.05, 4),
      ssPenalty: round(price * 0.3, 4),
      routing,
      outsourcingMax: r() < 0.5 ? round(r() * 20) : 0,
      outsourcingCost: round(price * 0.2),
    });
  });
  return { periods: periods(T), level: "family", unmet: r() < 0.5 ? "lost" : "backlog", entities, resources };
}

/** A solver that records the LP and answers as told (or throws). */
export function fakeSolver(answer: LpSolution | (() => never)): LpSolver & { lp: string } {
  const s = {
    name: "fake",
    lp: "",
    solve(lp: string): LpSolution {
      s.lp = lp;
      return typeof answer === "function" ? answer() : answer;
    },
  };
  return s;
}
