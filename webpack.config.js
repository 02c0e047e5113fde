// Webpack build of the task pane and the ribbon function file.
//   npm run build       production bundle in dist/, manifest URLs → production URL
//   npm run dev-server  https://localhost:3000 for sideloading (office-addin-dev-certs)
"use strict";
const path = require("node:path");
const webpack = require("webpack");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");

const DEV_URL = "https://localhost:3000/";
const PROD_URL = process.env.SOP_PROD_URL || require("./package.json").config.prodUrl;

module.exports = async (env, options) => {
  const dev = options.mode !== "production";
  const serving = Boolean(process.env.WEBPACK_SERVE);
  return {
    devtool: dev ? "eval-source-map" : "source-map",
    entry: {
      taskpane: "./src/taskpane/index.tsx",
      commands: "./src/commands/commands.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: dev ? "[name].js" : "[name].[contenthash:8].js",
      clean: true,
    },
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: { loader: "ts-loader", options: { transpileOnly: true, configFile: "tsconfig.webpack.json" } },
        },
      ],
    },
    plugins: [
      new webpack.IgnorePlugin({ resourceRegExp: /^node:/ }),
      new HtmlWebpackPlugin({ filename: "taskpane.html", template: "./src/taskpane/taskpane.html", chunks: ["taskpane"] }),
      new HtmlWebpackPlugin({ filename: "commands.html", template: "./src/commands/commands.html", chunks: ["commands"] }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/icons", to: "assets/icons", info: { minimized: true } },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) => (dev ? content : Buffer.from(content.toString().split(DEV_URL).join(PROD_URL))),
          },
        ],
      }),
    ],
    optimization: {
      splitChunks: { chunks: "all", cacheGroups: { vendor: { test: /[\\/]node_modules[\\/]/, name: "vendor", chunks: "all" } } },
    },
    performance: { hints: dev ? false : "warning", maxEntrypointSize: 1200000, maxAssetSize: 1200000 },
    devServer: {
      port: 3000,
      hot: true,
      headers: { "Access-Control-Allow-Origin": "*" },
      server: serving ? { type: "https", options: await require("office-addin-dev-certs").getHttpsServerOptions() } : "http",
    },
  };
};
