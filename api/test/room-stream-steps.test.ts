import type { MessageWithAuthor } from "@chatmod/core/message-json";
import { describe, expect, it } from "vitest";
import type { FeedItem } from "../src/live/room-feeds.ts";
import { behindAfterPage, nextStep, type StreamState } from "../src/live/room-stream-steps.ts";

// The steps read an event's seq only.
const live = (seq: number): FeedItem & { kind: "event" } => ({
  kind: "event",
  event: { seq, kind: "MESSAGE_ADDED", message: {} as MessageWithAuthor },
});
const check: FeedItem = { kind: "check" };
const following = (last: number): StreamState => ({ started: true, last, behind: false });

describe("a room stream's next step", () => {
  it("starts first, whatever it holds: it has not joined the feed or learnt where it starts", () => {
    const notStarted = { started: false, last: 0, behind: true };
    expect(nextStep(notStarted, undefined)).toBe("start");
    expect(nextStep(notStarted, live(1))).toBe("start");
    expect(nextStep(notStarted, check)).toBe("start");
  });

  it("reads Postgres while behind, before any live item, even the next one", () => {
    const behind = { started: true, last: 4, behind: true };
    expect(nextStep(behind, live(5))).toBe("read");
    expect(nextStep(behind, check)).toBe("read");
    expect(nextStep(behind, undefined)).toBe("read");
  });

  it("hands out the event that follows on", () => {
    const next = live(5);
    expect(nextStep(following(4), next)).toBe(next.event);
    expect(nextStep(following(0), live(1))).toEqual(live(1).event);
  });

  it("drops an event already handed out (read from Postgres before it came live)", () => {
    expect(nextStep(following(4), live(4))).toBe("duplicate");
    expect(nextStep(following(4), live(1))).toBe("duplicate");
  });

  it("finds a hole when events are missing before the live one", () => {
    expect(nextStep(following(4), live(6))).toBe("hole");
    expect(nextStep(following(0), live(200))).toBe("hole");
  });

  it("catches up at a check (the feed's, or a full buffer's), even with nothing missing as far as it knows", () => {
    expect(nextStep(following(4), check)).toBe("catch up");
  });

  it("waits when it follows the feed and holds nothing", () => {
    expect(nextStep(following(4), undefined)).toBe("wait");
  });
});

describe("a room stream after a page from Postgres", () => {
  it("stays behind after a full page, and follows the feed after a short one", () => {
    expect(behindAfterPage(200, 200)).toBe(true);
    expect(behindAfterPage(199, 200)).toBe(false);
    expect(behindAfterPage(0, 200)).toBe(false);
  });
});
