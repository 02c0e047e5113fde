/**
 * The Demand step: the demand review of the last run at a glance — accuracy and bias per
 * forecast version, the FVA stairstep, forecast vs actual for a picked series, the alerts
 * (inside Excel each selects its row in the output sheet) — and locking the cycle.
 *
 * Props-driven: every effect is a callback (select, activate, lock, download).
 */
import { Badge, Body1, Caption1, Combobox, Field, Option, OptionGroup, Subtitle2 } from "@fluentui/react-components";
import { useEffect, useMemo, useRef, useState } from "react";
import type { DemandAlert, DemandSummary, VersionHeadline } from "../../workbook/demandSummary";
import type { WriteResult } from "../../workbook/host";
import { LEVEL_GROUP, alertCounts, biasWords, fvaReading, groupSeries, lagText, matchingSeries, sourceText, windowText } from "../demandView";
import type { PaneHost } from "../officeHost";
import { percent, sheetAddress, signedPercent, writtenSheet } from "../paneFormat";
import type { WorkbookFile } from "../workerProtocol";
import { Figure } from "./Figure";
import { ForecastChart } from "./ForecastChart";
import { FvaChart } from "./FvaChart";
import { LockCycle, type LockView } from "./LockCycle";
import { usePanelStyles as useStyles } from "./panelStyles";
import { PanelSection, StepIntro } from "./PanelSection";
import { PointerItem, PointerList } from "./PointerItem";

export type { LockView } from "./LockCycle";

/** Options listed in the series picker at once; typing finds the others. */
const PICKER_LIMIT = 120;
/** Alerts listed at first; "Show all" lists the others. */
const ALERTS_FIRST = 8;

const ALERT_KIND: Readonly<Record<DemandAlert["kind"], { text: string; color: "danger" | "warning" | "informative" }>> = {
  tracking: { text: "Tracking signal", color: "warning" },
  bias: { text: "Bias", color: "warning" },
  override: { text: "Override", color: "danger" },
  "new-item": { text: "New item", color: "informative" },
};

export interface DemandPanelProps {
  readonly mode: PaneHost;
  readonly summary: DemandSummary;
  /** Where the run wrote its sheets (for the names they got). */
  readonly written: WriteResult | null;
  readonly lock: LockView;
  /** The cycle is in the ledger already: locking asks first. */
  readonly locked: boolean;
  /** A run, a check or an opening is under way: locking waits for it. */
  readonly busy: boolean;
  /** Whether the lock under way can be cancelled now. */
  readonly canCancel: boolean;
  readonly onLock: (force: boolean) => void;
  readonly onCancelLock: () => void;
  /** Excel: select an alert's row. */
  readonly onSelect?: (address: string) => void;
  /** Excel: show an output sheet. */
  readonly onActivate?: (sheet: string) => void;
  /** Standalone: save the workbook a lock updated. */
  readonly onDownload?: (file: WorkbookFile) => void;
}

function VersionCard({ v }: { v: VersionHeadline }): JSX.Element {
  const s = useStyles();
  const measured = v.accuracy !== null || v.wape !== null;
  return (
    <li className={s.card} data-testid="version-card" data-version={v.name}>
      <div className={s.head}>
        <Subtitle2 as="h3" className={s.title}>
          {v.name}
        </Subtitle2>
        <Badge appearance="tint" color="informative" size="small">
          {sourceText(v.source)}
        </Badge>
      </div>
      {measured ? (
        <dl className={s.figures}>
          <Figure label="Accuracy" value={percent(v.accuracy)} testId="version-accuracy" />
          <Figure label="WAPE" value={percent(v.wape)} testId="version-wape" />
          <Figure label="Bias" value={signedPercent(v.biasPct)} note={biasWords(v.biasPct)} testId="version-bias" />
        </dl>
      ) : (
        <Body1>No actual volume in the window to measure it against.</Body1>
      )}
      <Caption1 className={s.muted}>
        {v.points.toLocaleString("en-US")} item-month{v.points === 1 ? "" : "s"} compared
      </Caption1>
    </li>
  );
}

function AlertItem({ alert, written, onSelect }: { alert: DemandAlert; written: WriteResult | null; onSelect: ((address: string) => void) | undefined }): JSX.Element {
  return (
    <PointerItem
      badge={ALERT_KIND[alert.kind]}
      where={`${writtenSheet(alert.sheet, written)}!${alert.address}`}
      target={sheetAddress(alert, written)}
      text={alert.text}
      onSelect={onSelect}
      testId="demand-alert"
      part="alert"
      data={{ kind: alert.kind }}
    />
  );
}

