import type { Posted } from "@chatmod/api/chat/post";
import { messageToJson } from "@chatmod/core/message-json";
import { describe, expect, it } from "vitest";
import { apiForFile } from "../helpers/api-for-file.ts";
import { gql } from "../helpers/graphql.ts";
import { JOIN_ROOM, REPORT_MESSAGE, SEND_MESSAGE } from "../helpers/operations.ts";
import { recordStatementsForFile } from "../helpers/sql-statements.ts";
import { createRoom, signUp } from "../helpers/stack.ts";
import { collect, wsClient } from "../helpers/subscriptions.ts";

const api = apiForFile();
const statements = recordStatementsForFile();

const LIVE = gql<
  { roomEvents: { seq: number; message: { text: string; author: { username: string } } } },
  { roomId: string; afterSeq: number }
>(`subscription($roomId: ID!, $afterSeq: Int) {
  roomEvents(roomId: $roomId, afterSeq: $afterSeq) { seq message { text author { username } } } }`);

describe("the live path's database work", () => {
  it("delivers a message to many subscribers without looking anyone up again", async () => {
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    const readers = await Promise.all(Array.from({ length: 4 }, () => signUp(api.client)));
    for (const reader of readers) await reader.client.ok(JOIN_ROOM, { id: room.id });
    const send = (text: string) =>
      alice.client.ok(SEND_MESSAGE, {
        input: { roomId: room.id, text, clientId: crypto.randomUUID() },
      });
    // Each subscriber reads the first message from Postgres: once it has it, it follows the room's feed.
    await send("before anyone listens");
    const clients = [alice, ...readers].map((person) => wsClient(api.wsUrl, person.token));
    const runs = clients.map((client) =>
      collect(client, LIVE, {
        roomId: room.id,
        afterSeq: 0,
      }),
    );
    await Promise.all(runs.map((run) => run.until(1)));

    statements.length = 0;
    await send("hello all");
    const delivered = await Promise.all(runs.map((run) => run.until(2)));
    for (const [, event] of delivered)
      expect(event?.roomEvents.message).toEqual({
        text: "hello all",
        author: { username: alice.user.username },
      });
    // The send: one statement that stores everything (alice's session is remembered from her earlier
    // requests). The event through Redis carries the message, so neither the feed nor the subscribers
    // (an author and four others) read anything.
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/INSERT INTO "Message"/);

    // A fact without its message (as the worker publishes them): the feed reads it once, for everyone.
    const { db, events } = api.app.services;
    const message = await db.message.findFirstOrThrow({ where: { roomId: room.id, text: "hello all" } });
    const seq = await db.$transaction(async (tx) => {
      const { lastSeq } = await tx.room.update({ where: { id: room.id }, data: { lastSeq: { increment: 1 } } });
      await tx.roomEvent.create({
        data: { roomId: room.id, seq: lastSeq, kind: "MESSAGE_MODERATED", messageId: message.id },
      });
      return lastSeq;
    });
    statements.length = 0;
    await events.publish("room", room.id, { roomId: room.id, seq, kind: "MESSAGE_MODERATED", messageId: message.id });
    const moderated = await Promise.all(runs.map((run) => run.until(3)));
    for (const received of moderated) expect(received[2]?.roomEvents.message.text).toBe("hello all");
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/FROM "RoomEvent" e\s+JOIN "Message" m .*\s+JOIN "User"/);
    await Promise.all(clients.map((client) => client.dispose()));
  });

  it("puts facts that arrive out of order back in order with one read for all subscribers", async () => {
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    const clients = [
      wsClient(api.wsUrl, alice.token),
      wsClient(api.wsUrl, alice.token),
      wsClient(api.wsUrl, alice.token),
    ];
    const { postMessage, events } = api.app.services;
    const stored: Posted[] = [];
    const store = async (texts: string[]) => {
      for (const text of texts) {
        const posted = await postMessage({
          roomId: room.id,
          authorId: alice.user.id,
          clientId: crypto.randomUUID(),
          text,
        });
        if (typeof posted !== "object") throw new Error(posted);
        stored.push(posted);
      }
    };
    // Each subscriber reads "zero" from Postgres: once it has it, it follows the room's feed.
    await store(["zero"]);
    const runs = clients.map((client) =>
      collect(
        client,
        gql<{ roomEvents: { seq: number; message: { text: string } } }, { roomId: string; afterSeq: number }>(
          `subscription($roomId: ID!, $afterSeq: Int) {
        roomEvents(roomId: $roomId, afterSeq: $afterSeq) { seq message { text } } }`,
        ),
        { roomId: room.id, afterSeq: 0 },
      ),
    );
    await Promise.all(runs.map((run) => run.until(1)));
    // Messages stored, as two replicas would, whose facts reach this replica second one first.
    await store(["one", "two", "three"]);
    const fact = (posted: Posted) => ({
      roomId: room.id,
      seq: posted.seq,
      kind: "MESSAGE_ADDED" as const,
      messageId: posted.id,
      message: messageToJson(posted),
    });
    statements.length = 0;
    await events.publish("room", room.id, fact(stored[2]!));
    const afterGap = await Promise.all(runs.map((run) => run.until(3)));
    await events.publish("room", room.id, fact(stored[1]!));
    await events.publish("room", room.id, fact(stored[3]!));
    const all = await Promise.all(runs.map((run) => run.until(4)));
    for (const received of [...afterGap, ...all].map((events) => events.map((event) => event.roomEvents.message.text)))
      expect(["zero", "one", "two", "three"].slice(0, received.length)).toEqual(received);
    expect(all[0]!.map((event) => event.roomEvents.seq)).toEqual([1, 2, 3, 4]);
    // "one" never came in time: the hole before "two" was read once, by the feed; "one" arriving late
    // was skipped; "three" was carried.
    expect(statements.filter((sql) => /FROM "RoomEvent"/.test(sql))).toHaveLength(1);

    // Crossed on the way (as two replicas' facts do): the feed waits for the missing one and reads nothing.
    await store(["four", "five"]);
    statements.length = 0;
    await Promise.all([
      events.publish("room", room.id, fact(stored[5]!)),
      events.publish("room", room.id, fact(stored[4]!)),
    ]);
    const crossed = await Promise.all(runs.map((run) => run.until(6)));
    for (const received of crossed) expect(received.map((event) => event.roomEvents.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(statements.filter((sql) => /FROM "RoomEvent"/.test(sql))).toHaveLength(0);
    await Promise.all(clients.map((client) => client.dispose()));
  });
});

