import { describe, expect, it } from "vitest";
import type { ModerationStatus } from "../gql/graphql.ts";
import { moderationEvent, reviewMessage } from "../testing/fixtures.ts";
import { decisionKey, describeEntry, type FeedEntry, pushFeed } from "./feed.ts";
import type { ModerationEvent } from "./queue.ts";

const anna = { id: "u-anna", username: "mod_anna" };
const ben = { id: "u-ben", username: "mod_ben" };
const at = "2026-11-21T10:00:00.000Z";

/** One message's event of a decision; the API's audit row ids descend in the order the messages were given. */
function decided(n: number, decisionId: string, options: { by?: typeof anna; at?: string; room?: string } = {}) {
  const toStatus: ModerationStatus = "REJECTED";
  return moderationEvent("DECISION", reviewMessage(n, { moderationStatus: toStatus, roomId: options.room ?? "r1" }), {
    moderator: options.by ?? anna,
    decision: { id: decisionId, createdAt: options.at ?? at, fromStatus: "FLAGGED", toStatus, reason: "spam" },
  });
}
const feedOf = (...events: ModerationEvent[]) => events.reduce<FeedEntry[]>(pushFeed, []);
const rooms = (id: string) => ({ r1: "lobby", r2: "games" })[id] ?? null;

describe("a bulk decision in the live feed", () => {
  it("is one entry, its messages in the decision's order whatever order their events came in", () => {
    // Given as m2, m3, m1: ids d9 > d5 > d1. The events come in room-log order (m1, m2, m3).
    const feed = feedOf(decided(1, "d1"), decided(2, "d9"), decided(3, "d5"));
    expect(feed).toHaveLength(1);
    expect(feed[0]?.events.map((event) => event.message.id)).toEqual(["m2", "m3", "m1"]);
    expect(feed[0]?.event.message.id).toBe("m2");
    expect(describeEntry(feed[0]!, rooms)).toBe("mod_anna rejected 3 messages in #lobby");
    expect(describeEntry(feed[0]!, rooms, anna.id)).toBe("You rejected 3 messages in #lobby");
  });

  it("keeps separate decisions apart: another instant, another moderator, or no decision at all", () => {
    const feed = feedOf(
      decided(1, "d1"),
      decided(2, "d2", { at: "2026-11-21T10:00:00.001Z" }),
      decided(3, "d3", { by: ben }),
      moderationEvent("FLAGGED", reviewMessage(4)),
      moderationEvent("FLAGGED", reviewMessage(5)),
    );
    expect(feed.map((entry) => entry.events.length)).toEqual([1, 1, 1, 1, 1]);
    expect(decisionKey(moderationEvent("FLAGGED", reviewMessage(4)))).toBeNull();
  });

  it("stays where it is when a late event of it arrives, and counts rooms when it spans several", () => {
    let feed = feedOf(decided(1, "d5"), moderationEvent("FLAGGED", reviewMessage(7)));
    feed = pushFeed(feed, decided(2, "d3", { room: "r2" }));
    expect(feed.map((entry) => entry.events.length)).toEqual([1, 2]);
    expect(describeEntry(feed[1]!, rooms)).toBe("mod_anna rejected 2 messages in 2 rooms");
    // The same event twice (a resubscription) counts once.
    expect(pushFeed(feed, decided(2, "d3", { room: "r2" }))[1]?.events).toHaveLength(2);
  });

  it("reads as before for a decision on one message", () => {
    expect(describeEntry(feedOf(decided(1, "d1"))[0]!, rooms)).toBe("mod_anna rejected alice's message in #lobby");
  });
});
