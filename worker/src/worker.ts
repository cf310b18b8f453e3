import { createDatabase, createPool } from "@chatmod/core/db";
import { EventBus } from "@chatmod/core/event-bus";
import { groupCommit } from "@chatmod/core/group-commit";
import { type MetricsListener, serveMetrics } from "@chatmod/core/metrics";
import { createModerationQueue, MODERATION_QUEUE, queuePrefix } from "@chatmod/core/moderation-jobs";
import { owedListKey } from "@chatmod/core/moderation-owed";
import { createRedis, type RedisClient } from "@chatmod/core/redis";
import { startTracing } from "@chatmod/core/tracing";
import { Worker } from "bullmq";
import type { WorkerEnv } from "./env.ts";
import { createLogger, describeError, type Logger } from "./logger.ts";
import { createWorkerMetrics } from "./metrics.ts";
import { moderationBatch } from "./moderation-batch.ts";
import { type OutboxSweeper, startOutboxSweep } from "./outbox-sweep.ts";
import { type OwedIntake, startOwedIntake } from "./owed-intake.ts";
import { owedModeration } from "./owed-moderation.ts";
import { createBatchPool } from "./postgres.ts";
import { type JobResults, moderationProcessor } from "./processor.ts";
import { warmUpModeration } from "./warm-up.ts";

export type ModerationWorker = {
  worker: Worker<unknown, JobResults>;
  sweeper: OutboxSweeper;
  owed: OwedIntake;
  /** Serves Prometheus metrics (0: any free port); resolves with the /metrics URL. Closed by close(). */
  startMetrics(port?: number, host?: string): Promise<string>;
  /** Stops taking jobs, waits for the active ones, then closes every connection and exports the last spans. Safe to call twice. */
  close(): Promise<void>;
};

/**
 * The moderation worker: it moderates what the API says is owed (owed-intake.ts,
 * owed-moderation.ts), consumes the moderation queue (retries, and what the outbox sweep finds
 * missed), and sweeps the outbox. Used by main.ts and, in-process, by the tests.
 */
export function startModerationWorker(env: WorkerEnv, options: { log?: Logger } = {}): ModerationWorker {
  const log = options.log ?? createLogger(env);
  // Before any job is taken: the first batch would otherwise wait for the model to load.
  warmUpModeration();
  // Off (null) unless an OTLP endpoint is configured; then the SDK is loaded here.
  const tracing = startTracing(env.tracing, log);
  // The batches have a pool of their own, one connection per batch in flight; Prisma serves the sweep.
  const pool = createBatchPool(env.DATABASE_URL, env.WORKER_BATCHES_IN_FLIGHT);
  const prismaPool = createPool(env.DATABASE_URL, { poolSize: 2 });
  // An idle connection that Postgres drops (a restart) is reported here; left unlistened it would end the process.
  for (const connections of [pool, prismaPool])
    connections.on("error", (error) => log.warn({ err: describeError(error) }, "postgres connection error"));
  const db = createDatabase(prismaPool);
  // BullMQ's production guide: a worker's connection must wait out a Redis outage
  // (maxRetriesPerRequest: null) instead of failing its blocking commands.
  const bullRedis = createRedis(env, { maxRetriesPerRequest: null });
  // Publishing, enqueueing and the sweep's lock fail fast while Redis is away: Postgres keeps what is owed.
  const redis = createRedis(env);
  // The queue (enqueueing, the sweep) loads BullMQ's Lua scripts onto its connection, and ioredis would
  // copy them into every publish pipeline made there: the queue has a connection of its own.
  const queueRedis = createRedis(env);
  // The owed list's pop blocks its connection while the list is empty.
  const intakeRedis = createRedis(env);
  for (const connection of [bullRedis, redis, queueRedis, intakeRedis])
    connection.on("error", (error: Error) => log.warn({ err: describeError(error) }, "redis connection error"));

  const events = new EventBus(redis, null, env.REDIS_PREFIX, tracing);
  const queue = createModerationQueue(queueRedis, env.REDIS_PREFIX);
  // BullMQ prints an unlistened error to the console; Redis being away is already logged above.
  queue.on("error", (error) => log.debug({ err: describeError(error) }, "moderation queue error"));
  // BullMQ has no batch API: each concurrency slot holds a job while the group commit stores it with the others.
  const metrics = createWorkerMetrics(queue, { batches: pool, sweep: prismaPool }, () =>
    redis.llen(owedListKey(env.REDIS_PREFIX)),
  );
  const batches = groupCommit(metrics.measured(moderationBatch({ pool, events, log, tracing })), {
    maxBatch: env.WORKER_BATCH_SIZE,
    maxInFlight: env.WORKER_BATCHES_IN_FLIGHT,
    onFlush: metrics.batchSize,
  });
  const worker = new Worker<unknown, JobResults>(MODERATION_QUEUE, moderationProcessor(batches, tracing), {
    connection: bullRedis,
    prefix: queuePrefix(env.REDIS_PREFIX),
    concurrency: env.WORKER_CONCURRENCY,
    stalledInterval: env.WORKER_STALLED_INTERVAL_MS,
    lockDuration: env.WORKER_LOCK_DURATION_MS,
    // With short locks a busy worker can lose one now and then; a job fails for good only after this
    // many (and a failed job whose moderation is still owed is retried by the outbox sweep).
    maxStalledCount: 3,
  });
  worker.on("error", (error) => log.error({ err: describeError(error) }, "moderation worker error"));
  worker.on("failed", (job, error) =>
    log.warn(
      { err: describeError(error), jobId: job?.id, attemptsMade: job?.attemptsMade, data: job?.data },
      "moderation job failed",
    ),
  );

  const owed = startOwedIntake({
    connection: intakeRedis,
    redisPrefix: env.REDIS_PREFIX,
    take: owedModeration({ batches, queue, log, tracing }),
    // Enough to fill the batches in flight and the next one; the rest waits in the list.
    capacity: env.WORKER_BATCH_SIZE * (env.WORKER_BATCHES_IN_FLIGHT + 1),
    log,
  });
  const sweeper = startOutboxSweep({
    db,
    queue,
    redis,
    redisPrefix: env.REDIS_PREFIX,
    intervalMs: env.OUTBOX_SWEEP_INTERVAL_MS,
    ageMs: env.OUTBOX_SWEEP_AGE_MS,
    retryFailedAfterMs: env.OUTBOX_RETRY_FAILED_AFTER_MS,
    log,
  });

  let metricsListener: MetricsListener | null = null;
  const startMetrics = async (port = env.METRICS_PORT, host = env.METRICS_HOST) => {
    metricsListener ??= await serveMetrics(metrics.registry, port, host);
    return metricsListener.url;
  };

  let closing: Promise<void> | undefined;
  const close = async () => {
    // The intake first (it settles what it took), the sweep, then the worker (it waits for active
    // jobs), then connections.
    await owed.close();
    await sweeper.stop();
    await worker.close();
    await metricsListener?.close();
    await queue.close();
    await Promise.allSettled([
      pool.end(),
      db.$disconnect().finally(() => prismaPool.end()),
      quit(bullRedis),
      quit(redis),
      quit(queueRedis),
      quit(intakeRedis),
      // The spans still buffered are exported before the process ends.
      tracing?.shutdown(),
    ]);
  };
  return { worker, sweeper, owed, startMetrics, close: () => (closing ??= close()) };
}

/** QUIT when Redis answers; otherwise just drop the socket. */
async function quit(connection: RedisClient): Promise<void> {
  await connection.quit().catch(() => connection.disconnect());
}
