// Who sees what of a room (README, "Who sees what"): its directory details (name, description,
// counts, settings) are public to signed-in users, live through roomUpdates too, except to someone
// banned from it, who may not watch it; its messages and members are for members and moderators
// only, on every path. Set up through replica A, read and watched through replica B.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GraphQLClient, gql } from "../helpers/graphql.ts";
import { JOIN_ROOM } from "../helpers/operations.ts";
import { BAN, firstOutcome, sendText, signUpModerator } from "../helpers/people.ts";
import { createRoom, signUp, type TestApi, TestStack } from "../helpers/stack.ts";
import { collect, countListeners, ROOM_EVENTS, wsClient } from "../helpers/subscriptions.ts";

const DIRECTORY = gql<
  { room: { name: string; description: string; memberCount: number; messageCount: number } | null },
  { id: string }
>(`query($id: ID) { room(id: $id) { name description memberCount messageCount } }`);
const MESSAGES = gql<{ room: { messages: { edges: { node: { text: string | null } }[] } } }, { id: string }>(
  `query($id: ID) { room(id: $id) { messages { edges { node { text } } } } }`,
);
const MEMBERS = gql<{ room: { members: { username: string }[] } }, { id: string }>(
  `query($id: ID) { room(id: $id) { members(search: "") { username } } }`,
);
type Watched = { roomId: string };
const WATCH_DIRECTORY = gql<{ roomUpdates: { id: string; name: string; memberCount: number } }, Watched>(
  `subscription($roomId: ID!) { roomUpdates(roomId: $roomId) { id name memberCount } }`,
);
/** Beyond the directory: its members alone, then with its latest message (messages is a per-viewer field). */
const WATCH_MEMBERS = gql<{ roomUpdates: { memberCount: number; members: { username: string }[] | null } }, Watched>(
  `subscription($roomId: ID!) { roomUpdates(roomId: $roomId) { memberCount members(search: "") { username } } }`,
);
const WATCH_MESSAGES = gql<
  { roomUpdates: { memberCount: number; members: { username: string }[] | null; lastMessage: unknown } },
  Watched
>(
  `subscription($roomId: ID!) { roomUpdates(roomId: $roomId) {
    memberCount members(search: "") { username } lastMessage: messages(first: 1) { edges { node { text } } } } }`,
);

let stack: TestStack;
let a: TestApi;
let b: TestApi;
let admin: GraphQLClient;
beforeAll(async () => {
  stack = await TestStack.create();
  ({ admin, ...a } = await stack.startApiWithAdmin());
  b = await stack.startApi();
});
afterAll(() => stack.close());

/** A room with a message, and one person of each kind: its member, a non-member, a banned person, a moderator. */
async function cast() {
  const owner = await signUp(a.client);
  const room = await createRoom(owner.client);
  const member = await signUp(a.client);
  const outsider = await signUp(a.client);
  const banned = await signUp(a.client);
  const moderator = await signUpModerator(a, admin);
  for (const person of [member, banned]) await person.client.ok(JOIN_ROOM, { id: room.id });
  await sendText(owner.client, room.id, "members only, this");
  await moderator.client.ok(BAN, { input: { roomId: room.id, userId: banned.user.id, reason: "trolling" } });
  const people = { member, outsider, banned, moderator };
  return { owner, room, people, onB: (token: string) => b.client.as(token) };
}

