import type { ModerationWorker } from "@chatmod/worker/worker";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GraphQLClient, gql } from "../helpers/graphql.ts";
import { scrape } from "../helpers/metrics.ts";
import { JOIN_ROOM, SEND_MESSAGE } from "../helpers/operations.ts";
import {
  LIFT,
  minutesBetween,
  NOTICES_LIVE,
  type PolicyInput,
  refusal,
  SANCTION_FIELDS,
  type SanctionView,
  sanctionRefusal,
  sendText,
  signUpModerator,
  UPDATE_POLICY,
} from "../helpers/people.ts";
import { createRoom, signUp, type TestApi, TestStack } from "../helpers/stack.ts";
import { collect, countListeners, wsClient } from "../helpers/subscriptions.ts";
import { waitFor } from "../helpers/wait.ts";
import { connectSql, startWorker } from "./worker-support.ts";

// Automatic escalation: a member whose messages keep being flagged or rejected is timed out by the
// worker, under the room's policy (default: 3 within 10 minutes → 10 minutes; again within 24 h → 24 h).

const ABUSIVE = ["this is fucking annoying", "you are a stupid idiot", "I will kill you"];
const MORE_ABUSIVE = ["shut up you moron", "what a fucking mess this is", "you are a stupid idiot, again"];

type Automatic = SanctionView & { actor: { id: string } | null; triggeringMessages: { id: string }[] };
const SANCTIONS_OF = gql<{ sanctions: { edges: { node: Automatic }[] } }, { userId: string; roomId?: string }>(
  `query($userId: ID, $roomId: ID) { sanctions(userId: $userId, roomId: $roomId) { edges { node {
  ${SANCTION_FIELDS} actor { id } triggeringMessages { id }
} } } }`,
);
const MODERATION_EVENTS = gql<{
  moderationEvents: { kind: string; sanction: { id: string; isAutomatic: boolean } | null };
}>(`subscription { moderationEvents { kind sanction { id isAutomatic } } }`);

let stack: TestStack;
let a: TestApi;
let b: TestApi;
let admin: GraphQLClient;
let moderator: Awaited<ReturnType<typeof signUpModerator>>;
let worker: ModerationWorker;
let sql: pg.Client;
let metricsUrl: string;
beforeAll(async () => {
  stack = await TestStack.create();
  ({ admin, ...a } = await stack.startApiWithAdmin());
  b = await stack.startApi();
  moderator = await signUpModerator(a, admin);
  worker = startWorker(stack);
  metricsUrl = await worker.startMetrics(0, "127.0.0.1");
  sql = await connectSql(stack.databaseUrl);
});
afterAll(async () => {
  await worker?.close();
  await sql?.end();
  await stack.close();
});

/** A room (with `policy`, if given) and a member in it, who sends through replica A. */
async function roomWithMember(policy?: PolicyInput) {
  const owner = await signUp(a.client);
  const member = await signUp(a.client);
  const room = await createRoom(owner.client);
  await member.client.ok(JOIN_ROOM, { id: room.id });
  if (policy) await owner.client.ok(UPDATE_POLICY, { id: room.id, input: policy });
  return { owner, member, room, onB: b.client.as(member.token) };
}

/**
 * Waits until the worker has settled each message: its verdict is stored, and the escalation check
 * that follows it in the same batch has run. The worker counts a verdict once its batch, that
 * check included, is done; so once it counts as many as Postgres holds, none is still in hand.
 */
async function settled(messageIds: readonly string[]) {
  await waitFor(`batches of ${messageIds.length} messages done`, async () => {
    const { rows } = await sql.query<{ mine: number; automatic: number }>(
      `SELECT count(*) FILTER (WHERE "messageId" = ANY($1::uuid[]))::int AS mine, count(*)::int AS automatic
       FROM "ModerationDecision" WHERE "moderatorId" IS NULL`,
      [messageIds],
    );
    if (rows[0]!.mine < messageIds.length) return null;
    const counted = await scrape(metricsUrl);
    const verdicts = ["APPROVED", "FLAGGED", "REJECTED"].reduce(
      (sum, outcome) => sum + counted.value("chatmod_moderation_verdicts_total", { outcome }),
      0,
    );
    return verdicts >= rows[0]!.automatic ? true : null;
  });
}

