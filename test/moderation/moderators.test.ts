import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.ts";
import {
  DELETE_MESSAGE,
  JOIN_ROOM,
  MAKE_MODERATOR,
  type ModerateMessagesInput,
  REPORT_MESSAGE,
  SEND_MESSAGE as SEND,
} from "../helpers/operations.ts";
import { createRoom, signUp, TEST_ADMIN, type TestApi, TestStack } from "../helpers/stack.ts";
import { collect, countListeners, wsClient } from "../helpers/subscriptions.ts";

type Decided = { id: string; moderationStatus: string; heldForReview: boolean; reportCount: number };
const MODERATE = gql<{ moderateMessages: Decided[] }, { input: ModerateMessagesInput }>(
  `mutation($input: ModerateMessagesInput!) { moderateMessages(input: $input) { id moderationStatus heldForReview reportCount } }`,
);
const IN_ROOM = gql<{ room: { messagesAfter: { id: string }[] } }, { id: string }>(
  `query($id: ID) { room(id: $id) { messagesAfter(seq: 0) { id } } }`,
);
const QUEUED = gql<{ moderationQueue: { edges: { node: { id: string } }[] } }, { room: string }>(
  `query($room: ID) { moderationQueue(status: PENDING, roomId: $room) { edges { node { id } } } }`,
);
const REPORTED = gql<{ moderationQueue: { edges: { node: { id: string } }[] } }, { room: string }>(
  `query($room: ID) { moderationQueue(status: REPORTED, roomId: $room) { edges { node { id } } } }`,
);
const EDIT = gql<{ editMessage: { id: string } }, { id: string; text: string }>(
  `mutation($id: ID!, $text: String!) { editMessage(messageId: $id, text: $text) { id } }`,
);

let stack: TestStack;
let api: TestApi;
let admin: TestApi["client"];
let moderator: Awaited<ReturnType<typeof signUp>>;

beforeAll(async () => {
  stack = await TestStack.create();
  ({ admin, ...api } = await stack.startApiWithAdmin());
  moderator = await signUp(api.client);
  await admin.ok(MAKE_MODERATOR, {
    id: moderator.user.id,
  });
});
afterAll(() => stack.close());

async function roomWithMessages(count: number, options: { threshold?: number } = {}) {
  const author = await signUp(api.client);
  const reader = await signUp(api.client);
  const room = await createRoom(author.client);
  await reader.client.ok(JOIN_ROOM, { id: room.id });
  if (options.threshold)
    await author.client.ok(
      gql<{ updateRoomPolicy: { id: string } }, { id: string; n: number }>(
        `mutation($id: ID!, $n: Int) { updateRoomPolicy(roomId: $id, input: { reportThreshold: $n }) { id } }`,
      ),
      { id: room.id, n: options.threshold },
    );
  const ids: string[] = [];
  for (let i = 0; i < count; i++)
    ids.push(
      (
        await author.client.ok(SEND, {
          input: { roomId: room.id, text: `message ${i}`, clientId: crypto.randomUUID() },
        })
      ).sendMessage.id,
    );
  return { author, reader, room, ids };
}

describe("roles", () => {
  it("admins make and unmake moderators; nobody else can", async () => {
    const someone = await signUp(api.client);
    const setRole = gql<{ setUserRole: { role: string } }, { id: string; role: string }>(
      `mutation($id: ID!, $role: Role!) { setUserRole(userId: $id, role: $role) { role } }`,
    );
    expect(await moderator.client.errorCode(setRole, { id: someone.user.id, role: "MODERATOR" })).toBe("FORBIDDEN");
    expect((await admin.ok(setRole, { id: someone.user.id, role: "MODERATOR" })).setUserRole.role).toBe("MODERATOR");
    expect((await admin.ok(setRole, { id: someone.user.id, role: "MEMBER" })).setUserRole.role).toBe("MEMBER");
    expect(await admin.errorCode(setRole, { id: someone.user.id, role: "ADMIN" })).toBe("BAD_USER_INPUT");
    expect(await someone.client.errorCode(`{ moderationQueue(status: PENDING) { edges { node { id } } } }`)).toBe(
      "FORBIDDEN",
    );
  });
});

