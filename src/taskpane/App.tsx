/**
 * The task pane shell: product header, where it runs, and the cycle it serves.
 * Props-driven; never touches Office.js (officeHost.ts does).
 */
import { Body1, Caption1, Subtitle1, Title3, makeStyles, tokens } from "@fluentui/react-components";
import type { PaneHost } from "./officeHost";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL },
  header: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM },
  steps: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
});

/** The monthly cycle of DESIGN.md §2, as the planner sees it. */
export const CYCLE_STEPS: readonly { name: string; what: string }[] = [
  { name: "Data", what: "map your ranges to roles and check every cell" },
  { name: "Business review", what: "last month's actuals against plan and budget" },
  { name: "Demand review", what: "accuracy, bias and forecast value added; statistical and consensus forecast" },
  { name: "Supply review", what: "load against capacity, shortages, a constrained plan" },
  { name: "Pre-S&OP", what: "scenarios, financials, decisions to propose" },
  { name: "Executive S&OP", what: "agenda, dashboard, decisions approved" },
  { name: "Execution", what: "lock the cycle, freeze the plan, follow adherence" },
];

export interface AppProps {
  readonly host: PaneHost;
  readonly iconUrl: string;
}

export function App({ host, iconUrl }: AppProps): JSX.Element {
  const s = useStyles();
  return (
    <main className={s.root} aria-label="S&OP Planner">
      <header className={s.header}>
        <img src={iconUrl} width={32} height={32} alt="" />
        <Title3 as="h1">S&amp;OP Planner</Title3>
      </header>
      <Caption1 role="status">{host === "excel" ? "Connected to this workbook in Excel." : "Running standalone in the browser (not inside Excel)."}</Caption1>
      <Body1>Sales &amp; Operations Planning in your own workbook. One run is one monthly cycle:</Body1>
      <Subtitle1 as="h2">The cycle</Subtitle1>
      <ol className={s.steps}>
        {CYCLE_STEPS.map((step) => (
          <li key={step.name}>
            <Body1>
              <strong>{step.name}</strong>: {step.what}
            </Body1>
          </li>
        ))}
      </ol>
    </main>
  );
}
