import { describe, expect, it } from "vitest";
import { reviewMessage } from "../testing/fixtures.ts";
import {
  applyQueueEvent,
  belongsInQueue,
  classifierReadings,
  keepSelected,
  plainReason,
  type QueueFilter,
  toggleSelected,
} from "./queue.ts";

const flagged: QueueFilter = { status: "FLAGGED", roomId: null };
const reported: QueueFilter = { status: "REPORTED", roomId: null };
const ids = (items: { id: string }[]) => items.map((item) => item.id);

describe("belongsInQueue", () => {
  it("follows the message's status for the pending and flagged queues, and the room filter", () => {
    expect(belongsInQueue(reviewMessage(1), flagged, "FLAGGED")).toBe(true);
    expect(belongsInQueue(reviewMessage(1, { moderationStatus: "APPROVED" }), flagged, "DECISION")).toBe(false);
    expect(belongsInQueue(reviewMessage(1), { status: "FLAGGED", roomId: "r2" }, "FLAGGED")).toBe(false);
    expect(
      belongsInQueue(reviewMessage(1, { moderationStatus: "PENDING" }), { ...flagged, status: "PENDING" }, "QUEUED"),
    ).toBe(true);
    expect(belongsInQueue(reviewMessage(1, { deletedAt: "2026-11-21T10:00:00Z" }), flagged, "FLAGGED")).toBe(false);
  });

  it("in the reported queue: a report adds, a decision removes, a verdict leaves it where it is", () => {
    const message = reviewMessage(1, { moderationStatus: "APPROVED", reportCount: 1 });
    expect(belongsInQueue(message, reported, "REPORTED")).toBe(true);
    expect(belongsInQueue(message, reported, "DECISION")).toBe(false);
    expect(belongsInQueue(message, reported, "FLAGGED")).toBeNull();
  });
});

describe("applyQueueEvent", () => {
  it("adds a newly flagged message in age order, updates one it has, drops a decided one", () => {
    let items = [reviewMessage(1), reviewMessage(3)];
    items = applyQueueEvent(items, { kind: "FLAGGED", message: reviewMessage(2) }, flagged, true);
    expect(ids(items)).toEqual(["m1", "m2", "m3"]);
    items = applyQueueEvent(items, { kind: "FLAGGED", message: reviewMessage(2, { text: "edited" }) }, flagged, true);
    expect(items[1]?.text).toBe("edited");
    items = applyQueueEvent(
      items,
      { kind: "DECISION", message: reviewMessage(1, { moderationStatus: "APPROVED" }) },
      flagged,
      true,
    );
    expect(ids(items)).toEqual(["m2", "m3"]);
  });

  it("does not add messages beyond the loaded pages, but still removes and updates", () => {
    const items = [reviewMessage(1)];
    expect(ids(applyQueueEvent(items, { kind: "FLAGGED", message: reviewMessage(5) }, flagged, false))).toEqual(["m1"]);
    const rejected = reviewMessage(1, { moderationStatus: "REJECTED" });
    expect(applyQueueEvent(items, { kind: "DECISION", message: rejected }, flagged, false)).toEqual([]);
  });

  it("keeps a reported message through an automatic verdict and removes it on a decision", () => {
    const message = reviewMessage(1, { moderationStatus: "APPROVED", reportCount: 1 });
    let items = applyQueueEvent([], { kind: "REPORTED", message }, reported, true);
    expect(ids(items)).toEqual(["m1"]);
    items = applyQueueEvent(
      items,
      { kind: "FLAGGED", message: { ...message, moderationStatus: "FLAGGED" } },
      reported,
      true,
    );
    expect(items[0]?.moderationStatus).toBe("FLAGGED");
    expect(applyQueueEvent([], { kind: "FLAGGED", message }, reported, true)).toEqual([]);
    expect(applyQueueEvent(items, { kind: "DECISION", message }, reported, true)).toEqual([]);
  });

  it("ignores other rooms when filtered to one", () => {
    const filter = { status: "FLAGGED" as const, roomId: "r1" };
    expect(applyQueueEvent([], { kind: "FLAGGED", message: reviewMessage(1, { roomId: "r2" }) }, filter, true)).toEqual(
      [],
    );
  });
});

describe("selection", () => {
  it("toggles ids and forgets those that left the list", () => {
    let selected = toggleSelected([], "m1", true);
    selected = toggleSelected(selected, "m2", true);
    selected = toggleSelected(selected, "m1", false);
    expect(selected).toEqual(["m2"]);
    expect(keepSelected(["m1", "m2"], [{ id: "m2" }])).toEqual(["m2"]);
  });
});

describe("plainReason", () => {
  it("gives the verdict's reasons in plain words, else the API's reason", () => {
    const details = {
      reasons: ["an insult aimed at someone", "a threat of violence"],
      evidence: [],
      modelVersion: null,
    };
    expect(plainReason(reviewMessage(1, { moderationDetails: { ...details, categoryScores: [] } }))).toBe(
      "An insult aimed at someone and a threat of violence.",
    );
    const held = { moderationDetails: null, moderationReason: "Held for review after reports." };
    expect(plainReason(reviewMessage(1, held))).toBe("Held for review after reports.");
  });
});

describe("classifierReadings", () => {
  it("names the categories and scores worth a look, highest first as the API sends them", () => {
    const categoryScores = [
      { category: "IDENTITY_ATTACK" as const, score: 0.914 },
      { category: "TOXICITY" as const, score: 0.3 },
      { category: "INSULT" as const, score: 0.299 },
    ];
    const details = { reasons: [], evidence: [], modelVersion: "m1", categoryScores };
    expect(classifierReadings(reviewMessage(1, { moderationDetails: details }))).toEqual([
      { category: "IDENTITY_ATTACK", name: "identity attack", score: 0.914, words: "identity attack 0.91" },
      { category: "TOXICITY", name: "hostile language", score: 0.3, words: "hostile language 0.30" },
    ]);
  });

  it("reads nothing for verdicts from before the classifier, or without details", () => {
    const details = { reasons: [], evidence: [], modelVersion: null, categoryScores: [] };
    expect(classifierReadings(reviewMessage(1, { moderationDetails: details }))).toEqual([]);
    expect(classifierReadings(reviewMessage(1, { moderationDetails: null }))).toEqual([]);
  });
});
