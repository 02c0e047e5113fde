/**
 * The Scenarios step: the scenario comparison of the last run (DESIGN.md §6, §2 step 4) — margin
 * and revenue of each scenario against the baseline in a chart, the figures side by side with
 * their deltas, the recommendation and the rule it follows, the production strategies (level,
 * chase, optimal) side by side, what each scenario changes, and the scenarios that did not run
 * with the reason. Empty when no scenario ran: then what to map.
 *
 * Props-driven: every effect is a callback (activate).
 */
import { Badge, Body1, Caption1, Subtitle2 } from "@fluentui/react-components";
import type { WriteResult } from "../../workbook/host";
import type { ScenarioSummary } from "../../workbook/scenarioSummary";
import type { PaneHost } from "../officeHost";
import { writtenSheet } from "../paneFormat";
import {
  SCENARIO_METRICS,
  STRATEGY_METRICS,
  bestStrategy,
  comparedScenarios,
  emptyScenariosText,
  notRun,
  notRunText,
  recommendationTitle,
  scenarioBars,
  scenariosHeadline,
  strategyName,
} from "../scenariosView";
import { FigureTable } from "./FigureTable";
import { usePanelStyles } from "./panelStyles";
import { PanelSection, StepIntro } from "./PanelSection";
import { ScenarioChart } from "./ScenarioChart";

export interface ScenariosPanelProps {
  readonly mode: PaneHost;
  /** The comparison; null when no scenario ran. */
  readonly summary: ScenarioSummary | null;
  /** Where the run wrote its sheets (for the names they got). */
  readonly written: WriteResult | null;
  /** Whether a `scenarios` range is mapped (for the empty state). */
  readonly mapped: boolean;
  /** The Scenarios step's state in the cycle health ("not run: …"), when known (for the empty state). */
  readonly state?: string | null;
  /** Excel: show an output sheet. */
  readonly onActivate?: (sheet: string) => void;
}

function Recommendation({ summary }: { summary: ScenarioSummary }): JSX.Element {
  const s = usePanelStyles();
  const r = summary.recommendation;
  return (
    <div className={s.card} data-testid="recommendation" data-scenario={r.scenario ?? ""}>
      <div className={s.head}>
        <Subtitle2 as="h3" className={s.title} data-testid="recommendation-name">
          {recommendationTitle(summary)}
        </Subtitle2>
        {r.scenario !== null && (
          <Badge appearance="tint" color="success" size="small">
            Recommended
          </Badge>
        )}
      </div>
      {r.reason && <Body1 data-testid="recommendation-reason">{r.reason}</Body1>}
      <Caption1 className={s.muted} data-testid="recommendation-rule">
        {r.rule}
      </Caption1>
    </div>
  );
}

function Levers({ summary }: { summary: ScenarioSummary }): JSX.Element {
  const s = usePanelStyles();
  const ran = summary.scenarios.filter((x) => x.status === "ok");
  return (
    <ul className={s.items} data-testid="scenario-levers">
      {ran.map((x) => (
        <li key={x.name} className={s.item} data-testid="scenario" data-scenario={x.name}>
          <Subtitle2 as="h3" className={s.title}>
            {x.name}
          </Subtitle2>
          {x.levers.length > 0 ? (
            <ul className={s.lines}>
              {x.levers.map((l, i) => (
                <li key={i}>
                  <Caption1>{l}</Caption1>
                </li>
              ))}
            </ul>
          ) : (
            <Caption1 className={s.muted}>No lever: the baseline as it is.</Caption1>
          )}
        </li>
      ))}
    </ul>
  );
}

export function ScenariosPanel({ mode, summary, written, mapped, state, onActivate }: ScenariosPanelProps): JSX.Element {
  const s = usePanelStyles();
  if (summary === null) {
    return (
      <div className={s.root}>
        <Body1 data-testid="no-scenarios">{emptyScenariosText(mapped, state ?? null)}</Body1>
      </div>
    );
  }
  const sheet = writtenSheet(summary.sheet, written);
  const compared = comparedScenarios(summary);
  const bars = scenarioBars(summary);
  const skipped = notRun(summary);
  const best = bestStrategy(summary);
  const recommended = summary.recommendation.scenario;
  const target = `${Math.round(summary.fillRateTarget * 100)} %`;

  return (
    <div className={s.root}>
      <StepIntro testId="scenarios-headline" mode={mode} sheets={[{ name: sheet, testId: "open-scenarios" }]} onActivate={onActivate}>
        {scenariosHeadline(summary)}
      </StepIntro>

      <PanelSection id="recommendation-title" title="Recommendation">
        <Recommendation summary={summary} />
      </PanelSection>

      <PanelSection id="compare-title" title="Against the baseline">
        {bars.length > 0 ? <ScenarioChart bars={bars} /> : <Body1 data-testid="no-bars">No scenario ran: there is nothing to compare with the baseline.</Body1>}
        <FigureTable
          caption="Each scenario's figures over the plan, with the change against the baseline under each."
          testId="scenario-table"
          metrics={SCENARIO_METRICS}
          columns={compared.map((x) => ({
            key: x.name,
            name: x.name,
            ...(x.isBaseline ? { note: "baseline" } : x.name === recommended ? { note: "recommended" } : {}),
            figures: x.metrics!,
            deltas: x.isBaseline ? null : x.deltas,
            highlight: !x.isBaseline && x.name === recommended,
          }))}
        />
        <Caption1 className={s.muted}>
          Each scenario re-solves the constrained supply plan with its levers. Margin is after overtime, outsourcing and the levers' own costs; peak utilisation is the highest
          month of any resource.
        </Caption1>
      </PanelSection>

      {skipped.length > 0 && (
        <PanelSection id="not-run-title" title="Not run">
          <ul className={s.items} data-testid="scenarios-not-run">
            {skipped.map((x) => (
              <li key={x.name} className={s.item} data-testid="scenario-not-run" data-scenario={x.name} data-status={x.status}>
                <div className={s.row}>
                  <Badge appearance="tint" color={x.status === "failed" ? "danger" : "warning"} size="small">
                    {x.status === "failed" ? "Failed" : "Skipped"}
                  </Badge>
                  <Subtitle2 as="h3" className={s.title}>
                    {x.name}
                  </Subtitle2>
                </div>
                <Body1>{notRunText(x)}</Body1>
              </li>
            ))}
          </ul>
        </PanelSection>
      )}

      {summary.strategies.length > 0 && (
        <PanelSection id="strategies-title" title="Production strategies">
          <FigureTable
            caption={`The baseline planned three ways. Highest margin with a fill rate of at least ${target}: ${best === null ? "none reaches it" : strategyName(best)}.`}
            testId="strategy-table"
            metrics={STRATEGY_METRICS}
            columns={summary.strategies.map((x) => ({
              key: x.strategy,
              name: strategyName(x.strategy),
              ...(x.strategy === best ? { note: "best margin" } : {}),
              figures: x.metrics,
              deltas: null,
              highlight: x.strategy === best,
            }))}
          />
          <ul className={s.lines} data-testid="strategy-rules">
            {summary.strategies.map((x) => (
              <li key={x.strategy}>
                <Caption1>{x.rule}</Caption1>
              </li>
            ))}
          </ul>
        </PanelSection>
      )}

      <PanelSection id="levers-title" title="What each scenario changes">
        <Levers summary={summary} />
      </PanelSection>
    </div>
  );
}
