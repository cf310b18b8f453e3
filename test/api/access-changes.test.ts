import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.ts";
import {
  JOIN_ROOM,
  LEAVE_ROOM,
  LOGOUT,
  MAKE_MODERATOR,
  type ModerateMessagesInput,
  SEND_MESSAGE,
} from "../helpers/operations.ts";
import { createRoom, signUp, type TestApi, TestStack } from "../helpers/stack.ts";
import { collect, ROOM_EVENTS, wsClient } from "../helpers/subscriptions.ts";

// Open subscriptions were authorized when they began; a change of rights must reach them at once,
// on every replica (the change travels through Redis), not at the socket's next operation.

const MODERATION_EVENTS = gql<{ moderationEvents: { kind: string; message: { id: string } } }>(
  `subscription { moderationEvents { kind message { id } } }`,
);

let stack: TestStack;
let a: TestApi;
let b: TestApi;
let admin: TestApi["client"];
beforeAll(async () => {
  stack = await TestStack.create();
  ({ admin, ...a } = await stack.startApiWithAdmin());
  b = await stack.startApi();
});
afterAll(() => stack.close());

/** A room with its creator and one more member, whose socket is on replica B. */
async function roomWithReader() {
  const owner = await signUp(a.client);
  const reader = await signUp(a.client);
  const room = await createRoom(owner.client);
  await reader.client.ok(JOIN_ROOM, { id: room.id });
  const socket = wsClient(b.wsUrl, reader.token);
  const closed = new Promise<number>((resolve) => socket.on("closed", (event) => resolve((event as CloseEvent).code)));
  // From seq 0: "before" arrives whether it is sent before or after the subscription is live.
  const events = collect(socket, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 });
  const send = (text: string) =>
    owner.client.ok(SEND_MESSAGE, { input: { roomId: room.id, text, clientId: randomUUID() } });
  await send("before");
  await events.until(1);
  return { owner, reader, room, socket, closed, events, send };
}

describe("open subscriptions when rights change", () => {
  it("a logout closes the session's sockets with 4403, on another replica too", async () => {
    const { reader, socket, closed, events, send } = await roomWithReader();
    await reader.client.ok(LOGOUT);
    expect(await closed).toBe(4403);
    await send("after the logout");
    // Nothing may arrive after the close: give a stray event time to.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(events.events.map((event) => event.roomEvents.message.text)).toEqual(["before"]);
    await socket.dispose();
  });

  it("answers a logout sent over the socket it ends before closing it", async () => {
    // Several rounds: the answer and the close race within a few milliseconds.
    for (let round = 0; round < 8; round++) {
      const { socket, closed } = await roomWithReader();
      const answer = collect(socket, LOGOUT, {});
      expect(await closed).toBe(4403);
      expect(answer.events).toEqual([{ logout: true }]);
      await socket.dispose();
    }
  });

  it("leaving a room closes the user's sockets with 4504, and resubscribing is refused", async () => {
    const { reader, room, socket, closed, events, send } = await roomWithReader();
    await reader.client.ok(LEAVE_ROOM, { id: room.id });
    expect(await closed).toBe(4504);
    await send("after leaving");
    expect(events.events.map((event) => event.roomEvents.message.text)).toEqual(["before"]);

    const again = wsClient(b.wsUrl, reader.token);
    const resumed = collect(again, ROOM_EVENTS, { roomId: room.id, afterSeq: 1 });
    await resumed.settled();
    expect(JSON.stringify(resumed.errors)).toContain("FORBIDDEN");
    expect(resumed.events).toEqual([]);
    await Promise.all([socket.dispose(), again.dispose()]);
  });

  it("leaving a room one is not in closes nothing", async () => {
    const { room, socket, events, send } = await roomWithReader();
    const stranger = await signUp(a.client);
    await stranger.client.ok(LEAVE_ROOM, { id: room.id });
    await send("still here");
    await events.until(2);
    await socket.dispose();
  });

  it("a moderator made a member loses moderation events at once", async () => {
    const moderator = await signUp(a.client);
    await admin.ok(MAKE_MODERATOR, {
      id: moderator.user.id,
    });
    const socket = wsClient(b.wsUrl, moderator.token);
    const closed = new Promise<number>((resolve) =>
      socket.on("closed", (event) => resolve((event as CloseEvent).code)),
    );
    const connected = new Promise((resolve) => socket.on("connected", resolve));
    const feed = collect(socket, MODERATION_EVENTS, {});
    await connected;
    await admin.ok(
      gql<{ setUserRole: { role: string } }, { id: string }>(
        `mutation($id: ID!) { setUserRole(userId: $id, role: MEMBER) { role } }`,
      ),
      { id: moderator.user.id },
    );
    expect(await closed).toBe(4504);

    const again = wsClient(b.wsUrl, moderator.token);
    const refused = collect(again, MODERATION_EVENTS, {});
    await refused.settled();
    expect(JSON.stringify(refused.errors)).toContain("FORBIDDEN");
    // It was a moderator's feed until then: it ended by the close alone, with no GraphQL error.
    expect(JSON.stringify(feed.errors)).not.toContain("FORBIDDEN");
    await Promise.all([socket.dispose(), again.dispose()]);
  });
});

