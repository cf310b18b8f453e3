import { describe, expect, it } from "vitest";
import { applyToList, badgeCount, type ListedRoom, newMentions, totals, unreadWords } from "./room-list.ts";

const room = (name: string, overrides: Partial<ListedRoom> = {}): ListedRoom => ({
  id: `r-${name}`,
  slug: name,
  name,
  lastSeq: 10,
  viewerIsMember: true,
  viewerReadSeq: 10,
  unreadCount: 0,
  mentionCount: 0,
  ...overrides,
});

describe("the room list", () => {
  it("keeps rooms the person is in by name, replaces a changed one, and drops one they left", () => {
    let list = applyToList([], room("zebra"));
    list = applyToList(list, room("apple"));
    list = applyToList(list, room("zebra", { unreadCount: 3 }));
    expect(list.map((each) => [each.name, each.unreadCount])).toEqual([
      ["apple", 0],
      ["zebra", 3],
    ]);
    expect(applyToList(list, room("apple", { viewerIsMember: false })).map((each) => each.name)).toEqual(["zebra"]);
    // A new room they are not in does not join their list.
    expect(applyToList(list, room("mango", { viewerIsMember: false }))).toHaveLength(2);
  });

  it("sums unread and mentions, and tells how many mentions are new", () => {
    const list = [room("a", { unreadCount: 2, mentionCount: 1 }), room("b", { unreadCount: 5 })];
    expect(totals(list)).toEqual({ unread: 7, mentions: 1 });
    expect(newMentions(list[0], room("a", { mentionCount: 3 }))).toBe(2);
    expect(newMentions(list[0], room("a", { mentionCount: 0 }))).toBe(0);
    expect(newMentions(undefined, room("a", { mentionCount: 3 }))).toBe(0);
  });

  it("words badges for the eye and for a screen reader", () => {
    expect(badgeCount(7)).toBe("7");
    expect(badgeCount(150)).toBe("99+");
    expect(unreadWords({ unreadCount: 1, mentionCount: 0 })).toBe("1 unread message");
    expect(unreadWords({ unreadCount: 3, mentionCount: 2 })).toBe("3 unread messages, 2 mentions");
  });
});
