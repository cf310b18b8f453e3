import type { ModerationWorker } from "@chatmod/worker/worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GraphQLClient, gql } from "../helpers/graphql.ts";
import { JOIN_ROOM } from "../helpers/operations.ts";
import { EDIT_MESSAGE, signUpModerator, UPDATE_POLICY } from "../helpers/people.ts";
import { createRoom, signUp, type TestApi, TestStack } from "../helpers/stack.ts";
import { collect, wsClient } from "../helpers/subscriptions.ts";
import { waitFor } from "../helpers/wait.ts";
import { startWorker } from "../moderation/worker-support.ts";

// HOLD mode: a message reaches the other members only once the automatic verdict is in. The worker
// is stopped while messages are sent, so "before the verdict" lasts as long as the test needs it.

type Shown = {
  id: string;
  text: string | null;
  visibility: string;
  moderationStatus: string;
  moderationReason: string | null;
  author: { username: string } | null;
  clientId: string | null;
};
const FIELDS = "id text visibility moderationStatus moderationReason author { username } clientId";
type Event = { seq: number; kind: string; message: Shown };
const EVENTS = gql<{ roomEvents: Event }, { roomId: string }>(
  `subscription($roomId: ID!) { roomEvents(roomId: $roomId, afterSeq: 0) { seq kind message { ${FIELDS} } } }`,
);
const HISTORY = gql<
  { room: { messages: { edges: { node: Shown }[] }; messagesAfter: Shown[] } },
  { id: string }
>(`query($id: ID) { room(id: $id) {
  messages(first: 50) { edges { node { ${FIELDS} } } }
  messagesAfter(seq: 0) { ${FIELDS} }
} }`);
const SEND = gql<{ sendMessage: Shown }, { roomId: string; text: string; clientId: string }>(
  `mutation($roomId: ID!, $text: String!, $clientId: String!) {
  sendMessage(input: { roomId: $roomId, text: $text, clientId: $clientId }) { ${FIELDS} }
}`,
);

const CLEAN = "Good morning everyone, lovely weather today";
const FLAGGED = "this is fucking annoying";
const REJECTED = "I will kill you";

let stack: TestStack;
let a: TestApi;
let b: TestApi;
let admin: GraphQLClient;
let worker: ModerationWorker | undefined;
beforeAll(async () => {
  stack = await TestStack.create();
  ({ admin, ...a } = await stack.startApiWithAdmin());
  b = await stack.startApi();
});
afterAll(async () => {
  await worker?.close();
  await stack.close();
});

/** Both lists of a room's history as one viewer reads them (through replica B), by message id. */
async function historyOf(client: GraphQLClient, roomId: string) {
  const { room } = await b.client.as(client.token).ok(HISTORY, { id: roomId });
  const ids = (list: Shown[]) => list.map((message) => message.id);
  expect(ids(room.messagesAfter).sort()).toEqual(ids(room.messages.edges.map((edge) => edge.node)).sort());
  return new Map(room.messagesAfter.map((message) => [message.id, message]));
}

