import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GraphQLClient, gql } from "../helpers/graphql.ts";
import { DELETE_MESSAGE, JOIN_ROOM, LEAVE_ROOM } from "../helpers/operations.ts";
import { closeCodeOf, EDIT_MESSAGE, firstOutcome, refusal, sendText, withSql } from "../helpers/people.ts";
import { createRoom, signUp, type TestApi, TestStack } from "../helpers/stack.ts";
import { collect, countListeners, wsClient } from "../helpers/subscriptions.ts";
import { waitFor } from "../helpers/wait.ts";

// Read markers live in Postgres, so every replica counts the same; the room list hears of changes
// through Redis, so a change made through one replica reaches a list open on the other.

type ListedRoom = {
  id: string;
  viewerIsMember: boolean;
  unreadCount: number;
  mentionCount: number;
  viewerReadSeq: number | null;
};
const LISTED = "id viewerIsMember unreadCount mentionCount viewerReadSeq";

const JOINED_ROOMS = gql<{ joinedRooms: ListedRoom[] }>(`query { joinedRooms { ${LISTED} } }`);
const ROOM = gql<{ room: ListedRoom & { lastSeq: number } }, { id: string }>(
  `query($id: ID) { room(id: $id) { ${LISTED} lastSeq } }`,
);
const MARK_READ = gql<{ markRoomRead: ListedRoom }, { roomId: string; seq?: number }>(
  `mutation($roomId: ID!, $seq: Int) { markRoomRead(roomId: $roomId, seq: $seq) { ${LISTED} } }`,
);
const ROOM_LIST_UPDATES = gql<{ roomListUpdates: ListedRoom }>(`subscription { roomListUpdates { ${LISTED} } }`);
const MENTIONS = gql<
  { room: { messages: { edges: { node: { text: string | null; mentionedUserIds: string[] } }[] } } },
  { id: string }
>(
  `query($id: ID) { room(id: $id) { messages(first: 50, order: OLDEST_FIRST) { edges { node { text mentionedUserIds } } } } }`,
);

let stack: TestStack;
let a: TestApi;
let b: TestApi;
beforeAll(async () => {
  stack = await TestStack.create();
  a = await stack.startApi();
  b = await stack.startApi();
});
afterAll(() => stack.close());

/** A room with its owner (on A) and a member (on B), who joined after some history. */
async function roomWithReader() {
  const owner = await signUp(a.client);
  const reader = await signUp(a.client);
  const room = await createRoom(owner.client);
  await sendText(owner.client, room.id, "said before the reader came");
  await reader.client.ok(JOIN_ROOM, { id: room.id });
  return { owner, reader, room, readerOnB: b.client.as(reader.token) };
}

const stateOf = async (client: GraphQLClient, roomId: string) => (await client.ok(ROOM, { id: roomId })).room;

