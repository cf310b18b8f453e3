import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GraphQLClient, gql } from "../helpers/graphql.ts";
import { JOIN_ROOM, LOGIN, MAKE_MODERATOR, SEND_MESSAGE } from "../helpers/operations.ts";
import {
  BAN,
  closeCodeOf,
  EDIT_MESSAGE,
  firstOutcome,
  LIFT,
  NOTICES,
  NOTICES_LIVE,
  refusal,
  SANCTION,
  type SanctionView,
  SUSPEND,
  sanctionRefusal,
  sendText,
  signUpModerator,
  TIME_OUT,
  VIEWER_SANCTION,
  withSql,
} from "../helpers/people.ts";
import { createRoom, signUp, type TestApi, TestStack } from "../helpers/stack.ts";
import { collect, countListeners, ROOM_EVENTS, wsClient } from "../helpers/subscriptions.ts";
import { waitFor } from "../helpers/wait.ts";

// Sanctions act through one replica and hold on the other at once: every check reads Postgres,
// and what ends a socket travels through Redis.

const SANCTIONS = gql<{ sanctions: { edges: { node: { id: string } }[] } }, { userId: string; inForce?: boolean }>(
  `query($userId: ID, $inForce: Boolean) { sanctions(userId: $userId, inForce: $inForce) { edges { node { id } } } }`,
);
const MEMBERSHIP = gql<{ room: { viewerIsMember: boolean } }, { id: string }>(
  `query($id: ID) { room(id: $id) { viewerIsMember } }`,
);
const ROOM_NAME = gql<{ room: { name: string } }, { id: string }>(`query($id: ID) { room(id: $id) { name } }`);
const MODERATION_EVENTS = gql<{ moderationEvents: { kind: string; sanction: { id: string; kind: string } | null } }>(
  `subscription { moderationEvents { kind sanction { id kind } } }`,
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

/** A room, its owner and one more member, who has already been seen by both replicas. */
async function roomWithMember() {
  const owner = await signUp(a.client);
  const member = await signUp(a.client);
  const room = await createRoom(owner.client);
  await member.client.ok(JOIN_ROOM, { id: room.id });
  await sendText(b.client.as(member.token), room.id, "hello from B");
  return { owner, member, room, onA: member.client, onB: b.client.as(member.token) };
}

const send = (client: GraphQLClient, roomId: string, text = "may I speak?") =>
  client.request(SEND_MESSAGE, { input: { roomId, text, clientId: crypto.randomUUID() } });

async function timeOut(roomId: string, userId: string, minutes = 10, reason = "cool off") {
  return (await moderator.client.ok(TIME_OUT, { input: { roomId, userId, minutes, reason } })).timeOutMember;
}

describe("a timeout is immediate on every replica", () => {
  it("set through A, it refuses a send through B at once; lifted through A, B lets it through at once", async () => {
    const { member, room, onB } = await roomWithMember();
    for (let round = 0; round < 5; round++) {
      const sanction = await timeOut(room.id, member.user.id, 10, `round ${round}`);
      expect(refusal(await send(onB, room.id))).toEqual(sanctionRefusal(sanction));
      await moderator.client.ok(LIFT, { id: sanction.id, reason: "enough" });
      expect((await send(onB, room.id)).errors).toBeUndefined();
    }
  });

  it("an edit through B is refused as at once, with the same explanation", async () => {
    const { member, room, onB } = await roomWithMember();
    const mine = await sendText(onB, room.id, "typo hree");
    const sanction = await timeOut(room.id, member.user.id, 30, "edit war");
    expect(refusal(await onB.request(EDIT_MESSAGE, { id: mine.id, text: "typo here" }))).toEqual(
      sanctionRefusal(sanction),
    );
    expect(sanction.endsAt).not.toBeNull();
  });

  it("a send over the member's open socket on B is refused at once too (the web app sends that way)", async () => {
    const { member, room } = await roomWithMember();
    const socket = wsClient(b.wsUrl, member.token);
    const sendOver = () =>
      firstOutcome(socket, SEND_MESSAGE, {
        input: { roomId: room.id, text: "over the socket", clientId: crypto.randomUUID() },
      });
    expect(await sendOver()).toHaveProperty("event");
    const sanction = await timeOut(room.id, member.user.id, 10, "socket too");
    expect(await sendOver()).toEqual({ refused: sanctionRefusal(sanction) });
    await socket.dispose();
  });

  it("holds in its room only", async () => {
    const { member, room, onB } = await roomWithMember();
    const elsewhere = await createRoom(onB);
    await timeOut(room.id, member.user.id, 10, "here only");
    expect((await send(onB, elsewhere.id)).errors).toBeUndefined();
    expect((await onB.ok(VIEWER_SANCTION, { id: elsewhere.id })).room.viewerSanction).toBeNull();
  });

  it("a new timeout replaces the one in force", async () => {
    const { member, room, onB } = await roomWithMember();
    const first = await timeOut(room.id, member.user.id, 5, "first");
    const second = await timeOut(room.id, member.user.id, 60, "second");
    const { sanction } = await moderator.client.ok(SANCTION, { id: first.id });
    expect(sanction).toMatchObject({ inForce: false, liftReason: "Replaced by a new timeout." });
    expect(refusal(await send(onB, room.id))).toEqual(sanctionRefusal(second));
  });
});

describe("a ban", () => {
  it("closes the member's open subscription on the other replica with 4504; resubscribing is refused", async () => {
    const { owner, member, room } = await roomWithMember();
    const socket = wsClient(b.wsUrl, member.token);
    const closed = closeCodeOf(socket);
    const events = collect(socket, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 });
    await events.until(1);

    const { banMember: ban } = await moderator.client.ok(BAN, {
      input: { roomId: room.id, userId: member.user.id, reason: "spamming links" },
    });
    expect(ban).toMatchObject({ kind: "BAN", endsAt: null, inForce: true, room: { id: room.id } });
    expect(await closed).toBe(4504);
    await sendText(owner.client, room.id, "after the ban");
    expect(events.events.map((event) => event.roomEvents.message.text)).not.toContain("after the ban");

    const again = wsClient(b.wsUrl, member.token);
    const outcome = await firstOutcome(again, ROOM_EVENTS, { roomId: room.id, afterSeq: 1 });
    // A ban with no end: `until` is null.
    expect(outcome).toEqual({ refused: sanctionRefusal(ban) });
    expect(ban.endsAt).toBeNull();
    await Promise.all([socket.dispose(), again.dispose()]);

    // Out of the room, but still signed in: the rest of the service works.
    const onB = b.client.as(member.token);
    expect((await onB.ok(MEMBERSHIP, { id: room.id })).room.viewerIsMember).toBe(false);
    const elsewhere = await createRoom(onB);
    const other = wsClient(a.wsUrl, member.token);
    await sendText(onB, elsewhere.id, "my own room");
    expect(await firstOutcome(other, ROOM_EVENTS, { roomId: elsewhere.id, afterSeq: 0 })).toHaveProperty("event");
    await other.dispose();
  });

  it("refuses joining again until lifted; after the lift the member may rejoin", async () => {
    const { member, room, onB } = await roomWithMember();
    const { banMember: ban } = await moderator.client.ok(BAN, {
      input: { roomId: room.id, userId: member.user.id, minutes: 60, reason: "trolling" },
    });
    expect(refusal(await onB.request(JOIN_ROOM, { id: room.id }))).toEqual(sanctionRefusal(ban));
    await moderator.client.ok(LIFT, { id: ban.id, reason: "second chance" });
    await onB.ok(JOIN_ROOM, { id: room.id });
    expect((await send(onB, room.id)).errors).toBeUndefined();
  });
});

