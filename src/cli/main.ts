/**
 * The `sop` command: the S&OP cycle over .xlsx files.
 *
 *   sop check <workbook> [--map mapping.json]        proposed mapping + findings
 *   sop run   <workbook> [--map …] [--out …] [--cycle YYYY-MM] [--horizon N] [--in-place]
 *   sop map   <workbook>                              the proposed mapping as JSON
 *   sop lock  <workbook> [--map …] [--out …] [--cycle YYYY-MM] [--force]   archive the cycle's forecasts
 *   sop summary <workbook> [--out …]                  the meeting's follow-up (decisions and actions) as text
 *
 * Thin: argument parsing, printing and exit codes only; the work is in
 * `workbook/runCycle.ts` over the file host. Exit codes: 0 clean, 1 blocking
 * errors in the data, 2 usage error or unreadable file.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { FileHost, InPlaceRefusedError, WorkbookOpenError, WorkbookWriteError } from "../hosts/file/fileHost";
import type { Finding } from "../workbook/findings";
import { type Mapping, parseMapping, sourceLabel } from "../workbook/mapping";
import { RunError, type RunReport, runCycle } from "../workbook/runCycle";
import { loadHighsSolver } from "../solver/highsSolver";
import { ForecastPool } from "./forecastPool";
import { followUpFromSheet } from "../workbook/agendaSheet";
import { DECISIONS_SHEET } from "../workbook/decisionsSheet";

const HELP: Record<string, string> = {
  main: `sop — S&OP Planner for Excel, command line

Usage:
  sop check <workbook.xlsx> [--map mapping.json] [--all]
  sop run   <workbook.xlsx> [--map mapping.json] [--out file.xlsx] [--cycle YYYY-MM] [--horizon N] [--consensus replace|weighted] [--plan-level family|item] [--unmet lost|backlog] [--in-place] [--quiet]
  sop map   <workbook.xlsx>
  sop lock  <workbook.xlsx> [--map mapping.json] [--out file.xlsx] [--cycle YYYY-MM] [--force] [--weekly] [--quiet]
  sop summary <workbook.xlsx> [--out file.xlsx]

Commands:
  check   Propose (or apply) the mapping of ranges to input roles and list every finding. Writes nothing.
  run     Run every step of the cycle that exists and write the output sheets to a companion
          workbook <name>.sop.xlsx next to the input (the input is never modified), or into the
          input itself with --in-place when that loses nothing.
  map     Print the proposed mapping as JSON, to edit and pass back with --map.
  lock    Lock the cycle: append every forecast version (and the add-in's statistical and
          consensus forecasts) to the SOP Snapshots ledger, for lag accuracy from next cycle on;
          freeze the approved plan as SOP Plan <cycle> and write the master production schedule
          (SOP MPS); the next cycle's run measures adherence to the frozen plan.
  summary Print the follow-up of the executive meeting (decisions by status, action items with
          owner and due date) from SOP Decisions as people edited it, ready to paste into an e-mail.

Exit codes: 0 clean, 1 blocking errors in the data, 2 usage error or unreadable file.
Run 'sop <command> --help' for the options of a command.`,
  check: `sop check <workbook.xlsx> [--map mapping.json] [--all]

Reads the workbook, proposes which range feeds which role (or applies --map), validates every
role and prints the mapping and the findings with their cell addresses. Writes nothing.

Options:
  --map FILE   mapping JSON: {"actuals": "Actuals", "forecast:Sales": ["Sales EU", "Sales NA"], ...}
               (a value is a sheet, 'Sheet!A1:F40', 'table:Name' or 'name:Name'), or {"roles": [...]}
  --all        print informational findings too (by default: errors and warnings)
  --help       this text

Exit codes: 0 no blocking error, 1 blocking errors, 2 usage error or unreadable file.`,
  run: `sop run <workbook.xlsx> [options]

Runs the cycle on the workbook and writes the add-in's sheets (SOP Data Check, …).
With blocking errors in the data nothing is written and the exit code is 1.

Options:
  --map FILE       mapping JSON (see 'sop check --help'); default: the saved mapping, else the proposal
  --out FILE       output workbook (default: <name>.sop.xlsx next to the input)
  --cycle YYYY-MM  the cycle month (default: the month after the last actual)
  --horizon N      planning horizon in months, 12–24 (default 18)
  --consensus RULE replace (default: the statistical forecast, replaced by contributors' entries
                   where they exist) or weighted (statistical and contributors weighted by their
                   measured accuracy); saved for the next runs
  --plan-level L   the constrained supply plan per family (default) or per item; saved
  --unmet MODE     unmet demand is lost (default) or backlogged; saved
  --in-place       write into the input workbook itself; refused when rewriting it would lose
                   charts, pivot tables, macros or other content (a backup is kept)
  --quiet          no progress on stderr
  --help           this text

Exit codes: 0 written, 1 blocking errors (nothing written), 2 usage error or unreadable file.`,
  lock: `sop lock <workbook.xlsx> [options]

Locks the cycle: appends the current forecast of every version (the planner's forecast tabs,
plus the add-in's statistical and consensus forecasts when the workbook has no version of that
name) to the append-only SOP Snapshots ledger in the companion workbook, one row per cycle ×
version × item × period. From the next cycle on, accuracy by lag uses these rows.
A cycle that is already locked is refused unless --force, which replaces that cycle's rows
(never duplicates them); rows of earlier cycles are never changed.
The lock also freezes the approved plan (the constrained supply plan, else the consensus) as
SOP Plan <cycle> (values only, never overwritten) and writes SOP MPS: the family plan split into
items by their consensus mix, respecting the inventory targets (per week with --weekly).

Options:
  --map FILE       mapping JSON (see 'sop check --help'); default: the saved mapping, else the proposal
  --out FILE       output workbook (default: <name>.sop.xlsx next to the input)
  --cycle YYYY-MM  the cycle to lock (default: the month after the last actual)
  --force          lock again a cycle that is already locked (its rows are replaced)
  --weekly         also split the master production schedule into ISO weeks
  --quiet          no progress on stderr
  --help           this text

Exit codes: 0 locked, 1 blocking errors or the cycle already locked (nothing written), 2 usage error or unreadable file.`,
  summary: `sop summary <workbook.xlsx> [--out file.xlsx]

Prints the follow-up summary of the executive meeting as text: the decisions of SOP Decisions
by status (approved, rejected, done, still open) with their owners and due dates, the action
items, and the decisions closed this cycle. Reads the companion workbook <name>.sop.xlsx (or
--out, or the workbook itself when it holds SOP Decisions). Writes nothing.

Exit codes: 0 printed, 1 no SOP Decisions yet (run the cycle first), 2 usage error or unreadable file.`,
  map: `sop map <workbook.xlsx>

Prints the proposed mapping as JSON (save it, edit it, pass it back with --map).

Exit codes: 0, or 2 for a usage error or unreadable file.`,
};

/** Where the CLI writes; replaceable in tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const stdio: Io = {
  out: (t) => process.stdout.write(t.endsWith("\n") ? t : t + "\n"),
  err: (t) => process.stderr.write(t.endsWith("\n") ? t : t + "\n"),
};

class UsageError extends Error {}

/** Run the CLI with arguments (without `node` and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = stdio): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    io.out(HELP.main!);
    return command === undefined ? 2 : 0;
  }
  if (!(command in HELP) || command === "main") {
    io.err(`sop: unknown command '${command}'.\n\n${HELP.main}`);
    return 2;
  }
  let pool: ForecastPool | null = null;
  try {
    const { values, positionals } = parseArgs({
      args: [...rest],
      allowPositionals: true,
      strict: true,
      options: {
        map: { type: "string" },
        out: { type: "string" },
        cycle: { type: "string" },
        horizon: { type: "string" },
        "in-place": { type: "boolean", default: false },
        quiet: { type: "boolean", default: false },
        all: { type: "boolean", default: false },
        force: { type: "boolean", default: false },
        weekly: { type: "boolean", default: false },
        consensus: { type: "string" },
        "plan-level": { type: "string" },
        unmet: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help) {
      io.out(HELP[command]!);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "a workbook file is required" : `one workbook at a time (got ${positionals.length})`);
    const allowed: Record<string, readonly string[]> = {
      check: ["map", "all", "quiet"],
      run: ["map", "out", "cycle", "horizon", "in-place", "quiet", "consensus", "plan-level", "unmet"],
      map: ["quiet"],
      lock: ["map", "out", "cycle", "quiet", "force", "consensus", "weekly"],
      summary: ["out", "quiet"],
    };
    for (const k of Object.keys(values)) {
      const v = (values as Record<string, unknown>)[k];
      if (v === undefined || v === false || k === "help") continue;
      if (!allowed[command]!.includes(k)) throw new UsageError(`--${k} is not an option of 'sop ${command}'`);
    }
    const file = positionals[0]!;
    const mapping = values.map !== undefined ? loadMapping(values.map) : undefined;
    if (values.consensus !== undefined && values.consensus !== "replace" && values.consensus !== "weighted") {
      throw new UsageError(`--consensus takes 'replace' or 'weighted' (got '${values.consensus}')`);
    }
    if (values["plan-level"] !== undefined && values["plan-level"] !== "family" && values["plan-level"] !== "item") {
      throw new UsageError(`--plan-level takes 'family' or 'item' (got '${values["plan-level"]}')`);
    }
    if (values.unmet !== undefined && values.unmet !== "lost" && values.unmet !== "backlog") {
      throw new UsageError(`--unmet takes 'lost' or 'backlog' (got '${values.unmet}')`);
    }
    const supply = {
      ...(values["plan-level"] !== undefined ? { level: values["plan-level"] as "family" | "item" } : {}),
      ...(values.unmet !== undefined ? { unmet: values.unmet as "lost" | "backlog" } : {}),
    };
    let horizon: number | undefined;
    if (values.horizon !== undefined) {
      horizon = Number(values.horizon);
      if (!Number.isInteger(horizon)) throw new UsageError(`--horizon takes a whole number of months (got '${values.horizon}')`);
    }
    const quiet = values.quiet === true || command === "map";
    // Worker threads share the forecast of every item (run, lock); they start now and load the
    // engine while the workbook is read.
    pool = command === "run" || command === "lock" ? ForecastPool.create(undefined, { solverInWorkers: true }) : null;
    const host = await FileHost.open(file, { ...(values.out !== undefined ? { out: values.out } : {}), inPlace: values["in-place"] === true });
    if (command === "summary") {
      const grid = await host.readOwnedSheet(DECISIONS_SHEET);
      const summary = grid ? followUpFromSheet(grid, new Date().toISOString().slice(0, 10)) : null;
      if (summary === null) {
        io.err(`sop summary: no ${DECISIONS_SHEET} in ${host.label}'s output yet: run the cycle first ('sop run ${file}').`);
        return 1;
      }
      io.out(summary.text);
      return 0;
    }
    if (command === "run" && host.inPlace) {
      // Refuse before any work when rewriting the input would lose something.
      const reasons = await host.rewriteProblems();
      if (reasons.length > 0) throw new InPlaceRefusedError(host.label, reasons);
    }
    const progress = quiet ? undefined : progressPrinter(io);
    // The LP solver (HiGHS, WebAssembly) for the constrained supply plan: only a run needs it.
    const solver = command === "run" || command === "lock" ? await loadHighsSolver().catch(() => null) : null;
    const report = await runCycle(host, {
      solver,
      ...(mapping ? { mapping } : {}),
      parameters: {
        ...(values.cycle !== undefined ? { cycle: values.cycle } : {}),
        ...(horizon !== undefined ? { horizon } : {}),
        ...(values.consensus !== undefined ? { consensusRule: values.consensus as "replace" | "weighted" } : {}),
        ...(Object.keys(supply).length > 0 ? { supply } : {}),
        ...(values.weekly === true ? { mpsWeekly: true } : {}),
      },
      checkOnly: command !== "run" && command !== "lock",
      ...(command === "lock" ? { lock: { force: values.force === true } } : {}),
      ...(progress ? { progress } : {}),
      ...(pool !== null && pool.size > 0 ? { executor: pool } : {}),
    });
    if (command === "map") {
      io.out(JSON.stringify(mappingToJson(report.mapping), null, 2));
      return 0;
    }
    printReport(report, io, command === "check" ? values.all === true : false);
    if (report.blocked) {
      io.err(`\nBlocking errors: nothing was written. Fix the cells listed above (or the mapping) and run again.`);
      return 1;
    }
    if (command === "lock") {
      const l = report.lock;
      if (l === null || !(l.status === "locked" || l.status === "relocked")) {
        const hint = l?.status === "already-locked" ? " Use --force to replace its rows." : "";
        io.err(`\n${l?.message ?? "Nothing to lock: the workbook has no actuals to date the cycle."}${hint} Nothing was written.`);
        return 1;
      }
      io.out(`\n${l.message}`);
      if (report.freeze) io.out(report.freeze.message);
    }
    if (report.written) {
      io.out(`\nWrote ${report.written.sheets.map((s) => s.written).join(", ")} to ${report.written.target}`);
      for (const n of report.written.notes) io.out(`  ${n}`);
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError || (e instanceof TypeError && (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS"))) {
      io.err(`sop ${command}: ${(e as Error).message}\n\n${HELP[command]}`);
      return 2;
    }
    if (e instanceof WorkbookOpenError || e instanceof RunError || e instanceof InPlaceRefusedError || e instanceof WorkbookWriteError) {
      io.err(`sop ${command}: ${e.message}`);
      return 2;
    }
    throw e;
  } finally {
    await pool?.close();
  }
}

function loadMapping(path: string): Mapping {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UsageError(`cannot read the mapping file '${path}'`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`the mapping file '${path}' is not valid JSON: ${(e as Error).message}`);
  }
  const { mapping, problems } = parseMapping(json);
  if (problems.length > 0 || mapping === undefined) {
    throw new UsageError(`the mapping file '${path}' has problems:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join("\n")}`);
  }
  return mapping;
}

function mappingToJson(m: Mapping): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const b of m.roles) {
    const srcs = b.sources.map((s) => (s.table ? `table:${s.table}` : s.name ? `name:${s.name}` : s.range ? `${s.sheet}!${s.range}` : s.sheet ?? ""));
    out[b.role] = srcs.length === 1 ? srcs[0]! : srcs;
  }
  return out;
}

function progressPrinter(io: Io): (f: number, label: string) => void {
  let last = "";
  return (f, label) => {
    if (label === last) return;
    last = label;
    io.err(`[${String(Math.round(f * 100)).padStart(3)}%] ${label}`);
  };
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

/** Print the mapping, the roles read and the findings as plain text tables. */
export function printReport(r: RunReport, io: Io, all: boolean): void {
  io.out(`Mapping (${r.mappingOrigin === "proposed" ? "proposed from sheet names and headers" : r.mappingOrigin === "saved" ? "saved in SOP_Settings" : "from --map"}):`);
  const rows: string[][] = [["role", "ranges", "layout", "rows", "periods", "chosen"]];
  for (const s of r.summaries) {
    const p = r.proposal?.proposals.filter((x) => x.role === s.role) ?? [];
    const chosen = p.length > 0 ? `${Math.round(Math.min(...p.map((x) => x.confidence)) * 100)} %` : r.mappingOrigin;
    const binding = r.mapping.roles.find((b) => b.role === s.role);
    const ranges = s.sources.length > 0 ? s.sources.join("; ") : binding ? binding.sources.map(sourceLabel).join("; ") : "";
    rows.push([s.role, ranges, s.layout, String(s.rows), s.periods, chosen]);
  }
  const widths = rows[0]!.map((_, i) => Math.min(60, Math.max(...rows.map((row) => row[i]!.length))));
  for (const row of rows) io.out("  " + row.map((c, i) => pad(c.length > 60 ? c.slice(0, 57) + "..." : c, widths[i]!)).join("  ").trimEnd());
  if (r.proposal && r.proposal.unassigned.length > 0) {
    io.out(`  not used: ${r.proposal.unassigned.map((u) => `${sourceLabel(u.source)} (${u.reason})`).join("; ")}`);
  }
  if (r.cycle) io.out(`\nCycle ${r.cycle} (last actual ${r.lastActual ?? "?"}), horizon ${r.horizon} months`);
  const errors = r.findings.filter((f) => f.severity === "error");
  const warnings = r.findings.filter((f) => f.severity === "warning");
  const infos = r.findings.filter((f) => f.severity === "info");
  io.out(`\nFindings: ${errors.length} error(s), ${warnings.length} warning(s), ${infos.length} note(s)`);
  const show: Finding[] = [...errors, ...warnings, ...(all ? infos : [])];
  for (const f of show) io.out(`  ${pad(f.severity.toUpperCase(), 7)} ${pad(f.role, 16)} ${f.address ? f.address + "  " : ""}${f.message}`);
  if (!all && infos.length > 0) io.out(`  (${infos.length} note(s) not shown: see the SOP Data Check sheet, or use --all)`);
  const d = r.demand;
  if (d) {
    const pct = (v: number | null, sign = false): string => (v === null ? "—" : `${sign && v > 0 ? "+" : ""}${(v * 100).toFixed(1)} %`);
    const window = d.window.length > 0 ? `${d.window[0]} … ${d.window[d.window.length - 1]}` : "no closed months";
    io.out(`\nDemand review (lag ${d.accuracyLag}, ${window}):`);
    for (const v of d.versions) io.out(`  ${pad(v.name, 14)} accuracy ${pad(pct(v.accuracy), 8)} bias ${pad(pct(v.biasPct, true), 9)} (${v.source}, ${v.points} item-months)`);
    const steps = d.fva.map((f) => (f.fva === null ? f.step : `${f.step} ${f.fva >= 0 ? "+" : ""}${(f.fva * 100).toFixed(1)} pts`));
    if (steps.length > 0) io.out(`  FVA: ${steps.join(" → ")}`);
    io.out(`  Statistical forecast: ${d.statistical.items} items (${d.statistical.byMethod.map((m) => `${m.method} ${m.items}`).join(", ")}); ${d.alerts.length} alert(s) in ${d.accuracySheet}`);
  }
  const s = r.supply;
  if (s) {
    io.out(`\nSupply review (${s.periods[0] ?? ""} … ${s.periods[s.periods.length - 1] ?? ""}):`);
    io.out(`  Capacity: ${s.shortageCount} resource-month(s) over capacity, ${s.atRiskCount} at risk; see ${s.capacitySheet}`);
    for (const x of s.shortages.slice(0, 5)) io.out(`    ${x.text}`);
    if (s.plan) {
      const p = s.plan;
      io.out(`  Constrained plan (${p.status}, ${p.solver}): fill rate ${(p.fillRate * 100).toFixed(1)} %, unmet ${Math.round(p.unmetUnits).toLocaleString("en-US")} units, overtime ${Math.round(p.overtimeHours).toLocaleString("en-US")} h, margin ${Math.round(p.margin).toLocaleString("en-US")}`);
      if (p.explanation) io.out(`    ${p.explanation}`);
    } else io.out(`  ${s.planNote}`);
    if (s.safetyStock) io.out(`  Safety stock review: investment ${Math.round(s.safetyStock.currentInvestment).toLocaleString("en-US")} now, ${Math.round(s.safetyStock.recommendedInvestment).toLocaleString("en-US")} recommended (${s.safetyStock.change >= 0 ? "+" : ""}${Math.round(s.safetyStock.change).toLocaleString("en-US")})`);
  }
  const sc = r.scenarios;
  if (sc) {
    io.out(`\nScenarios (${sc.scenarios.length}, each re-solving the supply plan): see ${sc.sheet}`);
    for (const x of sc.scenarios) {
      if (x.status !== "ok" || !x.metrics || !x.deltas) io.out(`  ${pad(x.name, 28)} ${x.status}: ${x.reason}`);
      else io.out(`  ${pad(x.name, 28)} margin ${signed(x.deltas.margin)}, revenue ${signed(x.deltas.revenue)}, fill rate ${(x.metrics.fillRate * 100).toFixed(1)} %`);
    }
    io.out(`  Recommended: ${sc.recommendation.reason}`);
  }
  const a = r.adherence;
  if (a) {
    io.out(`\nAdherence to the plan frozen in ${a.frozenCycle} (${a.periods.join(", ")}): see the dashboard`);
    for (const x of a.measures) io.out(`  ${x.sentence}`);
    for (const f of a.flagged.slice(0, 5)) io.out(`    ${f.sentence}`);
  }
  const m = r.meeting;
  if (m) {
    const c = m.counts;
    io.out(`\nDecisions: ${c.active} active (${c.new} new), ${c.closed} closed; ${c.open} open, ${c.approved} approved, ${c.overdue} overdue; see ${m.decisionsSheet}`);
    for (const d of m.decisions.filter((x) => x.state === "Active").slice(0, 5)) io.out(`  ${pad(d.id, 24)} ${d.status}${d.overdue ? " (overdue)" : ""}: ${d.recommended}`);
    io.out(`Agenda and pre-read of the executive meeting (${m.agenda.length} items): see ${m.agendaSheet}; 'sop summary' prints the follow-up after the meeting.`);
  }
}

function signed(v: number): string {
  return `${v >= 0 ? "+" : "−"}${Math.abs(Math.round(v)).toLocaleString("en-US")}`;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`sop: unexpected failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