describe("decisions", () => {
  it("approves, rejects and restores in bulk, each with an audit row and a live event", async () => {
    const { reader, room, ids } = await roomWithMessages(3);
    const watcher = wsClient(api.wsUrl, reader.token);
    const events = collect(
      watcher,
      gql<{ roomEvents: { kind: string; message: { id: string; visibility: string } } }, { roomId: string }>(
        `subscription($roomId: ID!) { roomEvents(roomId: $roomId, afterSeq: 3) { kind message { id visibility } } }`,
      ),
      { roomId: room.id },
    );
    const rejected = await moderator.client.ok(MODERATE, {
      input: { messageIds: ids.slice(0, 2), action: "REJECT", reason: "spam" },
    });
    expect(rejected.moderateMessages.map((m) => m.moderationStatus)).toEqual(["REJECTED", "REJECTED"]);
    const live = await events.until(2);
    expect(live.map((event) => [event.roomEvents.kind, event.roomEvents.message.visibility])).toEqual([
      ["MESSAGE_MODERATED", "HIDDEN"],
      ["MESSAGE_MODERATED", "HIDDEN"],
    ]);
    await moderator.client.ok(MODERATE, {
      input: { messageIds: [ids[0]!], action: "RESTORE", reason: "on second thought" },
    });
    expect((await events.until(3))[2]?.roomEvents.message.visibility).toBe("VISIBLE");

    type Decision = { fromStatus: string; toStatus: string; reason: string; moderator: { username: string } };
    const audit = await moderator.client.ok(
      gql<{ moderationDecisions: { edges: { node: Decision }[] } }, { id: string }>(
        `query($id: ID) { moderationDecisions(messageId: $id) { edges { node { fromStatus toStatus reason moderator { username } } } } }`,
      ),
      { id: ids[0]! },
    );
    expect(audit.moderationDecisions.edges.map((edge) => edge.node)).toEqual([
      {
        fromStatus: "REJECTED",
        toStatus: "APPROVED",
        reason: "on second thought",
        moderator: { username: moderator.user.username },
      },
      { fromStatus: "PENDING", toStatus: "REJECTED", reason: "spam", moderator: { username: moderator.user.username } },
    ]);
    await watcher.dispose();
  });

  it("refuses impossible transitions for the whole batch, with a readable reason", async () => {
    const { ids } = await roomWithMessages(2);
    await moderator.client.ok(MODERATE, { input: { messageIds: [ids[0]!], action: "REJECT" } });
    const result = await moderator.client.request(MODERATE, { input: { messageIds: ids, action: "REJECT" } });
    expect(result.errors?.[0]?.extensions?.["code"]).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0]?.message).toMatch(/already rejected/);
    const second = await api.app.services.db.message.findUniqueOrThrow({ where: { id: ids[1] as string } });
    expect(second.moderationStatus).toBe("PENDING");
    expect(await moderator.client.errorCode(MODERATE, { input: { messageIds: [ids[1]!], action: "RESTORE" } })).toBe(
      "BAD_USER_INPUT",
    );
    expect(await moderator.client.errorCode(MODERATE, { input: { messageIds: [], action: "APPROVE" } })).toBe(
      "BAD_USER_INPUT",
    );
  });

  it("tells moderators live who decided what, and why, about decisions by other moderators", async () => {
    const { reader, ids } = await roomWithMessages(1);
    const listening = countListeners(api, "moderation");
    const client = wsClient(api.wsUrl, moderator.token);
    type Live = {
      kind: string;
      moderator: { username: string } | null;
      decision: { fromStatus: string; toStatus: string; reason: string; moderator: { username: string } } | null;
      message: { id: string; moderationStatus: string };
    };
    const feed = collect(
      client,
      gql<{ moderationEvents: Live }>(`subscription { moderationEvents {
        kind moderator { username } decision { fromStatus toStatus reason moderator { username } }
        message { id moderationStatus } } }`),
      {},
    );
    await listening.until(1);
    await admin.ok(MODERATE, { input: { messageIds: ids, action: "APPROVE", reason: "fine" } });
    const [event] = await feed.until(1);
    expect(event?.moderationEvents).toEqual({
      kind: "DECISION",
      moderator: { username: TEST_ADMIN.username },
      decision: {
        fromStatus: "PENDING",
        toStatus: "APPROVED",
        reason: "fine",
        moderator: { username: TEST_ADMIN.username },
      },
      message: { id: ids[0], moderationStatus: "APPROVED" },
    });

    // A report names nobody, not even to moderators.
    await reader.client.ok(REPORT_MESSAGE, { id: ids[0]! });
    expect((await feed.until(2))[1]?.moderationEvents).toMatchObject({
      kind: "REPORTED",
      moderator: null,
      decision: null,
    });

    // Two decisions in a row on one message, by two people: each event names its own.
    await admin.ok(MODERATE, { input: { messageIds: ids, action: "REJECT", reason: "spam" } });
    await moderator.client.ok(MODERATE, { input: { messageIds: ids, action: "RESTORE", reason: "on appeal" } });
    const decisions = (await feed.until(4))
      .slice(2)
      .map(({ moderationEvents: { moderator, decision } }) => [
        moderator?.username,
        decision?.toStatus,
        decision?.reason,
      ])
      .sort((a, b) => String(a[2]).localeCompare(String(b[2])));
    expect(decisions).toEqual([
      [moderator.user.username, "APPROVED", "on appeal"],
      [TEST_ADMIN.username, "REJECTED", "spam"],
    ]);
    await client.dispose();
    const member = await signUp(api.client);
    const refused = collect(
      wsClient(api.wsUrl, member.token),
      gql<{ moderationEvents: { kind: string } }>(`subscription { moderationEvents { kind } }`),
      {},
    );
    await refused.settled();
    expect(JSON.stringify(refused.errors)).toContain("FORBIDDEN");
  });

  it("tells moderators live when a message sent in pre-moderation waits for them", async () => {
    const { author, room } = await roomWithMessages(0);
    await author.client.ok(
      gql<{ updateRoomPolicy: { id: string } }, { id: string }>(
        `mutation($id: ID!) { updateRoomPolicy(roomId: $id, input: { moderationMode: PRE }) { id } }`,
      ),
      { id: room.id },
    );
    const listening = countListeners(api, "moderation");
    const client = wsClient(api.wsUrl, moderator.token);
    const feed = collect(
      client,
      gql<{ moderationEvents: { kind: string; message: { id: string; moderationStatus: string } } }>(
        `subscription { moderationEvents { kind message { id moderationStatus } } }`,
      ),
      {},
    );
    await listening.until(1);
    const sent = await author.client.ok(SEND, {
      input: { roomId: room.id, text: "hold me", clientId: crypto.randomUUID() },
    });
    const [event] = await feed.until(1);
    expect(event?.moderationEvents).toEqual({
      kind: "QUEUED",
      message: { id: sent.sendMessage.id, moderationStatus: "PENDING" },
    });
    await client.dispose();
  });
});