describe("a ban racing a join", () => {
  // A join and a ban of the same person take one lock (lockMembership), so whichever comes second sees
  // the first: the join is refused, or the ban removes the membership the join just made.
  it("never leaves the banned person a member", async () => {
    const owner = await signUp(a.client);
    const room = await createRoom(owner.client);
    // The race is won often, not always: rounds until it shows (each round a new person).
    for (let round = 0; round < 40; round++) {
      const person = await signUp(a.client);
      const onB = b.client.as(person.token);
      await Promise.all([
        onB.request(JOIN_ROOM, { id: room.id }),
        moderator.client.ok(BAN, { input: { roomId: room.id, userId: person.user.id, reason: "raced" } }),
      ]);
      const { room: seen } = await onB.ok(MEMBERSHIP, { id: room.id });
      expect(seen.viewerIsMember, `round ${round}: a member while banned`).toBe(false);
    }
  });
});

describe("a suspension", () => {
  it("closes all the person's sockets with 4403; sign-in is refused with reason and end until lifted", async () => {
    const { member, room } = await roomWithMember();
    const onA = wsClient(a.wsUrl, member.token);
    const onB = wsClient(b.wsUrl, member.token);
    const closedA = closeCodeOf(onA);
    const closedB = closeCodeOf(onB);
    await collect(onA, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 }).until(1);
    await collect(onB, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 }).until(1);

    const { suspendAccount: suspension } = await admin.ok(SUSPEND, {
      input: { userId: member.user.id, minutes: 120, reason: "ban evasion" },
    });
    expect(suspension).toMatchObject({ kind: "SUSPENSION", room: null, inForce: true });
    expect([await closedA, await closedB]).toEqual([4403, 4403]);
    // The old token is dead on both replicas.
    for (const api of [a, b])
      expect(refusal(await api.client.as(member.token).request(ROOM_NAME, { id: room.id })).code).toBe(
        "UNAUTHENTICATED",
      );

    const credentials = { username: member.user.username, password: "correct horse battery" };
    const refused = refusal(await b.client.request(LOGIN, { input: credentials }));
    expect(refused).toEqual(sanctionRefusal(suspension));
    expect(refused.message).toMatch(/suspended until .*: ban evasion/);

    await admin.ok(LIFT, { id: suspension.id, reason: "appeal heard" });
    const { login } = await b.client.ok(LOGIN, { input: credentials });
    expect((await a.client.as(login.token).ok(ROOM_NAME, { id: room.id })).room.name).toMatch(/^Room /);
    await Promise.all([onA.dispose(), onB.dispose()]);
  });

  it("with no end, sign-in says so (until null)", async () => {
    const { member } = await roomWithMember();
    const { suspendAccount: suspension } = await admin.ok(SUSPEND, {
      input: { userId: member.user.id, reason: "fraud" },
    });
    const refused = refusal(
      await a.client.request(LOGIN, { input: { username: member.user.username, password: "correct horse battery" } }),
    );
    expect(refused).toEqual(sanctionRefusal(suspension));
    expect(refused.extensions["until"]).toBeNull();
  });

  it("once over, lets them sign in again by itself", async () => {
    const { member } = await roomWithMember();
    const { suspendAccount: suspension } = await admin.ok(SUSPEND, {
      input: { userId: member.user.id, minutes: 60, reason: "cooling off" },
    });
    const credentials = { input: { username: member.user.username, password: "correct horse battery" } };
    expect(refusal(await b.client.request(LOGIN, credentials))).toEqual(sanctionRefusal(suspension));
    await withSql(stack.databaseUrl, (sql) =>
      sql.query(`UPDATE "Sanction" SET "endsAt" = now() - interval '1 second' WHERE id = $1`, [suspension.id]),
    );
    const { login } = await b.client.ok(LOGIN, credentials);
    expect(login.token).toEqual(expect.any(String));
  });

  it("a wrong password is still just a wrong password (the suspension is not told to strangers)", async () => {
    const { member } = await roomWithMember();
    await admin.ok(SUSPEND, { input: { userId: member.user.id, reason: "fraud" } });
    const refused = refusal(
      await a.client.request(LOGIN, { input: { username: member.user.username, password: "not the password!" } }),
    );
    expect(refused.code).toBe("UNAUTHENTICATED");
    expect(JSON.stringify(refused)).not.toContain("fraud");
  });
});

