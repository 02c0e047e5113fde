/**
 * The Supply step: the supply review of the last run (DESIGN.md §2 step 3) at a glance — the
 * constrained plan's figures and solver status (or why there is no plan), shortages and
 * resource-months at risk, the safety-stock review — then load vs capacity for a picked
 * resource, and the shortages (inside Excel each selects its row in SOP Capacity).
 *
 * Props-driven: every effect is a callback (select, activate).
 */
import { Badge, Body1, Caption1, Dropdown, Field, Link, Option, Subtitle2 } from "@fluentui/react-components";
import { useState } from "react";
import type { WriteResult } from "../../workbook/host";
import type { ShortageView, SupplySummary } from "../../workbook/supplyStep";
import type { PaneHost } from "../officeHost";
import { monthSpan, percent, plural, sheetAddress, shortAmount, signedShortAmount, wholeAmount, writtenSheet } from "../paneFormat";
import { capacityReading, firstResource, loadMonths, monthCounts, planStatusColor, shortageHeadline } from "../supplyView";
import { Figure } from "./Figure";
import { LoadChart } from "./LoadChart";
import { usePanelStyles } from "./panelStyles";
import { PanelSection, StepIntro } from "./PanelSection";
import { PointerItem, PointerList } from "./PointerItem";

/** Shortages listed at first; "Show all" lists the others. */
const SHORTAGES_FIRST = 8;

export interface SupplyPanelProps {
  readonly mode: PaneHost;
  readonly summary: SupplySummary;
  /** Where the run wrote its sheets (for the names they got). */
  readonly written: WriteResult | null;
  /** Excel: select a shortage's row (or a resource's). */
  readonly onSelect?: (address: string) => void;
  /** Excel: show an output sheet. */
  readonly onActivate?: (sheet: string) => void;
}

function PlanCard({ summary }: { summary: SupplySummary }): JSX.Element {
  const s = usePanelStyles();
  const plan = summary.plan;
  return (
    <li className={s.card} data-testid="plan-card" data-status={plan?.status ?? "none"}>
      <div className={s.head}>
        <Subtitle2 as="h3" className={s.title}>
          Constrained plan
        </Subtitle2>
        {plan && (
          <Badge appearance="tint" color={planStatusColor(plan.status)} size="small" data-testid="plan-status">
            {plan.status}
          </Badge>
        )}
      </div>
      {plan ? (
        <>
          <dl className={s.figures}>
            <Figure label="Fill rate" value={percent(plan.fillRate)} testId="plan-fill-rate" />
            <Figure label="Unmet demand" value={wholeAmount(plan.unmetUnits)} note="units" testId="plan-unmet" />
            <Figure label="Overtime" value={wholeAmount(plan.overtimeHours)} note="hours" testId="plan-overtime" />
            <Figure label="Margin" value={shortAmount(plan.margin)} note={`on revenue ${shortAmount(plan.revenue).replace(" ", "\u00a0")}`} testId="plan-margin" />
          </dl>
          {plan.explanation && <Body1 data-testid="plan-explanation">{plan.explanation}</Body1>}
          <Caption1 className={s.muted} data-testid="plan-solver">
            Solved with {plan.solver}
            {plan.outsourcedUnits > 0 ? `; ${wholeAmount(plan.outsourcedUnits)} units outsourced` : ""}.
          </Caption1>
        </>
      ) : (
        <Body1 data-testid="plan-note">{summary.planNote}</Body1>
      )}
    </li>
  );
}

function CapacityCard({ summary }: { summary: SupplySummary }): JSX.Element {
  const s = usePanelStyles();
  return (
    <li className={s.card} data-testid="capacity-card">
      <Subtitle2 as="h3" className={s.title}>
        Capacity
      </Subtitle2>
      <dl className={s.figures}>
        <Figure label="Over capacity" value={wholeAmount(summary.shortageCount)} note={summary.shortageCount === 1 ? "resource-month" : "resource-months"} testId="shortage-count" />
        <Figure label="At risk" value={wholeAmount(summary.atRiskCount)} note={summary.atRiskCount === 1 ? "resource-month" : "resource-months"} testId="at-risk-count" />
        <Figure label="Resources" value={wholeAmount(summary.resources.length)} note="loaded by the consensus" testId="resource-count" />
      </dl>
    </li>
  );
}

function SafetyStockCard({ summary }: { summary: SupplySummary }): JSX.Element {
  const s = usePanelStyles();
  const ss = summary.safetyStock;
  return (
    <li className={s.card} data-testid="safety-card">
      <Subtitle2 as="h3" className={s.title}>
        Safety stock
      </Subtitle2>
      {ss ? (
        <>
          <dl className={s.figures}>
            <Figure label="Investment now" value={shortAmount(ss.currentInvestment)} testId="safety-now" />
            <Figure label="Recommended" value={shortAmount(ss.recommendedInvestment)} testId="safety-recommended" />
            <Figure label="Change" value={signedShortAmount(ss.change)} note={plural(ss.items, "item")} testId="safety-change" />
          </dl>
          <Caption1 className={s.muted}>Safety stock valued at cost: as held now, and as recommended from the forecast error over each item's lead time.</Caption1>
        </>
      ) : (
        <Body1>No safety-stock review: no inventory or prices to review.</Body1>
      )}
    </li>
  );
}

