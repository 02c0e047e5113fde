/**
 * Where a step's details are: inside Excel, links that open the output sheets (by the names
 * they were written under); standalone, a sentence naming them in the result workbook.
 */
import { Caption1, Link } from "@fluentui/react-components";
import type { PaneHost } from "../officeHost";
import { usePanelStyles } from "./panelStyles";

export interface SheetLinksProps {
  readonly mode: PaneHost;
  /** The sheets as written, each with the test id of its link. */
  readonly sheets: readonly { readonly name: string; readonly testId: string }[];
  /** Excel: show a sheet. */
  readonly onActivate?: (sheet: string) => void;
}

export function SheetLinks({ mode, sheets, onActivate }: SheetLinksProps): JSX.Element {
  const s = usePanelStyles();
  const names = sheets.map((x) => x.name);
  const listed = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]!}` : (names[0] ?? "");
  return (
    <div className={s.row}>
      {onActivate ? (
        sheets.map((x) => (
          <Link key={x.testId} as="button" onClick={() => onActivate(x.name)} data-testid={x.testId}>
            Open {x.name}
          </Link>
        ))
      ) : (
        <Caption1 className={s.muted}>
          The details are in the sheet{names.length === 1 ? "" : "s"} {listed} of the result workbook{mode === "standalone" ? " (Run step: download)" : ""}.
        </Caption1>
      )}
    </div>
  );
}
