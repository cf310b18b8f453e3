import { describe, expect, it } from "vitest";
import { type LockedMessage, settle } from "../src/owed.ts";

const owedAt = new Date("2026-01-01T10:00:00.000Z");
const later = new Date("2026-01-01T10:00:05.000Z");

function message(id: string, overrides: Partial<LockedMessage> = {}): LockedMessage {
  return { id, roomId: "room", status: "PENDING", deleted: false, owedAt, moderatorDecidedAt: null, ...overrides };
}

const claim = (messageId: string, at = owedAt, deletedWhenLoaded = false) => ({
  messageId,
  owedAt: at,
  deletedWhenLoaded,
});

describe("settle", () => {
  it("gives each claim the outcome it would have alone", () => {
    const locked = new Map(
      [
        message("owed"),
        message("edited", { owedAt: later }),
        message("unowed", { owedAt: null }),
        message("deleted", { deleted: true }),
        message("rejected", { status: "REJECTED" }),
        message("reopened", { moderatorDecidedAt: later }),
        message("decided-before", { moderatorDecidedAt: new Date(owedAt.getTime() - 1) }),
      ].map((row) => [row.id, row]),
    );
    const claims = ["owed", "edited", "unowed", "deleted", "rejected", "reopened", "decided-before", "gone"].map((id) =>
      claim(id),
    );
    expect(settle(claims, locked)).toEqual([
      { apply: true, roomId: "room" },
      { apply: false, reason: "superseded", clear: false },
      { apply: false, reason: "not-owed", clear: false },
      { apply: false, reason: "deleted", clear: true },
      { apply: false, reason: "decided", clear: true },
      { apply: false, reason: "decided", clear: true },
      { apply: true, roomId: "room" },
      { apply: false, reason: "missing", clear: false },
    ]);
  });

  it("applies a version once: a duplicate claim later in the batch finds it no longer owed", () => {
    const locked = new Map([["m", message("m")]]);
    expect(settle([claim("m"), claim("m")], locked)).toEqual([
      { apply: true, roomId: "room" },
      { apply: false, reason: "not-owed", clear: false },
    ]);
  });

  it("skips an edited-away version and applies the current one, in either order", () => {
    const locked = new Map([["m", message("m", { owedAt: later })]]);
    expect(settle([claim("m", owedAt), claim("m", later)], locked).map((s) => s.apply)).toEqual([false, true]);
    expect(settle([claim("m", later), claim("m", owedAt)], locked)).toEqual([
      { apply: true, roomId: "room" },
      { apply: false, reason: "not-owed", clear: false },
    ]);
  });

  it("calls a message deleted when it was loaded 'deleted', owed or not", () => {
    const locked = new Map([
      ["a", message("a")],
      ["b", message("b", { owedAt: null })],
    ]);
    expect(settle([claim("a", owedAt, true), claim("b", owedAt, true)], locked)).toEqual([
      { apply: false, reason: "deleted", clear: true },
      { apply: false, reason: "deleted", clear: true },
    ]);
  });
});
