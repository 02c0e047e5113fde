/**
 * The Meeting step: rendered to HTML (React's server renderer) for what each mode shows, and
 * mounted in a DOM (linkedom) for what clicking does: Copy (a fake clipboard; refused, the text
 * is selected instead) and, inside Excel, refreshing the follow-up text from the sheet.
 */
import assert from "node:assert/strict";
import { createElement } from "react";
import type { FollowUp } from "../../src/taskpane/actions";
import { MeetingPanel, type MeetingPanelProps } from "../../src/taskpane/components/MeetingPanel";
import type { Outcome } from "../../src/taskpane/workerProtocol";
import { type Mounted, mount } from "./domPane";
import { FOLLOW_UP, MEETING } from "./reviewFixtures";
import { renderHtml, text } from "./renderPane";

const WRITTEN = { sheets: [{ requested: "SOP Decisions", written: "SOP Decisions" }], target: "plan.sop.xlsx", notes: [] };
const RENAMED = { sheets: [{ requested: "SOP Decisions", written: "SOP Decisions (2)" }], target: "this workbook", notes: [] };

function props(over: Partial<MeetingPanelProps>): MeetingPanelProps {
  return { mode: "standalone", summary: MEETING, written: WRITTEN, ...over };
}

function render(over: Partial<MeetingPanelProps>): string {
  return renderHtml(createElement(MeetingPanel, props(over)));
}

