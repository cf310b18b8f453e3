import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GraphQLClient, gql } from "../helpers/graphql.ts";
import { JOIN_ROOM, MODERATE_MESSAGES, SEND_MESSAGE } from "../helpers/operations.ts";
import {
  BAN,
  NOTICES,
  NOTICES_LIVE,
  REPORT,
  refusal,
  SANCTION,
  sendText,
  signUpModerator,
  TIME_OUT,
  UPDATE_POLICY,
} from "../helpers/people.ts";
import { createRoom, signUp, type TestApi, TestStack } from "../helpers/stack.ts";
import { collect, countListeners, wsClient } from "../helpers/subscriptions.ts";
import { waitFor } from "../helpers/wait.ts";

// Reports (categories, who reads them, their rate, their weight) and appeals (of a removed message
// or of a sanction, once each, decided by a moderator). Acted through one replica, checked through the other.

type Report = {
  category: string;
  reason: string;
  weight: number;
  outcome: string | null;
  reporter: { username: string };
};
type Seen = {
  id: string;
  text: string | null;
  visibility: string;
  moderationStatus: string;
  heldForReview: boolean;
  reportCount: number | null;
  reports: Report[] | null;
  appeal: { id: string; status: string } | null;
};
const MESSAGES = gql<{ room: { messagesAfter: Seen[] } }, { id: string }>(
  `query($id: ID) { room(id: $id) { messagesAfter(seq: 0) {
  id text visibility moderationStatus heldForReview reportCount
  reports { category reason weight outcome reporter { username } }
  appeal { id status }
} } }`,
);
const PERSON_WEIGHT = gql<
  { person: { reportWeight: number; reportsBy: { outcome: string | null }[] } | null },
  { id: string }
>(`query($id: ID!) { person(userId: $id) { reportWeight reportsBy { outcome } } }`);

type AppealView = {
  id: string;
  status: string;
  text: string;
  decisionNote: string;
  user: { id: string };
  message: { id: string } | null;
  sanction: { id: string } | null;
};
const APPEAL_FIELDS = "id status text decisionNote user { id } message { id } sanction { id }";
const APPEAL = gql<{ appeal: AppealView }, { input: { messageId?: string; sanctionId?: string; text: string } }>(
  `mutation($input: AppealInput!) { appeal(input: $input) { ${APPEAL_FIELDS} } }`,
);
const DECIDE = gql<{ decideAppeal: AppealView }, { input: { appealId: string; accept: boolean; note?: string } }>(
  `mutation($input: DecideAppealInput!) { decideAppeal(input: $input) { ${APPEAL_FIELDS} } }`,
);
const APPEALS = gql<{ appeals: { edges: { node: AppealView }[] } }, { status?: string }>(
  `query($status: AppealStatus) { appeals(status: $status) { edges { node { ${APPEAL_FIELDS} } } } }`,
);
const MODERATION_EVENTS = gql<{ moderationEvents: { kind: string; appeal: { id: string; status: string } | null } }>(
  `subscription { moderationEvents { kind appeal { id status } } }`,
);

let stack: TestStack;
let a: TestApi;
let b: TestApi;
let admin: GraphQLClient;
let moderator: Awaited<ReturnType<typeof signUpModerator>>;
beforeAll(async () => {
  stack = await TestStack.create();
  ({ admin, ...a } = await stack.startApiWithAdmin());
  b = await stack.startApi();
  moderator = await signUpModerator(a, admin);
});
afterAll(() => stack.close());

/** A room with its author (who posts) and two more members, on replica A. */
async function room() {
  const author = await signUp(a.client);
  const reporter = await signUp(a.client);
  const bystander = await signUp(a.client);
  const { id } = await createRoom(author.client);
  for (const member of [reporter, bystander]) await member.client.ok(JOIN_ROOM, { id });
  return { roomId: id, author, reporter, bystander };
}

/** One message as `client` reads it through replica B (history, or null when it is not in it). */
async function seenBy(client: GraphQLClient, roomId: string, messageId: string): Promise<Seen | null> {
  const { room } = await b.client.as(client.token).ok(MESSAGES, { id: roomId });
  return room.messagesAfter.find((message) => message.id === messageId) ?? null;
}

const decide = (action: string, messageIds: string[], reason = "decided") =>
  moderator.client.ok(MODERATE_MESSAGES, { input: { action, messageIds, reason } });

