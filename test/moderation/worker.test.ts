// The whole path: API send -> outbox + queue -> worker verdict -> room event to subscribers.

import { EventBus } from "@chatmod/core/event-bus";
import { enqueueModeration } from "@chatmod/core/moderation-jobs";
import type { ModerationEventFact } from "@chatmod/core/topics";
import type { ModerationWorker } from "@chatmod/worker/worker";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.ts";
import { JOIN_ROOM } from "../helpers/operations.ts";
import { REDIS_URL, signUp } from "../helpers/stack.ts";
import { collect, wsClient } from "../helpers/subscriptions.ts";
import { workerStackForFile } from "./worker-stack.ts";
import {
  EDIT,
  memberInRoom,
  moderationState,
  send,
  startWorker,
  testQueue,
  waitFor,
  waitForVerdict,
} from "./worker-support.ts";

type Event = { seq: number; kind: string; message: { id: string; moderationStatus: string } };
const ROOM_EVENTS = gql<{ roomEvents: Event }, { roomId: string; afterSeq: number }>(
  `subscription($roomId: ID!, $afterSeq: Int) {
  roomEvents(roomId: $roomId, afterSeq: $afterSeq) { seq kind message { id moderationStatus } }
}`,
);
const PRE_MODERATION = gql<{ updateRoomPolicy: { id: string } }, { id: string }>(
  `mutation($id: ID!) { updateRoomPolicy(roomId: $id, input: { moderationMode: PRE }) { id } }`,
);
const MESSAGES = gql<{ room: { messagesAfter: { id: string }[] } }, { id: string }>(
  `query($id: ID) { room(id: $id) { messagesAfter(seq: 0) { id } } }`,
);

const SCORES = gql<
  {
    room: {
      messagesAfter: { moderationDetails: { categoryScores: { category: string; score: number }[] } | null }[];
    };
  },
  { id: string }
>(
  `query($id: ID) { room(id: $id) { messagesAfter(seq: 0) { moderationDetails { categoryScores { category score } } } } }`,
);

const { api, sql } = workerStackForFile();
let worker: ModerationWorker;
beforeAll(() => {
  worker = startWorker(api.stack);
});
afterAll(() => worker?.close());

function eventsOf(events: { roomEvents: Event }[], messageId: string): Event[] {
  return events.map((event) => event.roomEvents).filter((event) => event.message.id === messageId);
}