describe("unread and mentions", () => {
  it("start at nothing for a new member, and count what others send after, mentions apart, on either replica", async () => {
    const { owner, reader, room, readerOnB } = await roomWithReader();
    expect(await stateOf(readerOnB, room.id)).toMatchObject({ unreadCount: 0, mentionCount: 0 });

    await sendText(owner.client, room.id, "hello everyone");
    // Another case and a trailing full stop still name the reader.
    await sendText(owner.client, room.id, `thanks @${reader.user.username.toUpperCase()}.`);
    await sendText(readerOnB, room.id, "my own words are never unread");
    const listed = (await readerOnB.ok(JOINED_ROOMS)).joinedRooms.find((each) => each.id === room.id);
    expect(listed).toMatchObject({ unreadCount: 2, mentionCount: 1, viewerIsMember: true });
    expect(await stateOf(reader.client, room.id)).toMatchObject({ unreadCount: 2, mentionCount: 1 });
  });

  it("leave out what the reader may not see: rejected, held and deleted messages", async () => {
    const { owner, reader, room, readerOnB } = await roomWithReader();
    const rejected = await sendText(owner.client, room.id, `@${reader.user.username} rejected`);
    const held = await sendText(owner.client, room.id, "held after reports");
    const deleted = await sendText(owner.client, room.id, `@${reader.user.username} deleted`);
    await sendText(owner.client, room.id, "visible");
    await withSql(stack.databaseUrl, async (sql) => {
      await sql.query(`UPDATE "Message" SET "moderationStatus" = 'REJECTED' WHERE id = $1`, [rejected.id]);
      await sql.query(`UPDATE "Message" SET "heldForReview" = true WHERE id = $1`, [held.id]);
    });
    await owner.client.ok(DELETE_MESSAGE, { id: deleted.id });
    expect(await stateOf(readerOnB, room.id)).toMatchObject({ unreadCount: 1, mentionCount: 0 });
    // The author still counts nothing of their own.
    expect(await stateOf(owner.client, room.id)).toMatchObject({ unreadCount: 0 });
  });

  it("resolve @names when sent and again when edited; an address or the author is no mention", async () => {
    const { owner, reader, room, readerOnB } = await roomWithReader();
    const other = await signUp(a.client);
    await sendText(owner.client, room.id, `mail ${reader.user.username}@example.org or @nobody_like_that`);
    await sendText(owner.client, room.id, `@${owner.user.username} talks to themself`);
    const edited = await sendText(owner.client, room.id, "no one yet");
    await owner.client.ok(EDIT_MESSAGE, {
      id: edited.id,
      text: `now @${reader.user.username} and @${other.user.username}`,
    });

    const mentions = (await readerOnB.ok(MENTIONS, { id: room.id })).room.messages.edges.map((edge) => edge.node);
    expect(mentions.map((message) => message.mentionedUserIds)).toEqual([
      [],
      [],
      [],
      expect.arrayContaining([reader.user.id, other.user.id]),
    ]);
    expect(await stateOf(readerOnB, room.id)).toMatchObject({ unreadCount: 3, mentionCount: 1 });
  });

  it("hide the names a masked message mentions from those who may not read it", async () => {
    const { owner, reader, room, readerOnB } = await roomWithReader();
    const flagged = await sendText(owner.client, room.id, `@${reader.user.username} something flagged`);
    await withSql(stack.databaseUrl, (sql) =>
      sql.query(`UPDATE "Message" SET "moderationStatus" = 'FLAGGED' WHERE id = $1`, [flagged.id]),
    );
    const [, masked] = (await readerOnB.ok(MENTIONS, { id: room.id })).room.messages.edges.map((edge) => edge.node);
    expect(masked).toEqual({ text: null, mentionedUserIds: [] });
    const [, asWritten] = (await owner.client.ok(MENTIONS, { id: room.id })).room.messages.edges.map(
      (edge) => edge.node,
    );
    expect(asWritten?.mentionedUserIds).toEqual([reader.user.id]);
  });
});

describe("markRoomRead", () => {
  it("moves the marker forward only, never past the room's latest, and counts follow on both replicas", async () => {
    const { owner, room, readerOnB, reader } = await roomWithReader();
    const sent = [];
    for (const text of ["one", "two", `three @${reader.user.username}`])
      sent.push(await sendText(owner.client, room.id, text));
    expect((await readerOnB.ok(MARK_READ, { roomId: room.id, seq: sent[0]!.seq })).markRoomRead).toMatchObject({
      viewerReadSeq: sent[0]!.seq,
      unreadCount: 2,
      mentionCount: 1,
    });
    // An older position (a stale device) moves nothing back.
    await reader.client.ok(MARK_READ, { roomId: room.id, seq: 0 });
    expect(await stateOf(a.client.as(reader.token), room.id)).toMatchObject({
      viewerReadSeq: sent[0]!.seq,
      unreadCount: 2,
    });
    // Beyond the latest is the latest; no seq is the latest too.
    await reader.client.ok(MARK_READ, { roomId: room.id, seq: 1_000_000 });
    const latest = await stateOf(readerOnB, room.id);
    expect(latest).toMatchObject({ viewerReadSeq: latest.lastSeq, unreadCount: 0, mentionCount: 0 });
    await sendText(owner.client, room.id, "four");
    expect((await readerOnB.ok(MARK_READ, { roomId: room.id })).markRoomRead).toMatchObject({ unreadCount: 0 });
  });

  it("answers bad input, an unknown room and a non-member with their codes", async () => {
    const { room } = await roomWithReader();
    const stranger = await signUp(b.client);
    const codeOf = async (variables: { roomId: string; seq?: number }) =>
      refusal(await stranger.client.request(MARK_READ, variables)).code;
    expect(await codeOf({ roomId: room.id })).toBe("FORBIDDEN");
    expect(await codeOf({ roomId: room.id, seq: -1 })).toBe("BAD_USER_INPUT");
    expect(await codeOf({ roomId: crypto.randomUUID() })).toBe("NOT_FOUND");
    expect(refusal(await b.client.request(MARK_READ, { roomId: room.id })).code).toBe("UNAUTHENTICATED");
  });
});

