/**
 * `npm run bench:ingest`: reading and validating a large planner workbook.
 *
 * Generates (once, cached under out/bench/) a workbook of 10,000 items × 48 months
 * with every role, then measures separately:
 *   1. load of the .xlsx file (FileHost.open: our reader),
 *   2. grid conversion (the host's describe + reads of every mapped range),
 *   3. parse + validate (role proposal from head rows, then grids → engine inputs + findings),
 * and prints peak memory. Options: --items N --months M --runs R --fresh.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { generateSample } from "../scripts/sample/index";
import { FileHost } from "../src/hosts/file/fileHost";
import { isSourceError } from "../src/workbook/host";
import { mappingSources, readInputs } from "../src/workbook/readInputs";
import { proposalSources, proposeMapping } from "../src/workbook/roleProposal";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "10000" },
    months: { type: "string", default: "48" },
    runs: { type: "string", default: "5" },
    fresh: { type: "boolean", default: false },
  },
});
const items = Number(values.items);
const months = Number(values.months);
const runs = Math.max(1, Number(values.runs));

const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MB`;
const ms = (x: number): string => `${x.toFixed(0)} ms`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function mainBench(): Promise<void> {
  const path = resolve(join("out", "bench", `ingest-${items}x${months}.xlsx`));
  if (values.fresh || !existsSync(path)) {
    const t = performance.now();
    await generateSample({ items, months, out: path });
    console.log(`generated ${path} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  console.log(`Workbook: ${items.toLocaleString("en-US")} items × ${months} months (${path})`);

  let t = performance.now();
  const host = await FileHost.open(path, { out: join("out", "bench", "ingest.sop.xlsx") });
  const loadMs = performance.now() - t;
  const rssAfterLoad = process.resourceUsage().maxRSS * 1024;

  // Grid conversion: what the host does for a run (describe, head rows, mapped ranges).
  t = performance.now();
  const info = await host.describe();
  const headSources = proposalSources(info);
  const heads = await host.read(headSources);
  const headGrids = heads.flatMap((g, i) => (isSourceError(g) ? [] : [{ source: headSources[i]!, grid: g }]));
  const proposal = proposeMapping(info, headGrids);
  const flat = mappingSources(proposal.mapping);
  const t2 = performance.now();
  const grids = await host.read(flat.map((f) => f.source));
  const readMs = performance.now() - t2;
  const describeMs = t2 - t;

  // Parse + validate, repeated for a stable figure.
  const parseTimes: number[] = [];
  const proposeTimes: number[] = [];
  let result = readInputs(proposal.mapping, grids);
  for (let i = 0; i < runs; i++) {
    let t3 = performance.now();
    proposeMapping(info, headGrids);
    proposeTimes.push(performance.now() - t3);
    t3 = performance.now();
    result = readInputs(proposal.mapping, grids);
    parseTimes.push(performance.now() - t3);
  }
  const peak = process.resourceUsage().maxRSS * 1024;
  const heap = process.memoryUsage().heapUsed;

  const cells = grids.reduce((n, g) => n + (isSourceError(g) ? 0 : g.values.reduce((m, r) => m + r.length, 0)), 0);
  console.log("");
  console.log("phase                                   time        note");
  console.log(`open (.xlsx → workbook)                ${ms(loadMs).padEnd(10)}  peak RSS after load ${mb(rssAfterLoad)}`);
  console.log(`describe + head rows + proposal         ${ms(describeMs).padEnd(10)}  ${info.sheets.length} sheets, ${proposal.mapping.roles.length} roles proposed`);
  console.log(`grid conversion (mapped ranges)         ${ms(readMs).padEnd(10)}  ${cells.toLocaleString("en-US")} cells in ${flat.length} ranges`);
  console.log(`role proposal (from head rows)          ${ms(median(proposeTimes)).padEnd(10)}  median of ${runs}`);
  console.log(`parse + validate (grids → inputs)       ${ms(median(parseTimes)).padEnd(10)}  median of ${runs} (min ${ms(Math.min(...parseTimes))}, max ${ms(Math.max(...parseTimes))})`);
  console.log(`peak memory                             ${mb(peak).padEnd(10)}  RSS; heap in use now ${mb(heap)}`);
  const inputs = result.inputs;
  console.log("");
  console.log(
    `read: actuals ${inputs?.actuals.keys.length ?? 0} rows × ${inputs?.actuals.periods.length ?? 0} periods; ` +
      `forecast versions ${inputs ? [...inputs.forecasts.keys()].join(", ") : "-"}; snapshots ${inputs?.snapshots.length ?? 0} rows; ` +
      `findings ${result.findings.length} (${result.findings.filter((f) => f.severity === "error").length} errors)`,
  );
  const target = 1500;
  const total = median(parseTimes) + median(proposeTimes);
  console.log(`target parse+validate ≤ ${target} ms: ${total <= target ? "met" : "MISSED"} (${ms(total)} incl. proposal)`);
}

mainBench().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