describe("moderation worker, end to end", () => {
  it("decides each message and tells subscribers: APPROVED, FLAGGED, REJECTED", async () => {
    const { alice, room } = await memberInRoom(api);
    const moderatorFeed = await watchModerationTopic();
    const socket = wsClient(api.wsUrl, alice.token);
    const seen = collect(socket, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 });

    const cases = [
      { text: "Good morning everyone, lovely weather today", status: "APPROVED" },
      { text: "this is fucking annoying", status: "FLAGGED" },
      { text: "I will kill you", status: "REJECTED" },
    ];
    const sent = [];
    for (const { text } of cases) sent.push(await send(alice.client, room.id, text));

    const events = await seen.until(6);
    expect(events.map((event) => event.roomEvents.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const [index, { status }] of cases.entries()) {
      const message = sent[index]!;
      const mine = eventsOf(events, message.id);
      expect(mine.map((event) => event.kind)).toEqual(["MESSAGE_ADDED", "MESSAGE_MODERATED"]);
      expect(mine[1]?.message.moderationStatus).toBe(status);

      const state = await moderationState(sql, message.id);
      expect(state).toMatchObject({ status, outbox: 0, moderatedEvents: [mine[1]?.seq] });
      expect(state.moderatedAt).toBeInstanceOf(Date);
      expect(Number.isInteger(state.sentimentScore)).toBe(true);
      expect(state.moderation).toMatchObject({ decidedBy: "auto", rulesVersion: expect.any(String) });
      // The learned classifier's scores are stored with the verdict, one per category.
      const scores = Object.values((state.moderation as { categories: Record<string, number> }).categories);
      expect(scores).toHaveLength(7);
      expect(scores.every((score) => score >= 0 && score <= 1)).toBe(true);
      expect(state.decisions).toEqual([
        expect.objectContaining({ moderatorId: null, fromStatus: "PENDING", toStatus: status }),
      ]);
      expect(state.decisions[0]?.reason).toMatch(
        {
          APPROVED: /^Automatic moderator approved\.$/,
          FLAGGED: /^Automatic moderator flagged for review: [a-z ,;]+\.$/,
          REJECTED: /^Automatic moderator rejected: [a-z ,;]+\.$/,
        }[status] ?? /^$/,
      );
      expect(state.decisions[0]?.details).toEqual(state.moderation);
    }

    // Moderators hear about the two that need them, and only those.
    const flagged = await waitFor("two FLAGGED facts", async () =>
      moderatorFeed.facts.length >= 2 ? moderatorFeed.facts : null,
    );
    expect(flagged.map((fact) => ["messageId" in fact ? fact.messageId : null, fact.kind]).sort()).toEqual(
      [
        [sent[1]!.id, "FLAGGED"],
        [sent[2]!.id, "FLAGGED"],
      ].sort(),
    );
    // Nothing more may come (no event or fact repeated): give a stray one time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen.events).toHaveLength(6);
    expect(moderatorFeed.facts).toHaveLength(2);
    await moderatorFeed.close();
    await socket.dispose();
  });

  it("keeps the learned classifier's scores with the verdict, for moderators' eyes only", async () => {
    const { alice, room } = await memberInRoom(api);
    const message = await send(alice.client, room.id, "you are a worthless idiot and everyone hates you");
    await waitForVerdict(sql, message.id);
    const moderator = await signUp(api.client);
    await api.app.services.db.user.update({ where: { id: moderator.user.id }, data: { role: "MODERATOR" } });

    const asModerator = await moderator.client.ok(SCORES, { id: room.id });
    const scores = asModerator.room.messagesAfter[0]!.moderationDetails!.categoryScores;
    expect(scores.map(({ category }) => category).sort()).toEqual(
      ["HARASSMENT", "IDENTITY_ATTACK", "INSULT", "SELF_HARM", "SEXUAL_OBSCENE", "THREAT", "TOXICITY"].sort(),
    );
    expect(scores.map(({ score }) => score)).toEqual([...scores.map(({ score }) => score)].sort((a, b) => b - a));
    expect(scores[0]!.score).toBeGreaterThan(0.5);
    // The author reads the verdict's details, but not the classifier's numbers.
    const asAuthor = await alice.client.ok(SCORES, { id: room.id });
    expect(asAuthor.room.messagesAfter[0]!.moderationDetails!.categoryScores).toEqual([]);
  });

  it("moderates an edited message again", async () => {
    const { alice, room } = await memberInRoom(api);
    const socket = wsClient(api.wsUrl, alice.token);
    const seen = collect(socket, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 });
    const message = await send(alice.client, room.id, "see you at the meeting");
    await seen.until(2);
    await alice.client.ok(EDIT, { id: message.id, text: "see you at the meeting, you fucking idiot" });

    const events = await seen.until(4);
    expect(events.map((event) => [event.roomEvents.kind, event.roomEvents.message.moderationStatus])).toEqual([
      ["MESSAGE_ADDED", expect.any(String)],
      ["MESSAGE_MODERATED", "APPROVED"],
      ["MESSAGE_EDITED", expect.any(String)],
      ["MESSAGE_MODERATED", "FLAGGED"],
    ]);
    const state = await waitForVerdict(sql, message.id);
    expect(state.status).toBe("FLAGGED");
    expect(state.decisions.map((decision) => decision.toStatus)).toEqual(["APPROVED", "FLAGGED"]);
    expect(state.moderatedEvents).toEqual([2, 4]);
    await socket.dispose();
  });

  it("in pre-moderation, leaves a clean message for a moderator and still rejects a threat", async () => {
    const { alice, room } = await memberInRoom(api);
    await alice.client.ok(PRE_MODERATION, { id: room.id });
    const clean = await send(alice.client, room.id, "Good morning everyone, lovely weather today");
    const threat = await send(alice.client, room.id, "I will kill you");

    const checked = await waitFor("the clean message's verdict", async () => {
      const state = await moderationState(sql, clean.id);
      return state.moderatedAt && state.outbox === 0 ? state : null;
    });
    // Checked (the moderator reads the verdict), and still waiting: only a moderator approves.
    expect(checked.status).toBe("PENDING");
    expect(checked.moderation).toMatchObject({ decidedBy: "auto" });
    expect(checked.decisions).toEqual([
      expect.objectContaining({
        fromStatus: "PENDING",
        toStatus: "PENDING",
        reason: expect.stringMatching(/Held for a moderator/),
      }),
    ]);
    expect((await waitForVerdict(sql, threat.id)).status).toBe("REJECTED");

    const reader = await signUp(api.client);
    await reader.client.ok(JOIN_ROOM, { id: room.id });
    const seen = await reader.client.ok(MESSAGES, { id: room.id });
    expect(seen.room.messagesAfter).toEqual([]);
  });

  it("applies the room's own policy", async () => {
    const { alice, room } = await memberInRoom(api);
    await sql.query(`UPDATE "Room" SET policy = $2 WHERE id = $1`, [
      room.id,
      JSON.stringify({ thresholds: {}, blockedTerms: ["pineapple pizza"], allowedTerms: [] }),
    ]);
    const message = await send(alice.client, room.id, "who wants pineapple pizza tonight");
    const state = await waitForVerdict(sql, message.id);
    expect(state.status).toBe("FLAGGED");
    expect(state.moderation).toMatchObject({ matchedTerms: [expect.objectContaining({ category: "blocked" })] });
  });

  it("fails a job whose data can never work at once, without retries, and keeps it", async () => {
    const inspect = testQueue(api.stack);
    try {
      // Enqueued like any other (6 attempts, backoff): the data decides it is unrecoverable.
      await enqueueModeration(inspect.queue, "not-a-uuid", new Date());
      const failed = await waitFor("the job to fail", async () => {
        const [job] = await inspect.queue.getFailed();
        return job;
      });
      expect(failed.data.messages[0]?.messageId).toBe("not-a-uuid");
      expect(failed.opts.attempts).toBe(6);
      expect(failed.attemptsMade).toBe(1);
      expect(failed.failedReason).toMatch(/invalid moderation job data/);
      // It must not be retried: wait longer than the first backoff, then check it never ran again.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await inspect.queue.getJobState(failed.id!)).toBe("failed");
      expect((await inspect.queue.getJob(failed.id!))?.attemptsMade).toBe(1);
    } finally {
      await inspect.close();
    }
  });
});

/** Listens to the moderators' topic the way the API does. */
async function watchModerationTopic() {
  const publisher = new Redis(REDIS_URL);
  const subscriber = new Redis(REDIS_URL);
  const bus = new EventBus(publisher, subscriber, api.stack.redisPrefix);
  const facts: ModerationEventFact[] = [];
  const stop = await bus.listen("moderation", (fact) => facts.push(fact));
  return {
    facts,
    async close() {
      stop();
      await Promise.all([publisher.quit(), subscriber.quit()]);
    },
  };
}
