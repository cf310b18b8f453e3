import { CombinedError } from "@urql/core";
import { describe, expect, it } from "vitest";
import { ALICE, BOB, message } from "../testing/fixtures.ts";
import {
  addOutgoing,
  canSend,
  loadOutbox,
  MESSAGE_MAX_CHARS,
  markFailed,
  markSending,
  markWaiting,
  messageLength,
  newClientId,
  outboxKey,
  removeOutgoing,
  retryAfter,
  saveOutbox,
  stillPending,
} from "./outgoing.ts";

describe("outgoing messages", () => {
  it("counts like the API: trimmed, in code points, \\r\\n as one", () => {
    expect(messageLength("  hi  ")).toBe(2);
    expect(messageLength("a\r\nb")).toBe(3);
    expect(messageLength("😀😀")).toBe(2);
    expect(canSend("   ")).toBe(false);
    expect(canSend("x".repeat(MESSAGE_MAX_CHARS))).toBe(true);
    expect(canSend("x".repeat(MESSAGE_MAX_CHARS + 1))).toBe(false);
  });

  it("makes clientIds the API accepts, different each time", () => {
    const id = newClientId();
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(newClientId()).not.toBe(id);
  });

  it("moves between sending and failed, keeping the clientId", () => {
    let list = addOutgoing([], "c1", "hello");
    list = markFailed(list, "c1", "Join the room first.");
    expect(list).toEqual([
      {
        clientId: "c1",
        text: "hello",
        status: "failed",
        error: "Join the room first.",
        unreached: false,
        retryAt: null,
      },
    ]);
    list = markWaiting(list, "c1", "Too fast.", 5_000);
    expect(list[0]).toMatchObject({ status: "waiting", retryAt: 5_000 });
    list = markSending(list, "c1");
    expect(list[0]).toMatchObject({ clientId: "c1", status: "sending", error: null });
    expect(removeOutgoing(list, "c1")).toEqual([]);
  });

  it("drops an entry once the room shows the viewer's message with its clientId", () => {
    const list = addOutgoing(addOutgoing([], "c7", "mine"), "c8", "also mine");
    const messages = [message(7, { clientId: "c7", author: ALICE }), message(9, { clientId: "c8", author: BOB })];
    // c8 was used by someone else: clientIds are unique per author only.
    expect(stillPending(list, messages, ALICE.id).map((item) => item.clientId)).toEqual(["c8"]);
  });

  it("reads the wait of a RATE_LIMITED refusal (retryAfterMs, else until); no wait for other errors", () => {
    const refusal = (code: string, extensions: Record<string, unknown> = {}) =>
      new CombinedError({ graphQLErrors: [{ message: "no", extensions: { code, ...extensions } }] });
    expect(retryAfter(refusal("RATE_LIMITED", { retryAfterMs: 7_000 }), 1_000)).toBe(8_000);
    expect(retryAfter(refusal("RATE_LIMITED", { until: new Date(20_000).toISOString() }), 1_000)).toBe(20_000);
    expect(retryAfter(refusal("FORBIDDEN"), 1_000)).toBeNull();
    expect(retryAfter(refusal("BAD_USER_INPUT"), 1_000)).toBeNull();
    expect(retryAfter(new CombinedError({ networkError: new Error("offline") }), 1_000)).toBeNull();
  });

  it("keeps the outbox per person and room; a reload sends again what was not refused for good", () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => void store.set(key, value),
      removeItem: (key: string) => void store.delete(key),
    };
    let list = addOutgoing(addOutgoing(addOutgoing(addOutgoing([], "c1", "a"), "c2", "b"), "c3", "c"), "c4", "d");
    list = markWaiting(list, "c2", "Too fast.", 9_000);
    list = markFailed(list, "c3", "Join the room first.");
    list = markFailed(list, "c4", "Can't reach the server.", true);
    saveOutbox(storage, outboxKey("u1", "r1"), list);
    expect(loadOutbox(storage, outboxKey("u2", "r1"))).toEqual([]);
    expect(loadOutbox(storage, outboxKey("u1", "r2"))).toEqual([]);
    expect(loadOutbox(storage, outboxKey("u1", "r1")).map((item) => [item.clientId, item.status])).toEqual([
      ["c1", "sending"],
      ["c2", "waiting"],
      ["c3", "failed"],
      ["c4", "sending"],
    ]);
    saveOutbox(storage, outboxKey("u1", "r1"), []);
    expect(store.size).toBe(0);
    store.set(outboxKey("u1", "r1"), "not json");
    expect(loadOutbox(storage, outboxKey("u1", "r1"))).toEqual([]);
  });
});
