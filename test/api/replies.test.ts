// Replies: sendMessage's replyToId, checked; Message.replyTo, the quoted preview, as each viewer may see it,
// live across two replicas, and loaded once per page rather than once per reply.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GraphQLClient, gql } from "../helpers/graphql.ts";
import { DELETE_MESSAGE, JOIN_ROOM } from "../helpers/operations.ts";
import { roomWithTwoMembers, signUpModerator } from "../helpers/people.ts";
import { recordStatements } from "../helpers/sql-statements.ts";
import { createRoom, signUp, type TestApi, TestStack } from "../helpers/stack.ts";
import { collect, wsClient } from "../helpers/subscriptions.ts";

type Preview = {
  id: string;
  seq: number;
  deleted: boolean;
  visibility: string;
  excerpt: string | null;
  author: { username: string } | null;
};
const PREVIEW = "replyTo { id seq deleted visibility excerpt author { username } }";

const REPLY = gql<
  { sendMessage: { id: string; seq: number; replyTo: Preview | null } },
  { input: { roomId: string; text: string; clientId: string; replyToId?: string | null } }
>(`mutation($input: SendMessageInput!) { sendMessage(input: $input) { id seq ${PREVIEW} } }`);

const HISTORY = gql<
  { room: { messages: { edges: { node: { id: string; text: string | null; replyTo: Preview | null } }[] } } },
  { id: string }
>(`query($id: ID) { room(id: $id) { messages(first: 30) { edges { node { id text ${PREVIEW} } } } } }`);

const REPLY_EVENTS = gql<
  { roomEvents: { seq: number; message: { id: string; replyTo: Preview | null } } },
  { roomId: string; afterSeq?: number }
>(`subscription($roomId: ID!, $afterSeq: Int) { roomEvents(roomId: $roomId, afterSeq: $afterSeq) {
  seq message { id ${PREVIEW} } } }`);

let stack: TestStack;
let replicaA: TestApi & { admin: GraphQLClient };
let replicaB: TestApi;
let moderator: Awaited<ReturnType<typeof signUp>>;
beforeAll(async () => {
  stack = await TestStack.create();
  replicaA = await stack.startApiWithAdmin();
  replicaB = await stack.startApi();
  moderator = await signUpModerator(replicaA, replicaA.admin);
});
afterAll(() => stack.close());

const send = (client: GraphQLClient, roomId: string, text: string, replyToId?: string) =>
  client.request(REPLY, { input: { roomId, text, clientId: crypto.randomUUID(), replyToId } });

async function sent(client: GraphQLClient, roomId: string, text: string, replyToId?: string) {
  const answer = await send(client, roomId, text, replyToId);
  expect(answer.errors).toBeUndefined();
  return answer.data!.sendMessage;
}

const setModeration = (id: string, data: { moderationStatus: "FLAGGED" | "REJECTED" | "APPROVED" }) =>
  replicaA.app.services.db.message.update({ where: { id }, data });

async function previewIn(client: GraphQLClient, roomId: string, replyId: string) {
  const history = await client.ok(HISTORY, { id: roomId });
  return history.room.messages.edges.find((edge) => edge.node.id === replyId)?.node.replyTo;
}