describe("messages their authors deleted", () => {
  it("leave the queue, and a decision on one is refused, changing nothing", async () => {
    const { author, room, ids } = await roomWithMessages(2);
    await author.client.ok(DELETE_MESSAGE, { id: ids[0]! });
    const queue = await moderator.client.ok(QUEUED, { room: room.id });
    expect(queue.moderationQueue.edges).toEqual([{ node: { id: ids[1] } }]);

    const refused = await moderator.client.request(MODERATE, { input: { messageIds: ids, action: "REJECT" } });
    expect(refused.errors?.[0]).toMatchObject({
      message: "Cannot reject: message 1 is deleted by its author.",
      extensions: { code: "BAD_USER_INPUT", messageIds: [ids[0]!] },
    });
    const decisions = await api.app.services.db.moderationDecision.count({ where: { messageId: { in: ids } } });
    expect(decisions).toBe(0);
  });
});

describe("reports", () => {
  it("queues a reported message and hides it once the room's threshold is reached", async () => {
    const { reader, room, ids } = await roomWithMessages(1, { threshold: 2 });
    const other = await signUp(api.client);
    await other.client.ok(JOIN_ROOM, { id: room.id });
    const report = gql<{ reportMessage: { heldForReview: boolean } }, { id: string; reason: string }>(
      `mutation($id: ID!, $reason: String!) { reportMessage(messageId: $id, reason: $reason) { heldForReview } }`,
    );

    expect((await reader.client.ok(report, { id: ids[0]!, reason: "rude" })).reportMessage.heldForReview).toBe(false);
    expect(await reader.client.errorCode(report, { id: ids[0]!, reason: "again" })).toBe("CONFLICT");
    const queue = await moderator.client.ok(
      gql<{ moderationQueue: { edges: { node: { id: string; reportCount: number } }[] } }, { room: string }>(
        `query($room: ID) { moderationQueue(status: REPORTED, roomId: $room) { edges { node { id reportCount } } } }`,
      ),
      { room: room.id },
    );
    expect(queue.moderationQueue.edges.map((edge) => edge.node)).toEqual([{ id: ids[0], reportCount: 1 }]);

    expect((await other.client.ok(report, { id: ids[0]!, reason: "very rude" })).reportMessage.heldForReview).toBe(
      true,
    );
    const seen = await reader.client.ok(IN_ROOM, { id: room.id });
    expect(seen.room.messagesAfter).toEqual([]);

    await moderator.client.ok(MODERATE, { input: { messageIds: ids, action: "APPROVE", reason: "banter" } });
    const back = await reader.client.ok(
      gql<{ room: { messagesAfter: { id: string; heldForReview: boolean }[] } }, { id: string }>(
        `query($id: ID) { room(id: $id) { messagesAfter(seq: 0) { id heldForReview } } }`,
      ),
      { id: room.id },
    );
    expect(back.room.messagesAfter).toEqual([{ id: ids[0], heldForReview: false }]);
    const after = await moderator.client.ok(REPORTED, { room: room.id });
    expect(after.moderationQueue.edges).toEqual([]);
  });

  it("after a moderator keeps a reported message, holds it again only on the threshold of new reports", async () => {
    const { reader, room, ids } = await roomWithMessages(1, { threshold: 2 });
    const [second, third, fourth] = [await signUp(api.client), await signUp(api.client), await signUp(api.client)];
    for (const member of [second, third, fourth]) await member.client.ok(JOIN_ROOM, { id: room.id });
    const report = gql<{ reportMessage: { heldForReview: boolean } }, { id: string; reason: string }>(
      `mutation($id: ID!, $reason: String!) { reportMessage(messageId: $id, reason: $reason) { heldForReview } }`,
    );
    await reader.client.ok(report, { id: ids[0]!, reason: "rude" });
    expect((await second.client.ok(report, { id: ids[0]!, reason: "rude" })).reportMessage.heldForReview).toBe(true);
    const [kept] = (
      await moderator.client.ok(MODERATE, { input: { messageIds: ids, action: "APPROVE", reason: "banter" } })
    ).moderateMessages;
    expect(kept).toMatchObject({ heldForReview: false, reportCount: 0 });

    expect((await third.client.ok(report, { id: ids[0]!, reason: "rude" })).reportMessage.heldForReview).toBe(false);
    expect((await fourth.client.ok(report, { id: ids[0]!, reason: "rude" })).reportMessage.heldForReview).toBe(true);
  });

  it("tells each member whether they reported a message, and shows moderators the reasons, not the reporters", async () => {
    const { author, reader, room, ids } = await roomWithMessages(2, { threshold: 5 });
    const other = await signUp(api.client);
    await other.client.ok(JOIN_ROOM, { id: room.id });
    const report = gql<{ reportMessage: { id: string; viewerHasReported: boolean } }, { id: string; reason: string }>(
      `mutation($id: ID!, $reason: String!) { reportMessage(messageId: $id, reason: $reason) { id viewerHasReported } }`,
    );
    type Listed = { id: string; viewerHasReported: boolean; reports: { reason: string }[] | null };
    const history = gql<{ room: { messages: { edges: { node: Listed }[] } } }, { id: string }>(
      `query($id: ID) { room(id: $id) { messages(order: OLDEST_FIRST) { edges { node { id viewerHasReported reports { reason } } } } } }`,
    );
    const reportedIn = async (client: typeof reader.client) =>
      (await client.ok(history, { id: room.id })).room.messages.edges.map(({ node }) => [
        node.viewerHasReported,
        node.reports,
      ]);

    expect((await reader.client.ok(report, { id: ids[0]!, reason: "rude" })).reportMessage.viewerHasReported).toBe(
      true,
    );
    await other.client.ok(report, { id: ids[0]!, reason: "spam, again" });
    expect(await reportedIn(reader.client)).toEqual([
      [true, null],
      [false, null],
    ]);
    expect(await reportedIn(other.client)).toEqual([
      [true, null],
      [false, null],
    ]);
    expect(await reportedIn(author.client)).toEqual([
      [false, null],
      [false, null],
    ]);

    type Reported = { id: string; reportCount: number; reports: { reason: string; createdAt: string }[] };
    const queue = await moderator.client.ok(
      gql<{ moderationQueue: { edges: { node: Reported }[] } }, { room: string }>(
        `query($room: ID) { moderationQueue(status: REPORTED, roomId: $room) { edges { node { id reportCount reports { reason createdAt } } } } }`,
      ),
      { room: room.id },
    );
    const [reported] = queue.moderationQueue.edges.map((edge) => edge.node);
    expect(reported).toMatchObject({
      id: ids[0],
      reportCount: 2,
      reports: [{ reason: "rude" }, { reason: "spam, again" }],
    });
    expect(Object.keys(reported?.reports[0] ?? {}).sort()).toEqual(["createdAt", "reason"]);

    // A decision settles the reports: moderators no longer list them, but each member still cannot report twice.
    await moderator.client.ok(MODERATE, { input: { messageIds: [ids[0]!], action: "APPROVE", reason: "banter" } });
    const settled = await moderator.client.ok(history, { id: room.id });
    expect(settled.room.messages.edges[0]?.node.reports).toEqual([]);
    expect((await reportedIn(reader.client))[0]).toEqual([true, null]);
  });

  it("executes a live event once per viewer when the subscription asks whether the viewer reported it", async () => {
    const { author, reader, room, ids } = await roomWithMessages(1, { threshold: 5 });
    const other = await signUp(api.client);
    await other.client.ok(JOIN_ROOM, { id: room.id });
    await reader.client.ok(REPORT_MESSAGE, { id: ids[0]! });
    type Event = { roomEvents: { seq: number; message: { id: string; viewerHasReported: boolean } } };
    const query = gql<Event, { roomId: string }>(
      `subscription($roomId: ID!) { roomEvents(roomId: $roomId, afterSeq: 1) { seq message { id viewerHasReported } } }`,
    );
    const feeds = [reader, other].map((member) =>
      collect(wsClient(api.wsUrl, member.token), query, { roomId: room.id }),
    );
    // Once both have the next message, both follow the room's live feed, which hands them one shared event.
    await author.client.ok(SEND, { input: { roomId: room.id, text: "probe", clientId: crypto.randomUUID() } });
    await Promise.all(feeds.map((feed) => feed.until(1)));
    await author.client.ok(EDIT, { id: ids[0]!, text: "edited" });
    const edits = await Promise.all(feeds.map(async (feed) => (await feed.until(2))[1]!.roomEvents));
    expect(edits.map((event) => [event.seq, event.message.id, event.message.viewerHasReported])).toEqual([
      [3, ids[0], true],
      [3, ids[0], false],
    ]);
    for (const feed of feeds) feed.unsubscribe();
  });

  it("says whether a message was sent under pre-moderation, whatever the room's mode is now", async () => {
    const { author, room } = await roomWithMessages(0);
    const mode = gql<{ updateRoomPolicy: { id: string } }, { id: string; mode: string }>(
      `mutation($id: ID!, $mode: ModerationMode) { updateRoomPolicy(roomId: $id, input: { moderationMode: $mode }) { id } }`,
    );
    const sendPreModerated = gql<
      { sendMessage: { preModerated: boolean } },
      { input: { roomId: string; text: string; clientId: string } }
    >(`mutation($input: SendMessageInput!) { sendMessage(input: $input) { preModerated } }`);
    const send = async (text: string) =>
      (await author.client.ok(sendPreModerated, { input: { roomId: room.id, text, clientId: crypto.randomUUID() } }))
        .sendMessage.preModerated;
    expect(await send("before")).toBe(false);
    await author.client.ok(mode, { id: room.id, mode: "PRE" });
    expect(await send("held")).toBe(true);
    await author.client.ok(mode, { id: room.id, mode: "POST" });
    expect(await send("after")).toBe(false);
    const history = await author.client.ok(
      gql<{ room: { messagesAfter: { text: string; preModerated: boolean }[] } }, { id: string }>(
        `query($id: ID) { room(id: $id) { messagesAfter(seq: 0) { text preModerated } } }`,
      ),
      { id: room.id },
    );
    expect(history.room.messagesAfter).toEqual([
      { text: "before", preModerated: false },
      { text: "held", preModerated: true },
      { text: "after", preModerated: false },
    ]);
  });

  it("refuses reports of your own message and over-long reasons", async () => {
    const { author, ids } = await roomWithMessages(1);
    const report = `mutation($id: ID!, $reason: String!) { reportMessage(messageId: $id, reason: $reason) { id } }`;
    expect(await author.client.errorCode(report, { id: ids[0]!, reason: "me" })).toBe("FORBIDDEN");
    expect(await author.client.errorCode(report, { id: ids[0]!, reason: "x".repeat(501) })).toBe("BAD_USER_INPUT");
  });
});

