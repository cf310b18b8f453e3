import { ConfigError } from "@chatmod/core/env";
import { MODERATION_QUEUE } from "@chatmod/core/moderation-jobs";
import { parseWorkerEnv } from "./env.ts";
import { createLogger, describeError } from "./logger.ts";

// Parse config, consume the moderation queue, sweep the outbox; SIGTERM/SIGINT drain.
// Postgres and Redis may come up after the worker (or the API may still be migrating
// a fresh database): connections are retried and logged, not fatal.
// Shorter than docker-compose's stop_grace_period (15 s), so the worker ends itself before a SIGKILL.
const SHUTDOWN_GRACE_MS = 10_000;

try {
  const env = parseWorkerEnv();
  const log = createLogger(env);
  // Loaded once the configuration is known good: a configuration error is reported at once,
  // without first loading the queue, database and classifier modules (about a second).
  const { startModerationWorker } = await import("./worker.ts");
  const running = startModerationWorker(env, { log });
  log.info(
    {
      queue: MODERATION_QUEUE,
      concurrency: env.WORKER_CONCURRENCY,
      batchSize: env.WORKER_BATCH_SIZE,
      batchesInFlight: env.WORKER_BATCHES_IN_FLIGHT,
    },
    "moderation worker started",
  );
  // A metrics port already taken is reported, not fatal: moderation goes on without metrics.
  if (env.METRICS_PORT > 0)
    void running.startMetrics().then(
      (url) => log.info({ url }, `metrics at ${url}`),
      (error: unknown) => log.error({ err: describeError(error) }, "metrics not served"),
    );

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    // Ctrl-C reaches every process of the group, and pnpm relays it again: drain once, ignore repeats.
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "moderation worker stopping: finishing active jobs");
    // A job stuck past the grace period is not lost: its lock expires and another worker retries it.
    setTimeout(() => {
      log.error("moderation worker did not stop in time; exiting");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "moderation worker stopped with an error");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
