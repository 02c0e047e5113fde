/**
 * A part of a review step: a section named by its own heading (an `h2`, so a screen reader
 * lists the step's parts), and the opening lines of a step: a sentence on what it covers, and
 * where its details are (SheetLinks).
 */
import { Body1, Subtitle1 } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { usePanelStyles } from "./panelStyles";
import { SheetLinks, type SheetLinksProps } from "./SheetLinks";

export function PanelSection({ id, title, children }: { id: string; title: string; children: ReactNode }): JSX.Element {
  const s = usePanelStyles();
  return (
    <section className={s.section} aria-labelledby={id}>
      <Subtitle1 as="h2" id={id} className={s.title}>
        {title}
      </Subtitle1>
      {children}
    </section>
  );
}

export function StepIntro({ testId, children, ...links }: SheetLinksProps & { testId: string; children: ReactNode }): JSX.Element {
  const s = usePanelStyles();
  return (
    <div className={s.section}>
      <Body1 data-testid={testId}>{children}</Body1>
      <SheetLinks {...links} />
    </div>
  );
}
