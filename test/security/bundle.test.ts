/**
 * What the production build ships (issue 8, security): no `eval` and no `Function` constructor in
 * any JavaScript we emit (ExcelJS's prebuilt bundle, which carried a few unreachable fallbacks,
 * is no longer shipped: the .xlsx reader and writer are ours, on fflate); HTML pages with a
 * Content-Security-Policy first in <head> and no inline script; scripts only from our own files
 * and Office.js from the Office CDN.
 *
 * The build is made when dist/ is missing or older than its sources (as the end-to-end tests do).
 * The end-to-end test (test/e2e/pane.test.ts) runs a whole session under the same policy, without
 * 'unsafe-eval', served as a header on every file (so the engine worker is covered too), and no
 * violation is reported.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { DIST, OFFICE_JS, cspOf, ensureBuild } from "../e2e/support";

/** `eval(…)`, `new Function(…)` and `Function(…)` called as functions (not `.eval(`, `isFunction(`, `"[object Function]"`). */
const DYNAMIC_CODE = /(?<![\w$.])(?:eval|(?:new\s+)?Function)\s*\(/g;

/** Office.js copies (never part of our bundle; none is emitted today). */
const OFFICE_COPY = /(^|[\\/])office(\.debug)?\.js$|office-js/i;

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

  it("emits no eval and no Function constructor in any script: our code, the libraries and webpack's runtime (no eval source maps)", () => {
    const files = emittedScripts();
    for (const f of ["taskpane.*.js", "vendor.*.js", "sop-engine.*.js", "xlsx.*.js", "zip.*.js", "highs.*.js"]) assert.ok(files.map(generic).includes(f), `${f} emitted (${files.join(", ")})`);
    for (const file of files) {
      const text = fs.readFileSync(path.join(DIST, file), "utf8");
      assert.deepEqual([...text.matchAll(DYNAMIC_CODE)].map((m) => text.slice(Math.max(0, m.index - 80), m.index + 40)), [], file);
      assert.doesNotMatch(text, /\/\/# sourceURL=webpack:/, `${file}: no eval-based source map`);
    }
    console.log(`      ${files.length} scripts scanned, none with dynamic code`);
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
