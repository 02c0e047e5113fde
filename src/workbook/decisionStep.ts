/**
 * The decisions part of the pre-S&OP step (DESIGN.md §2 step 4): proposals from the cycle's
 * evidence, merged with the previous `SOP Decisions` by id (what people typed is kept; decisions
 * whose cause is gone are closed, never deleted), the outcome check, and the sheet.
 *
 * Pure: the steps' results and the previous sheet's grid in, the sheet, the log and findings out.
 */
import type { DemandAccuracyResult } from "../engine/accuracy/types";
import type { RoughCutResult } from "../engine/capacity/types";
import { type DecisionOptions, currentMeasures, measureRules, proposeDecisions } from "../engine/decisions/propose";
import { reconcileDecisions } from "../engine/decisions/reconcile";
import type { DecisionLog, DecisionRow } from "../engine/decisions/types";
import type { BudgetGap, FinancialsResult } from "../engine/finance/types";
import type { ScenarioComparison } from "../engine/scenario/types";
import type { SupplyPlan } from "../engine/supply/types";
import { ACCURACY_SHEET } from "./accuracySheet";
import { DECISIONS_SHEET, type EvidenceLink, parseDecisionsSheet, renderDecisionsSheet } from "./decisionsSheet";
import { FINANCIALS_SHEET } from "./financialsSheet";
import type { Finding } from "./findings";
import type { Grid } from "./grid";
import { SCENARIOS_SHEET } from "./scenarioStep";
import type { SheetSpec } from "./sheetSpec";
import type { SupplySummary } from "./supplyStep";

export interface DecisionStepInput {
  readonly cycle: string;
  readonly runAt: string;
  readonly workbook: string;
  readonly capacity: RoughCutResult | null;
  readonly plan: SupplyPlan | null;
  readonly financials: FinancialsResult | null;
  readonly gap: BudgetGap | null;
  readonly accuracy: DemandAccuracyResult | null;
  readonly scenarios: ScenarioComparison | null;
  /** The supply summary (rows of the resources in `SOP Capacity`, for evidence links). */
  readonly supply: SupplySummary | null;
  /** The previous `SOP Decisions`, as read back (null on the first run). */
  readonly previous: Grid | null;
  readonly options?: DecisionOptions;
}

export interface DecisionStepResult {
  readonly sheet: SheetSpec;
  readonly log: DecisionLog;
  readonly findings: readonly Finding[];
  /** Where each decision's evidence lives (id → link), for the agenda and the pane. */
  readonly evidence: ReadonlyMap<string, EvidenceLink>;
  /** Row of each decision in `SOP Decisions` (id → `A6`). */
  readonly rowOf: ReadonlyMap<string, string>;
}

/** Run the decisions of the cycle. */
export function decisionStep(input: DecisionStepInput): DecisionStepResult {
  const evidenceInput = {
    cycle: input.cycle,
    capacity: input.capacity,
    plan: input.plan,
    financials: input.financials,
    gap: input.gap,
    accuracy: input.accuracy,
    scenarios: input.scenarios,
    ...(input.options ? { options: input.options } : {}),
  };
  const proposals = proposeDecisions(evidenceInput);
  const previous = input.previous ? parseDecisionsSheet(input.previous) : [];
  const log = reconcileDecisions(input.cycle, proposals, previous, currentMeasures(evidenceInput), input.runAt.slice(0, 10), measureRules(input.options));

  const capacitySheet = input.supply?.capacitySheet ?? "SOP Capacity";
  const link = (r: DecisionRow): EvidenceLink | null => {
    if (!r.evidence) return null;
    switch (r.evidence.kind) {
      case "capacity": {
        const at = input.supply?.resources.find((x) => x.resource === r.evidence?.key)?.address;
        return { sheet: capacitySheet, cell: at && at !== "" ? at : "A1" };
      }
      case "accuracy":
        return { sheet: ACCURACY_SHEET, cell: "A1" };
      case "financials":
        return { sheet: FINANCIALS_SHEET, cell: "A1" };
      case "scenarios":
        return { sheet: SCENARIOS_SHEET, cell: "A1" };
    }
  };
  const evidence = new Map<string, EvidenceLink>();
  for (const r of log.rows) {
    const l = link(r);
    if (l) evidence.set(r.id, l);
  }
  const sheet = renderDecisionsSheet(log, input, (r) => evidence.get(r.id) ?? null);
  const rowOf = new Map<string, string>();
  log.rows.forEach((r, i) => rowOf.set(r.id, `A${i + 6}`));
  const findings: Finding[] = log.issues.map((i) => ({ severity: "warning", code: "decision-note", role: "decisions", address: i.address, message: i.message }));
  return { sheet, log, findings, evidence, rowOf };
}

export { DECISIONS_SHEET };
