/**
 * Fixed summaries for the Scenarios and Meeting steps' tests: the sample workbook's cycle 2026-11
 * (figures rounded), with a scenario that was skipped, one that failed, and decisions in every
 * state (open, overdue, approved, new, closed).
 */
import type { DecisionView, MeetingSummary } from "../../src/workbook/meetingSummary";
import type { ScenarioFigures, ScenarioSummary, ScenarioView } from "../../src/workbook/scenarioSummary";

const ZERO: ScenarioFigures = {
  revenue: 0,
  margin: 0,
  marginPct: 0,
  fillRate: 0,
  unmetUnits: 0,
  endingInventoryValue: 0,
  averageUtilisation: 0,
  peakUtilisation: 0,
  overtimeHours: 0,
  overtimeCost: 0,
  outsourcedUnits: 0,
  outsourcingCost: 0,
  holdingCost: 0,
  leverCost: 0,
  shortages: 0,
};

export const BASE: ScenarioFigures = {
  ...ZERO,
  revenue: 256_933_802,
  margin: 94_440_426,
  marginPct: 0.36757,
  fillRate: 1,
  unmetUnits: 0,
  endingInventoryValue: 2_618_065,
  averageUtilisation: 0.63,
  peakUtilisation: 1.1,
  overtimeHours: 623.57,
  overtimeCost: 28_060.72,
  holdingCost: 1_044_680,
  shortages: 3,
};

/** A scenario from its deltas against BASE. */
function scenario(name: string, deltas: Partial<ScenarioFigures>, levers: string[]): ScenarioView {
  const d: ScenarioFigures = { ...ZERO, ...deltas };
  const metrics = Object.fromEntries(Object.entries(BASE).map(([k, v]) => [k, v + d[k as keyof ScenarioFigures]])) as unknown as ScenarioFigures;
  return { name, isBaseline: false, status: "ok", reason: "", strategy: "optimal", metrics, deltas: d, levers };
}

export const SCENARIOS: ScenarioSummary = {
  sheet: "SOP Scenarios",
  baseline: { name: "Baseline", isBaseline: true, status: "ok", reason: "", strategy: "optimal", metrics: BASE, deltas: { ...ZERO }, levers: [] },
  scenarios: [
    scenario(
      "Summer promotion",
      { revenue: 5_112_668, margin: 1_830_826, marginPct: -0.00018, overtimeHours: 844.57, overtimeCost: 38_005.75, shortages: 2 },
      ["Pumps demand +15 % in 2027-05 … 2027-08: +4,941.7 units", "Accessories demand +6 % in 2027-05 … 2027-08: +1,027.1 units"],
    ),
    scenario("Add a shift on WC-20", { margin: 60_737, marginPct: 0.00024, peakUtilisation: -2.2e-16, overtimeHours: -346.41, overtimeCost: -15_588.52, shortages: -2 }, [
      "WC-20 Machining capacity +320 hours a month (before efficiency) in 2026-12 … 2027-10: +3,520 hours over the plan",
    ]),
    scenario("Price increase 3 %", { revenue: 5_308_305, margin: 3_074_502, marginPct: 0.00428 }, ["All prices +3 % in 2027-01 … 2027-12 (320 items)"]),
    scenario("Lose a customer", { revenue: -2_400_000, margin: -900_000, fillRate: -0.021, unmetUnits: 1_234.4, outsourcingCost: 12_000 }, ["Seals demand −20 % in 2027-01 … 2027-06"]),
    { name: "Typo scenario", isBaseline: false, status: "skipped", reason: "Lever “demand %%” in row 9 is not a lever", strategy: "optimal", metrics: null, deltas: null, levers: [] },
    { name: "Too much", isBaseline: false, status: "failed", reason: "The LP solver found no feasible plan", strategy: "optimal", metrics: null, deltas: null, levers: [] },
  ],
  recommendation: {
    scenario: "Price increase 3 %",
    rule: "Recommended: the highest margin among the scenarios (baseline included) with a fill rate of at least 95 %.",
    reason: "Price increase 3 %: margin 97,514,928 (+3,074,502 vs the baseline), the highest of the 5 scenarios with a fill rate ≥ 95 % (100 %).",
  },
  strategies: [
    {
      strategy: "level",
      rule: "Level: the same production every month for each family.",
      metrics: { ...BASE, revenue: 252_709_331, margin: 91_135_562, fillRate: 0.9979, unmetUnits: 4_060.5, endingInventoryValue: 5_081_250, peakUtilisation: 1.1181, overtimeHours: 612.4 },
    },
    {
      strategy: "chase",
      rule: "Chase: production follows demand every month.",
      metrics: { ...BASE, margin: 94_469_936, peakUtilisation: 1.4018, overtimeHours: 1_673.28 },
    },
    { strategy: "optimal", rule: "Optimal: the constrained supply plan (LP).", metrics: BASE },
  ],
  fillRateTarget: 0.95,
};

