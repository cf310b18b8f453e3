import type { GroupCommit } from "@chatmod/core/group-commit";
import { moderationJobData } from "@chatmod/core/moderation-jobs";
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
export function moderationProcessor(batches: GroupCommit<OwedJob, JobResult>) {
  return async (job: Job<unknown, JobResult>): Promise<JobResult> => {
    const parsed = moderationJobData.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid moderation job data: ${parsed.error.message}`);
    const owed = { jobId: job.id ?? "", messageId: parsed.data.messageId, owedAt: new Date(parsed.data.owedAt) };
    // A job that failed before runs in a batch of its own: if something in it makes the
    // batch's SQL fail, it sinks the others once, never again.
    return batches.submit(owed, { alone: job.attemptsMade > 0 });
  };
}
