/**
 * The made-up scenario run a pool worker warms its scenario step up with (`forecastWorker.ts`)
 * while the main thread reads the workbook: 120 items in 4 families over 18 months, two work
 * centres and a material, stock and prices, and five scenarios (demand %, capacity hours,
 * overtime, outsourcing, price %), so that every hot loop of the levers and the supply model is
 * compiled before the first real scenario step.
 */
import type { ScenarioContext, ScenarioDemand, ScenarioInputs } from "../workbook/scenarioStep";

/** The warm-up's inputs, consensus and context (no drivers, no cell addresses). */
export function scenarioWarmUpCase(): { readonly inputs: ScenarioInputs; readonly demand: ScenarioDemand; readonly ctx: ScenarioContext } {
  const months = 18;
  const periods = Array.from({ length: months }, (_, i) => `${2027 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`);
  const families = ["F1", "F2", "F3", "F4"];
  let seed = 11;
  const next = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const items = Array.from({ length: 120 }, (_, k) => ({ item: `W${k}`, family: families[k % 4]!, consensus: Float64Array.from({ length: months }, (_, t) => Math.round(40 + 30 * next() + 10 * Math.sin(t / 2)) * (k % 4 === 3 ? 0.5 : 1)) }));
  const keys = ["WC-1", "WC-2", "MAT-1"];
  const inputs: ScenarioInputs = {
    capacity: {
      table: { kind: "month" as const, periods, keys, attributeNames: [], attributes: keys.map(() => []), values: Float64Array.from({ length: keys.length * months }, (_, i) => (i < months ? 5200 + 200 * (i % 3) : i < 2 * months ? 900 : 9000)) },
      efficiency: Float64Array.from([0.9, 1, 1]),
      units: ["hours" as const, "hours" as const, "units" as const],
    },
    resources: [
      ...families.map((f, i) => ({ item: null, family: f, resource: "WC-1", perUnit: 0.5 + 0.25 * i, leadOffset: 0 })),
      ...families.slice(0, 2).map((f) => ({ item: null, family: f, resource: "MAT-1", perUnit: 1, leadOffset: 1 })),
      { item: "W2", family: null, resource: "WC-2", perUnit: 2, leadOffset: 0 },
      { item: "W5", family: null, resource: "WC-2", perUnit: 1.5, leadOffset: 0 },
    ],
    inventory: items.map((i, k) => ({ item: i.item, onHand: 20 + (k % 7) * 10, safetyStock: k % 3 === 0 ? 15 : null, targetDays: null })),
    prices: items.map((i, k) => ({ item: i.item, price: 80 + (k % 9) * 10, unitCost: 50 + (k % 5) * 8, period: null })),
    scenarios: [
      { scenario: "More demand", lever: "demand %", scope: "F1", from: "2027-03", to: "2027-12", value: 12, notes: null },
      { scenario: "Extra shift", lever: "capacity hours", scope: "WC-1", from: null, to: null, value: 300, notes: "cost 45 € per hour" },
      { scenario: "Overtime", lever: "overtime hours", scope: "All", from: null, to: null, value: 150, notes: "cost 30 € per hour" },
      { scenario: "Outsource", lever: "outsourcing units", scope: "F2", from: null, to: null, value: 40, notes: "cost 6 € per unit" },
      { scenario: "Prices", lever: "price %", scope: "All", from: "2027-06", to: null, value: 4, notes: null },
    ],
  };
  return { inputs, demand: { periods, items }, ctx: { cycle: "2027-01", runAt: "2027-01-01T00:00:00.000Z", workbook: "warm-up", drivers: [], addresses: [] } };
}
