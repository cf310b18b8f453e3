import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphQLClient } from "../helpers/graphql.ts";
import { gql } from "../helpers/graphql.ts";
import { JOIN_ROOM } from "../helpers/operations.ts";
import { refusal, sanctionRefusal, sendText, signUpModerator, TIME_OUT } from "../helpers/people.ts";
import { createRoom, signUp, type TestApi, TestStack } from "../helpers/stack.ts";
import { collect, wsClient } from "../helpers/subscriptions.ts";

type Group = { emoji: string; count: number; reactors: { username: string }[]; viewerReacted?: boolean };
type Reacted = { id: string; reactions: Group[] };

const GROUP_FIELDS = "emoji count reactors { username }";
const ADD = gql<{ addReaction: Reacted }, { id: string; emoji: string }>(
  `mutation($id: ID!, $emoji: String!) { addReaction(messageId: $id, emoji: $emoji) { id reactions { ${GROUP_FIELDS} viewerReacted } } }`,
);
const REMOVE = gql<{ removeReaction: Reacted }, { id: string; emoji: string }>(
  `mutation($id: ID!, $emoji: String!) { removeReaction(messageId: $id, emoji: $emoji) { id reactions { ${GROUP_FIELDS} viewerReacted } } }`,
);
const HISTORY = gql<{ room: { messages: { edges: { node: Reacted }[] } } }, { id: string }>(
  `query($id: ID!) { room(id: $id) { messages(first: 50) { edges { node { id reactions { ${GROUP_FIELDS} viewerReacted } } } } } }`,
);
type ReactionEvent = { seq: number; kind: string; message: Reacted };
const REACTION_EVENTS = gql<{ roomEvents: ReactionEvent }, { roomId: string; afterSeq?: number }>(
  `subscription($roomId: ID!, $afterSeq: Int) {
    roomEvents(roomId: $roomId, afterSeq: $afterSeq) { seq kind message { id reactions { ${GROUP_FIELDS} } } }
  }`,
);
const REACTION_EVENTS_PER_VIEWER = gql<{ roomEvents: ReactionEvent }, { roomId: string; afterSeq?: number }>(
  `subscription($roomId: ID!, $afterSeq: Int) {
    roomEvents(roomId: $roomId, afterSeq: $afterSeq) { seq kind message { id reactions { emoji count viewerReacted } } }
  }`,
);

let stack: TestStack;
let a: TestApi;
let b: TestApi;
let moderator: Awaited<ReturnType<typeof signUpModerator>>;
beforeAll(async () => {
  stack = await TestStack.create();
  let admin: GraphQLClient;
  ({ admin, ...a } = await stack.startApiWithAdmin());
  b = await stack.startApi();
  moderator = await signUpModerator(a, admin);
});
afterAll(() => stack.close());

/** Alice (on A) wrote a message; Bob and Carol (on B) are members too. */
async function roomWithMessage() {
  const alice = await signUp(a.client);
  const bob = await signUp(b.client);
  const carol = await signUp(b.client);
  const room = await createRoom(alice.client);
  await bob.client.ok(JOIN_ROOM, { id: room.id });
  await carol.client.ok(JOIN_ROOM, { id: room.id });
  const message = await sendText(alice.client, room.id, "lunch at noon?");
  return { alice, bob, carol, room, message };
}

