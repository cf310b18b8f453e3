import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { effectScope, ref } from "vue";
import { RoomEventsDocument, type RoomEventsSubscription } from "../gql/graphql.ts";
import { FakeTransport, settle } from "../testing/fake-transport.ts";
import { added } from "../testing/fixtures.ts";
import { type ResubscribeHandlers, type ResubscribeOptions, useResubscribing } from "./useResubscribing.ts";

type Handlers = Partial<ResubscribeHandlers<RoomEventsSubscription>>;

/** Room r1's events after `position.afterSeq` (null: not now); `status()` is what the caller can see. */
function start(fake: FakeTransport, handlers: Handlers = {}, options: ResubscribeOptions = {}) {
  const scope = effectScope();
  const position: { afterSeq: number | null } = { afterSeq: 0 };
  const seen = { seqs: [] as number[], resumed: 0 };
  const stream = scope.run(() =>
    useResubscribing(
      RoomEventsDocument,
      () => (position.afterSeq === null ? null : { roomId: "r1", afterSeq: position.afterSeq }),
      { onData: (data) => seen.seqs.push(data.roomEvents.seq), onResumed: () => seen.resumed++, ...handlers },
      { transport: fake.transport, ...options },
    ),
  );
  if (!stream) throw new Error("no stream");
  const status = () => ({
    state: stream.state.value,
    error: stream.error.value,
    subscriptions: fake.subscriptions.length,
  });
  return { stream, scope, position, seen, status };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("useResubscribing", () => {
  it("subscribes at once, is live once the socket is, and reads its variables at each subscription", () => {
    const fake = new FakeTransport();
    const { stream, position, seen, status } = start(fake);
    expect(status()).toEqual({ state: "connecting", error: null, subscriptions: 1 });
    fake.connect();
    fake.last.next({ roomEvents: added(1) });
    expect([status().state, seen.seqs]).toEqual(["live", [1]]);
    position.afterSeq = 1;
    stream.listen();
    expect(fake.subscriptions[0]?.ended).toBe(true);
    expect(fake.last.variables).toEqual({ roomId: "r1", afterSeq: 1 });
  });

  it("subscribes again after a drop, soon after 4503 or 1001, and says when it is back", async () => {
    const fake = new FakeTransport();
    const { seen, status } = start(fake);
    fake.connect();
    fake.connected = false;
    fake.last.close(1006);
    await vi.advanceTimersByTimeAsync(10_000);
    expect([status().state, status().subscriptions, seen.resumed]).toEqual(["reconnecting", 2, 0]);
    fake.connect();
    expect([status().state, seen.resumed]).toEqual(["live", 1]);
    fake.last.close(4503);
    await vi.advanceTimersByTimeAsync(300);
    fake.last.close(1001);
    await vi.advanceTimersByTimeAsync(300);
    expect(status().subscriptions).toBe(4);
  });

  it("stops, with the reason in words, when the API refuses or the session ended (4403)", async () => {
    const refused = new FakeTransport();
    const signedOut = new FakeTransport();
    const [first, second] = [start(refused), start(signedOut)];
    refused.last.fail("Join the room first.", "FORBIDDEN");
    signedOut.last.close(4403);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(first.status()).toEqual({ state: "error", error: "Join the room first.", subscriptions: 1 });
    expect(second.status()).toEqual({ state: "error", error: "Your session has ended.", subscriptions: 1 });
  });

  it("prepares first, tries a failed preparation again, and starts again from it on a refusal the caller asks", async () => {
    const fake = new FakeTransport();
    let preparations = 0;
    const prepare = async () => (++preparations === 1 ? Promise.reject(new Error("offline")) : null);
    const { status } = start(fake, { prepare, onRefused: () => "restart" });
    await settle();
    expect(status()).toEqual({ state: "connecting", error: null, subscriptions: 0 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect([preparations, status().subscriptions]).toEqual([2, 1]);
    fake.last.fail("afterSeq is not an event of this room.", "BAD_USER_INPUT");
    expect(status()).toEqual({ state: "connecting", error: null, subscriptions: 1 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect([preparations, status().subscriptions]).toEqual([3, 2]);

    const missing = start(new FakeTransport(), { prepare: async () => "This room does not exist." });
    await settle();
    expect(missing.status()).toEqual({ state: "error", error: "This room does not exist.", subscriptions: 0 });
  });

  it("waits while the browser is offline, with the socket dropped, and resumes when it is back", async () => {
    const fake = new FakeTransport();
    const online = ref(true);
    const { status } = start(fake, {}, { online });
    fake.connect();
    online.value = false;
    await settle();
    fake.last.close(4499); // what dropping the socket does to its subscriptions
    await vi.advanceTimersByTimeAsync(20_000);
    expect([status().state, status().subscriptions, fake.drops]).toEqual(["offline", 1, 1]);
    online.value = true;
    await settle();
    expect(status().state).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(300);
    expect(status().subscriptions).toBe(2);
  });

  it("holds while its variables are null, and unsubscribes when its scope ends", () => {
    const fake = new FakeTransport();
    const { stream, scope, position, status } = start(fake);
    position.afterSeq = null;
    stream.listen();
    expect([status().subscriptions, fake.last.ended]).toEqual([1, true]);
    position.afterSeq = 0;
    stream.listen();
    scope.stop();
    stream.listen();
    expect([status().subscriptions, fake.last.ended]).toEqual([2, true]);
  });
});
