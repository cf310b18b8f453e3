// Shared by the worker tests: a worker env on a TestStack, SQL helpers, polling.

import { createModerationQueue, enqueueOwed, moderationJobId } from "@chatmod/core/moderation-jobs";
import { owedListKey } from "@chatmod/core/moderation-owed";
import { parseWorkerEnv, type WorkerEnv } from "@chatmod/worker/env";
import { createLogger } from "@chatmod/worker/logger";
import { type OwedIntake, startOwedIntake } from "@chatmod/worker/owed-intake";
import { type ModerationWorker, startModerationWorker } from "@chatmod/worker/worker";
import { Redis } from "ioredis";
import pg from "pg";
import { expect } from "vitest";
import { type GraphQLClient, gql } from "../helpers/graphql.ts";
import { SEND_MESSAGE } from "../helpers/operations.ts";
import { createRoom, REDIS_URL, signUp, type TestApi, type TestStack } from "../helpers/stack.ts";
import { waitFor } from "../helpers/wait.ts";

export { waitFor };

/** Worker settings for tests: the stack's database and prefix, short intervals. */
export function workerEnv(stack: TestStack, overrides: Record<string, string> = {}): WorkerEnv {
  return parseWorkerEnv({
    DATABASE_URL: stack.databaseUrl,
    REDIS_URL,
    REDIS_PREFIX: stack.redisPrefix,
    OUTBOX_SWEEP_INTERVAL_MS: "200",
    OUTBOX_SWEEP_AGE_MS: "60000",
    LOG_LEVEL: process.env["TEST_WORKER_LOG_LEVEL"] ?? "silent",
    ...overrides,
  });
}

export function startWorker(stack: TestStack, overrides: Record<string, string> = {}): ModerationWorker {
  return startModerationWorker(workerEnv(stack, overrides));
}

/**
 * The worker's intake (owed-intake.ts) making jobs of what the API says is owed, as the worker does
 * of versions whose moderation failed, with nothing to take them: the jobs wait in the queue.
 * close() also closes its connection.
 */