function SeriesPicker({ summary, picked, onPick }: { summary: DemandSummary; picked: string; onPick: (key: string) => void }): JSX.Element {
  const s = useStyles();
  const current = summary.series.find((x) => x.key === picked) ?? summary.series[0] ?? null;
  const [query, setQuery] = useState(current?.label ?? "");
  const label = useRef(current?.label ?? "");
  label.current = current?.label ?? "";
  useEffect(() => setQuery(current?.label ?? ""), [current]);
  const { groups, hidden } = useMemo(() => groupSeries(matchingSeries(summary.series, query, current), PICKER_LIMIT), [summary.series, query, current]);
  return (
    <Field label="Series" hint={`The total, ${summary.series.filter((x) => x.level === "family").length} families or an item: type to find one.`}>
      <Combobox
        className={s.picker}
        value={query}
        selectedOptions={current ? [current.key] : []}
        onChange={(e) => setQuery(e.target.value)}
        onOptionSelect={(_, d) => {
          if (!d.optionValue) return;
          const next = summary.series.find((x) => x.key === d.optionValue);
          if (!next) return;
          label.current = next.label;
          setQuery(next.label);
          onPick(next.key);
        }}
        onOpenChange={(_, d) => {
          if (!d.open) setQuery(label.current);
        }}
        data-testid="series-picker"
      >
        {groups.map((g) => (
          <OptionGroup key={g.level} label={LEVEL_GROUP[g.level]}>
            {g.series.map((x) => (
              <Option key={x.key} value={x.key} text={x.label}>
                {x.label}
              </Option>
            ))}
          </OptionGroup>
        ))}
        {groups.length === 0 && (
          <Option value="" text="" disabled>
            {`No series matches “${query.trim()}”`}
          </Option>
        )}
        {hidden > 0 && (
          <Option value="" text="" disabled>
            {`${hidden} more: type part of a name or code to find them`}
          </Option>
        )}
      </Combobox>
    </Field>
  );
}

export function DemandPanel(props: DemandPanelProps): JSX.Element {
  const { mode, summary, written, onSelect, onActivate } = props;
  const s = useStyles();
  const [picked, setPicked] = useState<string>(summary.series[0]?.key ?? "");
  const series = summary.series.find((x) => x.key === picked) ?? summary.series[0] ?? null;
  const accuracySheet = writtenSheet(summary.accuracySheet, written);
  const forecastSheet = writtenSheet(summary.forecastSheet, written);

  return (
    <div className={s.root}>
      <StepIntro
        testId="demand-window"
        mode={mode}
        sheets={[
          { name: accuracySheet, testId: "open-accuracy" },
          { name: forecastSheet, testId: "open-forecast" },
        ]}
        onActivate={onActivate}
      >
        Cycle {summary.cycle}: accuracy over {windowText(summary.window)}, at {lagText(summary.accuracyLag)}.
      </StepIntro>

      <PanelSection id="versions-title" title="Accuracy and bias">
        {summary.versions.length > 0 ? (
          <ul className={s.cards} data-testid="version-cards">
            {summary.versions.map((v) => (
              <VersionCard key={v.name} v={v} />
            ))}
          </ul>
        ) : (
          <Body1>No forecast version has past forecasts for the closed months yet.</Body1>
        )}
        <Caption1 className={s.muted}>Accuracy = 1 − WAPE. Bias = Σ(forecast − actual) / Σ actual: positive means over-forecast.</Caption1>
      </PanelSection>

      <PanelSection id="fva-title" title="Forecast value added">
        <Body1 data-testid="fva-reading">{fvaReading(summary.fva)}</Body1>
        {summary.fva.length > 0 && <FvaChart steps={summary.fva} />}
        <Caption1 className={s.muted}>
          Each bar is a step's WAPE (total); the points are what the step adds to the one before: positive (green) makes the forecast better, negative (red) worse. The
          statistical step's past forecasts: {sourceText(summary.statisticalSource)}.
        </Caption1>
      </PanelSection>

      <PanelSection id="chart-title" title="Forecast vs actual">
        {series ? (
          <>
            <SeriesPicker summary={summary} picked={series.key} onPick={setPicked} />
            <ForecastChart series={series} cycle={summary.cycle} />
          </>
        ) : (
          <Body1>No series to show.</Body1>
        )}
        <Caption1 className={s.muted} data-testid="demand-methods">
          Statistical forecast for {summary.statistical.items.toLocaleString("en-US")} items
          {summary.statistical.byMethod.length > 0 ? ` (${summary.statistical.byMethod.map((m) => `${m.method} ${m.items}`).join(", ")})` : ""}.
          {summary.consensus.newItems > 0 ? ` ${summary.consensus.newItems} new item${summary.consensus.newItems === 1 ? "" : "s"} in the consensus.` : ""}
        </Caption1>
      </PanelSection>

      <PanelSection id="alerts-title" title="Alerts">
        {summary.alerts.length > 0 ? (
          <>
            <Body1 data-testid="alert-counts">
              {alertCounts(summary.alerts)} {onSelect ? "Select an alert to go to its row." : "Each names the sheet and row of the result workbook that explains it."}
            </Body1>
            <PointerList
              items={summary.alerts}
              first={ALERTS_FIRST}
              noun="alerts"
              testId="demand-alerts"
              itemKey={(a, i) => `${a.kind}:${a.version}:${a.item}:${i}`}
              renderItem={(a) => <AlertItem alert={a} written={written} onSelect={onSelect} />}
            />
          </>
        ) : (
          <Body1 data-testid="no-alerts">No alerts: no version drifts, no override made an item worse, no new item to watch.</Body1>
        )}
      </PanelSection>

      <LockCycle
        mode={mode}
        cycle={summary.cycle}
        lock={props.lock}
        locked={props.locked}
        busy={props.busy}
        canCancel={props.canCancel}
        onLock={props.onLock}
        onCancel={props.onCancelLock}
        onActivate={onActivate}
        onDownload={props.onDownload}
      />
    </div>
  );
}
