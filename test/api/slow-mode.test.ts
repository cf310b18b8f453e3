import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GraphQLClient, gql } from "../helpers/graphql.ts";
import { JOIN_ROOM, SEND_MESSAGE } from "../helpers/operations.ts";
import {
  EDIT_MESSAGE,
  LIFT,
  refusal,
  sanctionRefusal,
  signUpModerator,
  TIME_OUT,
  UPDATE_POLICY,
} from "../helpers/people.ts";
import { createRoom, signUp, type TestApi, TestStack } from "../helpers/stack.ts";
import { waitFor } from "../helpers/wait.ts";

// Slow mode: one message per member per room every slowModeSeconds, the turn kept in Redis so
// both replicas share it. Moderators are exempt; a retry of a send that got through is not a new send.

const SLOW_MODE = gql<{ room: { slowModeSeconds: number } }, { id: string }>(
  `query($id: ID) { room(id: $id) { slowModeSeconds } }`,
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

/** A room in slow mode (2 s) with one member besides its owner, and the moderator in it; the member on A and on B. */
async function slowRoom(seconds = 2) {
  const owner = await signUp(a.client);
  const member = await signUp(a.client);
  const room = await createRoom(owner.client);
  await member.client.ok(JOIN_ROOM, { id: room.id });
  await moderator.client.ok(JOIN_ROOM, { id: room.id });
  const { updateRoomPolicy } = await owner.client.ok(UPDATE_POLICY, {
    id: room.id,
    input: { slowModeSeconds: seconds },
  });
  expect(updateRoomPolicy.slowModeSeconds).toBe(seconds);
  return { owner, member, room, onA: member.client, onB: b.client.as(member.token) };
}

const send = (client: GraphQLClient, roomId: string, clientId: string = crypto.randomUUID(), text = "hi") =>
  client.request(SEND_MESSAGE, { input: { roomId, text, clientId } });

/**
 * A send through A, then at once another through B, in a room with a 2 s slow mode. On a machine
 * so loaded that the two took 2 s or more together, the second may rightly pass: then again, in a
 * new room (at most three times), so the refusal checked is one that had to happen.
 */
async function firstThenSecond() {
  for (let attempt = 0; attempt < 3; attempt++) {
    const room = await slowRoom(2);
    const clientId = crypto.randomUUID();
    const before = Date.now();
    const first = await room.onA.ok(SEND_MESSAGE, { input: { roomId: room.room.id, text: "first", clientId } });
    const second = await send(room.onB, room.room.id, crypto.randomUUID(), "second");
    if (second.errors || Date.now() - before < 2000) return { room, clientId, first, refused: refusal(second), before };
  }
  return expect.fail("three rounds of two sends each took 2 s or more: the machine is too slow for this test");
}

describe("slow mode across replicas", () => {
  it("refuses a second send within the interval on the other replica, with the wait; then lets one pass", async () => {
    const { room, clientId, first, refused, before } = await firstThenSecond();
    expect(refused).toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/^Slow mode: one message every 2 s here; wait [12] s\.$/),
    });
    const retryAfterMs = refused.extensions["retryAfterMs"] as number;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(2000);
    const until = new Date(refused.extensions["until"] as string).getTime();
    expect(until).toBeGreaterThanOrEqual(before + retryAfterMs - 50);
    expect(until).toBeLessThanOrEqual(Date.now() + retryAfterMs + 50);
    const { onA, onB } = room;

    // A retry of the send that got through answers it again, on either replica: it is not a new message.
    for (const client of [onB, onA]) {
      const retry = await send(client, room.room.id, clientId, "first");
      expect(retry.errors).toBeUndefined();
      expect(retry.data).toEqual(first);
    }
    // Editing is not sending.
    expect(
      (await onB.request(EDIT_MESSAGE, { id: first.sendMessage.id, text: "first, edited" })).errors,
    ).toBeUndefined();

    let turnAt = 0;
    await waitFor("the member's next turn", async () => {
      turnAt = Date.now();
      return (await send(onB, room.room.id)).errors === undefined;
    });
    expect(Date.now()).toBeGreaterThanOrEqual(until - 50);
    // And that send took the new turn (checked when the next one follows within the 2 s).
    const next = await send(onA, room.room.id);
    if (Date.now() - turnAt < 2000) expect(refusal(next).code).toBe("RATE_LIMITED");
  });

  it("lets exactly one of two sends at the same moment, on two replicas, through", async () => {
    const { room, onA, onB } = await slowRoom(60);
    const answers = await Promise.all([send(onA, room.id), send(onB, room.id)]);
    const codes = answers.map((answer) => (answer.errors ? refusal(answer).code : "ok")).sort();
    expect(codes).toEqual(["RATE_LIMITED", "ok"]);
  });

  it("a send refused before it is stored (an empty text) does not use up the turn", async () => {
    const { room, onA, onB } = await slowRoom(60);
    expect(refusal(await send(onA, room.id, crypto.randomUUID(), "   ")).code).toBe("BAD_USER_INPUT");
    expect((await send(onB, room.id)).errors).toBeUndefined();
  });

  it("exempts moderators", async () => {
    const { room } = await slowRoom(60);
    for (const client of [moderator.client, b.client.as(moderator.token), moderator.client])
      expect((await send(client, room.id)).errors).toBeUndefined();
  });

  it("counts per member and per room", async () => {
    const { owner, room, onA, onB } = await slowRoom(60);
    expect((await send(onA, room.id)).errors).toBeUndefined();
    expect((await send(b.client.as(owner.token), room.id)).errors).toBeUndefined();
    const elsewhere = await createRoom(onB);
    await owner.client.ok(JOIN_ROOM, { id: elsewhere.id });
    expect((await send(onB, elsewhere.id)).errors).toBeUndefined();
    expect(refusal(await send(onB, room.id)).code).toBe("RATE_LIMITED");
  });

  it("a send refused for another reason (a timeout) does not use up the turn", async () => {
    const { member, room, onA, onB } = await slowRoom(60);
    const { timeOutMember: timeout } = await moderator.client.ok(TIME_OUT, {
      input: { roomId: room.id, userId: member.user.id, minutes: 5, reason: "shouting" },
    });
    expect(refusal(await send(onB, room.id))).toEqual(sanctionRefusal(timeout));
    await moderator.client.ok(LIFT, { id: timeout.id });
    expect((await send(onA, room.id)).errors).toBeUndefined();
    expect(refusal(await send(onB, room.id)).code).toBe("RATE_LIMITED");
  });

  it("turned off, it stops refusing (each replica rereads the setting within a second)", async () => {
    const { owner, room, onA, onB } = await slowRoom(60);
    expect((await send(onA, room.id)).errors).toBeUndefined();
    expect(refusal(await send(onB, room.id)).code).toBe("RATE_LIMITED");
    await owner.client.ok(UPDATE_POLICY, { id: room.id, input: { slowModeSeconds: 0 } });
    await waitFor("a send once slow mode is off", async () => (await send(onB, room.id)).errors === undefined, 3000);
    expect((await send(onB, room.id)).errors).toBeUndefined();
    expect((await onB.ok(SLOW_MODE, { id: room.id })).room.slowModeSeconds).toBe(0);
  });
});