describe("replies", () => {
  it("quotes the original, and a subscriber on the other replica receives the reply with its preview", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(replicaA, replicaB);
    const live = wsClient(replicaB.wsUrl, bob.token);
    const seen = collect(live, REPLY_EVENTS, { roomId: room.id, afterSeq: 0 });
    const original = await sent(alice.client, room.id, `  Lunch   at noon?\n${"x".repeat(300)}`);
    const reply = await sent(bob.client, room.id, "Yes!", original.id);
    expect(reply.replyTo).toMatchObject({ id: original.id, seq: original.seq, deleted: false, visibility: "VISIBLE" });
    expect(reply.replyTo?.excerpt?.startsWith("Lunch at noon? xxx")).toBe(true);
    expect([...(reply.replyTo?.excerpt ?? "")].length).toBeLessThanOrEqual(140);
    expect(reply.replyTo?.excerpt?.endsWith("…")).toBe(true);

    const events = await seen.until(2);
    expect(events[0]?.roomEvents.message.replyTo).toBeNull();
    expect(events[1]?.roomEvents.message).toMatchObject({
      id: reply.id,
      replyTo: { id: original.id, seq: original.seq, author: { username: alice.user.username } },
    });
    await live.dispose();
  });

  it("refuses a reply to a message of another room, a deleted one, one the sender cannot see, or none", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(replicaA, replicaB);
    const elsewhere = await createRoom(alice.client);
    const foreign = await sent(alice.client, elsewhere.id, "over there");
    // Bob is not in that room: its message is not found. Once he is, he is told why not.
    const unseen = await send(bob.client, room.id, "hi", foreign.id);
    expect(unseen.errors?.[0]?.extensions?.["code"]).toBe("NOT_FOUND");
    await bob.client.ok(JOIN_ROOM, { id: elsewhere.id });
    const other = await send(bob.client, room.id, "hi", foreign.id);
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "replyToId" });
    expect(other.errors?.[0]?.message).toBe("You can only reply to a message in the same room.");

    const gone = await sent(alice.client, room.id, "soon gone");
    await alice.client.ok(DELETE_MESSAGE, { id: gone.id });
    const deleted = await send(bob.client, room.id, "hi", gone.id);
    expect(deleted.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "replyToId" });

    const hidden = await sent(alice.client, room.id, "removed");
    await setModeration(hidden.id, { moderationStatus: "REJECTED" });
    for (const target of [hidden.id, crypto.randomUUID(), "not-an-id"]) {
      const answer = await send(bob.client, room.id, "hi", target);
      expect(answer.errors?.[0]?.extensions?.["code"]).toBe("NOT_FOUND");
    }
    // From outside: a room's message is not found, whether the sender may post in the other room or not.
    const outsider = await signUp(replicaA.client);
    const ownRoom = await createRoom(outsider.client);
    const probe = await send(outsider.client, ownRoom.id, "hi", gone.id);
    expect(probe.errors?.[0]?.extensions?.["code"]).toBe("NOT_FOUND");
    const intoTheirs = await send(outsider.client, room.id, "hi", gone.id);
    expect(intoTheirs.errors?.[0]?.extensions?.["code"]).toBe("FORBIDDEN");
    // Nothing was stored by the refusals.
    const history = await bob.client.ok(HISTORY, { id: room.id });
    expect(history.room.messages.edges.some((edge) => edge.node.text === "hi")).toBe(false);
  });

  it("shows a deleted, masked or hidden original as others may see it, never its text", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(replicaA, replicaB);
    const flagged = await sent(alice.client, room.id, "flagged words here");
    const rejected = await sent(alice.client, room.id, "rejected words here");
    const deleted = await sent(alice.client, room.id, "deleted words here");
    const replies = {
      flagged: await sent(bob.client, room.id, "re 1", flagged.id),
      rejected: await sent(bob.client, room.id, "re 2", rejected.id),
      deleted: await sent(bob.client, room.id, "re 3", deleted.id),
    };
    await setModeration(flagged.id, { moderationStatus: "FLAGGED" });
    await setModeration(rejected.id, { moderationStatus: "REJECTED" });
    await alice.client.ok(DELETE_MESSAGE, { id: deleted.id });

    expect(await previewIn(bob.client, room.id, replies.flagged.id)).toMatchObject({
      visibility: "MASKED",
      excerpt: null,
      author: { username: alice.user.username },
    });
    expect(await previewIn(bob.client, room.id, replies.rejected.id)).toMatchObject({
      visibility: "HIDDEN",
      excerpt: null,
      author: null,
    });
    expect(await previewIn(bob.client, room.id, replies.deleted.id)).toMatchObject({ deleted: true, excerpt: null });
    // Even the original's author reads the preview as other members do (a live reply is shared by them).
    expect(await previewIn(alice.client, room.id, replies.rejected.id)).toMatchObject({ excerpt: null, author: null });
    // Moderators see what the original said.
    await moderator.client.ok(JOIN_ROOM, { id: room.id });
    expect(await previewIn(moderator.client, room.id, replies.rejected.id)).toMatchObject({
      visibility: "VISIBLE",
      excerpt: "rejected words here",
    });
    const raw = JSON.stringify(await bob.client.ok(HISTORY, { id: room.id }));
    expect(raw).not.toContain("flagged words");
    expect(raw).not.toContain("rejected words");
  });

  it("loads a page's originals in one statement, not one per reply", async () => {
    const { alice, bob, room } = await roomWithTwoMembers(replicaA, replicaB);
    const originals = [];
    for (let i = 0; i < 6; i++) originals.push(await sent(alice.client, room.id, `question ${i}`));
    for (const original of originals) await sent(bob.client, room.id, "answer", original.id);
    const recorded = recordStatements();
    const history = await bob.client.ok(HISTORY, { id: room.id });
    recorded.stop();
    expect(history.room.messages.edges.filter((edge) => edge.node.replyTo !== null)).toHaveLength(6);
    // The page itself, then its six originals together (one reply each would make seven).
    const reads = recorded.statements.filter((statement) => statement.includes(`FROM "public"."Message"`));
    expect(reads).toHaveLength(2);
  });
});
