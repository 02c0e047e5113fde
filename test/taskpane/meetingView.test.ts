import assert from "node:assert/strict";
import {
  agendaHeadline,
  agendaMinutes,
  copyMessage,
  copyText,
  decisionHeadline,
  decisionMarks,
  decisionMeta,
  decisionText,
  findingsText,
  followUpRows,
  followUpSource,
  healthTone,
  isOpen,
  localDay,
  orderDecisions,
  runTime,
  statusBadge,
} from "../../src/taskpane/meetingView";
import { DECISIONS, FOLLOW_UP, MEETING } from "./reviewFixtures";

const byId = (id: string) => DECISIONS.find((d) => d.id === id)!;

describe("task pane: the Meeting step's words and numbers", () => {
  it("orders the decisions: open first (overdue first), then the other active ones, then the closed", () => {
    assert.deepEqual(
      orderDecisions(DECISIONS).map((d) => d.id),
      ["BIAS-SALES-MOTORS", "CAP-WC-20-MACHINING", "RISK-WC-70-WINDING", "BUD-FILTERS-2026", "BUD-VALVES-2026", "CAP-MAT-CASTINGS"],
    );
    assert.equal(isOpen({ state: "Active", status: " open " }), true);
    assert.equal(isOpen({ state: "Closed", status: "Open" }), false);
    assert.equal(isOpen({ state: "Active", status: "Approved" }), false);
  });

  it("a decision's status and marks: overdue, new, reopened, closed this cycle", () => {
    assert.deepEqual(statusBadge(byId("CAP-WC-20-MACHINING")), { text: "Open", color: "warning" });
    assert.deepEqual(statusBadge(byId("BUD-VALVES-2026")), { text: "Approved", color: "success" });
    assert.deepEqual(statusBadge(byId("CAP-MAT-CASTINGS")), { text: "Closed", color: "informative" });
    assert.deepEqual(statusBadge({ state: "Active", status: "On hold" }), { text: "On hold", color: "informative" });
    assert.deepEqual(statusBadge({ state: "Active", status: "done" }), { text: "done", color: "success" });
    assert.deepEqual(statusBadge({ state: "Active", status: "" }), { text: "No status", color: "warning" });
    assert.deepEqual(decisionMarks(byId("BIAS-SALES-MOTORS")), [{ text: "Overdue", color: "danger" }]);
    assert.deepEqual(decisionMarks(byId("CAP-WC-20-MACHINING")), [{ text: "New", color: "informative" }]);
    assert.deepEqual(decisionMarks(byId("RISK-WC-70-WINDING")), [{ text: "Reopened", color: "warning" }]);
    assert.deepEqual(decisionMarks(byId("CAP-MAT-CASTINGS")), [{ text: "Closed this cycle", color: "informative" }]);
    assert.deepEqual(decisionMarks(byId("BUD-VALVES-2026")), []);
  });

  it("a decision in one line, and its owner, due date and impact", () => {
    assert.equal(decisionText(byId("CAP-WC-20-MACHINING")), "CAP-WC-20-MACHINING (Capacity): Approve the constrained plan: 624 h of overtime on WC-20 Machining.");
    assert.equal(decisionText(byId("RISK-WC-70-WINDING")), "RISK-WC-70-WINDING (Capacity risk): WC-20 Machining: load above capacity in 3 months.", "the issue when nothing is recommended");
    assert.equal(decisionMeta(byId("CAP-WC-20-MACHINING")), "Owner: not assigned · Due: not set · Impact: revenue +4.92 M, margin +1.77 M");
    assert.equal(decisionMeta(byId("BIAS-SALES-MOTORS")), "Owner: Ben · Due: 2026-10-31 (overdue) · Impact: revenue +822 k");
    assert.equal(decisionMeta(byId("BUD-VALVES-2026")), "Owner: Ana · Due: 2026-12-15");
  });

  it("the counts in a sentence", () => {
    assert.equal(decisionHeadline(MEETING.counts), "5 active decisions: 3 open, 2 approved, 2 overdue; 1 new this cycle. 1 decision closed (its cause is gone; kept in the sheet).");
    assert.equal(decisionHeadline({ active: 12, closed: 0, open: 12, approved: 0, overdue: 0, new: 12 }), "12 active decisions: 12 open, 0 approved; 12 new this cycle.");
    assert.equal(decisionHeadline({ active: 0, closed: 0, open: 0, approved: 0, overdue: 0, new: 0 }), "No active decision: nothing in this cycle calls for one.");
  });

  it("the agenda's length, the findings and state of each step, when it ran", () => {
    assert.equal(agendaMinutes(MEETING.agenda), 40);
    assert.equal(agendaHeadline(MEETING.agenda), "4 items, 40 minutes.");
    assert.equal(agendaHeadline([]), "No agenda: the run did not build one.");
    assert.deepEqual(MEETING.health.map(findingsText), ["2 warnings, 14 notes", "1 error, 1 note", "none", "none"]);
    assert.deepEqual(MEETING.health.map(healthTone), ["success", "danger", "warning", "informative"]);
    assert.equal(runTime("2026-11-22T04:28:04.989Z"), "2026-11-22 04:28");
    assert.equal(runTime(""), "");
    assert.equal(localDay(new Date(2026, 0, 5, 23, 59)), "2026-01-05");
  });

  it("the follow-up box: its height, and where its text comes from", () => {
    assert.equal(followUpRows(FOLLOW_UP), 7);
    assert.equal(followUpRows("one line"), 6);
    assert.equal(followUpRows(Array.from({ length: 30 }, () => "x").join("\n")), 16);
    assert.equal(followUpSource({ kind: "run" }), "As of the run: the decisions as the run wrote them.");
    assert.equal(
      followUpSource({ kind: "sheet", sheet: "SOP Decisions", at: new Date(2026, 10, 22, 9, 5) }),
      "Refreshed from SOP Decisions at 09:05: statuses, owners and due dates as typed in the sheet.",
    );
  });

  it("copies with the clipboard; when it refuses or is missing, selects the text instead", async () => {
    const copied: string[] = [];
    let fellBack = 0;
    const fallback = (): "selected" => {
      fellBack++;
      return "selected";
    };
    assert.equal(await copyText("hello", { writeText: async (t) => void copied.push(t) }, fallback), "copied");
    assert.deepEqual(copied, ["hello"]);
    assert.equal(fellBack, 0);
    const refusing = { writeText: () => Promise.reject(new DOMException("Write permission denied.", "NotAllowedError")) };
    assert.equal(await copyText("hello", refusing, fallback), "selected");
    assert.equal(await copyText("hello", null, () => "copied"), "copied", "the browser's copy command worked");
    assert.equal(
      await copyText("hello", undefined, () => {
        throw new Error("no document");
      }),
      "failed",
    );
    assert.equal(fellBack, 1);
    assert.deepEqual((["copied", "selected", "failed"] as const).map(copyMessage), ["Copied", "Selected: press Ctrl+C (⌘C on a Mac) to copy", "Could not copy: select the text and copy it"]);
  });
});
