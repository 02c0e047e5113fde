/**
 * `npm run bench:cycle`: the whole monthly cycle at scale, through the CLI's code path.
 *
 * For each size (default 1,000, 5,000 and 10,000 items × 48 months) it generates a planner's
 * workbook with every role (`cycleWorkbook.ts`: actuals with families and regions, Sales /
 * Statistical / Consensus forecast tabs, a snapshot ledger of the last 12 cycles, ~20 resources
 * with routing, inventory, prices, budget, 5 scenarios) into a temporary folder, then runs the
 * cycle on it in a child process (`cycleRun.ts`: FileHost.open → HiGHS → runCycle → the
 * companion `.sop.xlsx` written, exactly what `sop run` does) and measures:
 *   - per step: `report.timings` of the run (read = .xlsx open + describe + proposal + ranges);
 *   - engine = validate + demand + supply + financials + scenarios + decisions + render;
 *   - whole = wall time of the child process (node start-up, TypeScript transform and HiGHS
 *     load included), its CPU time (user + system: less sensitive to other processes on a
 *     shared machine than wall time), and its peak resident memory (`/usr/bin/time -v` when
 *     available, else the child's own `process.resourceUsage().maxRSS`);
 *   - growth from size to size: (time ratio) / (size ratio); 1.00 is linear.
 *
 * Targets at the largest size: whole ≤ 30 s, peak ≤ 2 GB, engine ≤ 5 s, growth close to linear
 * (≤ 1.3 of linear between consecutive sizes). Exit code 1 when a target is missed.
 *
 * Options: --sizes 1000,5000,10000  --months 48  --runs 1 (per size; the median run is shown)
 *          --cycles 12 --lags 1 (snapshot ledger)  --keep (keep the generated files)
 *          --dir DIR (write there instead of a temporary folder; reuses workbooks already there)
 *          --cli (also time `sop run` itself on each workbook: wall and peak memory)
 *          --heap MB (the child's --max-old-space-size; default: Node's own limit, as `sop run`
 *          has; a run that dies of it is reported as such)
 *          --no-rerun (by default, after each size's runs, the cycle runs once more with the companion
 *          the first run wrote, as every month after the first does: it reads the previous
 *          companion's settings and decisions and writes its sheets over it; shown as "<size> again")
 *
 * Like `sop run`, the child runs with the V8 settings of `bin/nodeFlags.js` (a young generation
 * that starts at 16 MB semi-spaces; on two cores or fewer, no background compiler), and it lends the forecast and the scenarios to worker threads (one per core
 * but the main one); BENCH_POOL=0 in the environment runs everything on one thread.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { writeCycleWorkbook } from "./cycleWorkbook";
// The V8 settings `bin/sop.js` runs the CLI with: the child measured here runs with them too.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NODE_FLAGS } = require("../bin/nodeFlags.js") as { NODE_FLAGS: readonly string[] };

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000,5000,10000" },
    months: { type: "string", default: "48" },
    runs: { type: "string", default: "1" },
    cycles: { type: "string", default: "12" },
    lags: { type: "string", default: "1" },
    keep: { type: "boolean", default: false },
    dir: { type: "string" },
    cli: { type: "boolean", default: false },
    heap: { type: "string" },
    "no-rerun": { type: "boolean", default: false },
  },
});
const SIZES = values.sizes.split(",").map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n >= 8);
const MONTHS = Number(values.months);
const RUNS = Math.max(1, Number(values.runs));
const CYCLES = Number(values.cycles);
const LAGS = values.lags.split(",").map(Number).filter((n) => Number.isInteger(n) && n >= 0);
const HEAP_FLAGS = values.heap !== undefined ? [`--max-old-space-size=${Number(values.heap)}`] : [];

const TARGET_WHOLE_MS = 30_000;
const TARGET_PEAK_MB = 2048;
const TARGET_ENGINE_MS = 5_000;
const TARGET_GROWTH = 1.3;

const ENGINE_STEPS = ["validate", "demand", "supply", "financials", "scenarios", "decisions", "render"] as const;
const READ_STEPS = ["open", "describe", "propose", "read"] as const;

interface ChildResult {
  items: number;
  /** Worker threads that shared the forecast and ran the scenarios (as `sop run`). */
  workers: number;
  periods: number;
  snapshots: number;
  blocked: boolean;
  errors: number;
  sheets: string[];
  statistical: number;
  plan: { status: string; fillRate: number } | null;
  scenarios: number;
  timings: { step: string; ms: number }[];
  runMs: number;
  uptimeMs: number;
  maxRssBytes: number;
}