describe("reactions across replicas", () => {
  it("a reaction through B reaches subscribers on A and B with its counts and who reacted", async () => {
    const { alice, bob, carol, room, message } = await roomWithMessage();
    const onA = wsClient(a.wsUrl, alice.token);
    const onB = wsClient(b.wsUrl, carol.token);
    const seenOnA = collect(onA, REACTION_EVENTS, { roomId: room.id, afterSeq: 1 });
    const seenOnB = collect(onB, REACTION_EVENTS, { roomId: room.id, afterSeq: 1 });

    await bob.client.ok(ADD, { id: message.id, emoji: "👍" });
    await carol.client.ok(ADD, { id: message.id, emoji: "👍" });
    await carol.client.ok(ADD, { id: message.id, emoji: "🎉" });
    for (const seen of [seenOnA, seenOnB]) {
      const events = await seen.until(3);
      expect(events.map((event) => event.roomEvents.kind)).toEqual(Array(3).fill("MESSAGE_REACTED"));
      expect(events.map((event) => event.roomEvents.seq)).toEqual([2, 3, 4]);
      expect(events[2]?.roomEvents.message.reactions).toEqual([
        { emoji: "👍", count: 2, reactors: [{ username: bob.user.username }, { username: carol.user.username }] },
        { emoji: "🎉", count: 1, reactors: [{ username: carol.user.username }] },
      ]);
    }
    await Promise.all([onA.dispose(), onB.dispose()]);
  });

  it("viewerReacted is each viewer's own, live as well as in history", async () => {
    const { alice, bob, carol, room, message } = await roomWithMessage();
    const aliceFeed = wsClient(a.wsUrl, alice.token);
    const bobFeed = wsClient(b.wsUrl, bob.token);
    const seenByAlice = collect(aliceFeed, REACTION_EVENTS_PER_VIEWER, { roomId: room.id, afterSeq: 1 });
    const seenByBob = collect(bobFeed, REACTION_EVENTS_PER_VIEWER, { roomId: room.id, afterSeq: 1 });
    const answer = await bob.client.ok(ADD, { id: message.id, emoji: "❤" });
    expect(answer.addReaction.reactions).toEqual([
      { emoji: "❤️", count: 1, reactors: [{ username: bob.user.username }], viewerReacted: true },
    ]);
    expect((await seenByBob.until(1))[0]?.roomEvents.message.reactions).toEqual([
      { emoji: "❤️", count: 1, viewerReacted: true },
    ]);
    expect((await seenByAlice.until(1))[0]?.roomEvents.message.reactions).toEqual([
      { emoji: "❤️", count: 1, viewerReacted: false },
    ]);
    const history = async (client: GraphQLClient) =>
      (await client.ok(HISTORY, { id: room.id })).room.messages.edges[0]?.node.reactions;
    expect(await history(bob.client)).toEqual([expect.objectContaining({ count: 1, viewerReacted: true })]);
    expect(await history(carol.client)).toEqual([expect.objectContaining({ count: 1, viewerReacted: false })]);
    await Promise.all([aliceFeed.dispose(), bobFeed.dispose()]);
  });

  it("adding and removing are idempotent: a repeat changes nothing and is no event", async () => {
    const { alice, bob, room, message } = await roomWithMessage();
    const feed = wsClient(a.wsUrl, alice.token);
    const seen = collect(feed, REACTION_EVENTS, { roomId: room.id, afterSeq: 1 });
    await bob.client.ok(ADD, { id: message.id, emoji: "😂" });
    const again = await b.client.as(bob.token).ok(ADD, { id: message.id, emoji: "😂" });
    expect(again.addReaction.reactions).toEqual([expect.objectContaining({ emoji: "😂", count: 1 })]);
    expect((await bob.client.ok(REMOVE, { id: message.id, emoji: "😂" })).removeReaction.reactions).toEqual([]);
    expect((await bob.client.ok(REMOVE, { id: message.id, emoji: "😂" })).removeReaction.reactions).toEqual([]);
    // A marker: anything the repeats had published would come before it.
    await sendText(alice.client, room.id, "marker");
    const events = await seen.until(3);
    expect(events.map((event) => event.roomEvents.kind)).toEqual([
      "MESSAGE_REACTED",
      "MESSAGE_REACTED",
      "MESSAGE_ADDED",
    ]);
    expect(events[1]?.roomEvents.message.reactions).toEqual([]);
    await feed.dispose();
  });

  it("a client resuming by seq gets the reaction events it missed", async () => {
    const { alice, bob, room, message } = await roomWithMessage();
    await bob.client.ok(ADD, { id: message.id, emoji: "🔥" });
    await bob.client.ok(ADD, { id: message.id, emoji: "👀" });
    const feed = wsClient(b.wsUrl, alice.token);
    const replayed = collect(feed, REACTION_EVENTS, { roomId: room.id, afterSeq: 2 });
    const [event] = await replayed.until(1);
    expect(event?.roomEvents).toMatchObject({
      seq: 3,
      kind: "MESSAGE_REACTED",
      message: {
        id: message.id,
        reactions: [
          { emoji: "🔥", count: 1 },
          { emoji: "👀", count: 1 },
        ],
      },
    });
    await feed.dispose();
  });
});

