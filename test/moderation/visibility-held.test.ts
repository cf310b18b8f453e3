import type { ModerationStatus } from "@chatmod/core/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GraphQLClient, gql } from "../helpers/graphql.ts";
import { JOIN_ROOM, SEND_MESSAGE } from "../helpers/operations.ts";
import {
  BAN,
  firstOutcome,
  REPORT,
  refusal,
  type SanctionView,
  sanctionRefusal,
  UPDATE_POLICY,
  VIEWER_SANCTION,
} from "../helpers/people.ts";
import { createRoom, signUp, type TestApi, TestStack } from "../helpers/stack.ts";
import { collect, wsClient } from "../helpers/subscriptions.ts";

/**
 * The visibility matrix of visibility.test.ts, for messages held for their
 * verdict (HOLD mode) and for a viewer banned from the room: held text reaches
 * only its author and moderators until the verdict, and a banned viewer reaches
 * no message by any path, each refusal naming the ban.
 */
const SECRET = "held words nobody else may read yet";

type State = { name: string; status: ModerationStatus; held: boolean; reported?: boolean };
const states: State[] = [
  { name: "held for its verdict", status: "PENDING", held: true },
  { name: "held, then approved", status: "APPROVED", held: true },
  { name: "held, then flagged", status: "FLAGGED", held: true },
  { name: "held, then rejected", status: "REJECTED", held: true },
  { name: "held, approved, then reported past the threshold", status: "APPROVED", held: true, reported: true },
  { name: "sent before HOLD, still pending", status: "PENDING", held: false },
];

type ViewerName = "author" | "member" | "moderator" | "banned";

/** What each viewer must see: the text, a masked placeholder, nothing, or a refusal (the banned). */
function expected(viewer: ViewerName, state: State): "VISIBLE" | "MASKED" | "HIDDEN" | "REFUSED" {
  if (viewer === "banned") return "REFUSED";
  if (viewer !== "member") return "VISIBLE";
  if (state.status === "REJECTED" || state.reported || (state.held && state.status === "PENDING")) return "HIDDEN";
  return state.status === "FLAGGED" ? "MASKED" : "VISIBLE";
}

const FIELDS = "id seq clientId author { id username } text visibility moderationStatus moderationReason";
type Shown = Record<string, unknown>;

let stack: TestStack;
let api: TestApi;
let people: Record<ViewerName, Awaited<ReturnType<typeof signUp>>>;
let roomId: string;
let ban: SanctionView;
const messageIds = new Map<string, string>();

beforeAll(async () => {
  stack = await TestStack.create();
  api = await stack.startApi();
  people = {
    author: await signUp(api.client),
    member: await signUp(api.client),
    moderator: await signUp(api.client),
    banned: await signUp(api.client),
  };
  const { db } = api.app.services;
  await db.user.update({ where: { id: people.moderator.user.id }, data: { role: "MODERATOR" } });
  roomId = (await createRoom(people.author.client)).id;
  for (const viewer of ["member", "banned"] as const) await people[viewer].client.ok(JOIN_ROOM, { id: roomId });
  for (const state of [...states].sort((x, y) => Number(x.held) - Number(y.held))) {
    // Held by the API itself: sent while the room is in HOLD mode.
    if (state.held) await people.author.client.ok(UPDATE_POLICY, { id: roomId, input: { moderationMode: "HOLD" } });
    const sent = await people.author.client.ok(SEND_MESSAGE, {
      input: { roomId, text: `${SECRET} (${state.name})`, clientId: crypto.randomUUID() },
    });
    const id = sent.sendMessage.id;
    messageIds.set(state.name, id);
    // The verdict, as the worker would store it.
    await db.message.update({
      where: { id },
      data: {
        moderationStatus: state.status,
        heldForReview: state.reported ?? false,
        moderation: { reasons: ["hostile or abusive language"], matchedTerms: [] },
      },
    });
  }
  const stored = await db.message.findMany({ where: { roomId }, select: { text: true, heldForVerdict: true } });
  for (const state of states)
    expect(stored.find((message) => message.text?.includes(`(${state.name})`))?.heldForVerdict).toBe(state.held);

  await people.moderator.client.ok(JOIN_ROOM, { id: roomId });
  ban = (
    await people.moderator.client.ok(BAN, {
      input: { roomId, userId: people.banned.user.id, reason: "no longer welcome" },
    })
  ).banMember;
});
afterAll(() => stack.close());

