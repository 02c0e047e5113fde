/**
 * Data problems met by the rough-cut capacity check (roughCutCapacity.ts), counted with their
 * first examples and turned into sentences a supply planner understands. Nothing is thrown:
 * every problem has a defined treatment, stated in its message.
 *
 * Pure; no I/O.
 */
import type { CapacityIssue, CapacityIssueExample, CapacityIssueKind } from "./types";

/** Examples kept per kind. */
const MAX_EXAMPLES = 5;

/** An example with only the given fields set. */
export function example(fields: Partial<CapacityIssueExample>): CapacityIssueExample {
  return { resource: null, item: null, family: null, period: null, line: null, ...fields };
}

/** Rounded figure for a message: at most 2 decimals, thousands separated by commas. */
function fmt(x: number): string {
  const [int = "0", dec] = String(Math.round(x * 100) / 100).split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return dec === undefined ? grouped : `${grouped}.${dec}`;
}

type Describe = (count: number, amount: number) => { severity: "warning" | "info"; message: string };

const MESSAGES: Record<CapacityIssueKind, Describe> = {
  "resource-without-capacity": (n) => ({
    severity: "warning",
    message: `${n} resource(s) in the bill of resources have no capacity row; their load is shown without capacity (no utilisation, no shortage).`,
  }),
  "capacity-not-loaded": (n) => ({
    severity: "info",
    message: `${n} capacity row(s) carry no load in the plan: no routing line names them, or their items have no demand.`,
  }),
  "no-capacity-in-period": (n, load) => ({
    severity: "warning",
    message: `${n} resource-period(s) have a capacity row but no capacity figure for the plan period (blank, or outside the capacity table's periods); capacity is unknown there, utilisation is left blank (load there: ${fmt(load)}).`,
  }),
  "no-available-capacity-with-load": (n) => ({
    severity: "warning",
    message: `${n} resource-period(s) carry load but have zero (or negative) available capacity; they are shortages with no utilisation.`,
  }),
  "negative-capacity": (n) => ({
    severity: "warning",
    message: `${n} capacity figure(s) are negative; they count as 0 available.`,
  }),
  "bad-efficiency": (n) => ({
    severity: "warning",
    message: `${n} capacity row(s) have an efficiency that is not a number or is negative; 1 (100 %) is used.`,
  }),
  "duplicate-capacity-row": (n) => ({
    severity: "warning",
    message: `${n} capacity row(s) repeat a resource already listed (names compared without case and spaces); the first row is used.`,
  }),
  "bad-per-unit": (n) => ({
    severity: "warning",
    message: `${n} routing line(s) have hours (or units) per unit that are zero, negative or not a number; they are ignored.`,
  }),
  "routing-line-without-key": (n) => ({
    severity: "warning",
    message: `${n} routing line(s) name neither an item nor a family; they are ignored.`,
  }),
  "bad-lead-offset": (n) => ({
    severity: "warning",
    message: `${n} routing line(s) have a lead offset that is not a whole number of periods ≥ 0; it is rounded, and a negative or missing one counts as 0.`,
  }),
  "unrouted-item": (n, demand) => ({
    severity: demand > 0 ? "warning" : "info",
    message: `${n} item(s) have no routing line of their own or of their family; their demand (${fmt(demand)} units over the plan) loads no resource.`,
  }),
  "bad-demand": (n) => ({
    severity: "warning",
    message: `${n} demand figure(s) are not a number or negative; they count as 0.`,
  }),
  "bad-sd": (n) => ({
    severity: "info",
    message: `${n} forecast-error standard deviation(s) are not a number or negative; they count as 0 (no uncertainty).`,
  }),
  "load-before-plan": (n, load) => ({
    severity: "info",
    message: `${n} resource(s) would be loaded before the first plan period by early demand and a lead offset; that load (${fmt(load)} in all) is not counted.`,
  }),
  "plan-periods": (n) => ({
    severity: "warning",
    message: `${n} plan period(s) are not a period key or not consecutive; lead offsets are applied by position in the plan.`,
  }),
};

/** Counts issues of each kind, an amount per kind (load, demand), and keeps the first examples. */
export class CapacityIssueCounter {
  private readonly counts = new Map<CapacityIssueKind, { count: number; amount: number; examples: CapacityIssueExample[] }>();

  /** Counts one occurrence (kept as an example while fewer than 5 are kept); adds `amount`. */
  note(kind: CapacityIssueKind, ex: CapacityIssueExample, amount = 0): void {
    let c = this.counts.get(kind);
    if (c === undefined) this.counts.set(kind, (c = { count: 0, amount: 0, examples: [] }));
    c.count++;
    c.amount += amount;
    if (c.examples.length < MAX_EXAMPLES) c.examples.push(ex);
  }

  /** Count of a kind so far. */
  count(kind: CapacityIssueKind): number {
    return this.counts.get(kind)?.count ?? 0;
  }

  /** The counted issues, in the order first met, each with its sentence. */
  issues(): CapacityIssue[] {
    const out: CapacityIssue[] = [];
    for (const [kind, c] of this.counts) out.push({ kind, count: c.count, examples: c.examples, ...MESSAGES[kind](c.count, c.amount) });
    return out;
  }
}