describe("who may react, and to what", () => {
  it("a message hidden from the viewer is not found, and shows them no reactions; its author still sees them", async () => {
    const { alice, bob, carol, room, message } = await roomWithMessage();
    await carol.client.ok(ADD, { id: message.id, emoji: "👍" });
    await a.app.services.db.message.update({ where: { id: message.id }, data: { moderationStatus: "REJECTED" } });
    expect(refusal(await bob.client.request(ADD, { id: message.id, emoji: "👍" })).code).toBe("NOT_FOUND");
    expect(refusal(await bob.client.request(REMOVE, { id: message.id, emoji: "👍" })).code).toBe("NOT_FOUND");
    const RELATED = gql<{ room: { messagesAfter: Reacted[] } }, { id: string }>(
      `query($id: ID!) { room(id: $id) { messagesAfter(seq: 0) { id reactions { count } } } }`,
    );
    expect((await bob.client.ok(RELATED, { id: room.id })).room.messagesAfter).toEqual([]);
    expect((await alice.client.ok(RELATED, { id: room.id })).room.messagesAfter[0]?.reactions).toEqual([{ count: 1 }]);
  });

  it("a message masked from the viewer is refused and its reactions are not shown to them", async () => {
    const { bob, carol, room, message } = await roomWithMessage();
    await carol.client.ok(ADD, { id: message.id, emoji: "👍" });
    await a.app.services.db.message.update({ where: { id: message.id }, data: { moderationStatus: "FLAGGED" } });
    expect(refusal(await bob.client.request(ADD, { id: message.id, emoji: "👍" })).code).toBe("FORBIDDEN");
    expect((await bob.client.ok(HISTORY, { id: room.id })).room.messages.edges[0]?.node.reactions).toEqual([]);
  });

  it("a deleted message is refused; a non-member is refused; a muted member gets the sanction's refusal", async () => {
    const { alice, bob, room, message } = await roomWithMessage();
    const stranger = await signUp(b.client);
    expect(refusal(await stranger.client.request(ADD, { id: message.id, emoji: "👍" })).code).toBe("FORBIDDEN");

    const sanction = (
      await moderator.client.ok(TIME_OUT, {
        input: { roomId: room.id, userId: bob.user.id, minutes: 5, reason: "calm" },
      })
    ).timeOutMember;
    expect(refusal(await b.client.as(bob.token).request(ADD, { id: message.id, emoji: "👍" }))).toEqual(
      sanctionRefusal(sanction),
    );

    await alice.client.ok(
      gql<{ deleteMessage: { id: string } }, { id: string }>(
        `mutation($id: ID!) { deleteMessage(messageId: $id) { id } }`,
      ),
      { id: message.id },
    );
    expect(refusal(await alice.client.request(ADD, { id: message.id, emoji: "👍" }))).toMatchObject({
      code: "BAD_USER_INPUT",
      message: "A deleted message cannot be reacted to.",
    });
  });

  it("accepts one emoji only, and at most 20 different ones per message", async () => {
    const { bob, message } = await roomWithMessage();
    for (const text of ["yes", "👍👍", "", ":+1:"])
      expect(refusal(await bob.client.request(ADD, { id: message.id, emoji: text }))).toMatchObject({
        code: "BAD_USER_INPUT",
        extensions: expect.objectContaining({ field: "emoji" }),
      });
    const twenty = [..."😀😃😄😁😆😅🤣😂🙂🙃😉😊😇🥰😍🤩😘😗😚😙"];
    expect(twenty).toHaveLength(20);
    for (const emoji of twenty) await bob.client.ok(ADD, { id: message.id, emoji });
    expect(refusal(await bob.client.request(ADD, { id: message.id, emoji: "👨‍👩‍👧‍👦" }))).toMatchObject({
      code: "BAD_USER_INPUT",
      message: expect.stringContaining("at most 20 different emoji"),
    });
    // One already there is still welcome.
    expect((await b.client.as(bob.token).ok(ADD, { id: message.id, emoji: "😀" })).addReaction.reactions).toHaveLength(
      20,
    );
  });

  it("limits reactions to 30 per 10 seconds per member, on every replica together", async () => {
    const { bob, message } = await roomWithMessage();
    const clients = [bob.client, b.client.as(bob.token)];
    for (let i = 0; i < 30; i++) {
      const variables = { id: message.id, emoji: "🙏" };
      await (i % 2 ? clients[1]!.ok(REMOVE, variables) : clients[0]!.ok(ADD, variables));
    }
    const limited = refusal(await a.client.as(bob.token).request(ADD, { id: message.id, emoji: "🙏" }));
    expect(limited.code).toBe("RATE_LIMITED");
    expect(limited.extensions["retryAfterMs"]).toBeGreaterThan(0);
    expect(limited.extensions["retryAfterMs"]).toBeLessThanOrEqual(10_000);
  });
});
