import type { ModerationStatus } from "@chatmod/core/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.ts";
import { JOIN_ROOM, SEND_MESSAGE } from "../helpers/operations.ts";
import { createRoom, signUp, type TestApi, TestStack } from "../helpers/stack.ts";
import { collect, wsClient } from "../helpers/subscriptions.ts";

/**
 * The visibility matrix: for every viewer (author, other member, moderator,
 * non-member), every moderation state, and every path that reaches a message,
 * hidden text never reaches someone not allowed to see it.
 */
const SECRET = "secret words nobody else may read";

type State = { name: string; status: ModerationStatus; held?: boolean; pre?: boolean };
const states: State[] = [
  { name: "pending (post-moderation)", status: "PENDING" },
  { name: "pending (pre-moderation)", status: "PENDING", pre: true },
  { name: "approved", status: "APPROVED" },
  { name: "approved (pre-moderation)", status: "APPROVED", pre: true },
  { name: "flagged", status: "FLAGGED" },
  { name: "rejected", status: "REJECTED" },
  { name: "held after reports", status: "APPROVED", held: true },
];

/** What each viewer must see: the text, a masked placeholder, or nothing. */
function expected(viewer: "author" | "member" | "moderator", state: State): "VISIBLE" | "MASKED" | "HIDDEN" {
  if (viewer !== "member") return "VISIBLE";
  if (state.status === "REJECTED" || state.held || (state.pre && state.status !== "APPROVED")) return "HIDDEN";
  return state.status === "FLAGGED" ? "MASKED" : "VISIBLE";
}

const FIELDS =
  "id seq clientId author { id username } text visibility moderationStatus moderationReason moderationDetails { reasons matchedTerms { term } }";

let stack: TestStack;
let api: TestApi;
let people: Record<"author" | "member" | "moderator" | "outsider", Awaited<ReturnType<typeof signUp>>>;
let roomId: string;
const messageIds = new Map<string, string>();

beforeAll(async () => {
  stack = await TestStack.create();
  api = await stack.startApi();
  people = {
    author: await signUp(api.client),
    member: await signUp(api.client),
    moderator: await signUp(api.client),
    outsider: await signUp(api.client),
  };
  await api.app.services.db.user.update({ where: { id: people.moderator.user.id }, data: { role: "MODERATOR" } });
  roomId = (await createRoom(people.author.client)).id;
  await people.member.client.ok(JOIN_ROOM, { id: roomId });
  for (const state of states) {
    const sent = await people.author.client.ok(SEND_MESSAGE, {
      input: { roomId, text: `${SECRET} (${state.name})`, clientId: crypto.randomUUID() },
    });
    const id = sent.sendMessage.id as string;
    messageIds.set(state.name, id);
    await api.app.services.db.message.update({
      where: { id },
      data: {
        moderationStatus: state.status,
        heldForReview: state.held ?? false,
        preModerated: state.pre ?? false,
        moderation: {
          reasons: ["hostile or abusive language"],
          matchedTerms: [{ term: "secret", category: "profanity", severity: "moderate" }],
        },
      },
    });
  }
});
afterAll(() => stack.close());

function check(viewer: "author" | "member" | "moderator", state: State, message: Record<string, unknown> | undefined) {
  const want = expected(viewer, state);
  const where = `${viewer} / ${state.name}`;
  if (want === "HIDDEN") {
    if (message) {
      expect(message["visibility"], where).toBe("HIDDEN");
      expect(message["text"], where).toBeNull();
      // Who wrote it, and from which device, are as hidden as the text.
      expect(message["author"], where).toBeNull();
      expect(message["clientId"], where).toBeNull();
      expect(JSON.stringify(message), where).not.toContain(people.author.user.username);
    }
  } else {
    expect(message, where).toBeDefined();
    expect(message?.["visibility"], where).toBe(want);
    expect(message?.["author"], where).toEqual(people.author.user);
    expect(message?.["clientId"], where).toEqual(expect.any(String));
  }
  if (want !== "VISIBLE" && message) {
    expect(JSON.stringify(message), where).not.toContain("secret");
    expect(message["moderationDetails"], where).toBeNull();
  }
  if (want === "VISIBLE") expect(String(message?.["text"]), where).toContain(SECRET);
  if (want === "MASKED") expect(message?.["moderationReason"], where).toBe("Hidden: hostile or abusive language.");
}