describe("who sees what of a room", () => {
  it("the directory details: anyone signed in, a banned person too (the room page shows them their ban)", async () => {
    const { room, people, onB } = await cast();
    for (const [who, person] of Object.entries(people)) {
      const { room: seen } = await onB(person.token).ok(DIRECTORY, { id: room.id });
      expect({ who, seen }).toEqual({ who, seen: expect.objectContaining({ memberCount: 2, messageCount: 1 }) });
    }
  });

  it("its messages and members: members and moderators only", async () => {
    const { room, people, onB } = await cast();
    const expected = { member: true, moderator: true, outsider: false, banned: false };
    for (const [who, person] of Object.entries(people)) {
      const messages = await onB(person.token).request(MESSAGES, { id: room.id });
      const members = await onB(person.token).request(MEMBERS, { id: room.id });
      const may = expected[who as keyof typeof expected];
      const outcome = (answer: typeof messages | typeof members) =>
        answer.errors ? String(answer.errors[0]?.extensions?.["code"]) : "read";
      expect({ who, messages: outcome(messages), members: outcome(members) }).toEqual({
        who,
        messages: may ? "read" : "FORBIDDEN",
        members: may ? "read" : "FORBIDDEN",
      });
    }
  });

  it("roomUpdates of the directory details: anyone signed in but a banned person, live across replicas", async () => {
    const { room, people } = await cast();
    const watchers = { member: people.member, outsider: people.outsider, moderator: people.moderator };
    const listening = countListeners(b, "room-changes");
    const feeds = Object.entries(watchers).map(
      ([who, person]) => [who, collect(wsClient(b.wsUrl, person.token), WATCH_DIRECTORY, { roomId: room.id })] as const,
    );
    await listening.until(feeds.length);
    const newcomer = await signUp(a.client);
    await newcomer.client.ok(JOIN_ROOM, { id: room.id });
    for (const [who, feed] of feeds) {
      const [event] = await feed.until(1);
      expect({ who, event: event?.roomUpdates }).toEqual({
        who,
        event: { id: room.id, name: `Room ${room.slug}`, memberCount: 3 },
      });
      feed.unsubscribe();
    }

    const refused = await firstOutcome(wsClient(b.wsUrl, people.banned.token), WATCH_DIRECTORY, { roomId: room.id });
    expect(refused).toEqual({
      refused: expect.objectContaining({ code: "FORBIDDEN", message: expect.stringContaining("trolling") }),
    });
  });

  it.each([
    ["its members", WATCH_MEMBERS],
    ["its members and messages", WATCH_MESSAGES],
  ])(
    "roomUpdates beyond the directory details (%s): members and moderators only, even when a member watches the same way",
    async (_what, document) => {
      const { room, people } = await cast();
      const watchers = { member: people.member, outsider: people.outsider, moderator: people.moderator };
      // One document for everyone on one replica: were its result shared, a member's answer would reach the outsider.
      const listening = countListeners(b, "room-changes");
      const feeds = Object.entries(watchers).map(
        ([who, person]) => [who, collect(wsClient(b.wsUrl, person.token), document, { roomId: room.id })] as const,
      );
      await listening.until(feeds.length);
      const newcomer = await signUp(a.client);
      await newcomer.client.ok(JOIN_ROOM, { id: room.id });
      for (const [who, feed] of feeds) {
        const [event] = await feed.until(1).catch(() => [undefined]);
        const text = JSON.stringify({ event, errors: feed.errors });
        if (who === "outsider") {
          expect(text).not.toContain("members only, this");
          expect(text).not.toContain(people.member.user.username);
          expect(text).toContain("FORBIDDEN");
        } else {
          expect({ who, text }).toEqual({ who, text: expect.stringContaining(people.member.user.username) });
          if (document === WATCH_MESSAGES)
            expect({ who, text }).toEqual({ who, text: expect.stringContaining("members only, this") });
        }
        feed.unsubscribe();
      }
    },
  );

  it("roomEvents: members and moderators only", async () => {
    const { room, people } = await cast();
    const expected = { member: "event", moderator: "event", outsider: "refused", banned: "refused" };
    for (const [who, person] of Object.entries(people)) {
      const outcome = await firstOutcome(wsClient(b.wsUrl, person.token), ROOM_EVENTS, {
        roomId: room.id,
        afterSeq: 0,
      });
      expect({ who, outcome: Object.keys(outcome)[0] }).toEqual({
        who,
        outcome: expected[who as keyof typeof expected],
      });
      if ("refused" in outcome) expect(outcome.refused.code).toBe("FORBIDDEN");
    }
  });
});
