import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { effectScope, ref } from "vue";
import type { RoomEvent } from "../chat/timeline.ts";
import { FakeTransport, settle } from "../testing/fake-transport.ts";
import { added, message } from "../testing/fixtures.ts";
import { useRoomTimeline } from "./useRoomTimeline.ts";

/** The API's first page: newest first, as Room.messages(order: NEWEST_FIRST) answers. */
function history(lastSeq: number, seqs: number[], hasNextPage = false) {
  return {
    data: {
      room: {
        id: "r1",
        lastSeq,
        messages: {
          edges: seqs.map((seq) => ({ node: message(seq) })),
          pageInfo: { hasNextPage, endCursor: hasNextPage ? `cursor-${seqs.at(-1)}` : null },
        },
      },
    },
  };
}

const event = (roomEvent: RoomEvent) => ({ roomEvents: roomEvent });

async function start(fake: FakeTransport, online = ref(true)) {
  const scope = effectScope();
  const seen: RoomEvent[] = [];
  const timeline = scope.run(() =>
    useRoomTimeline("r1", { transport: fake.transport, online, onEvent: (e) => seen.push(e) }),
  );
  if (!timeline) throw new Error("no timeline");
  await settle();
  return { timeline, seen, online, scope, seqs: () => timeline.messages.value.map((m) => m.seq) };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("useRoomTimeline", () => {
  it("loads the newest page, oldest first, then subscribes after the page's lastSeq", async () => {
    const fake = new FakeTransport(() => history(12, [12, 10, 9]));
    const { timeline, seqs } = await start(fake);
    expect(seqs()).toEqual([9, 10, 12]);
    expect(timeline.state.value).toBe("loading");
    expect(fake.last.variables).toEqual({ roomId: "r1", afterSeq: 12 });
    fake.connect();
    expect(timeline.state.value).toBe("live");
  });

  it("applies events by message id and never shows a message twice", async () => {
    const fake = new FakeTransport(() => history(2, [2, 1]));
    const { timeline, seen, seqs } = await start(fake);
    fake.last.next(event(added(3)));
    fake.last.next(event(added(3))); // a repeat
    fake.last.next(event({ seq: 4, kind: "MESSAGE_EDITED", message: { ...message(1), text: "edited" } }));
    expect(seqs()).toEqual([1, 2, 3]);
    expect(timeline.messages.value[0]?.text).toBe("edited");
    expect(timeline.lastSeq.value).toBe(4);
    expect(seen.map((e) => e.seq)).toEqual([3, 4]);
    expect(timeline.state.value).toBe("live");
  });

  it("resumes after a dropped socket from the last seq seen, each missed message once, in order", async () => {
    const fake = new FakeTransport(() => history(1, [1]));
    const { timeline, seqs } = await start(fake);
    fake.last.next(event(added(2)));
    fake.last.close(1006);
    expect(timeline.state.value).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.subscriptions).toHaveLength(2);
    expect(fake.last.variables).toEqual({ roomId: "r1", afterSeq: 2 });
    // The server replays from afterSeq; even an overlap would be ignored.
    for (const seq of [2, 3, 4, 5]) fake.last.next(event(added(seq)));
    expect(seqs()).toEqual([1, 2, 3, 4, 5]);
    expect(timeline.state.value).toBe("live");
  });

  it("resubscribes quickly when closed for being too slow (4503) or by a replica going away (1001)", async () => {
    const fake = new FakeTransport(() => history(0, []));
    await start(fake);
    fake.last.next(event(added(1)));
    fake.last.close(4503);
    await vi.advanceTimersByTimeAsync(300);
    expect(fake.last.variables).toEqual({ roomId: "r1", afterSeq: 1 });
    fake.last.close(1001);
    await vi.advanceTimersByTimeAsync(300);
    expect(fake.subscriptions).toHaveLength(3);
  });

  it("resubscribes from lastSeq when events are missing (a gap)", async () => {
    const fake = new FakeTransport(() => history(1, [1]));
    const { seqs } = await start(fake);
    fake.last.next(event(added(3)));
    expect(seqs()).toEqual([1]);
    expect(fake.subscriptions[0]?.ended).toBe(true);
    expect(fake.last.variables).toEqual({ roomId: "r1", afterSeq: 1 });
  });

  it("stops, with the reason in words, when the session ended (4403) or the API refuses", async () => {
    const fake = new FakeTransport(() => history(0, []));
    const { timeline } = await start(fake);
    fake.last.close(4403);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(timeline.state.value).toBe("error");
    expect(timeline.error.value).toBe("Your session has ended.");
    expect(fake.subscriptions).toHaveLength(1);

    const other = new FakeTransport(() => history(0, []));
    const refused = await start(other);
    other.last.fail("Join the room first.", "FORBIDDEN");
    expect(refused.timeline.state.value).toBe("error");
    expect(refused.timeline.error.value).toBe("Join the room first.");
  });

  it("starts again from the newest page when the room is behind the seq it resumes from", async () => {
    let lastSeq = 5;
    const fake = new FakeTransport(() => history(lastSeq, lastSeq === 5 ? [5, 4] : [2, 1]));
    const { timeline, seqs } = await start(fake);
    lastSeq = 2; // restored from a backup
    fake.last.fail("afterSeq is not an event of this room.", "BAD_USER_INPUT", { field: "afterSeq" });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seqs()).toEqual([1, 2]);
    expect(fake.last.variables).toEqual({ roomId: "r1", afterSeq: 2 });
    expect(timeline.state.value).not.toBe("error");
  });

  it("goes offline with the browser, drops the socket, and resumes when back online", async () => {
    const fake = new FakeTransport(() => history(1, [1]));
    const { timeline, online } = await start(fake);
    fake.connect();
    online.value = false;
    await settle();
    expect(timeline.state.value).toBe("offline");
    expect(fake.drops).toBe(1);
    fake.last.close(4499); // what terminating the socket does to its subscriptions
    expect(timeline.state.value).toBe("offline");
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fake.subscriptions).toHaveLength(1); // no retries while offline
    online.value = true;
    await settle();
    expect(timeline.state.value).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(300);
    expect(fake.last.variables).toEqual({ roomId: "r1", afterSeq: 1 });
  });

  it("loads older pages before what it has, with the cursor", async () => {
    const fake = new FakeTransport((_operation, variables) =>
      variables["after"] ? history(9, [7, 6], false) : history(9, [9, 8], true),
    );
    const { timeline, seqs } = await start(fake);
    expect(timeline.hasOlder.value).toBe(true);
    await timeline.loadOlder();
    expect(fake.calls.at(-1)).toMatchObject({ operation: "RoomHistory", variables: { after: "cursor-8" } });
    expect(seqs()).toEqual([6, 7, 8, 9]);
    expect(timeline.hasOlder.value).toBe(false);
  });

  it("puts a mutation's answer in place, unless an event about the message came after the request", async () => {
    const fake = new FakeTransport(() => history(2, [2, 1]));
    const { timeline } = await start(fake);
    const statusOf = (seq: number) => timeline.messages.value.find((m) => m.seq === seq)?.moderationStatus;

    // The answer comes first: shown at once.
    const sendAnswered = timeline.expectAnswer();
    sendAnswered(message(3, { moderationStatus: "PENDING" }));
    expect(statusOf(3)).toBe("PENDING");

    // An edit of message 1; its event and the verdict on the new text arrive before the edit's answer.
    const editAnswered = timeline.expectAnswer();
    fake.last.next(event(added(3, { moderationStatus: "PENDING" })));
    fake.last.next(
      event({ seq: 4, kind: "MESSAGE_EDITED", message: message(1, { text: "new", moderationStatus: "PENDING" }) }),
    );
    fake.last.next(
      event({ seq: 5, kind: "MESSAGE_MODERATED", message: message(1, { text: "new", moderationStatus: "APPROVED" }) }),
    );
    editAnswered(message(1, { text: "new", moderationStatus: "PENDING" }));
    expect(statusOf(1)).toBe("APPROVED");
    expect(timeline.messages.value.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it("retries the first load while the network is down", async () => {
    let failures = 2;
    const fake = new FakeTransport(async () => {
      if (failures-- > 0) throw new Error("offline");
      return history(0, []);
    });
    const { timeline } = await start(fake);
    expect(timeline.state.value).toBe("loading");
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fake.subscriptions).toHaveLength(1);
  });

  it("unsubscribes when its scope ends", async () => {
    const fake = new FakeTransport(() => history(0, []));
    const { scope } = await start(fake);
    scope.stop();
    expect(fake.last.ended).toBe(true);
  });

  it("opens the history at a message beyond the loaded pages: older pages load until it is in", async () => {
    // Pages of two, newest first: 10 9 | 8 7 | 6 5 | 4 3 | 2 1.
    const fake = new FakeTransport((_operation, variables) => {
      const top = variables["after"] ? Number(String(variables["after"]).slice("cursor-".length)) - 1 : 10;
      return history(10, [top, top - 1], top - 1 > 1);
    });
    const { timeline, seqs } = await start(fake);
    fake.connect();
    expect(await timeline.openAt(5)).toBe(true);
    expect(seqs()).toEqual([5, 6, 7, 8, 9, 10]); // no further than needed, and no gap to the live end
    expect(await timeline.openAt(9)).toBe(true);
    expect(fake.calls.filter((call) => call.operation === "RoomHistory")).toHaveLength(3);
    // Still live after the jump: the next event lands at the end.
    fake.last.next(event(added(11)));
    expect(seqs().at(-1)).toBe(11);
    expect(await timeline.openAt(1)).toBe(true);
    expect(seqs()[0]).toBe(1);
    expect(timeline.hasOlder.value).toBe(false);
  });

  it("gives up on a message further back than its cap of pages", async () => {
    let pages = 0;
    const fake = new FakeTransport((_operation, variables) => {
      pages++;
      const top = variables["after"] ? Number(String(variables["after"]).slice("cursor-".length)) - 1 : 100_000;
      return history(100_000, [top], true);
    });
    const { timeline } = await start(fake);
    expect(await timeline.openAt(3)).toBe(false);
    expect(pages).toBe(51); // the newest page, then 50 older ones
  });
});
