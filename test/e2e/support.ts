/**
 * Helpers for the task pane's end-to-end tests: the production build (rebuilt when
 * older than the sources), a tiny static server on 127.0.0.1, headless Chromium
 * (Debian's /usr/bin/chromium through playwright-core; never a downloaded browser),
 * axe-core, and screenshots under test-results/screenshots.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import type { AxeResults, Result as AxeResult } from "axe-core";
import { type Browser, type BrowserContext, type Page, chromium } from "playwright-core";

export const ROOT = path.resolve(__dirname, "../..");
export const DIST = path.join(ROOT, "dist");
export const CHROMIUM = process.env.SOP_CHROMIUM ?? "/usr/bin/chromium";
export const RESULTS = path.join(ROOT, "test-results");
export const SCREENSHOTS = path.join(RESULTS, "screenshots");

/** Newest modification time of the files under `p` (a file or a folder). */
function newest(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const e of fs.readdirSync(p)) t = Math.max(t, newest(path.join(p, e)));
  return t;
}

/**
 * Run `npm run build` when dist/taskpane.html is missing or the build is older than what it
 * is built from. webpack leaves unchanged output files untouched, so the build's age is its
 * newest file, and a build made here is stamped.
 */
export function ensureBuild(): void {
  const page = path.join(DIST, "taskpane.html");
  const inputs = ["src", "assets/icons", "webpack.config.js", "tsconfig.json", "tsconfig.webpack.json", "package.json", "package-lock.json", "manifest.xml"];
  const sources = Math.max(...inputs.map((p) => newest(path.join(ROOT, p))));
  if (fs.existsSync(page) && newest(DIST) >= sources) return;
  const r = spawnSync("npm", ["run", "--silent", "build"], { cwd: ROOT, encoding: "utf8", timeout: 170_000 });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  const now = new Date();
  fs.utimesSync(page, now, now);
}

const MIME: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "application/javascript; charset=utf-8",
  ".mjs": "application/javascript; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
};

export interface StaticServer {
  readonly url: string;
  /** CSP violation reports the browser posted to `/csp-report` (with `serveDir(dir, { csp })`), as JSON text. */
  readonly cspReports: readonly string[];
  close(): Promise<void>;
}

/** Where the browser posts CSP violation reports (the header's `report-uri`). */
export const CSP_REPORT_PATH = "/csp-report";

/** The Content-Security-Policy of a built page's `<meta http-equiv>`, or null when it has none. */
export function cspOf(html: string): string | null {
  for (const m of html.matchAll(/<meta\b[^>]*>/gi)) {
    if (!/http-equiv=["']?Content-Security-Policy\b/i.test(m[0])) continue;
    const content = /\bcontent=(?:"([^"]*)"|'([^']*)')/i.exec(m[0]);
    if (content) return (content[1] ?? content[2]!).replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  }
  return null;
}

/**
 * Serve a folder on 127.0.0.1 (a free port) with the right MIME types. With `csp`, every response
 * also carries that policy as a header, with a `report-uri` to this server: a `<meta>` policy does not
 * reach a worker's own script, a header does; and violations anywhere (page or worker) are posted back.
 */
export async function serveDir(dir: string, options: { readonly csp?: string } = {}): Promise<StaticServer> {
  const root = path.resolve(dir);
  const cspReports: string[] = [];
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    if (options.csp !== undefined && req.method === "POST" && urlPath === CSP_REPORT_PATH) {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        cspReports.push(body);
        res.writeHead(204).end();
      });
      return;
    }
    if (options.csp !== undefined) res.setHeader("Content-Security-Policy", `${options.csp}; report-uri ${CSP_REPORT_PATH}`);
    const file = path.resolve(root, `.${urlPath === "/" ? "/taskpane.html" : urlPath}`);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": MIME[path.extname(file).toLowerCase()] ?? "application/octet-stream", "cache-control": "no-store" });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    cspReports,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Headless Chromium with the flags that work here (see TOOLCHAIN.md). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** No network: the Office CDN (and anything else off 127.0.0.1) fails, as it does offline. */
export async function offline(page: Page): Promise<void> {
  await page.route("https://appsforoffice.microsoft.com/**", (route) => route.abort("internetdisconnected"));
  await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort("internetdisconnected"));
}

