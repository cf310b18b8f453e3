import { describe, expect, it } from "vitest";
import { apiForFile } from "../helpers/api-for-file.ts";
import { gql } from "../helpers/graphql.ts";
import { DELETE_MESSAGE, JOIN_ROOM, LEAVE_ROOM, type SendMessageInput } from "../helpers/operations.ts";
import { createRoom, signUp, type TestApi } from "../helpers/stack.ts";

type Sent = {
  id: string;
  seq: number;
  text: string;
  clientId: string;
  author: { username: string };
  moderationStatus: string;
};
const SEND = gql<{ sendMessage: Sent }, { input: SendMessageInput }>(
  `mutation($input: SendMessageInput!) { sendMessage(input: $input) { id seq text clientId author { username } moderationStatus } }`,
);
type Room = {
  id: string;
  slug: string;
  name: string;
  memberCount: number;
  messageCount: number;
  viewerIsMember: boolean;
  lastSeq: number;
};
const ROOM = gql<{ room: Room | null }, { id: string } | { slug: string }>(
  `query($id: ID, $slug: String) { room(id: $id, slug: $slug) { id slug name memberCount messageCount viewerIsMember lastSeq } }`,
);

const api = apiForFile();

const send = (client: TestApi["client"], roomId: string, text: string, clientId = crypto.randomUUID()) =>
  client.request(SEND, { input: { roomId, text, clientId } });

describe("rooms", () => {
  it("creates, lists with counts, looks up by id and slug, joins and leaves", async () => {
    const alice = await signUp(api.client);
    const bob = await signUp(api.client);
    const room = await createRoom(alice.client);

    const bySlug = await bob.client.ok(ROOM, { slug: room.slug });
    expect(bySlug.room).toMatchObject({ id: room.id, memberCount: 1, messageCount: 0, viewerIsMember: false });
    expect((await bob.client.ok(ROOM, { id: room.id })).room?.slug).toBe(room.slug);
    expect((await bob.client.ok(ROOM, { id: "nope" })).room).toBeNull();

    await bob.client.ok(JOIN_ROOM, { id: room.id });
    await bob.client.ok(JOIN_ROOM, { id: room.id }); // twice is fine
    await send(alice.client, room.id, "hello");
    const joined = await bob.client.ok(ROOM, { id: room.id });
    expect(joined.room).toMatchObject({ memberCount: 2, messageCount: 1, viewerIsMember: true });

    const list = await bob.client.ok(
      gql<{ rooms: { edges: { node: { id: string; memberCount: number; messageCount: number } }[] } }>(
        `{ rooms(first: 100) { edges { node { id memberCount messageCount } } } }`,
      ),
    );
    expect(list.rooms.edges.map((edge) => edge.node.id)).toContain(room.id);

    await bob.client.ok(LEAVE_ROOM, { id: room.id });
    expect((await bob.client.ok(ROOM, { id: room.id })).room?.viewerIsMember).toBe(false);
  });

  it("rejects bad slugs, duplicates and unknown rooms with stable codes", async () => {
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    const create = `mutation($input: CreateRoomInput!) { createRoom(input: $input) { id } }`;
    expect(await alice.client.errorCode(create, { input: { slug: "Bad Slug!", name: "x" } })).toBe("BAD_USER_INPUT");
    expect(await alice.client.errorCode(create, { input: { slug: room.slug, name: "x" } })).toBe("CONFLICT");
    expect(await alice.client.errorCode(create, { input: { slug: "fine-slug", name: "" } })).toBe("BAD_USER_INPUT");
    expect(
      await alice.client.errorCode(`mutation { joinRoom(roomId: "00000000-0000-0000-0000-000000000001") { id } }`),
    ).toBe("NOT_FOUND");
    expect(await api.client.errorCode(create, { input: { slug: "anon-room", name: "x" } })).toBe("UNAUTHENTICATED");
  });

  it("lets many joins of one member at once all succeed, as one membership", async () => {
    const [alice, bob] = [await signUp(api.client), await signUp(api.client)];
    const room = await createRoom(alice.client);
    const join = `mutation($id: ID!) { joinRoom(roomId: $id) { id } }`;
    const results = await Promise.all(Array.from({ length: 20 }, () => bob.client.request(join, { id: room.id })));
    expect(results.map((result) => result.errors)).toEqual(Array(20).fill(undefined));
    expect((await bob.client.ok(ROOM, { id: room.id })).room).toMatchObject({ memberCount: 2, viewerIsMember: true });
  });
});

