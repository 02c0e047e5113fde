/**
 * The Data step: the mapping per role (where it came from, change it), and the
 * findings of the check with what they mean for a run.
 */
import { Body1, Button, Caption1, MessageBar, MessageBarBody, MessageBarTitle, Subtitle1, makeStyles, tokens } from "@fluentui/react-components";
import type { Mapping, RangeSource, RoleName } from "../../workbook/mapping";
import type { PaneHost } from "../officeHost";
import { plural } from "../paneFormat";
import type { DataCheck } from "../workerProtocol";
import { FindingsList } from "./FindingsList";
import { MappingList } from "./MappingList";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  row: { display: "flex", alignItems: "center", justifyContent: "space-between", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  title: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
});

export interface DataPanelProps {
  readonly mode: PaneHost;
  readonly data: DataCheck;
  /** The mapping shown (the planner's edit, or the checked one). */
  readonly mapping: Mapping;
  readonly edited: boolean;
  /** A check is under way (the findings may be about to change). */
  readonly checking: boolean;
  readonly disabled: boolean;
  readonly onChange: (role: RoleName, sources: readonly RangeSource[]) => void;
  readonly onReset: () => void;
  readonly onUseSelection?: (role: RoleName) => void;
  readonly onSelect?: (address: string) => void;
}

export function DataPanel({ mode, data, mapping, edited, checking, disabled, onChange, onReset, onUseSelection, onSelect }: DataPanelProps): JSX.Element {
  const s = useStyles();
  const errors = data.findings.filter((f) => f.severity === "error").length;
  const warnings = data.findings.filter((f) => f.severity === "warning").length;
  const notes = data.findings.length - errors - warnings;
  const origin = edited
    ? "Your mapping: the data is checked again after each change."
    : data.mappingOrigin === "saved"
      ? "The mapping saved with the last run (in the hidden SOP_Settings sheet)."
      : data.mappingOrigin === "explicit"
        ? "The mapping given for this run."
        : "Proposed from sheet names, table names and headers. Check each role; if a guess is wrong, pick the right sheet or table.";
  return (
    <div className={s.root}>
      <MessageBar intent={data.blocked ? "error" : warnings > 0 ? "warning" : "success"} layout="multiline" data-testid="check-status">
        <MessageBarBody>
          <MessageBarTitle>{data.blocked ? plural(errors, "blocking error") : "Ready to run"}</MessageBarTitle>
          {data.blocked
            ? "Fix the cells listed, then run again. Nothing is written while the data has blocking errors."
            : `No blocking errors; ${plural(warnings, "warning")} and ${plural(notes, "note")} on how cells were read.`}
        </MessageBarBody>
      </MessageBar>
      <Caption1 className={s.muted} data-testid="cycle-line">
        {data.workbook} · cycle {data.cycle || "not known yet"} · last actual {data.lastActual ?? "none"} · horizon {data.horizon} months
      </Caption1>

      <section className={s.section} aria-labelledby="roles-title">
        <div className={s.row}>
          <Subtitle1 as="h2" id="roles-title" className={s.title}>
            Roles and ranges
          </Subtitle1>
          {edited && (
            <Button size="small" onClick={onReset} disabled={disabled} data-testid="reset-mapping">
              Undo my changes
            </Button>
          )}
        </div>
        <Body1 data-testid="mapping-origin">{origin}</Body1>
        <MappingList
          info={data.info}
          mapping={mapping}
          origin={data.mappingOrigin}
          edited={edited}
          proposal={data.proposal}
          summaries={checking ? [] : data.summaries}
          disabled={disabled}
          onChange={onChange}
          onUseSelection={onUseSelection}
        />
      </section>

      <section className={s.section} aria-labelledby="findings-title">
        <Subtitle1 as="h2" id="findings-title" className={s.title}>
          Findings
        </Subtitle1>
        <Body1>
          {plural(errors, "error")}, {plural(warnings, "warning")}, {plural(notes, "note")}.
          {mode === "excel" ? " Select an address to go to its cells." : " Each address names the sheet and cell in your workbook."}
        </Body1>
        {data.findings.length > 0 ? <FindingsList findings={data.findings} onSelect={onSelect} /> : <Body1>Every mapped cell was read as expected.</Body1>}
      </section>
    </div>
  );
}
