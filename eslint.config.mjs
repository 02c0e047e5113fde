// ESLint flat config. The block for src/engine enforces DESIGN.md §8: the engine is pure
// TypeScript (no Office.js, no DOM, no React, no file I/O) and never imports upwards.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

const ENGINE_FORBIDDEN_GLOBALS = ["Excel", "Office", "OfficeExtension", "document", "window", "navigator", "localStorage", "sessionStorage", "fetch", "XMLHttpRequest", "process", "require"].map((name) => ({
  name,
  message: `src/engine is pure: '${name}' belongs to a host, the task pane or the CLI (DESIGN.md §8).`,
}));

export default tseslint.config(
  { ignores: ["dist/**", "out/**", "node_modules/**", "coverage/**", "assets/**", "test-results/**", ".lo-profile/**", "scratch/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-constant-condition": ["error", { checkLoops: false }],
      eqeqeq: ["error", "always"],
    },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["src/taskpane/**", "src/commands/**"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["src/engine/**"],
    languageOptions: { globals: {} },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "no-restricted-globals": ["error", ...ENGINE_FORBIDDEN_GLOBALS],
      "no-restricted-imports": [
        "error",
        {
          paths: ["react", "react-dom", "exceljs", "jszip", "fs", "path", "os", "child_process", "highs"].map((name) => ({
            name,
            message: "src/engine is pure: no UI, file or host libraries.",
          })),
          patterns: [
            { group: ["node:*"], message: "src/engine is pure: no Node APIs." },
            { group: ["office-*", "@microsoft/*", "@fluentui/*", "@types/office-js"], message: "src/engine is pure: no Office.js or UI." },
            {
              group: ["../workbook", "../workbook/*", "../hosts", "../hosts/*", "../solver", "../solver/*", "../taskpane", "../taskpane/*", "../cli", "../cli/*", "../../*", "../../../*"],
              message: "src/engine never imports upwards (DESIGN.md §8: taskpane, cli → hosts, workbook → engine).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/workbook/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["../hosts", "../hosts/*", "../solver", "../solver/*", "../taskpane", "../taskpane/*", "../cli", "../cli/*"], message: "src/workbook never imports upwards (hosts, solver, taskpane, cli)." },
            { group: ["node:*", "fs", "path", "exceljs", "highs"], message: "src/workbook is pure: hosts do the I/O, src/solver loads the LP solver." },
          ],
        },
      ],
    },
  },
);
