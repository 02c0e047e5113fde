/**
 * Load vs capacity of one resource (the Supply step): a bar per month for the load, red when
 * over the available capacity, the available capacity as a step line, a triangle over the
 * months at risk of overload, and the peak utilisation written over its month. Hand-written
 * SVG drawn at the pane's width; the legend is HTML, and over-capacity bars stand above the
 * line as well as being red, so colour is never the only cue.
 */
import { makeStyles, tokens } from "@fluentui/react-components";
import type { ResourceView } from "../../workbook/supplyStep";
import { bandScale, coord, labelIndices, linearScale, maxOf, niceTicks, stepPath, upTriangle } from "../chartScale";
import { percent } from "../paneFormat";
import { type MonthState, describeLoad, loadMonths, monthCounts, unitWord } from "../supplyView";
import { PeriodLabels, ValueGrid } from "./ChartAxes";
import { BarSwatch, ChartLegend, LineSwatch, MarkSwatch } from "./ChartLegend";
import { useWidth } from "./useWidth";

const HEIGHT = 210;
const MARGIN = { top: 24, right: 8, bottom: 24, left: 44 } as const;
/** Half the width of the at-risk triangle, and its height. */
const MARK = 5;
const MARK_HEIGHT = Math.sqrt(3) * MARK;

const useStyles = makeStyles({
  wrap: { width: "100%" },
  svg: { display: "block", fontFamily: tokens.fontFamilyBase, fontSize: tokens.fontSizeBase200 },
  ok: { fill: tokens.colorBrandBackground },
  short: { fill: tokens.colorPaletteRedBackground3 },
  none: { fill: tokens.colorNeutralStrokeAccessible },
  capacity: { fill: "none", stroke: tokens.colorNeutralForeground1, strokeWidth: 2, strokeLinejoin: "round" },
  risk: { fill: tokens.colorPaletteMarigoldBackground3, stroke: tokens.colorNeutralForeground1, strokeWidth: 1, strokeLinejoin: "round" },
  peak: { fill: tokens.colorNeutralForeground1, fontWeight: tokens.fontWeightSemibold },
});

export interface LoadChartProps {
  readonly resource: ResourceView;
  readonly periods: readonly string[];
}

export function LoadChart({ resource, periods }: LoadChartProps): JSX.Element {
  const s = useStyles();
  const [ref, width] = useWidth<HTMLDivElement>(300);
  const months = loadMonths(resource, periods);
  const n = months.length;
  const ticks = niceTicks(maxOf(months.map((m) => m.load), months.map((m) => m.available)), 4);
  const top = ticks[ticks.length - 1]!;
  const y = linearScale(0, top, HEIGHT - MARGIN.bottom, MARGIN.top);
  const band = bandScale(n, MARGIN.left, width - MARGIN.right, 0.3);
  const peak = monthCounts(months).peak;
  const at = peak ? periods.indexOf(peak.period) : -1;
  const labels = labelIndices(n, at, band.center, 64);
  const barClass: Readonly<Record<MonthState, string>> = { ok: s.ok, "at risk": s.ok, short: s.short, "no capacity": s.none };
  /** The top of what is drawn in month i (bar or capacity line), in pixels. */
  const topOf = (i: number): number => Math.min(y(months[i]!.load), y(months[i]!.available ?? 0));
  return (
    <div ref={ref} className={s.wrap}>
      <svg role="img" aria-label={describeLoad(resource, periods)} width={width} height={HEIGHT} className={s.svg} data-testid="load-chart" data-resource={resource.resource}>
        <ValueGrid ticks={ticks} y={y} left={MARGIN.left} right={width - MARGIN.right} />
        {months.map((m, i) => (
          <rect
            key={m.period}
            x={coord(band.start(i))}
            y={coord(y(m.load))}
            width={coord(Math.max(1, band.width))}
            height={coord(Math.max(0, y(0) - y(m.load)))}
            className={barClass[m.state]}
            data-testid="load-bar"
            data-period={m.period}
            data-state={m.state}
          />
        ))}
        <path d={stepPath(months.map((m) => m.available), band.edge, y)} className={s.capacity} data-testid="capacity-line" />
        {months.map((m, i) =>
          m.state === "at risk" ? (
            <path
              key={m.period}
              d={upTriangle(band.center(i), topOf(i) - 3, MARK)}
              className={s.risk}
              data-testid="risk-mark"
              data-period={m.period}
            />
          ) : null,
        )}
        {peak && at >= 0 && (
          <text
            x={coord(band.center(at))}
            y={coord(Math.max(12, topOf(at) - (months[at]!.state === "at risk" ? 6 + MARK_HEIGHT : 5)))}
            textAnchor={band.center(at) > width - MARGIN.right - 24 ? "end" : band.center(at) < MARGIN.left + 24 ? "start" : "middle"}
            className={s.peak}
            data-testid="peak-label"
          >
            {percent(peak.utilisation, 0)}
          </text>
        )}
        <PeriodLabels periods={periods} shown={labels} x={band.center} top={HEIGHT - 6} />
      </svg>
      <ChartLegend
        entries={[
          { label: `Load (${unitWord(resource.unit)})`, swatch: <BarSwatch className={s.ok} /> },
          { label: "Over capacity", swatch: <BarSwatch className={s.short} /> },
          { label: "Available capacity", swatch: <LineSwatch className={s.capacity} /> },
          { label: "At risk of overload", swatch: <MarkSwatch className={s.risk} d={upTriangle(6, 11, 5)} /> },
        ]}
      />
    </div>
  );
}
