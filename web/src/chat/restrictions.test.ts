import { CombinedError } from "@urql/core";
import { describe, expect, it } from "vitest";
import { type ComposerInput, composerState, slowModeWords, turnAfterSend, turnFromRefusal } from "./restrictions.ts";
import type { ViewerSanction } from "./sanction.ts";

const now = Date.parse("2026-11-21T13:00:00Z");
const timeout: ViewerSanction = {
  id: "s1",
  kind: "TIMEOUT",
  reason: "spamming links",
  endsAt: new Date(now + 5 * 60_000).toISOString(),
};
const open: ComposerInput = { sanction: null, slowModeSeconds: 0, exempt: false, nextTurnAt: null, now };

describe("composerState", () => {
  it("is open with nothing in the way", () => {
    expect(composerState(open)).toEqual({ kind: "open", slowMode: null });
  });

  it("is muted during a timeout, with why and a countdown, and opens by itself at its end", () => {
    const muted = composerState({ ...open, sanction: timeout });
    expect(muted).toMatchObject({ kind: "muted", countdown: "05:00", spoken: "5 minutes" });
    expect(muted.kind === "muted" && muted.sentence).toMatch(/^You are muted here until .+: spamming links$/);
    expect(composerState({ ...open, sanction: timeout, now: now + 4 * 60_000 + 1 })).toMatchObject({
      countdown: "01:00",
    });
    expect(composerState({ ...open, sanction: timeout, now: now + 5 * 60_000 })).toEqual({
      kind: "open",
      slowMode: null,
    });
  });

  it("a timeout comes before slow mode; a ban is not the composer's (the room shows it)", () => {
    expect(composerState({ ...open, sanction: timeout, slowModeSeconds: 30, nextTurnAt: now + 10_000 }).kind).toBe(
      "muted",
    );
    expect(composerState({ ...open, sanction: { ...timeout, kind: "BAN" } }).kind).toBe("open");
  });

  it("words slow mode, and waits for the next turn with a countdown", () => {
    expect(composerState({ ...open, slowModeSeconds: 30 })).toEqual({
      kind: "open",
      slowMode: "Slow mode: one message every 30 s",
    });
    expect(composerState({ ...open, slowModeSeconds: 30, nextTurnAt: now + 9_500 })).toEqual({
      kind: "waiting",
      slowMode: "Slow mode: one message every 30 s",
      countdown: "00:10",
      spoken: "10 seconds",
    });
    expect(composerState({ ...open, slowModeSeconds: 30, nextTurnAt: now }).kind).toBe("open");
  });

  it("leaves moderators out of slow mode", () => {
    expect(composerState({ ...open, slowModeSeconds: 30, exempt: true, nextTurnAt: now + 9_000 })).toEqual({
      kind: "open",
      slowMode: null,
    });
  });
});

describe("slow mode's turns", () => {
  it("words the interval in its largest whole unit", () => {
    expect(slowModeWords(5)).toBe("Slow mode: one message every 5 s");
    expect(slowModeWords(90)).toBe("Slow mode: one message every 90 s");
    expect(slowModeWords(120)).toBe("Slow mode: one message every 2 min");
    expect(slowModeWords(21_600)).toBe("Slow mode: one message every 6 h");
  });

  it("gives the next turn after a send, when slow mode is on", () => {
    expect(turnAfterSend(now, 30)).toBe(now + 30_000);
    expect(turnAfterSend(now, 0)).toBeNull();
  });

  it("reads the wait from a slow-mode refusal, on this clock", () => {
    const refusal = (extensions: Record<string, unknown>) =>
      new CombinedError({ graphQLErrors: [{ message: "Slow mode", extensions }] });
    const until = new Date(now + 60_000).toISOString(); // a server clock a minute off
    expect(turnFromRefusal(refusal({ code: "RATE_LIMITED", retryAfterMs: 7_000, until }), now)).toBe(now + 7_000);
    expect(turnFromRefusal(refusal({ code: "RATE_LIMITED", until }), now)).toBe(now + 60_000);
    // The general rate limit names no turn: it is not slow mode.
    expect(turnFromRefusal(refusal({ code: "RATE_LIMITED", retryAfterMs: 7_000 }), now)).toBeNull();
    expect(turnFromRefusal(refusal({ code: "FORBIDDEN" }), now)).toBeNull();
    expect(turnFromRefusal(undefined, now)).toBeNull();
  });
});