describe("reading history", () => {
  it("reads a page with each message's author and the viewer's reports in the same statements, whatever its size", async () => {
    const alice = await signUp(api.client);
    const reader = await signUp(api.client);
    const room = await createRoom(alice.client);
    await reader.client.ok(JOIN_ROOM, { id: room.id });
    type Shown = {
      id: string;
      text: string;
      viewerHasReported: boolean;
      author: { username: string };
      moderationDetails: { reasons: string[] } | null;
    };
    const HISTORY = gql<{ room: { messages: { edges: { node: Shown }[] } } }, { id: string; first: number }>(
      `query($id: ID!, $first: Int!) { room(id: $id) { messages(first: $first) { edges { node {
      id text viewerHasReported author { username } moderationDetails { reasons } } } } } }`,
    );
    const send = (text: string) =>
      alice.client.ok(SEND_MESSAGE, {
        input: { roomId: room.id, text, clientId: crypto.randomUUID() },
      });
    const statementsFor = async (first: number) => {
      statements.length = 0;
      const page = await reader.client.ok(HISTORY, { id: room.id, first });
      expect(page.room.messages.edges).toHaveLength(first);
      return [...statements];
    };

    for (let i = 0; i < 20; i++) await send(`message ${i}`);
    const { sendMessage } = await send("reported");
    await reader.client.ok(REPORT_MESSAGE, {
      id: sendMessage.id,
    });
    const small = await statementsFor(3);
    const large = await statementsFor(21);
    expect(large).toHaveLength(small.length);
    const reported = await reader.client.ok(HISTORY, { id: room.id, first: 2 });
    expect(reported.room.messages.edges.map(({ node }) => node.viewerHasReported)).toEqual([true, false]);
  });
});
