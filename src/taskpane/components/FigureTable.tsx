/**
 * A compact table of figures side by side (the Scenarios step): one row per figure, one column
 * per scenario or strategy, each cell the value and, under it, the signed delta against the first
 * column (better in green, worse in red; the sign is always written, so colour is never the only
 * cue). Wider than the pane, it scrolls sideways on its own (reachable by keyboard), the figure
 * names staying in view; its caption, above, keeps the pane's width.
 */
import { Caption1, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { useId } from "react";
import type { ScenarioFigures } from "../../workbook/scenarioSummary";
import { type MetricDef, deltaTone, formatDelta, formatValue } from "../scenariosView";

const useStyles = makeStyles({
  wrap: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS, minWidth: 0 },
  caption: { color: tokens.colorNeutralForeground2 },
  scroll: { overflowX: "auto", maxWidth: "100%", outlineStyle: "none", ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` } },
  table: { borderCollapse: "collapse", fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200, minWidth: "100%" },
  corner: { position: "sticky", left: 0, backgroundColor: tokens.colorNeutralBackground1 },
  colHead: {
    textAlign: "right",
    verticalAlign: "bottom",
    fontWeight: tokens.fontWeightSemibold,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    minWidth: "64px",
  },
  rowHead: {
    position: "sticky",
    left: 0,
    textAlign: "left",
    fontWeight: tokens.fontWeightRegular,
    color: tokens.colorNeutralForeground2,
    backgroundColor: tokens.colorNeutralBackground1,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS} ${tokens.spacingVerticalXS} 0`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  cell: {
    textAlign: "right",
    whiteSpace: "nowrap",
    verticalAlign: "top",
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    fontVariantNumeric: "tabular-nums",
  },
  highlight: { backgroundColor: tokens.colorBrandBackground2 },
  value: { display: "block", color: tokens.colorNeutralForeground1 },
  note: { display: "block", fontWeight: tokens.fontWeightRegular, color: tokens.colorNeutralForeground2 },
  delta: { display: "block" },
  better: { color: tokens.colorPaletteGreenForeground1 },
  worse: { color: tokens.colorPaletteRedForeground1 },
  same: { color: tokens.colorNeutralForeground2 },
});

export interface FigureColumn {
  readonly key: string;
  readonly name: string;
  /** A word under the name ("baseline", "recommended"). */
  readonly note?: string;
  readonly figures: ScenarioFigures;
  /** Deltas against the first column (null: none shown). */
  readonly deltas: ScenarioFigures | null;
  /** Shaded (the recommended scenario). */
  readonly highlight?: boolean;
}

export interface FigureTableProps {
  readonly caption: string;
  readonly columns: readonly FigureColumn[];
  readonly metrics: readonly MetricDef[];
  readonly testId: string;
}

export function FigureTable({ caption, columns, metrics, testId }: FigureTableProps): JSX.Element {
  const s = useStyles();
  const id = useId();
  return (
    <div className={s.wrap}>
      {/* The caption stays the pane's width, outside the part that scrolls. */}
      <Caption1 id={id} className={s.caption} data-testid={`${testId}-caption`}>
        {caption}
      </Caption1>
      <div className={s.scroll} role="region" aria-labelledby={id} tabIndex={0} data-testid={`${testId}-scroll`}>
        <table className={s.table} aria-labelledby={id} data-testid={testId}>
          <thead>
            <tr>
              <td className={s.corner} />
              {columns.map((c) => (
                <th key={c.key} scope="col" className={mergeClasses(s.colHead, c.highlight && s.highlight)} data-column={c.name}>
                  {c.name}
                  {c.note && <span className={s.note}>{c.note}</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {metrics.map((m) => (
              <tr key={m.key} data-metric={m.key}>
                <th scope="row" className={s.rowHead}>
                  {m.label}
                </th>
                {columns.map((c) => {
                  const delta = c.deltas ? m.value(c.deltas) : null;
                  const tone = delta === null ? "same" : deltaTone(m, delta);
                  return (
                    <td key={c.key} className={mergeClasses(s.cell, c.highlight && s.highlight)} data-column={c.name}>
                      <span className={s.value}>{formatValue(m.kind, m.value(c.figures))}</span>
                      {delta !== null && (
                        <span className={mergeClasses(s.delta, s[tone])} data-tone={tone}>
                          {formatDelta(m.kind, delta)}
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
