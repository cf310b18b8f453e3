import type { Settled } from "@chatmod/core/group-commit";
import { batchSizeHistogram, createRegistry, LATENCY_BUCKETS, poolMetrics } from "@chatmod/core/metrics";
import type { Queue } from "bullmq";
import type pg from "pg";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { JobResult, OwedJob } from "./moderation-batch.ts";

/** The queue's states worth watching: a backlog (waiting, delayed), work in hand (active), and what gave up (failed). */
const QUEUE_STATES = ["waiting", "active", "delayed", "failed"] as const;
/** A scrape while Redis is away answers without the queue's numbers rather than not at all. */
const QUEUE_COUNT_TIMEOUT_MS = 2_000;

/**
 * The worker's Prometheus metrics (served on METRICS_PORT, see
 * @chatmod/core/metrics): the owed list's and the moderation queue's depth,
 * read from Redis at each scrape; verdicts by outcome; send-to-verdict latency;
 * batch sizes; its Postgres pools. Verdicts are counted per message version as each batch returns.
 */
export function createWorkerMetrics(
  queue: Pick<Queue, "getJobCounts">,
  pools: Record<string, pg.Pool>,
  /** How many requests wait in the owed list (see owed-intake.ts). */
  owedRequests: () => Promise<number>,
) {
  const registry: Registry = createRegistry("worker");
  poolMetrics(registry, pools);
  new Gauge({
    name: "chatmod_moderation_owed_requests",
    help: "Moderation requests from the API that no worker has taken yet (the owed list), read at each scrape",
    registers: [registry],
    async collect() {
      const waiting = await withTimeout(owedRequests(), QUEUE_COUNT_TIMEOUT_MS).catch(() => null);
      this.reset();
      if (waiting !== null) this.set(waiting);
    },
  });
  new Gauge({
    name: "chatmod_moderation_queue_jobs",
    help: "Moderation jobs in the queue by state (waiting, active, delayed, failed), read at each scrape",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      const counts = await withTimeout(queue.getJobCounts(...QUEUE_STATES), QUEUE_COUNT_TIMEOUT_MS).catch(() => null);
      this.reset();
      if (counts) for (const state of QUEUE_STATES) this.set({ state }, counts[state] ?? 0);
    },
  });
  const verdicts = new Counter({
    name: "chatmod_moderation_verdicts_total",
    help: "Message versions moderated, by outcome: the verdict stored (APPROVED, FLAGGED, REJECTED), skipped (nothing owed any more), failed (retried)",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const sendToVerdict = new Histogram({
    name: "chatmod_send_to_verdict_seconds",
    help: "From a message version being stored (sent or edited) to its verdict being stored",
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const batchSizes = batchSizeHistogram(
    registry,
    "chatmod_moderation_batch_size",
    "Message versions per moderation batch (one load, one transaction)",
  );
  // Children made once: a batch of hundreds of jobs looks no label up.
  const outcomes = {
    APPROVED: verdicts.labels("APPROVED"),
    FLAGGED: verdicts.labels("FLAGGED"),
    REJECTED: verdicts.labels("REJECTED"),
    skipped: verdicts.labels("skipped"),
    failed: verdicts.labels("failed"),
  };
  // Every outcome is a series from the start, at 0, so rates and dashboards show it before it happens.
  for (const outcome of Object.values(outcomes)) outcome.inc(0);

  return {
    registry,
    /** What group commit is told of each batch. */
    batchSize: (size: number): void => batchSizes.observe(size),
    /** The batch function, with each job's outcome and (for a stored verdict) its latency counted. */
    measured(flush: (jobs: OwedJob[]) => Promise<Settled<JobResult>[]>) {
      return async (jobs: OwedJob[]): Promise<Settled<JobResult>[]> => {
        let results: Settled<JobResult>[];
        try {
          results = await flush(jobs);
        } catch (error) {
          // The whole batch failed (its load or its transaction): every job of it is retried.
          outcomes.failed.inc(jobs.length);
          throw error;
        }
        const now = Date.now();
        for (const [index, settled] of results.entries()) {
          if (!settled.ok) outcomes.failed.inc();
          else if (!settled.value.applied) outcomes.skipped.inc();
          else {
            outcomes[settled.value.status].inc();
            const job = jobs[index];
            if (job) sendToVerdict.observe(Math.max(0, now - job.owedAt.getTime()) / 1000);
          }
        }
        return results;
      };
    },
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
