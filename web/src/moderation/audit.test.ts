import { describe, expect, it } from "vitest";
import { decision, reviewMessage } from "../testing/fixtures.ts";
import { decidedMessages, mergeNewest, restorableDecisions, updateMessage } from "./audit.ts";

const rejected = (n: number) => reviewMessage(n, { moderationStatus: "REJECTED" });

describe("restorableDecisions", () => {
  it("offers Restore on the newest rejection of a message that is still rejected", () => {
    const decisions = [
      decision("d3", rejected(1), { fromStatus: "APPROVED", toStatus: "REJECTED" }),
      decision("d2", rejected(1), { fromStatus: "REJECTED", toStatus: "APPROVED" }),
      decision("d1", rejected(1), { toStatus: "REJECTED" }),
      decision("d4", reviewMessage(2, { moderationStatus: "APPROVED" }), { toStatus: "REJECTED" }),
      decision("d5", reviewMessage(3, { moderationStatus: "APPROVED" }), { toStatus: "APPROVED" }),
      decision("d6", { ...rejected(4), deletedAt: "2026-11-21T11:00:00Z" }, { toStatus: "REJECTED" }),
    ];
    expect([...restorableDecisions(decisions)]).toEqual(["d3"]);
  });
});

describe("audit rows", () => {
  it("names each message once, updates its rows, and puts new decisions on top", () => {
    const decisions = [decision("d2", rejected(1)), decision("d1", rejected(1)), decision("d0", rejected(2))];
    expect(decidedMessages(decisions, ["d2", "d1", "d0"]).map((message) => message.id)).toEqual(["m1", "m2"]);
    const restored = reviewMessage(1, { moderationStatus: "APPROVED" });
    expect(updateMessage(decisions, restored).map((each) => each.message.moderationStatus)).toEqual([
      "APPROVED",
      "APPROVED",
      "REJECTED",
    ]);
    const merged = mergeNewest(decisions, [decision("d9", restored), decision("d2", restored)]);
    expect(merged.map((each) => each.id)).toEqual(["d9", "d2", "d1", "d0"]);
    expect(merged[2]?.message.moderationStatus).toBe("APPROVED");
  });
});
