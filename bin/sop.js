#!/usr/bin/env node
// The `sop` command. Runs the TypeScript CLI through tsx's loader (no build step needed), in a Node
// started with the heap settings of nodeFlags.js (this file starts Node again with them when needed).
"use strict";
const { hasNodeFlags, respawnWithFlags } = require("./nodeFlags.js");

if (!hasNodeFlags()) respawnWithFlags(__filename, process.argv.slice(2));
else {
  require("tsx/cjs/api").register();
  const { main } = require("../src/cli/main.ts");
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`sop: unexpected failure: ${e && e.stack ? e.stack : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