describe("a session that ends by time", () => {
  it("closes its idle sockets with 4403 when it expires", async () => {
    const reader = await signUp(a.client);
    const room = await createRoom(reader.client);
    // Sessions last 30 days; this one is made to end soon, before replica B first looks it up.
    const db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    const { rows } = await db.query<{ expiresAt: Date }>(
      `UPDATE "Session" SET "expiresAt" = now() + interval '1500 milliseconds' WHERE "userId" = $1 RETURNING "expiresAt"`,
      [reader.user.id],
    );
    await db.end();
    const socket = wsClient(b.wsUrl, reader.token);
    const closed = new Promise<number>((resolve) =>
      socket.on("closed", (event) => resolve((event as CloseEvent).code)),
    );
    const connected = new Promise((resolve) => socket.on("connected", resolve));
    collect(socket, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 });
    await connected;
    expect(await closed).toBe(4403);
    expect(Date.now()).toBeGreaterThanOrEqual((rows[0]?.expiresAt.getTime() ?? Number.NaN) - 50);
    await socket.dispose();
  });
});

describe("a rejected message", () => {
  it("cannot be edited back into view by its author", async () => {
    const moderator = await signUp(a.client);
    await admin.ok(MAKE_MODERATOR, {
      id: moderator.user.id,
    });
    const author = await signUp(a.client);
    const room = await createRoom(author.client);
    const { sendMessage } = await author.client.ok(SEND_MESSAGE, {
      input: { roomId: room.id, text: "something rude", clientId: randomUUID() },
    });
    await moderator.client.ok(
      gql<{ moderateMessages: { moderationStatus: string }[] }, { input: ModerateMessagesInput }>(
        `mutation($input: ModerateMessagesInput!) { moderateMessages(input: $input) { moderationStatus } }`,
      ),
      { input: { action: "REJECT", messageIds: [sendMessage.id] } },
    );

    const edit = await author.client.request(
      `mutation($id: ID!) { editMessage(messageId: $id, text: "something rude!") { moderationStatus } }`,
      { id: sendMessage.id },
    );
    expect(edit.errors?.[0]?.extensions?.["code"]).toBe("FORBIDDEN");
    expect(edit.errors?.[0]?.message).toMatch(/rejected message cannot be edited/);
    const db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    const stored = await db.query(`SELECT text, "moderationStatus"::text AS status FROM "Message" WHERE id = $1`, [
      sendMessage.id,
    ]);
    await db.end();
    expect(stored.rows).toEqual([{ text: "something rude", status: "REJECTED" }]);
  });
});
