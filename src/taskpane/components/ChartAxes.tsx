/**
 * The axes of the pane's small SVG charts, drawn inside their `<svg>`: horizontal grid lines
 * at round values with compact labels on the left, and the period labels that fit under the
 * plot (the first, a marked one, the last); for horizontal bars, vertical grid lines labelled
 * under the plot.
 */
import { makeStyles, tokens } from "@fluentui/react-components";
import { compactNumber, coord } from "../chartScale";

const useStyles = makeStyles({
  grid: { stroke: tokens.colorNeutralStroke2, strokeWidth: 1 },
  zero: { stroke: tokens.colorNeutralForeground2, strokeWidth: 1 },
  tick: { fill: tokens.colorNeutralForeground2 },
});

/** Grid lines at `ticks` from `left` to `right`, each labelled just left of the plot. */
export function ValueGrid({ ticks, y, left, right }: { ticks: readonly number[]; y: (v: number) => number; left: number; right: number }): JSX.Element {
  const s = useStyles();
  return (
    <g>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={left} x2={right} y1={coord(y(t))} y2={coord(y(t))} className={s.grid} />
          <text x={left - 6} y={coord(y(t) + 4)} textAnchor="end" className={s.tick}>
            {compactNumber(t)}
          </text>
        </g>
      ))}
    </g>
  );
}

/** The labels of periods `shown` (indices), at `x(i)`, on the baseline `top`; the ends are anchored inwards. */
export function PeriodLabels({ periods, shown, x, top }: { periods: readonly string[]; shown: readonly number[]; x: (i: number) => number; top: number }): JSX.Element {
  const s = useStyles();
  const n = periods.length;
  return (
    <g>
      {shown.map((i) => (
        <text key={i} x={coord(x(i))} y={top} textAnchor={i === 0 ? "start" : i === n - 1 ? "end" : "middle"} className={s.tick}>
          {periods[i]}
        </text>
      ))}
    </g>
  );
}

/**
 * Vertical grid lines at `ticks` from `top` to `bottom` (for horizontal bars), each labelled under
 * the plot at `labelY`; the line at 0 is drawn stronger (the bars start there).
 */
export function ValueGridX({ ticks, x, top, bottom, labelY }: { ticks: readonly number[]; x: (v: number) => number; top: number; bottom: number; labelY: number }): JSX.Element {
  const s = useStyles();
  const n = ticks.length;
  return (
    <g>
      {ticks.map((t, i) => (
        <g key={t}>
          <line x1={coord(x(t))} x2={coord(x(t))} y1={top} y2={bottom} className={t === 0 ? s.zero : s.grid} />
          <text x={coord(x(t))} y={labelY} textAnchor={i === 0 && n > 1 ? "start" : i === n - 1 && n > 1 ? "end" : "middle"} className={s.tick}>
            {compactNumber(t)}
          </text>
        </g>
      ))}
    </g>
  );
}