async function sanctionsOf(userId: string, roomId?: string) {
  const { sanctions } = await b.client.as(moderator.token).ok(SANCTIONS_OF, { userId, ...(roomId ? { roomId } : {}) });
  return sanctions.edges.map((edge) => edge.node);
}

const send = (client: GraphQLClient, roomId: string, text = "sorry, everyone") =>
  client.request(SEND_MESSAGE, { input: { roomId, text, clientId: crypto.randomUUID() } });

describe("automatic escalation, with the room's default policy", () => {
  it("times a member out for 10 minutes after three abusive messages; a moderator lifts it", async () => {
    const { member, room, onB } = await roomWithMember();
    const feed = wsClient(b.wsUrl, moderator.token);
    const moderatorListens = countListeners(b, "moderation");
    const events = collect(feed, MODERATION_EVENTS, {});
    await moderatorListens.until(1);
    const memberSocket = wsClient(b.wsUrl, member.token);
    const memberListens = countListeners(b, "person");
    const notices = collect(memberSocket, NOTICES_LIVE, {});
    await memberListens.until(1);

    const sent: string[] = [];
    for (const text of ABUSIVE) sent.push((await sendText(member.client, room.id, text)).id);
    await settled(sent);
    // The rejected one brings its own notice (MESSAGE_REMOVED); the timeout, one more.
    const notice = await waitFor("the SANCTIONED notice", () =>
      notices.events.find((event) => event.notices.kind === "SANCTIONED"),
    );

    const [sanction, ...others] = await sanctionsOf(member.user.id, room.id);
    expect(others).toEqual([]);
    expect(sanction).toMatchObject({
      kind: "TIMEOUT",
      isAutomatic: true,
      actor: null,
      inForce: true,
      room: { id: room.id },
      rule: "3 messages flagged or rejected within 10 min → timeout 10 min",
      reason: "Automatic: 3 messages flagged or rejected within 10 minutes.",
    });
    expect(minutesBetween(sanction!.startsAt, sanction!.endsAt)).toBe(10);
    expect(sanction!.triggeringMessages.map((message) => message.id)).toEqual(sent);

    // The member is told, live, with the end; moderators hear of it live.
    expect(notice.notices).toMatchObject({
      kind: "SANCTIONED",
      room: { id: room.id },
      sanction: { id: sanction!.id, kind: "TIMEOUT", endsAt: sanction!.endsAt },
      text: expect.stringMatching(/^You are muted in #.+ until .+ UTC: Automatic: 3 messages/),
    });
    await waitFor("the SANCTIONED moderation event", () =>
      events.events.find((event) => event.moderationEvents.kind === "SANCTIONED"),
    );
    expect(events.events.filter((event) => event.moderationEvents.kind === "SANCTIONED")).toEqual([
      { moderationEvents: { kind: "SANCTIONED", sanction: { id: sanction!.id, isAutomatic: true } } },
    ]);
    // Its person reads it, but not which messages set it off (moderators only).
    const own = await onB.ok(SANCTIONS_OF, { userId: member.user.id });
    expect(own.sanctions.edges.map((edge) => edge.node)).toEqual([
      expect.objectContaining({ id: sanction!.id, actor: null, triggeringMessages: [] }),
    ]);

    expect(refusal(await send(onB, room.id))).toEqual(sanctionRefusal(sanction!));
    await moderator.client.ok(LIFT, { id: sanction!.id, reason: "they apologised" });
    expect((await send(onB, room.id)).errors).toBeUndefined();
    await Promise.all([feed.dispose(), memberSocket.dispose()]);
  });

  it("a second escalation within the repeat window lasts 24 hours and counts only the new messages", async () => {
    const { member, room, onB } = await roomWithMember();
    const first: string[] = [];
    for (const text of ABUSIVE) first.push((await sendText(member.client, room.id, text)).id);
    await settled(first);
    const [timeout] = await sanctionsOf(member.user.id, room.id);
    expect(timeout).toMatchObject({ isAutomatic: true, inForce: true });
    await moderator.client.ok(LIFT, { id: timeout!.id });

    const second: string[] = [];
    for (const text of MORE_ABUSIVE) second.push((await sendText(member.client, room.id, text)).id);
    await settled(second);
    const [latest, earlier] = await sanctionsOf(member.user.id, room.id);
    expect(earlier?.id).toBe(timeout!.id);
    expect(latest).toMatchObject({
      kind: "TIMEOUT",
      isAutomatic: true,
      inForce: true,
      rule: "3 messages flagged or rejected within 10 min → timeout 1 d (again within 24 h: step 2)",
    });
    expect(minutesBetween(latest!.startsAt, latest!.endsAt)).toBe(1440);
    expect(latest!.triggeringMessages.map((message) => message.id)).toEqual(second);
    expect(refusal(await send(onB, room.id))).toEqual(sanctionRefusal(latest!));
  });

  it("two abusive messages are not enough", async () => {
    const { member, room, onB } = await roomWithMember();
    const sent: string[] = [];
    for (const text of ABUSIVE.slice(0, 2)) sent.push((await sendText(member.client, room.id, text)).id);
    await settled(sent);
    expect(await sanctionsOf(member.user.id)).toEqual([]);
    expect((await send(onB, room.id)).errors).toBeUndefined();
  });
});

describe("the room's escalation policy", () => {
  it("disabled: nothing happens", async () => {
    const { member, room, onB } = await roomWithMember({ escalation: { enabled: false } });
    const sent: string[] = [];
    for (const text of [...ABUSIVE, ...MORE_ABUSIVE]) sent.push((await sendText(member.client, room.id, text)).id);
    await settled(sent);
    expect(await sanctionsOf(member.user.id)).toEqual([]);
    expect((await send(onB, room.id)).errors).toBeUndefined();
  });

  it("its own count and steps: 2 messages → 5 minutes", async () => {
    const { member, room, onB } = await roomWithMember({ escalation: { count: 2, timeoutMinutes: [5, 60] } });
    const sent: string[] = [];
    for (const text of ABUSIVE.slice(0, 2)) sent.push((await sendText(member.client, room.id, text)).id);
    await settled(sent);
    const [sanction] = await sanctionsOf(member.user.id, room.id);
    expect(sanction).toMatchObject({ rule: "2 messages flagged or rejected within 10 min → timeout 5 min" });
    expect(minutesBetween(sanction!.startsAt, sanction!.endsAt)).toBe(5);
    expect(refusal(await send(onB, room.id))).toEqual(sanctionRefusal(sanction!));
  });

  it("clean messages never count", async () => {
    const { member, room } = await roomWithMember({ escalation: { count: 2 } });
    const sent: string[] = [];
    for (const text of ["Good morning everyone, lovely weather today", ABUSIVE[0]!, "Thanks, see you all later"])
      sent.push((await sendText(member.client, room.id, text)).id);
    await settled(sent);
    expect(await sanctionsOf(member.user.id)).toEqual([]);
  });
});

describe("moderators and escalation", () => {
  // Moderators cannot be timed out, by a moderator or by the escalation, and they post everywhere.
  it("a moderator's flagged messages do not time them out", async () => {
    const { room } = await roomWithMember();
    await moderator.client.ok(JOIN_ROOM, { id: room.id });
    const sent: string[] = [];
    for (const text of ABUSIVE) sent.push((await sendText(moderator.client, room.id, text)).id);
    await settled(sent);
    expect(await sanctionsOf(moderator.user.id)).toEqual([]);
    expect((await send(b.client.as(moderator.token), room.id)).errors).toBeUndefined();
  });
});
