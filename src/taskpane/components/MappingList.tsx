/**
 * The mapping per role: the ranges that feed it, how sure the proposal is and why, what
 * was read; change the ranges by picking sheets or tables (several are stacked), or,
 * inside Excel, with the current selection.
 */
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Body1,
  Button,
  Caption1,
  Dropdown,
  Field,
  Option,
  OptionGroup,
  Subtitle2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { WorkbookInfo } from "../../workbook/host";
import type { Mapping, RangeSource, RoleName } from "../../workbook/mapping";
import type { RoleSummary } from "../../workbook/readInputs";
import type { MappingProposal } from "../../workbook/roleProposal";
import type { MappingOrigin } from "../../workbook/runCycle";
import { confidenceLevel, proposalFor, roleTitle, roleWhat, rolesToShow, sourceFromKey, sourceKey, sourceOptions, sourceText } from "../sources";

const useStyles = makeStyles({
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  card: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  head: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  title: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  controls: { display: "flex", alignItems: "flex-end", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  dropdown: { minWidth: "200px", maxWidth: "100%" },
  field: { flexGrow: 1, minWidth: "200px" },
  hidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    margin: "-1px",
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    whiteSpace: "nowrap",
  },
});

export interface MappingListProps {
  readonly info: WorkbookInfo;
  readonly mapping: Mapping;
  readonly origin: MappingOrigin;
  readonly edited: boolean;
  readonly proposal: MappingProposal | null;
  readonly summaries: readonly RoleSummary[];
  readonly disabled: boolean;
  readonly onChange: (role: RoleName, sources: readonly RangeSource[]) => void;
  /** Excel only: point a role at the selected range. */
  readonly onUseSelection?: (role: RoleName) => void;
}

function slug(role: string): string {
  return role.replace(/[^A-Za-z0-9]+/g, "-");
}

interface RoleCardProps {
  readonly role: RoleName;
  readonly sources: readonly RangeSource[];
  readonly info: WorkbookInfo;
  readonly badge: { text: string; color: "success" | "warning" | "danger" | "informative" | "subtle" } | null;
  readonly reasons: readonly string[];
  readonly summary: RoleSummary | undefined;
  readonly disabled: boolean;
  readonly onChange: (role: RoleName, sources: readonly RangeSource[]) => void;
  readonly onUseSelection: ((role: RoleName) => void) | undefined;
}

function RoleCard({ role, sources, info, badge, reasons, summary, disabled, onChange, onUseSelection }: RoleCardProps): JSX.Element {
  const s = useStyles();
  const options = sourceOptions(info, sources);
  const selected = sources.map(sourceKey);
  const headingId = `role-${slug(role)}`;
  const groups = (["Sheets", "Tables", "Names", "Ranges"] as const).map((g) => ({ g, items: options.filter((o) => o.group === g) })).filter((x) => x.items.length > 0);
  const shown = sources.map((x) => sourceText(x, info));
  const facts: string[] = [];
  if (summary) {
    facts.push(`${summary.rows.toLocaleString("en-US")} ${summary.layout === "list" ? "records" : "rows"}`);
    if (summary.periods) facts.push(summary.periods);
    if (summary.errors > 0) facts.push(`${summary.errors} error${summary.errors === 1 ? "" : "s"}`);
    if (summary.warnings > 0) facts.push(`${summary.warnings} warning${summary.warnings === 1 ? "" : "s"}`);
  }
  return (
    <li className={s.card} data-testid={`role-${role}`} aria-labelledby={headingId}>
      <div className={s.head}>
        <Subtitle2 as="h3" id={headingId} className={s.title}>
          {roleTitle(role)}
        </Subtitle2>
        {badge && (
          <Badge appearance="tint" color={badge.color} data-testid="role-confidence">
            {badge.text}
          </Badge>
        )}
      </div>
      {sources.length > 0 ? (
        <Body1 data-testid="role-ranges">{shown.join(", ")}</Body1>
      ) : (
        <Caption1 className={s.muted}>{roleWhat(role)}</Caption1>
      )}
      {reasons.length > 0 && (
        <Caption1 className={s.muted} data-testid="role-reason">
          {reasons.join(" · ")}
        </Caption1>
      )}
      {facts.length > 0 && (
        <Caption1 className={s.muted} data-testid="role-read">
          Read: {facts.join(" · ")}
        </Caption1>
      )}
      <div className={s.controls}>
        <Field
          className={s.field}
          size="small"
          label={
            <>
              Ranges<span className={s.hidden}> for {roleTitle(role)}</span>
            </>
          }
        >
          <Dropdown
            className={s.dropdown}
            size="small"
            multiselect
            disabled={disabled}
            data-testid="role-picker"
            placeholder="Not mapped: pick a sheet or table"
            value={shown.join(", ")}
            selectedOptions={selected}
            onOptionSelect={(_e, d) => {
              const next = d.selectedOptions.map(sourceFromKey).filter((x): x is RangeSource => x !== null);
              onChange(role, next);
            }}
          >
            {groups.map(({ g, items }) => (
              <OptionGroup key={g} label={g}>
                {items.map((o) => (
                  <Option key={o.key} value={o.key} text={o.text}>
                    {o.text}
                  </Option>
                ))}
              </OptionGroup>
            ))}
          </Dropdown>
        </Field>
        {onUseSelection && (
          <Button size="small" disabled={disabled} onClick={() => onUseSelection(role)} data-testid="role-use-selection">
            Use current selection
          </Button>
        )}
      </div>
    </li>
  );
}