describe("a timeout ends by itself", () => {
  it("once its end passes: sends pass again, viewerSanction is null, inForce is false", async () => {
    const { member, room, onB } = await roomWithMember();
    const sanction = await timeOut(room.id, member.user.id, 1, "one minute");
    expect(refusal(await send(onB, room.id))).toEqual(sanctionRefusal(sanction));
    // Its end brought near: nothing runs at that moment, the comparison with the clock alone ends it.
    const endsAt = await withSql(stack.databaseUrl, async (sql) => {
      const { rows } = await sql.query<{ endsAt: Date }>(
        `UPDATE "Sanction" SET "endsAt" = now() + interval '3 seconds' WHERE id = $1 RETURNING "endsAt"`,
        [sanction.id],
      );
      return rows[0]!.endsAt;
    });
    expect((await onB.ok(VIEWER_SANCTION, { id: room.id })).room.viewerSanction?.id).toBe(sanction.id);

    await waitFor("a send after the timeout's end", async () => (await send(onB, room.id)).errors === undefined);
    expect(Date.now()).toBeGreaterThanOrEqual(endsAt.getTime() - 50);
    expect((await send(member.client, room.id)).errors).toBeUndefined();
    for (const client of [member.client, onB])
      expect((await client.ok(VIEWER_SANCTION, { id: room.id })).room.viewerSanction).toBeNull();
    const { sanction: ended } = await moderator.client.ok(SANCTION, { id: sanction.id });
    expect(ended).toMatchObject({ inForce: false, liftedAt: null, endsAt: endsAt.toISOString() });
    const ids = async (inForce: boolean) =>
      (await moderator.client.ok(SANCTIONS, { userId: member.user.id, inForce })).sanctions.edges.map(
        (edge) => edge.node.id,
      );
    expect(await ids(true)).toEqual([]);
    expect(await ids(false)).toEqual([sanction.id]);
  });
});

