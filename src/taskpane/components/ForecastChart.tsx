/**
 * Forecast vs actual for one series (the total, a family or an item): the last actuals,
 * the statistical forecast with its 80 % band, the consensus, and a vertical line at the
 * cycle. Hand-written SVG drawn at the pane's width; the legend is HTML, and the lines
 * differ by dash as well as colour.
 */
import { Caption1, makeStyles, tokens } from "@fluentui/react-components";
import type { ChartSeries } from "../../workbook/demandSummary";
import { bandPath, compactNumber, coord, labelIndices, linePath, linearScale, maxOf, niceTicks } from "../chartScale";
import { describeSeries } from "../demandView";
import { useWidth } from "./useWidth";

const HEIGHT = 210;
const MARGIN = { top: 18, right: 10, bottom: 24, left: 40 } as const;

const useStyles = makeStyles({
  wrap: { width: "100%" },
  svg: { display: "block", fontFamily: tokens.fontFamilyBase, fontSize: tokens.fontSizeBase200 },
  grid: { stroke: tokens.colorNeutralStroke2, strokeWidth: 1 },
  tick: { fill: tokens.colorNeutralForeground2 },
  band: { fill: tokens.colorBrandBackground2, stroke: "none" },
  actual: { fill: "none", stroke: tokens.colorNeutralForeground1, strokeWidth: 2, strokeLinecap: "round", strokeLinejoin: "round" },
  statistical: { fill: "none", stroke: tokens.colorBrandForeground1, strokeWidth: 2, strokeDasharray: "5 3", strokeLinecap: "round" },
  consensus: { fill: "none", stroke: tokens.colorPaletteDarkOrangeForeground1, strokeWidth: 2.5, strokeLinecap: "round", strokeLinejoin: "round" },
  cycle: { stroke: tokens.colorNeutralForeground2, strokeWidth: 1, strokeDasharray: "2 2" },
  cycleText: { fill: tokens.colorNeutralForeground2 },
  legend: { display: "flex", flexWrap: "wrap", gap: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalM}`, margin: 0, padding: 0, listStyleType: "none" },
  key: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalXS },
});

export interface ForecastChartProps {
  readonly series: ChartSeries;
  readonly cycle: string;
}

function Swatch({ className, band }: { className: string; band?: string }): JSX.Element {
  return (
    <svg width={26} height={12} aria-hidden="true" focusable="false">
      {band && <rect x={0} y={1} width={26} height={10} className={band} />}
      <path d="M2,6H24" className={className} />
    </svg>
  );
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
        {ticks.map((t) => (
          <g key={t}>
            <line x1={MARGIN.left} x2={width - MARGIN.right} y1={coord(y(t))} y2={coord(y(t))} className={s.grid} />
            <text x={MARGIN.left - 6} y={coord(y(t) + 4)} textAnchor="end" className={s.tick}>
              {compactNumber(t)}
            </text>
          </g>
        ))}
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
        {labels.map((i) => (
          <text key={i} x={coord(x(i))} y={HEIGHT - 6} textAnchor={i === 0 ? "start" : i === n - 1 ? "end" : "middle"} className={s.tick}>
            {series.periods[i]}
          </text>
        ))}
      </svg>
      <ul className={s.legend} aria-label="Legend">
        <li className={s.key}>
          <Swatch className={s.actual} />
          <Caption1>Actual</Caption1>
        </li>
        <li className={s.key}>
          <Swatch className={s.statistical} band={s.band} />
          <Caption1>Statistical, 80 % band</Caption1>
        </li>
        <li className={s.key}>
          <Swatch className={s.consensus} />
          <Caption1>Consensus</Caption1>
        </li>
      </ul>
    </div>
  );
}