describe("a room in HOLD mode", () => {
  let author: Awaited<ReturnType<typeof signUp>>;
  let member: Awaited<ReturnType<typeof signUp>>;
  let moderator: Awaited<ReturnType<typeof signUp>>;
  let roomId: string;
  let memberEvents: ReturnType<typeof collect<{ roomEvents: Event }, { roomId: string }>>;
  let authorEvents: ReturnType<typeof collect<{ roomEvents: Event }, { roomId: string }>>;
  const sent = new Map<string, Shown>();
  const sockets: ReturnType<typeof wsClient>[] = [];

  beforeAll(async () => {
    moderator = await signUpModerator(a, admin);
    author = await signUp(a.client);
    member = await signUp(a.client);
    roomId = (await createRoom(author.client)).id;
    await member.client.ok(JOIN_ROOM, { id: roomId });
    const { updateRoomPolicy } = await author.client.ok(UPDATE_POLICY, {
      id: roomId,
      input: { moderationMode: "HOLD" },
    });
    expect(updateRoomPolicy.moderationMode).toBe("HOLD");
    sockets.push(wsClient(b.wsUrl, member.token), wsClient(a.wsUrl, author.token));
    memberEvents = collect(sockets[0]!, EVENTS, { roomId });
    authorEvents = collect(sockets[1]!, EVENTS, { roomId });
  });
  afterAll(() => Promise.all(sockets.map((socket) => socket.dispose())));

  it("shows the author each message at once, PENDING, with its text", async () => {
    for (const text of [CLEAN, FLAGGED, REJECTED]) {
      const { sendMessage } = await author.client.ok(SEND, { roomId, text, clientId: crypto.randomUUID() });
      expect(sendMessage).toMatchObject({ text, visibility: "VISIBLE", moderationStatus: "PENDING" });
      sent.set(text, sendMessage);
    }
    const live = await authorEvents.until(3);
    expect(live.map((event) => [event.roomEvents.kind, event.roomEvents.message.text])).toEqual([
      ["MESSAGE_ADDED", CLEAN],
      ["MESSAGE_ADDED", FLAGGED],
      ["MESSAGE_ADDED", REJECTED],
    ]);
    const history = await historyOf(author.client, roomId);
    for (const text of [CLEAN, FLAGGED, REJECTED])
      expect(history.get(sent.get(text)!.id)).toMatchObject({
        text,
        moderationStatus: "PENDING",
        visibility: "VISIBLE",
      });
    // Moderators see it as it is, too.
    const seenByModerator = await historyOf(moderator.client, roomId);
    expect(seenByModerator.get(sent.get(CLEAN)!.id)?.text).toBe(CLEAN);
  });

  it("gives another member each MESSAGE_ADDED hidden: no text, no author, no clientId", async () => {
    const live = await memberEvents.until(3);
    for (const event of live)
      expect(event.roomEvents).toMatchObject({
        kind: "MESSAGE_ADDED",
        message: { visibility: "HIDDEN", text: null, author: null, clientId: null, moderationReason: null },
      });
    expect(JSON.stringify(live)).not.toContain(author.user.username);
  });

  it("keeps them out of another member's history until the verdict", async () => {
    expect([...(await historyOf(member.client, roomId)).keys()]).toEqual([]);
  });

  it("after the verdict: the clean one shows with its text, the flagged one masked, the rejected one never", async () => {
    worker = startWorker(stack);
    const live = await memberEvents.until(6);
    const moderated = new Map(
      live
        .slice(3)
        .map((event) => event.roomEvents)
        .map((event) => [event.message.id, event]),
    );
    expect([...moderated.values()].map((event) => event.kind)).toEqual(Array(3).fill("MESSAGE_MODERATED"));
    expect(moderated.get(sent.get(CLEAN)!.id)?.message).toMatchObject({
      visibility: "VISIBLE",
      text: CLEAN,
      moderationStatus: "APPROVED",
      author: { username: author.user.username },
    });
    expect(moderated.get(sent.get(FLAGGED)!.id)?.message).toMatchObject({
      visibility: "MASKED",
      text: null,
      moderationStatus: "FLAGGED",
      moderationReason: expect.stringMatching(/^Hidden: /),
    });
    expect(moderated.get(sent.get(REJECTED)!.id)?.message).toMatchObject({
      visibility: "HIDDEN",
      text: null,
      author: null,
    });
    expect(JSON.stringify(live)).not.toMatch(/fucking|kill/);

    const history = await historyOf(member.client, roomId);
    expect(history.get(sent.get(CLEAN)!.id)).toMatchObject({ text: CLEAN, visibility: "VISIBLE" });
    expect(history.get(sent.get(FLAGGED)!.id)).toMatchObject({ text: null, visibility: "MASKED" });
    expect(history.has(sent.get(REJECTED)!.id)).toBe(false);
  });

  it("an edit waits for its own verdict before others read the new text", async () => {
    await worker?.close();
    worker = undefined;
    const clean = sent.get(CLEAN)!;
    await author.client.ok(EDIT_MESSAGE, { id: clean.id, text: "Good evening everyone, lovely sunset today" });
    const [edited] = (await memberEvents.until(7)).slice(6);
    expect(edited?.roomEvents).toMatchObject({ kind: "MESSAGE_EDITED", message: { visibility: "HIDDEN", text: null } });
    expect((await historyOf(member.client, roomId)).has(clean.id)).toBe(false);
    expect((await historyOf(author.client, roomId)).get(clean.id)).toMatchObject({
      text: "Good evening everyone, lovely sunset today",
      moderationStatus: "PENDING",
    });

    worker = startWorker(stack);
    const [verdict] = (await memberEvents.until(8)).slice(7);
    expect(verdict?.roomEvents).toMatchObject({
      kind: "MESSAGE_MODERATED",
      message: { id: clean.id, visibility: "VISIBLE", text: "Good evening everyone, lovely sunset today" },
    });
    await waitFor("the edit in the member's history", async () =>
      (await historyOf(member.client, roomId)).has(clean.id),
    );
  });

  it("in POST mode, the same message reaches others at once", async () => {
    await author.client.ok(UPDATE_POLICY, { id: roomId, input: { moderationMode: "POST" } });
    await worker?.close();
    worker = undefined;
    const { sendMessage } = await author.client.ok(SEND, { roomId, text: CLEAN, clientId: crypto.randomUUID() });
    const [added] = (await memberEvents.until(9)).slice(8);
    expect(added?.roomEvents).toMatchObject({ kind: "MESSAGE_ADDED", message: { id: sendMessage.id, text: CLEAN } });
    expect((await historyOf(member.client, roomId)).get(sendMessage.id)?.moderationStatus).toBe("PENDING");
  });
});