describe("lifting a sanction", () => {
  it("ends it at once on both replicas, tells the person live, and lifting twice changes nothing", async () => {
    const { member, room, onB } = await roomWithMember();
    const moderatorFeed = wsClient(b.wsUrl, moderator.token);
    const moderatorListens = countListeners(b, "moderation");
    const feed = collect(moderatorFeed, MODERATION_EVENTS, {});
    await moderatorListens.until(1);
    const memberSocket = wsClient(b.wsUrl, member.token);
    const memberListens = countListeners(b, "person");
    const notices = collect(memberSocket, NOTICES_LIVE, {});
    await memberListens.until(1);

    const sanction = await timeOut(room.id, member.user.id, 60, "heated");
    await notices.until(1);
    expect(refusal(await send(onB, room.id))).toEqual(sanctionRefusal(sanction));

    const { liftSanction: lifted } = await moderator.client.ok(LIFT, { id: sanction.id, reason: "calmed down" });
    expect(lifted).toMatchObject({ id: sanction.id, inForce: false, liftReason: "calmed down" });
    expect(lifted.liftedAt).not.toBeNull();
    expect((await send(onB, room.id)).errors).toBeUndefined();
    expect((await send(member.client, room.id)).errors).toBeUndefined();
    for (const client of [member.client, onB])
      expect((await client.ok(VIEWER_SANCTION, { id: room.id })).room.viewerSanction).toBeNull();

    const [, liftedNotice] = await notices.until(2);
    expect(liftedNotice?.notices).toMatchObject({
      kind: "SANCTION_LIFTED",
      room: { id: room.id },
      sanction: { id: sanction.id, kind: "TIMEOUT" },
      text: expect.stringMatching(/timeout in #.* was lifted/),
    });

    // Again, through the other replica: the same sanction comes back, unchanged, and nobody is told anything.
    const { liftSanction: again } = await b.client
      .as(moderator.token)
      .ok(LIFT, { id: sanction.id, reason: "a second reason" });
    expect(again).toEqual(lifted);
    // The next thing each feed hears is the next sanction, not a second lift.
    const next = await timeOut(room.id, member.user.id, 5, "again");
    expect((await notices.until(3)).map((event) => event.notices.kind)).toEqual([
      "SANCTIONED",
      "SANCTION_LIFTED",
      "SANCTIONED",
    ]);
    const kinds = (await feed.until(3)).map((event) => [
      event.moderationEvents.kind,
      event.moderationEvents.sanction?.id,
    ]);
    expect(kinds).toEqual([
      ["SANCTIONED", sanction.id],
      ["SANCTION_LIFTED", sanction.id],
      ["SANCTIONED", next.id],
    ]);
    const stored = (await onB.ok(NOTICES)).notices.edges.map((edge) => edge.node.kind);
    expect(stored.filter((kind) => kind === "SANCTION_LIFTED")).toHaveLength(1);
    await Promise.all([moderatorFeed.dispose(), memberSocket.dispose()]);
  });
});

describe("refused sanctions say why, and store nothing", () => {
  let target: Awaited<ReturnType<typeof signUp>>;
  let roomId: string;
  let member: Awaited<ReturnType<typeof signUp>>;
  let otherModerator: Awaited<ReturnType<typeof signUpModerator>>;
  beforeAll(async () => {
    ({
      member: target,
      room: { id: roomId },
      owner: member,
    } = await roomWithMember());
    otherModerator = await signUpModerator(a, admin);
  });

  const TIMEOUT = `mutation($input: TimeoutInput!) { timeOutMember(input: $input) { id } }`;
  const BAN_ANY = `mutation($input: BanInput!) { banMember(input: $input) { id } }`;
  const SUSPEND_ANY = `mutation($input: SuspendInput!) { suspendAccount(input: $input) { id } }`;
  type Who = "moderator" | "admin" | "member";
  /** Who asks, what, with which input (over a valid one: the target, the room, 10 minutes, a reason). */
  type Case = [
    name: string,
    who: Who,
    query: string,
    input: () => Record<string, unknown>,
    code: string,
    message: RegExp,
  ];
  const valid = () => ({ roomId, userId: target.user.id, minutes: 10, reason: "because" });
  const cases: Case[] = [
    [
      "a timeout of 0 minutes",
      "moderator",
      TIMEOUT,
      () => ({ ...valid(), minutes: 0 }),
      "BAD_USER_INPUT",
      /1 minute to 28 days/,
    ],
    [
      "a timeout of 40,321 minutes",
      "moderator",
      TIMEOUT,
      () => ({ ...valid(), minutes: 40_321 }),
      "BAD_USER_INPUT",
      /40320 minutes/,
    ],
    [
      "a ban of -5 minutes",
      "moderator",
      BAN_ANY,
      () => ({ ...valid(), minutes: -5 }),
      "BAD_USER_INPUT",
      /1 minute to 10 years/,
    ],
    [
      "a suspension of 0 minutes",
      "admin",
      SUSPEND_ANY,
      () => ({ userId: target.user.id, minutes: 0, reason: "x" }),
      "BAD_USER_INPUT",
      /1 minute to 10 years/,
    ],
    ["an empty reason", "moderator", TIMEOUT, () => ({ ...valid(), reason: "" }), "BAD_USER_INPUT", /reason/i],
    [
      "a reason of 501 characters",
      "moderator",
      BAN_ANY,
      () => ({ ...valid(), reason: "x".repeat(501) }),
      "BAD_USER_INPUT",
      /reason/i,
    ],
    [
      "no reason at all",
      "moderator",
      TIMEOUT,
      () => ({ roomId, userId: target.user.id, minutes: 10 }),
      "BAD_USER_INPUT",
      /reason/,
    ],
    [
      "a timeout of a moderator",
      "moderator",
      TIMEOUT,
      () => ({ ...valid(), userId: otherModerator.user.id }),
      "BAD_USER_INPUT",
      /Moderators .*change their role first/,
    ],
    [
      "a ban of a moderator",
      "moderator",
      BAN_ANY,
      () => ({ ...valid(), userId: otherModerator.user.id }),
      "BAD_USER_INPUT",
      /change their role first/,
    ],
    [
      "a moderator timing out themself",
      "moderator",
      TIMEOUT,
      () => ({ ...valid(), userId: moderator.user.id }),
      "BAD_USER_INPUT",
      /cannot sanction yourself/,
    ],
    ["a member calling timeOutMember", "member", TIMEOUT, valid, "FORBIDDEN", /Moderators only/],
    ["a member calling banMember", "member", BAN_ANY, valid, "FORBIDDEN", /Moderators only/],
    [
      "a moderator calling suspendAccount",
      "moderator",
      SUSPEND_ANY,
      () => ({ userId: target.user.id, reason: "x" }),
      "FORBIDDEN",
      /Admins only/,
    ],
    [
      "a timeout of nobody",
      "moderator",
      TIMEOUT,
      () => ({ ...valid(), userId: crypto.randomUUID() }),
      "NOT_FOUND",
      /User/,
    ],
    ["a timeout in no room", "moderator", TIMEOUT, () => ({ ...valid(), roomId: "not-a-room" }), "NOT_FOUND", /Room/],
  ];
  for (const [name, who, query, input, code, message] of cases)
    it(`${name}: ${code}`, async () => {
      const client = who === "admin" ? admin : who === "moderator" ? moderator.client : member.client;
      const refused = refusal(await client.request(query, { input: input() }));
      expect(refused.code).toBe(code);
      expect(refused.message).toMatch(message);
    });

  it("none of them stored a sanction", async () => {
    const sanctions = await moderator.client.ok(SANCTIONS, { userId: target.user.id });
    expect(sanctions.sanctions.edges).toEqual([]);
    expect((await send(b.client.as(target.token), roomId)).errors).toBeUndefined();
  });

  it("the longest timeout (28 days) is accepted", async () => {
    const sanction = await timeOut(roomId, target.user.id, 40_320, "the longest");
    expect((new Date(sanction.endsAt!).getTime() - new Date(sanction.startsAt).getTime()) / 86_400_000).toBe(28);
    await moderator.client.ok(LIFT, { id: sanction.id });
  });

  it("only moderators lift, and only admins lift a suspension", async () => {
    const { suspendAccount: suspension } = await admin.ok(SUSPEND, { input: { userId: target.user.id, reason: "x" } });
    const byModerator = refusal(await moderator.client.request(LIFT, { id: suspension.id }));
    expect(byModerator).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/Admins only/) });
    const timeout = await timeOut(roomId, member.user.id, 10, "x");
    expect(refusal(await member.client.request(LIFT, { id: timeout.id }))).toMatchObject({ code: "FORBIDDEN" });
    expect(refusal(await target.client.request(LIFT, { id: timeout.id })).code).toBe("UNAUTHENTICATED");
    const { sanction } = await moderator.client.ok(SANCTION, { id: suspension.id });
    expect(sanction?.inForce).toBe(true);
  });

  it("a member reads their own sanctions, not others'", async () => {
    const timeout = await timeOut(roomId, member.user.id, 10, "for the reading test");
    const other = await signUp(a.client);
    expect((await other.client.ok(SANCTION, { id: timeout.id })).sanction).toBeNull();
    const own = (await member.client.ok(SANCTION, { id: timeout.id })).sanction as SanctionView;
    expect(own).toMatchObject({ id: timeout.id, reason: "for the reading test" });
    const listed = await other.client.ok(SANCTIONS, { userId: member.user.id });
    expect(listed.sanctions.edges).toEqual([]);
  });
});

describe("moderators and room sanctions", () => {
  // Moderators are bound by no room sanction: one set before a promotion no longer applies, on every path.
  it("a member made a moderator while timed out may send (moderators are not bound by sanctions)", async () => {
    const { member, room, onB } = await roomWithMember();
    await timeOut(room.id, member.user.id, 30, "before the promotion");
    await admin.ok(MAKE_MODERATOR, { id: member.user.id });
    // B learns of the role change through Redis, a moment after the mutation answers on A.
    await waitFor(
      "replica B to see the promotion",
      async () => (await onB.ok(VIEWER_SANCTION, { id: room.id })).room.viewerSanction === null,
    );
    const answer = await send(onB, room.id);
    expect(answer.errors).toBeUndefined();
  });
});