describe("reports", () => {
  it("carry their category and words; moderators read who reported, members read no report at all", async () => {
    const { roomId, author, reporter, bystander } = await room();
    const message = await sendText(author.client, roomId, "you all smell");
    const { reportMessage } = await reporter.client.ok(REPORT, {
      id: message.id,
      category: "HARASSMENT",
      reason: "picks on people",
    });
    expect(reportMessage.viewerHasReported).toBe(true);
    const other = await sendText(author.client, roomId, "no category given");
    await bystander.client.ok(REPORT, { id: other.id });

    expect(await seenBy(moderator.client, roomId, message.id)).toMatchObject({
      reportCount: 1,
      reports: [
        {
          category: "HARASSMENT",
          reason: "picks on people",
          weight: 1,
          outcome: null,
          reporter: { username: reporter.user.username },
        },
      ],
    });
    expect((await seenBy(moderator.client, roomId, other.id))?.reports).toEqual([
      { category: "OTHER", reason: "", weight: 1, outcome: null, reporter: { username: bystander.user.username } },
    ]);
    for (const member of [author, reporter, bystander]) {
      const seen = await seenBy(member.client, roomId, message.id);
      expect(seen).toMatchObject({ reportCount: null, reports: null });
      expect(JSON.stringify(seen)).not.toContain(reporter.user.username);
      expect(refusal(await member.client.request(PERSON_WEIGHT, { id: reporter.user.id })).code).toBe("FORBIDDEN");
      const queue = await member.client.request(`{ moderationQueue(status: REPORTED) { edges { node { id } } } }`);
      expect(refusal(queue).code).toBe("FORBIDDEN");
    }
  });

  it("once per message, never one's own", async () => {
    const { roomId, author, reporter } = await room();
    const message = await sendText(author.client, roomId, "hello");
    await reporter.client.ok(REPORT, { id: message.id, category: "SPAM" });
    expect(refusal(await b.client.as(reporter.token).request(REPORT, { id: message.id }))).toMatchObject({
      code: "CONFLICT",
      message: "You already reported this message.",
    });
    expect(refusal(await author.client.request(REPORT, { id: message.id }))).toMatchObject({
      code: "FORBIDDEN",
      message: "You cannot report your own message.",
    });
  });

  it("at most 20 per 10 minutes, counted across replicas: the 21st is RATE_LIMITED and stores nothing", async () => {
    const { roomId, author, reporter } = await room();
    const messages = [];
    for (let index = 0; index < 21; index++) messages.push(await sendText(author.client, roomId, `message ${index}`));
    for (const [index, message] of messages.slice(0, 20).entries()) {
      const through = (index % 2 === 0 ? a : b).client.as(reporter.token);
      await through.ok(REPORT, { id: message.id, category: "SPAM" });
    }
    const refused = refusal(await b.client.as(reporter.token).request(REPORT, { id: messages[20]!.id }));
    expect(refused).toMatchObject({ code: "RATE_LIMITED", message: expect.stringMatching(/^Too many attempts/) });
    expect(refused.extensions["retryAfterMs"]).toBeGreaterThan(0);
    expect(refused.extensions["retryAfterMs"]).toBeLessThanOrEqual(10 * 60_000);
    expect((await seenBy(moderator.client, roomId, messages[20]!.id))?.reportCount).toBe(0);
    expect((await seenBy(moderator.client, roomId, messages[19]!.id))?.reportCount).toBe(1);
  });

  it("weigh 0.25 from a reporter whose 3 reports were dismissed: alone, below a threshold of 1", async () => {
    const { roomId, author, reporter, bystander } = await room();
    await author.client.ok(UPDATE_POLICY, { id: roomId, input: { reportThreshold: 1 } });
    const earlier = [];
    for (const text of ["first", "second", "third"]) earlier.push(await sendText(author.client, roomId, text));
    for (const message of earlier) await reporter.client.ok(REPORT, { id: message.id, category: "SPAM" });
    // Each was held by its report (weight 1 ≥ 1); keeping them dismisses the reports.
    for (const message of earlier)
      expect(await seenBy(bystander.client, roomId, message.id), "held after a report").toBeNull();
    await decide(
      "APPROVE",
      earlier.map((message) => message.id),
      "nothing wrong",
    );
    const person = await b.client.as(moderator.token).ok(PERSON_WEIGHT, { id: reporter.user.id });
    expect(person.person).toEqual({
      reportWeight: 0.25,
      reportsBy: [{ outcome: "DISMISSED" }, { outcome: "DISMISSED" }, { outcome: "DISMISSED" }],
    });

    const doubted = await sendText(author.client, roomId, "reported by the doubtful reporter");
    await reporter.client.ok(REPORT, { id: doubted.id, category: "SPAM" });
    expect(await seenBy(moderator.client, roomId, doubted.id)).toMatchObject({
      heldForReview: false,
      reports: [{ weight: 0.25, reporter: { username: reporter.user.username } }],
    });
    expect(await seenBy(bystander.client, roomId, doubted.id)).toMatchObject({ visibility: "VISIBLE" });

    const newcomer = await signUp(a.client);
    await newcomer.client.ok(JOIN_ROOM, { id: roomId });
    const trusted = await sendText(author.client, roomId, "reported by a new reporter");
    await newcomer.client.ok(REPORT, { id: trusted.id, category: "SPAM" });
    expect(await seenBy(moderator.client, roomId, trusted.id)).toMatchObject({
      heldForReview: true,
      reports: [{ weight: 1 }],
    });
    expect(await seenBy(bystander.client, roomId, trusted.id)).toBeNull();
  });
});

