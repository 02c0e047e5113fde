import assert from "node:assert/strict";
import { idPart, measureRules, proposeDecisions } from "../../../src/engine/decisions/propose";
import { dueDate, normaliseStatus, reconcileDecisions, targetText } from "../../../src/engine/decisions/reconcile";
import type { DecisionProposal, PreviousDecision } from "../../../src/engine/decisions/types";

const proposal = (id: string, topic: DecisionProposal["topic"], value: number, over: Partial<DecisionProposal> = {}): DecisionProposal => ({
  id,
  topic,
  subject: id,
  issue: `issue ${id}`,
  options: "a · b",
  recommended: `do ${id}`,
  impactRevenue: 100,
  impactMargin: 40,
  evidence: { kind: "capacity", key: id },
  scenario: null,
  measure: topic === "Forecast bias" ? { label: `Bias of ${id}`, value, rule: "abs-at-most", limit: 0.1, format: "pct" } : { label: `Months short on ${id}`, value, rule: "at-most", limit: 0, format: "number" },
  ...over,
});

const previous = (id: string, over: Partial<PreviousDecision> = {}): PreviousDecision => ({
  id,
  topic: "Capacity",
  subject: id,
  issue: `old issue ${id}`,
  options: "a",
  recommended: `old do ${id}`,
  impactRevenue: 90,
  impactMargin: 30,
  owner: null,
  due: null,
  status: "Open",
  notes: null,
  raised: "2026-10",
  state: "Active",
  closedIn: null,
  measureLabel: `Months short on ${id}`,
  whenRaised: 3,
  measureFormat: "number",
  address: `'SOP Decisions'!A6`,
  ...over,
});

describe("decision log from cycle to cycle", () => {
  it("keeps what people typed by id, refreshes the evidence, opens new ones and closes the ones whose cause is gone", () => {
    const log = reconcileDecisions(
      "2026-11",
      [proposal("CAP-A", "Capacity", 2), proposal("CAP-NEW", "Capacity", 1)],
      [
        previous("CAP-A", { owner: "Anna", due: 46371, status: " approved ", notes: "two shifts" }),
        previous("CAP-GONE", { owner: "Bob", status: "Approved", whenRaised: 4 }),
        previous("cap-old", { state: "Closed", closedIn: "2026-09", raised: "2026-08", status: "Rejected" }),
      ],
      new Map([["CAP-GONE", 0]]),
      "2026-11-20",
      measureRules(),
    );
    assert.deepEqual(log.rows.map((r) => [r.id, r.state, r.change]), [
      ["CAP-A", "Active", ""],
      ["CAP-NEW", "Active", "new"],
      ["CAP-GONE", "Closed", "closed"],
      ["cap-old", "Closed", ""],
    ]);
    const a = log.rows[0]!;
    assert.equal(a.owner, "Anna");
    assert.equal(a.due, 46371);
    assert.equal(a.status, "Approved", "normalised from ' approved '");
    assert.equal(a.notes, "two shifts");
    assert.equal(a.issue, "issue CAP-A", "the evidence is this cycle's");
    assert.equal(a.raised, "2026-10");
    assert.equal(a.whenRaised, 3, "the value when first raised is kept");
    assert.equal(a.now, 2);
    // 46371 = 2026-12-15: not overdue on 2026-11-20.
    assert.equal(dueDate(46371), "2026-12-15");
    assert.equal(a.overdue, false);
    assert.equal(a.outcome, "Not yet: Months short on CAP-A is 2 (was 3 when raised in 2026-10), target at most 0.");
    const nw = log.rows[1]!;
    assert.equal(nw.status, "Open");
    assert.equal(nw.raised, "2026-11");
    assert.equal(nw.whenRaised, 1);
    assert.equal(nw.outcome, "");
    const gone = log.rows[2]!;
    assert.equal(gone.closedIn, "2026-11");
    assert.equal(gone.owner, "Bob");
    assert.equal(gone.outcome, "Effect happened: Months short on CAP-GONE is 0 (was 4 when raised in 2026-10), target at most 0.");
    assert.equal(log.rows[3]!.closedIn, "2026-09", "closed earlier: keeps its closing cycle");
    assert.deepEqual(log.counts, { active: 2, closed: 2, open: 1, approved: 1, overdue: 0, new: 1 });
    assert.deepEqual(log.issues, []);
  });

  it("reopens a closed decision whose cause comes back, with what was typed", () => {
    const log = reconcileDecisions("2026-12", [proposal("CAP-A", "Capacity", 1)], [previous("CAP-A", { state: "Closed", closedIn: "2026-11", owner: "Anna", status: "Done" })], new Map(), "2026-12-01");
    assert.equal(log.rows[0]!.state, "Active");
    assert.equal(log.rows[0]!.change, "reopened");
    assert.equal(log.rows[0]!.owner, "Anna");
    assert.equal(log.rows[0]!.status, "Done");
  });

  it("flags overdue decisions and reports unknown statuses, unreadable dates and duplicate ids at their cell", () => {
    const log = reconcileDecisions(
      "2026-11",
      [proposal("BIAS-X", "Forecast bias", 0.23), proposal("CAP-B", "Capacity", 1), proposal("CAP-C", "Capacity", 1)],
      [
        previous("BIAS-X", { status: "Maybe", due: "2026-11-01", address: "'SOP Decisions'!A7", measureFormat: "pct", whenRaised: 0.3 }),
        previous("CAP-B", { due: "next week", address: "'SOP Decisions'!A8" }),
        previous("CAP-C", { status: "Done", due: "01/11/2026" }),
        previous("CAP-C", { owner: "second", address: "'SOP Decisions'!A10" }),
      ],
      new Map(),
      "2026-11-20",
    );
    const bias = log.rows.find((r) => r.id === "BIAS-X")!;
    assert.equal(bias.status, "Maybe");
    assert.equal(bias.overdue, true);
    assert.equal(log.rows.find((r) => r.id === "CAP-C")!.overdue, false, "done: never overdue");
    assert.equal(log.rows.find((r) => r.id === "CAP-C")!.owner, null, "the first row of a duplicate id wins");
    assert.deepEqual(log.issues.map((i) => i.address), ["'SOP Decisions'!A10", "'SOP Decisions'!A7", "'SOP Decisions'!A8"]);
    assert.match(log.issues[1]!.message, /Status 'Maybe' of decision BIAS-X is not one of Open, Approved, Rejected, Done/);
    assert.match(log.issues[2]!.message, /Due date 'next week' of decision CAP-B is not a date/);
    assert.equal(log.counts.overdue, 1);
    assert.equal(log.counts.open, 2, "Maybe counts as open, CAP-B is Open, CAP-C done");
  });

  it("reads statuses, due dates and targets as documented", () => {
    assert.equal(normaliseStatus(""), "Open");
    assert.equal(normaliseStatus("REJECTED"), "Rejected");
    assert.equal(dueDate("2026-1-5"), "2026-01-05");
    assert.equal(dueDate("15.12.2026"), "2026-12-15");
    assert.equal(dueDate("soon"), null);
    assert.equal(targetText({ rule: "abs-at-most", limit: 0.1, format: "pct" }), "within ±10.0 %");
    assert.equal(idPart("Pompes à chaleur / Ø 20"), "POMPES-A-CHALEUR-20");
    assert.equal(idPart("   "), "X");
  });

  it("proposes nothing from empty evidence and makes ids unique", () => {
    assert.deepEqual(proposeDecisions({ cycle: "2026-11", capacity: null, plan: null, financials: null, gap: null, accuracy: null, scenarios: null }), []);
  });
});
