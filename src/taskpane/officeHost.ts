/**
 * Where the pane runs: inside Excel (Office.js ready with host Excel) or standalone in a
 * browser tab (no Office.js, Office.onReady gives no host, or the CDN script could not
 * load). The only module of the pane that looks at `Office`.
 */
export type PaneHost = "excel" | "standalone";

/** Resolve where the pane runs; never waits longer than `timeoutMs`. */
export function detectPaneHost(timeoutMs = 4000): Promise<PaneHost> {
  if (typeof Office === "undefined" || typeof Office.onReady !== "function") return Promise.resolve("standalone");
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("standalone"), timeoutMs);
    Office.onReady()
      .then((info) => {
        clearTimeout(timer);
        resolve(info.host === Office.HostType.Excel ? "excel" : "standalone");
      })
      .catch(() => {
        clearTimeout(timer);
        resolve("standalone");
      });
  });
}

/** True when Office's theme (inside Excel) or the browser prefers a dark background. */
export function prefersDark(host: PaneHost): boolean {
  if (host === "excel" && typeof Office !== "undefined") {
    const bg = Office.context?.officeTheme?.bodyBackgroundColor;
    if (typeof bg === "string" && /^#?[0-9a-f]{6}$/i.test(bg)) {
      const hex = bg.replace("#", "");
      const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! < 128;
    }
  }
  return typeof window !== "undefined" && typeof window.matchMedia === "function" && window.matchMedia("(prefers-color-scheme: dark)").matches;
}
