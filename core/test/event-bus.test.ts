import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { EventBus } from "../src/event-bus.ts";

const REDIS_URL = process.env["TEST_REDIS_URL"] ?? "redis://127.0.0.1:6379";
const connections: Redis[] = [];
afterAll(() => Promise.all(connections.map((connection) => connection.quit().catch(() => undefined))));

function bus() {
  const publisher = new Redis(REDIS_URL);
  const subscriber = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  connections.push(publisher, subscriber);
  return { events: new EventBus(publisher, subscriber, `t${randomBytes(4).toString("hex")}:`), subscriber };
}

describe("EventBus", () => {
  it("hands each listener the facts of its topic and key only", async () => {
    const { events } = bus();
    const heard: string[] = [];
    const stop = await events.listen("room", "a", (fact) => heard.push(`a:${fact.seq}`));
    await events.listen("moderation", (fact) => heard.push(`moderation:${fact.kind}`));
    await events.publish("room", "b", { roomId: "b", seq: 1, kind: "MESSAGE_ADDED", messageId: "m" });
    await events.publish("room", "a", { roomId: "a", seq: 2, kind: "MESSAGE_ADDED", messageId: "m" });
    await events.publish("moderation", { roomId: "a", messageId: "m", kind: "FLAGGED", at: "now" });
    await expect.poll(() => heard).toEqual(["a:2", "moderation:FLAGGED"]);
    stop();
  });

  it("leaves no rejection unhandled when its connection closes under a subscribe", async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      // SUBSCRIBE waits for a connection that closes before it is sent: a replica shutting down.
      const { events, subscriber } = bus();
      const listening = events.listen("room", "closing", () => {});
      subscriber.disconnect();
      await expect(listening).rejects.toThrow("Connection is closed");
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", record);
    }
  });
});