function check(viewer: ViewerName, state: State, message: Shown | undefined) {
  const want = expected(viewer, state);
  const where = `${viewer} / ${state.name}`;
  if (want === "HIDDEN") {
    if (message) {
      expect(message, where).toMatchObject({ visibility: "HIDDEN", text: null, author: null, clientId: null });
      expect(JSON.stringify(message), where).not.toContain(people.author.user.username);
    }
  } else {
    expect(message, where).toBeDefined();
    expect(message?.["visibility"], where).toBe(want);
    expect(message?.["author"], where).toEqual(people.author.user);
  }
  if (want !== "VISIBLE" && message) expect(JSON.stringify(message), where).not.toContain("held words");
  if (want === "VISIBLE") expect(String(message?.["text"]), where).toContain(SECRET);
  if (want === "MASKED") expect(message?.["moderationReason"], where).toBe("Hidden: hostile or abusive language.");
}

const LISTS = ["messages(first: 20)", "messages(first: 20, order: OLDEST_FIRST)", "messagesAfter(seq: 0)"];
const listQuery = (field: string) =>
  gql<{ room: { messages?: { edges: { node: Shown }[] }; messagesAfter?: Shown[] } }, { id: string }>(
    field.startsWith("messagesAfter")
      ? `query($id: ID) { room(id: $id) { ${field} { ${FIELDS} } } }`
      : `query($id: ID) { room(id: $id) { ${field} { edges { node { ${FIELDS} } } } } }`,
  );
const EVENTS = gql<{ roomEvents: { seq: number; message: Shown } }, { roomId: string }>(
  `subscription($roomId: ID!) { roomEvents(roomId: $roomId, afterSeq: 0) { seq message { ${FIELDS} } } }`,
);

describe("who sees held messages", () => {
  for (const viewer of ["author", "member", "moderator"] as const) {
    it(`${viewer}: history newest first, oldest first, and 'after N'`, async () => {
      for (const field of LISTS) {
        const { room } = await people[viewer].client.ok(listQuery(field), { id: roomId });
        const list = room.messagesAfter ?? room.messages?.edges.map((edge) => edge.node) ?? [];
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
      const socket = wsClient(api.wsUrl, people[viewer].token);
      const run = collect(socket, EVENTS, { roomId });
      const events = await run.until(states.length);
      for (const state of states)
        check(
          viewer,
          state,
          events.map((event) => event.roomEvents.message).find((m) => m["id"] === messageIds.get(state.name)),
        );
      await socket.dispose();
    });
  }

  it("a member cannot reach held text by reporting, editing or deleting it", async () => {
    const held = messageIds.get("held for its verdict")!;
    for (const mutation of [
      `mutation($id: ID!) { reportMessage(messageId: $id, reason: "why") { text } }`,
      `mutation($id: ID!) { editMessage(messageId: $id, text: "x") { text } }`,
      `mutation($id: ID!) { deleteMessage(messageId: $id) { text } }`,
    ]) {
      const result = await people.member.client.request(mutation, { id: held });
      expect(result.errors, mutation).toBeDefined();
      expect(JSON.stringify(result), mutation).not.toContain("held words");
    }
    expect(refusal(await people.member.client.request(REPORT, { id: held })).code).toBe("NOT_FOUND");
  });
});

describe("a banned viewer", () => {
  const client = (): GraphQLClient => people.banned.client;

  for (const field of LISTS)
    it(`is refused ${field}, with the ban's reason`, async () => {
      const result = await client().request(listQuery(field), { id: roomId });
      expect(refusal(result)).toEqual(sanctionRefusal(ban));
      expect(JSON.stringify(result)).not.toContain("held words");
    });

  it("is refused the room's events, with the ban's reason", async () => {
    const socket = wsClient(api.wsUrl, people.banned.token);
    expect(await firstOutcome(socket, EVENTS, { roomId })).toEqual({ refused: sanctionRefusal(ban) });
    await socket.dispose();
  });

  it("cannot report what it read before the ban, and sees the ban on the room", async () => {
    const approved = messageIds.get("held, then approved")!;
    const result = await client().request(REPORT, { id: approved });
    expect(refusal(result)).toEqual(sanctionRefusal(ban));
    const { room } = await client().ok(VIEWER_SANCTION, { id: roomId });
    expect(room.viewerSanction).toMatchObject({ id: ban.id, kind: "BAN", endsAt: null, reason: "no longer welcome" });
  });

  it("reaches no message text by any path", async () => {
    const answers = await Promise.all([
      client().request(`query($id: ID) { room(id: $id) { name messageCount lastSeq } }`, { id: roomId }),
      client().request(`{ moderationQueue(status: PENDING) { edges { node { text } } } }`),
      client().request(`{ notices { edges { node { text } } } }`),
    ]);
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain("held words");
    expect(refusal(answers[1]!).code).toBe("FORBIDDEN");
  });
});