export function startEnqueuer(stack: TestStack, queue: ReturnType<typeof createModerationQueue>): OwedIntake {
  const connection = new Redis(REDIS_URL);
  const intake = startOwedIntake({
    connection,
    redisPrefix: stack.redisPrefix,
    take: (versions) => enqueueOwed(queue, versions),
    capacity: 1_000,
    log: createLogger({ LOG_LEVEL: "silent" }),
  });
  return {
    async close() {
      await intake.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

/** A queue handle for inspecting and adding jobs, on its own connection. */
export function testQueue(stack: TestStack, redisUrl = REDIS_URL) {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = createModerationQueue(redis, stack.redisPrefix);
  return {
    queue,
    async close() {
      await queue.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

export type TestQueue = ReturnType<typeof testQueue>;

/**
 * A moderation job that fails for real, once and for good: a worker that has lost its database
 * takes it. Returns its id; the failed job stays in the failed set.
 */
export async function failedJob(
  stack: TestStack,
  { queue }: Pick<TestQueue, "queue">,
  sql: Sql,
  room: string,
  author: string,
) {
  const owed = await insertOwedMessage(sql, room, author, "I will kill you");
  const jobId = moderationJobId(owed.id, owed.owedAt);
  const broken = startWorker(stack, { DATABASE_URL: stack.databaseUrl.replace(/\/[^/]+$/, "/no_such_database") });
  try {
    await queue.add(
      "moderate",
      { messages: [{ messageId: owed.id, owedAt: owed.owedAt.toISOString() }] },
      { jobId, attempts: 1, removeOnFail: false },
    );
    await waitFor("the job to fail", async () => ((await queue.getJobState(jobId)) === "failed" ? true : null));
  } finally {
    await broken.close();
  }
  return { jobId, messageId: owed.id };
}

/**
 * The job once it has completed, read again after: a job read while active has no return value,
 * and the verdict is visible before the job ends (the worker still checks the room's escalation).
 */
export function completedJob({ queue }: Pick<TestQueue, "queue">, id: string) {
  return waitFor(`job ${id} to complete`, async () =>
    (await queue.getJobState(id)) === "completed" ? ((await queue.getJob(id)) ?? null) : null,
  );
}

/** What the helpers below read Postgres with: a client, or a test file's handle on one. */
export type Sql = Pick<pg.Client, "query">;

export async function connectSql(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** A new member and the room they created. */
export async function memberInRoom(api: TestApi) {
  const alice = await signUp(api.client);
  const room = await createRoom(alice.client);
  return { alice, room };
}

export const EDIT = gql<{ editMessage: { id: string } }, { id: string; text: string }>(
  `mutation($id: ID!, $text: String!) { editMessage(messageId: $id, text: $text) { id } }`,
);

export async function send(client: GraphQLClient, roomId: string, text: string): Promise<{ id: string; seq: number }> {
  const data = await client.ok(SEND_MESSAGE, { input: { roomId, text, clientId: crypto.randomUUID() } });
  return data.sendMessage;
}

export type Decision = {
  moderatorId: string | null;
  fromStatus: string;
  toStatus: string;
  reason: string;
  details: Record<string, unknown> | null;
};

/** Everything the worker writes about one message, read straight from Postgres. */
export async function moderationState(sql: Sql, messageId: string) {
  const message = await sql.query(
    `SELECT "moderationStatus" AS status, moderation, "moderatedAt", "sentimentScore" FROM "Message" WHERE id = $1`,
    [messageId],
  );
  const outbox = await sql.query(`SELECT "createdAt" FROM "ModerationOutbox" WHERE "messageId" = $1`, [messageId]);
  const decisions = await sql.query<Decision>(
    `SELECT "moderatorId", "fromStatus", "toStatus", reason, details FROM "ModerationDecision"
     WHERE "messageId" = $1 ORDER BY "createdAt"`,
    [messageId],
  );
  const moderated = await sql.query(
    `SELECT seq FROM "RoomEvent" WHERE "messageId" = $1 AND kind = 'MESSAGE_MODERATED' ORDER BY seq`,
    [messageId],
  );
  const row = message.rows[0];
  return {
    status: row?.status as string | undefined,
    moderation: row?.moderation as Record<string, unknown> | null,
    moderatedAt: row?.moderatedAt as Date | null,
    sentimentScore: row?.sentimentScore as number | null,
    outbox: outbox.rows.length,
    decisions: decisions.rows,
    moderatedEvents: moderated.rows.map((event) => event.seq as number),
  };
}

/** Waits until the message has left PENDING; returns its state. */
export function waitForVerdict(sql: Sql, messageId: string, timeoutMs?: number) {
  return waitFor(
    `a verdict on ${messageId}`,
    async () => {
      const state = await moderationState(sql, messageId);
      return state.status !== "PENDING" && state.outbox === 0 ? state : null;
    },
    timeoutMs,
  );
}

/**
 * Writes a message the way sendMessage does (room seq, message, MESSAGE_ADDED,
 * outbox row) in one transaction, but enqueues nothing: the API died after commit.
 */
export async function insertOwedMessage(sql: Sql, roomId: string, authorId: string, text: string) {
  await sql.query("BEGIN");
  try {
    const room = await sql.query(`UPDATE "Room" SET "lastSeq" = "lastSeq" + 1 WHERE id = $1 RETURNING "lastSeq"`, [
      roomId,
    ]);
    const seq = room.rows[0].lastSeq as number;
    const message = await sql.query(
      `INSERT INTO "Message" (id, "roomId", "authorId", seq, "clientId", text)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5) RETURNING id`,
      [roomId, authorId, seq, crypto.randomUUID(), text],
    );
    const id = message.rows[0].id as string;
    await sql.query(`INSERT INTO "RoomEvent" ("roomId", seq, kind, "messageId") VALUES ($1, $2, 'MESSAGE_ADDED', $3)`, [
      roomId,
      seq,
      id,
    ]);
    const owed = await sql.query(`INSERT INTO "ModerationOutbox" ("messageId") VALUES ($1) RETURNING "createdAt"`, [
      id,
    ]);
    await sql.query("COMMIT");
    return { id, seq, owedAt: owed.rows[0].createdAt as Date };
  } catch (error) {
    await sql.query("ROLLBACK");
    throw error;
  }
}

export async function owedAt(sql: Sql, messageId: string): Promise<Date> {
  const result = await sql.query(`SELECT "createdAt" FROM "ModerationOutbox" WHERE "messageId" = $1`, [messageId]);
  const row = result.rows[0];
  if (!row) expect.fail(`no outbox row for ${messageId}`);
  return row.createdAt as Date;
}

/**
 * Makes Postgres refuse the audit rows (of one message, or of all): a batch transaction that fails
 * half-way, after the message rows were updated. Undone by dropping the trigger `fail_batch`.
 */
export async function failAuditRows(sql: Sql, messageId: string | null) {
  await sql.query(`
    CREATE OR REPLACE FUNCTION fail_batch() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF ${messageId ? `NEW."messageId" = '${messageId}'` : "true"} THEN RAISE EXCEPTION 'audit refused'; END IF;
      RETURN NEW;
    END $$`);
  await sql.query(`DROP TRIGGER IF EXISTS fail_batch ON "ModerationDecision"`);
  await sql.query(
    `CREATE TRIGGER fail_batch BEFORE INSERT ON "ModerationDecision" FOR EACH ROW EXECUTE FUNCTION fail_batch()`,
  );
}

/** Drops the API's requests waiting on the owed list: a worker then finds the versions only as jobs (or by the sweep). */
export async function dropOwedRequests(stack: TestStack): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    await redis.del(owedListKey(stack.redisPrefix));
  } finally {
    await redis.quit();
  }
}