describe("appeals of a removed message", () => {
  it("once; accepted, the message is restored and its author told", async () => {
    const { roomId, author, bystander } = await room();
    const message = await sendText(author.client, roomId, "misunderstood joke");
    await decide("REJECT", [message.id], "looked like a threat");
    expect(await seenBy(bystander.client, roomId, message.id)).toBeNull();

    const feed = wsClient(a.wsUrl, moderator.token);
    const moderatorListens = countListeners(a, "moderation");
    const events = collect(feed, MODERATION_EVENTS, {});
    await moderatorListens.until(1);
    const authorSocket = wsClient(a.wsUrl, author.token);
    const authorListens = countListeners(a, "person");
    const notices = collect(authorSocket, NOTICES_LIVE, {});
    await authorListens.until(1);

    const onB = b.client.as(author.token);
    const { appeal } = await onB.ok(APPEAL, { input: { messageId: message.id, text: "It was a joke." } });
    expect(appeal).toMatchObject({
      status: "OPEN",
      text: "It was a joke.",
      message: { id: message.id },
      sanction: null,
    });
    const again = refusal(await author.client.request(APPEAL, { input: { messageId: message.id, text: "Please?" } }));
    expect(again).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/already appealed/) });

    expect((await seenBy(author.client, roomId, message.id))?.appeal).toEqual({ id: appeal.id, status: "OPEN" });
    expect((await seenBy(moderator.client, roomId, message.id))?.appeal).toEqual({ id: appeal.id, status: "OPEN" });
    const open = await moderator.client.ok(APPEALS, {});
    expect(open.appeals.edges.map((edge) => edge.node.id)).toContain(appeal.id);
    expect((await bystander.client.ok(APPEALS, {})).appeals.edges).toEqual([]);

    const { decideAppeal } = await moderator.client.ok(DECIDE, {
      input: { appealId: appeal.id, accept: true, note: "Fair enough" },
    });
    expect(decideAppeal).toMatchObject({ status: "ACCEPTED", decisionNote: "Fair enough" });
    expect(await seenBy(bystander.client, roomId, message.id)).toMatchObject({
      text: "misunderstood joke",
      visibility: "VISIBLE",
      moderationStatus: "APPROVED",
    });
    const [decided] = await notices.until(1);
    expect(decided?.notices).toMatchObject({
      kind: "APPEAL_DECIDED",
      messageId: message.id,
      room: { id: roomId },
      text: "Your appeal was accepted: Fair enough.",
    });
    const kinds = (await onB.ok(NOTICES)).notices.edges.map((edge) => edge.node.kind);
    expect(kinds).toEqual(["APPEAL_DECIDED", "MESSAGE_REMOVED"]);
    // Moderators hear of the appeal and of its answer (and of the restoring decision, a DECISION).
    const aboutAppeal = () => events.events.filter((event) => event.moderationEvents.appeal?.id === appeal.id);
    await waitFor("the APPEAL_DECIDED event", () => aboutAppeal().length >= 2);
    expect(aboutAppeal().map((event) => event.moderationEvents)).toEqual([
      { kind: "APPEALED", appeal: { id: appeal.id, status: "OPEN" } },
      { kind: "APPEAL_DECIDED", appeal: { id: appeal.id, status: "ACCEPTED" } },
    ]);

    const twice = refusal(await moderator.client.request(DECIDE, { input: { appealId: appeal.id, accept: false } }));
    expect(twice).toMatchObject({ code: "CONFLICT", message: "This appeal was already answered." });
    await Promise.all([feed.dispose(), authorSocket.dispose()]);
  });

  it("denied, the message stays removed and its author is told", async () => {
    const { roomId, author, bystander } = await room();
    const message = await sendText(author.client, roomId, "really rude");
    await decide("REJECT", [message.id]);
    const { appeal } = await author.client.ok(APPEAL, { input: { messageId: message.id, text: "Undo it" } });
    const refusedToMember = refusal(
      await bystander.client.request(DECIDE, { input: { appealId: appeal.id, accept: true } }),
    );
    expect(refusedToMember.code).toBe("FORBIDDEN");
    await b.client.as(moderator.token).ok(DECIDE, { input: { appealId: appeal.id, accept: false } });
    expect(await seenBy(author.client, roomId, message.id)).toMatchObject({
      moderationStatus: "REJECTED",
      appeal: { status: "DENIED" },
    });
    const [latest] = (await author.client.ok(NOTICES)).notices.edges;
    expect(latest?.node).toMatchObject({ kind: "APPEAL_DECIDED", text: "Your appeal was denied." });
  });

  it("only of one's own removed message", async () => {
    const { roomId, author, reporter } = await room();
    const removed = await sendText(author.client, roomId, "gone");
    const kept = await sendText(author.client, roomId, "kept");
    const pending = await sendText(author.client, roomId, "not yet moderated");
    await decide("REJECT", [removed.id]);
    await decide("APPROVE", [kept.id]);
    const attempt = (client: GraphQLClient, input: Record<string, string>) =>
      client.request(APPEAL, { input: { text: "Please", ...input } });

    expect(refusal(await attempt(reporter.client, { messageId: removed.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    for (const message of [kept, pending])
      expect(refusal(await attempt(author.client, { messageId: message.id }))).toMatchObject({
        code: "FORBIDDEN",
        message: "Only a removed message can be appealed.",
      });
    expect(refusal(await attempt(author.client, {})).code).toBe("BAD_USER_INPUT");
    const { timeOutMember } = await moderator.client.ok(TIME_OUT, {
      input: { roomId, userId: author.user.id, minutes: 5, reason: "x" },
    });
    const both = await attempt(author.client, { messageId: removed.id, sanctionId: timeOutMember.id });
    expect(refusal(both)).toMatchObject({ code: "BAD_USER_INPUT", message: "Appeal either a message or a sanction." });
    expect(refusal(await attempt(author.client, { messageId: removed.id, text: "" })).code).toBe("BAD_USER_INPUT");
  });
});

describe("appeals of a sanction", () => {
  it("accepted, lifts a timeout at once", async () => {
    const { roomId, reporter: member } = await room();
    const { timeOutMember: timeout } = await moderator.client.ok(TIME_OUT, {
      input: { roomId, userId: member.user.id, minutes: 60, reason: "too loud" },
    });
    const onB = b.client.as(member.token);
    const sendOnB = () => onB.request(SEND_MESSAGE, { input: { roomId, text: "hi", clientId: crypto.randomUUID() } });
    expect(refusal(await sendOnB()).code).toBe("FORBIDDEN");

    const { appeal } = await onB.ok(APPEAL, { input: { sanctionId: timeout.id, text: "It was someone else." } });
    expect(appeal).toMatchObject({ status: "OPEN", sanction: { id: timeout.id }, message: null });
    await moderator.client.ok(DECIDE, { input: { appealId: appeal.id, accept: true } });
    expect((await sendOnB()).errors).toBeUndefined();
    const { sanction } = await moderator.client.ok(SANCTION, { id: timeout.id });
    expect(sanction).toMatchObject({ inForce: false, liftReason: "Lifted on appeal." });
    const kinds = (await onB.ok(NOTICES)).notices.edges.map((edge) => edge.node.kind);
    expect(kinds).toEqual(["APPEAL_DECIDED", "SANCTION_LIFTED", "SANCTIONED"]);
  });

  it("a banned member may appeal the ban; accepted, they may join again", async () => {
    const { roomId, reporter: member } = await room();
    const { banMember: ban } = await moderator.client.ok(BAN, {
      input: { roomId, userId: member.user.id, reason: "flooding" },
    });
    const onB = b.client.as(member.token);
    expect(refusal(await onB.request(JOIN_ROOM, { id: roomId })).code).toBe("FORBIDDEN");
    const { appeal } = await onB.ok(APPEAL, { input: { sanctionId: ban.id, text: "My cat walked on the keyboard." } });
    await moderator.client.ok(DECIDE, { input: { appealId: appeal.id, accept: true, note: "Keep the cat away" } });
    const { sanction } = await moderator.client.ok(SANCTION, { id: ban.id });
    expect(sanction).toMatchObject({ inForce: false, liftReason: "Keep the cat away" });
    await onB.ok(JOIN_ROOM, { id: roomId });
  });

  it("only of one's own sanction, while it is in force", async () => {
    const { roomId, reporter: member, bystander } = await room();
    const { timeOutMember: timeout } = await moderator.client.ok(TIME_OUT, {
      input: { roomId, userId: member.user.id, minutes: 60, reason: "x" },
    });
    const byOther = refusal(await bystander.client.request(APPEAL, { input: { sanctionId: timeout.id, text: "no" } }));
    expect(byOther.code).toBe("NOT_FOUND");
    await moderator.client.ok(TIME_OUT, { input: { roomId, userId: member.user.id, minutes: 5, reason: "replaced" } });
    const replaced = refusal(await member.client.request(APPEAL, { input: { sanctionId: timeout.id, text: "no" } }));
    expect(replaced).toMatchObject({ code: "FORBIDDEN", message: "This sanction is no longer in force." });
  });
});
