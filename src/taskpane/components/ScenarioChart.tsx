/**
 * The scenario comparison (the Scenarios step): for each scenario that ran, two horizontal bars
 * from 0 — its margin and its revenue against the baseline — each labelled with the signed
 * delta, so that neither colour nor length is the only cue; the recommended scenario is named as
 * such. Horizontal bars keep long scenario names readable in a 320 px pane. Hand-written SVG
 * drawn at the pane's width; the legend is HTML.
 */
import { makeStyles, tokens } from "@fluentui/react-components";
import { coord, linearScale, signedTicks } from "../chartScale";
import { type ScenarioBar, deltaExtent, describeScenarioChart, formatDelta } from "../scenariosView";
import { ValueGridX } from "./ChartAxes";
import { BarSwatch, ChartLegend } from "./ChartLegend";
import { useWidth } from "./useWidth";

/** One scenario: its name, then the margin bar and the revenue bar. */
const ROW = 54;
const BAR = 12;
const NAME_Y = 13;
const MARGIN_Y = 19;
const REVENUE_Y = 34;
/** Room for the tick labels under the plot. */
const AXIS = 20;
/** Room beside the longest bar for its label ("+5.31 M"), on each side that has bars. */
const LABEL_ROOM = 56;
/** About how wide a character of the names is (12 px font), to shorten a name that would not fit. */
const CHAR = 6.6;

const useStyles = makeStyles({
  wrap: { width: "100%", display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  svg: { display: "block", fontFamily: tokens.fontFamilyBase, fontSize: tokens.fontSizeBase200 },
  /** A halo of the background behind the name, so the grid lines do not cross its letters. */
  name: { fill: tokens.colorNeutralForeground1, fontWeight: tokens.fontWeightSemibold, stroke: tokens.colorNeutralBackground1, strokeWidth: "3px", strokeLinejoin: "round", paintOrder: "stroke" },
  value: { fill: tokens.colorNeutralForeground2 },
  margin: { fill: tokens.colorBrandBackground },
  revenue: { fill: tokens.colorPaletteTealBorderActive },
});

/** A name shortened with an ellipsis to about `room` pixels. */
function fit(name: string, room: number): string {
  const max = Math.max(6, Math.floor(room / CHAR));
  return name.length <= max ? name : `${name.slice(0, max - 1)}…`;
}

export interface ScenarioChartProps {
  readonly bars: readonly ScenarioBar[];
}

export function ScenarioChart({ bars }: ScenarioChartProps): JSX.Element {
  const s = useStyles();
  const [ref, width] = useWidth<HTMLDivElement>(300);
  const { min, max } = deltaExtent(bars);
  const ticks = signedTicks(min, max, 4);
  const left = min < 0 ? LABEL_ROOM : 2;
  const right = width - (max > 0 || min === max ? LABEL_ROOM : 2);
  const x = linearScale(ticks[0]!, ticks[ticks.length - 1]!, left, Math.max(left + 40, right));
  const plotBottom = bars.length * ROW;
  const height = plotBottom + AXIS;
  const zero = x(0);

  const bar = (value: number, y: number, cls: string, what: "margin" | "revenue"): JSX.Element => {
    const end = x(value);
    const from = Math.min(zero, end);
    const w = Math.max(value === 0 ? 0 : 1, Math.abs(end - zero));
    const label = formatDelta("amount", value);
    const negative = value < 0 && label !== "0";
    return (
      <g data-testid={`scenario-${what}`} data-value={String(value)}>
        {w > 0 && <rect x={coord(from)} y={y} width={coord(w)} height={BAR} rx={2} className={cls} />}
        <text x={coord(negative ? from - 4 : from + w + 4)} y={y + BAR - 2} textAnchor={negative ? "end" : "start"} className={s.value}>
          {label}
        </text>
      </g>
    );
  };

  return (
    <div ref={ref} className={s.wrap}>
      <svg role="img" aria-label={describeScenarioChart(bars)} width={width} height={height} className={s.svg} data-testid="scenario-chart">
        <ValueGridX ticks={ticks} x={x} top={0} bottom={plotBottom} labelY={plotBottom + 14} />
        {bars.map((b, i) => {
          const top = i * ROW;
          const name = b.recommended ? `${b.name} (recommended)` : b.name;
          return (
            <g key={b.name} data-testid="scenario-bars" data-scenario={b.name} data-recommended={b.recommended ? "true" : "false"}>
              <text x={0} y={top + NAME_Y} className={s.name}>
                <title>{name}</title>
                {fit(name, width - 4)}
              </text>
              {bar(b.margin, top + MARGIN_Y, s.margin, "margin")}
              {bar(b.revenue, top + REVENUE_Y, s.revenue, "revenue")}
            </g>
          );
        })}
      </svg>
      <ChartLegend
        entries={[
          { label: "Margin vs baseline", swatch: <BarSwatch className={s.margin} /> },
          { label: "Revenue vs baseline", swatch: <BarSwatch className={s.revenue} /> },
        ]}
      />
    </div>
  );
}
