/**
 * What the production build ships (issue 8, security): no `eval` and no `Function` constructor in
 * the JavaScript we emit, except a short, documented list of fallbacks inside ExcelJS's prebuilt
 * browser bundle that modern browsers never reach; HTML pages with a Content-Security-Policy first
 * in <head> and no inline script; scripts only from our own files and Office.js from the Office CDN.
 *
 * The build is made when dist/ is missing or older than its sources (as the end-to-end tests do).
 * The end-to-end test (test/e2e/pane.test.ts) is the proof that the fallbacks are unreachable: it
 * runs a whole session under the same policy, without 'unsafe-eval', served as a header on every
 * file (so the engine worker, where ExcelJS runs, is covered too), and no violation is reported.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { DIST, OFFICE_JS, cspOf, ensureBuild } from "../e2e/support";

/** `eval(…)`, `new Function(…)` and `Function(…)` called as functions (not `.eval(`, `isFunction(`, `"[object Function]"`). */
const DYNAMIC_CODE = /(?<![\w$.])(?:eval|(?:new\s+)?Function)\s*\(/g;

/** Office.js copies (never part of our bundle; none is emitted today). */
const OFFICE_COPY = /(^|[\\/])office(\.debug)?\.js$|office-js/i;

interface Allowed {
  /** The emitted file (content hash replaced by `*`). */
  readonly file: string;
  /** The code around the call, as emitted (minified). */
  readonly context: RegExp;
  readonly why: string;
}

/**
 * ExcelJS ships a prebuilt browserify bundle (`exceljs/dist/exceljs.min.js`, the package's `browser`
 * entry) that webpack copies as it is into the `exceljs` chunk. Its dependencies carry these
 * fallbacks; none is reached in a browser that has `globalThis` and `self` (every browser and
 * WebView the pane supports: React 18 and Fluent UI v9 need one anyway).
 */
const ALLOWED: readonly Allowed[] = [
  {
    file: "exceljs.*.js",
    context: /r\("object"==typeof globalThis&&globalThis\)\|\|[^;]{0,200}\|\|Function\("return this"\)$/,
    why: "core-js internals/global: `Function('return this')` only when globalThis, window, self and global are all missing",
  },
  {
    file: "exceljs.*.js",
    context: /"object"==typeof self&&self&&self\.Object===Object&&self,\w+=\w+\|\|\w+\|\|Function\("return this"\)$/,
    why: "lodash's root object (`freeGlobal || freeSelf || Function('return this')()`): `self` exists in pages and workers",
  },
  {
    file: "exceljs.*.js",
    context: /\.setImmediate=function\(e\)\{"function"!=typeof e&&\(e=new Function\(""\+e\)$/,
    why: "setImmediate polyfill: compiles its argument only when given a string; ExcelJS passes functions",
  },
  {
    file: "exceljs.*.js",
    context: /try\{regeneratorRuntime=n\}catch\(e\)\{"object"==typeof globalThis\?globalThis\.regeneratorRuntime=n:Function\("r","regeneratorRuntime = r"\)$/,
    why: "regenerator-runtime: `Function(…)` only when globalThis is missing",
  },
];

function emittedScripts(): string[] {
  return fs
    .readdirSync(DIST)
    .filter((f) => /\.(m?js)$/.test(f) && !OFFICE_COPY.test(f))
    .sort();
}

const generic = (file: string): string => file.replace(/\.[0-9a-f]{8}\./, ".*.");

describe("the production bundle: no eval, a Content-Security-Policy, scripts only from us and the Office CDN", function () {
  this.timeout(240000);
  before(() => ensureBuild());

  it("emits no eval or Function constructor outside the documented, unreachable fallbacks in ExcelJS's bundle", () => {
    const files = emittedScripts();
    for (const f of ["taskpane.*.js", "vendor.*.js", "sop-engine.*.js", "exceljs.*.js", "highs.*.js"]) assert.ok(files.map(generic).includes(f), `${f} emitted (${files.join(", ")})`);
    const unexpected: string[] = [];
    const used = new Map<Allowed, number>();
    let found = 0;
    for (const file of files) {
      const text = fs.readFileSync(path.join(DIST, file), "utf8");
      for (const m of text.matchAll(DYNAMIC_CODE)) {
        found++;
        const end = m.index + m[0].length;
        // The code up to and including the call's argument list (minified code: a few hundred characters is enough).
        const close = text.indexOf(")", end);
        const before = text.slice(Math.max(0, m.index - 300), close + 1);
        const allowed = ALLOWED.find((a) => a.file === generic(file) && a.context.test(before));
        if (allowed) used.set(allowed, (used.get(allowed) ?? 0) + 1);
        else unexpected.push(`${file}: …${text.slice(Math.max(0, m.index - 120), end + 60)}…`);
      }
    }
    assert.deepEqual(unexpected, [], "dynamic code in the bundle: configure it away or document why it is unreachable");
    // The list stays exact: a fallback that disappears (an ExcelJS upgrade) leaves the list.
    for (const a of ALLOWED) assert.ok((used.get(a) ?? 0) > 0, `still needed: ${a.why}`);
    console.log(`      ${files.length} scripts scanned; ${found} fallbacks, all in ExcelJS's prebuilt bundle: ${ALLOWED.map((a) => `${used.get(a)}× ${a.why.split(":")[0]}`).join("; ")}`);
  });

  it("our own code and webpack's runtime have none at all (globalThis, no eval source maps)", () => {
    for (const file of emittedScripts().filter((f) => !/^exceljs\./.test(f))) {
      const text = fs.readFileSync(path.join(DIST, file), "utf8");
      assert.deepEqual([...text.matchAll(DYNAMIC_CODE)].map((m) => text.slice(Math.max(0, m.index - 80), m.index + 40)), [], file);
      assert.doesNotMatch(text, /\/\/# sourceURL=webpack:/, `${file}: no eval-based source map`);
    }
  });

  it("every page has its Content-Security-Policy and no inline script; scripts come from us or from the Office CDN", () => {
    for (const page of ["taskpane.html", "commands.html"]) {
      const html = fs.readFileSync(path.join(DIST, page), "utf8");
      const csp = cspOf(html);
      assert.ok(csp, `${page}: a Content-Security-Policy`);
      assert.match(csp, /(^|; )script-src 'self' https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/ 'wasm-unsafe-eval'(;|$)/, page);
      assert.match(csp, /(^|; )object-src 'none'(;|$)/, page);
      assert.match(csp, /(^|; )connect-src 'self'(;|$)/, page);
      assert.match(csp, /(^|; )base-uri 'self'(;|$)/, page);
      assert.doesNotMatch(csp, /'unsafe-eval'|frame-ancestors/, page);
      assert.doesNotMatch(csp.match(/script-src[^;]*/)![0], /'unsafe-inline'|\*|https?:(?!\/\/appsforoffice\.microsoft\.com\/)/, `${page}: script-src`);
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      assert.ok(scripts.length > 0, page);
      for (const [, attrs, body] of scripts) {
        assert.equal(body!.trim(), "", `${page}: no inline script`);
        const src = /\bsrc=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/.exec(attrs!);
        const url = src?.[1] ?? src?.[2] ?? src?.[3];
        assert.ok(url, `${page}: a script without src`);
        assert.ok(url === OFFICE_JS || !/^[a-z]+:|^\/\//i.test(url), `${page}: script from ${url}`);
      }
    }
    // In the task pane the policy comes first in <head>: it governs every script and style after it.
    const pane = fs.readFileSync(path.join(DIST, "taskpane.html"), "utf8");
    const head = pane.slice(pane.indexOf("<head>"), pane.indexOf("</head>"));
    assert.ok(head.search(/http-equiv=["']?Content-Security-Policy/i) < head.search(/<script|<style|<link/i), "the CSP precedes every script");
  });
});
