import { ConfigError } from "@chatmod/api/env";
import { z } from "zod";

/**
 * The worker's configuration: the one place it reads process.env. Connection
 * defaults match the API's, so both find the same Postgres, Redis and prefix.
 * Every problem is reported at once (ConfigError), and main.ts exits 1.
 */
const positive = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/chatmod"),
  REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  REDIS_PREFIX: z.string().default("chatmod:"),
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
  WORKER_STALLED_INTERVAL_MS: positive(30_000),
  /** How long a job's lock lives without renewal: a dead worker's job is retried after about this long. */
  WORKER_LOCK_DURATION_MS: positive(30_000),
  /** How often the outbox is checked for moderation owed but never enqueued (or lost by Redis). */
  OUTBOX_SWEEP_INTERVAL_MS: positive(5_000),
  /** Outbox rows younger than this are left to the API's own enqueue (the fast path). */
  OUTBOX_SWEEP_AGE_MS: z.coerce.number().int().nonnegative().default(10_000),
  /** A job that used up its retries is retried by the sweep after this long, while its moderation is still owed. */
  OUTBOX_RETRY_FAILED_AFTER_MS: positive(60_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type WorkerEnv = z.output<typeof schema>;

/**
 * Where `pnpm moderation:eval` was typed, so a CSV path given to it is read from
 * there: pnpm runs the script in worker/ and says where it was called in INIT_CWD.
 */
export function invocationDirectory(source: Record<string, string | undefined> = process.env): string {
  return source["INIT_CWD"] ?? process.cwd();
}

export function parseWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  // An empty variable means "not set", as in the API.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = schema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}
