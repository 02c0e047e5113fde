/**
 * The Meeting step: the executive S&OP meeting of the last run (DESIGN.md §2 step 5) — the
 * decisions to approve (open ones first, overdue flagged, new ones marked; inside Excel each
 * selects its row in SOP Decisions), the agenda with each item's pre-read and evidence, the
 * follow-up summary to copy into an e-mail (inside Excel, rebuilt from SOP Decisions as people
 * edited it after the meeting), and the health of the cycle's steps.
 *
 * Props-driven: every effect is a callback (select, activate, refresh); copying uses the
 * clipboard given (default: the browser's), else selects the text for Ctrl+C.
 */
import { Badge, Body1, Button, Caption1, Field, Link, MessageBar, MessageBarBody, MessageBarTitle, Subtitle2, Textarea, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { useEffect, useRef, useState } from "react";
import type { WriteResult } from "../../workbook/host";
import type { AgendaItemView, DecisionView, MeetingSummary } from "../../workbook/meetingSummary";
import type { FollowUp } from "../actions";
import {
  type ClipboardLike,
  type CopyOutcome,
  agendaHeadline,
  agendaMinutes,
  copyMessage,
  copyText,
  decisionHeadline,
  decisionMarks,
  decisionMeta,
  decisionText,
  findingsText,
  followUpRows,
  followUpSource,
  healthTone,
  orderDecisions,
  runTime,
  statusBadge,
} from "../meetingView";
import type { PaneHost } from "../officeHost";
import { plural, sheetAddress, writtenSheet } from "../paneFormat";
import type { Outcome, PaneError } from "../workerProtocol";
import { Figure } from "./Figure";
import { usePanelStyles } from "./panelStyles";
import { PanelSection, StepIntro } from "./PanelSection";
import { PointerItem, PointerList } from "./PointerItem";

/** Decisions listed at first; "Show all" lists the others. */
const DECISIONS_FIRST = 8;
/** Pre-read lines of an agenda item listed at first; "Show all" lists the others. */
const LINES_FIRST = 5;
/** How long "Copied" stays. */
const COPIED_MS = 4000;

const useStyles = makeStyles({
  agenda: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  textarea: { width: "100%", "& textarea": { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200 } },
  copied: { color: tokens.colorPaletteGreenForeground1 },
  table: { borderCollapse: "collapse", width: "100%", fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200 },
  caption: { textAlign: "left", color: tokens.colorNeutralForeground2, paddingBottom: tokens.spacingVerticalXS, captionSide: "top" },
  th: { textAlign: "left", fontWeight: tokens.fontWeightSemibold, padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS} ${tokens.spacingVerticalXS} 0`, borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}` },
  td: { textAlign: "left", verticalAlign: "top", padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS} ${tokens.spacingVerticalXS} 0`, borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  rowHead: { fontWeight: tokens.fontWeightRegular },
  success: { color: tokens.colorNeutralForeground1 },
  informative: { color: tokens.colorNeutralForeground2 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  danger: { color: tokens.colorPaletteRedForeground1 },
});

export interface MeetingPanelProps {
  readonly mode: PaneHost;
  /** The meeting pack; null when the run built none. */
  readonly summary: MeetingSummary | null;
  /** Where the run wrote its sheets (for the names they got). */
  readonly written: WriteResult | null;
  /** Excel: select a decision's row, or an agenda item's evidence. */
  readonly onSelect?: (address: string) => void;
  /** Excel: show an output sheet. */
  readonly onActivate?: (sheet: string) => void;
  /** Excel: rebuild the follow-up text from the decisions sheet (by the name it was written under). */
  readonly onRefreshFollowUp?: (sheet: string) => Promise<Outcome<FollowUp>>;
  /** The clipboard to copy to (default: the browser's; null: none, select the text instead). */
  readonly clipboard?: ClipboardLike | null;
}

function DecisionItem({ decision, written, onSelect }: { decision: DecisionView; written: WriteResult | null; onSelect: ((address: string) => void) | undefined }): JSX.Element {
  const s = usePanelStyles();
  return (
    <PointerItem
      badge={statusBadge(decision)}
      marks={decisionMarks(decision)}
      where={`${writtenSheet(decision.sheet, written)}!${decision.address}`}
      target={sheetAddress(decision, written)}
      text={decisionText(decision)}
      onSelect={onSelect}
      testId="decision"
      part="decision"
      data={{ id: decision.id, status: decision.status, overdue: decision.overdue ? "true" : "false", change: decision.change }}
    >
      <Caption1 className={s.muted} data-testid="decision-issue">
        {decision.issue}
      </Caption1>
      <Caption1 data-testid="decision-meta">{decisionMeta(decision)}</Caption1>
      {decision.outcome && <Caption1 data-testid="decision-outcome">Outcome: {decision.outcome}</Caption1>}
    </PointerItem>
  );
}

function AgendaItem({ item, written, onSelect }: { item: AgendaItemView; written: WriteResult | null; onSelect: ((address: string) => void) | undefined }): JSX.Element {
  const s = usePanelStyles();
  const [all, setAll] = useState(false);
  const where = `${writtenSheet(item.sheet, written)}!${item.address}`;
  const lines = all ? item.lines : item.lines.slice(0, LINES_FIRST);
  return (
    <li className={s.item} data-testid="agenda-item" data-number={String(item.number)}>
      <div className={s.head}>
        <Subtitle2 as="h3" className={s.title}>
          {item.number}. {item.title}
        </Subtitle2>
        <Badge appearance="tint" color="informative" size="small">
          {item.minutes} min
        </Badge>
      </div>
      {lines.length > 0 && (
        <ul className={s.lines} data-testid="agenda-lines">
          {lines.map((l, i) => (
            <li key={i}>
              <Caption1>{l}</Caption1>
            </li>
          ))}
        </ul>
      )}
      {item.lines.length > lines.length && (
        <div className={s.row}>
          <Button size="small" onClick={() => setAll(true)} data-testid="agenda-all-lines">
            Show all {item.lines.length} lines
          </Button>
        </div>
      )}
      <div className={s.row}>
        <Caption1 className={s.muted}>Evidence:</Caption1>
        {onSelect ? (
          <Link as="button" onClick={() => onSelect(sheetAddress(item, written))} title={`Select ${where} in the workbook`} data-testid="agenda-evidence-select">
            {where}
          </Link>
        ) : (
          <span className={s.address} data-testid="agenda-evidence">
            {where}
          </span>
        )}
      </div>
    </li>
  );
}

type Source = { readonly kind: "run" } | { readonly kind: "sheet"; readonly sheet: string; readonly at: Date };

function FollowUpBox({
  summary,
  decisionsSheet,
  onRefresh,
  clipboard,
}: {
  summary: MeetingSummary;
  decisionsSheet: string;
  onRefresh: ((sheet: string) => Promise<Outcome<FollowUp>>) | undefined;
  clipboard: ClipboardLike | null | undefined;
}): JSX.Element {
  const s = usePanelStyles();
  const own = useStyles();
  const [text, setText] = useState(summary.followUp);
  const [source, setSource] = useState<Source>({ kind: "run" });
  const [copied, setCopied] = useState<CopyOutcome | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [problem, setProblem] = useState<PaneError | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  // Another run: its text, from the run.
  useEffect(() => {
    setText(summary.followUp);
    setSource({ kind: "run" });
    setCopied(null);
    setProblem(null);
  }, [summary]);
  useEffect(() => {
    if (copied === null) return;
    const t = setTimeout(() => setCopied(null), COPIED_MS);
    return () => clearTimeout(t);
  }, [copied]);

  const selectText = (): CopyOutcome => {
    const el = box.current;
    if (!el || typeof el.select !== "function") return "failed";
    el.focus();
    el.select();
    try {
      if (typeof document.execCommand === "function" && document.execCommand("copy")) return "copied";
    } catch {
      // The copy command is refused: the text stays selected.
    }
    return "selected";
  };

  const copy = async (): Promise<void> => {
    const board = clipboard !== undefined ? clipboard : typeof navigator !== "undefined" ? (navigator.clipboard ?? null) : null;
    const outcome = await copyText(text, board, selectText);
    if (alive.current) setCopied(outcome);
  };

  const refresh = async (): Promise<void> => {
    if (!onRefresh) return;
    setRefreshing(true);
    setProblem(null);
    const o = await onRefresh(decisionsSheet);
    if (!alive.current) return;
    setRefreshing(false);
    if (o.ok) {
      setText(o.value.text);
      setSource({ kind: "sheet", sheet: decisionsSheet, at: new Date() });
      setCopied(null);
    } else if (!o.cancelled) {
      setProblem(o.error);
    }
  };

  return (
    <>
      <Field label={`Follow-up summary, cycle ${summary.cycle}`} hint={followUpSource(source)}>
        <Textarea
          ref={box}
          className={own.textarea}
          value={text}
          readOnly
          resize="vertical"
          rows={followUpRows(text)}
          data-testid="follow-up-text"
          data-source={source.kind}
        />
      </Field>
      <div className={s.row}>
        <Button appearance="primary" onClick={() => void copy()} data-testid="copy-follow-up">
          Copy
        </Button>
        {onRefresh && (
          <Button onClick={() => void refresh()} disabled={refreshing} data-testid="refresh-follow-up">
            {refreshing ? "Reading the sheet…" : "Refresh from the sheet"}
          </Button>
        )}
        <Caption1 role="status" aria-live="polite" className={mergeClasses(copied === "copied" && own.copied)} data-testid="copy-state" data-state={copied ?? "idle"}>
          {copied ? copyMessage(copied) : ""}
        </Caption1>
      </div>
      {onRefresh && !problem && (
        <Caption1 className={s.muted}>After the meeting, type statuses, owners and due dates in {decisionsSheet}, then refresh: the summary follows the sheet.</Caption1>
      )}
      {problem && (
        <MessageBar intent="warning" layout="multiline" data-testid="follow-up-problem">
          <MessageBarBody>
            <MessageBarTitle>{problem.title}</MessageBarTitle>
            {problem.message} {problem.next}
          </MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}

function HealthTable({ summary }: { summary: MeetingSummary }): JSX.Element {
  const own = useStyles();
  const at = summary.health.map((h) => runTime(h.at)).find((t) => t !== "") ?? "";
  return (
    <table className={own.table} data-testid="health-table">
      <caption className={own.caption}>{at ? `Steps of cycle ${summary.cycle} as of the run at ${at} (UTC), with their findings.` : `Steps of cycle ${summary.cycle}, with their findings.`}</caption>
      <thead>
        <tr>
          <th scope="col" className={own.th}>
            Step
          </th>
          <th scope="col" className={own.th}>
            State
          </th>
          <th scope="col" className={own.th}>
            Findings
          </th>
        </tr>
      </thead>
      <tbody>
        {summary.health.map((h) => (
          <tr key={h.step} data-testid="health-row" data-step={h.step}>
            <th scope="row" className={mergeClasses(own.td, own.rowHead)}>
              {h.step}
            </th>
            <td className={mergeClasses(own.td, own[healthTone(h)])} data-testid="health-state" data-tone={healthTone(h)}>
              {h.state}
            </td>
            <td className={own.td} data-testid="health-findings">
              {findingsText(h)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MeetingPanel({ mode, summary, written, onSelect, onActivate, onRefreshFollowUp, clipboard }: MeetingPanelProps): JSX.Element {
  const s = usePanelStyles();
  const own = useStyles();
  if (summary === null) {
    return (
      <div className={s.root}>
        <Body1 data-testid="no-meeting">
          This run built no meeting pack: the decisions and the agenda come from the demand and supply reviews (a consensus forecast from the actuals). Check the findings of step 1 · Data,
          then run again.
        </Body1>
      </div>
    );
  }
  const decisionsSheet = writtenSheet(summary.decisionsSheet, written);
  const agendaSheet = writtenSheet(summary.agendaSheet, written);
  const decisions = orderDecisions(summary.decisions);
  const c = summary.counts;

  return (
    <div className={s.root}>
      <StepIntro
        testId="meeting-headline"
        mode={mode}
        sheets={[
          { name: decisionsSheet, testId: "open-decisions" },
          { name: agendaSheet, testId: "open-agenda" },
        ]}
        onActivate={onActivate}
      >
        Cycle {summary.cycle}: {plural(c.open, "decision")} to approve, and an agenda of {plural(summary.agenda.length, "item")} ({plural(agendaMinutes(summary.agenda), "minute")}).
      </StepIntro>

      <PanelSection id="decisions-title" title="Decisions to approve">
        <div className={s.card} data-testid="decision-counts">
          <dl className={s.figures}>
            <Figure label="Open" value={String(c.open)} testId="count-open" />
            <Figure label="Overdue" value={String(c.overdue)} testId="count-overdue" />
            <Figure label="Approved" value={String(c.approved)} testId="count-approved" />
            <Figure label="New" value={String(c.new)} note="this cycle" testId="count-new" />
          </dl>
        </div>
        <Body1 data-testid="decision-headline">
          {decisionHeadline(c)}
          {decisions.length > 0 ? (onSelect ? " Select a decision to go to its row." : ` Each names its row in ${decisionsSheet} of the result workbook.`) : ""}
        </Body1>
        {decisions.length > 0 && (
          <PointerList
            items={decisions}
            first={DECISIONS_FIRST}
            noun="decisions"
            testId="decisions"
            itemKey={(d) => d.id}
            renderItem={(d) => <DecisionItem decision={d} written={written} onSelect={onSelect} />}
          />
        )}
        <Caption1 className={s.muted}>
          The meeting approves, rejects or closes each decision in {decisionsSheet}: Owner, Due, Status and Notes are yours, kept by decision id from run to run.
        </Caption1>
      </PanelSection>

      <PanelSection id="agenda-title" title="Agenda">
        <Body1 data-testid="agenda-headline">{agendaHeadline(summary.agenda)}</Body1>
        {summary.agenda.length > 0 && (
          <ol className={own.agenda} data-testid="agenda">
            {summary.agenda.map((item) => (
              <AgendaItem key={item.number} item={item} written={written} onSelect={onSelect} />
            ))}
          </ol>
        )}
      </PanelSection>

      <PanelSection id="follow-up-title" title="Follow-up">
        <FollowUpBox summary={summary} decisionsSheet={decisionsSheet} onRefresh={onRefreshFollowUp} clipboard={clipboard} />
      </PanelSection>

      <PanelSection id="health-title" title="Cycle health">
        <HealthTable summary={summary} />
      </PanelSection>
    </div>
  );
}