describe("roomListUpdates", () => {
  it("follows messages, reads on another device, joins, leaves and new rooms, across replicas", async () => {
    const { owner, reader, room, readerOnB } = await roomWithReader();
    const socket = wsClient(b.wsUrl, reader.token);
    // Its rooms are watched once their room-changes listener is confirmed, which is after the person's own topic.
    const watching = countListeners(b, "room-changes");
    const list = collect(socket, ROOM_LIST_UPDATES, {});
    await watching.until(1);
    const latest = (roomId: string) =>
      [...list.events].reverse().find((event) => event.roomListUpdates.id === roomId)?.roomListUpdates;

    // A burst through A gathers into a few updates on B, the last with every message counted.
    for (let index = 0; index < 20; index++) await sendText(owner.client, room.id, `burst ${index}`);
    await waitFor("all 20 counted", () => latest(room.id)?.unreadCount === 20);
    expect(list.events.length).toBeLessThanOrEqual(5);

    // Read on "another device" (A): the list on B shows it.
    await reader.client.ok(MARK_READ, { roomId: room.id });
    await waitFor("the read elsewhere", () => latest(room.id)?.unreadCount === 0);

    // A room created by someone else appears; joining it (on A) starts watching it.
    const another = await createRoom(owner.client);
    await waitFor("the new room", () => latest(another.id)?.viewerIsMember === false);
    await reader.client.ok(JOIN_ROOM, { id: another.id });
    await waitFor("the join", () => latest(another.id)?.viewerIsMember === true);
    await sendText(owner.client, another.id, `@${reader.user.username} welcome`);
    await waitFor("the mention", () => latest(another.id)?.mentionCount === 1);

    // Leaving (on B) changes the person's rights: their sockets close (4504) and the client reads its list
    // again. The list it subscribes to afresh no longer hears of that room.
    const closed = closeCodeOf(socket);
    await readerOnB.ok(LEAVE_ROOM, { id: another.id });
    expect(await closed).toBe(4504);
    const again = wsClient(b.wsUrl, reader.token);
    const rewatching = countListeners(b, "room-changes");
    const fresh = collect(again, ROOM_LIST_UPDATES, {});
    await rewatching.until(1);
    await sendText(owner.client, another.id, "after the reader left");
    await sendText(owner.client, room.id, "in the room still theirs");
    await waitFor("the room still watched", () =>
      fresh.events.some((event) => event.roomListUpdates.unreadCount === 1),
    );
    expect(fresh.events.map((event) => event.roomListUpdates.id)).not.toContain(another.id);

    fresh.unsubscribe();
    await Promise.all([socket.dispose(), again.dispose()]);
  });

  it("refuses a socket without a session", async () => {
    const socket = wsClient(a.wsUrl, null);
    expect(await firstOutcome(socket, ROOM_LIST_UPDATES, {})).toEqual({ closed: 4403 });
    await socket.dispose();
  });
});

describe("Room.members, for completing an @name", () => {
  const MEMBERS = gql<{ room: { members: { username: string }[] } }, { id: string; search?: string; first?: number }>(
    `query($id: ID, $search: String, $first: Int) { room(id: $id) { members(search: $search, first: $first) { username } } }`,
  );

  it("lists members whose name starts with the search, any case, by name; not others", async () => {
    const { owner, reader, room, readerOnB } = await roomWithReader();
    const outsider = await signUp(a.client, `${reader.user.username}x`);
    const members = async (search: string) =>
      (await readerOnB.ok(MEMBERS, { id: room.id, search })).room.members.map((member) => member.username);
    expect(await members("")).toEqual([owner.user.username, reader.user.username].sort());
    expect(await members(reader.user.username.slice(0, -1).toUpperCase())).toEqual([reader.user.username]);
    expect(await members(outsider.user.username)).toEqual([]);
  });

  it("is for members only, and bounds its page", async () => {
    const { room, readerOnB } = await roomWithReader();
    const stranger = await signUp(a.client);
    expect(refusal(await stranger.client.request(MEMBERS, { id: room.id })).code).toBe("FORBIDDEN");
    expect(refusal(await readerOnB.request(MEMBERS, { id: room.id, first: 21 })).code).toBe("BAD_USER_INPUT");
  });
});
