import { type JobsOptions, Queue } from "bullmq";
import { z } from "zod";
import { groupCommit } from "./group-commit.ts";
import type { RedisClient } from "./redis.ts";
import type { Span, TraceCarrier, Tracing } from "./tracing.ts";

/**
 * The moderation queue, shared by the API (which enqueues) and the worker (which
 * consumes). One job per message version: the id joins the message id and the
 * time its moderation became owed (an edit owes a new one), so enqueueing the
 * same version twice is a no-op. BullMQ ids may not contain ':'.
 */
export const MODERATION_QUEUE = "moderation";

/** A job's data, checked by the worker: anything else could never load a message (Postgres' uuid syntax). */
export const moderationJobData = z.object({
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

export type ModerationJobData = z.infer<typeof moderationJobData>;

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

export async function enqueueModeration(
  queue: Queue<ModerationJobData>,
  messageId: string,
  owedAt: Date,
): Promise<void> {
  const { name, data, opts } = moderationJob(messageId, owedAt);
  await queue.add(name, data, opts);
}

/**
 * Enqueues one message version's moderation; requests that arrive together are one `addBulk`.
 * `parent`: the operation's span, when tracing is on; the job carries the enqueue's trace context.
 */
export type ModerationRequests = (messageId: string, owedAt: Date, parent?: Span) => Promise<void>;

type Request = { messageId: string; owedAt: Date; span?: Span; trace?: TraceCarrier };

/**
 * The API's fast path after a send commits (the outbox row is the promise).
 * Requests that arrive while a bulk add runs go together in the next: one
 * Redis round trip for a busy replica's burst of sends, not one per message.
 */
export function createModerationRequests(
  queue: Queue<ModerationJobData>,
  tracing: Tracing | null = null,
): ModerationRequests {
  const bulks = groupCommit<Request, void>(
    async (requests) => {
      if (tracing && requests.length > 1)
        for (const { span } of requests) span?.setAttribute("messaging.batch.message_count", requests.length);
      const jobs = requests.map(({ messageId, owedAt, trace }) => moderationJob(messageId, owedAt, trace));
      // addBulk makes an ioredis pipeline, and each one copies every BullMQ script onto itself (a
      // measured 5% of a busy replica's time); a lone job goes as one plain command.
      if (jobs.length === 1) await queue.add(jobs[0]!.name, jobs[0]!.data, jobs[0]!.opts);
      else await queue.addBulk(jobs);
      return requests.map(() => ({ ok: true, value: undefined }));
    },
    { maxBatch: 500, maxInFlight: 2 },
  );
  return (messageId, owedAt, parent) => {
    if (!tracing || !parent) return bulks.submit({ messageId, owedAt });
    const span = tracing.startSpan(
      `send ${MODERATION_QUEUE}`,
      {
        kind: "producer",
        attributes: {
          "messaging.system": "bullmq",
          "messaging.operation.type": "send",
          "messaging.destination.name": MODERATION_QUEUE,
          "messaging.message.id": moderationJobId(messageId, owedAt),
          "chatmod.message.id": messageId,
        },
      },
      parent,
    );
    // The job's processing continues the trace as a child of this span.
    return bulks.submit({ messageId, owedAt, span, trace: tracing.carrier(span) }).then(
      () => span.end(),
      (error: unknown) => {
        tracing.fail(span, error);
        span.end();
        throw error;
      },
    );
  };
}

function moderationJob(messageId: string, owedAt: Date, trace?: TraceCarrier) {
  return {
    name: "moderate",
    data: { messageId, owedAt: owedAt.toISOString(), ...(trace ? { trace } : {}) },
    opts: {
      jobId: moderationJobId(messageId, owedAt),
      attempts: 6,
      backoff: { type: "exponential", delay: 500 },
      // Completed jobs go after an hour; failed ones stay for inspection.
      removeOnComplete: { age: 3_600, count: 10_000 },
      removeOnFail: false,
    },
  } satisfies { name: string; data: ModerationJobData; opts: JobsOptions };
}
