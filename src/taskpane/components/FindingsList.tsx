/**
 * Findings of the data check: severity, address and a sentence. Errors and warnings
 * are listed; notes (treatments) are folded. Inside Excel an address is a link that
 * selects the cells; standalone, it is shown as text.
 */
import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Badge, Body1, Caption1, Link, makeStyles, tokens } from "@fluentui/react-components";
import type { Finding, Severity } from "../../workbook/findings";
import { roleTitle, selectableAddress } from "../sources";
import { usePanelStyles } from "./panelStyles";

const useStyles = makeStyles({
  head: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalS },
  address: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  more: { color: tokens.colorNeutralForeground2 },
});

const SEVERITY: Readonly<Record<Severity, { text: string; color: "danger" | "warning" | "informative" }>> = {
  error: { text: "Error", color: "danger" },
  warning: { text: "Warning", color: "warning" },
  info: { text: "Note", color: "informative" },
};

export interface FindingsListProps {
  readonly findings: readonly Finding[];
  /** Select a finding's cells (Excel only). */
  readonly onSelect?: (address: string) => void;
  /** Fold notes (info findings) into a closed section. */
  readonly foldNotes?: boolean;
  /** Most findings listed per severity; the rest are counted. */
  readonly limit?: number;
  readonly testId?: string;
}

function FindingItem({ f, onSelect }: { f: Finding; onSelect: ((address: string) => void) | undefined }): JSX.Element {
  const s = useStyles();
  const p = usePanelStyles();
  const sev = SEVERITY[f.severity];
  const canSelect = onSelect !== undefined && selectableAddress(f.address) !== null;
  return (
    <li className={p.item} data-testid="finding" data-severity={f.severity} data-code={f.code}>
      <div className={s.head}>
        <Badge appearance="tint" color={sev.color} size="small">
          {sev.text}
        </Badge>
        {f.address !== "" &&
          (canSelect ? (
            <Link as="button" className={s.address} data-testid="finding-address" onClick={() => onSelect(f.address)} aria-label={`Select ${f.address} in the workbook`}>
              {f.address}
            </Link>
          ) : (
            <span className={s.address} data-testid="finding-address">
              {f.address}
            </span>
          ))}
        {f.role !== "" && <Caption1>{roleTitle(f.role)}</Caption1>}
      </div>
      <Body1 data-testid="finding-message">{f.message}</Body1>
    </li>
  );
}

function Items({ findings, onSelect, limit }: { findings: readonly Finding[]; onSelect: ((address: string) => void) | undefined; limit: number }): JSX.Element {
  const s = useStyles();
  const p = usePanelStyles();
  const shown = findings.slice(0, limit);
  return (
    <>
      <ul className={p.items}>
        {shown.map((f, i) => (
          <FindingItem key={`${f.code}:${f.address}:${i}`} f={f} onSelect={onSelect} />
        ))}
      </ul>
      {findings.length > shown.length && (
        <Caption1 className={s.more}>
          {findings.length - shown.length} more: see the SOP Data Check sheet after a run.
        </Caption1>
      )}
    </>
  );
}

export function FindingsList({ findings, onSelect, foldNotes = true, limit = 100, testId = "findings" }: FindingsListProps): JSX.Element {
  const problems = findings.filter((f) => f.severity !== "info");
  const notes = findings.filter((f) => f.severity === "info");
  return (
    <div data-testid={testId}>
      {problems.length > 0 && <Items findings={problems} onSelect={onSelect} limit={limit} />}
      {notes.length > 0 &&
        (foldNotes ? (
          <Accordion collapsible>
            <AccordionItem value="notes">
              <AccordionHeader size="small" data-testid="notes-toggle">
                {notes.length === 1 ? "1 note: how a cell was read" : `${notes.length} notes: how cells were read`}
              </AccordionHeader>
              <AccordionPanel>
                <Items findings={notes} onSelect={onSelect} limit={limit} />
              </AccordionPanel>
            </AccordionItem>
          </Accordion>
        ) : (
          <Items findings={notes} onSelect={onSelect} limit={limit} />
        ))}
    </div>
  );
}
