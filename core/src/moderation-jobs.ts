import { type JobsOptions, Queue } from "bullmq";
import { z } from "zod";
import type { OwedVersion } from "./moderation-owed.ts";
import type { RedisClient } from "./redis.ts";

/**
 * The moderation queue: the worker's retries, and what the outbox sweep finds missed. The API owes
 * moderation in the outbox and tells the worker through a Redis list (moderation-owed.ts); the
 * worker moderates what it takes from there at once, and enqueues only the versions that failed
 * (a job costs Redis a script on enqueue and two more when it runs, more than a verdict costs).
 * A job owes the moderation of one or more message versions. A one-message job's id joins the
 * message id and the time its moderation became owed (an edit owes a new one), so enqueueing the
 * same version twice is a no-op; the outbox sweep enqueues such jobs. The queue board (the API's)
 * reads the queue. BullMQ ids may not contain ':'.
 */
export const MODERATION_QUEUE = "moderation";

/** The first retry's wait; each later one waits twice the one before. */
const RETRY_DELAY_MS = 500;

/** The most messages one job carries. */
const MAX_MESSAGES_PER_JOB = 200;

/** One message version whose moderation a job owes. */
const owedMessage = z.object({
  messageId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i),
  owedAt: z.iso.datetime({ offset: true }),
  /**
   * The W3C trace context of the enqueue, when the API traced the send. Absent from jobs the outbox
   * sweep enqueues (and from jobs made before tracing): their processing starts a trace of its own.
   * A malformed one is dropped, never a reason to fail the job.
   */
  trace: z
    .object({ traceparent: z.string().max(128), tracestate: z.string().max(512).optional() })
    .optional()
    .catch(undefined),
});

export type OwedMessageData = z.infer<typeof owedMessage>;
/**
 * `failedBefore`: the worker made this job of versions that failed when it moderated them straight
 * from the owed list; each runs in a batch of its own.
 */
export type ModerationJobData = { messages: OwedMessageData[]; failedBefore?: true };

/**
 * A job's data, checked by the worker: anything else could never load a message (Postgres' uuid
 * syntax). Jobs made before jobs carried several messages (one message, at the top level) still load.
 */
export const moderationJobData: z.ZodType<ModerationJobData, unknown> = z.union([
  z.object({
    messages: z.array(owedMessage).min(1).max(MAX_MESSAGES_PER_JOB),
    failedBefore: z.literal(true).optional(),
  }),
  owedMessage.transform((message) => ({ messages: [message] })),
]);

export function moderationJobId(messageId: string, owedAt: Date): string {
  return `${messageId}-${owedAt.getTime()}`;
}

/**
 * BullMQ keys live under the deployment's prefix too, inside a hash tag, e.g.
 * "{chatmod:bull}:moderation:...": BullMQ's scripts touch several of a queue's keys at
 * once, so on a Redis Cluster they must share one slot. The single Redis uses the same keys,
 * so a deployment moves to a cluster as it is.
 */
export function queuePrefix(redisPrefix: string): string {
  return `{${redisPrefix}bull}`;
}

export function createModerationQueue(connection: RedisClient, redisPrefix: string): Queue<ModerationJobData> {
  return new Queue<ModerationJobData>(MODERATION_QUEUE, { connection, prefix: queuePrefix(redisPrefix) });
}

/** Enqueues one message version's moderation on its own (the outbox sweep's way). */
export async function enqueueModeration(
  queue: Queue<ModerationJobData>,
  messageId: string,
  owedAt: Date,
): Promise<void> {
  const { name, data, opts } = moderationJob([{ messageId, owedAt: owedAt.toISOString() }]);
  await queue.add(name, data, opts);
}

/** OpenTelemetry's messaging attributes of a moderation request's span, the API's (send) and the worker's (process). */
export function queueSpanAttributes(operation: "send" | "process", jobId: string, messageId: string) {
  return {
    "messaging.system": "bullmq",
    "messaging.operation.type": operation,
    "messaging.destination.name": MODERATION_QUEUE,
    "messaging.message.id": jobId,
    "chatmod.message.id": messageId,
  };
}

/**
 * Jobs for versions taken from the owed list (see moderation-owed.ts) that the worker could not
 * settle itself: jobs of up to MAX_MESSAGES_PER_JOB, in one round trip. A version's trace context,
 * when the API traced the send, goes into its job. `failedBefore`: they failed once already; the
 * jobs wait out the first backoff and run each version alone.
 */
export async function enqueueOwed(
  queue: Queue<ModerationJobData>,
  versions: OwedVersion[],
  { failedBefore = false } = {},
): Promise<void> {
  const jobs = [];
  for (let start = 0; start < versions.length; start += MAX_MESSAGES_PER_JOB)
    jobs.push(
      moderationJob(
        versions.slice(start, start + MAX_MESSAGES_PER_JOB).map(({ messageId, owedAt, trace }) => ({
          messageId,
          owedAt: owedAt.toISOString(),
          ...(trace ? { trace } : {}),
        })),
        failedBefore,
      ),
    );
  if (jobs.length > 0) await queue.addBulk(jobs);
}

/**
 * A job for these message versions. A job of several is named after its first and its size: the
 * API asks for each version once and one worker takes each request, so no other such job has that
 * id (one the sweep makes for the same message has the message's own id, and whichever runs
 * second finds it settled).
 */
function moderationJob(messages: OwedMessageData[], failedBefore = false) {
  const first = messages[0]!;
  const firstId = moderationJobId(first.messageId, new Date(first.owedAt));
  return {
    name: "moderate",
    data: failedBefore ? { messages, failedBefore: true as const } : { messages },
    opts: {
      jobId: messages.length === 1 ? firstId : `${firstId}-x${messages.length}`,
      attempts: 6,
      backoff: { type: "exponential", delay: RETRY_DELAY_MS },
      // A retry waits out the first backoff, as BullMQ's own retries do.
      ...(failedBefore ? { delay: RETRY_DELAY_MS } : {}),
      // Completed jobs go after an hour; failed ones stay for inspection.
      removeOnComplete: { age: 3_600, count: 10_000 },
      removeOnFail: false,
    },
  } satisfies { name: string; data: ModerationJobData; opts: JobsOptions };
}
