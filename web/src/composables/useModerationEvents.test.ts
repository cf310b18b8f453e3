import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { effectScope } from "vue";
import type { ModerationEvent } from "../moderation/queue.ts";
import { FakeTransport, settle } from "../testing/fake-transport.ts";
import { moderationEvent, reviewMessage } from "../testing/fixtures.ts";
import { FEED_GATHER_MS, useModerationEvents } from "./useModerationEvents.ts";

const at = "2026-11-21T10:00:00Z";
const flagged = (n: number): { moderationEvents: ModerationEvent } => ({
  moderationEvents: moderationEvent("FLAGGED", reviewMessage(n), { at }),
});

function start(fake: FakeTransport) {
  const scope = effectScope();
  const events = scope.run(() => useModerationEvents({ transport: fake.transport }));
  if (!events) throw new Error("no events");
  const seen: ModerationEvent[] = [];
  let resumed = 0;
  scope.run(() => {
    events.onEvent((event) => seen.push(event));
    events.onResume(() => resumed++);
  });
  return { events, seen, resumed: () => resumed, scope };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("useModerationEvents", () => {
  it("passes each event to the panels and puts it on top of the feed", async () => {
    const fake = new FakeTransport();
    const { events, seen } = start(fake);
    expect(events.state.value).toBe("connecting");
    fake.connect();
    expect(events.state.value).toBe("live");
    fake.last.next(flagged(1));
    fake.last.next(flagged(2));
    expect(seen.map((event) => event.message.id)).toEqual(["m1", "m2"]);
    expect(events.feed.value.map((entry) => entry.event.message.id)).toEqual(["m2", "m1"]);
  });

  it("resubscribes after a drop and asks the panels to reload what they missed", async () => {
    const fake = new FakeTransport();
    const { events, resumed } = start(fake);
    fake.connect();
    fake.last.close(1006);
    expect(events.state.value).toBe("reconnecting");
    expect(resumed()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.subscriptions).toHaveLength(2);
    fake.connect();
    expect(events.state.value).toBe("live");
    expect(resumed()).toBe(1);
    fake.last.next(flagged(3)); // live again: no second reload
    expect(resumed()).toBe(1);
  });

  it("stops with the reason in words when the API refuses (not a moderator any more)", async () => {
    const fake = new FakeTransport();
    const { events } = start(fake);
    fake.last.fail("Moderators only.", "FORBIDDEN");
    await settle();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(events.state.value).toBe("error");
    expect(events.error.value).toBe("Moderators only.");
    expect(fake.subscriptions).toHaveLength(1);
  });

  it("unsubscribes, and forgets its listeners, when its scope ends", () => {
    const fake = new FakeTransport();
    const { scope, seen } = start(fake);
    const subscription = fake.last;
    scope.stop();
    expect(subscription.ended).toBe(true);
    expect(seen).toEqual([]);
  });

  it("gathers a bulk decision's events into one feed entry; the panels get each at once", async () => {
    const fake = new FakeTransport();
    const { events, seen } = start(fake);
    fake.connect();
    const anna = { id: "u-anna", username: "mod_anna" };
    const rejected = (n: number, id: string) => ({
      moderationEvents: moderationEvent("DECISION", reviewMessage(n, { moderationStatus: "REJECTED" }), {
        moderator: anna,
        decision: { id, createdAt: at, fromStatus: "FLAGGED", toStatus: "REJECTED", reason: "" },
      }),
    });
    fake.last.next(rejected(1, "d1"));
    fake.last.next(rejected(2, "d2"));
    fake.last.next(flagged(3)); // came meanwhile: waits behind the decision, in order
    expect(seen.map((event) => event.message.id)).toEqual(["m1", "m2", "m3"]);
    expect(events.feed.value).toEqual([]);
    await vi.advanceTimersByTimeAsync(FEED_GATHER_MS);
    expect(events.feed.value.map((entry) => entry.events.map((event) => event.message.id))).toEqual([
      ["m3"],
      ["m2", "m1"],
    ]);
  });
});