describe("task pane: the Meeting step, rendered", () => {
  it("standalone: the decisions to approve in order with their marks, the counts, rows named as text", () => {
    const html = render({});
    const t = text(html);
    assert.match(t, /Cycle 2026-11: 3 decisions to approve, and an agenda of 4 items \(40 minutes\)\./);
    assert.match(t, /The details are in the sheets SOP Decisions and SOP Agenda of the result workbook \(Run step: download\)\./);
    assert.match(t, /Open 3 Overdue 2 Approved 2 New 1 this cycle/);
    assert.match(t, /5 active decisions: 3 open, 2 approved, 2 overdue; 1 new this cycle\. 1 decision closed \(its cause is gone; kept in the sheet\)\. Each names its row in SOP Decisions of the result workbook\./);
    assert.deepEqual(
      [...html.matchAll(/data-testid="decision" data-id="([^"]+)"/g)].map((m) => m[1]),
      ["BIAS-SALES-MOTORS", "CAP-WC-20-MACHINING", "RISK-WC-70-WINDING", "BUD-FILTERS-2026", "BUD-VALVES-2026", "CAP-MAT-CASTINGS"],
    );
    assert.match(html, /data-testid="decision" data-id="BIAS-SALES-MOTORS" data-status="Open" data-overdue="true"/);
    assert.match(t, /Open Overdue SOP Decisions!A8 BIAS-SALES-MOTORS \(Forecast bias\): Review the Sales forecast for Motors with its owner\. WC-20 Machining: load above capacity in 3 months\. Owner: Ben · Due: 2026-10-31 \(overdue\) · Impact: revenue \+822 k/);
    assert.match(t, /Open New SOP Decisions!A7 CAP-WC-20-MACHINING \(Capacity\): Approve the constrained plan: 624 h of overtime on WC-20 Machining\./);
    assert.match(t, /Owner: not assigned · Due: not set · Impact: revenue \+4\.92 M, margin \+1\.77 M/);
    assert.match(t, /Closed Closed this cycle SOP Decisions!A10 CAP-MAT-CASTINGS .* Outcome: Met: no month short on MAT-Castings\./);
    assert.equal(html.match(/data-testid="decision-mark"/g)?.length, 5);
    assert.doesNotMatch(html, /decision-select|agenda-evidence-select|open-decisions|refresh-follow-up/, "no links into a workbook, no refresh outside Excel");
  });

  it("the agenda with its pre-read and evidence, the follow-up text with Copy, the cycle health", () => {
    const html = render({});
    const t = text(html);
    assert.match(t, /4 items, 40 minutes\./);
    assert.equal(html.match(/data-testid="agenda-item"/g)?.length, 4);
    assert.match(t, /1\. Performance since the last meeting 10 min Forecast accuracy \(Consensus, lag 1, 2026-05…2026-10\): 84\.7 %, target ≥ 80\.0 %: on target\. Planned fill rate 100\.0 %/);
    assert.match(html, /data-testid="agenda-evidence">SOP Capacity!A86</);
    assert.match(t, /4\. Process review 5 min Evidence: SOP Agenda!A1/);
    assert.match(html, /<textarea[^>]*readonly=""[^>]*rows="7"[^>]*data-testid="follow-up-text" data-source="run"[^>]*>S&amp;OP executive meeting, cycle 2026-11: decisions and actions\n\nStill open \(3\)/);
    assert.match(t, /Follow-up summary, cycle 2026-11 .*As of the run: the decisions as the run wrote them\./);
    assert.match(html, /data-testid="copy-follow-up"[^>]*>Copy</);
    assert.match(html, /role="status" aria-live="polite"[^>]*data-testid="copy-state" data-state="idle"/);
    assert.match(t, /Steps of cycle 2026-11 as of the run at 2026-11-22 04:28 \(UTC\), with their findings\. Step State Findings Data check ran 2 warnings, 14 notes Supply review ran 1 error, 1 note Scenarios not run: no scenarios mapped none Lock \(snapshots, plan freeze\) not locked yet: lock after the meeting none/);
    assert.deepEqual([...html.matchAll(/data-testid="health-state" data-tone="(\w+)"/g)].map((m) => m[1]), ["success", "danger", "warning", "informative"]);
  });

  it("Excel: decisions and evidence select their cells (on the sheet as renamed), sheets open, the text can be refreshed", () => {
    const html = render({ mode: "excel", written: RENAMED, onSelect: () => undefined, onActivate: () => undefined, onRefreshFollowUp: async () => ({ ok: true, value: { text: "", cycle: "2026-11" } }) });
    assert.match(html, /<button[^>]*title="Select SOP Decisions \(2\)!A8 in the workbook"[^>]*data-testid="decision-select"[^>]*>BIAS-SALES-MOTORS \(Forecast bias\)/);
    assert.match(html, /<button[^>]*title="Select SOP Accuracy!A1 in the workbook"[^>]*data-testid="agenda-evidence-select"[^>]*>SOP Accuracy!A1</);
    assert.match(html, /data-testid="open-decisions"[^>]*>Open SOP Decisions \(2\)</);
    assert.match(html, /data-testid="open-agenda"[^>]*>Open SOP Agenda</);
    assert.match(html, /data-testid="refresh-follow-up"[^>]*>Refresh from the sheet</);
    assert.match(text(html), /Select a decision to go to its row\..*After the meeting, type statuses, owners and due dates in SOP Decisions \(2\), then refresh/);
  });

  it("an agenda item with many pre-read lines lists the first five, then Show all", () => {
    const lines = Array.from({ length: 12 }, (_, i) => `D-${i + 1} (Capacity): decide. Owner: to be named.`);
    const html = render({ summary: { ...MEETING, agenda: [{ number: 5, title: "Decisions needed", minutes: 15, lines, sheet: "SOP Decisions", address: "A6" }] } });
    assert.match(text(html), /5\. Decisions needed 15 min D-1 .* D-5 \(Capacity\): decide\. Owner: to be named\. Show all 12 lines Evidence: SOP Decisions!A6/);
    assert.doesNotMatch(html, /D-6 /);
  });

  it("no meeting pack: says why, nothing else", () => {
    const html = render({ summary: null });
    assert.match(text(html), /This run built no meeting pack: the decisions and the agenda come from the demand and supply reviews/);
    assert.doesNotMatch(html, /data-testid="(decision|agenda-item|follow-up-text|health-table)"/);
  });

  it("no decisions and no agenda: the counts say so", () => {
    const html = render({ summary: { ...MEETING, decisions: [], agenda: [], counts: { active: 0, closed: 0, open: 0, approved: 0, overdue: 0, new: 0 } } });
    const t = text(html);
    assert.match(t, /No active decision: nothing in this cycle calls for one\./);
    assert.match(t, /No agenda: the run did not build one\./);
    assert.doesNotMatch(html, /data-testid="decisions"/);
  });
});

