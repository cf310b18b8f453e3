import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createRoom, signUp, type TestApi, TestStack } from "../helpers/stack.ts";
import { collect, ROOM_EVENTS, wsClient } from "../helpers/subscriptions.ts";

const EVENTS = 4_000;

let stack: TestStack;
let api: TestApi;
beforeAll(async () => {
  stack = await TestStack.create();
  // The stalled reader answers no ping either: the keep-alive must not end it before its buffer does.
  api = await stack.startApi({ SUBSCRIBER_BUFFER: "100", WS_PING_INTERVAL_MS: "60000" });
});
afterAll(() => stack.close());

/** Commits `count` 2,000-character messages in one transaction and publishes a fact for each, as sendMessage does. */
async function burst(roomId: string, authorId: string, count: number) {
  const { db, events } = api.app.services;
  const text = "x".repeat(2_000);
  const first = await db.$transaction(
    async (tx) => {
      const { lastSeq } = await tx.room.update({ where: { id: roomId }, data: { lastSeq: { increment: count } } });
      const start = lastSeq - count + 1;
      const ids = Array.from({ length: count }, () => crypto.randomUUID());
      await tx.message.createMany({
        data: ids.map((id, i) => ({ id, roomId, authorId, seq: start + i, clientId: id, text })),
      });
      await tx.roomEvent.createMany({
        data: ids.map((id, i) => ({ roomId, seq: start + i, kind: "MESSAGE_ADDED" as const, messageId: id })),
      });
      return { start, ids };
      // Thousands of 2 KB rows: on a busy machine this takes longer than Prisma's default 5 s.
    },
    { timeout: 60_000 },
  );
  for (const [i, messageId] of first.ids.entries())
    await events.publish("room", roomId, { roomId, seq: first.start + i, kind: "MESSAGE_ADDED", messageId });
}

describe("a subscriber that stops reading", () => {
  it("is disconnected with 4503 while the server and the other subscribers carry on", async () => {
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    // The stalled subscriber reads this one event, and so is following the room when it stops reading.
    await burst(room.id, alice.user.id, 1);

    const stalled = new WebSocket(api.wsUrl, "graphql-transport-ws");
    const closed = new Promise<number>((resolve) => stalled.on("close", (code) => resolve(code)));
    await new Promise((resolve) => stalled.on("open", resolve));
    stalled.send(JSON.stringify({ type: "connection_init", payload: { authToken: alice.token } }));
    await new Promise((resolve) => stalled.once("message", resolve));
    const first = new Promise((resolve) => stalled.once("message", resolve));
    stalled.send(
      JSON.stringify({
        id: "1",
        type: "subscribe",
        payload: { query: ROOM_EVENTS, variables: { roomId: room.id, afterSeq: 0 } },
      }),
    );
    expect(JSON.parse(String(await first))).toMatchObject({
      type: "next",
      payload: { data: { roomEvents: { seq: 1 } } },
    });
    // Stop reading: the kernel buffers fill, then the server's writes back up.
    (stalled as unknown as { _socket: { pause(): void } })._socket.pause();

    const healthy = wsClient(api.wsUrl, alice.token);
    const seen = collect(healthy, ROOM_EVENTS, { roomId: room.id, afterSeq: 1 });
    await burst(room.id, alice.user.id, EVENTS);

    const events = await seen.until(EVENTS, 60_000);
    expect(events.map((event) => event.roomEvents.seq)).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 2));
    (stalled as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await closed).toBe(4503);
    // Counted once, though the stalled socket met the limit with every event after the first.
    expect((await api.app.services.metrics.slowConsumerCloses.get()).values[0]?.value).toBe(1);
    const health = await fetch(`${api.url}/health`);
    expect(health.status).toBe(200);
    await healthy.dispose();
  });
});