export function MappingList({ info, mapping, origin, edited, proposal, summaries, disabled, onChange, onUseSelection }: MappingListProps): JSX.Element {
  const s = useStyles();
  const { mapped, unmapped } = rolesToShow(mapping);
  const badgeFor = (role: string): RoleCardProps["badge"] => {
    if (edited) return { text: "Changed by you", color: "informative" };
    if (origin === "saved") return { text: "Saved", color: "subtle" };
    if (origin === "explicit") return { text: "Given", color: "subtle" };
    const p = proposalFor(proposal, role);
    if (!p) return null;
    const level = confidenceLevel(p.confidence);
    const pct = `${Math.round(p.confidence * 100)} % sure`;
    return { text: pct, color: level === "high" ? "success" : level === "medium" ? "warning" : "danger" };
  };
  const reasonsFor = (role: string): string[] => {
    if (edited || origin !== "proposed") return [];
    const p = proposalFor(proposal, role);
    return p ? p.reasons.map((r) => (p.reasons.length > 1 ? `${r.source}: ${r.reason}` : r.reason)) : [];
  };
  return (
    <div>
      <ul className={s.list} data-testid="mapping">
        {mapped.map((b) => (
          <RoleCard
            key={b.role}
            role={b.role}
            sources={b.sources}
            info={info}
            badge={badgeFor(b.role)}
            reasons={reasonsFor(b.role)}
            summary={summaries.find((x) => x.role === b.role)}
            disabled={disabled}
            onChange={onChange}
            onUseSelection={onUseSelection}
          />
        ))}
      </ul>
      {unmapped.length > 0 && (
        <Accordion collapsible>
          <AccordionItem value="unmapped">
            <AccordionHeader size="small" data-testid="unmapped-toggle">
              {`Roles not mapped (${unmapped.length}): ${unmapped.map(roleTitle).join(", ")}`}
            </AccordionHeader>
            <AccordionPanel>
              <ul className={s.list} data-testid="unmapped">
                {unmapped.map((role) => (
                  <RoleCard
                    key={role}
                    role={role}
                    sources={[]}
                    info={info}
                    badge={null}
                    reasons={[]}
                    summary={undefined}
                    disabled={disabled}
                    onChange={onChange}
                    onUseSelection={onUseSelection}
                  />
                ))}
              </ul>
            </AccordionPanel>
          </AccordionItem>
        </Accordion>
      )}
    </div>
  );
}
