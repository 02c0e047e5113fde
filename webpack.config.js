// Webpack build of the task pane and the ribbon function file.
//   npm run build       production bundle in dist/, manifest URLs → production URL
//   npm run dev-server  https://localhost:3000 for sideloading (office-addin-dev-certs)
//
// HiGHS (the LP solver, npm `highs`) lives only in the engine worker's lazy `highs` chunk: its
// 3.4 MB highs.wasm is emitted as an asset (src/taskpane/highsLoader.mts names it with
// `new URL("highs/runtime", import.meta.url)`), served as application/wasm, and fetched on the
// first run only.
"use strict";
const path = require("node:path");
const webpack = require("webpack");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");

const DEV_URL = "https://localhost:3000/";

const PROD_URL = (() => {
  const url = process.env.SOP_PROD_URL || require("./package.json").config.prodUrl;
  return url.endsWith("/") ? url : `${url}/`;
})();

/**
 * The pages' Content-Security-Policy: a <meta> at the top of taskpane.html (and in commands.html), and
 * the same policy as a header from the dev server (a <meta> does not reach the engine worker; a header
 * on the worker's script does). Production servers should send it as a header too.
 * - script-src: our bundle and its lazy chunks ('self'); Office.js and the host scripts it loads from
 *   the Office CDN's hosted folder; 'wasm-unsafe-eval' lets HiGHS compile its WebAssembly, nothing more
 *   (no 'unsafe-eval': no eval or new Function; no 'unsafe-inline': no inline script).
 * - style-src 'unsafe-inline': Fluent UI v9's Griffel inserts <style> elements at run time (with
 *   style-src 'self' alone all of them are refused and the pane renders unstyled), and Office.js's host
 *   scripts set inline styles (OfficeDev/office-js#1687); a nonce or hash cannot cover rules generated
 *   at run time on a static site. Styles cannot run script.
 * - connect-src 'self': the worker fetches highs.wasm and its chunks from our origin, nothing else
 *   (the dev server adds its hot-reload socket).
 * - worker-src 'self': the engine worker is a file of ours; object-src 'none', base-uri 'self',
 *   form-action 'none'. frame-ancestors cannot be set in a <meta> (Office frames the pane anyway).
 */
function contentSecurityPolicy(dev) {
  return [
    "default-src 'self'",
    "script-src 'self' https://appsforoffice.microsoft.com/lib/1/hosted/ 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self'",
    dev ? "connect-src 'self' wss://localhost:3000 ws://localhost:3000" : "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join("; ");
}

/** The production manifest: every https://localhost:3000/ URL → PROD_URL, and the bare origin (AppDomain) → its origin. */
function productionManifest(xml) {
  return xml.split(DEV_URL).join(PROD_URL).split(DEV_URL.slice(0, -1)).join(new URL(PROD_URL).origin);
}

module.exports = async (env, options) => {
  const dev = options.mode !== "production";
  const serving = Boolean(process.env.WEBPACK_SERVE);
  const csp = contentSecurityPolicy(dev);
  return {
    // No eval-based source maps, even in development: the pages' CSP has no 'unsafe-eval'.
    devtool: dev ? "cheap-module-source-map" : "source-map",
    entry: {
      taskpane: "./src/taskpane/index.tsx",
      commands: "./src/commands/commands.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: dev ? "[name].js" : "[name].[contenthash:8].js",
      // Lazy chunks (the Excel host, the engine worker, ExcelJS) keep readable names.
      chunkFilename: dev ? "[name].js" : "[name].[contenthash:8].js",
      clean: true,
      // Every browser the pane runs in has globalThis: webpack's runtime then needs no `new Function("return this")` fallback (CSP).
      environment: { globalThis: true },
    },
    resolve: {
      extensions: [".ts", ".tsx", ".mts", ".js"],
      // Under the Node16 type-check, dynamic imports name their files `.js` / `.mjs`: resolve them to the sources.
      extensionAlias: { ".js": [".ts", ".tsx", ".js"], ".mjs": [".mts", ".mjs"] },
    },
    module: {
      rules: [
        // highs.wasm: a file of its own next to the bundle (never inlined), fetched by the worker.
        { test: /\.wasm$/, type: "asset/resource", generator: { filename: dev ? "[name][ext]" : "[name].[contenthash:8][ext]" } },
        {
          test: /\.m?tsx?$/,
          exclude: /node_modules/,
          use: { loader: "ts-loader", options: { transpileOnly: true, configFile: "tsconfig.webpack.json" } },
        },
      ],
    },
    plugins: [
      // The highs loader (and ExcelJS) import Node built-ins on their Node-only paths.
      new webpack.IgnorePlugin({ resourceRegExp: /^node:/ }),
      new HtmlWebpackPlugin({ filename: "taskpane.html", template: "./src/taskpane/taskpane.html", chunks: ["taskpane"], csp }),
      new HtmlWebpackPlugin({ filename: "commands.html", template: "./src/commands/commands.html", chunks: ["commands"], csp }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/icons", to: "assets/icons", info: { minimized: true } },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) => (dev ? content : Buffer.from(productionManifest(content.toString()))),
          },
        ],
      }),
    ],
    optimization: {
      // React and Fluent UI in one vendor chunk for the pane's first load; what loads later
      // (the .xlsx reader and writer with their zip libraries in the worker, the Office.js host) stays in its own lazy chunk.
      splitChunks: {
        cacheGroups: {
          // No shared split of our own code between the Excel chunk and the worker: they run in different threads anyway.
          default: false,
          // Nor an anonymous split of libraries out of lazy chunks: the highs loader stays in the worker's `highs` chunk (one file, fetched on the first run).
          defaultVendors: false,
          vendor: { test: /[\\/]node_modules[\\/]/, name: "vendor", chunks: (chunk) => chunk.name === "taskpane" },
          zip: { test: /[\\/]node_modules[\\/]fflate[\\/]/, name: "zip", chunks: "async", priority: 10, enforce: true },
        },
      },
    },
    // highs.wasm is fetched by the worker on the first run, never on the pane's first load: not counted.
    performance: { hints: dev ? false : "warning", maxEntrypointSize: 1200000, maxAssetSize: 1200000, assetFilter: (file) => !/\.(map|wasm)$/.test(file) },
    devServer: {
      port: 3000,
      hot: true,
      headers: { "Access-Control-Allow-Origin": "*", "Content-Security-Policy": csp },
      // WebAssembly.instantiateStreaming needs the wasm served as application/wasm.
      devMiddleware: { mimeTypes: { wasm: "application/wasm" } },
      server: serving ? { type: "https", options: await require("office-addin-dev-certs").getHttpsServerOptions() } : "http",
    },
  };
};
