import { describe, expect, it } from "vitest";
import { ALICE, BOB, message } from "../testing/fixtures.ts";
import { reactionChips, reactorsInWords, viewerReacted } from "./reactions.ts";
import { upsertMessage } from "./timeline.ts";

const CAROL = { id: "u-carol", username: "carol" };
const many = Array.from({ length: 10 }, (_, i) => ({ id: `u-${i}`, username: `user${i}` }));

describe("reactorsInWords", () => {
  it("names everyone when all are listed, and counts the rest", () => {
    expect(reactorsInWords(["alice"], 1)).toBe("alice");
    expect(reactorsInWords(["alice", "bob"], 2)).toBe("alice and bob");
    expect(reactorsInWords(["alice", "bob", "carol"], 3)).toBe("alice, bob and carol");
    expect(reactorsInWords(["alice", "bob"], 3)).toBe("alice, bob and 1 other");
    expect(reactorsInWords(["alice", "bob"], 14)).toBe("alice, bob and 12 others");
  });
});

describe("reactionChips", () => {
  it("says the emoji, the count and who, with the viewer as 'you', and presses the viewer's own", () => {
    const reacted = message(1, {
      reactions: [
        { emoji: "👍", count: 3, reactors: [ALICE, BOB, CAROL] },
        { emoji: "🎉", count: 1, reactors: [CAROL] },
      ],
    });
    expect(reactionChips(reacted, BOB.id)).toEqual([
      { emoji: "👍", count: 3, mine: true, label: "👍 3: alice, you and carol" },
      { emoji: "🎉", count: 1, mine: false, label: "🎉 1: carol" },
    ]);
    expect(reactionChips(reacted, null).map((chip) => chip.mine)).toEqual([false, false]);
  });
});

describe("viewerReacted", () => {
  it("trusts a complete list of reactors over an older answer", () => {
    const stale = message(1, {
      reactions: [{ emoji: "👍", count: 1, reactors: [ALICE] }],
      viewerReactions: [{ emoji: "👍", viewerReacted: true }],
    });
    expect(viewerReacted(stale, "👍", BOB.id)).toBe(false);
  });

  it("past the listed reactors, keeps what the viewer's page or answer said, through live events", () => {
    const fromPage = message(1, {
      reactions: [{ emoji: "🔥", count: 11, reactors: many }],
      viewerReactions: [{ emoji: "🔥", viewerReacted: true }],
    });
    // A live event's copy: the reactions as they are now, without the viewer's own.
    const live = message(1, { reactions: [{ emoji: "🔥", count: 12, reactors: many }] });
    const [merged] = upsertMessage([fromPage], live);
    expect(merged?.reactions[0]?.count).toBe(12);
    expect(viewerReacted(merged!, "🔥", BOB.id)).toBe(true);
    expect(viewerReacted(live, "🔥", BOB.id)).toBe(false);
  });
});