function ShortageItem({ shortage, written, onSelect }: { shortage: ShortageView; written: WriteResult | null; onSelect: ((address: string) => void) | undefined }): JSX.Element {
  return (
    <PointerItem
      badge={{ text: `Short in ${shortage.period}`, color: "danger" }}
      where={`${writtenSheet(shortage.sheet, written)}!${shortage.address}`}
      target={sheetAddress(shortage, written)}
      text={shortage.text}
      onSelect={onSelect}
      testId="shortage"
      part="shortage"
      data={{ resource: shortage.resource, period: shortage.period }}
    />
  );
}

export function SupplyPanel({ mode, summary, written, onSelect, onActivate }: SupplyPanelProps): JSX.Element {
  const s = usePanelStyles();
  const [picked, setPicked] = useState(() => firstResource(summary));
  const resource = summary.resources.find((r) => r.resource === picked) ?? summary.resources.find((r) => r.resource === firstResource(summary)) ?? null;
  const capacitySheet = writtenSheet(summary.capacitySheet, written);
  const supplySheet = writtenSheet(summary.supplySheet, written);
  const overOnce = summary.resources.filter((r) => monthCounts(loadMonths(r, summary.periods)).short > 0).length;

  return (
    <div className={s.root}>
      <StepIntro
        testId="supply-horizon"
        mode={mode}
        sheets={[
          { name: capacitySheet, testId: "open-capacity" },
          { name: supplySheet, testId: "open-supply-plan" },
        ]}
        onActivate={onActivate}
      >
        Cycle {summary.cycle}: the consensus against capacity and inventory over {monthSpan(summary.periods)}.
      </StepIntro>

      <PanelSection id="glance-title" title="At a glance">
        <ul className={s.cards}>
          <PlanCard summary={summary} />
          <CapacityCard summary={summary} />
          <SafetyStockCard summary={summary} />
        </ul>
      </PanelSection>

      <PanelSection id="load-title" title="Load vs capacity">
        {resource ? (
          <>
            <Field label="Resource" hint={`${plural(summary.resources.length, "resource")}; ${overOnce} over capacity in at least one month.`}>
              <Dropdown
                className={s.picker}
                value={resource.resource}
                selectedOptions={[resource.resource]}
                onOptionSelect={(_, d) => {
                  if (d.optionValue) setPicked(d.optionValue);
                }}
                data-testid="resource-picker"
              >
                {summary.resources.map((r) => (
                  <Option key={r.resource} value={r.resource} text={r.resource}>
                    {r.resource}
                  </Option>
                ))}
              </Dropdown>
            </Field>
            <Body1 data-testid="capacity-reading">{capacityReading(resource, summary.periods)}</Body1>
            <LoadChart resource={resource} periods={summary.periods} />
            {onSelect && (
              <div className={s.row}>
                <Link as="button" onClick={() => onSelect(sheetAddress({ sheet: summary.capacitySheet, address: resource.address }, written))} data-testid="select-resource">
                  Select {resource.resource} in {capacitySheet}
                </Link>
              </div>
            )}
          </>
        ) : (
          <Body1 data-testid="no-resources">No resource is loaded: map the capacity and the routing (bill of resources) to compare load with capacity.</Body1>
        )}
        <Caption1 className={s.muted}>
          Load: the consensus times the hours (or units) per unit of the routing, in the month the work is done. Available: capacity × efficiency. At risk: within capacity, but the
          forecast's error gives a 20 % chance or more of overload.
        </Caption1>
      </PanelSection>

      <PanelSection id="shortages-title" title="Shortages">
        <Body1 data-testid="shortage-headline">
          {shortageHeadline(summary.shortageCount, summary.atRiskCount)}
          {summary.shortages.length > 0 ? (onSelect ? " Select a shortage to go to its row." : ` Each names its row in ${capacitySheet} of the result workbook.`) : ""}
        </Body1>
        {summary.shortages.length > 0 && (
          <PointerList
            items={summary.shortages}
            first={SHORTAGES_FIRST}
            noun="shortages"
            testId="shortages"
            itemKey={(x) => `${x.resource}|${x.period}`}
            renderItem={(x) => <ShortageItem shortage={x} written={written} onSelect={onSelect} />}
          />
        )}
        {summary.shortageCount > summary.shortages.length && (
          <Caption1 className={s.muted} data-testid="shortages-more">
            The {summary.shortages.length} largest are listed; {capacitySheet} lists all {summary.shortageCount}.
          </Caption1>
        )}
      </PanelSection>
    </div>
  );
}
