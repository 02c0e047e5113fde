/**
 * Task pane entry (the controller): detect where the pane runs, pick the theme, build
 * the actions (standalone, or Excel: loaded lazily with the Office.js host) and render.
 */
import { FluentProvider, MessageBar, MessageBarBody, MessageBarTitle, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { type PaneActions, standaloneActions } from "./actions";
import { App } from "./App";
import { EngineClient } from "./engineClient";
import { type PaneHost, detectPaneHost, prefersDark } from "./officeHost";

const ICON = "assets/icons/icon-32.png";

function useDark(host: PaneHost): boolean {
  const [dark, setDark] = useState(() => prefersDark(host));
  useEffect(() => {
    if (host === "excel" || typeof window.matchMedia !== "function") return;
    const mq = window.matchMedia("(prefers-color-scheme: dark)");
    const onChange = (): void => setDark(mq.matches);
    mq.addEventListener("change", onChange);
    return () => mq.removeEventListener("change", onChange);
  }, [host]);
  return dark;
}

function Root({ host, actions, failure }: { host: PaneHost; actions: PaneActions | null; failure: string | null }): JSX.Element {
  const dark = useDark(host);
  const theme = dark ? webDarkTheme : webLightTheme;
  useEffect(() => {
    document.documentElement.style.colorScheme = dark ? "dark" : "light";
    document.body.style.backgroundColor = theme.colorNeutralBackground1;
  }, [dark, theme]);
  return (
    <FluentProvider theme={theme} style={{ minHeight: "100vh" }} data-theme={dark ? "dark" : "light"}>
      {actions ? (
        <App actions={actions} iconUrl={ICON} />
      ) : (
        <main style={{ padding: 16 }}>
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>The add-in could not start</MessageBarTitle>
              {failure} Check your connection, then close and reopen the pane.
            </MessageBarBody>
          </MessageBar>
        </main>
      )}
    </FluentProvider>
  );
}

async function start(): Promise<void> {
  const container = document.getElementById("root");
  if (container === null) return;
  const host = await detectPaneHost();
  const { spawnEngineWorker } = await import(/* webpackMode: "eager" */ "./spawnWorker.mjs");
  const engine = new EngineClient(spawnEngineWorker);
  let actions: PaneActions | null = null;
  let failure: string | null = null;
  if (host === "excel") {
    try {
      const excel = await import(/* webpackChunkName: "excel" */ "./excelActions.js");
      actions = excel.excelActions(engine);
    } catch (e) {
      failure = `Part of the add-in did not load (${e instanceof Error ? e.message : String(e)}).`;
    }
  } else {
    actions = standaloneActions(engine);
  }
  createRoot(container).render(<Root host={host} actions={actions} failure={failure} />);
}

void start();
