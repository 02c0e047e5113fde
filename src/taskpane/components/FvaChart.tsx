/**
 * The FVA stairstep (total): one bar per step (naive → statistical → contributors →
 * consensus), its length the step's WAPE, labelled with what the step adds in points —
 * green when it makes the forecast better, red when worse, with the sign written so that
 * colour is never the only cue. Hand-written SVG drawn at the pane's width.
 */
import { makeStyles, tokens } from "@fluentui/react-components";
import type { FvaStepView } from "../../workbook/demandSummary";
import { coord, linearScale } from "../chartScale";
import { describeFva, points, shownSign } from "../demandView";
import { capitalise, percent } from "../paneFormat";
import { useWidth } from "./useWidth";

const ROW = 42;
const BAR = 14;
/** Room to the right of the longest bar for its FVA label. */
const LABEL_ROOM = 104;

const useStyles = makeStyles({
  wrap: { width: "100%" },
  svg: { display: "block", overflow: "visible", fontFamily: tokens.fontFamilyBase, fontSize: tokens.fontSizeBase200 },
  name: { fill: tokens.colorNeutralForeground1, fontWeight: tokens.fontWeightSemibold },
  value: { fill: tokens.colorNeutralForeground2 },
  bar: { fill: tokens.colorBrandBackground },
  better: { fill: tokens.colorPaletteGreenForeground1, fontWeight: tokens.fontWeightSemibold },
  worse: { fill: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  same: { fill: tokens.colorNeutralForeground2 },
});

export interface FvaChartProps {
  readonly steps: readonly FvaStepView[];
}

export function FvaChart({ steps }: FvaChartProps): JSX.Element {
  const s = useStyles();
  const [ref, width] = useWidth<HTMLDivElement>(300);
  const height = Math.max(1, steps.length) * ROW + 4;
  const maxWape = Math.max(0, ...steps.map((x) => x.wape ?? 0));
  const barMax = Math.max(40, width - LABEL_ROOM);
  const x = linearScale(0, maxWape > 0 ? maxWape : 1, 0, barMax);
  return (
    <div ref={ref} className={s.wrap}>
      <svg role="img" aria-label={describeFva(steps)} width={width} height={height} className={s.svg} data-testid="fva-chart">
        {steps.map((step, i) => {
          const top = i * ROW;
          const sign = step.fva === null ? 0 : shownSign(step.fva);
          const w = step.wape === null ? 0 : Math.max(1, x(step.wape));
          return (
            <g key={`${step.step}:${i}`} data-testid="fva-step" data-step={step.step} data-fva={step.fva ?? ""}>
              <text x={0} y={top + 13} className={s.name}>
                {capitalise(step.step)}
              </text>
              <text x={width - 2} y={top + 13} textAnchor="end" className={s.value}>
                {step.wape === null ? "no WAPE" : `WAPE ${percent(step.wape)}`}
              </text>
              {step.wape !== null && <rect x={0} y={top + 19} width={coord(w)} height={BAR} rx={2} className={s.bar} />}
              <text x={coord(w + 6)} y={top + 30} className={sign > 0 ? s.better : sign < 0 ? s.worse : s.same}>
                {step.fva === null ? "baseline" : points(step.fva)}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