/** The Office.js script tag of taskpane.html: requested on every load, aborted by `offline`. */
export const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

/** A request the page or one of its workers made, with the content type of its answer (when there was one). */
export interface SeenRequest {
  readonly url: string;
  contentType: string | null;
}

/** Record every request of the context's pages and their workers (the engine worker's fetches included), in order. */
export function recordRequests(context: BrowserContext): SeenRequest[] {
  const seen: SeenRequest[] = [];
  const byRequest = new Map<object, SeenRequest>();
  context.on("request", (r) => {
    const entry: SeenRequest = { url: r.url(), contentType: null };
    byRequest.set(r, entry);
    seen.push(entry);
  });
  context.on("response", (r) => {
    const entry = byRequest.get(r.request());
    if (entry) entry.contentType = r.headers()["content-type"] ?? null;
  });
  return seen;
}

/**
 * Requests that are neither same-origin with the local server (`blob:` URLs of the server's origin and
 * `data:` URLs count as local) nor the Office.js script tag: none are allowed, ever.
 */
export function foreignRequests(urls: readonly string[], origin: string): string[] {
  return urls.filter((u) => {
    if (u === OFFICE_JS || u.startsWith("data:")) return false;
    const inner = u.startsWith("blob:") ? u.slice("blob:".length) : u;
    try {
      return new URL(inner).origin !== origin;
    } catch {
      return true;
    }
  });
}

/**
 * Collect the page's Content-Security-Policy violations: `securitypolicyviolation` events (an init
 * script, so from the first byte on) and console errors that say a policy refused something.
 */
export async function recordCspViolations(context: BrowserContext, page: Page): Promise<() => Promise<string[]>> {
  await context.addInitScript(() => {
    const w = window as unknown as { __cspViolations?: string[] };
    w.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__cspViolations!.push(`${e.effectiveDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile}:${e.lineNumber}`));
  });
  const fromConsole: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) fromConsole.push(m.text());
  });
  return async () => {
    const inPage = await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []).catch(() => [] as string[]);
    return [...inPage, ...fromConsole];
  };
}

/** The requests that would have left this machine: anything but the local server, blob: and data: URLs, and the Office.js script tag. */
export function remoteRequests(seen: readonly SeenRequest[], origin: string): string[] {
  return seen.map((r) => r.url).filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith("blob:") && !u.startsWith("data:") && u !== OFFICE_JS);
}

/**
 * Tabster (Fluent UI v9's focus manager, used by Dialog, Combobox…) adds `<i data-tabster-dummy
 * tabindex="0" aria-hidden="true">` focus bumpers that pass focus on as soon as they get it.
 * axe's aria-hidden-focus flags them: a known false positive (microsoft/tabster#288, the
 * Fluent v9 known issues; Accessibility Insights suppresses it the same way). Only those
 * nodes are dropped; any other aria-hidden-focus node is still reported.
 */
function isTabsterBumper(ruleId: string, html: string): boolean {
  return ruleId === "aria-hidden-focus" && /^<i\b[^>]*\bdata-tabster-dummy\b/.test(html);
}

/** Violations of impact serious or critical, as readable lines. */
export async function axeProblems(page: Page): Promise<string[]> {
  // Colours are checked at rest: no hover, no transition half-way (a button just clicked fades to its new colour).
  await page.mouse.move(0, 0);
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"), undefined, { timeout: 5_000 });
  const hasAxe = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== "undefined");
  // Evaluated through the debugging protocol, not added as an inline <script>: the page's CSP refuses inline scripts.
  if (!hasAxe) await page.evaluate(fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
  const results = await page.evaluate(() => (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<AxeResults> } }).axe.run(document, { resultTypes: ["violations"] }));
  return results.violations
    .filter((v: AxeResult) => v.impact === "serious" || v.impact === "critical")
    .map((v: AxeResult) => ({ ...v, nodes: v.nodes.filter((n) => !isTabsterBumper(v.id, n.html)) }))
    .filter((v: AxeResult) => v.nodes.length > 0)
    .map((v: AxeResult) => `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")}`);
}

/** Save a full-page screenshot as test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
