/**
 * A pane component mounted in a DOM for the tests that click (linkedom, no browser): React's
 * client renderer inside Fluent's provider, every update wrapped in `act`. The DOM globals are
 * set while a component is mounted and put back when it is unmounted, so the server-rendered
 * tests that run after see no DOM.
 */
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { type ReactElement, act, createElement } from "react";

const GLOBALS = [
  "window",
  "document",
  "navigator",
  "Node",
  "Element",
  "HTMLElement",
  "HTMLTextAreaElement",
  "HTMLInputElement",
  "Event",
  "MouseEvent",
  "KeyboardEvent",
  "FocusEvent",
  "MutationObserver",
  "IS_REACT_ACT_ENVIRONMENT",
] as const;

export interface Mounted {
  readonly document: Document;
  readonly window: Window;
  /** The element with this test id (throws when there is none). */
  get(testId: string): HTMLElement;
  /** The elements with this test id. */
  all(testId: string): HTMLElement[];
  /** Click an element, and let React apply what follows (promises included). */
  click(el: Element): Promise<void>;
  /** Let pending promises settle inside `act`. */
  settle(): Promise<void>;
  unmount(): Promise<void>;
}

/** Mount `element` in a fresh document. Unmount it at the end of the test. */
export async function mount(element: ReactElement): Promise<Mounted> {
  // linkedom is an ES module (a dynamic import from this CommonJS test).
  const { parseHTML } = await import("linkedom");
  const { window, document } = parseHTML('<!doctype html><html lang="en"><head></head><body><div id="root"></div></body></html>');
  const g = globalThis as Record<string, unknown>;
  const saved = new Map<string, PropertyDescriptor | undefined>(GLOBALS.map((k) => [k, Object.getOwnPropertyDescriptor(g, k)]));
  const w = window as unknown as Record<string, unknown>;
  if (!w.location) Object.defineProperty(window, "location", { value: new URL("http://localhost/"), configurable: true });
  for (const k of GLOBALS) {
    const value = k === "window" ? window : k === "document" ? document : k === "IS_REACT_ACT_ENVIRONMENT" ? true : w[k];
    if (value !== undefined) Object.defineProperty(g, k, { value, configurable: true, writable: true });
  }
  const { createRoot } = await import("react-dom/client");
  const container = document.getElementById("root")!;
  const root = createRoot(container as unknown as HTMLElement);
  await act(async () => root.render(createElement(FluentProvider, { theme: webLightTheme }, element)));

  const all = (testId: string): HTMLElement[] => [...document.querySelectorAll(`[data-testid="${testId}"]`)] as unknown as HTMLElement[];
  const settle = async (): Promise<void> => {
    await act(async () => {
      for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
    });
  };
  return {
    document: document as unknown as Document,
    window: window as unknown as Window,
    get: (testId) => {
      const found = all(testId)[0];
      if (!found) throw new Error(`no element with data-testid="${testId}"`);
      return found;
    },
    all,
    click: async (el) => {
      await act(async () => {
        el.dispatchEvent(new (window as unknown as { Event: typeof Event }).Event("click", { bubbles: true }));
      });
      await settle();
    },
    settle,
    unmount: async () => {
      await act(async () => root.unmount());
      for (const [k, d] of saved) {
        if (d) Object.defineProperty(g, k, d);
        else delete g[k];
      }
    },
  };
}
