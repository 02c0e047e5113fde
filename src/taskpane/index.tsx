/**
 * Task pane entry: detect where the pane runs, pick the theme, render the app.
 */
import { FluentProvider, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { detectPaneHost, prefersDark } from "./officeHost";

async function start(): Promise<void> {
  const container = document.getElementById("root");
  if (container === null) return;
  const host = await detectPaneHost();
  const theme = prefersDark(host) ? webDarkTheme : webLightTheme;
  createRoot(container).render(
    <FluentProvider theme={theme} style={{ minHeight: "100vh" }}>
      <App host={host} iconUrl="assets/icons/icon-32.png" />
    </FluentProvider>,
  );
}

void start();
