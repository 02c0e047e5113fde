/**
 * The Demand step: the demand review of the last run at a glance — accuracy and bias per
 * forecast version, the FVA stairstep, forecast vs actual for a picked series, the alerts
 * (inside Excel each selects its row in the output sheet) — and locking the cycle.
 *
 * Props-driven: every effect is a callback (select, activate, lock, download).
 */
import {
  Badge,
  Body1,
  Button,
  Caption1,
  Combobox,
  Field,
  Link,
  Option,
  OptionGroup,
  Subtitle1,
  Subtitle2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useEffect, useMemo, useRef, useState } from "react";
import type { DemandAlert, DemandSummary, VersionHeadline } from "../../workbook/demandSummary";
import type { WriteResult } from "../../workbook/host";
import {
  LEVEL_GROUP,
  alertAddress,
  alertCounts,
  biasWords,
  fvaReading,
  groupSeries,
  lagText,
  matchingSeries,
  percent,
  signedPercent,
  sourceText,
  windowText,
  writtenSheet,
} from "../demandView";
import type { PaneHost } from "../officeHost";
import type { WorkbookFile } from "../workerProtocol";
import { ForecastChart } from "./ForecastChart";
import { FvaChart } from "./FvaChart";
import { LockCycle, type LockView } from "./LockCycle";

export type { LockView } from "./LockCycle";

/** Options listed in the series picker at once; typing finds the others. */
const PICKER_LIMIT = 120;
/** Alerts listed at first; "Show all" lists the others. */
const ALERTS_FIRST = 8;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  title: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  row: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap", alignItems: "center" },
  cards: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  card: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  head: { display: "flex", alignItems: "center", justifyContent: "space-between", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  figures: { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(84px, 1fr))", gap: tokens.spacingHorizontalS, margin: 0 },
  figure: { display: "flex", flexDirection: "column", margin: 0 },
  figureLabel: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200 },
  note: { display: "block", fontWeight: tokens.fontWeightRegular, color: tokens.colorNeutralForeground2 },
  figureValue: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightBase400 },
  alerts: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  alert: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  alertText: { textAlign: "left" },
  address: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  picker: { minWidth: "0", width: "100%" },
});

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

function Figure({ label, value, note, testId }: { label: string; value: string; note?: string; testId: string }): JSX.Element {
  const s = useStyles();
  return (
    <div className={s.figure} data-testid={testId}>
      <dt className={s.figureLabel}>{label}</dt>
      <dd className={s.figureValue}>
        {value}
        {note && (
          <Caption1 as="span" className={s.note}>
            {note}
          </Caption1>
        )}
      </dd>
    </div>
  );
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
  const s = useStyles();
  const kind = ALERT_KIND[alert.kind];
  const where = `${writtenSheet(alert.sheet, written)}!${alert.address}`;
  const target = alertAddress(alert, written);
  return (
    <li className={s.alert} data-testid="demand-alert" data-kind={alert.kind}>
      <div className={s.row}>
        <Badge appearance="tint" color={kind.color} size="small">
          {kind.text}
        </Badge>
        <span className={s.address} data-testid="alert-address">
          {where}
        </span>
      </div>
      {onSelect ? (
        <Link as="button" className={s.alertText} onClick={() => onSelect(target)} title={`Select ${where} in the workbook`} data-testid="alert-select">
          {alert.text}
        </Link>
      ) : (
        <Body1 data-testid="alert-text">{alert.text}</Body1>
      )}
    </li>
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
  const [allAlerts, setAllAlerts] = useState(false);
  const series = summary.series.find((x) => x.key === picked) ?? summary.series[0] ?? null;
  const accuracySheet = writtenSheet(summary.accuracySheet, written);
  const forecastSheet = writtenSheet(summary.forecastSheet, written);
  const alerts = allAlerts ? summary.alerts : summary.alerts.slice(0, ALERTS_FIRST);

  return (
    <div className={s.root}>
      <div className={s.section}>
        <Body1 data-testid="demand-window">
          Cycle {summary.cycle}: accuracy over {windowText(summary.window)}, at {lagText(summary.accuracyLag)}.
        </Body1>
        <div className={s.row}>
          {onActivate ? (
            <>
              <Link as="button" onClick={() => onActivate(accuracySheet)} data-testid="open-accuracy">
                Open {accuracySheet}
              </Link>
              <Link as="button" onClick={() => onActivate(forecastSheet)} data-testid="open-forecast">
                Open {forecastSheet}
              </Link>
            </>
          ) : (
            <Caption1 className={s.muted}>
              The details are in the sheets {accuracySheet} and {forecastSheet} of the result workbook{mode === "standalone" ? " (Run step: download)" : ""}.
            </Caption1>
          )}
        </div>
      </div>

      <section className={s.section} aria-labelledby="versions-title">
        <Subtitle1 as="h2" id="versions-title" className={s.title}>
          Accuracy and bias
        </Subtitle1>
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
      </section>

      <section className={s.section} aria-labelledby="fva-title">
        <Subtitle1 as="h2" id="fva-title" className={s.title}>
          Forecast value added
        </Subtitle1>
        <Body1 data-testid="fva-reading">{fvaReading(summary.fva)}</Body1>
        {summary.fva.length > 0 && <FvaChart steps={summary.fva} />}
        <Caption1 className={s.muted}>
          Each bar is a step's WAPE (total); the points are what the step adds to the one before: positive (green) makes the forecast better, negative (red) worse. The
          statistical step's past forecasts: {sourceText(summary.statisticalSource)}.
        </Caption1>
      </section>

      <section className={s.section} aria-labelledby="chart-title">
        <Subtitle1 as="h2" id="chart-title" className={s.title}>
          Forecast vs actual
        </Subtitle1>
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
      </section>

      <section className={s.section} aria-labelledby="alerts-title">
        <Subtitle1 as="h2" id="alerts-title" className={s.title}>
          Alerts
        </Subtitle1>
        {alerts.length > 0 ? (
          <>
            <Body1 data-testid="alert-counts">
              {alertCounts(summary.alerts)} {onSelect ? "Select an alert to go to its row." : "Each names the sheet and row of the result workbook that explains it."}
            </Body1>
            <ul className={s.alerts} data-testid="demand-alerts">
              {alerts.map((a, i) => (
                <AlertItem key={`${a.kind}:${a.version}:${a.item}:${i}`} alert={a} written={written} onSelect={onSelect} />
              ))}
            </ul>
            {summary.alerts.length > alerts.length && (
              <div className={s.row}>
                <Button size="small" onClick={() => setAllAlerts(true)} data-testid="all-alerts">
                  Show all {summary.alerts.length} alerts
                </Button>
              </div>
            )}
          </>
        ) : (
          <Body1 data-testid="no-alerts">No alerts: no version drifts, no override made an item worse, no new item to watch.</Body1>
        )}
      </section>

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
