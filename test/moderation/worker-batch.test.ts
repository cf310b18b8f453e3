// Group commit against the real Postgres and Redis: many jobs stored in one
// transaction keep every guarantee a single job has, and a failed batch loses nothing.

import { EventBus } from "@chatmod/core/event-bus";
import { type ModerationJobData, moderationJobId } from "@chatmod/core/moderation-jobs";
import type { RoomEventFact } from "@chatmod/core/topics";
import { createLogger } from "@chatmod/worker/logger";
import { moderationBatch, type OwedJob } from "@chatmod/worker/moderation-batch";
import { createBatchPool } from "@chatmod/worker/postgres";
import type { ModerationWorker } from "@chatmod/worker/worker";
import { Redis } from "ioredis";
import type pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRoom, REDIS_URL, signUp } from "../helpers/stack.ts";
import { workerStackForFile } from "./worker-stack.ts";
import {
  connectSql,
  failAuditRows,
  insertOwedMessage,
  moderationState,
  send,
  startEnqueuer,
  startWorker,
  waitFor,
  waitForVerdict,
} from "./worker-support.ts";

const { api, sql, inspect } = workerStackForFile();
let pool: pg.Pool;
let publisher: Redis;
let subscriber: Redis;
let events: EventBus;
let worker: ModerationWorker | undefined;
beforeAll(() => {
  pool = createBatchPool(api.stack.databaseUrl, 2);
  publisher = new Redis(REDIS_URL);
  subscriber = new Redis(REDIS_URL);
  events = new EventBus(publisher, subscriber, api.stack.redisPrefix);
});
afterEach(async () => {
  await worker?.close();
  worker = undefined;
  await sql.query(`DROP TRIGGER IF EXISTS fail_batch ON "ModerationDecision"`);
});
afterAll(async () => {
  await Promise.all([publisher?.quit(), subscriber?.quit()]);
  await pool?.end();
});

const moderateBatch = () => moderationBatch({ pool, events, log: createLogger({ LOG_LEVEL: "silent" }) });

async function rooms(count: number) {
  const alice = await signUp(api.client);
  const created = [];
  for (let i = 0; i < count; i++) created.push(await createRoom(alice.client));
  return { authorId: alice.user.id, rooms: created };
}

type OwedMessage = Awaited<ReturnType<typeof insertOwedMessage>> & { roomId: string };

/** `count` owed messages (see insertOwedMessage), taking the rooms in turn. */
async function owedMessages(authorId: string, roomIds: string[], count: number, text: (index: number) => string) {
  const messages: OwedMessage[] = [];
  for (let index = 0; index < count; index++) {
    const roomId = roomIds[index % roomIds.length]!;
    messages.push({ roomId, ...(await insertOwedMessage(sql, roomId, authorId, text(index))) });
  }
  return messages;
}

const job = (message: { id: string; owedAt: Date }): OwedJob => ({
  jobId: moderationJobId(message.id, message.owedAt),
  messageId: message.id,
  owedAt: message.owedAt,
});

async function lastSeq(roomId: string): Promise<number> {
  const { rows } = await sql.query(`SELECT "lastSeq" FROM "Room" WHERE id = $1`, [roomId]);
  return rows[0].lastSeq as number;
}

async function moderatedEvents(roomId: string, afterSeq: number) {
  const { rows } = await sql.query<{ seq: number; messageId: string; kind: string }>(
    `SELECT seq, "messageId", kind FROM "RoomEvent" WHERE "roomId" = $1 AND seq > $2 ORDER BY seq`,
    [roomId, afterSeq],
  );
  return rows;
}

