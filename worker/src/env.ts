import { parseSettings, sharedSettings } from "@chatmod/core/env";
import { metricsSettings } from "@chatmod/core/metrics";
import { type TracingConfig, tracingConfig, tracingSettings } from "@chatmod/core/tracing-settings";
import { z } from "zod";

/**
 * The worker's configuration: the one place it reads process.env. Connection
 * defaults match the API's, so both find the same Postgres, Redis and prefix.
 * Every problem is reported at once (ConfigError), and main.ts exits 1.
 */
const positive = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  ...sharedSettings,
  /** Prometheus metrics at /metrics on a listener of their own (0: none). */
  ...metricsSettings(9465),
  /** OpenTelemetry traces (OTEL_EXPORTER_OTLP_ENDPOINT and the other standard variables): off unless an endpoint is set. */
  ...tracingSettings("chatmod-worker"),
  /**
   * Jobs one worker process holds at once. They wait in the group commit and are
   * stored together, so this is what batches are made of; it costs no connections.
   * Measured on 2 cores: 200 moderated about 3,250 messages/s, 500 about 3,700, 1,000 about 4,000.
   */
  WORKER_CONCURRENCY: positive(500),
  /** The most jobs one batch (one transaction) takes. */
  WORKER_BATCH_SIZE: positive(500),
  /** Batches stored at once, each on its own Postgres connection; jobs arriving meanwhile wait for the next. */
  WORKER_BATCHES_IN_FLIGHT: positive(2),
  /** How often BullMQ looks for jobs whose worker died (lock expired) and puts them back. */
  WORKER_STALLED_INTERVAL_MS: positive(1_000),
  /**
   * How long a job's lock lives without renewal (renewed every half of it): a killed worker's jobs
   * run again within about this plus the stalled interval. Short, because a verdict is
   * idempotent: a job taken back from a worker that was only slow finds nothing owed and skips.
   */
  WORKER_LOCK_DURATION_MS: positive(3_000),
  /**
   * How often the outbox is checked for moderation owed but never settled: a request lost by Redis,
   * or held by a worker that died.
   */
  OUTBOX_SWEEP_INTERVAL_MS: positive(2_000),
  /** Outbox rows younger than this are left to the owed list (the fast path: owed-intake.ts). */
  OUTBOX_SWEEP_AGE_MS: z.coerce.number().int().nonnegative().default(5_000),
  /** A job that used up its retries is retried by the sweep after this long, while its moderation is still owed. */
  OUTBOX_RETRY_FAILED_AFTER_MS: positive(60_000),
});

export type WorkerEnv = z.output<typeof schema> & { tracing: TracingConfig | null };

/**
 * Where `pnpm moderation:eval` was typed, so a CSV path given to it is read from
 * there: pnpm runs the script in worker/ and says where it was called in INIT_CWD.
 */
export function invocationDirectory(source: Record<string, string | undefined> = process.env): string {
  return source["INIT_CWD"] ?? process.cwd();
}

export function parseWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  const settings = parseSettings(schema, source);
  return { ...settings, tracing: tracingConfig(settings) };
}
