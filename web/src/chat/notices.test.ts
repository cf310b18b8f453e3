import { describe, expect, it } from "vitest";
import { changesSanction, markAllRead, mergeNotices, NOTICES_KEPT, type Notice, noticeText } from "./notices.ts";

const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

function notice(n: number, overrides: Partial<Notice> = {}): Notice {
  return {
    id: `n${n}`,
    kind: "MESSAGE_REMOVED",
    text: `Your message in #general was removed: spam.`,
    createdAt: new Date(Date.parse("2026-11-21T09:00:00Z") + n * 60_000).toISOString(),
    readAt: null,
    messageId: `m${n}`,
    room: { id: "r1", slug: "general", name: "general" },
    sanction: null,
    ...overrides,
  };
}

describe("mergeNotices", () => {
  it("keeps them newest first, once each, the later copy winning", () => {
    const list = mergeNotices([notice(1), notice(3)], [notice(2), notice(3, { readAt: "2026-11-21T10:00:00Z" })]);
    expect(list.map((each) => each.id)).toEqual(["n3", "n2", "n1"]);
    expect(list[0]?.readAt).toBe("2026-11-21T10:00:00Z");
  });

  it("keeps a bounded number", () => {
    const many = Array.from({ length: NOTICES_KEPT + 5 }, (_, i) => notice(i));
    expect(mergeNotices([], many)).toHaveLength(NOTICES_KEPT);
    expect(mergeNotices([], many)[0]?.id).toBe(`n${NOTICES_KEPT + 4}`);
  });

  it("marks all read", () => {
    const read = markAllRead([notice(1), notice(2, { readAt: "2026-11-21T08:00:00Z" })], "2026-11-21T10:00:00Z");
    expect(read.map((each) => each.readAt)).toEqual(["2026-11-21T10:00:00Z", "2026-11-21T08:00:00Z"]);
  });
});

describe("noticeText", () => {
  it("is the API's text, with a sanction's end in the browser's time instead of UTC", () => {
    const now = new Date(2026, 10, 21, 13, 0).getTime();
    const end = new Date(2026, 10, 21, 14, 5);
    const utc = `${end.toISOString().slice(0, 16).replace("T", " ")} UTC`;
    const sanctioned = notice(1, {
      kind: "SANCTIONED",
      text: `You are muted in #general until ${utc}: spamming links.`,
      sanction: { id: "s1", kind: "TIMEOUT", reason: "spamming links", endsAt: end.toISOString() },
    });
    expect(noticeText(sanctioned, now)).toBe(`You are muted in #general until ${time.format(end)}: spamming links.`);
    expect(noticeText(notice(2))).toBe("Your message in #general was removed: spam.");
  });
});

describe("changesSanction", () => {
  it("is true for this room's sanctions, lifts and appeal answers only", () => {
    expect(changesSanction(notice(1, { kind: "SANCTIONED" }), "r1")).toBe(true);
    expect(changesSanction(notice(1, { kind: "SANCTION_LIFTED" }), "r1")).toBe(true);
    expect(changesSanction(notice(1, { kind: "APPEAL_DECIDED" }), "r1")).toBe(true);
    expect(changesSanction(notice(1, { kind: "SANCTIONED" }), "r2")).toBe(false);
    expect(changesSanction(notice(1), "r1")).toBe(false);
  });
});