describe("moderation batches", () => {
  it("stores many jobs of several rooms in one transaction: contiguous seqs in batch order, one audit row each", async () => {
    const {
      authorId,
      rooms: [a, b, c],
    } = await rooms(3);
    const inRooms = [a!, b!, c!];
    const texts = ["hello there", "this is fucking annoying", "I will kill you"];
    const messages = await owedMessages(authorId, [a!.id, b!.id, c!.id], 30, (i) => texts[i % 3]!);
    const before = new Map<string, number>();
    for (const room of inRooms) before.set(room.id, await lastSeq(room.id));
    const published: RoomEventFact[] = [];
    const stops = await Promise.all(
      inRooms.map((room) => events.listen("room", room.id, (fact) => published.push(fact))),
    );

    const results = await moderateBatch()(messages.map(job));

    expect(results.every((result) => result.ok && result.value.applied)).toBe(true);
    for (const room of inRooms) {
      const mine = messages.filter((message) => message.roomId === room.id);
      const start = before.get(room.id)!;
      expect(await lastSeq(room.id)).toBe(start + mine.length);
      // lastSeq - n + 1 .. lastSeq, in the order the jobs came in the batch.
      expect(await moderatedEvents(room.id, start)).toEqual(
        mine.map((message, index) => ({ seq: start + index + 1, messageId: message.id, kind: "MESSAGE_MODERATED" })),
      );
      for (const [index, message] of mine.entries()) {
        const result = results[messages.indexOf(message)]!;
        expect(result).toMatchObject({ ok: true, value: { applied: true, seq: start + index + 1 } });
      }
    }
    for (const message of messages) {
      const state = await moderationState(sql, message.id);
      expect(state.outbox).toBe(0);
      expect(state.decisions).toHaveLength(1);
      expect(state.decisions[0]).toMatchObject({ moderatorId: null, fromStatus: "PENDING", toStatus: state.status });
      expect(state.moderation).toMatchObject({ decidedBy: "auto" });
      expect(state.moderatedAt).toBeInstanceOf(Date);
    }
    // Every applied verdict is published, each room's in seq order, carrying the message as it now is.
    await waitFor("every verdict published", async () => published.length === messages.length);
    for (const room of inRooms) {
      const seqs = published.filter((fact) => fact.roomId === room.id).map((fact) => fact.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
    for (const fact of published) {
      const state = await moderationState(sql, fact.messageId);
      expect(fact).toMatchObject({ kind: "MESSAGE_MODERATED" });
      expect(fact.message).toMatchObject({
        id: fact.messageId,
        roomId: fact.roomId,
        moderationStatus: state.status,
        moderatedAt: state.moderatedAt?.toISOString(),
        moderation: state.moderation,
        sentimentScore: state.sentimentScore,
        author: { id: authorId, username: expect.any(String) },
      });
      expect(fact.message?.author).not.toHaveProperty("passwordHash");
    }
    for (const stop of stops) stop();
  });

  it("gives each job of a mixed batch its own outcome: owed, duplicate, edited, deleted, decided, missing", async () => {
    const {
      authorId,
      rooms: [room],
    } = await rooms(1);
    const roomId = room!.id;
    const insert = (text: string) => insertOwedMessage(sql, roomId, authorId, text);
    const owed = await insert("have a lovely day");
    const edited = await insert("see you at the meeting");
    const newerOwedAt = new Date(edited.owedAt.getTime() + 1_000);
    await sql.query(`UPDATE "ModerationOutbox" SET "createdAt" = $2 WHERE "messageId" = $1`, [edited.id, newerOwedAt]);
    const deleted = await insert("I will kill you");
    await sql.query(`UPDATE "Message" SET "deletedAt" = now() WHERE id = $1`, [deleted.id]);
    const rejected = await insert("totally fine words");
    const moderator = await signUp(api.client);
    await sql.query(`UPDATE "Message" SET "moderationStatus" = 'REJECTED' WHERE id = $1`, [rejected.id]);
    const reopened = await insert("another fine message");
    for (const [message, to] of [
      [rejected, "REJECTED"],
      [reopened, "PENDING"],
    ] as const)
      await sql.query(
        `INSERT INTO "ModerationDecision" (id, "messageId", "moderatorId", "fromStatus", "toStatus", "createdAt")
         VALUES (gen_random_uuid(), $1, $2, 'PENDING', $3, $4)`,
        [message.id, moderator.user.id, to, new Date(message.owedAt.getTime() + 1)],
      );
    const start = await lastSeq(roomId);

    const results = await moderateBatch()([
      job(owed),
      job(edited),
      job({ id: edited.id, owedAt: newerOwedAt }),
      job(deleted),
      job(owed),
      job(rejected),
      job(reopened),
      job({ id: crypto.randomUUID(), owedAt: owed.owedAt }),
    ]);

    expect(results.map((result) => (result.ok ? result.value : result.error))).toEqual([
      { applied: true, status: "APPROVED", seq: start + 1 },
      { applied: false, reason: "superseded" },
      { applied: true, status: "APPROVED", seq: start + 2 },
      { applied: false, reason: "deleted" },
      { applied: false, reason: "not-owed" },
      { applied: false, reason: "decided" },
      { applied: false, reason: "decided" },
      { applied: false, reason: "missing" },
    ]);
    expect(await lastSeq(roomId)).toBe(start + 2);
    expect(await moderationState(sql, owed.id)).toMatchObject({
      status: "APPROVED",
      outbox: 0,
      moderatedEvents: [start + 1],
    });
    expect(await moderationState(sql, edited.id)).toMatchObject({
      status: "APPROVED",
      outbox: 0,
      moderatedEvents: [start + 2],
    });
    // Skipped, but settled: no verdict, no event, the owed row cleared.
    for (const [message, status] of [
      [deleted, "PENDING"],
      [rejected, "REJECTED"],
      [reopened, "PENDING"],
    ] as const) {
      const state = await moderationState(sql, message.id);
      expect(state).toMatchObject({ status, moderation: null, outbox: 0, moderatedEvents: [] });
      expect(state.decisions.every((decision) => decision.moderatorId === moderator.user.id)).toBe(true);
    }
    expect((await moderationState(sql, owed.id)).decisions).toHaveLength(1);
  });

  it("stores nothing when the batch transaction fails, and every job of it is retried and stored once", async () => {
    const {
      authorId,
      rooms: [room],
    } = await rooms(1);
    const messages = await owedMessages(authorId, [room!.id], 5, (i) => `message number ${i}`);
    const start = await lastSeq(room!.id);

    await failAuditRows(sql, null);
    await expect(moderateBatch()(messages.map(job))).rejects.toThrow(/audit refused/);
    expect(await lastSeq(room!.id)).toBe(start);
    for (const message of messages)
      expect(await moderationState(sql, message.id)).toMatchObject({ status: "PENDING", outbox: 1, decisions: [] });

    // Through the worker: the jobs fail, then succeed once Postgres accepts the batch again.
    for (const message of messages)
      await inspect.queue.add(
        "moderate",
        { messages: [{ messageId: message.id, owedAt: message.owedAt.toISOString() }] },
        { jobId: moderationJobId(message.id, message.owedAt), attempts: 5, backoff: { type: "fixed", delay: 300 } },
      );
    worker = startWorker(api.stack);
    await waitFor("every job to fail once", async () => {
      const jobs = await Promise.all(
        messages.map((message) => inspect.queue.getJob(moderationJobId(message.id, message.owedAt))),
      );
      return jobs.every((one) => (one?.attemptsMade ?? 0) >= 1);
    });
    await sql.query(`DROP TRIGGER fail_batch ON "ModerationDecision"`);
    for (const message of messages) {
      const state = await waitForVerdict(sql, message.id);
      expect(state.decisions).toHaveLength(1);
      expect(state.moderatedEvents).toHaveLength(1);
    }
    const seqs = (await moderatedEvents(room!.id, start)).map((event) => event.seq);
    expect(seqs).toEqual(messages.map((_, index) => start + index + 1));
  });

  it("a batch after a migration changed the messages' columns fails once, and the next one is stored", async () => {
    // One connection: the batch that prepared the write is the one that meets the change.
    const single = createBatchPool(api.stack.databaseUrl, 1);
    const batch = moderationBatch({ pool: single, events, log: createLogger({ LOG_LEVEL: "silent" }) });
    try {
      const { authorId, rooms: created } = await rooms(1);
      const [first, second, third] = await owedMessages(authorId, [created[0]!.id], 3, () => "hello there");
      expect(await batch([job(first!)])).toMatchObject([{ ok: true, value: { applied: true } }]);
      await sql.query(`ALTER TABLE "Message" ADD COLUMN "migrationProbe" int`);
      try {
        await expect(batch([job(second!)])).rejects.toMatchObject({ code: "0A000" });
        expect(await batch([job(second!), job(third!)])).toMatchObject([
          { ok: true, value: { applied: true } },
          { ok: true, value: { applied: true } },
        ]);
      } finally {
        await sql.query(`ALTER TABLE "Message" DROP COLUMN "migrationProbe"`);
      }
    } finally {
      await single.end();
    }
  });

  it("a job that sinks its batch is retried alone: the others are stored, it fails by itself", async () => {
    const {
      authorId,
      rooms: [room],
    } = await rooms(1);
    const messages = await owedMessages(authorId, [room!.id], 6, (i) => `hello number ${i}`);
    const poison = messages[3]!;
    await failAuditRows(sql, poison.id);
    const jobIds = messages.map((message) => moderationJobId(message.id, message.owedAt));
    // Enqueued before the worker starts, so they come to it together.
    for (const [index, message] of messages.entries())
      await inspect.queue.add(
        "moderate",
        { messages: [{ messageId: message.id, owedAt: message.owedAt.toISOString() }] },
        { jobId: jobIds[index]!, attempts: 3, backoff: { type: "fixed", delay: 200 } },
      );
    worker = startWorker(api.stack);

    const failed = await waitFor("the poisoned job to fail for good", async () => {
      const one = await inspect.queue.getJob(jobIds[3]!);
      return one && (await one.isFailed()) ? one : null;
    });
    expect(failed.failedReason).toMatch(/audit refused/);
    expect(failed.attemptsMade).toBe(3);
    for (const message of messages.filter((one) => one !== poison)) {
      const state = await waitForVerdict(sql, message.id);
      expect(state).toMatchObject({ status: "APPROVED", outbox: 0 });
      expect(state.decisions).toHaveLength(1);
      expect(state.moderatedEvents).toHaveLength(1);
    }
    expect(await moderationState(sql, poison.id)).toMatchObject({ status: "PENDING", outbox: 1, decisions: [] });
  });

  it("two batches taking the same rooms in opposite orders, both waiting behind a sender, both commit", async () => {
    const { authorId, rooms: created } = await rooms(3);
    const roomIds = created.map((room) => room.id).sort();
    const messages = await owedMessages(authorId, roomIds, 12, (i) => `queued message ${i}`);
    const forward = messages.filter((_, index) => index % 2 === 0);
    const backward = messages.filter((_, index) => index % 2 === 1).reverse();
    const before = new Map<string, number>();
    for (const roomId of roomIds) before.set(roomId, await lastSeq(roomId));

    // A sender holds the middle room's row lock; both batches must queue behind it.
    const sender = await connectSql(api.stack.databaseUrl);
    await sender.query("BEGIN");
    await sender.query(`UPDATE "Room" SET "lastSeq" = "lastSeq" WHERE id = $1`, [roomIds[1]]);
    const batches = Promise.all([moderateBatch()(forward.map(job)), moderateBatch()(backward.map(job))]);
    await waitFor("both batches to wait for a lock", async () => {
      const { rows } = await sql.query(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      return rows[0].waiting >= 2;
    });
    await sender.query("COMMIT");
    await sender.end();

    const results = (await batches).flat();
    expect(results.every((result) => result.ok && result.value.applied)).toBe(true);
    for (const roomId of roomIds) {
      const start = before.get(roomId)!;
      const events = await moderatedEvents(roomId, start);
      expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => start + index + 1));
      expect(events).toHaveLength(messages.filter((message) => message.roomId === roomId).length);
    }
  });

  it("settles each message of a job of several (as the worker makes of versions that failed together)", async () => {
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    // The intake makes jobs of what it takes together, and they wait to be read.
    const enqueuer = startEnqueuer(api.stack, inspect.queue);
    // Sent at once: the first is stored alone, the ones that arrive meanwhile in one statement together.
    const sent = await Promise.all(Array.from({ length: 12 }, (_, i) => send(alice.client, room.id, `hello ${i}`)));
    const jobsOfSent = await waitFor("every message's job", async () => {
      const waiting = await inspect.queue.getJobs(["waiting"]);
      const jobs = waiting.filter((queued) =>
        queued?.data.messages.some((message) => sent.some(({ id }) => id === message.messageId)),
      );
      return jobs.flatMap((queued) => queued!.data.messages).length >= sent.length ? jobs : null;
    });
    await enqueuer.close();
    const carried = jobsOfSent.flatMap((queued) => queued!.data.messages.map((message) => message.messageId));
    expect(new Set(carried)).toEqual(new Set(sent.map(({ id }) => id)));
    expect(carried).toHaveLength(sent.length);
    expect(jobsOfSent.length).toBeLessThan(sent.length);
    const several = jobsOfSent.find((queued) => queued!.data.messages.length > 1)!;

    worker = startWorker(api.stack);
    for (const { id } of sent) expect((await waitForVerdict(sql, id)).status).toBe("APPROVED");
    const done = await waitFor("the job of several messages to complete", async () =>
      (await several.isCompleted()) ? await inspect.queue.getJob(several.id!) : null,
    );
    expect(done!.returnvalue).toEqual(several.data.messages.map(() => expect.objectContaining({ applied: true })));
  });

  it("still runs a job made before jobs carried several messages (one message at the top level)", async () => {
    const { authorId, rooms: inRooms } = await rooms(1);
    const [message] = await owedMessages(authorId, [inRooms[0]!.id], 1, () => "an old job's message");
    const jobId = moderationJobId(message!.id, message!.owedAt);
    const legacy = { messageId: message!.id, owedAt: message!.owedAt.toISOString() };
    await inspect.queue.add("moderate", legacy as unknown as ModerationJobData, { jobId });
    worker = startWorker(api.stack);
    expect((await waitForVerdict(sql, message!.id)).status).toBe("APPROVED");
    const done = await waitFor("the old job to complete", async () => {
      const job = await inspect.queue.getJob(jobId);
      return job && (await job.isCompleted()) ? job : null;
    });
    expect(done.returnvalue).toMatchObject({ applied: true, status: "APPROVED" });
  });

  it("moderates a backlog through the worker: each message once, the room's seqs without gaps or repeats", async () => {
    const { authorId, rooms: inRooms } = await rooms(3);
    const roomIds = inRooms.map((room) => room.id);
    const messages = await owedMessages(authorId, roomIds, 150, (i) => `backlog message ${i}`);
    const before = new Map<string, number>();
    for (const room of inRooms) before.set(room.id, await lastSeq(room.id));
    await inspect.queue.addBulk(
      messages.map((message) => ({
        name: "moderate",
        data: { messages: [{ messageId: message.id, owedAt: message.owedAt.toISOString() }] },
        opts: { jobId: moderationJobId(message.id, message.owedAt), attempts: 3 },
      })),
    );
    worker = startWorker(api.stack, { WORKER_CONCURRENCY: "50", WORKER_BATCH_SIZE: "20" });
    for (const message of messages) await waitForVerdict(sql, message.id);
    for (const room of inRooms) {
      const mine = messages.filter((message) => message.roomId === room.id);
      const start = before.get(room.id)!;
      const moderated = await moderatedEvents(room.id, start);
      expect(moderated.map((event) => event.seq)).toEqual(mine.map((_, index) => start + index + 1));
      expect(new Set(moderated.map((event) => event.messageId))).toEqual(new Set(mine.map((message) => message.id)));
      expect(await lastSeq(room.id)).toBe(start + mine.length);
    }
    const { rows } = await sql.query(
      `SELECT count(*)::int AS audits, count(DISTINCT "messageId")::int AS messages FROM "ModerationDecision"
       WHERE "messageId" = ANY($1::uuid[])`,
      [messages.map((message) => message.id)],
    );
    expect(rows[0]).toEqual({ audits: messages.length, messages: messages.length });
  });
});
