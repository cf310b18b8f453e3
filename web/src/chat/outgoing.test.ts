import { describe, expect, it } from "vitest";
import { ALICE, BOB, message } from "../testing/fixtures.ts";
import {
  addOutgoing,
  canSend,
  MESSAGE_MAX_CHARS,
  markFailed,
  markSending,
  messageLength,
  newClientId,
  removeOutgoing,
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
      { clientId: "c1", text: "hello", status: "failed", error: "Join the room first.", unreached: false },
    ]);
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
});
