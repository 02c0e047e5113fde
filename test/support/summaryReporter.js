// Mocha reporter: the usual spec output, then one line that CI reads:
// "N passed, N failed", exactly (pending tests, if any, are counted on the line before).
"use strict";
const Mocha = require("mocha");

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const s = runner.stats || { passes: 0, failures: 0, pending: 0 };
      if (s.pending > 0) process.stdout.write(`${s.pending} pending (skipped)\n`);
      process.stdout.write(`${s.passes} passed, ${s.failures} failed\n`);
    });
  }
}

module.exports = SummaryReporter;