describe("messages", () => {
  it("requires membership to post and to read", async () => {
    const alice = await signUp(api.client);
    const mallory = await signUp(api.client);
    const room = await createRoom(alice.client);
    const posted = await send(mallory.client, room.id, "let me in");
    expect(posted.errors?.[0]?.extensions?.["code"]).toBe("FORBIDDEN");
    const read = await mallory.client.request(
      `query($id: ID) { room(id: $id) { messages { edges { node { text } } } } }`,
      {
        id: room.id,
      },
    );
    expect(read.errors?.[0]?.extensions?.["code"]).toBe("FORBIDDEN");
  });

  it("trims and validates text with readable messages", async () => {
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    const ok = await send(alice.client, room.id, "  spaced out \r\n second line  ");
    expect(ok.data?.sendMessage.text).toBe("spaced out \n second line");
    expect((await send(alice.client, room.id, "x".repeat(2000))).data?.sendMessage.text).toHaveLength(2000);
    for (const [text, pattern] of [
      ["   ", /empty/],
      ["x".repeat(2001), /at most 2000/],
      ["bell\u0007", /control characters/],
      ["tab\there", /control characters/],
    ] as const) {
      const result = await send(alice.client, room.id, text);
      expect(result.errors?.[0]?.extensions?.["code"]).toBe("BAD_USER_INPUT");
      expect(result.errors?.[0]?.message).toMatch(pattern);
    }
    const badId = await alice.client.request(SEND, { input: { roomId: room.id, text: "hi", clientId: "has spaces" } });
    expect(badId.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "clientId" });
  });

  it("is idempotent on clientId: ten concurrent identical sends make one message and ten identical answers", async () => {
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    const clientId = crypto.randomUUID();
    const answers = await Promise.all(Array.from({ length: 10 }, () => send(alice.client, room.id, "once", clientId)));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    const bodies = answers.map((answer) => JSON.stringify(answer.data));
    expect(new Set(bodies).size).toBe(1);
    const rows = await api.app.services.db.message.findMany({ where: { roomId: room.id } });
    expect(rows).toHaveLength(1);
    expect((await alice.client.ok(ROOM, { id: room.id })).room?.lastSeq).toBe(1);
  });

  it("numbers concurrent messages 1..n with no gap and no duplicate", async () => {
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    await Promise.all(Array.from({ length: 25 }, (_, i) => send(alice.client, room.id, `m${i}`)));
    const rows = await api.app.services.db.message.findMany({ where: { roomId: room.id }, orderBy: { seq: "asc" } });
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it("paginates history by cursor both ways and answers 'everything after N'", async () => {
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    for (let i = 1; i <= 7; i++) await send(alice.client, room.id, `m${i}`);
    type Page = {
      edges: { node: { seq: number; text: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string };
    };
    const page = gql<{ room: { messages: Page } }, { id: string; after?: string; order?: string }>(
      `query($id: ID, $after: String, $order: MessageOrder) {
      room(id: $id) { messages(first: 3, after: $after, order: $order) { edges { node { seq text } } pageInfo { hasNextPage endCursor } } } }`,
    );
    const first = (await alice.client.ok(page, { id: room.id })).room.messages;
    expect(first.edges.map((edge) => edge.node.seq)).toEqual([7, 6, 5]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await alice.client.ok(page, { id: room.id, after: first.pageInfo.endCursor })).room.messages;
    expect(second.edges.map((edge) => edge.node.seq)).toEqual([4, 3, 2]);
    const oldest = (await alice.client.ok(page, { id: room.id, order: "OLDEST_FIRST" })).room.messages;
    expect(oldest.edges.map((edge) => edge.node.seq)).toEqual([1, 2, 3]);
    const after = await alice.client.ok(
      gql<{ room: { messagesAfter: { seq: number; text: string }[] } }, { id: string }>(
        `query($id: ID) { room(id: $id) { messagesAfter(seq: 5) { seq text } } }`,
      ),
      { id: room.id },
    );
    expect(after.room.messagesAfter).toEqual([
      { seq: 6, text: "m6" },
      { seq: 7, text: "m7" },
    ]);
    const tooBig = await alice.client.request(
      `query($id: ID) { room(id: $id) { messagesAfter(seq: 0, limit: 5000) { seq } } }`,
      {
        id: room.id,
      },
    );
    expect(tooBig.errors?.[0]?.extensions?.["code"]).toBe("BAD_USER_INPUT");
  });

  it("lets authors edit and soft-delete only their own messages", async () => {
    const alice = await signUp(api.client);
    const bob = await signUp(api.client);
    const room = await createRoom(alice.client);
    await bob.client.ok(JOIN_ROOM, { id: room.id });
    const sent = (await send(alice.client, room.id, "first draft")).data!.sendMessage;

    const edit = gql<
      { editMessage: { text: string; editedAt: string | null; seq: number } },
      { id: string; text: string }
    >(`mutation($id: ID!, $text: String!) { editMessage(messageId: $id, text: $text) { text editedAt seq } }`);
    expect(await bob.client.errorCode(edit, { id: sent.id, text: "hijack" })).toBe("FORBIDDEN");
    const edited = (await alice.client.ok(edit, { id: sent.id, text: "final" })).editMessage;
    expect(edited).toMatchObject({ text: "final", seq: sent.seq });
    expect(edited.editedAt).not.toBeNull();
    expect(await alice.client.errorCode(edit, { id: sent.id, text: "" })).toBe("BAD_USER_INPUT");

    const del = gql<{ deleteMessage: { text: string | null; deletedAt: string | null } }, { id: string }>(
      `mutation($id: ID!) { deleteMessage(messageId: $id) { text deletedAt } }`,
    );
    expect(await bob.client.errorCode(del, { id: sent.id })).toBe("FORBIDDEN");
    const deleted = (await alice.client.ok(del, { id: sent.id })).deleteMessage;
    expect(deleted.text).toBeNull();
    expect(deleted.deletedAt).not.toBeNull();
    expect((await alice.client.ok(del, { id: sent.id })).deleteMessage.deletedAt).toBe(deleted.deletedAt);
    expect(await alice.client.errorCode(edit, { id: sent.id, text: "undead" })).toBe("BAD_USER_INPUT");
    expect(await alice.client.errorCode(del, { id: "not-a-uuid" })).toBe("NOT_FOUND");

    // Each change is a room event: added, edited, deleted.
    const events = await api.app.services.db.roomEvent.findMany({
      where: { roomId: room.id },
      orderBy: { seq: "asc" },
    });
    expect(events.map((event) => [event.seq, event.kind])).toEqual([
      [1, "MESSAGE_ADDED"],
      [2, "MESSAGE_EDITED"],
      [3, "MESSAGE_DELETED"],
    ]);
  });

  it("records a moderation job owed for every message in the same transaction", async () => {
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    const sent = (await send(alice.client, room.id, "moderate me")).data!.sendMessage;
    const owed = await api.app.services.db.moderationOutbox.findUnique({ where: { messageId: sent.id } });
    expect(owed).not.toBeNull();
  });

  it("rate-limits sending per user, shared by replicas", async () => {
    const limitedA = await api.stack.startApi({ SEND_RATE_LIMIT: "3" });
    const limitedB = await api.stack.startApi({ SEND_RATE_LIMIT: "3" });
    const alice = await signUp(limitedA.client);
    const room = await createRoom(alice.client);
    const viaB = limitedB.client.as(alice.token);
    expect((await send(alice.client, room.id, "1")).errors).toBeUndefined();
    expect((await send(viaB, room.id, "2")).errors).toBeUndefined();
    expect((await send(alice.client, room.id, "3")).errors).toBeUndefined();
    const over = await send(viaB, room.id, "4");
    expect(over.errors?.[0]?.extensions?.["code"]).toBe("RATE_LIMITED");
  });

  it("asks an anonymous caller to sign in before looking at any argument (which would tell what exists)", async () => {
    const unknown = "00000000-0000-0000-0000-000000000001";
    const operations: [string, Record<string, unknown>][] = [
      [SEND, { input: { roomId: "not-an-id", text: "", clientId: "x" } }],
      [`mutation($id: ID!) { editMessage(messageId: $id, text: "") { id } }`, { id: unknown }],
      [`mutation($id: ID!) { deleteMessage(messageId: $id) { id } }`, { id: unknown }],
      [`mutation($id: ID!) { reportMessage(messageId: $id, reason: "") { id } }`, { id: unknown }],
    ];
    for (const [operation, variables] of operations)
      expect(await api.client.errorCode(operation, variables)).toBe("UNAUTHENTICATED");
  });

  it("counts edits and deletes in the same budget as sends", async () => {
    const limited = await api.stack.startApi({ SEND_RATE_LIMIT: "3" });
    const alice = await signUp(limited.client);
    const room = await createRoom(alice.client);
    const sent = (await send(alice.client, room.id, "draft")).data!.sendMessage;
    const edit = gql<{ editMessage: { id: string } }, { id: string; text: string }>(
      `mutation($id: ID!, $text: String!) { editMessage(messageId: $id, text: $text) { id } }`,
    );
    const remove = DELETE_MESSAGE;
    await alice.client.ok(edit, { id: sent.id, text: "second draft" });
    await alice.client.ok(edit, { id: sent.id, text: "third draft" });
    expect(await alice.client.errorCode(edit, { id: sent.id, text: "one too many" })).toBe("RATE_LIMITED");
    expect(await alice.client.errorCode(remove, { id: sent.id })).toBe("RATE_LIMITED");
  });

  it("answers a retry with its first message even past the rate limit", async () => {
    const limited = await api.stack.startApi({ SEND_RATE_LIMIT: "1" });
    const alice = await signUp(limited.client);
    const room = await createRoom(alice.client);
    const clientId = crypto.randomUUID();
    const first = await send(alice.client, room.id, "once", clientId);
    const retry = await send(alice.client, room.id, "once", clientId);
    expect(retry.errors).toBeUndefined();
    expect(retry.data).toEqual(first.data);
    expect((await send(alice.client, room.id, "another")).errors?.[0]?.extensions?.["code"]).toBe("RATE_LIMITED");
  });

  it("refuses a clientId already used in another room, and leaves no hole in either room's sequence", async () => {
    const alice = await signUp(api.client);
    const first = await createRoom(alice.client);
    const second = await createRoom(alice.client);
    const clientId = crypto.randomUUID();
    expect((await send(alice.client, first.id, "here", clientId)).errors).toBeUndefined();
    const elsewhere = await send(alice.client, second.id, "there", clientId);
    expect(elsewhere.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "clientId" });
    const next = (await send(alice.client, second.id, "fresh")).data!.sendMessage;
    expect(next.seq).toBe(1);
    expect((await alice.client.ok(ROOM, { id: second.id })).room?.lastSeq).toBe(1);
  });
});