describe("setting slow mode", () => {
  it("takes 0 to 21600 seconds, from the room's creator or a moderator only", async () => {
    const owner = await signUp(a.client);
    const member = await signUp(a.client);
    const room = await createRoom(owner.client);
    await member.client.ok(JOIN_ROOM, { id: room.id });
    for (const slowModeSeconds of [-1, 21_601]) {
      const refused = refusal(await owner.client.request(UPDATE_POLICY, { id: room.id, input: { slowModeSeconds } }));
      expect(refused).toMatchObject({
        code: "BAD_USER_INPUT",
        message: "slowModeSeconds must be 0 (off) to 21600.",
        extensions: expect.objectContaining({ field: "slowModeSeconds" }),
      });
    }
    const byMember = refusal(
      await member.client.request(UPDATE_POLICY, { id: room.id, input: { slowModeSeconds: 5 } }),
    );
    expect(byMember.code).toBe("FORBIDDEN");
    await owner.client.ok(UPDATE_POLICY, { id: room.id, input: { slowModeSeconds: 21_600 } });
    await moderator.client.ok(UPDATE_POLICY, { id: room.id, input: { slowModeSeconds: 30 } });
    expect((await b.client.as(member.token).ok(SLOW_MODE, { id: room.id })).room.slowModeSeconds).toBe(30);
  });
});