describe("task pane: the Meeting step, clicked (linkedom)", () => {
  let pane: Mounted | null = null;
  afterEach(async () => {
    await pane?.unmount();
    pane = null;
  });

  it("Copy puts the follow-up text on the clipboard and says Copied", async () => {
    const copied: string[] = [];
    pane = await mount(createElement(MeetingPanel, props({ clipboard: { writeText: async (t: string) => void copied.push(t) } })));
    assert.equal(pane.get("copy-state").textContent, "");
    await pane.click(pane.get("copy-follow-up"));
    assert.deepEqual(copied, [FOLLOW_UP]);
    assert.equal(pane.get("copy-state").getAttribute("data-state"), "copied");
    assert.equal(pane.get("copy-state").textContent, "Copied");
  });

  it("a clipboard that refuses: the text is selected and the browser's copy command tried; else Ctrl+C", async () => {
    const selected: string[] = [];
    const commands: string[] = [];
    let copies = true;
    pane = await mount(createElement(MeetingPanel, props({ clipboard: { writeText: () => Promise.reject(new Error("Write permission denied")) } })));
    const area = pane.get("follow-up-text") as HTMLTextAreaElement;
    (area as unknown as { select: () => void }).select = () => selected.push(area.value);
    (pane.document as unknown as { execCommand: (c: string) => boolean }).execCommand = (c) => {
      commands.push(c);
      return copies;
    };
    await pane.click(pane.get("copy-follow-up"));
    assert.deepEqual(selected, [FOLLOW_UP]);
    assert.deepEqual(commands, ["copy"]);
    assert.equal(pane.get("copy-state").textContent, "Copied");

    copies = false;
    await pane.click(pane.get("copy-follow-up"));
    assert.equal(pane.get("copy-state").getAttribute("data-state"), "selected");
    assert.equal(pane.get("copy-state").textContent, "Selected: press Ctrl+C (⌘C on a Mac) to copy");
  });

  it("no clipboard at all: the text is selected for Ctrl+C", async () => {
    pane = await mount(createElement(MeetingPanel, props({ clipboard: null })));
    const area = pane.get("follow-up-text");
    let selected = 0;
    (area as unknown as { select: () => void }).select = () => void selected++;
    await pane.click(pane.get("copy-follow-up"));
    assert.equal(selected, 1);
    assert.equal(pane.get("copy-state").getAttribute("data-state"), "selected");
  });

  it("Excel: Refresh from the sheet reads the decisions sheet as renamed and shows its text; a failure says why", async () => {
    const asked: string[] = [];
    let answer: Outcome<FollowUp> = { ok: true, value: { text: "S&OP executive meeting, cycle 2026-11: decisions and actions\n\nApproved (1)\n- CAP-WC-20-MACHINING [owner: Ana, due 2026-12-15]", cycle: "2026-11" } };
    const copied: string[] = [];
    pane = await mount(
      createElement(
        MeetingPanel,
        props({
          mode: "excel",
          written: RENAMED,
          onSelect: () => undefined,
          onRefreshFollowUp: async (sheet) => {
            asked.push(sheet);
            return answer;
          },
          clipboard: { writeText: async (t: string) => void copied.push(t) },
        }),
      ),
    );
    assert.equal((pane.get("follow-up-text") as HTMLTextAreaElement).value, FOLLOW_UP);
    await pane.click(pane.get("refresh-follow-up"));
    assert.deepEqual(asked, ["SOP Decisions (2)"]);
    const area = pane.get("follow-up-text") as HTMLTextAreaElement;
    assert.equal(area.getAttribute("data-source"), "sheet");
    assert.match(area.value, /Approved \(1\)\n- CAP-WC-20-MACHINING \[owner: Ana, due 2026-12-15\]/);
    assert.match(pane.document.body.textContent ?? "", /Refreshed from SOP Decisions \(2\) at \d\d:\d\d: statuses, owners and due dates as typed in the sheet\./);
    await pane.click(pane.get("copy-follow-up"));
    assert.match(copied[0] ?? "", /Approved \(1\)/, "Copy copies the refreshed text");

    answer = { ok: false, cancelled: false, error: { title: "No decisions to summarise", message: "'SOP Decisions (2)' is not in this workbook.", next: "Run the cycle to write it again, then refresh." } };
    await pane.click(pane.get("refresh-follow-up"));
    assert.match(pane.get("follow-up-problem").textContent ?? "", /No decisions to summarise.*is not in this workbook\. Run the cycle to write it again, then refresh\./);
    assert.match((pane.get("follow-up-text") as HTMLTextAreaElement).value, /Approved \(1\)/, "the last text stays");
  });
});
