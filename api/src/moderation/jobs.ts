import { Queue } from "bullmq";
import type { Redis } from "ioredis";

/**
 * The moderation queue, shared by the API (which enqueues) and the worker (which
 * consumes). One job per message version: the id joins the message id and the
 * time its moderation became owed (an edit owes a new one), so enqueueing the
 * same version twice is a no-op. BullMQ ids may not contain ':'.
 */
export const MODERATION_QUEUE = "moderation";

export type ModerationJobData = { messageId: string; owedAt: string };

export function moderationJobId(messageId: string, owedAt: Date): string {
  return `${messageId}-${owedAt.getTime()}`;
}

/** BullMQ keys live under the deployment's prefix too, e.g. "chatmod:bull:moderation:...". */
export function queuePrefix(redisPrefix: string): string {
  return `${redisPrefix}bull`;
}

export function createModerationQueue(connection: Redis, redisPrefix: string): Queue<ModerationJobData> {
  return new Queue<ModerationJobData>(MODERATION_QUEUE, { connection, prefix: queuePrefix(redisPrefix) });
}

export async function enqueueModeration(
  queue: Queue<ModerationJobData>,
  messageId: string,
  owedAt: Date,
): Promise<void> {
  await queue.add(
    "moderate",
    { messageId, owedAt: owedAt.toISOString() },
    {
      jobId: moderationJobId(messageId, owedAt),
      attempts: 6,
      backoff: { type: "exponential", delay: 500 },
      // Completed jobs go after an hour; failed ones stay for inspection.
      removeOnComplete: { age: 3_600, count: 10_000 },
      removeOnFail: false,
    },
  );
}
