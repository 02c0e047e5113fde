/**
 * The Scenarios and Meeting steps, loaded on demand from their own chunk (`reviews`): the pane's
 * first load stays as it was; the chunk is fetched in the background as soon as a run has written
 * its sheets (`preloadReviewPanels`), so opening either step is instant. Should the chunk fail
 * to load, the step says so in a sentence (the rest of the pane keeps working).
 */
import { Body1, MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { Suspense, lazy } from "react";
import type { MeetingPanelProps } from "./MeetingPanel";
import type * as Panels from "./reviewPanels";
import type { ScenariosPanelProps } from "./ScenariosPanel";

type ReviewPanels = typeof Panels;

let pending: Promise<ReviewPanels> | null = null;

function load(): Promise<ReviewPanels> {
  pending ??= import(/* webpackChunkName: "reviews" */ "./reviewPanels.js").catch((e: unknown) => {
    pending = null;
    throw e;
  });
  return pending;
}

/** Fetch the chunk now (after a run), so that the steps open at once; a failure waits for the step to say so. */
export function preloadReviewPanels(): void {
  load().catch(() => undefined);
}

function notLoaded(e: unknown): () => JSX.Element {
  const detail = e instanceof Error ? e.message : String(e);
  return function NotLoaded(): JSX.Element {
    return (
      <MessageBar intent="error" layout="multiline" data-testid="step-not-loaded">
        <MessageBarBody>
          <MessageBarTitle>This step could not be loaded</MessageBarTitle>
          Part of the pane did not load ({detail}). Nothing is lost: the run's sheets are written. Reload the pane to try again.
        </MessageBarBody>
      </MessageBar>
    );
  };
}

function Loading(): JSX.Element {
  return <Body1 data-testid="step-loading">Loading…</Body1>;
}

export interface ReviewSteps {
  readonly ScenariosStep: (props: ScenariosPanelProps) => JSX.Element;
  readonly MeetingStep: (props: MeetingPanelProps) => JSX.Element;
}

/** The two steps over a loader of their chunk (tests give their own). */
export function lazyReviewSteps(loader: () => Promise<Pick<ReviewPanels, "ScenariosPanel" | "MeetingPanel">>): ReviewSteps {
  const Scenarios = lazy(() => loader().then((m) => ({ default: m.ScenariosPanel }), (e: unknown) => ({ default: notLoaded(e) })));
  const Meeting = lazy(() => loader().then((m) => ({ default: m.MeetingPanel }), (e: unknown) => ({ default: notLoaded(e) })));
  return {
    ScenariosStep: (props) => (
      <Suspense fallback={<Loading />}>
        <Scenarios {...props} />
      </Suspense>
    ),
    MeetingStep: (props) => (
      <Suspense fallback={<Loading />}>
        <Meeting {...props} />
      </Suspense>
    ),
  };
}

export const { ScenariosStep, MeetingStep } = lazyReviewSteps(load);
