import { randomUUID } from "node:crypto";
import type { Database } from "@chatmod/core/db";
import { enqueueModeration, type ModerationJobData, moderationJobId } from "@chatmod/core/moderation-jobs";
import type { RedisClient } from "@chatmod/core/redis";
import type { Queue } from "bullmq";
import { describeError, type Logger } from "./logger.ts";

/**
 * The outbox sweep: the slow path that makes moderation certain. The API owes a
 * job in the message's transaction (the outbox row), tells the worker after the
 * commit, and the worker moderates it (owed-intake.ts); when that never happens
 * (the API crashed in between, Redis was away, the worker died holding the request)
 * or Redis loses the job (a restart without persistence), the row is still there
 * and this enqueues it, as a job of its own. Enqueueing is idempotent (the job id is the
 * version), so a row whose own job is waiting or running costs a lookup and
 * nothing else. A row whose version is still in a worker's hands, or in a job of
 * several (the worker's retry of a failed batch), is not found by its own id: past
 * ageMs it gets a job of its own too, and whichever settles it second skips it.
 *
 * A row whose job completed and was removed cannot linger: storeVerdicts deletes
 * the row in the transaction that stores the verdict, and every skip that settles
 * this version deletes it too; a skip that leaves it ("superseded") leaves it for
 * the newer version's own job. If one were re-enqueued anyway (the sweep read the
 * row just before that commit), the job would find nothing owed and skip.
 *
 * Failed jobs (retries exhausted, e.g. Postgres down for longer than the backoff)
 * stay in the failed set for inspection; once they have been failed for
 * retryFailedAfterMs the sweep retries them, so a message is never left PENDING
 * (the messages of a failed job of several get jobs of their own, as above).
 */
export type SweepOptions = {
  db: Database;
  queue: Queue<ModerationJobData>;
  /** For the lock; commands only. */
  redis: RedisClient;
  redisPrefix: string;
  intervalMs: number;
  ageMs: number;
  retryFailedAfterMs: number;
  log: Logger;
};

export type SweepResult = { enqueued: number; retried: number } | null;

export type OutboxSweeper = {
  /** One sweep now; null when another replica holds the lock. */
  sweepOnce(): Promise<SweepResult>;
  /** Stops the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
};

const BATCH = 500;

// Releases the lock only if this sweeper still holds it (it may have expired and been taken).
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) end return 0`;

export function startOutboxSweep(options: SweepOptions): OutboxSweeper {
  const { intervalMs, log } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const tick = () => {
    running = sweep(options)
      .then((result) => {
        if (result && result.enqueued + result.retried > 0)
          log.info(result, "outbox sweep re-enqueued owed moderation");
      })
      .catch((error: unknown) =>
        log.warn({ err: describeError(error) }, "outbox sweep failed; trying again next interval"),
      )
      .finally(() => {
        // A timeout chain, not setInterval: a slow sweep (Redis away) never overlaps the next.
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);

  return {
    sweepOnce: () => sweep(options),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

async function sweep(options: SweepOptions): Promise<SweepResult> {
  const { db, queue, redis, redisPrefix, intervalMs, ageMs, retryFailedAfterMs, log } = options;
  // One replica sweeps at a time; the others would only repeat its lookups. The TTL frees the lock if it dies.
  const lockKey = `${redisPrefix}moderation:outbox-sweep-lock`;
  const token = randomUUID();
  const locked = await redis.set(lockKey, token, "PX", Math.max(2 * intervalMs, 10_000), "NX");
  if (locked !== "OK") return null;
  try {
    const rows = await db.moderationOutbox.findMany({
      where: { createdAt: { lte: new Date(Date.now() - ageMs) } },
      orderBy: { createdAt: "asc" },
      take: BATCH,
    });
    let enqueued = 0;
    let retried = 0;
    for (const { messageId, createdAt } of rows) {
      const job = await queue.getJob(moderationJobId(messageId, createdAt));
      if (!job) {
        await enqueueModeration(queue, messageId, createdAt);
        enqueued++;
      } else if ((job.finishedOn ?? Date.now()) <= Date.now() - retryFailedAfterMs && (await job.isFailed())) {
        try {
          await job.retry("failed");
          retried++;
        } catch (error) {
          // Another replica or a person retried it first.
          log.debug({ err: describeError(error), jobId: job.id }, "could not retry a failed moderation job");
        }
      }
    }
    return { enqueued, retried };
  } finally {
    await redis.eval(RELEASE, 1, lockKey, token).catch(() => {});
  }
}