function decision(over: Partial<DecisionView> & Pick<DecisionView, "id" | "address">): DecisionView {
  return {
    topic: "Capacity",
    subject: "WC-20 Machining",
    issue: "WC-20 Machining: load above capacity in 3 months.",
    recommended: "Approve the constrained plan: 624 h of overtime on WC-20 Machining.",
    owner: "",
    due: "",
    status: "Open",
    state: "Active",
    change: "",
    overdue: false,
    impactRevenue: null,
    impactMargin: null,
    outcome: "",
    sheet: "SOP Decisions",
    ...over,
  };
}

export const DECISIONS: readonly DecisionView[] = [
  decision({ id: "BUD-VALVES-2026", address: "A6", topic: "Budget gap", subject: "Valves", status: "Approved", owner: "Ana", due: "2026-12-15", recommended: "Raise the financial forecast." }),
  decision({ id: "CAP-WC-20-MACHINING", address: "A7", change: "new", impactRevenue: 4_923_853, impactMargin: 1_769_361 }),
  decision({
    id: "BIAS-SALES-MOTORS",
    address: "A8",
    topic: "Forecast bias",
    subject: "Sales · Motors",
    owner: "Ben",
    due: "2026-10-31",
    overdue: true,
    recommended: "Review the Sales forecast for Motors with its owner.",
    impactRevenue: 821_708,
  }),
  decision({ id: "RISK-WC-70-WINDING", address: "A9", topic: "Capacity risk", subject: "WC-70 Winding", change: "reopened", recommended: "" }),
  decision({ id: "CAP-MAT-CASTINGS", address: "A10", state: "Closed", change: "closed", status: "Approved", outcome: "Met: no month short on MAT-Castings." }),
  decision({ id: "BUD-FILTERS-2026", address: "A11", topic: "Budget gap", subject: "Filters", status: "Approved", due: "2026-09-30", overdue: true, owner: "Cleo" }),
];

export const FOLLOW_UP = [
  "S&OP executive meeting, cycle 2026-11: decisions and actions",
  "",
  "Still open (3)",
  "- CAP-WC-20-MACHINING (Capacity): WC-20 Machining: load above capacity in 3 months. [owner: not assigned]",
  "",
  "Action items (0)",
  "- none",
].join("\n");

export const MEETING: MeetingSummary = {
  cycle: "2026-11",
  decisionsSheet: "SOP Decisions",
  agendaSheet: "SOP Agenda",
  counts: { active: 5, closed: 1, open: 3, approved: 2, overdue: 2, new: 1 },
  decisions: DECISIONS,
  agenda: [
    {
      number: 1,
      title: "Performance since the last meeting",
      minutes: 10,
      lines: ["Forecast accuracy (Consensus, lag 1, 2026-05…2026-10): 84.7 %, target ≥ 80.0 %: on target.", "Planned fill rate 100.0 %, target ≥ 98.0 %: on target."],
      sheet: "SOP Accuracy",
      address: "A1",
    },
    { number: 2, title: "Supply constraints", minutes: 10, lines: ["4 resource-month(s) over capacity, 6 at risk of overload."], sheet: "SOP Capacity", address: "A86" },
    { number: 3, title: "Decisions needed", minutes: 15, lines: ["CAP-WC-20-MACHINING (Capacity): Approve the constrained plan. Owner: to be named."], sheet: "SOP Decisions", address: "A6" },
    { number: 4, title: "Process review", minutes: 5, lines: [], sheet: "SOP Agenda", address: "A1" },
  ],
  followUp: FOLLOW_UP,
  health: [
    { step: "Data check", state: "ran", at: "2026-11-22T04:28:04.989Z", errors: 0, warnings: 2, notes: 14 },
    { step: "Supply review", state: "ran", at: "2026-11-22T04:28:04.989Z", errors: 1, warnings: 0, notes: 1 },
    { step: "Scenarios", state: "not run: no scenarios mapped", at: "", errors: 0, warnings: 0, notes: 0 },
    { step: "Lock (snapshots, plan freeze)", state: "not locked yet: lock after the meeting", at: "", errors: 0, warnings: 0, notes: 0 },
  ],
};
