/**
 * The Scenarios and Meeting steps: one chunk (`reviews`), loaded on demand by LazyPanels.tsx so
 * that the pane's first load does not carry them.
 */
export { MeetingPanel } from "./MeetingPanel";
export { ScenariosPanel } from "./ScenariosPanel";
