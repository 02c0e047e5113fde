/**
 * Forecast vs actual for one series (the total, a family or an item): the last actuals,
 * the statistical forecast with its 80 % band, the consensus, and a vertical line at the
 * cycle. Hand-written SVG drawn at the pane's width; the legend is HTML, and the lines
 * differ by dash as well as colour.
 */
import { makeStyles, tokens } from "@fluentui/react-components";
import type { ChartSeries } from "../../workbook/demandSummary";
import { bandPath, coord, labelIndices, linePath, linearScale, maxOf, niceTicks } from "../chartScale";
import { describeSeries } from "../demandView";
import { PeriodLabels, ValueGrid } from "./ChartAxes";
import { ChartLegend, LineSwatch } from "./ChartLegend";
import { useWidth } from "./useWidth";

const HEIGHT = 210;
const MARGIN = { top: 18, right: 10, bottom: 24, left: 40 } as const;

const useStyles = makeStyles({
  wrap: { width: "100%" },
  svg: { display: "block", fontFamily: tokens.fontFamilyBase, fontSize: tokens.fontSizeBase200 },
  band: { fill: tokens.colorBrandBackground2, stroke: "none" },
  actual: { fill: "none", stroke: tokens.colorNeutralForeground1, strokeWidth: 2, strokeLinecap: "round", strokeLinejoin: "round" },
  statistical: { fill: "none", stroke: tokens.colorBrandForeground1, strokeWidth: 2, strokeDasharray: "5 3", strokeLinecap: "round" },
  consensus: { fill: "none", stroke: tokens.colorPaletteDarkOrangeForeground1, strokeWidth: 2.5, strokeLinecap: "round", strokeLinejoin: "round" },
  cycle: { stroke: tokens.colorNeutralForeground2, strokeWidth: 1, strokeDasharray: "2 2" },
  cycleText: { fill: tokens.colorNeutralForeground2 },
});

export interface ForecastChartProps {
  readonly series: ChartSeries;
  readonly cycle: string;
}

export function ForecastChart({ series, cycle }: ForecastChartProps): JSX.Element {
  const s = useStyles();
  const [ref, width] = useWidth<HTMLDivElement>(300);
  const n = series.periods.length;
  const ticks = niceTicks(maxOf(series.actual, series.statistical, series.upper80, series.consensus), 4);
  const top = ticks[ticks.length - 1]!;
  const x = linearScale(0, Math.max(1, n - 1), MARGIN.left, width - MARGIN.right);
  const y = linearScale(0, top, HEIGHT - MARGIN.bottom, MARGIN.top);
  const at = series.periods.indexOf(cycle);
  const labels = labelIndices(n, at, x, 64);
  return (
    <div ref={ref} className={s.wrap}>
      <svg role="img" aria-label={describeSeries(series, cycle)} width={width} height={HEIGHT} className={s.svg} data-testid="forecast-chart" data-series={series.key}>
        <ValueGrid ticks={ticks} y={y} left={MARGIN.left} right={width - MARGIN.right} />
        <path d={bandPath(series.lower80, series.upper80, x, y)} className={s.band} data-testid="chart-band" />
        <path d={linePath(series.actual, x, y)} className={s.actual} data-testid="chart-actual" />
        <path d={linePath(series.statistical, x, y)} className={s.statistical} data-testid="chart-statistical" />
        <path d={linePath(series.consensus, x, y)} className={s.consensus} data-testid="chart-consensus" />
        {at >= 0 && (
          <g data-testid="chart-cycle">
            <line x1={coord(x(at))} x2={coord(x(at))} y1={MARGIN.top - 4} y2={HEIGHT - MARGIN.bottom} className={s.cycle} />
            <text x={coord(x(at) + 4)} y={MARGIN.top - 6} className={s.cycleText}>
              Cycle
            </text>
          </g>
        )}
        <PeriodLabels periods={series.periods} shown={labels} x={x} top={HEIGHT - 6} />
      </svg>
      <ChartLegend
        entries={[
          { label: "Actual", swatch: <LineSwatch className={s.actual} /> },
          { label: "Statistical, 80 % band", swatch: <LineSwatch className={s.statistical} band={s.band} /> },
          { label: "Consensus", swatch: <LineSwatch className={s.consensus} /> },
        ]}
      />
    </div>
  );
}
