import type { Database } from "@chatmod/api/db";
import type { EventBus } from "@chatmod/api/live/event-bus";
import { type Job, UnrecoverableError } from "bullmq";
import { z } from "zod";
import type { Logger } from "./logger.ts";
import { moderate } from "./moderation/moderate.ts";
import type { VerdictStatus } from "./moderation/verdict.ts";
import { roomPolicy } from "./policy.ts";
import { publishOutcome } from "./publish.ts";
import { applyVerdict, clearOwed, type SkipReason } from "./verdicts.ts";

/** Stored as the job's return value: what happened, for logs and for anyone inspecting the queue. */
export type JobResult = { applied: true; status: VerdictStatus; seq: number } | { applied: false; reason: SkipReason };

// Postgres' uuid syntax, as the API checks it: anything else could never load a message.
const jobData = z.object({
  messageId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i),
  owedAt: z.iso.datetime({ offset: true }),
});

export type ProcessorDeps = { db: Database; events: EventBus; log: Logger };

/**
 * One moderation job: load the message and its room's policy, decide, store the
 * verdict (applyVerdict skips a version that is no longer owed), then publish.
 * A thrown error is retried with the backoff set at enqueue (jobs.ts); bad job
 * data is an UnrecoverableError, failed at once and kept in the failed set.
 */
export function moderationProcessor({ db, events, log }: ProcessorDeps) {
  return async (job: Job<unknown, JobResult>): Promise<JobResult> => {
    const parsed = jobData.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid moderation job data: ${parsed.error.message}`);
    const messageId = parsed.data.messageId;
    const owedAt = new Date(parsed.data.owedAt);

    const message = await db.message.findUnique({
      where: { id: messageId },
      select: { text: true, deletedAt: true, preModerated: true, room: { select: { policy: true } } },
    });
    if (!message) return { applied: false, reason: "missing" };
    if (message.deletedAt) {
      await clearOwed(db, messageId, owedAt);
      return { applied: false, reason: "deleted" };
    }

    // The text read here may already be edited away; applyVerdict then finds a newer owedAt and skips.
    // The mode the message was sent under (recorded on it), not the room's current one.
    const policy = roomPolicy(message.room.policy, message.preModerated ? "PRE" : "POST");
    const verdict = moderate(message.text, policy);
    const outcome = await applyVerdict(db, messageId, owedAt, verdict);
    if (!outcome.applied) {
      log.debug({ jobId: job.id, messageId, reason: outcome.reason }, "moderation skipped");
      return { applied: false, reason: outcome.reason };
    }
    log.info({ jobId: job.id, messageId, status: outcome.status, seq: outcome.seq }, "message moderated");
    await publishOutcome(events, outcome, log);
    return { applied: true, status: outcome.status, seq: outcome.seq };
  };
}
