// The V8 settings the `sop` command runs with, and the respawn that applies them.
//
// Heap: a cycle at 10,000 items allocates about 2 GB of short-lived objects on the main thread
// (forecast scratch, financial lines, sheet cells). Node starts the young generation at 1 MB
// semi-spaces and grows it slowly, so the run spends over a second in scavenges that copy what is
// still alive. Starting at 16 MB (up to 64 MB) lets most of it die young: about 0.35 s less on the
// engine steps at 10,000 items (`npm run bench:cycle`), and less on reading and writing.
//
// Compilation, on a machine of two cores or fewer: the run keeps both cores busy (this thread and
// one worker), so V8's background compiler only competes with them, and until it is done the hot
// loops run unoptimised. Compiling on the thread that needs the code is faster there: about 8 %
// less wall time and 10 % less CPU on the engine steps at 10,000 items (interleaved runs, three
// series). With more cores the background compiler has cores of its own, and is kept.
//
// V8 reads these only when a heap is made, and Node refuses them in NODE_OPTIONS, so `bin/sop.js`
// starts Node again with them (as gulp's flagged-respawn does), once: SOP_RESPAWNED marks the child.
"use strict";
const { spawn } = require("node:child_process");
const { availableParallelism } = require("node:os");

/** The heap flags (the semi-space is one half of the young generation, in MB). */
const HEAP_FLAGS = ["--min-semi-space-size=16", "--max-semi-space-size=64"];

/** The compilation flags for a machine of `cores` cores: on two or fewer, no background compiler. */
function compileFlags(cores = availableParallelism()) {
  return cores <= 2 ? ["--no-concurrent-recompilation"] : [];
}

/** Every flag the command runs with on this machine. */
const NODE_FLAGS = [...HEAP_FLAGS, ...compileFlags()];

/**
 * True when this process already runs with the heap flags (its own values count: whoever set them
 * chose), or was told not to respawn (SOP_RESPAWN=0).
 */
function hasNodeFlags(execArgv = process.execArgv, env = process.env) {
  if (env.SOP_RESPAWNED === "1" || env.SOP_RESPAWN === "0") return true;
  return HEAP_FLAGS.every((f) => execArgv.some((a) => a.split("=")[0] === f.split("=")[0]));
}

/**
 * Runs `script` again in a child Node with the flags (and this process's own Node options), with
 * the same arguments, standard streams and environment; this process exits as the child does.
 * Interrupts reach the child (Ctrl-C reaches both: this process waits for the child's exit).
 */
function respawnWithFlags(script, args) {
  const child = spawn(process.execPath, [...NODE_FLAGS, ...process.execArgv, script, ...args], {
    stdio: "inherit",
    env: { ...process.env, SOP_RESPAWNED: "1" },
  });
  const forward = (signal) => () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(s, forward(s));
  child.on("error", (e) => {
    process.stderr.write(`sop: could not start Node again (${e.message}); set SOP_RESPAWN=0 to run without it\n`);
    process.exitCode = 2;
  });
  child.on("exit", (code, signal) => {
    if (signal !== null) {
      for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) process.removeAllListeners(s);
      process.kill(process.pid, signal);
      return;
    }
    process.exitCode = code === null ? 2 : code;
  });
}

module.exports = { NODE_FLAGS, HEAP_FLAGS, compileFlags, hasNodeFlags, respawnWithFlags };
