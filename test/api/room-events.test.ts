import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.ts";
import { DELETE_MESSAGE, SEND_MESSAGE } from "../helpers/operations.ts";
import { roomWithTwoMembers } from "../helpers/people.ts";
import { recordStatements } from "../helpers/sql-statements.ts";
import { signUp, type TestApi, TestStack } from "../helpers/stack.ts";
import { collect, ROOM_EVENTS, type RoomEvent, wsClient } from "../helpers/subscriptions.ts";

type Events = { roomEvents: RoomEvent };

let stack: TestStack;
let replicaA: TestApi;
let replicaB: TestApi;
beforeAll(async () => {
  stack = await TestStack.create();
  replicaA = await stack.startApi();
  replicaB = await stack.startApi({ ROOM_TAIL_CHECK_MS: "200" });
});
afterAll(() => stack.close());

const sendText = (client: TestApi["client"], roomId: string, text: string) =>
  client.ok(SEND_MESSAGE, { input: { roomId, text, clientId: crypto.randomUUID() } });

/** A message written straight to Postgres, as if its Redis publish had been lost. */
async function commitWithoutPublishing(replica: TestApi, roomId: string, authorId: string, text: string) {
  await replica.app.services.db.$transaction(async (tx) => {
    const { lastSeq } = await tx.room.update({ where: { id: roomId }, data: { lastSeq: { increment: 1 } } });
    const message = await tx.message.create({
      data: { roomId, authorId, seq: lastSeq, clientId: crypto.randomUUID(), text },
    });
    await tx.roomEvent.create({ data: { roomId, seq: lastSeq, kind: "MESSAGE_ADDED", messageId: message.id } });
  });
}

const seqs = (events: Events[]) => events.map((event) => event.roomEvents.seq);

