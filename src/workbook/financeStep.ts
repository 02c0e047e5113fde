/**
 * The financial part of the pre-S&OP step (DESIGN.md §2 step 4): revenue, cost and margin of the
 * consensus and the constrained plan, the gap to budget and the budget-to-plan bridge, rendered
 * as `SOP Financials`; findings for what could not be priced or compared.
 *
 * Pure: engine inputs and results in, a sheet and findings out.
 */
import { bridge } from "../engine/finance/bridge";
import { budgetGap } from "../engine/finance/budgetGap";
import { financials } from "../engine/finance/financials";
import type { Bridge, BudgetGap, FinancialsResult } from "../engine/finance/types";
import type { Consensus } from "../engine/demand/types";
import type { PlanningInputs } from "../engine/inputs";
import type { SupplyPlan } from "../engine/supply/types";
import type { Finding } from "./findings";
import { renderFinancialsSheet } from "./financialsSheet";
import type { SheetSpec } from "./sheetSpec";

export interface FinanceStepResult {
  readonly sheet: SheetSpec;
  readonly findings: readonly Finding[];
  readonly financials: FinancialsResult;
  readonly gap: BudgetGap;
  readonly bridge: Bridge;
}

/** Financials of the cycle's plans against the budget. */
export function financeStep(inputs: PlanningInputs, consensus: Consensus, plan: SupplyPlan | null, ctx: { cycle: string; runAt: string; workbook: string }): FinanceStepResult {
  const fin = financials({ cycle: ctx.cycle, periods: consensus.periods, items: consensus.items, supply: plan, prices: inputs.prices, actuals: inputs.actuals });
  const gap = budgetGap({ financials: fin, budget: inputs.budget, budgetMeasure: inputs.budgetMeasure });
  const br = bridge({ financials: fin, budget: inputs.budget, budgetMeasure: inputs.budgetMeasure });
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const issue of [...fin.issues, ...gap.issues, ...br.issues]) {
    if (seen.has(issue.message)) continue;
    seen.add(issue.message);
    findings.push({ severity: issue.severity, code: "finance-note", role: "financials", address: "", message: issue.message });
  }
  const { sheet } = renderFinancialsSheet({ ...ctx, financials: fin, gap, bridge: br });
  return { sheet, findings, financials: fin, gap, bridge: br };
}