describe("who sees what", () => {
  for (const viewer of ["author", "member", "moderator"] as const) {
    it(`${viewer}: history newest first, oldest first, and 'after N'`, async () => {
      const client = people[viewer].client;
      // Each message as a record: the checks below read FIELDS by name.
      type Shown = Record<string, unknown>;
      const lists: Shown[][] = [];
      for (const field of ["messages(first: 20)", "messages(first: 20, order: OLDEST_FIRST)"]) {
        const page = gql<{ room: { messages: { edges: { node: Shown }[] } } }, { id: string }>(
          `query($id: ID) { room(id: $id) { ${field} { edges { node { ${FIELDS} } } } } }`,
        );
        const data = await client.ok(page, { id: roomId });
        lists.push(data.room.messages.edges.map((edge) => edge.node));
      }
      const after = await client.ok(
        gql<{ room: { messagesAfter: Shown[] } }, { id: string }>(
          `query($id: ID) { room(id: $id) { messagesAfter(seq: 0) { ${FIELDS} } } }`,
        ),
        { id: roomId },
      );
      lists.push(after.room.messagesAfter);
      for (const list of lists) {
        for (const state of states)
          check(
            viewer,
            state,
            list.find((message) => message["id"] === messageIds.get(state.name)),
          );
        // Lists leave hidden messages out altogether.
        if (viewer === "member") expect(list.filter((message) => message["visibility"] === "HIDDEN")).toEqual([]);
      }
    });

    it(`${viewer}: subscription payloads`, async () => {
      const client = wsClient(api.wsUrl, people[viewer].token);
      const run = collect(
        client,
        gql<{ roomEvents: { seq: number; message: Record<string, unknown> } }, { roomId: string }>(
          `subscription($roomId: ID!) { roomEvents(roomId: $roomId, afterSeq: 0) { seq message { ${FIELDS} } } }`,
        ),
        { roomId },
      );
      const events = await run.until(states.length);
      for (const state of states)
        check(
          viewer,
          state,
          events.map((event) => event.roomEvents.message).find((m) => m["id"] === messageIds.get(state.name)),
        );
      await client.dispose();
    });
  }

  it("a non-member reaches no message by any path", async () => {
    const outsider = people.outsider;
    const history = await outsider.client.request(
      `query($id: ID) { room(id: $id) { messages { edges { node { text } } } } }`,
      {
        id: roomId,
      },
    );
    expect(history.errors?.[0]?.extensions?.["code"]).toBe("FORBIDDEN");
    expect(JSON.stringify(history)).not.toContain("secret");
    const after = await outsider.client.request(`query($id: ID) { room(id: $id) { messagesAfter(seq: 0) { text } } }`, {
      id: roomId,
    });
    expect(JSON.stringify(after)).not.toContain("secret");
    const client = wsClient(api.wsUrl, outsider.token);
    const run = collect(
      client,
      gql<{ roomEvents: { message: { text: string } } }, { roomId: string }>(
        `subscription($roomId: ID!) { roomEvents(roomId: $roomId, afterSeq: 0) { message { text } } }`,
      ),
      { roomId },
    );
    await run.settled();
    expect(run.events).toEqual([]);
    expect(JSON.stringify(run.errors)).toContain("FORBIDDEN");
    await client.dispose();
    const report = await outsider.client.request(
      `mutation($id: ID!) { reportMessage(messageId: $id, reason: "x") { text } }`,
      {
        id: messageIds.get("approved"),
      },
    );
    expect(report.errors?.[0]?.extensions?.["code"]).toBe("FORBIDDEN");
    const queue = await outsider.client.request(`{ moderationQueue(status: FLAGGED) { edges { node { text } } } }`);
    expect(queue.errors?.[0]?.extensions?.["code"]).toBe("FORBIDDEN");
    const audit = await outsider.client.request(`{ moderationDecisions { edges { node { message { text } } } } }`);
    expect(JSON.stringify(audit)).not.toContain("secret");
  });

  it("a member cannot reach hidden text through edits, deletes or reports", async () => {
    const rejected = messageIds.get("rejected");
    for (const mutation of [
      `mutation($id: ID!) { editMessage(messageId: $id, text: "x") { text } }`,
      `mutation($id: ID!) { deleteMessage(messageId: $id) { text } }`,
      `mutation($id: ID!) { reportMessage(messageId: $id, reason: "why") { text } }`,
    ]) {
      const result = await people.member.client.request(mutation, { id: rejected });
      expect(result.errors, mutation).toBeDefined();
      expect(JSON.stringify(result), mutation).not.toContain("secret");
    }
  });

  it("moderators read the queue with the text and the evidence", async () => {
    type Flagged = { id: string; text: string; moderationDetails: { matchedTerms: { term: string }[] } };
    const queue = await people.moderator.client.ok(
      gql<{ moderationQueue: { edges: { node: Flagged }[] } }>(
        `{ moderationQueue(status: FLAGGED) { edges { node { id text moderationDetails { matchedTerms { term } } } } } }`,
      ),
    );
    const flagged = queue.moderationQueue.edges.find((edge) => edge.node.id === messageIds.get("flagged"));
    expect(flagged?.node.text).toContain(SECRET);
    expect(flagged?.node.moderationDetails.matchedTerms).toEqual([{ term: "secret" }]);
  });
});