type RoomStatistic =
  | "messagesTotal"
  | "messagesLast24h"
  | "messagesLast7d"
  | "pending"
  | "flagged"
  | "rejected"
  | "heldForReview"
  | "activeUsersLast24h"
  | "activeUsersLast7d"
  | "sentimentPositive"
  | "sentimentNeutral"
  | "sentimentNegative";

describe("room statistics and policy", () => {
  it("counts messages, moderation states, active users and sentiment", async () => {
    const { room, ids, reader } = await roomWithMessages(4);
    await reader.client.ok(SEND, { input: { roomId: room.id, text: "hello", clientId: crypto.randomUUID() } });
    const db = api.app.services.db;
    await db.message.update({
      where: { id: ids[0] as string },
      data: { moderationStatus: "FLAGGED", sentimentScore: -3 },
    });
    await db.message.update({
      where: { id: ids[1] as string },
      data: { moderationStatus: "REJECTED", sentimentScore: 2 },
    });
    await db.message.update({
      where: { id: ids[2] as string },
      data: { moderationStatus: "APPROVED", sentimentScore: 0 },
    });
    await db.message.update({
      where: { id: ids[3] as string },
      data: { createdAt: new Date(Date.now() - 3 * 86_400_000) },
    });
    const stats = await moderator.client.ok(
      gql<{ roomStats: { [count in RoomStatistic]: number } }, { id: string }>(
        `query($id: ID!) { roomStats(roomId: $id) {
      messagesTotal messagesLast24h messagesLast7d pending flagged rejected heldForReview
      activeUsersLast24h activeUsersLast7d sentimentPositive sentimentNeutral sentimentNegative } }`,
      ),
      { id: room.id },
    );
    expect(stats.roomStats).toEqual({
      messagesTotal: 5,
      messagesLast24h: 4,
      messagesLast7d: 5,
      pending: 2,
      flagged: 1,
      rejected: 1,
      heldForReview: 0,
      activeUsersLast24h: 2,
      activeUsersLast7d: 2,
      sentimentPositive: 1,
      sentimentNeutral: 1,
      sentimentNegative: 1,
    });
    expect(
      await reader.client.errorCode(`query($id: ID!) { roomStats(roomId: $id) { messagesTotal } }`, { id: room.id }),
    ).toBe("FORBIDDEN");
  });

  it("lets the creator set the room's policy, validated, and hides it from members", async () => {
    const { author, reader, room } = await roomWithMessages(0);
    type Policy = { blockedTerms: string[]; allowedTerms: string[]; thresholds: { flagSeverity: string | null } };
    const update = gql<
      { updateRoomPolicy: { moderationMode: string; reportThreshold: number; policy: Policy } },
      { id: string; input: Record<string, unknown> }
    >(`mutation($id: ID!, $input: RoomPolicyInput!) { updateRoomPolicy(roomId: $id, input: $input) {
      moderationMode reportThreshold policy { blockedTerms allowedTerms thresholds { flagSeverity } } } }`);
    const input = {
      moderationMode: "PRE",
      blockedTerms: ["durian"],
      allowedTerms: ["scunthorpe"],
      thresholds: { flagSeverity: "mild" },
    };
    const updated = await author.client.ok(update, { id: room.id, input });
    expect(updated.updateRoomPolicy).toEqual({
      moderationMode: "PRE",
      reportThreshold: 3,
      policy: { blockedTerms: ["durian"], allowedTerms: ["scunthorpe"], thresholds: { flagSeverity: "mild" } },
    });
    expect(await reader.client.errorCode(update, { id: room.id, input })).toBe("FORBIDDEN");
    const bad = await author.client.request(update, {
      id: room.id,
      input: { thresholds: { flagSeverity: "extreme" } },
    });
    expect(bad.errors?.[0]?.extensions?.["code"]).toBe("BAD_USER_INPUT");
    expect(bad.errors?.[0]?.message).toMatch(/flagSeverity/);
    const seen = await reader.client.ok(
      gql<{ room: { moderationMode: string; policy: { blockedTerms: string[] } | null } }, { id: string }>(
        `query($id: ID) { room(id: $id) { moderationMode policy { blockedTerms } } }`,
      ),
      { id: room.id },
    );
    expect(seen.room).toEqual({ moderationMode: "PRE", policy: null });

    // Messages sent in pre-moderation are held: the author sees them, others do not.
    const sent = await author.client.ok(SEND, {
      input: { roomId: room.id, text: "held", clientId: crypto.randomUUID() },
    });
    const forReader = await reader.client.ok(IN_ROOM, { id: room.id });
    expect(forReader.room.messagesAfter).toEqual([]);
    await moderator.client.ok(MODERATE, { input: { messageIds: [sent.sendMessage.id], action: "APPROVE" } });
    const released = await reader.client.ok(
      gql<{ room: { messagesAfter: { text: string }[] } }, { id: string }>(
        `query($id: ID) { room(id: $id) { messagesAfter(seq: 0) { text } } }`,
      ),
      { id: room.id },
    );
    expect(released.room.messagesAfter).toEqual([{ text: "held" }]);
  });
});
