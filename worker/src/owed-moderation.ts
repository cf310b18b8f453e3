import type { GroupCommit } from "@chatmod/core/group-commit";
import { enqueueOwed, type ModerationJobData, moderationJobId } from "@chatmod/core/moderation-jobs";
import type { OwedVersion } from "@chatmod/core/moderation-owed";
import type { Tracing } from "@chatmod/core/tracing";
import type { Queue } from "bullmq";
import { describeError, type Logger } from "./logger.ts";
import type { JobResult, OwedJob } from "./moderation-batch.ts";
import { submitOwed } from "./processor.ts";

export type OwedModerationDeps = {
  batches: GroupCommit<OwedJob, JobResult>;
  queue: Queue<ModerationJobData>;
  log: Logger;
  tracing?: Tracing | null;
};

/**
 * What the worker does with the versions it takes from the owed list (owed-intake.ts): it
 * moderates them at once, in the group commit's batches beside the queue's jobs, with no BullMQ
 * job on the way. A job would cost Redis a script to add it and two to run it, and the worker
 * their round trips, more than the verdict itself. The queue is for what fails: the versions
 * whose batch failed become jobs that wait out the first backoff, then run each alone with the
 * queue's retries. If even that enqueue fails (Redis away), the outbox sweep enqueues them later:
 * their outbox rows stay until a verdict is stored.
 */
export function owedModeration({ batches, queue, log, tracing = null }: OwedModerationDeps) {
  return async (versions: OwedVersion[]): Promise<void> => {
    const failed: OwedVersion[] = [];
    let firstError: unknown;
    await Promise.all(
      versions.map(async (version) => {
        const { messageId, owedAt, trace } = version;
        const owed = { jobId: moderationJobId(messageId, owedAt), messageId, owedAt };
        try {
          await submitOwed(batches, tracing, owed, { trace, attempt: 1, alone: false });
        } catch (error) {
          firstError ??= error;
          failed.push(version);
        }
      }),
    );
    if (failed.length === 0) return;
    log.warn({ err: describeError(firstError), messages: failed.length }, "moderation failed; enqueued to be retried");
    try {
      await enqueueOwed(queue, failed, { failedBefore: true });
    } catch (error) {
      log.warn(
        { err: describeError(error), messages: failed.length },
        "could not enqueue failed moderation; the outbox sweep will",
      );
    }
  };
}