interface Measured {
  readonly child: ChildResult;
  readonly wallMs: number;
  readonly cpuMs: number | null;
  readonly peakMb: number;
}

const TIME = "/usr/bin/time";
const hasTime = existsSync(TIME);

/** Runs a command, returning stdout, wall time, and (with /usr/bin/time) CPU seconds and peak RSS. */
function runTimed(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<{ stdout: string; stderr: string; code: number | null; wallMs: number; cpuMs: number | null; peakKb: number | null }> {
  return new Promise((done, fail) => {
    const cmd = hasTime ? TIME : args[0]!;
    const argv = hasTime ? ["-f", "BENCHTIME %e %U %S %M", ...args] : args.slice(1);
    const t0 = performance.now();
    const child = spawn(cmd, argv, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", fail);
    child.on("close", (code) => {
      const wallMs = performance.now() - t0;
      const m = /BENCHTIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      done({ stdout, stderr: stderr.replace(/BENCHTIME .*\n?/, ""), code, wallMs, cpuMs: m ? (Number(m[2]) + Number(m[3])) * 1000 : null, peakKb: m ? Number(m[4]) : null });
    });
  });
}

/** A run that did not finish: why, and what it had used. */
class RunFailed extends Error {
  constructor(
    readonly why: string,
    readonly wallMs: number,
    readonly peakMb: number | null,
    readonly detail: string,
  ) {
    super(why);
  }
}

async function measure(input: string, out: string, keepOut = false): Promise<Measured> {
  if (!keepOut) rmSync(out, { force: true });
  const r = await runTimed([process.execPath, ...NODE_FLAGS, ...HEAP_FLAGS, "--import", "tsx", resolve(__dirname, "cycleRun.ts"), input, out]);
  const line = r.stdout.split("\n").find((l) => l.startsWith("BENCH "));
  if (r.code !== 0 || line === undefined) {
    const oom = /heap out of memory|Reached heap limit/.test(r.stderr);
    throw new RunFailed(oom ? "out of memory (Node's heap limit)" : `exit ${r.code}`, r.wallMs, r.peakKb === null ? null : r.peakKb / 1024, r.stderr.slice(-3000));
  }
  const child = JSON.parse(line.slice(6)) as ChildResult;
  const peakMb = Math.max(r.peakKb ?? 0, child.maxRssBytes / 1024) / 1024;
  return { child, wallMs: r.wallMs, cpuMs: r.cpuMs, peakMb };
}

async function measureCli(input: string, out: string): Promise<{ wallMs: number; cpuMs: number | null; peakMb: number | null; code: number | null }> {
  rmSync(out, { force: true });
  const r = await runTimed([process.execPath, ...HEAP_FLAGS, resolve(__dirname, "..", "bin", "sop.js"), "run", input, "--out", out, "--quiet"]);
  return { wallMs: r.wallMs, cpuMs: r.cpuMs, peakMb: r.peakKb === null ? null : r.peakKb / 1024, code: r.code };
}

const step = (m: Measured, name: string): number => m.child.timings.filter((t) => t.step === name).reduce((a, t) => a + t.ms, 0);
const engineMs = (m: Measured): number => ENGINE_STEPS.reduce((a, s) => a + step(m, s), 0);
const readMs = (m: Measured): number => READ_STEPS.reduce((a, s) => a + step(m, s), 0);
const sec = (ms: number): string => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
const median = <T>(xs: readonly T[], key: (x: T) => number): T => [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const dir = values.dir !== undefined ? resolve(values.dir) : mkdtempSync(join(tmpdir(), "sop-bench-cycle-"));
  mkdirSync(dir, { recursive: true });
  console.log(`bench:cycle — ${SIZES.map((s) => s.toLocaleString("en-US")).join(", ")} items × ${MONTHS} months; snapshot ledger ${CYCLES} cycles × lag ${LAGS.join(", ")}; ${RUNS} run(s) per size; files in ${dir}`);
  console.log(`machine: load average ${loadavg().map((x) => x.toFixed(1)).join(" ")} (shared: wall times vary; CPU time varies less)\n`);
  const rows: { size: number; m: Measured; cli: Awaited<ReturnType<typeof measureCli>> | null; again?: true }[] = [];
  const failed: { size: number; f: RunFailed }[] = [];
  try {
    for (const size of SIZES) {
      const input = join(dir, `cycle-${size}x${MONTHS}.xlsx`);
      if (!(values.dir !== undefined && existsSync(input))) {
        const t = performance.now();
        const g = await writeCycleWorkbook({ items: size, months: MONTHS, snapshotCycles: CYCLES, snapshotLags: LAGS, out: input });
        console.log(
          `generated ${size.toLocaleString("en-US")} items in ${sec(performance.now() - t)} s: ${(statSync(input).size / 1048576).toFixed(1)} MB, ${g.cells.toLocaleString("en-US")} cells, ` +
            `${g.sheets.length} sheets, ${g.snapshotRows.toLocaleString("en-US")} snapshot rows, ${g.resources} resources, ${g.scenarios} scenarios`,
        );
      }
      const runs: Measured[] = [];
      for (let r = 0; r < RUNS; r++) {
        let m: Measured;
        try {
          m = await measure(input, join(dir, `cycle-${size}x${MONTHS}.sop.xlsx`));
        } catch (e) {
          if (!(e instanceof RunFailed)) throw e;
          console.log(`  run ${r + 1}: FAILED after ${sec(e.wallMs)} s (peak ${e.peakMb === null ? "?" : e.peakMb.toFixed(0)} MB): ${e.why}`);
          failed.push({ size, f: e });
          break;
        }
        runs.push(m);
        const c = m.child;
        console.log(
          `  run ${r + 1}: whole ${sec(m.wallMs)} s (cpu ${m.cpuMs === null ? "?" : sec(m.cpuMs)} s), engine ${sec(engineMs(m))} s, peak ${m.peakMb.toFixed(0)} MB — ` +
            `${c.items} items × ${c.periods} months, ${c.snapshots.toLocaleString("en-US")} snapshot rows, ${c.errors} errors, ${c.sheets.length} sheets written, ` +
            `plan ${c.plan ? `${c.plan.status} (fill ${(c.plan.fillRate * 100).toFixed(1)} %)` : "none"}, ${c.scenarios} scenarios, ${c.workers} worker thread(s)`,
        );
        if (c.blocked || c.sheets.length === 0) throw new Error(`the run on ${size} items wrote nothing (blocked: ${c.blocked})`);
      }
      if (runs.length > 0) {
        const m = median(runs, (x) => x.wallMs);
        const cli = values.cli ? await measureCli(input, join(dir, `cycle-${size}x${MONTHS}.cli.sop.xlsx`)) : null;
        if (cli) console.log(`  sop run: exit ${cli.code}, wall ${sec(cli.wallMs)} s (cpu ${cli.cpuMs === null ? "?" : sec(cli.cpuMs)} s), peak ${cli.peakMb === null ? "?" : cli.peakMb.toFixed(0)} MB`);
        rows.push({ size, m, cli });
        if (!values["no-rerun"]) {
          try {
            const again = await measure(input, join(dir, `cycle-${size}x${MONTHS}.sop.xlsx`), true);
            console.log(`  again, over its companion: whole ${sec(again.wallMs)} s (cpu ${again.cpuMs === null ? "?" : sec(again.cpuMs)} s), engine ${sec(engineMs(again))} s, peak ${again.peakMb.toFixed(0)} MB`);
            rows.push({ size, m: again, cli: null, again: true });
          } catch (e) {
            if (!(e instanceof RunFailed)) throw e;
            console.log(`  again: FAILED after ${sec(e.wallMs)} s: ${e.why}\n${e.detail.split("\n").slice(-12).join("\n")}`);
            process.exitCode = 1;
          }
        }
      }
      if (!values.keep && values.dir === undefined) rmSync(input, { force: true });
    }
  } finally {
    if (!values.keep && values.dir === undefined) rmSync(dir, { recursive: true, force: true });
  }

  // The table (seconds). Growth: time ratio over size ratio from the size before (1.00 = linear),
  // on CPU time when /usr/bin/time gives it (less disturbed by other processes), else wall time.
  const cost = (m: Measured): number => m.cpuMs ?? m.wallMs;
  const head = ["items", "read", "validate", "demand", "supply", "financials", "scenarios", "decisions", "render", "write", "engine", "whole", "cpu", "peak MB", "growth ×size"];
  const lines: string[][] = [head];
  const firsts = rows.filter((r) => r.again !== true);
  rows.forEach(({ size, m, again }) => {
    let growth = again ? "(over the previous companion)" : "—";
    const i = firsts.findIndex((r) => r.m === m);
    if (i > 0) {
      const prev = firsts[i - 1]!;
      const k = size / prev.size;
      growth = `×${k.toFixed(k < 10 ? 1 : 0)}: cpu ${(cost(m) / cost(prev.m) / k).toFixed(2)}, wall ${(m.wallMs / prev.m.wallMs / k).toFixed(2)}, engine ${(engineMs(m) / engineMs(prev.m) / k).toFixed(2)}`;
    }
    lines.push([
      `${size.toLocaleString("en-US")}${again ? " again" : ""}`,
      sec(readMs(m)),
      ...ENGINE_STEPS.map((s) => sec(step(m, s))),
      sec(step(m, "write")),
      sec(engineMs(m)),
      sec(m.wallMs),
      m.cpuMs === null ? "?" : sec(m.cpuMs),
      m.peakMb.toFixed(0),
      growth,
    ]);
  });
  for (const { size, f } of failed) lines.push([size.toLocaleString("en-US"), ...head.slice(1, -3).map(() => "—"), sec(f.wallMs), "—", f.peakMb === null ? "?" : f.peakMb.toFixed(0), `FAILED: ${f.why}`]);
  const widths = head.map((_, c) => Math.max(...lines.map((l) => l[c]!.length)));
  console.log("\nseconds per step (read = .xlsx open + describe + proposal + ranges; engine = validate … render; whole = the child process, start-up included)");
  for (const l of lines) console.log(l.map((x, c) => (c === l.length - 1 ? x : x.padStart(widths[c]!))).join("  "));
  console.log(`machine: load average ${loadavg().map((x) => x.toFixed(1)).join(" ")}`);

  // Targets at the largest size.
  const largest = Math.max(...SIZES);
  const lastFailed = failed.find((x) => x.size === largest);
  console.log(`\ntargets at ${largest.toLocaleString("en-US")} items:`);
  if (lastFailed) {
    console.log(`  the run FAILED: ${lastFailed.f.why}\n${lastFailed.f.detail.split("\n").slice(-12).join("\n")}`);
    process.exitCode = 1;
    return;
  }
  const last = firsts[firsts.length - 1];
  if (!last) return;
  const lastAgain = rows.find((r) => r.again === true && r.size === last.size);
  const checks: { what: string; ok: boolean; got: string }[] = [
    { what: `whole cycle ≤ ${TARGET_WHOLE_MS / 1000} s`, ok: last.m.wallMs <= TARGET_WHOLE_MS, got: `${sec(last.m.wallMs)} s (cpu ${last.m.cpuMs === null ? "?" : sec(last.m.cpuMs)} s)` },
    { what: `peak memory ≤ ${TARGET_PEAK_MB / 1024} GB`, ok: last.m.peakMb <= TARGET_PEAK_MB, got: `${last.m.peakMb.toFixed(0)} MB` },
    { what: `engine steps ≤ ${TARGET_ENGINE_MS / 1000} s`, ok: engineMs(last.m) <= TARGET_ENGINE_MS, got: `${sec(engineMs(last.m))} s` },
  ];
  if (lastAgain) {
    const a = lastAgain.m;
    checks.push(
      { what: `again: whole ≤ ${TARGET_WHOLE_MS / 1000} s`, ok: a.wallMs <= TARGET_WHOLE_MS, got: `${sec(a.wallMs)} s (cpu ${a.cpuMs === null ? "?" : sec(a.cpuMs)} s)` },
      { what: `again: peak ≤ ${TARGET_PEAK_MB / 1024} GB`, ok: a.peakMb <= TARGET_PEAK_MB, got: `${a.peakMb.toFixed(0)} MB` },
    );
  }
  if (firsts.length > 1) {
    const worst = Math.max(...firsts.slice(1).map((r, i) => cost(r.m) / cost(firsts[i]!.m) / (r.size / firsts[i]!.size)));
    checks.push({ what: `growth ≤ ${TARGET_GROWTH} of linear`, ok: worst <= TARGET_GROWTH, got: `${worst.toFixed(2)} at worst (${last.m.cpuMs === null ? "wall" : "cpu"} time)` });
  }
  for (const c of checks) console.log(`  ${c.what.padEnd(28)} ${c.ok ? "met   " : "MISSED"} ${c.got}`);
  if (checks.some((c) => !c.ok)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
