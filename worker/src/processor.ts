import type { GroupCommit } from "@chatmod/core/group-commit";
import {
  MODERATION_QUEUE,
  moderationJobData,
  type OwedMessageData,
  queueSpanAttributes,
} from "@chatmod/core/moderation-jobs";
import type { TraceCarrier, Tracing } from "@chatmod/core/tracing";
import { type Job, UnrecoverableError } from "bullmq";
import type { JobResult, OwedJob } from "./moderation-batch.ts";

/** A job's result: its message's, or, for a job of several messages, each one's in order. */
export type JobResults = JobResult | JobResult[];

/**
 * One moderation job: checks its data, then hands each of its messages to the
 * group commit, which moderates and stores them with the other jobs' in flight
 * (moderation-batch.ts), and waits for their results. A thrown error is retried
 * with the backoff set at enqueue (moderation-jobs.ts): the messages already
 * settled are skipped then ("not-owed"). Bad job data is an UnrecoverableError,
 * failed at once and kept in the failed set, and never joins a batch.
 */
export function moderationProcessor(batches: GroupCommit<OwedJob, JobResult>, tracing: Tracing | null = null) {
  return async (job: Job<unknown, JobResults>): Promise<JobResults> => {
    const parsed = moderationJobData.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid moderation job data: ${parsed.error.message}`);
    // A job that failed before runs its messages in batches of their own (as does one the worker
    // made of versions that failed in its own attempt): if something in one makes the batch's SQL
    // fail, it sinks the others once, never again.
    const alone = job.attemptsMade > 0 || parsed.data.failedBefore === true;
    const moderate = (message: OwedMessageData) =>
      submitOwed(
        batches,
        tracing,
        { jobId: job.id ?? "", messageId: message.messageId, owedAt: new Date(message.owedAt) },
        { trace: message.trace, attempt: job.attemptsMade + 1, alone },
      );
    const { messages } = parsed.data;
    if (messages.length === 1) return moderate(messages[0]!);
    return Promise.all(messages.map(moderate));
  };
}

/**
 * Hands one owed version to the group commit, and resolves with its result. With tracing on, its
 * moderation is a child of the API's enqueue span (`trace`); one without trace context (enqueued
 * by the outbox sweep, or before tracing was on) starts a trace of its own.
 */
export async function submitOwed(
  batches: GroupCommit<OwedJob, JobResult>,
  tracing: Tracing | null,
  owed: OwedJob,
  { trace, attempt, alone }: { trace: TraceCarrier | undefined; attempt: number; alone: boolean },
): Promise<JobResult> {
  if (!tracing) return batches.submit(owed, { alone });
  const span = tracing.startSpan(
    `process ${MODERATION_QUEUE}`,
    {
      kind: "consumer",
      attributes: {
        ...queueSpanAttributes("process", owed.jobId, owed.messageId),
        "chatmod.job.attempt": attempt,
      },
    },
    tracing.remoteParent(trace),
  );
  try {
    const result = await batches.submit({ ...owed, span }, { alone });
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
}
