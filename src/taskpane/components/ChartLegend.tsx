/**
 * The legend under a chart, in HTML (text stays text at any width), with small swatches drawn
 * like the chart's marks: a line (dashed or not, over a band), a bar, a marker.
 */
import { Caption1, makeStyles, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";

const useStyles = makeStyles({
  legend: { display: "flex", flexWrap: "wrap", gap: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalM}`, margin: 0, padding: 0, listStyleType: "none" },
  key: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalXS },
});

/** A swatch of a line, over a band when `band` (class names of the chart's own marks). */
export function LineSwatch({ className, band }: { className: string; band?: string }): JSX.Element {
  return (
    <svg width={26} height={12} aria-hidden="true" focusable="false">
      {band && <rect x={0} y={1} width={26} height={10} className={band} />}
      <path d="M2,6H24" className={className} />
    </svg>
  );
}

/** A swatch of a bar. */
export function BarSwatch({ className }: { className: string }): JSX.Element {
  return (
    <svg width={12} height={12} aria-hidden="true" focusable="false">
      <rect x={1} y={1} width={10} height={10} rx={1} className={className} />
    </svg>
  );
}

/** A swatch of a marker drawn by an SVG path in a 12 × 12 box. */
export function MarkSwatch({ className, d }: { className: string; d: string }): JSX.Element {
  return (
    <svg width={12} height={12} aria-hidden="true" focusable="false">
      <path d={d} className={className} />
    </svg>
  );
}

export function ChartLegend({ entries }: { entries: readonly { readonly label: string; readonly swatch: ReactNode }[] }): JSX.Element {
  const s = useStyles();
  return (
    <ul className={s.legend} aria-label="Legend">
      {entries.map((e) => (
        <li key={e.label} className={s.key}>
          {e.swatch}
          <Caption1>{e.label}</Caption1>
        </li>
      ))}
    </ul>
  );
}
