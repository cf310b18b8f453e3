import type { GroupCommit } from "@chatmod/core/group-commit";
import { MODERATION_QUEUE, moderationJobData } from "@chatmod/core/moderation-jobs";
import type { Tracing } from "@chatmod/core/tracing";
import { type Job, UnrecoverableError } from "bullmq";
import type { JobResult, OwedJob } from "./moderation-batch.ts";

export type { JobResult } from "./moderation-batch.ts";

/**
 * One moderation job: checks its data, then hands it to the group commit, which
 * moderates and stores it with the other jobs in flight (moderation-batch.ts),
 * and waits for its own result. A thrown error is retried with the backoff set
 * at enqueue (moderation-jobs.ts); bad job data is an UnrecoverableError, failed at once
 * and kept in the failed set, and never joins a batch.
 */
export function moderationProcessor(batches: GroupCommit<OwedJob, JobResult>, tracing: Tracing | null = null) {
  return async (job: Job<unknown, JobResult>): Promise<JobResult> => {
    const parsed = moderationJobData.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid moderation job data: ${parsed.error.message}`);
    const owed: OwedJob = {
      jobId: job.id ?? "",
      messageId: parsed.data.messageId,
      owedAt: new Date(parsed.data.owedAt),
    };
    // A job that failed before runs in a batch of its own: if something in it makes the
    // batch's SQL fail, it sinks the others once, never again.
    const options = { alone: job.attemptsMade > 0 };
    if (!tracing) return batches.submit(owed, options);
    // A child of the API's enqueue span; a job without trace context (enqueued by the outbox sweep,
    // or before tracing was on) starts a trace of its own.
    const span = tracing.startSpan(
      `process ${MODERATION_QUEUE}`,
      {
        kind: "consumer",
        attributes: {
          "messaging.system": "bullmq",
          "messaging.operation.type": "process",
          "messaging.destination.name": MODERATION_QUEUE,
          "messaging.message.id": owed.jobId,
          "chatmod.message.id": owed.messageId,
          "chatmod.job.attempt": job.attemptsMade + 1,
        },
      },
      tracing.remoteParent(parsed.data.trace),
    );
    try {
      const result = await batches.submit({ ...owed, span }, options);
      span.setAttribute(
        result.applied ? "chatmod.moderation.status" : "chatmod.moderation.skipped",
        result.applied ? result.status : result.reason,
      );
      return result;
    } catch (error) {
      tracing.fail(span, error);
      throw error;
    } finally {
      span.end();
    }
  };
}