describe("roomEvents across replicas", () => {
  it("delivers a message sent through one replica to subscribers on both, in order", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(replicaA, replicaB);
    const onA = wsClient(replicaA.wsUrl, alice.token);
    const onB = wsClient(replicaB.wsUrl, bob.token);
    const seenOnA = collect(onA, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 });
    const seenOnB = collect(onB, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 });
    await sendText(alice.client, room.id, "warm-up"); // both subscriptions are live once this arrives
    await Promise.all([seenOnA.until(1), seenOnB.until(1)]);

    for (let i = 0; i < 20; i++) await sendText(i % 2 ? alice.client : bob.client, room.id, `message ${i}`);
    const expected = Array.from({ length: 21 }, (_, i) => i + 1);
    expect(seqs(await seenOnA.until(21))).toEqual(expected);
    expect(seqs(await seenOnB.until(21))).toEqual(expected);
    expect(seenOnB.events[5]?.roomEvents).toMatchObject({ kind: "MESSAGE_ADDED", message: { text: "message 4" } });
    await Promise.all([onA.dispose(), onB.dispose()]);
  });

  it("delivers edits and deletes as events of their own", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(replicaA, replicaB);
    const onB = wsClient(replicaB.wsUrl, bob.token);
    const seen = collect(onB, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 });
    const sent = await sendText(alice.client, room.id, "typo");
    await alice.client.ok(
      gql<{ editMessage: { id: string } }, { id: string }>(
        `mutation($id: ID!) { editMessage(messageId: $id, text: "fixed") { id } }`,
      ),
      { id: sent.sendMessage.id },
    );
    await alice.client.ok(DELETE_MESSAGE, { id: sent.sendMessage.id });
    const events = await seen.until(3);
    expect(events.map((event) => event.roomEvents.kind)).toEqual([
      "MESSAGE_ADDED",
      "MESSAGE_EDITED",
      "MESSAGE_DELETED",
    ]);
    expect(events.map((event) => event.roomEvents.message.seq)).toEqual([1, 1, 1]);
    await onB.dispose();
  });

  it("resumes after a disconnect with exactly the missed events, then continues live", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(replicaA, replicaB);
    for (let i = 1; i <= 3; i++) await sendText(alice.client, room.id, `before ${i}`);
    const first = wsClient(replicaB.wsUrl, bob.token);
    const firstRun = collect(first, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 });
    expect(seqs(await firstRun.until(3))).toEqual([1, 2, 3]);
    await first.dispose();

    for (let i = 4; i <= 8; i++) await sendText(alice.client, room.id, `while away ${i}`);
    const again = wsClient(replicaA.wsUrl, bob.token);
    const resumed = collect(again, ROOM_EVENTS, { roomId: room.id, afterSeq: 3 });
    // More arrive while the replay runs: none may be lost or repeated.
    const live = Promise.all([9, 10, 11, 12].map((i) => sendText(alice.client, room.id, `live ${i}`)));
    await live;
    expect(seqs(await resumed.until(9))).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // Nothing more may come (no event repeated): give a stray one time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(resumed.events).toHaveLength(9);
    await again.dispose();
  });

  it("has no gap and no duplicate when messages commit while a subscriber switches from replay to live", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(replicaA, replicaB);
    const senders = Promise.all(
      Array.from({ length: 60 }, (_, i) => sendText(i % 2 ? alice.client : bob.client, room.id, `race ${i}`)),
    );
    // Subscribers join at different moments of the burst, all from the start: the second once the first has an event.
    const clients = [wsClient(replicaA.wsUrl, bob.token), wsClient(replicaB.wsUrl, alice.token)];
    const runs = [collect(clients[0]!, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 })];
    await runs[0]!.until(1);
    runs.push(collect(clients[1]!, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 }));
    await senders;
    for (const run of runs) expect(seqs(await run.until(60))).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    // Nothing more may come (no event repeated): give a stray one time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const run of runs) expect(run.events).toHaveLength(60);
    await Promise.all(clients.map((client) => client.dispose()));
  });

  it("without afterSeq, starts from now", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(replicaA, replicaB);
    await sendText(alice.client, room.id, "old news");
    const client = wsClient(replicaB.wsUrl, bob.token);
    const seen = collect(client, ROOM_EVENTS, { roomId: room.id });
    // Nothing tells when "now" is for the server: send until a message arrives.
    const sent: number[] = [];
    while (seen.events.length === 0) {
      if (sent.length === 100 || seen.errors.length > 0)
        expect.fail(`nothing arrived for ${sent.length} messages: ${JSON.stringify(seen.errors)}`);
      sent.push((await sendText(alice.client, room.id, `fresh ${sent.length + 1}`)).sendMessage.seq);
      await seen.until(1, 100).catch(() => {});
    }
    // The first to arrive is one of those (never "old news"), and every later one follows it.
    const first = seen.events[0]!.roomEvents;
    expect(sent).toContain(first.seq);
    expect(first.message.text).toMatch(/^fresh /);
    const rest = sent.slice(sent.indexOf(first.seq));
    expect(seqs(await seen.until(rest.length))).toEqual(rest);
    await client.dispose();
  });

  it("takes a room id in any case as the same room: same live topic, same retry", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(replicaA, replicaB);
    const upper = room.id.toUpperCase();
    const client = wsClient(replicaB.wsUrl, bob.token);
    const seen = collect(client, ROOM_EVENTS, { roomId: upper, afterSeq: 0 });
    const input = { roomId: upper, text: "shouted id", clientId: crypto.randomUUID() };
    const sent = await alice.client.ok(SEND_MESSAGE, { input });
    const retried = await alice.client.ok(SEND_MESSAGE, { input: { ...input, roomId: room.id } });
    expect(retried.sendMessage.id).toBe(sent.sendMessage.id);
    await sendText(alice.client, room.id, "quiet id");
    expect(seqs(await seen.until(2))).toEqual([1, 2]);
    expect(seen.events[1]?.roomEvents).toMatchObject({ message: { text: "quiet id" } });
    await client.dispose();
  });

  it("refuses non-members and unknown rooms", async () => {
    const { room } = await roomWithTwoMembers(replicaA, replicaB);
    const stranger = await signUp(replicaA.client);
    const client = wsClient(replicaA.wsUrl, stranger.token);
    const refused = collect(client, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 });
    await refused.settled();
    expect(JSON.stringify(refused.errors)).toContain("FORBIDDEN");
    const unknown = collect(client, ROOM_EVENTS, { roomId: "00000000-0000-0000-0000-000000000009" });
    await unknown.settled();
    expect(JSON.stringify(unknown.errors)).toContain("NOT_FOUND");
    await client.dispose();
  });

  it("refuses an afterSeq the room has not reached (or below zero), instead of skipping events up to it", async () => {
    const { alice, room } = await roomWithTwoMembers(replicaA, replicaB);
    await sendText(alice.client, room.id, "one");
    const client = wsClient(replicaA.wsUrl, alice.token);
    for (const afterSeq of [2, -1]) {
      const refused = collect(client, ROOM_EVENTS, { roomId: room.id, afterSeq });
      await refused.settled();
      expect(refused.errors.flat()).toMatchObject([{ extensions: { code: "BAD_USER_INPUT", field: "afterSeq" } }]);
    }
    const resumed = collect(client, ROOM_EVENTS, { roomId: room.id, afterSeq: 1 });
    await sendText(alice.client, room.id, "two");
    expect(seqs(await resumed.until(1))).toEqual([2]);
    await client.dispose();
  });

  it("fills a hole when Redis loses a fact: the next event brings the missed one from Postgres", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(replicaA, replicaB);
    const client = wsClient(replicaB.wsUrl, bob.token);
    const seen = collect(client, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 });
    await sendText(alice.client, room.id, "one");
    await seen.until(1);
    await commitWithoutPublishing(replicaA, room.id, alice.user.id, "lost in redis");
    await sendText(alice.client, room.id, "three");
    const events = await seen.until(3);
    expect(events.map((event) => event.roomEvents.message.text)).toEqual(["one", "lost in redis", "three"]);
    await client.dispose();
  });

  it("delivers a room's last event even when its publish was lost and nothing follows it", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(replicaA, replicaB);
    const client = wsClient(replicaB.wsUrl, bob.token);
    const seen = collect(client, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 });
    await sendText(alice.client, room.id, "one");
    await seen.until(1);
    await commitWithoutPublishing(replicaA, room.id, alice.user.id, "never published");
    const events = await seen.until(2);
    expect(events.map((event) => event.roomEvents.message.text)).toEqual(["one", "never published"]);
    await client.dispose();
  });

  it("catches up once when its Redis subscription comes back, then reads Postgres no more", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(replicaA, replicaB);
    const client = wsClient(replicaB.wsUrl, bob.token);
    const seen = collect(client, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 });
    await sendText(alice.client, room.id, "one");
    await seen.until(1);
    // Sent while replica B's subscription is down: only Postgres has it.
    const subscriber = replicaB.app.services.events.subscribeClient!;
    subscriber.disconnect(true);
    await sendText(alice.client, room.id, "while B was away");
    const events = await seen.until(2);
    expect(events.map((event) => event.roomEvents.message.text)).toEqual(["one", "while B was away"]);

    // Reads that should not happen: watch for them over three tail-check periods.
    const recorded = recordStatements();
    await new Promise((resolve) => setTimeout(resolve, 600));
    recorded.stop();
    // At most one: the room feed's own tail check (every 200 ms here) bringing the feed up to date.
    const reads = recorded.statements.filter((statement) => statement.includes(`FROM "RoomEvent"`));
    expect(reads.length).toBeLessThanOrEqual(1);
    await client.dispose();
  });
});
